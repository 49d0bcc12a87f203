/**
 * An article's corrections on the reference site, over a real local lake: the editor adds them to
 * the published seed article (with dates her client made up), the lake dates them, and the page
 * shows "Updated <date>" under the byline and a Corrections section, newest first, with the
 * lake's dates; the JSON-LD carries them as CorrectionComments and dates the page by the newest;
 * the listing says when the article was updated. A correction still in the draft shows nowhere.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createLakeClient} from '../../queries/lakeClient.ts'
import {formatDate, isoDay} from '../../site/html.ts'
import {startSite, type RunningSite} from '../../site/server.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {WINTER_SLUG, mutate, startTestLake, type LakeFixture} from './lakeFixture.ts'

const ARTICLE_ID = 'article-winter-skincare'
const MADE_UP = '2020-01-01T00:00:00.000Z'

let fixture: LakeFixture
let site: RunningSite
/** The lake's dates of the two corrections, by key. */
let dates: Record<string, string>

async function get(path: string): Promise<{status: number; text: string}> {
  const res = await fetch(`${site.url}${path}`)
  return {status: res.status, text: await res.text()}
}

async function write(mutations: unknown[]): Promise<void> {
  const res = await mutate(fixture, fixture.tokens['p-priya'], mutations)
  expect(res.status, res.body).toBe(200)
}

const time = (date: string) => `<time datetime="${isoDay(date)}">${formatDate(date)}</time>`

beforeAll(async () => {
  fixture = await startTestLake()
  site = await startSite({lakeUrl: fixture.lake.url, token: fixture.tokens['p-morgan'], port: 0, now: () => SEED_NOW})
  const entry = (key: string, summary: string, reason?: string) => ({_key: key, _type: 'correction', summary, ...(reason ? {reason} : {}), correctedAt: MADE_UP})
  await write([{patch: {id: ARTICLE_ID, setIfMissing: {corrections: []}, insert: {after: 'corrections[-1]', items: [entry('fix-link', 'We fixed a link to the humidity study.')]}}}])
  await new Promise((resolve) => setTimeout(resolve, 10))
  await write([{patch: {id: ARTICLE_ID, insert: {after: 'corrections[-1]', items: [entry('fix-humidity', 'We corrected the indoor humidity to aim for, from 60% to 40%.', 'The study recommends 40%.')]}}}])
  // A correction in the draft only: not on the site until the article is published with it.
  const client = createLakeClient({url: fixture.lake.url, token: fixture.tokens['p-morgan']})
  const published = await client.fetch<Record<string, unknown> & {corrections: Array<{_key: string; correctedAt: string}>}>('*[_id == $id][0]', {id: ARTICLE_ID}, {perspective: 'raw'})
  dates = Object.fromEntries(published.corrections.map((c) => [c._key, c.correctedAt]))
  await write([{createOrReplace: {...published, _id: `drafts.${ARTICLE_ID}`, corrections: [...published.corrections, entry('fix-draft', 'Still a draft.')]}}])
})

afterAll(async () => {
  await site?.close()
  await fixture?.close()
})

describe('corrections on the reference site', () => {
  it("are dated by the lake, not by the editor's client", () => {
    expect(Object.keys(dates)).toEqual(['fix-link', 'fix-humidity'])
    for (const date of Object.values(dates)) {
      expect(date).not.toBe(MADE_UP)
      expect(Date.now() - Date.parse(date)).toBeLessThan(120_000)
    }
    expect(Date.parse(dates['fix-humidity'])).toBeGreaterThan(Date.parse(dates['fix-link']))
  })

  it('show on the article page: "Updated <date>" under the byline and the Corrections section, newest first', async () => {
    const page = await get(`/articles/${WINTER_SLUG}`)
    expect(page.status).toBe(200)
    expect(page.text).toMatch(
      new RegExp(`<p class="meta">Published <time[^>]*>[^<]*</time></p>\\s*<p class="updated" data-testid="updated">Updated ${time(dates['fix-humidity'])}</p>\\s*<p class="review"`),
    )
    const section = /<section class="corrections"[\s\S]*?<\/section>/.exec(page.text)?.[0] ?? ''
    expect(section).toContain('<h2 id="corrections-heading">Corrections</h2>')
    expect(section).toContain(
      `<li data-correction="fix-humidity">Updated ${time(dates['fix-humidity'])}: <span class="summary">We corrected the indoor humidity to aim for, from 60% to 40%.</span> <span class="reason">The study recommends 40%.</span></li>`,
    )
    expect(section).toContain(`<li data-correction="fix-link">Updated ${time(dates['fix-link'])}: <span class="summary">We fixed a link to the humidity study.</span></li>`)
    expect(section.indexOf('fix-humidity')).toBeLessThan(section.indexOf('fix-link'))
    expect(page.text).not.toContain('Still a draft.')
  })

  it('are in the JSON-LD as CorrectionComments, and the newest dates the page', async () => {
    const page = await get(`/articles/${WINTER_SLUG}`)
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.text)?.[1] ?? '{}')
    expect(jsonLd.dateModified).toBe(dates['fix-humidity'])
    expect(jsonLd.correction).toEqual([
      {'@type': 'CorrectionComment', text: 'We corrected the indoor humidity to aim for, from 60% to 40%. The study recommends 40%.', datePublished: dates['fix-humidity']},
      {'@type': 'CorrectionComment', text: 'We fixed a link to the humidity study.', datePublished: dates['fix-link']},
    ])
  })

  it('say in the listing when the article was updated', async () => {
    const home = await get('/')
    const teaser = new RegExp(`<a href="/articles/${WINTER_SLUG}">[\\s\\S]*?</li>`).exec(home.text)?.[0] ?? ''
    expect(teaser).toContain(`Updated ${time(dates['fix-humidity'])}`)
  })
})
