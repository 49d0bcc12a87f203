/**
 * What the Studio shows after corrections, in a real browser (the built Studio on a seeded lake,
 * Debian's Chromium): an article the lake withdrew carries a "Withdrawn" badge saying why, the
 * fact-check queue lists it to review again, and a credential edited after its verification reads
 * "Changed since it was verified". Screenshots land in test-results/corrections/.
 */
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {extractClaims} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE} from '../../seed/ids.ts'
import {chromiumAvailability} from '../fixtures/browser.ts'
import {requireBuiltStudio, startSeededStudio, type SeededStudio} from '../fixtures/seeded-studio.ts'
import {stepRunner} from '../fixtures/studio-steps.ts'
import type {TestLake} from '../lake/helpers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'test-results', 'corrections')
const WITHDRAWN = ARTICLE.oliveOil

const chromium = chromiumAvailability('corrections browser test')
if (chromium.available) requireBuiltStudio()

let studio: SeededStudio | undefined
let lake: TestLake

const asUser = stepRunner(() => studio!, SHOTS)

describe.skipIf(!chromium.available)('corrections in the Studio (Chromium)', () => {
  beforeAll(async () => {
    studio = await startSeededStudio(SHOTS)
    lake = studio.lake
  }, 120_000)

  afterAll(async () => {
    await studio?.close()
  })

  it('a revoked credential withdraws the article; the editor sees it Withdrawn, and why', async () => {
    const dana = lake.client('p-dana')
    const article = await dana.getDocument<ArticleDoc>(WITHDRAWN)
    const expertId = extractClaims(article?.body).find((claim) => claim.expertId)?.expertId
    if (!expertId) throw new Error(`${WITHDRAWN} has no attributed claim`)
    const expert = await dana.getDocument<{credentials: Array<{_key: string}>}>(expertId)
    const revoke: Record<string, unknown> = {}
    for (const credential of expert?.credentials ?? []) revoke[`credentials[_key=="${credential._key}"].verification.status`] = 'revoked'
    await dana.patch(expertId).set(revoke).commit()
    expect(await dana.getDocument(WITHDRAWN)).toBeUndefined()

    await asUser('p-priya', '01-editor-sees-withdrawn', async (page) => {
      await page.goto(`${lake.running.url}/intent/edit/id=${WITHDRAWN};type=article/`)
      const badge = page.getByText('Withdrawn', {exact: true}).filter({visible: true}).first()
      await badge.waitFor({timeout: 90_000})
      await badge.hover()
      await page.getByText(/Taken off the site on \d{4}-\d{2}-\d{2} after revocation \(p-dana\)/).filter({visible: true}).first().waitFor({timeout: 30_000})
    })
  }, 180_000)

  it('the fact-check queue lists the withdrawn article to review again', async () => {
    await asUser('p-dana', '02-queue-lists-withdrawn', async (page) => {
      await page.goto(`${lake.running.url}/fact-check`)
      const section = page.getByTestId('fact-check-queue-withdrawn')
      await section.waitFor({timeout: 90_000})
      const row = section.locator(`[data-testid="withdrawn-item"][data-article-id="${WITHDRAWN}"]`)
      await row.waitFor({timeout: 30_000})
      expect(await row.innerText()).toMatch(/after revocation \(p-dana\)[\s\S]*revoked/)
    })
  }, 180_000)

  it('a credential edited after its verification reads "Changed since it was verified"', async () => {
    const admin = lake.client('p-morgan')
    await admin.create({
      _id: 'expert-browser-changed',
      _type: 'expert',
      name: 'Dr. Mira Quell',
      credentials: [{_key: 'lic', _type: 'credential', kind: 'licence', profession: 'physician', issuer: 'us-state-medical-board', title: 'Medical licence', specialty: 'dermatology', expiresOn: '2099-12-31', verification: {_type: 'credentialVerification', status: 'verified', evidence: 'State board lookup'}}],
    })
    await lake.client('p-priya').patch('expert-browser-changed').set({'credentials[_key=="lic"].specialty': 'Cosmetic surgery'}).commit()
    await asUser('p-priya', '03-credential-changed-since-verified', async (page) => {
      await page.goto(`${lake.running.url}/intent/edit/id=expert-browser-changed;type=expert/`)
      // The list already says so; the form says why on the Credentials tab.
      await page.getByText('Changed since it was verified').filter({visible: true}).first().waitFor({timeout: 90_000})
      await page.getByRole('tab', {name: /Credentials/}).click()
      // The list item, and the credential itself once opened.
      const item = page.getByText(/Changed since it was verified · valid through 2099-12-31/).filter({visible: true}).first()
      await item.waitFor({timeout: 60_000})
      await item.click()
      await page.getByText(/Changed since it was verified by .*: a fact-checker must verify it again/).filter({visible: true}).first().waitFor({timeout: 60_000})
    })
  }, 180_000)
})
