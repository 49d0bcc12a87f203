/**
 * The whole editorial flow in a real browser: the built Studio (dist/, from the test command's
 * build step) served by a local Content Lake seeded with seed/dataset.ndjson, driven in Debian's
 * Chromium. Screenshots of each step land in test-results/editorial-flow/.
 */
import path from 'node:path'
import type {BrowserContext, Locator, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {extractClaims} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE, EXPERT} from '../../seed/ids.ts'
import {chromiumAvailability, studioPage, type LocalBrowser} from '../fixtures/browser.ts'
import {attributeSeedClaims} from '../fixtures/seed-edits.ts'
import {menuActions, openDocument, primaryAction, publishFromFooter, runAction} from '../fixtures/studio-steps.ts'
import {requireBuiltStudio, startSeededStudio, type SeededStudio} from '../fixtures/seeded-studio.ts'
import type {TestLake} from '../lake/helpers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'test-results', 'editorial-flow')
const ARTICLE_ID = ARTICLE.microNeedling
const DRAFT_ID = `drafts.${ARTICLE_ID}`
/** The claim the editor attributes by hand in the browser: a cost claim, which any verified credential backs. */
const CLAIM_BY_HAND = 'claim-cost'
const SHAMBAN = EXPERT.avaShamban

const chromium = chromiumAvailability('editorial flow browser test')
if (chromium.available) requireBuiltStudio()

const STEP_TIMEOUT = 180_000

let studio: SeededStudio | undefined
let lake: TestLake
let browser: LocalBrowser

const clientAs = (userId: string) => lake.client(userId)

function signedInPage(userId: string): Promise<{context: BrowserContext; page: Page}> {
  return studioPage(browser, lake.user(userId).token)
}

function openArticle(page: Page): Promise<void> {
  return openDocument(page, lake.running.url, ARTICLE_ID, 'article')
}


async function actionLabels(page: Page): Promise<string> {
  await page.getByTestId('action-menu-button').click()
  const menu = await page.getByRole('menu').innerText()
  await page.keyboard.press('Escape')
  return `${await page.locator('[data-testid^="action-"]').allInnerTexts()} ${menu}`
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({path: path.join(SHOTS, `${name}.png`), fullPage: false})
}

/** Runs a step as a signed-in user; on failure keeps a screenshot of what the page showed. */
async function asUser(userId: string, step: string, run: (page: Page) => Promise<void>): Promise<void> {
  const {context, page} = await signedInPage(userId)
  try {
    await run(page)
  } catch (error) {
    await shot(page, `FAILED-${step}`).catch(() => undefined)
    throw error
  } finally {
    await context.close()
  }
}

/** Whether the document header's "Published" chip is live (it is greyed out while nothing is published). */
function publishedChipEnabled(page: Page): Promise<boolean> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, a, [role="button"]')].some((el) => {
      const html = el as HTMLElement
      return html.innerText?.trim() === 'Published' && html.offsetParent !== null && !html.hasAttribute('disabled') && !html.hasAttribute('data-disabled')
    }),
  )
}

function publishButton(page: Page) {
  return page.getByTestId('action-publish')
}

