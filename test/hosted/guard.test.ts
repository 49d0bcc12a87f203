/**
 * The hosted enforcement kit against the lake in its hosted-like mode (`--emulate-hosted`): no
 * built-in rules, so every raw write is accepted as hosted Sanity accepts it, and the Blueprint's
 * guard Functions (sanity.blueprint.ts) run on the lake's document events. Every bypass the lake's
 * own enforcement is tested against ends with the article off the site, its content kept as a
 * draft, and a withdrawal record saying why.
 */
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {siteQueries} from '../../queries/fetch.ts'
import {WITHDRAWAL_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {ARTICLE_ID, approvalFor, articleWithClaim, citation, expert, reviewFor, reviewerExpert} from '../lake/fixtures.ts'
import type {TestLake} from '../lake/helpers.ts'
import {startHostedWorld} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let priya: SanityClient
let dana: SanityClient

const settle = () => t.running.functions!.idle()

beforeAll(async () => {
  ;({t, admin, priya, dana} = await startHostedWorld())
}, 60_000)
afterAll(async () => {
  await t?.close()
})

/** A compliant article published by the administrator, approved and reviewed by the fact-checker. */
async function publishCompliant(id: string, text: string): Promise<void> {
  const doc = articleWithClaim(id, text)
  await admin.create({...doc, _id: `drafts.${id}`} as never)
  await dana.create(approvalFor(doc) as never)
  await dana.create(reviewFor(doc) as never)
  await admin.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id} as never)
  await settle()
  expect(await admin.getDocument(id), `${id} should stay published: it passes`).toBeDefined()
}

const compliantIds = () => siteQueries(t.client('viewer')).compliantArticleIds()

/** The article is off the site: not published, its content kept as the draft, and a withdrawal record names it. */
async function expectWithdrawn(id: string, code?: string): Promise<void> {
  await settle()
  expect(await admin.getDocument(id)).toBeUndefined()
  expect(await admin.getDocument(`drafts.${id}`)).toMatchObject({_type: 'article'})
  const records = await admin.fetch<Array<{reasons: Array<{code: string}>; cause: {author: string}}>>(`*[_type == "${WITHDRAWAL_TYPE}" && article._ref == $id]`, {id})
  expect(records.length).toBeGreaterThan(0)
  if (code) expect(records.flatMap((r) => r.reasons.map((reason) => reason.code))).toContain(code)
  expect(await compliantIds()).not.toContain(id)
}

describe('the hosted-like lake accepts what hosted Sanity accepts', () => {
  it('runs no rules of its own: a raw publish of a failing article is accepted', async () => {
    const bad = articleWithClaim('article-raw', 'Retinol reduces fine lines.')
    const res = await admin.createOrReplace(bad as never)
    expect(res._id).toBe('article-raw')
    expect(t.running.enforcement).toBe(false)
    // ... and then the guard takes it off the site.
    await expectWithdrawn('article-raw', 'claim.notApproved')
  })

  it('keeps a compliant article published through its own writes', async () => {
    expect(await admin.getDocument(ARTICLE_ID)).toBeDefined()
    expect(await compliantIds()).toContain(ARTICLE_ID)
  })
})

