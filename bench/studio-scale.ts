/**
 * The Studio at scale: the built Studio (dist/) in Chromium as the editor, on the synthetic
 * dataset (bench/synthetic.ts) at each size beside the seed, both lakes running and their runs
 * alternating (a change in the machine's load falls on both alike). Each step of each run has a new tab
 * of one browser context (the browser's cache warm) on a Studio already open on the desk (its
 * start is not timed), so each step is the first time that Studio does it: the Studio keeps a
 * list it has shown, the previews it has fetched and a document it has opened, and shows them
 * again at once. Run 0 warms the lake and is not counted. Times are taken on the page's own clock.
 *
 *   list first render   from going to All articles (the Studio's router) until its first rows show their previews
 *   scroll page         from scrolling that list to its end until the next page's first row is listed, and
 *                       until it shows its preview (the Studio lists 100 documents, then the rest up to 2,000)
 *   global search       from the last keystroke of a term in the navbar search until its first result shows,
 *                       and from the search's first request: the Studio waits 300 ms after a keystroke
 *   open an article     from going to its edit intent until the form holds its title and the footer
 *                       the claims badge (which needs the rules' queries)
 */
import path from 'node:path'
import type {BrowserContext, JSHandle, Page} from 'playwright-core'
import {getDraftId} from '../plugins/medical-claims/rules/ids.ts'
import {ARTICLE} from '../seed/ids.ts'
import {launchChromium, studioPage, type LocalBrowser} from '../test/fixtures/browser.ts'
import {requireBuiltStudio, STUDIO_DIST} from '../test/fixtures/seeded-studio.ts'
import {startTestLake, type TestLake} from '../test/lake/helpers.ts'
import {fillDataDir, freshDataDir, removeDir, ROOT} from './lake.ts'
import {sampleOf, type Row, type Sample} from './stats.ts'
import {navigate, openDesk, row} from './studio-browser.ts'
import {benchDataset, SIZES, type SizeName} from './synthetic.ts'

const RUNS = 5
const LIST_PATH = '/structure/articles;all-articles'
const LIST = '[data-testid="document-list-pane"]'
const SEARCH_RESULTS = '[data-testid="search-results"]'
/** The list's first render counts these rows (or every row, when it has fewer). */
const FIRST_ROWS = 10
/** What the Studio's document list fetches first; it fetches the rest (up to 2,000) only when a page came back full. */
const LIST_PAGE = 100
/** One term a run (run 0 first): words of the synthetic titles (bench/synthetic.ts) that the seed's articles have too. */
const SEARCH_TERMS = ['care', 'skin', 'winter', 'hair', 'omega', 'routine']
const TIMEOUT = 120_000

interface Article {
  id: string
  title: string
}

/** One run's milliseconds (the scroll's are null where the list has one page). */
interface Run {
  list: number
  /** From the scroll until the next page's first row is listed (its preview may still be loading). */
  scrollListed: number | null
  /** From the scroll until that row shows its preview. */
  scrollShown: number | null
  search: number
  /** From the search's first request (after the Studio's debounce) until the first result shows. */
  searchRequest: number
  open: number
}

type Times = {[K in keyof Run]: number[]}

/**
 * Runs in the page: the page's clock once the rows `from`..`from + count - 1` of the list under
 * `selector` (fewer if it has fewer) are listed and, with `titled`, show their previews' titles,
 * with nothing under the list busy; else false.
 */
function rowsShown({selector, from, count, titled}: {selector: string; from: number; count: number; titled: boolean}): number | false {
  const root = document.querySelector(selector)
  const first = root?.querySelector('li[role="option"]')
  if (!root || !first || root.closest('[aria-busy="true"]')) return false
  const last = Math.min(from + count - 1, Number(first.getAttribute('aria-setsize')))
  if (last < from) return false
  for (let i = from; i <= last; i++) {
    const row = root.querySelector(`li[aria-posinset="${i}"]`)
    if (!row || (titled && !row.querySelector('[data-testid="default-preview__header"]')?.textContent?.trim())) return false
  }
  return performance.now()
}

/** Runs in the page: the page's clock once the form holds the article's title and the footer its claims badge; else false. */
function articleShown(title: string): number | false {
  const input = document.querySelector<HTMLInputElement>('[data-testid="field-title"] input')
  const footer = document.querySelector('[data-testid="pane-footer"]')?.textContent ?? ''
  return input?.value === title && /\d+\/\d+ approved/.test(footer) ? performance.now() : false
}

/** How the timed steps wait: checking every frame. */
const EACH_FRAME = {polling: 'raf', timeout: TIMEOUT} as const

/** The page's clock that a predicate waited for (`page.waitForFunction(predicate, arg, EACH_FRAME)`) returned. */
async function clockOf(waited: Promise<JSHandle<number | false>>): Promise<number> {
  return (await (await waited).jsonValue()) as number
}

