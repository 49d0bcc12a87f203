/**
 * The Studio's speed in a real browser: the built Studio (dist/) on a seeded local lake, driven by
 * playwright-core in Debian's Chromium, signed in as the editor. Each row is the median of several
 * runs, each in a fresh browser context (so each includes the Studio starting), beside a baseline
 * measured in the same runs the same way: a category (a small document no rule looks at) edited
 * and published. The seed's micro-needling article is first brought to a state that passes
 * (claims attributed by the editor, approved by the fact-checker, reviewed by the medical
 * reviewer); a generated 200-claim article is added in the same state. Repeated with Chromium's
 * CPU throttled 4x.
 *
 *   open to Publish enabled   from navigating to the document until the footer's Publish can be clicked:
 *                             in a fresh context (the Studio starting), and in a Studio already open
 *                             (its own router, as a link inside it)
 *   click to published        from clicking it until the lake has the published document
 *   last approval to Publish  with the article open and blocked (its form showing the claims'
 *                             error, which Studio's first validation pass puts there), from the lake
 *                             accepting the last approval and review until Publish turns on (no reload)
 *   typing              with the seed article open and passing, a letter typed into an approved claim
 *                       until the badge shows it changed since approval and Publish is off, and the
 *                       letter taken out until the badge shows it approved again; beside the letter
 *                       showing in the editor (and Studio's own validation marking the field)
 *   fact-check queue          as the fact-checker, in a Studio already open, from going to the
 *                             queue until it lists the claims waiting, on the synthetic 50k dataset
 *                             (bench/synthetic.ts) beside the seed: each freshly opened Studio's first
 *                             visit, and the visits after it (what the queue read is kept)
 */
import path from 'node:path'
import type {Page} from 'playwright-core'
import type {ArticleDoc} from '../plugins/medical-claims/rules/types.ts'
import {ARTICLE, CATEGORY, CITATION, EXPERT} from '../seed/ids.ts'
import {launchChromium, studioPage, type LocalBrowser} from '../test/fixtures/browser.ts'
import {approveAndReview, attributeSeedClaims} from '../test/fixtures/seed-edits.ts'
import {caretAfter} from '../test/fixtures/studio-steps.ts'
import {requireBuiltStudio, STUDIO_DIST} from '../test/fixtures/seeded-studio.ts'
import {startTestLake, type TestLake} from '../test/lake/helpers.ts'
import {fillDataDir, freshDataDir, removeDir, ROOT} from './lake.ts'
import {ms, sampleOf, times, type Row, type Sample} from './stats.ts'
import {benchDataset, SIZES} from './synthetic.ts'

const RUNS = 5
const THROTTLED_RUNS = 3
export const BIG_CLAIMS = 200
export const BIG_ID = 'article-bench-200-claims'
const REVIEWER = EXPERT.avaShamban

type Client = ReturnType<TestLake['client']>

/** An article of `claims` cost claims (one paragraph each), attributed and sourced, as the editor's draft. */
export async function createBigArticle(priya: Client, claims: number): Promise<void> {
  const body = Array.from({length: claims}, (_, i) => ({
    _type: 'block',
    _key: `b${i}`,
    style: 'normal',
    markDefs: [{_type: 'medicalClaim', _key: `c${i}`, kind: 'cost', expert: {_type: 'reference', _ref: REVIEWER}, citations: [{_type: 'reference', _ref: CITATION.interviewShamban, _key: 'ev'}]}],
    children: [
      {_type: 'span', _key: `s${i}a`, text: `Paragraph ${i + 1}: `, marks: []},
      {_type: 'span', _key: `s${i}b`, text: `a session costs about ${200 + i} dollars in this city`, marks: [`c${i}`]},
      {_type: 'span', _key: `s${i}c`, text: '.', marks: []},
    ],
  }))
  await priya.create({_id: `drafts.${BIG_ID}`, _type: 'article', title: `${claims} claims: what a session costs`, slug: {_type: 'slug', current: 'bench-200-claims'}, body} as never)
}

