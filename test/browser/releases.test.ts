/**
 * Content Releases through the Studio's own Releases tool, in a real browser (the built Studio on a
 * seeded lake, Debian's Chromium): an editor creates a release and runs it, and the site then shows
 * its article; a scheduled release whose expert's credential lapsed before its time does not
 * publish, and the release says why. Screenshots land in test-results/releases/.
 */
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {withVerificationFingerprints} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {chromiumAvailability} from '../fixtures/browser.ts'
import {requireBuiltStudio, startSeededStudio, type SeededStudio} from '../fixtures/seeded-studio.ts'
import {stepRunner} from '../fixtures/studio-steps.ts'
import {approvalFor, articleWithClaim, citation, expert, reviewerExpert, reviewFor} from '../lake/fixtures.ts'
import type {TestLake} from '../lake/helpers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const SHOTS = path.join(ROOT, 'test-results', 'releases')

const chromium = chromiumAvailability('releases browser test')
if (chromium.available) requireBuiltStudio()

let studio: SeededStudio | undefined
let lake: TestLake

const asUser = stepRunner(() => studio!, SHOTS)

/** An article written into a release as its version, approved and reviewed by the fact-checker through the API. */
async function articleInRelease(release: string, id: string, text: string, expertId = expert._id, experts = [expert, reviewerExpert]): Promise<void> {
  const doc = {...articleWithClaim(id, text, {expert: {_type: 'reference', _ref: expertId}}), title: `Releases: ${text}`}
  await lake.client('p-priya').action({actionType: 'sanity.action.document.create', publishedId: id, attributes: {...doc, _id: `versions.${release}.${id}`}, ifExists: 'fail'} as never)
  const dana = lake.client('p-dana')
  await dana.create(approvalFor(doc, undefined, {experts, citations: [citation]}) as never)
  await dana.create(reviewFor(doc) as never)
}

describe.skipIf(!chromium.available)('Content Releases in the Studio (Chromium)', () => {
  beforeAll(async () => {
    studio = await startSeededStudio(SHOTS)
    lake = studio.lake
    const tx = lake.client('p-morgan').transaction()
    for (const doc of [expert, reviewerExpert, citation]) tx.createOrReplace(doc as never)
    await tx.commit()
  }, 120_000)

  afterAll(async () => {
    await studio?.close()
  })

  it('an editor creates a release in the Releases tool, runs it, and the site shows its article', async () => {
    const id = 'article-release-browser'
    await asUser('p-priya', '01-create-release', async (page) => {
      await page.goto(`${lake.running.url}/releases`)
      // The overview loaded (no release yet): a dialog opened before it does is unmounted with the loading view.
      await page.getByText(/Releases are collections of document changes/).waitFor({timeout: 90_000})
      const dialog = page.getByRole('dialog')
      // On a first visit Studio may still suspend and reveal the overview (its lazy parts load),
      // which closes the dialog it owns, before or after the title is typed: the editor then opens
      // it again (three tries at most), as a user would.
      for (let attempt = 1; ; attempt++) {
        const created = await page
          .getByRole('button', {name: /New release/i})
          .filter({visible: true})
          .first()
          .click({timeout: 30_000})
          .then(() => dialog.getByTestId('release-form-title').fill('Spring skin guide', {timeout: 10_000}))
          .then(() => dialog.getByRole('button', {name: /Create release/i}).click({timeout: 10_000}))
          .then(() => page.waitForURL(/\/releases\/r[A-Za-z0-9]+/, {timeout: 30_000}))
          .then(() => true, (error: unknown) => (attempt < 3 ? false : Promise.reject(error)))
        if (created) break
      }
    })
    const [created] = await lake.client('p-priya').fetch<Array<{name: string; state: string}>>('*[_type == "system.release" && metadata.title == "Spring skin guide"]{name, state}')
    expect(created).toMatchObject({state: 'active'})
    await articleInRelease(created.name, id, 'Retinol reduces fine lines.')

    await asUser('p-priya', '02-run-release', async (page) => {
      await page.goto(`${lake.running.url}/releases/${created.name}`)
      await page.getByText('Releases: Retinol reduces fine lines.').filter({visible: true}).first().waitFor({timeout: 90_000})
      const run = page.getByTestId('publish-all-button').filter({visible: true}).first()
      await expect.poll(() => run.isEnabled(), {timeout: 60_000}).toBe(true)
      await run.click()
      await page.getByTestId('confirm-publish-dialog').getByRole('button', {name: /Run release/i}).click()
      await expect.poll(async () => (await lake.client('p-priya').getDocument(`_.releases.${created.name}`))?.state, {timeout: 30_000}).toBe('published')
    })
    expect(await lake.client('p-site').fetch('*[_id == $id][0].title', {id}, {perspective: 'published'})).toBe('Releases: Retinol reduces fine lines.')
  }, 300_000)

  it('a scheduled release whose credential lapsed before its time does not publish, and the release says why', async () => {
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const lapsing = withVerificationFingerprints({...expert, _id: 'expert-lapsing', name: 'Dr. Lee Lapsing', credentials: expert.credentials.map((c) => ({...c, expiresOn: inTenDays}))})
    await lake.client('p-morgan').createOrReplace(lapsing as never)
    const name = 'rLapsing1'
    const priya = lake.client('p-priya')
    await priya.action({actionType: 'sanity.action.release.create', releaseId: name, metadata: {title: 'Next month', releaseType: 'scheduled'}} as never)
    await articleInRelease(name, 'article-release-lapsing', 'Azelaic acid evens tone.', lapsing._id, [lapsing, reviewerExpert])
    const at = new Date(Date.now() + 20 * 86_400_000).toISOString()
    await priya.action({actionType: 'sanity.action.release.edit', releaseId: name, patch: {set: {metadata: {title: 'Next month', releaseType: 'scheduled', intendedPublishAt: at}}}} as never)
    await priya.action({actionType: 'sanity.action.release.schedule', releaseId: name, publishAt: at} as never)
    // The lake's scheduler reaches the release's time (twenty days on, when the credential has lapsed).
    const [outcome] = await lake.running.lake.publishDueReleases(new Date(Date.parse(at) + 1000).toISOString())
    expect(outcome).toMatchObject({release: name, published: false})

    await asUser('p-priya', '03-scheduled-release-failed', async (page) => {
      await page.goto(`${lake.running.url}/releases/${name}`)
      await page.getByText('Failed to schedule').filter({visible: true}).first().waitFor({timeout: 90_000})
      await page.getByText('Error details').filter({visible: true}).first().click()
      await page.getByText(/cannot be published/).filter({visible: true}).first().waitFor({timeout: 30_000})
    })
    expect(await lake.client('p-site').getDocument('article-release-lapsing')).toBeUndefined()
  }, 300_000)
})
