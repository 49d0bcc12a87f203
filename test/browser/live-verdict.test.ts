/**
 * The verdict follows the editor's typing, in a real browser (the built Studio on a seeded lake,
 * Debian's Chromium): with the seed article passing, a letter typed into an approved claim turns
 * the badge to "changed since approval" and Publish off before the form has saved it, and taking
 * the letter out turns both back. Screenshots land in test-results/live-verdict/.
 */
import path from 'node:path'
import type {Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {extractClaims} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE} from '../../seed/ids.ts'
import {chromiumAvailability} from '../fixtures/browser.ts'
import {approveAndReview, attributeSeedClaims} from '../fixtures/seed-edits.ts'
import {requireBuiltStudio, startSeededStudio, type SeededStudio} from '../fixtures/seeded-studio.ts'
import {caretAfter, openDocument, screenshot, stepRunner} from '../fixtures/studio-steps.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'test-results', 'live-verdict')
const DRAFT_ID = `drafts.${ARTICLE.microNeedling}`
const COST = 'claim-cost'

const chromium = chromiumAvailability('live verdict browser test')
if (chromium.available) requireBuiltStudio()

let studio: SeededStudio | undefined
const asUser = stepRunner(() => studio!, SHOTS)
const shot = screenshot(SHOTS)

async function costText(): Promise<string | undefined> {
  const draft = await studio!.lake.client('p-priya').getDocument<ArticleDoc>(DRAFT_ID)
  return extractClaims(draft?.body).find((c) => c.key === COST)?.text
}

/** The footer as the editor reads it: its badge and whether Publish can be clicked. */
function footer(page: Page): Promise<{text: string; publish: boolean}> {
  return page.evaluate(() => {
    const pane = document.querySelector<HTMLElement>('[data-testid="pane-footer"]')
    const button = pane?.querySelector<HTMLButtonElement>('[data-testid="action-publish"]')
    return {text: pane?.innerText ?? '', publish: Boolean(button && !button.disabled && button.getAttribute('data-disabled') !== 'true')}
  })
}

describe.skipIf(!chromium.available)('the verdict as the editor types (Chromium)', () => {
  beforeAll(async () => {
    studio = await startSeededStudio(SHOTS)
    await attributeSeedClaims(studio.lake.client('p-priya') as never)
    await approveAndReview(studio.lake, ARTICLE.microNeedling)
  }, 120_000)

  afterAll(async () => {
    await studio?.close()
  })

  it('a letter typed into an approved claim voids its approval at once, and taking it out restores it', async () => {
    const original = await costText()
    expect(original).toContain('usually costs')
    await asUser('p-priya', '01-type-in-claim', async (page) => {
      await openDocument(page, studio!.lake.running.url, ARTICLE.microNeedling, 'article')
      await expect.poll(() => footer(page), {timeout: 90_000}).toMatchObject({text: expect.stringContaining('20/20 approved'), publish: true})
      await shot(page, '01-passing')

      await caretAfter(page, 'usually')
      await page.keyboard.type('x')
      // The badge and Publish count the keystroke (bench/studio-browser.ts measures how soon: before
      // the editor hands it to the form, which waits for typing to pause).
      await expect.poll(() => footer(page), {timeout: 30_000}).toMatchObject({text: expect.stringMatching(/changed since approval · 1[89]\/20 approved/), publish: false})
      await shot(page, '02-typed')
      await expect.poll(costText, {timeout: 30_000}).toContain('usuallyx costs')

      await page.keyboard.press('Backspace')
      await expect.poll(() => footer(page), {timeout: 30_000}).toMatchObject({text: expect.stringContaining('20/20 approved'), publish: true})
      await expect.poll(costText, {timeout: 30_000}).toBe(original)
      await shot(page, '03-restored')
    })
  }, 300_000)
})