/** Makes a draft of the document that changes nothing the rules look at, so it can be published again. */
async function newDraft(priya: Client, id: string, type: string, run: string): Promise<void> {
  const patch = type === 'article' ? {set: {'slug.current': `${id}-${run}`}} : {set: {title: `Skin care ${run}`}}
  await priya.action({actionType: 'sanity.action.document.edit', draftId: `drafts.${id}`, publishedId: id, patch} as never)
}

async function publishEnabled(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="pane-footer"] [data-testid="action-publish"]')
      return Boolean(button && !button.disabled && button.getAttribute('data-disabled') !== 'true')
    },
    null,
    {polling: 50, timeout},
  )
}

async function until(check: () => Promise<boolean>, timeout = 120_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

interface OpenAndPublish {
  open: number
  publish: number
}

/** Clicks Publish and waits for the lake to have the document published (its draft gone). */
async function publishNow(page: Page, priya: Client, id: string): Promise<void> {
  await page.locator('[data-testid="pane-footer"] [data-testid="action-publish"]').click()
  await until(async () => !(await priya.getDocument(`drafts.${id}`)))
}

/** Opens the document as the editor in a fresh context (the Studio starts), waits for Publish, clicks it and waits for the lake to have it published. */
async function openAndPublish(lake: TestLake, browser: LocalBrowser, id: string, type: string, run: string, throttle: number): Promise<OpenAndPublish> {
  const priya = lake.client('p-priya')
  await newDraft(priya, id, type, run)
  const {context, page} = await studioPage(browser, lake.user('p-priya').token)
  try {
    if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', {rate: throttle})
    const opened = performance.now()
    await page.goto(`${lake.running.url}/intent/edit/id=${id};type=${type}/`)
    await publishEnabled(page)
    const enabled = performance.now()
    await publishNow(page, priya, id)
    return {open: enabled - opened, publish: performance.now() - enabled}
  } finally {
    await context.close()
  }
}

/** Loads the Studio at its desk (a page load: the Studio starts) and waits until the desk lists its first item. */
export async function openDesk(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/structure`)
  await page.getByText('Articles').first().waitFor({timeout: 120_000})
}

/** Navigates the Studio's own router (no page load), as a link inside the Studio does; the page's clock (`performance.now()`) at that moment. */
export async function navigate(page: Page, pathname: string): Promise<number> {
  return await page.evaluate((to) => {
    const at = performance.now()
    window.history.pushState({}, '', to)
    window.dispatchEvent(new PopStateEvent('popstate'))
    return at
  }, pathname)
}

/** In a Studio already open on the desk, opens the document, waits for Publish, publishes it, and goes back to the desk. */
export async function openAndPublishWarm(page: Page, lake: TestLake, id: string, type: string, run: string): Promise<OpenAndPublish> {
  const priya = lake.client('p-priya')
  await newDraft(priya, id, type, run)
  const opened = performance.now()
  await navigate(page, `/intent/edit/id=${id};type=${type}/`)
  await publishEnabled(page)
  const enabled = performance.now()
  await publishNow(page, priya, id)
  const published = performance.now()
  await navigate(page, '/structure')
  await page.waitForFunction(() => document.querySelector('[data-testid="pane-footer"]') === null, null, {polling: 50, timeout: 60_000})
  return {open: enabled - opened, publish: published - enabled}
}

/** With the article open and blocked (a claim's text edited), the lake accepts its new approval and review: how long until Publish turns on. */
async function lastApprovalToPublish(lake: TestLake, browser: LocalBrowser, id: string, run: number): Promise<number> {
  const priya = lake.client('p-priya')
  const draft = (await priya.getDocument<ArticleDoc>(`drafts.${id}`)) ?? (await priya.getDocument<ArticleDoc>(id))
  const block = draft?.body?.find((b) => b._type === 'block' && (b as {markDefs?: unknown[]}).markDefs?.length) as {_key: string; markDefs: Array<{_key: string}>; children: Array<{_key: string; marks?: string[]; text: string}>} | undefined
  const span = block?.children.find((c) => c.marks?.includes(block.markDefs[0]._key))
  if (!block || !span) throw new Error(`${id} has no claim to edit`)
  await priya.action({actionType: 'sanity.action.document.edit', draftId: `drafts.${id}`, publishedId: id, patch: {set: {[`body[_key=="${block._key}"].children[_key=="${span._key}"].text`]: `${span.text.replace(/ \(\d+\)$/, '')} (${run})`}}} as never)
  const {context, page} = await studioPage(browser, lake.user('p-priya').token)
  try {
    await page.goto(`${lake.running.url}/intent/edit/id=${id};type=article/`)
    await page.waitForFunction(() => document.querySelector('[data-testid="pane-footer"] button[data-testid^="action-why"]') !== null, null, {polling: 50, timeout: 120_000})
    // Blocked as the editor sees it: Studio's validation has marked the body with the claims' error
    // (before that, Publish waits for Studio's first pass whatever the rules say).
    await page.waitForFunction(() => document.querySelector('[data-testid="input-validation-icon-error"]') !== null, null, {polling: 50, timeout: 120_000})
    await approveAndReview(lake, id)
    const landed = performance.now()
    await publishEnabled(page)
    return performance.now() - landed
  } finally {
    await context.close()
  }
}

interface KeystrokeTimes {
  /** The letter shows in the editor. */
  shown: number
  /** The badge says a claim changed since its approval. */
  badge: number
  /** Publish is off. */
  publishOff: number
  /** Studio's own validation marks the body. */
  marked: number
  /** After the letter is taken out: the badge shows every claim approved again. */
  restored: number
}

/** Where the typing rows type, in the seed's cost claim ("A single session usually costs ..."), and what. */
const TYPED_AFTER = 'usually'
const LETTER = 'x'

/**
 * In the page: from the next keystroke (its event's time), the first frame at which each of
 * `marks` holds, as milliseconds after it; read back with `keystrokeMarks`.
 */
function watchKeystroke({marks, typed}: {marks: Record<string, string>; typed: string}): void {
  const w = window as unknown as {__keystroke: {at?: number; seen: Record<string, number>}}
  w.__keystroke = {seen: {}}
  window.addEventListener('keydown', (event) => (w.__keystroke.at ??= event.timeStamp), {capture: true, once: true})
  const footer = () => document.querySelector<HTMLElement>('[data-testid="pane-footer"]')?.innerText ?? ''
  const holds: Record<string, () => boolean> = {
    shown: () => document.querySelector('[contenteditable="true"]')?.textContent?.includes(typed) ?? false,
    changed: () => /changed since approval/.test(footer()),
    approved: () => /(^|\s)20\/20 approved/.test(footer()) && !/changed since approval/.test(footer()),
    publishOff: () => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="pane-footer"] [data-testid="action-publish"]')
      return !button || button.disabled || button.getAttribute('data-disabled') === 'true'
    },
    marked: () => document.querySelector('[data-testid="input-validation-icon-error"]') !== null,
  }
  const tick = () => {
    const state = w.__keystroke
    if (state.at !== undefined) {
      for (const [name, check] of Object.entries(marks)) if (state.seen[name] === undefined && holds[check]()) state.seen[name] = performance.now() - state.at
    }
    if (Object.keys(state.seen).length < Object.keys(marks).length) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}

async function keystrokeMarks(page: Page, names: string[]): Promise<Record<string, number>> {
  await page.waitForFunction((wanted) => wanted.every((name) => (window as unknown as {__keystroke: {seen: Record<string, number>}}).__keystroke.seen[name] !== undefined), names, {polling: 50, timeout: 60_000})
  return await page.evaluate(() => (window as unknown as {__keystroke: {seen: Record<string, number>}}).__keystroke.seen)
}

/** In a Studio already open, with the seed article passing: a letter typed into an approved claim, then taken out. */
export async function typeInApprovedClaim(page: Page, lake: TestLake, run: string): Promise<KeystrokeTimes> {
  const priya = lake.client('p-priya')
  await newDraft(priya, ARTICLE.microNeedling, 'article', run)
  await navigate(page, `/intent/edit/id=${ARTICLE.microNeedling};type=article/`)
  await publishEnabled(page)
  await caretAfter(page, TYPED_AFTER)
  const typedText = `${TYPED_AFTER}${LETTER}`
  await page.evaluate(watchKeystroke, {marks: {shown: 'shown', badge: 'changed', publishOff: 'publishOff', marked: 'marked'}, typed: typedText})
  await page.keyboard.type(LETTER)
  const typed = await keystrokeMarks(page, ['shown', 'badge', 'publishOff', 'marked'])
  await page.evaluate(watchKeystroke, {marks: {restored: 'approved'}, typed: typedText})
  await page.keyboard.press('Backspace')
  const undone = await keystrokeMarks(page, ['restored'])
  // The form has the text back and Studio has validated it again before the next run.
  await publishEnabled(page)
  await navigate(page, '/structure')
  await page.waitForFunction(() => document.querySelector('[data-testid="pane-footer"]') === null, null, {polling: 50, timeout: 60_000})
  return {shown: typed.shown, badge: typed.badge, publishOff: typed.publishOff, marked: typed.marked, restored: undone.restored}
}

/** A table row of timings: the sample's median and p99 beside the baseline's median. */
export function row(name: string, sample: Sample, baseline: Sample | null, target: string, ok: boolean | null): Row {
  return {
    name,
    median: ms(sample.median),
    p99: ms(sample.p99),
    baseline: baseline ? ms(baseline.median) : '',
    ratio: baseline ? times(sample.median, baseline.median) : '',
    target,
    ok,
    data: {median: sample.median, p99: sample.p99, min: sample.min, runs: sample.runs, ...(baseline ? {baseline: baseline.median} : {})},
  }
}

type Measure = (id: string, type: string, run: string) => Promise<OpenAndPublish>

interface Series {
  base: {open: Sample; publish: Sample}
  seed: {open: Sample; publish: Sample}
  big: {open: Sample; publish: Sample}
}

/** One warm-up of the category and the seed article (the lake's and the browser's caches), then `runs` alternating runs of the three documents. */
async function runSeries(runs: number, tag: string, measure: Measure): Promise<Series> {
  await measure(CATEGORY.skinCare, 'category', `${tag}-warm`)
  await measure(ARTICLE.microNeedling, 'article', `${tag}-warm`)
  const results: Record<keyof Series, OpenAndPublish[]> = {base: [], seed: [], big: []}
  for (let i = 0; i < runs; i++) {
    results.base.push(await measure(CATEGORY.skinCare, 'category', `${tag}-${i}`))
    results.seed.push(await measure(ARTICLE.microNeedling, 'article', `${tag}-${i}`))
    results.big.push(await measure(BIG_ID, 'article', `${tag}-${i}`))
  }
  const of = (list: OpenAndPublish[]) => ({open: sampleOf(list.map((r) => r.open)), publish: sampleOf(list.map((r) => r.publish))})
  return {base: of(results.base), seed: of(results.seed), big: of(results.big)}
}

const QUEUE_ANSWER = '[data-testid="fact-check-queue-count"], [data-testid="fact-check-queue-empty"], [data-testid="fact-check-queue-error"]'

interface QueueTimes {
  /** Each Studio's first visit (nothing of the queue kept yet). */
  first: number[]
  /** Visits after the first (what the queue read is kept, and only what changed is read again). */
  again: number[]
  /** What the queue showed last. */
  shown: string
}

/** In an open Studio, from going to the queue (the Studio's router) until it shows its answer (claims, none, or an error); then back to the desk. */
export async function visitQueue(page: Page): Promise<{ms: number; shown: string}> {
  const started = performance.now()
  await navigate(page, '/fact-check')
  await page.waitForFunction((selector) => document.querySelector(selector) !== null, QUEUE_ANSWER, {polling: 50, timeout: 300_000})
  const ms = performance.now() - started
  const shown = await page.locator(QUEUE_ANSWER).first().innerText()
  await navigate(page, '/structure')
  await page.waitForFunction(() => document.querySelector('[data-testid="fact-check-queue"]') === null, null, {polling: 50, timeout: 60_000})
  return {ms, shown}
}

/**
 * The queue as the fact-checker: one Studio visits it once untimed (the lake's first judgement of
 * every article, per query worker), then each of `studios` freshly opened Studios visits it
 * `visits` times: its first visit, and the ones after it.
 */
async function queueTimes(lake: TestLake, browser: LocalBrowser, studios: number, visits: number): Promise<QueueTimes> {
  const out: QueueTimes = {first: [], again: [], shown: ''}
  for (let s = 0; s <= studios; s++) {
    const {context, page} = await studioPage(browser, lake.user('p-dana').token)
    try {
      await openDesk(page, lake.running.url)
      for (let i = 0; i < (s === 0 ? 1 : visits); i++) {
        const visit = await visitQueue(page)
        out.shown = visit.shown
        if (s > 0) (i === 0 ? out.first : out.again).push(visit.ms)
      }
    } finally {
      await context.close()
    }
  }
  return out
}

const QUEUE_STUDIOS = 3
const QUEUE_VISITS = 3

/** The queue on the synthetic 50k dataset, as the fact-checker, beside the seed's queue (`seed`). */
async function queueAtScale(browser: LocalBrowser, seed: QueueTimes): Promise<Row[]> {
  const dataDir = freshDataDir('browser-queue-50k')
  try {
    await fillDataDir(dataDir, benchDataset(SIZES['50k']).docs)
    const lake = await startTestLake({dataDir, studioDir: STUDIO_DIST})
    try {
      const queue = await queueTimes(lake, browser, QUEUE_STUDIOS, QUEUE_VISITS)
      const failed = /Could not load/.test(queue.shown)
      const first = sampleOf(queue.first)
      const again = sampleOf(queue.again)
      return [
        row(`Fact-check queue, Studio open, 50k documents (${queue.shown.trim()}), a visit after the first; baseline: the seed (${seed.shown.trim()})`, again, sampleOf(seed.again), '< 1 s', !failed && again.median < 1_000),
        row(`Fact-check queue, Studio open, 50k documents, the Studio's first visit; baseline: the seed's`, first, sampleOf(seed.first), '< 1 s', !failed && first.median < 1_000),
      ]
    } finally {
      await lake.close()
    }
  } finally {
    removeDir(dataDir)
  }
}

export async function benchStudioBrowser(): Promise<Row[]> {
  requireBuiltStudio()
  const lake = await startTestLake({seedFile: path.join(ROOT, 'seed', 'dataset.ndjson'), studioDir: STUDIO_DIST})
  const browser = await launchChromium()
  try {
    const priya = lake.client('p-priya')
    await attributeSeedClaims(priya as never)
    await approveAndReview(lake, ARTICLE.microNeedling)
    await createBigArticle(priya, BIG_CLAIMS)
    await approveAndReview(lake, BIG_ID)

    const rows: Row[] = []
    for (const throttle of [1, 4]) {
      const at = throttle === 1 ? '' : `, CPU throttled ${throttle}x`
      const series = await runSeries(throttle === 1 ? RUNS : THROTTLED_RUNS, `${throttle}`, (id, type, run) => openAndPublish(lake, browser, id, type, run, throttle))
      rows.push(
        row(`Studio starting: seed article (20 claims), open to Publish enabled${at}; baseline: a category`, series.seed.open, series.base.open, '', null),
        row(`Studio starting: seed article, click Publish to published${at}; baseline: a category`, series.seed.publish, series.base.publish, '', null),
        row(`Studio starting: ${BIG_CLAIMS}-claim article, open to Publish enabled${at}; baseline: a category`, series.big.open, series.base.open, '', null),
        row(`Studio starting: ${BIG_CLAIMS}-claim article, click Publish to published${at}; baseline: a category`, series.big.publish, series.base.publish, '', null),
      )
    }
    // The Studio already open: what an editor's day is made of.
    for (const throttle of [4, 1]) {
      const at = throttle === 1 ? '' : `, CPU throttled ${throttle}x`
      const {context, page} = await studioPage(browser, lake.user('p-priya').token)
      try {
        if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', {rate: throttle})
        await openDesk(page, lake.running.url)
        const series = await runSeries(throttle === 1 ? RUNS : THROTTLED_RUNS, `warm${throttle}`, (id, type, run) => openAndPublishWarm(page, lake, id, type, run))
        const openTarget = throttle === 1 ? 2_000 : 6_000
        rows.unshift(
          row(`Studio open: seed article, open to Publish enabled${at}; baseline: a category`, series.seed.open, series.base.open, `< ${openTarget / 1000} s`, series.seed.open.median < openTarget),
          row(`Studio open: seed article, click Publish to published${at}; baseline: a category`, series.seed.publish, series.base.publish, throttle === 1 ? '< 1 s' : '', throttle === 1 ? series.seed.publish.median < 1_000 : null),
          row(`Studio open: ${BIG_CLAIMS}-claim article, open to Publish enabled${at}; baseline: a category`, series.big.open, series.base.open, '', null),
          row(`Studio open: ${BIG_CLAIMS}-claim article, click Publish to published${at}; baseline: a category`, series.big.publish, series.base.publish, throttle === 1 ? '< 2 s' : '', throttle === 1 ? series.big.publish.median < 2_000 : null),
        )
      } finally {
        await context.close()
      }
    }
    // Typing in an open Studio, the seed article passing (published by the runs above, with a new draft each run).
    {
      const {context, page} = await studioPage(browser, lake.user('p-priya').token)
      try {
        await openDesk(page, lake.running.url)
        await typeInApprovedClaim(page, lake, 'type-warm')
        const runs: KeystrokeTimes[] = []
        for (let i = 0; i < RUNS; i++) runs.push(await typeInApprovedClaim(page, lake, `type-${i}`))
        const of = (key: keyof KeystrokeTimes) => sampleOf(runs.map((r) => r[key]))
        const shown = of('shown')
        rows.push(
          row('Typing: a letter into an approved claim of the open seed article, to the badge showing it changed since approval; baseline: the letter showing in the editor', of('badge'), shown, '< 300 ms', of('badge').median < 300),
          row('Typing: a letter into an approved claim, to Publish off; baseline: the letter showing', of('publishOff'), shown, '< 300 ms', of('publishOff').median < 300),
          row('Typing: the letter taken out again, to the badge showing every claim approved', of('restored'), null, '< 300 ms', of('restored').median < 300),
          row("Typing: a letter into an approved claim, to Studio's own validation marking the body; baseline: the letter showing", of('marked'), shown, '', null),
        )
      } finally {
        await context.close()
      }
    }
    const seedQueue = await queueTimes(lake, browser, QUEUE_STUDIOS, QUEUE_VISITS)
    const live: number[] = []
    for (let i = 0; i < RUNS; i++) live.push(await lastApprovalToPublish(lake, browser, ARTICLE.microNeedling, i))
    const liveSample = sampleOf(live)
    rows.push(row('Article open and blocked (its form marked), last approval and review accepted to Publish enabled, no reload', liveSample, null, '< 1 s', liveSample.median < 1_000))
    rows.push(...(await queueAtScale(browser, seedQueue)))
    return rows
  } finally {
    await browser.close()
    await lake.close()
  }
}
