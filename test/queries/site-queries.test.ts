/**
 * The site's queries (queries/site.ts) through `siteQueries()` over the seed, evaluated by
 * groq-js with Sanity's perspectives (test/fixtures/seedClient.ts): what each page gets.
 */
import {createClient} from '@sanity/client'
import {describe, expect, it} from 'vitest'
import {isClaimableCredential} from '../../jsonld/article.ts'
import {siteQueries, type QueryClient} from '../../queries/fetch.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {createSeedClient, type SeedClient} from '../fixtures/seedClient.ts'
import {loadSeed} from '../fixtures/seed.ts'

const WINTER = 'dermatologist-winter-skincare-routine'

function queriesAt(now: string, client: SeedClient = createSeedClient(loadSeed()), options = {}) {
  return {client, queries: siteQueries(client, {now: () => now, options})}
}

// A hosted project's client fits the same interface (checked by `tsc`; no request is made).
const hosted: QueryClient = createClient({projectId: 'abc123', dataset: 'production', apiVersion: '2025-02-19', useCdn: true})
void hosted

describe('siteQueries', () => {
  it('sends every query with the compliance parameters and the published perspective', async () => {
    const {client, queries} = queriesAt(SEED_NOW)
    await queries.article(WINTER)
    await queries.listing()
    const [first, second] = client.queries
    for (const call of [first, second]) {
      expect(call.perspective).toBe('published')
      expect(call.params).toMatchObject({
        today: '2026-11-01',
        factCheckerRoles: ['fact-checker'],
        medicalReviewerRoles: ['medical-reviewer'],
        reviewCovers: 'article',
        maxReviewIntervalDays: 730,
        requireMedicalReview: true,
      })
      expect((call.params.acceptance as unknown[]).length).toBeGreaterThan(5)
    }
    expect(first.params.slug).toBe(WINTER)
    expect(second.params).toMatchObject({start: 0, end: 10})
  })

  it('reads the clock at each call and uses the options given', async () => {
    expect((await queriesAt('2028-01-01T00:00:00Z').queries.listing()).total).toBe(0)
    // In 2028 the seed's reviews are overdue and its verifications (2026-09-01) older than a year.
    expect((await queriesAt('2028-01-01T00:00:00Z', undefined, {requireMedicalReview: false}).queries.listing()).total).toBe(0)
    expect((await queriesAt('2028-01-01T00:00:00Z', undefined, {requireMedicalReview: false, reverifyAfterDays: 730}).queries.listing()).total).toBe(3)
    expect(() => siteQueries(createSeedClient([]), {options: {factCheckerRoles: []}})).toThrow(/factCheckerRoles/)
  })
})

describe('the article page query', () => {
  it('gives each claim its expert, the credentials that qualify them (verified, current) and its citations', async () => {
    const {queries} = queriesAt(SEED_NOW)
    const article = await queries.article(WINTER)
    expect(article).not.toBeNull()
    const claims = (article?.body ?? []).flatMap((b) => (b._type === 'block' ? (b.markDefs ?? []) : [])).filter((d) => d._type === 'medicalClaim')
    expect(claims.map((c) => c._key)).toEqual(['claim-winter-lips-scalp', 'claim-winter-dry-air'])
    for (const claim of claims) {
      if (claim._type !== 'medicalClaim') continue
      expect(claim.expert).toMatchObject({name: 'Dr. Rebecca Bialas', slug: 'rebecca-bialas'})
      expect(claim.expertCredentials?.map((c) => c.title)).toEqual(['Medical licence (dermatology practice)'])
      expect(claim.expertCredentials?.every((c) => isClaimableCredential(c, SEED_NOW))).toBe(true)
      expect(claim.citations?.map((c) => c.title)).toEqual(['Interview with Dr. Rebecca Bialas on winter skin care', 'Cold air, indoor heating and water loss through the skin: an example narrative review'])
    }
    expect(article?.medicalReview).toMatchObject({reviewedAt: '2026-09-18T16:00:00.000Z', nextReviewDue: '2027-09-18', reviewer: {name: 'Dr. Ava Shamban'}})
    expect(article?.medicalReview?.reviewer?.credentials?.map((c) => c.title)).toEqual(['Board certification in dermatology'])
  })

  it('shows only a medical review that counts, even where reviews are optional', async () => {
    // On 2028-01-01 every seed review is overdue: with reviews optional (and verifications counting two years) the article is served, without one.
    const {queries} = queriesAt('2028-01-01T00:00:00Z', undefined, {requireMedicalReview: false, reverifyAfterDays: 730})
    const article = await queries.article(WINTER)
    expect(article).not.toBeNull()
    expect(article?.medicalReview).toBeNull()
    expect((await queries.listing()).articles.every((a) => a.medicalReview === null)).toBe(true)
    expect((await queries.expert('ava-shamban'))?.reviewed).toEqual([])
  })

  it('shows the latest review of the text as it reads, by whoever reviewed that one', async () => {
    const seed = loadSeed()
    const original = seed.find((d) => d._id === 'review-article-winter-skincare')!
    const bialas = seed.find((d) => d._id === 'expert-rebecca-bialas')!
    // Dr. Bialas (a licensed physician) reviews the same text later; a still later review of an earlier text does not count.
    const later = {
      ...original,
      _id: 'review-article-winter-skincare-bialas',
      reviewer: {_type: 'reference', _ref: bialas._id, _weak: true},
      fingerprint: (original.fingerprint as string).replace('expert-ava-shamban|Dr. Ava Shamban|', `${bialas._id}|${bialas.name as string}|`),
      checkedAt: '2026-10-20T09:00:00.000Z',
    }
    const stale = {...original, _id: 'review-article-winter-skincare-stale', fingerprint: `${original.fingerprint as string}|b|normal||An earlier paragraph.`, checkedAt: '2026-10-25T09:00:00.000Z'}
    const {queries} = queriesAt(SEED_NOW, createSeedClient([...seed, later, stale]))
    const article = await queries.article(WINTER)
    expect(article?.medicalReview).toMatchObject({reviewedAt: '2026-10-20T09:00:00.000Z', reviewer: {name: 'Dr. Rebecca Bialas'}})
    expect((await queries.expert('rebecca-bialas'))?.reviewed.map((a) => a.slug)).toEqual([WINTER])
    expect((await queries.expert('ava-shamban'))?.reviewed.map((a) => a.slug)).toEqual(['omega-3-hair-skin-nails', 'olive-oil-on-skin'])
    const listed = (await queries.listing()).articles.find((a) => a.slug === WINTER)
    expect(listed?.medicalReview?.reviewer?.name).toBe('Dr. Rebecca Bialas')
  })

  it('returns null for a draft-only article and for an unknown slug', async () => {
    const {queries} = queriesAt(SEED_NOW)
    expect(await queries.article('micro-needling-risks-and-benefits')).toBeNull()
    expect(await queries.article('no-such-article')).toBeNull()
  })
})