/** The list's first render, then (when `paged`) scrolling it to its end until the next page is listed and shows. */
async function listTimes(page: Page, paged: boolean): Promise<Pick<Run, 'list' | 'scrollListed' | 'scrollShown'>> {
  const started = await navigate(page, LIST_PATH)
  const list = (await clockOf(page.waitForFunction(rowsShown, {selector: LIST, from: 1, count: FIRST_ROWS, titled: true}, EACH_FRAME))) - started
  if (!paged) return {list, scrollListed: null, scrollShown: null}
  const listed = await page.evaluate((selector) => Number(document.querySelector(`${selector} li[role="option"]`)?.getAttribute('aria-setsize')), LIST)
  const scrolled = await page.evaluate((selector) => {
    const box = document.querySelector<HTMLElement>(`${selector} [id$="-children"]`)
    if (!box) throw new Error('the list has no scrolling box')
    const at = performance.now()
    box.scrollTop = box.scrollHeight
    return at
  }, LIST)
  const next = {selector: LIST, from: listed + 1, count: 1}
  const scrollListed = (await clockOf(page.waitForFunction(rowsShown, {...next, titled: false}, EACH_FRAME))) - scrolled
  const scrollShown = (await clockOf(page.waitForFunction(rowsShown, {...next, titled: true}, EACH_FRAME))) - scrolled
  return {list, scrollListed, scrollShown}
}

/** Opens the navbar search and types `term`: from its last keystroke, and from the search's first request, until the first result shows. */
async function searchTimes(page: Page, term: string): Promise<Pick<Run, 'search' | 'searchRequest'>> {
  await page.locator('[data-testid="studio-search"]').click()
  await page.evaluate(() => {
    const state = window as unknown as {lastKeyAt?: number}
    window.addEventListener('keydown', (event) => (state.lastKeyAt = event.timeStamp), {capture: true})
    // The page keeps 250 resource timings unless told otherwise; the search's requests are read from them.
    performance.clearResourceTimings()
  })
  const shown = clockOf(page.waitForFunction(rowsShown, {selector: SEARCH_RESULTS, from: 1, count: 1, titled: true}, EACH_FRAME))
  await page.keyboard.type(term)
  const typed = await page.evaluate(() => (window as unknown as {lastKeyAt?: number}).lastKeyAt ?? Number.NaN)
  const at = await shown
  const requested = await page.evaluate(
    (since) => Math.min(...performance.getEntriesByType('resource').filter((entry) => entry.name.includes('tag=sanity.studio.search.global') && entry.startTime >= since).map((entry) => entry.startTime)),
    typed,
  )
  await page.keyboard.press('Escape')
  if (!Number.isFinite(typed) || !Number.isFinite(requested)) throw new Error(`the search for "${term}" sent no request after its last keystroke`)
  return {search: at - typed, searchRequest: at - requested}
}

/** Opens the article by its edit intent, until its form and claims badge show. */
async function openTimes(page: Page, article: Article): Promise<Pick<Run, 'open'>> {
  const started = await navigate(page, `/intent/edit/id=${article.id};type=article/`)
  return {open: (await clockOf(page.waitForFunction(articleShown, article.title, EACH_FRAME))) - started}
}

/** Runs a step in a new tab of the context, on a Studio open on the desk (its start not timed). */
async function inNewTab<T>(context: BrowserContext, url: string, step: (page: Page) => Promise<T>): Promise<T> {
  const page = await context.newPage()
  try {
    page.setDefaultTimeout(TIMEOUT)
    await openDesk(page, url)
    return await step(page)
  } finally {
    await page.close()
  }
}

/** A lake to run the steps on, and the article to open there. */
interface Subject {
  lake: TestLake
  article: Article
  /** Whether the articles list has a next page to scroll to. */
  paged: boolean
}

/**
 * One run: each step in a tab of its own, so none finds what another fetched (on the seed, the
 * list previews every article the search then finds).
 */
async function oneRun(context: BrowserContext, {lake, article, paged}: Subject, term: string): Promise<Run> {
  const url = lake.running.url
  return {
    ...(await inNewTab(context, url, (page) => listTimes(page, paged))),
    ...(await inNewTab(context, url, (page) => searchTimes(page, term))),
    ...(await inNewTab(context, url, (page) => openTimes(page, article))),
  }
}

/** Run 0 (not counted) and `RUNS` runs on each subject, alternating, so a change in the machine's load falls on all of them alike. */
async function alternatingTimes(browser: LocalBrowser, subjects: Subject[]): Promise<Times[]> {
  const contexts: BrowserContext[] = []
  try {
    for (const subject of subjects) {
      const {context, page} = await studioPage(browser, subject.lake.user('p-priya').token)
      contexts.push(context)
      await page.close()
    }
    const times = subjects.map((): Times => ({list: [], scrollListed: [], scrollShown: [], search: [], searchRequest: [], open: []}))
    for (let i = 0; i <= RUNS; i++) {
      for (const [n, subject] of subjects.entries()) {
        const run = await oneRun(contexts[n], subject, SEARCH_TERMS[i % SEARCH_TERMS.length])
        if (i === 0) continue
        for (const key of Object.keys(run) as Array<keyof Run>) {
          const value = run[key]
          if (value !== null) times[n][key].push(value)
        }
      }
    }
    return times
  } finally {
    for (const context of contexts) await context.close()
  }
}