describe.skipIf(!chromium.available)('editorial flow in the Studio (Chromium)', () => {
  beforeAll(async () => {
    studio = await startSeededStudio(SHOTS)
    lake = studio.lake
    browser = studio.browser
  }, 120_000)

  afterAll(async () => {
    await studio?.close()
  })

  it("an editor sees \"Why can't I publish?\" first, with the reasons, and Publish disabled, on the seed article", async () => {
    await asUser('p-priya', 'editor-sees-reasons', async (page) => {
    await openArticle(page)
    // The blocked editor's leading action says why; Publish waits in the menu, disabled.
    await expect.poll(async () => (await primaryAction(page))?.label, {timeout: 60_000}).toBe("Why can't I publish?")
    expect(await menuActions(page)).toContainEqual({label: 'Publish', disabled: true})
    expect(await publishedChipEnabled(page)).toBe(false)
    await shot(page, '01-editor-publish-disabled')

    const dialog = page.getByTestId('publish-blockers-dialog')
    await runAction(page, "Why can't I publish?", dialog)
    await expect.poll(() => dialog.getByTestId('publish-blocker-claim').count()).toBeGreaterThan(5)
    const text = await dialog.innerText()
    expect(text).toContain('not attributed to an expert')
    expect(text).toContain('R. Brannon Claytor has no credential on file')
    await shot(page, '02-editor-publish-reasons')

    // No approve button anywhere for an editor.
    expect(await page.getByTestId('approve-button').count()).toBe(0)
    await page.keyboard.press('Escape')
    expect(await actionLabels(page)).not.toMatch(/Fact-check claims/)
    })
  }, STEP_TIMEOUT)

  it('the editor attributes an unattributed claim to a credentialed expert', async () => {
    await asUser('p-priya', 'editor-attributes', async (page) => {
    await openArticle(page)
    await expect.poll(async () => (await primaryAction(page))?.label, {timeout: 60_000}).toBe("Why can't I publish?")
    const dialog = page.getByTestId('publish-blockers-dialog')
    const select = dialog.locator(`[data-testid="attribute-expert-select"][data-claim-key="${CLAIM_BY_HAND}"]`)
    // The dialog lists the experts once they have loaded (and is opened again if the pane reloads).
    await expect
      .poll(
        async () => {
          if (!(await dialog.isVisible())) await runAction(page, "Why can't I publish?", dialog)
          return select.isEnabled({timeout: 5_000}).catch(() => false)
        },
        {timeout: 120_000, interval: 1_000},
      )
      .toBe(true)
    await select.selectOption(SHAMBAN)
    await expect
      .poll(async () => {
        const draft = await clientAs('p-priya').getDocument<ArticleDoc>(DRAFT_ID)
        return extractClaims(draft?.body).find((c) => c.key === CLAIM_BY_HAND)?.expertId
      }, {timeout: 30_000})
      .toBe(SHAMBAN)
    await shot(page, '03-editor-attributed-claim')
    })
  }, STEP_TIMEOUT)

  it('the remaining editorial fixes go in through the API as the editor, and the lake records them as hers', async () => {
    // Attributing every claim by hand would repeat the step above many times; these edits go
    // through the same Actions API the Studio uses, as the same editor.
    const editor = clientAs('p-priya')
    await attributeSeedClaims(editor as never)
    const history = await editor.request<string>({url: `/data/history/production/transactions/${DRAFT_ID}?excludeContent=true`})
    expect(String(history)).toContain('p-priya')
  }, STEP_TIMEOUT)

  it('a fact-checker signs in and approves the claims', async () => {
    await asUser('p-dana', 'fact-checker-approves', async (page) => {
    await openArticle(page)
    // A fact-checker's own action leads the footer, and there is no Publish they could not use.
    await expect.poll(async () => (await primaryAction(page))?.label, {timeout: 60_000}).toMatch(/^Fact-check claims \(\d+\)$/)
    await expect.poll(async () => (await menuActions(page)).map((item) => item.label), {timeout: 30_000, interval: 1_000}).not.toContain('Publish')
    const panel = page.getByTestId('fact-check-panel')
    const openPanel = () => runAction(page, /Fact-check claims/, panel)
    await openPanel()
    // The panel lists the claims once the article's data has loaded (and is opened again if the pane reloads).
    await expect
      .poll(
        async () => {
          if ((await panel.count()) === 0) await openPanel()
          return panel.getByTestId('claim-row').count()
        },
        {timeout: 90_000, interval: 1_000},
      )
      .toBe(20)
    await shot(page, '04-fact-checker-panel')
    for (let round = 0; round < 60; round++) {
      if ((await panel.count()) === 0) await openPanel()
      const awaiting = panel.locator('[data-testid="claim-row"][data-claim-status="awaitingFactCheck"]')
      const waiting = await awaiting.count()
      if (waiting === 0) break
      await awaiting.first().getByTestId('approve-button').click()
      await panel.getByTestId('confirm-approve-button').click()
      await expect.poll(() => awaiting.count(), {timeout: 30_000}).toBeLessThan(waiting)
    }
    await expect.poll(() => panel.locator('[data-testid="claim-row"][data-claim-status="approved"]').count(), {timeout: 60_000}).toBe(20)
    await shot(page, '05-fact-checker-approved-all')
    })
  }, STEP_TIMEOUT)

  it('the editor publishes, and a reload shows the article published', async () => {
    await asUser('p-priya', 'editor-publishes', async (page) => {
    await openArticle(page)
    await expect.poll(() => publishButton(page).isEnabled(), {timeout: 60_000}).toBe(true)
    await shot(page, '06-editor-publish-enabled')
    await publishFromFooter(page, async () => (await clientAs('p-priya').getDocument(ARTICLE_ID))?._id === ARTICLE_ID)
    await page.reload()
    // After the reload the footer says when it was published, the badge shows every claim approved,
    // and with no draft left there is nothing to publish.
    await expect.poll(() => publishedChipEnabled(page), {timeout: 60_000}).toBe(true)
    await page.getByText('20/20 approved').filter({visible: true}).first().waitFor({timeout: 60_000})
    await expect.poll(() => publishButton(page).isDisabled(), {timeout: 30_000}).toBe(true)
    await shot(page, '07-editor-published-after-reload')
    expect(await clientAs('p-priya').getDocument(DRAFT_ID)).toBeUndefined()
    })
  }, STEP_TIMEOUT)
})
