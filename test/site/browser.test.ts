/**
 * The reference site in Chromium: the seed article's page as a reader sees it (claims with
 * footnotes naming expert and credential, the review line, next review date, sources, JSON-LD in
 * the head), and 404s for an unpublished and a non-compliant article.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startSite, type RunningSite} from '../../site/server.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {chromiumAvailability, launchChromium, type LocalBrowser} from '../fixtures/browser.ts'
import {DRAFT_SLUG, DRIFTED_SLUG, WINTER_SLUG, startTestLake, type LakeFixture} from './lakeFixture.ts'

const chromium = chromiumAvailability('site browser tests')

describe.skipIf(!chromium.available)('the reference site in Chromium', () => {
  let fixture: LakeFixture
  let site: RunningSite
  let browser: LocalBrowser

  beforeAll(async () => {
    fixture = await startTestLake()
    site = await startSite({lakeUrl: fixture.lake.url, token: fixture.tokens['p-morgan'], port: 0, now: () => SEED_NOW})
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
    await fixture?.close()
  })

  it('shows the seed article with its claims, footnotes, review and sources', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const response = await page.goto(`${site.url}/articles/${WINTER_SLUG}`)
    expect(response?.status()).toBe(200)
    expect(await page.locator('h1').innerText()).toBe('A dermatologist’s winter skin-care routine')

    const review = page.getByTestId('medical-review')
    expect(await review.innerText()).toBe('Medically reviewed by Dr. Ava Shamban (Board certification in dermatology) on 18 September 2026')
    expect(await page.getByTestId('next-review').innerText()).toBe('Next review due 18 September 2027')

    // Each claim is marked and numbered; its footnote names the expert and the credential.
    const claims = page.locator('.body .claim')
    expect(await claims.count()).toBe(2)
    const refs = page.locator('.body sup.claim-ref a')
    expect(await refs.allInnerTexts()).toEqual(['1', '2'])
    await refs.first().click()
    expect(page.url()).toMatch(/#claim-1$/)
    const footnote = page.locator('#claim-1')
    expect(await footnote.innerText()).toContain('Vouched for by Dr. Rebecca Bialas, MD, MPH: Medical licence (dermatology practice) (State medical board).')
    expect(await footnote.getByRole('link', {name: 'Dr. Rebecca Bialas, MD, MPH'}).getAttribute('href')).toBe('/experts/rebecca-bialas')
    expect(await page.locator('#claim-2').innerText()).toContain('cold outdoor air and indoor heating')

    const sources = page.locator('section.sources li')
    expect(await sources.allInnerTexts()).toEqual([
      expect.stringContaining('Interview with Dr. Rebecca Bialas on winter skin care'),
      expect.stringContaining('Cold air, indoor heating and water loss through the skin'),
    ])

    // JSON-LD in the head.
    const scripts = await page.locator('head script[type="application/ld+json"]').allTextContents()
    expect(scripts).toHaveLength(1)
    const jsonLd = JSON.parse(scripts[0]) as Record<string, unknown>
    expect(jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'MedicalWebPage',
      lastReviewed: '2026-09-18',
      reviewedBy: {'@type': 'Person', name: 'Dr. Ava Shamban', hasCredential: [{'@type': 'EducationalOccupationalCredential', name: 'Board certification in dermatology'}]},
    })
    expect(context.blockedRequests).toEqual([])
    await context.close()
  })

  it('answers 404 for an unpublished article and for a non-compliant published one', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    for (const slug of [DRAFT_SLUG, DRIFTED_SLUG]) {
      const response = await page.goto(`${site.url}/articles/${slug}`)
      expect(response?.status(), slug).toBe(404)
      expect(await page.locator('h1').innerText()).toBe('Page not found')
    }
    await context.close()
  })

  it('lists the article on the home page and follows the link to it', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${site.url}/`)
    await page.getByRole('link', {name: 'A dermatologist’s winter skin-care routine'}).click()
    await page.waitForURL(`**/articles/${WINTER_SLUG}`)
    expect(await page.locator('h1').innerText()).toBe('A dermatologist’s winter skin-care routine')
    expect(await page.getByRole('link', {name: /Winter skin care \(edited/}).count()).toBe(0)
    await context.close()
  })
})