describe('every bypass ends with the article off the site and the withdrawal recorded', () => {
  it('a patch of a published article', async () => {
    await publishCompliant('article-patched', 'Niacinamide calms redness.')
    await admin.patch('article-patched').set({'body[0].children[0].text': 'Niacinamide cures rosacea.'}).commit()
    await expectWithdrawn('article-patched', 'claim.approvalStale')
  })

  it('a revoked credential (a dependency broken)', async () => {
    const own = {...expert, _id: 'expert-revoked', name: 'Dr. Ren Revoked'}
    const {withVerificationFingerprints} = await import('../../plugins/medical-claims/rules/fingerprints.ts')
    await admin.create(withVerificationFingerprints(own) as never)
    const doc = articleWithClaim('article-revoked', 'Azelaic acid evens tone.', {expert: {_type: 'reference', _ref: own._id}})
    await admin.create({...doc, _id: 'drafts.article-revoked'} as never)
    await dana.create(approvalFor(doc, undefined, {experts: [withVerificationFingerprints(own)], citations: [citation]}) as never)
    await dana.create(reviewFor(doc) as never)
    await admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-revoked', publishedId: 'article-revoked'} as never)
    await settle()
    expect(await admin.getDocument('article-revoked')).toBeDefined()
    await dana.patch(own._id).set({'credentials[_key=="lic"].verification.status': 'revoked'}).commit()
    await expectWithdrawn('article-revoked', 'expert.credentialRevoked')
  })

  it('a retracted source', async () => {
    const source = {...citation, _id: 'citation-retracting', title: 'A trial later retracted'}
    await admin.create(source as never)
    const doc = articleWithClaim('article-retracted', 'Ceramides repair the barrier.', {citations: [{_type: 'reference', _ref: source._id, _key: 'c1'}]})
    await admin.create({...doc, _id: 'drafts.article-retracted'} as never)
    await dana.create(approvalFor(doc, undefined, {experts: [expert, reviewerExpert], citations: [source]}) as never)
    await dana.create(reviewFor(doc) as never)
    await admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-retracted', publishedId: 'article-retracted'} as never)
    await settle()
    expect(await admin.getDocument('article-retracted')).toBeDefined()
    await admin.patch(source._id).set({retracted: true}).commit()
    await expectWithdrawn('article-retracted', 'claim.citationRetracted')
  })

  it("a source named by its draft's id: unresolved, as on the site, so the published article is withdrawn", async () => {
    const source = {...citation, _id: 'citation-by-draft-id', title: 'A trial named by its draft'}
    await admin.create(source as never)
    await admin.create({...source, _id: `drafts.${source._id}`} as never)
    const doc = articleWithClaim('article-draft-ref', 'Ceramides repair the barrier.', {citations: [{_type: 'reference', _ref: `drafts.${source._id}`, _key: 'c1'}]})
    await admin.create({...doc, _id: 'drafts.article-draft-ref'} as never)
    await dana.create(approvalFor(doc, undefined, {experts: [expert, reviewerExpert], citations: [source]}) as never)
    await dana.create(reviewFor(doc) as never)
    await admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-draft-ref', publishedId: 'article-draft-ref'} as never)
    await expectWithdrawn('article-draft-ref', 'claim.citationNotFound')
  })

  it('a deleted approval', async () => {
    await publishCompliant('article-unapproved', 'Peptides support collagen.')
    await dana.delete(approvalFor(articleWithClaim('article-unapproved', 'Peptides support collagen.'))._id)
    await expectWithdrawn('article-unapproved', 'claim.notApproved')
  })

  it("a forged approval and review: written by an editor in the fact-checker's name", async () => {
    const doc = articleWithClaim('article-forged', 'Sunscreen prevents sunburn.')
    await priya.create({...doc, _id: 'drafts.article-forged'} as never)
    await priya.create(approvalFor(doc) as never)
    await priya.create(reviewFor(doc) as never)
    await priya.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-forged', publishedId: 'article-forged'} as never)
    await expectWithdrawn('article-forged', 'claim.notApproved')
  })

  it('a release whose article fails, published through the Actions API', async () => {
    const name = 'rHosted1'
    await priya.action({actionType: 'sanity.action.release.create', releaseId: name, metadata: {title: 'Unchecked', releaseType: 'asap'}} as never)
    const doc = articleWithClaim('article-in-release', 'Vitamin C brightens skin.')
    await priya.action({actionType: 'sanity.action.document.create', publishedId: doc._id, attributes: {...doc, _id: `versions.${name}.${doc._id}`}, ifExists: 'fail'} as never)
    await priya.action({actionType: 'sanity.action.release.publish', releaseId: name} as never)
    expect(await admin.getDocument(`_.releases.${name}`)).toMatchObject({state: 'published'})
    await expectWithdrawn('article-in-release', 'claim.notApproved')
  })

  /** A compliant article with its own expert and source, so that breaking them breaks it alone. */
  async function publishIsolated(id: string): Promise<{expertId: string; citationId: string; reviewId: string}> {
    const {withVerificationFingerprints} = await import('../../plugins/medical-claims/rules/fingerprints.ts')
    const own = withVerificationFingerprints({...expert, _id: `expert-${id}`, name: `Dr. ${id}`})
    const source = {...citation, _id: `citation-${id}`}
    await admin.create(own as never)
    await admin.create(source as never)
    const doc = articleWithClaim(id, `Claim of ${id}.`, {expert: {_type: 'reference', _ref: own._id}, citations: [{_type: 'reference', _ref: source._id, _key: 'c1'}]})
    await admin.create({...doc, _id: `drafts.${id}`} as never)
    await dana.create(approvalFor(doc, undefined, {experts: [own], citations: [source]}) as never)
    const review = reviewFor(doc)
    await dana.create(review as never)
    await admin.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id} as never)
    await settle()
    expect(await admin.getDocument(id)).toBeDefined()
    return {expertId: own._id, citationId: source._id, reviewId: review._id}
  }

  it.each([
    ['a patch of its title (the review covers it)', 'review.stale', (id: string) => admin.patch(id).set({title: 'Retinol cures everything'}).commit()],
    ['a heading added to it', 'review.stale', (id: string) => admin.patch(id).insert('before', 'body[0]', [{_type: 'block', _key: 'h', style: 'h2', markDefs: [], children: [{_type: 'span', _key: 'h1', text: 'A proven cure', marks: []}]}]).commit()],
    ['its expert deleted', 'claim.expertNotFound', (_id: string, refs: {expertId: string}) => admin.delete(refs.expertId)],
    ["its expert's credential let lapse", 'expert.credentialExpired', (_id: string, refs: {expertId: string}) => admin.patch(refs.expertId).set({'credentials[_key=="lic"].expiresOn': '2020-01-01'}).commit()],
    ['its expert retyped as a writer', 'claim.expertNotFound', (_id: string, refs: {expertId: string}) => admin.createOrReplace({_id: refs.expertId, _type: 'writer', name: 'No longer an expert'} as never)],
    ['its source deleted', 'claim.citationNotFound', (_id: string, refs: {citationId: string}) => admin.delete(refs.citationId)],
    ['its medical review deleted', 'review.missing', (_id: string, refs: {reviewId: string}) => dana.delete(refs.reviewId)],
    ['an import that replaces it', 'claim.approvalStale', (id: string) => t.request('POST', '/v2025-02-19/data/import/production?mode=replace', {rawBody: `${JSON.stringify({...articleWithClaim(id, 'Imported: retinol cures acne.'), _id: id})}\n`, headers: {'content-type': 'application/x-ndjson'}})],
  ] as const)('%s', async (what, code, write) => {
    const id = `article-${what.replace(/[^a-z]+/gi, '-').toLowerCase()}`.slice(0, 60)
    const refs = await publishIsolated(id)
    await (write as (id: string, refs: {expertId: string; citationId: string; reviewId: string}) => Promise<unknown>)(id, refs)
    await expectWithdrawn(id, code)
  })

  it('time alone: the scheduled sweep withdraws an article whose credential expired since it was published', async () => {
    const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)
    const {withVerificationFingerprints} = await import('../../plugins/medical-claims/rules/fingerprints.ts')
    const lapsing = withVerificationFingerprints({...expert, _id: 'expert-lapsing', name: 'Dr. Lee Lapsing', credentials: expert.credentials.map((c) => ({...c, expiresOn: inTwoDays}))})
    await admin.create(lapsing as never)
    const doc = articleWithClaim('article-lapsing', 'Retinoids speed cell turnover.', {expert: {_type: 'reference', _ref: lapsing._id}})
    await admin.create({...doc, _id: 'drafts.article-lapsing'} as never)
    await dana.create(approvalFor(doc, undefined, {experts: [lapsing], citations: [citation]}) as never)
    await dana.create(reviewFor(doc) as never)
    await admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-lapsing', publishedId: 'article-lapsing'} as never)
    await settle()
    expect(await admin.getDocument('article-lapsing')).toBeDefined()

    // Five days on, the hourly sweep runs.
    vi.useFakeTimers({toFake: ['Date'], now: Date.now() + 5 * 86_400_000})
    try {
      await t.running.functions!.runScheduled('vouched-sweep')
    } finally {
      vi.useRealTimers()
    }
    await expectWithdrawn('article-lapsing', 'expert.credentialExpired')
    const [record] = await admin.fetch<Array<{cause: {kinds: string[]}}>>(`*[_type == "${WITHDRAWAL_TYPE}" && article._ref == "article-lapsing"]`)
    expect(record.cause.kinds).toEqual(['time'])
    // The other published articles still pass, and stay.
    expect(await admin.getDocument(ARTICLE_ID)).toBeDefined()
  })

  it('ran every Function without a failure, never started itself in a loop, and wrote one record per withdrawal', async () => {
    await settle()
    const runs = t.running.functions!.runs
    expect(runs.length).toBeGreaterThan(20)
    expect(runs.filter((r) => !r.ok)).toEqual([])
    const records = await admin.fetch<Array<{article: {_ref: string}}>>(`*[_type == "${WITHDRAWAL_TYPE}"]{article}`)
    const perArticle = new Map<string, number>()
    for (const r of records) perArticle.set(r.article._ref, (perArticle.get(r.article._ref) ?? 0) + 1)
    expect([...perArticle.values()].every((n) => n === 1)).toBe(true)
    // Running the sweep again finds nothing more to withdraw.
    await t.running.functions!.runScheduled('vouched-sweep')
    expect(await admin.fetch(`count(*[_type == "${WITHDRAWAL_TYPE}"])`)).toBe(records.length)
  })
})
