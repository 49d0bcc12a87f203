/**
 * The medical review in a real browser (the built Studio on a seeded lake, Debian's Chromium): an
 * editor's change to a published article's text voids its review and blocks Publish, saying why; a
 * fact-checker recording a review on a reviewer's behalf must give the evidence; a medical
 * reviewer records the review from the Studio, the lake stamps who recorded it, and the editor can
 * publish again; with an article open, Publish turns on as the last decisions land, without a
 * reload. Screenshots land in test-results/review/.
 */
import path from 'node:path'
import type {Locator, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {loadPolicyInput} from '../../plugins/medical-claims/data.ts'
import {evaluateArticle, reviewFingerprint} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, ExpertDoc, ReviewDecisionDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE, EXPERT} from '../../seed/ids.ts'
import {chromiumAvailability} from '../fixtures/browser.ts'
import {menuActions, openDocument, primaryAction, publishFromFooter, runAction, screenshot, stepRunner} from '../fixtures/studio-steps.ts'
import {requireBuiltStudio, startSeededStudio, type SeededStudio} from '../fixtures/seeded-studio.ts'
import type {TestLake} from '../lake/helpers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'test-results', 'review')
const ARTICLE_ID = ARTICLE.winterSkincare
const DRAFT_ID = `drafts.${ARTICLE_ID}`
const NEW_TITLE = 'A dermatologist’s winter skin-care routine, revised'
const REVIEWER = EXPERT.avaShamban
const STEP_TIMEOUT = 180_000

const chromium = chromiumAvailability('medical review browser test')
if (chromium.available) requireBuiltStudio()

let studio: SeededStudio | undefined
let lake: TestLake

const shot = screenshot(SHOTS)
const asUser = stepRunner(() => studio!, SHOTS)

function publishButton(page: Page): Locator {
  return page.getByTestId('action-publish')
}

function openArticle(page: Page): Promise<void> {
  return openDocument(page, lake.running.url, ARTICLE_ID, 'article')
}


/** Opens "Record medical review" and waits until its experts have loaded. */
async function openReviewDialog(page: Page): Promise<Locator> {
  const dialog = page.getByTestId('record-review-dialog')
  await runAction(page, 'Record medical review', dialog)
  const reviewer = dialog.getByTestId('record-review-reviewer')
  try {
    await expect.poll(() => reviewer.isEnabled(), {timeout: 60_000}).toBe(true)
  } catch (error) {
    const shows = (await dialog.count()) ? `the dialog shows: ${await dialog.innerText()}` : 'the dialog closed'
    throw new Error(`The reviewer picker did not become usable; ${shows}`, {cause: error})
  }
  return dialog
}

/** The article's reviews in the lake, newest first. */
async function reviewsInLake(): Promise<ReviewDecisionDoc[]> {
  return lake.client('p-morgan').fetch<ReviewDecisionDoc[]>(`*[_type == "factCheck.review" && article._ref == $id] | order(checkedAt desc)`, {id: ARTICLE_ID})
}

