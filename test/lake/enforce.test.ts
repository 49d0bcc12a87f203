/**
 * The lake refuses any write that would leave a published article breaking the publish rules
 * (plugins/medical-claims/rules/policy.ts), whichever way it comes: publish action, raw mutation of the
 * article, or a change to an expert, citation or approval a published claim relies on.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {APPROVAL_ID, ARTICLE_ID, CITATION_ID, EXPERT_ID, REVIEW_ID, approvalFor, articleWithClaim, expert, publishWorld, reviewFor} from './fixtures.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let dana: SanityClient
let priya: SanityClient

beforeAll(async () => {
  t = await startTestLake()
  expect(t.running.enforcement).toBe(true)
  admin = t.client('administrator')
  dana = t.client('fact-checker')
  priya = t.client('p-priya')
})
afterAll(async () => {
  await t?.close()
})

interface Refusal {
  statusCode: number
  message: string
  details: {type: string; items: Array<{code: string; documentId: string}>}
}

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  const err = (await promise.then(
    () => {
      throw new Error('expected the write to be refused')
    },
    (e: unknown) => e,
  )) as Refusal
  expect(err.statusCode).toBe(409)
  expect(err.details.type).toBe('publishRulesViolation')
  return err
}

const codes = (r: Refusal) => [...new Set(r.details.items.map((i) => i.code))]

describe('a consistent world is accepted', () => {
  it('takes the expert, citation and draft from an administrator, the approval from the fact-checker, then the publish', async () => {
    await publishWorld(admin as never, dana as never)
    expect(await admin.getDocument(ARTICLE_ID)).toBeDefined()
    expect(await admin.getDocument(APPROVAL_ID)).toMatchObject({checkedBy: {id: 'p-dana'}})
    expect(await admin.getDocument(REVIEW_ID)).toMatchObject({checkedBy: {id: 'p-dana', roles: ['fact-checker']}})
  })

  it('an edit of the published article outside what a reader reads of it passes', async () => {
    await admin.patch(ARTICLE_ID).set({relatedArticles: []}).commit()
    expect((await admin.getDocument(ARTICLE_ID))?.relatedArticles).toEqual([])
  })
})

describe('writing a published article', () => {
  it('refuses publishing a draft whose claim has no expert, and applies nothing', async () => {
    const draft = articleWithClaim('drafts.article-new', 'Vitamin C brightens skin.', {expert: undefined})
    await admin.create(draft)
    const r = await refusal(admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-new', publishedId: 'article-new'}))
    expect(codes(r)).toContain('claim.unattributed')
    expect(r.message).toContain('cannot be published')
    expect(await admin.getDocument('article-new')).toBeUndefined()
    expect(await admin.getDocument('drafts.article-new')).toBeDefined()
  })

  it("refuses publishing a claim that names its expert and source by their drafts' ids (what a reader's site cannot follow), saying what to name", async () => {
    // The drafts exist, so only the kind of id stands between the reference and a document.
    for (const id of [EXPERT_ID, CITATION_ID]) await admin.createOrReplace({...(await admin.getDocument(id)), _id: `drafts.${id}`} as never)
    const cases = [
      {n: 1, refs: {expert: {_type: 'reference', _ref: `drafts.${EXPERT_ID}`}}, code: 'claim.expertNotFound', says: `must name the published expert (${EXPERT_ID})`},
      {n: 2, refs: {citations: [{_type: 'reference', _ref: `drafts.${CITATION_ID}`, _key: 'c1'}]}, code: 'claim.citationNotFound', says: `must name the published citation (${CITATION_ID})`},
    ]
    for (const {n, refs, code, says} of cases) {
      const draft = articleWithClaim(`drafts.article-draft-refs-${n}`, 'Vitamin C brightens skin.', refs as never)
      await admin.create(draft)
      await dana.create({...approvalFor(draft as never), _id: `approval-draft-refs-${n}`})
      await dana.create({...reviewFor(draft as never), _id: `review-draft-refs-${n}`})
      const r = await refusal(admin.action({actionType: 'sanity.action.document.publish', draftId: `drafts.article-draft-refs-${n}`, publishedId: `article-draft-refs-${n}`}))
      expect(codes(r)).toEqual([code])
      expect(r.message).toContain(says)
      expect(await admin.getDocument(`article-draft-refs-${n}`)).toBeUndefined()
    }
    for (const id of [EXPERT_ID, CITATION_ID]) await admin.delete(`drafts.${id}`)
  })

  it('refuses a raw create/createOrReplace of a published article that breaks the rules (dryRun too)', async () => {
    const bad = articleWithClaim('article-raw', 'Retinol reduces fine lines.')
    const r = await refusal(admin.createOrReplace(bad))
    expect(codes(r)).toEqual(['claim.notApproved', 'review.missing'])
    await refusal(admin.create(bad, {dryRun: true}))
    expect(await admin.getDocument('article-raw')).toBeUndefined()
  })

  it.each([
    ['the title', {title: 'Retinol cures everything'}],
    ['the dek', {dek: 'It is safe for everyone.'}],
    ['a heading added', {body: [{_type: 'block', _key: 'h', style: 'h2', markDefs: [], children: [{_type: 'span', _key: 'h1', text: 'A proven cure', marks: []}]}, ...articleWithClaim(ARTICLE_ID).body!]}],
  ])('refuses a patch of %s of the published article: the medical review covers it', async (_what, set) => {
    const before = await admin.getDocument(ARTICLE_ID)
    const r = await refusal(admin.patch(ARTICLE_ID).set(set).commit())
    expect(codes(r)).toEqual(['review.stale'])
    expect(await admin.getDocument(ARTICLE_ID)).toEqual(before)
  })

  it('lets editors work on the draft, but refuses publishing a changed claim without a fresh approval', async () => {
    await priya.action({
      actionType: 'sanity.action.document.edit',
      draftId: `drafts.${ARTICLE_ID}`,
      publishedId: ARTICLE_ID,
      patch: {set: {'body[_key=="b1"].children[_key=="s1"].text': 'Retinol erases all wrinkles.'}},
    })
    const r = await refusal(priya.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE_ID}`, publishedId: ARTICLE_ID}))
    expect(codes(r)).toEqual(['claim.approvalStale', 'review.stale'])
    // A fresh approval of the new text and a new medical review make it publishable.
    const draft = await admin.getDocument(`drafts.${ARTICLE_ID}`)
    await dana.createOrReplace({...approvalFor(draft as never), _id: `${APPROVAL_ID}-v2`})
    expect(codes(await refusal(priya.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE_ID}`, publishedId: ARTICLE_ID})))).toEqual(['review.stale'])
    await dana.createOrReplace({...reviewFor(draft as never), _id: `${REVIEW_ID}-v2`})
    await priya.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE_ID}`, publishedId: ARTICLE_ID})
    expect((await admin.getDocument(ARTICLE_ID))?.body).toEqual((draft as unknown as {body: unknown}).body)
  })
})

describe('changing what a published claim relies on', () => {
  it('refuses deleting the expert', async () => {
    const r = await refusal(admin.delete(EXPERT_ID))
    expect(codes(r)).toEqual(expect.arrayContaining(['claim.expertNotFound']))
    expect(r.message).toContain('would break the published article')
    expect(await admin.getDocument(EXPERT_ID)).toBeDefined()
  })

  it("refuses an editor's change that lets the credential lapse (a revocation is a correction: test/lake/corrections.test.ts)", async () => {
    const expired = await refusal(admin.patch(EXPERT_ID).set({'credentials[_key=="lic"].expiresOn': '2020-01-01'}).commit())
    expect(codes(expired)).toEqual(expect.arrayContaining(['expert.credentialExpired']))
    expect((await admin.getDocument(ARTICLE_ID))?._id).toBe(ARTICLE_ID)
  })

  it('refuses deleting the cited source (a retraction is a correction: test/lake/corrections.test.ts)', async () => {
    expect(codes(await refusal(admin.delete(CITATION_ID)))).toEqual(['claim.citationNotFound'])
    expect(await admin.getDocument(CITATION_ID)).toBeDefined()
  })

  it('refuses its author deleting the approval the article needs, but allows deleting an obsolete one', async () => {
    // The older approval (of the previous text) remains, so the claim counts as stale.
    expect(codes(await refusal(dana.delete(`${APPROVAL_ID}-v2`)))).toEqual(['claim.approvalStale'])
    await dana.delete(APPROVAL_ID)
    expect(codes(await refusal(dana.delete(`${APPROVAL_ID}-v2`)))).toEqual(['claim.notApproved'])
    expect(await admin.getDocument(`${APPROVAL_ID}-v2`)).toBeDefined()
  })

  it('refuses deleting the medical review the article needs, but allows deleting an obsolete one', async () => {
    expect(codes(await refusal(dana.delete(`${REVIEW_ID}-v2`)))).toEqual(['review.stale'])
    await dana.delete(REVIEW_ID)
    expect(codes(await refusal(dana.delete(`${REVIEW_ID}-v2`)))).toEqual(['review.missing'])
    expect(await admin.getDocument(`${REVIEW_ID}-v2`)).toBeDefined()
  })

  it("refuses an administrator deleting a fact-checker's decision: only its author may", async () => {
    await expect(admin.delete(`${APPROVAL_ID}-v2`)).rejects.toMatchObject({statusCode: 403})
    await expect(admin.delete(`${REVIEW_ID}-v2`)).rejects.toMatchObject({statusCode: 403})
    expect(await admin.getDocument(`${APPROVAL_ID}-v2`)).toBeDefined()
    expect(await admin.getDocument(`${REVIEW_ID}-v2`)).toBeDefined()
  })

  it('allows harmless changes to the expert', async () => {
    await admin.patch(EXPERT_ID).set({bio: 'Dermatologist'}).commit()
  })

  it('records refusals in the audit log', async () => {
    const audit = await admin.request<Array<{status: number; reason: string}>>({url: '/lake/audit?limit=5'})
    expect(audit.find((entry) => entry.status === 409)).toMatchObject({status: 409, reason: expect.stringContaining('Refused by the publish rules')})
  })
})

describe('what stays allowed', () => {
  it('unpublishing the article, after which its expert may go', async () => {
    await admin.action({actionType: 'sanity.action.document.unpublish', draftId: `drafts.${ARTICLE_ID}`, publishedId: ARTICLE_ID})
    await admin.delete(`drafts.${ARTICLE_ID}`)
    await admin.delete(`drafts.article-new`)
    await admin.delete(EXPERT_ID)
    expect(await admin.getDocument(EXPERT_ID)).toBeUndefined()
  })

  it('an article already failing the rules does not block unrelated writes', async () => {
    const legacy = articleWithClaim('article-legacy', 'Old claim.', {expert: undefined})
    const legacyReview = reviewFor(legacy, undefined, {...expert, _id: 'expert-2'})
    await t.running.lake.importNdjson('production', [legacy, {...expert, _id: 'expert-2'}, legacyReview].map((d) => `${JSON.stringify(d)}\n`).join(''), {
      mode: 'create',
      enforce: false,
    })
    // Writing the article itself is refused: it still is not publishable.
    const r = await refusal(admin.patch('article-legacy').set({title: 'Retitled'}).commit())
    expect(codes(r)).toContain('claim.unattributed')
    // Its reviewer can still be edited: the article was failing before and after.
    await admin.patch('expert-2').set({bio: 'Still fine to edit'}).commit()
    await admin.delete('expert-2')
  })
})
