/**
 * The fact-check queue in a real browser (the built Studio on a seeded lake whose micro-needling
 * claims the editor has attributed, Debian's Chromium): a fact-checker approves a claim in place, the claim leaves the list and the lake records the
 * approval in the fact-checker's name; an editor sees the same queue with no buttons, and why; a
 * queue longer than a page shows its first page, and the rest as the fact-checker scrolls down.
 * Screenshots land in test-results/queue/.
 */
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {LIST_PAGE} from '../../plugins/medical-claims/components/PagedList.tsx'
import type {ArticleDoc, FactCheckDecisionDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE} from '../../seed/ids.ts'
import {chromiumAvailability} from '../fixtures/browser.ts'
import {requireBuiltStudio, startSeededStudio, type SeededStudio} from '../fixtures/seeded-studio.ts'
import {attributeSeedClaims} from '../fixtures/seed-edits.ts'
import {screenshot, stepRunner} from '../fixtures/studio-steps.ts'
import type {TestLake} from '../lake/helpers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'test-results', 'queue')

const chromium = chromiumAvailability('fact-check queue browser test')
if (chromium.available) requireBuiltStudio()

let studio: SeededStudio | undefined
let lake: TestLake

const asUser = stepRunner(() => studio!, SHOTS)
const shot = screenshot(SHOTS)

describe.skipIf(!chromium.available)('the fact-check queue in the Studio (Chromium)', () => {
  beforeAll(async () => {
    studio = await startSeededStudio(SHOTS)
    lake = studio.lake
    // The editor attributes the seed article's claims: they wait for a fact-checker.
    await attributeSeedClaims(lake.client('p-priya') as never)
  }, 120_000)

  afterAll(async () => {
    await studio?.close()
  })

  it('a fact-checker approves a claim in place: it leaves the list, and the lake records the approval as hers', async () => {
    let decided: {articleId: string; claimKey: string} | undefined
    await asUser('p-dana', '01-fact-checker-approves-in-place', async (page) => {
      await page.goto(`${lake.running.url}/fact-check`)
      const items = page.getByTestId('queue-item')
      await items.first().waitFor({timeout: 90_000})
      const count = page.getByTestId('fact-check-queue-count')
      const waiting = async () => Number((await count.innerText()).match(/^(\d+) claims? waiting$/)?.[1])
      const before = await waiting()
      const first = page.locator('[data-testid="queue-item"]:has([data-testid="approve-button"])').first()
      await first.waitFor({timeout: 30_000})
      decided = {articleId: (await first.getAttribute('data-article-id'))!, claimKey: (await first.getAttribute('data-claim-key'))!}
      const row = page.locator(`[data-testid="queue-item"][data-article-id="${decided.articleId}"][data-claim-key="${decided.claimKey}"]`)
      await row.getByTestId('approve-button').click()
      await row.getByTestId('confirm-approve-button').click()
      await expect.poll(waiting, {timeout: 30_000}).toBe(before - 1)
      expect(await row.count()).toBe(0)
      await shot(page, '01a-after-approving')
    })
    const approvals = await lake
      .client('p-morgan')
      .fetch<FactCheckDecisionDoc[]>(`*[_type == "factCheck.approval" && article._ref == $article && claimKey == $claim]`, {article: decided!.articleId, claim: decided!.claimKey})
    expect(approvals).toHaveLength(1)
    expect(approvals[0]).toMatchObject({checkedBy: {id: 'p-dana', roles: ['fact-checker']}})
    expect(approvals[0].fingerprint).toEqual(expect.any(String))
  }, 180_000)

  it('an editor sees the queue with no buttons, and why', async () => {
    await asUser('p-priya', '02-editor-sees-queue', async (page) => {
      await page.goto(`${lake.running.url}/fact-check`)
      await page.getByTestId('queue-item').first().waitFor({timeout: 90_000})
      expect(await page.getByTestId('approve-button').count()).toBe(0)
      expect(await page.getByTestId('queue-item-permission').first().innerText()).toMatch(/^Only fact-checkers \(role "fact-checker"\) approve or reject claims\.$/)
    })
  }, 180_000)

  it('a queue longer than a page lists its first page, and the rest as the fact-checker scrolls to its end', async () => {
    // A second article with the seed's attributed claims: more claims wait than one page lists.
    const editor = lake.client('p-priya')
    const draft = await editor.getDocument<ArticleDoc & Record<string, unknown>>(`drafts.${ARTICLE.microNeedling}`)
    const {_rev: _ignored, _createdAt: _created, _updatedAt: _updated, ...copy} = draft!
    await editor.create({...copy, _id: 'drafts.queue-long-copy', title: 'Micro-needling, a second look', slug: {_type: 'slug', current: 'micro-needling-second-look'}} as never)
    await asUser('p-dana', '03-long-queue-scrolls', async (page) => {
      await page.goto(`${lake.running.url}/fact-check`)
      const items = page.getByTestId('queue-item')
      await items.first().waitFor({timeout: 90_000})
      const total = Number((await page.getByTestId('fact-check-queue-count').innerText()).match(/^(\d+) claims waiting$/)?.[1])
      expect(total).toBeGreaterThan(LIST_PAGE)
      // Polled: on a first visit the Studio may mount the tool again while it shows the list.
      await expect.poll(() => items.count(), {timeout: 30_000}).toBe(LIST_PAGE)
      expect(await page.getByTestId('fact-check-queue-more').innerText()).toBe(`Show ${Math.min(LIST_PAGE, total - LIST_PAGE)} more`)
      await shot(page, '03a-first-page')
      // Scrolling to the end of the list brings the rest, with no click.
      for (let i = 0; i < 5 && (await items.count()) < total; i++) {
        await page.getByTestId('fact-check-queue').evaluate((el) => el.scrollTo(0, el.scrollHeight))
        await page.waitForTimeout(300)
      }
      expect(await items.count()).toBe(total)
      expect(await page.getByTestId('fact-check-queue-more').count()).toBe(0)
      await shot(page, '03b-scrolled-to-the-end')
    })
  }, 180_000)
})