describe.skipIf(!chromium.available)('the medical review in the Studio (Chromium)', () => {
  beforeAll(async () => {
    studio = await startSeededStudio(SHOTS)
    lake = studio.lake
  }, 120_000)

  afterAll(async () => {
    await studio?.close()
  })

  it("an editor's change to the published text voids its review: Publish is blocked, saying the review is stale", async () => {
    expect(await reviewsInLake()).toHaveLength(1)
    await asUser('p-priya', '01-editor-review-stale', async (page) => {
      await openArticle(page)
      const title = page.locator('input#title')
      await title.waitFor({timeout: 60_000})
      await title.fill(NEW_TITLE)
      // The edit reaches the lake as the editor's draft.
      await expect.poll(async () => (await lake.client('p-priya').getDocument<ArticleDoc>(DRAFT_ID))?.title, {timeout: 30_000}).toBe(NEW_TITLE)
      await expect.poll(async () => (await primaryAction(page))?.label, {timeout: 60_000}).toBe("Why can't I publish?")
      const dialog = page.getByTestId('publish-blockers-dialog')
      await runAction(page, "Why can't I publish?", dialog)
      const status = dialog.getByTestId('review-status')
      await expect.poll(() => status.getAttribute('data-review-state'), {timeout: 30_000}).toBe('notCounting')
      const issue = dialog.locator('[data-testid="review-status-issue"][data-issue-code="review.stale"]')
      expect(await issue.innerText()).toMatch(/The article changed after its medical review \(recorded by .* on 2026-09-18\)/)
      // Only the review blocks it: every claim is still approved.
      expect(await dialog.getByTestId('publish-blocker-claim').count()).toBe(0)
    })
  }, STEP_TIMEOUT)

  it("a fact-checker recording the review on the reviewer's behalf must give the evidence", async () => {
    await asUser('p-dana', '02-fact-checker-evidence-required', async (page) => {
      await openArticle(page)
      const dialog = await openReviewDialog(page)
      await dialog.getByTestId('record-review-reviewer').selectOption(REVIEWER)
      // What the review would cover is the draft as the editor left it.
      expect(await dialog.getByTestId('record-review-version').innerText()).toMatch(/the draft as it reads now/)
      expect(await dialog.getByTestId('record-review-covers').innerText()).toContain(NEW_TITLE)
      const required = dialog.getByTestId('record-review-evidence-required')
      expect(await required.innerText()).toMatch(/You are not a medical reviewer.*The evidence is required/)
      const confirm = dialog.getByTestId('confirm-record-review')
      expect(await confirm.isDisabled()).toBe(true)
      await dialog.getByTestId('record-review-evidence').fill('Dr. Shamban signed the review form for the revised text.')
      await expect.poll(() => required.count()).toBe(0)
      expect(await confirm.isEnabled()).toBe(true)
      await page.keyboard.press('Escape')
    })
    // Nothing was recorded.
    expect(await reviewsInLake()).toHaveLength(1)
  }, STEP_TIMEOUT)

  it('a medical reviewer records the review from the Studio; the lake stamps who recorded it; the review issue is gone', async () => {
    const before = Date.now()
    await asUser('p-sam', '03-reviewer-records-review', async (page) => {
      await openArticle(page)
      // The reviewer's own action leads the footer, and there is no Publish they could not use.
      await expect.poll(async () => (await primaryAction(page))?.label, {timeout: 60_000}).toBe('Record medical review')
      await expect.poll(async () => (await menuActions(page)).map((item) => item.label), {timeout: 30_000, interval: 1_000}).not.toContain('Publish')
      const dialog = await openReviewDialog(page)
      await dialog.getByTestId('record-review-reviewer').selectOption(REVIEWER)
      expect(await dialog.getByTestId('record-review-credential').first().getAttribute('data-standing')).toBe('valid')
      expect(await dialog.getByTestId('record-review-evidence-required').count()).toBe(0)
      await shot(page, '03a-reviewer-dialog')
      await dialog.getByTestId('confirm-record-review').click()
      await expect.poll(() => dialog.count(), {timeout: 30_000}).toBe(0)
      // The verdict reloads: nothing blocks the article any more, so "Why can't I publish?" goes away.
      await expect
        .poll(async () => (await menuActions(page)).map((item) => item.label), {timeout: 60_000, interval: 1_000})
        .not.toContain("Why can't I publish?")
    })
    const [latest] = await reviewsInLake()
    expect(latest).toMatchObject({
      _type: 'factCheck.review',
      article: {_ref: ARTICLE_ID},
      reviewer: {_ref: REVIEWER},
      checkedBy: {id: 'p-sam', name: 'Sam Adeyemi', roles: ['medical-reviewer']},
    })
    expect(Date.parse(latest.checkedAt)).toBeGreaterThanOrEqual(before - 60_000)
    expect(latest.nextReviewDue > new Date().toISOString().slice(0, 10)).toBe(true)
  }, STEP_TIMEOUT)

  it('the editor can publish the revised article, and the lake accepts it', async () => {
    await asUser('p-priya', '04-editor-publishes', async (page) => {
      await openArticle(page)
      await expect.poll(() => publishButton(page).isEnabled(), {timeout: 60_000}).toBe(true)
      await publishFromFooter(page, async () => (await lake.client('p-priya').getDocument<ArticleDoc>(ARTICLE_ID))?.title === NEW_TITLE)
    })
    expect(await lake.client('p-priya').getDocument(DRAFT_ID)).toBeUndefined()
  }, STEP_TIMEOUT)

  it('with the article open, Publish turns on within seconds of the last approval and review landing, with no reload', async () => {
    const priya = lake.client('p-priya')
    const id = ARTICLE.oliveOil
    const published = await priya.getDocument<ArticleDoc>(id)
    const block = (published?.body ?? []).find((b) => b._type === 'block' && (b as {markDefs?: Array<{_type: string}>}).markDefs?.some((d) => d._type === 'medicalClaim')) as
      | {_key: string; markDefs: Array<{_type: string; _key: string}>; children: Array<{_key: string; marks?: string[]; text: string}>}
      | undefined
    const claimKey = block?.markDefs.find((d) => d._type === 'medicalClaim')?._key
    const span = block?.children.find((c) => claimKey && c.marks?.includes(claimKey))
    if (!block || !claimKey || !span) throw new Error('the olive oil article has no claim to edit')
    const edited = `${span.text} (revised)`
    await priya.action({actionType: 'sanity.action.document.edit', draftId: `drafts.${id}`, publishedId: id, patch: {set: {[`body[_key=="${block._key}"].children[_key=="${span._key}"].text`]: edited}}} as never)
    await asUser('p-priya', '05-live-verdict', async (page) => {
      await page.goto(`${lake.running.url}/intent/edit/id=${id};type=article/`)
      await expect.poll(async () => (await primaryAction(page))?.label, {timeout: 90_000}).toBe("Why can't I publish?")
      // Studio validated the article as it was; the decisions now land through the API, as another user's would.
      const draft = (await priya.getDocument<ArticleDoc>(`drafts.${id}`))!
      const input = await loadPolicyInput(priya as never, draft, new Date())
      const verdict = evaluateArticle(input)
      // The edited claim, and any other claim of its paragraph (an approval covers the paragraph too).
      const waiting = verdict.claims.filter((c) => c.status !== 'approved')
      expect(waiting.map((c) => c.claim.key)).toContain(claimKey)
      expect(waiting.every((c) => c.claim.blockKey === block._key)).toBe(true)
      for (const c of waiting) {
        await lake.client('p-dana').create({_id: `approval-live-${c.claim.key}`, _type: 'factCheck.approval', article: {_type: 'reference', _ref: id, _weak: true}, claimKey: c.claim.key, fingerprint: c.fingerprint} as never)
      }
      await lake.client('p-sam').create({
        _id: 'review-live',
        _type: 'factCheck.review',
        article: {_type: 'reference', _ref: id, _weak: true},
        reviewer: {_type: 'reference', _ref: REVIEWER, _weak: true},
        fingerprint: reviewFingerprint(draft, REVIEWER, (input.experts as ExpertDoc[]).find((e) => e._id === REVIEWER)),
        nextReviewDue: new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10),
      } as never)
      const landed = Date.now()
      await expect.poll(() => publishButton(page).isEnabled(), {timeout: 30_000, interval: 100}).toBe(true)
      const waited = Date.now() - landed
      await shot(page, '05-live-verdict-publish-enabled')
      expect(waited, `Publish turned on ${waited} ms after the decisions landed`).toBeLessThan(3_000)
      await publishFromFooter(page, async () => JSON.stringify((await priya.getDocument<ArticleDoc>(id))?.body).includes('(revised)'))
    })
  }, STEP_TIMEOUT)
})
