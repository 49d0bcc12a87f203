/**
 * "Why can't I publish?" as an editor's one place to fix a claim, in a real browser (the built
 * Studio on a seeded lake, Debian's Chromium): a risk with no source gets one from the dialog, and a
 * benefit citing a retracted study loses it, each landing in the draft at once; the badge names
 * every category. Screenshots land in test-results/blockers/.
 */
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {extractClaims} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE, CITATION, EXPERT} from '../../seed/ids.ts'
import {chromiumAvailability} from '../fixtures/browser.ts'
import {requireBuiltStudio, startSeededStudio, type SeededStudio} from '../fixtures/seeded-studio.ts'
import {openDocument, runAction, screenshot, stepRunner} from '../fixtures/studio-steps.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'test-results', 'blockers')
const DRAFT_ID = `drafts.${ARTICLE.microNeedling}`
const ALLERGY = 'claim-allergy'
const HAIR = 'claim-benefit-hair'

const chromium = chromiumAvailability('publish blockers browser test')
if (chromium.available) requireBuiltStudio()

let studio: SeededStudio | undefined
const asUser = stepRunner(() => studio!, SHOTS)
const shot = screenshot(SHOTS)

async function draft(): Promise<ArticleDoc> {
  return (await studio!.lake.client('p-priya').getDocument<ArticleDoc>(DRAFT_ID))!
}
const citationsOf = async (key: string) => extractClaims((await draft()).body).find((c) => c.key === key)?.citationIds

describe.skipIf(!chromium.available)('fixing claims from "Why can\'t I publish?" (Chromium)', () => {
  beforeAll(async () => {
    studio = await startSeededStudio(SHOTS)
    // The editor attributed two claims already: a risk with no source, and a benefit citing a retracted study.
    const priya = studio.lake.client('p-priya')
    const claims = extractClaims((await draft()).body)
    const set: Record<string, unknown> = {}
    for (const key of [ALLERGY, HAIR]) {
      const claim = claims.find((c) => c.key === key)!
      set[`body[_key=="${claim.blockKey}"].markDefs[_key=="${key}"].expert`] = {_type: 'reference', _ref: EXPERT.avaShamban}
    }
    await priya.action({actionType: 'sanity.action.document.edit', draftId: DRAFT_ID, publishedId: ARTICLE.microNeedling, patch: {set}} as never)
  }, 120_000)

  afterAll(async () => {
    await studio?.close()
  })

  it('the editor adds a source to a claim that needs one, and removes a retracted one, without leaving the dialog', async () => {
    expect(await citationsOf(ALLERGY)).toEqual([])
    expect(await citationsOf(HAIR)).toEqual([CITATION.retractedHairStudy])
    await asUser('p-priya', '01-fix-evidence', async (page) => {
      await openDocument(page, studio!.lake.running.url, ARTICLE.microNeedling, 'article')
      // The badge names every category, not just the worst.
      await page.getByText(/unattributed · .*need evidence · .*approved/).filter({visible: true}).first().waitFor({timeout: 60_000})
      const dialog = page.getByTestId('publish-blockers-dialog')
      await runAction(page, /Why can.t I publish/, dialog)
      const allergy = dialog.locator(`[data-testid="claim-evidence"][data-claim-key="${ALLERGY}"]`)
      await allergy.waitFor({timeout: 60_000})
      const add = allergy.getByTestId('add-source-select')
      await expect.poll(() => add.isEnabled(), {timeout: 30_000}).toBe(true)
      await add.selectOption(CITATION.collagenStudy)
      await expect.poll(() => citationsOf(ALLERGY), {timeout: 30_000}).toEqual([CITATION.collagenStudy])

      const hair = dialog.locator(`[data-testid="claim-evidence"][data-claim-key="${HAIR}"]`)
      await hair.waitFor({timeout: 30_000})
      expect(await hair.innerText()).toMatch(/\(retracted\)/)
      await hair.getByTestId('remove-source-button').first().click()
      await expect.poll(() => citationsOf(HAIR), {timeout: 30_000}).toEqual([])
      // The dialog stays open; the allergy claim now waits for its fact-check, so its sources are no longer a blocker.
      await expect.poll(() => allergy.count(), {timeout: 30_000}).toBe(0)
      expect(await dialog.isVisible()).toBe(true)
      expect(await dialog.locator(`[data-testid="publish-blocker-claim"][data-claim-key="${ALLERGY}"]`).innerText()).toMatch(/waiting for a fact-checker/i)
      await shot(page, '01-fixed-in-place')
    })
  }, 180_000)
})