describe('the listing, expert, procedure and sitemap queries', () => {
  it('pages through compliant articles, newest first', async () => {
    const {queries} = queriesAt(SEED_NOW)
    const first = await queries.listing(1, 2)
    expect(first.total).toBe(3)
    expect(first.articles.map((a) => a.slug)).toEqual(['omega-3-hair-skin-nails', 'olive-oil-on-skin'])
    expect((await queries.listing(2, 2)).articles.map((a) => a.slug)).toEqual([WINTER])
    expect((await queries.listing(3, 2)).articles).toEqual([])
  })

  it('lists what an expert vouches for and reviewed, with their current credentials only', async () => {
    const {queries} = queriesAt(SEED_NOW)
    const bialas = await queries.expert('rebecca-bialas')
    expect(bialas?.vouchedFor.map((a) => a.slug)).toEqual([WINTER])
    const shamban = await queries.expert('ava-shamban')
    expect(shamban?.reviewed.map((a) => a.slug)).toEqual(['omega-3-hair-skin-nails', 'olive-oil-on-skin', WINTER])
    const expired = await queries.expert('owen-pryce')
    expect(expired?.credentials).toEqual([])
    const unverified = await queries.expert('jamie-ortiz')
    expect(unverified?.credentials).toEqual([])
  })

  it('gives a procedure its risks and contraindications', async () => {
    const {queries} = queriesAt(SEED_NOW)
    const procedure = await queries.procedure('micro-needling')
    expect(procedure?.risks?.map((r) => r.name)).toContain('Infection')
    expect(procedure?.contraindications).toContain('Rosacea')
    expect(procedure?.articles).toEqual([])
  })

  it('lists servable articles, experts and procedures for the sitemap', async () => {
    const {queries} = queriesAt(SEED_NOW)
    const sitemap = await queries.sitemap()
    expect(sitemap.articles.map((a) => a.slug).sort()).toEqual(['dermatologist-winter-skincare-routine', 'olive-oil-on-skin', 'omega-3-hair-skin-nails'])
    expect(sitemap.experts.length).toBe(9)
    expect(sitemap.procedures.map((p) => p.slug)).toEqual(['micro-needling'])
    expect(await queries.compliantArticleIds()).toEqual(['article-olive-oil-skin', 'article-omega-3-hair-skin-nails', 'article-winter-skincare'])
  })
})

describe('types are part of identity in the site queries', () => {
  const retyped = (changes: Record<string, string>) => loadSeed().map((doc) => (changes[doc._id] ? {...doc, _type: changes[doc._id]} : doc))

  it('follows a reference only to a document of the type it is for', async () => {
    const {queries} = queriesAt(SEED_NOW, createSeedClient(retyped({'category-skin-care': 'writer', 'risk-infection': 'procedure'})))
    const article = await queries.article(WINTER)
    expect(article).not.toBeNull()
    expect(article?.category).toBeNull()
    const procedure = await queries.procedure('micro-needling')
    expect(procedure?.risks?.map((r) => r.name)).not.toContain('Infection')
    expect(procedure?.risks?.length).toBeGreaterThan(0)
  })

  it('serves no article whose expert or reviewer is a document of another type', async () => {
    expect(await queriesAt(SEED_NOW, createSeedClient(retyped({'expert-rebecca-bialas': 'writer'}))).queries.article(WINTER)).toBeNull()
    expect(await queriesAt(SEED_NOW, createSeedClient(retyped({'expert-ava-shamban': 'writer'}))).queries.listing()).toMatchObject({total: 0})
  })

  it('lists an expert\'s credential only while its verification matches the credential and the name', async () => {
    const edited = loadSeed().map((doc) =>
      doc._id === 'expert-rebecca-bialas' ? {...doc, credentials: (doc.credentials as Array<Record<string, unknown>>).map((c) => ({...c, expiresOn: '2099-12-31'}))} : doc,
    )
    const {queries} = queriesAt(SEED_NOW, createSeedClient(edited))
    const bialas = await queries.expert('rebecca-bialas')
    expect(bialas?.credentials).toEqual([])
    expect(bialas?.vouchedFor).toEqual([])
    expect(await queries.article(WINTER)).toBeNull()
    const renamed = loadSeed().map((doc) => (doc._id === 'expert-ava-shamban' ? {...doc, name: 'Dr. A. Shamban'} : doc))
    const shamban = await queriesAt(SEED_NOW, createSeedClient(renamed)).queries.expert('ava-shamban')
    expect(shamban?.credentials).toEqual([])
    expect(shamban?.reviewed).toEqual([])
  })
})