/**
 * Fills the data folder with the synthetic dataset of `size`; the article the runs open: the
 * dataset's compliant article near the middle, as the Studio shows it (its draft, if it has one).
 * The documents are not kept: at 200k they are most of this process's memory.
 */
async function fillWithSize(dataDir: string, size: SizeName): Promise<Article> {
  const {docs, counts, articleSlug} = benchDataset(SIZES[size])
  if (counts.articles <= LIST_PAGE) throw new Error(`${size}: ${counts.articles} articles fill no second page of the list`)
  const doc = docs.find((d) => d._id === getDraftId(articleSlug)) ?? docs.find((d) => d._id === articleSlug)
  if (typeof doc?.title !== 'string') throw new Error(`${size}: the dataset has no article ${articleSlug} with a title`)
  await fillDataDir(dataDir, docs)
  return {id: articleSlug, title: doc.title}
}

interface Samples {
  list: Sample
  scrollListed: Sample | null
  scrollShown: Sample | null
  search: Sample
  searchRequest: Sample
  open: Sample
}

function samplesOf(times: Times): Samples {
  const some = (values: number[]) => (values.length > 0 ? sampleOf(values) : null)
  return {list: sampleOf(times.list), scrollListed: some(times.scrollListed), scrollShown: some(times.scrollShown), search: sampleOf(times.search), searchRequest: sampleOf(times.searchRequest), open: sampleOf(times.open)}
}

/** The article the seed's runs open: the micro-needling article, which the seed has as a draft only. */
async function seedArticle(lake: TestLake): Promise<Article> {
  const draft = await lake.client('p-priya').getDocument<{title: string}>(getDraftId(ARTICLE.microNeedling))
  if (!draft) throw new Error(`the seed has no draft of ${ARTICLE.microNeedling}`)
  return {id: ARTICLE.microNeedling, title: draft.title}
}

function rowsAt(size: SizeName, at: Samples, seed: Samples): Row[] {
  if (!at.scrollListed || !at.scrollShown) throw new Error(`${size}: the list was not scrolled`)
  const within = (sample: Sample, baseline: Sample) => sample.median <= 1.2 * baseline.median
  const docs = `${size} documents`
  return [
    row(`Articles list, first ${FIRST_ROWS} rows shown, ${docs}; baseline: the seed`, at.list, seed.list, '<= 1.2x', within(at.list, seed.list)),
    row(`Articles list, scrolled to its end until the next page is listed, ${docs}`, at.scrollListed, null, '< 200 ms', at.scrollListed.median < 200),
    row(`Articles list, scrolled to its end until the next page's first row shows its preview, ${docs}`, at.scrollShown, null, '', null),
    row(`Global search, last keystroke to the first result, ${docs}; baseline: the seed`, at.search, seed.search, '< 300 ms', at.search.median < 300),
    row(`Global search, its first request (after the Studio's 300 ms wait) to the first result, ${docs}; baseline: the seed`, at.searchRequest, seed.searchRequest, '', null),
    row(`Opening an article, intent to its form and claims badge, ${docs}; baseline: the seed's micro-needling`, at.open, seed.open, '<= 1.2x', within(at.open, seed.open)),
  ]
}

/**
 * The four steps at each size beside the seed, measured in the same runs (the scroll has no
 * baseline: the seed's four articles fill one page).
 */
export async function benchStudioScale(sizes: SizeName[]): Promise<Row[]> {
  requireBuiltStudio()
  const browser = await launchChromium()
  const seedLake = await startTestLake({seedFile: path.join(ROOT, 'seed', 'dataset.ndjson'), studioDir: STUDIO_DIST})
  try {
    const seed: Subject = {lake: seedLake, article: await seedArticle(seedLake), paged: false}
    const rows: Row[] = []
    for (const size of sizes) {
      const dataDir = freshDataDir(`studio-scale-${size}`)
      try {
        const article = await fillWithSize(dataDir, size)
        const lake = await startTestLake({dataDir, studioDir: STUDIO_DIST})
        try {
          const [seedTimes, sizeTimes] = await alternatingTimes(browser, [seed, {lake, article, paged: true}])
          rows.push(...rowsAt(size, samplesOf(sizeTimes), samplesOf(seedTimes)))
        } finally {
          await lake.close()
        }
      } finally {
        removeDir(dataDir)
      }
    }
    return rows
  } finally {
    await seedLake.close()
    await browser.close()
  }
}
