/**
 * The publish gate in the Studio, in a real browser (the built Studio on the lake in its hosted-like
 * mode with the kit's roles applied, Debian's Chromium): an editor who may not publish asks for
 * publication; the gate Function publishes a draft that passes, and refuses one that does not, and
 * the editor is told which, and why. Screenshots land in test-results/publish-gate/.
 */
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {chromiumAvailability} from '../fixtures/browser.ts'
import {requireBuiltStudio, startSeededStudio, type SeededStudio} from '../fixtures/seeded-studio.ts'
import {openDocument, runAction, stepRunner} from '../fixtures/studio-steps.ts'
import {approvalFor, articleWithClaim, citation, expert, reviewerExpert, reviewFor} from '../lake/fixtures.ts'
import type {TestLake} from '../lake/helpers.ts'
import {applyKitRoles} from '../hosted/helpers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'test-results', 'publish-gate')

const chromium = chromiumAvailability('publish gate browser test')
if (chromium.available) requireBuiltStudio()

let studio: SeededStudio | undefined
let lake: TestLake

const asUser = stepRunner(() => studio!, SHOTS)

/** An editor's draft of an article, approved and reviewed by the fact-checker unless `approve` is false. */
async function editorDraft(id: string, text: string, approve: boolean): Promise<void> {
  const doc = {...articleWithClaim(id, text), title: `Gate: ${text}`}
  await lake.client('p-priya').create({...doc, _id: `drafts.${id}`} as never)
  if (!approve) return
  await lake.client('p-dana').create(approvalFor(doc) as never)
  await lake.client('p-dana').create(reviewFor(doc) as never)
}

describe.skipIf(!chromium.available)('the publish gate in the Studio (Chromium)', () => {
  beforeAll(async () => {
    studio = await startSeededStudio(SHOTS, {emulateHosted: true})
    lake = studio.lake
    const tx = lake.client('p-morgan').transaction()
    for (const doc of [expert, reviewerExpert, citation]) tx.createOrReplace(doc as never)
    await tx.commit()
    await applyKitRoles(lake, [{userId: 'p-priya', role: 'vouched-editor'}], 'p-morgan')
  }, 180_000)

  afterAll(async () => {
    await studio?.close()
  })

  it('an editor who may not publish requests publication, and the gate publishes a draft that passes', async () => {
    const id = 'article-gate-browser'
    await editorDraft(id, 'Retinol reduces fine lines.', true)
    await asUser('p-priya', '01-request-publication', async (page) => {
      await openDocument(page, lake.running.url, id, 'article')
      await runAction(page, 'Request publication', page.getByText('Published by the publish gate: every claim passed.').first())
    })
    await expect.poll(async () => (await lake.client('p-site').getDocument(id))?._id, {timeout: 30_000}).toBe(id)
  }, 300_000)

  it('a draft that fails is not published, and the editor is told why', async () => {
    const id = 'article-gate-browser-refused'
    await editorDraft(id, 'Vitamin C brightens skin.', false)
    await asUser('p-priya', '02-request-refused', async (page) => {
      await openDocument(page, lake.running.url, id, 'article')
      await runAction(page, 'Request publication', page.getByText('The publish gate did not publish the article.').first())
      await page.getByText(/approv/i).filter({visible: true}).first().waitFor({timeout: 10_000})
    })
    expect(await lake.client('p-site').getDocument(id)).toBeUndefined()
  }, 300_000)
})
