/**
 * The medical review is a decision (`factCheck.review`), never the editor's say-so: recorded by a
 * medical reviewer, or by a fact-checker on the reviewer's behalf with the evidence; stamped by the
 * server; pinned to what a reader reads of the article, so a published article's text changes only
 * through a new review; its next review date within the options' interval. Tried with every role's
 * token through @sanity/client, checking the state afterwards; the rules, the site query and the
 * audit agree on the outcome.
 */
import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {auditDataset} from '../../audit/audit.ts'
import {AuditDataset} from '../../audit/dataset.ts'
import {latestNextReview} from '../../plugins/medical-claims/rules/policy.ts'
import {complianceParams} from '../../queries/compliance.ts'
import {COMPLIANT_ARTICLE_IDS_QUERY} from '../../queries/site.ts'
import {approvalFor, articleWithClaim, citation, expertNamed, NEXT_REVIEW_DUE, reviewFor} from './fixtures.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let dana: SanityClient
let sam: SanityClient
let priya: SanityClient

const ref = (id: string, key?: string) => ({_type: 'reference', _ref: id, ...(key ? {_key: key} : {})})
const DAY_MS = 86_400_000
const dayFromNow = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10)

interface World {
  id: string
  expertId: string
}

/** A draft article with one approved claim, its own expert (also its reviewer) and citation; not reviewed, not published. */
async function draftArticle(n: string, author: () => SanityClient = () => admin): Promise<World> {
  const id = `article-${n}`
  const expertId = `expert-${n}`
  const ownExpert = expertNamed(expertId, `Dr. ${n}`)
  const ownCitation = {...citation, _id: `citation-${n}`, title: `Trial ${n}`}
  await admin.transaction().create(ownExpert as never).create(ownCitation as never).commit()
  await author().create(articleWithClaim(`drafts.${id}`, `Claim ${n}: retinol reduces fine lines.`, {expert: ref(expertId), citations: [ref(`citation-${n}`, 'c1')]}) as never)
  const draft = await admin.getDocument(`drafts.${id}`)
  await dana.create({...approvalFor(draft as never, undefined, {experts: [ownExpert], citations: [ownCitation]}), _id: `approval-${n}`} as never)
  return {id, expertId}
}

async function reviewOf(world: World, overrides: Record<string, unknown> = {}) {
  const draft = (await admin.getDocument(`drafts.${world.id}`)) ?? (await admin.getDocument(world.id))
  const reviewer = await admin.getDocument(world.expertId)
  // Who recorded it is left out: the lake fills it in.
  return {...reviewFor(draft as never, undefined, reviewer as never), _id: `review-${world.id}`, checkedBy: undefined, checkedAt: undefined, ...overrides}
}

const publish = (client: SanityClient, id: string) => client.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id} as never)

async function refusedCodes(promise: Promise<unknown>): Promise<string[]> {
  const err = (await promise.then(
    () => {
      throw new Error('expected the write to be refused')
    },
    (e: unknown) => e,
  )) as {statusCode: number; details: {items: Array<{code: string}>}}
  expect(err.statusCode).toBe(409)
  return [...new Set(err.details.items.map((i) => i.code))]
}

async function compliantIds(): Promise<string[]> {
  return admin.fetch(COMPLIANT_ARTICLE_IDS_QUERY, complianceParams(), {perspective: 'published'})
}

async function auditVerdict(id: string): Promise<'pass' | 'fail' | undefined> {
  const docs = await admin.fetch<unknown[]>('*[!(_id in path("drafts.**"))]')
  const dataset = new AuditDataset(['article'])
  for (const doc of docs) dataset.add(doc)
  const report = auditDataset({dataset, editors: null, now: new Date(), source: 'test'})
  return report.articles.find((a) => a.id === id)?.status
}

beforeAll(async () => {
  t = await startTestLake()
  expect(t.running.enforcement).toBe(true)
  admin = t.client('administrator')
  dana = t.client('fact-checker')
  sam = t.client('p-sam')
  priya = t.client('p-priya')
})
afterAll(async () => {
  await t?.close()
})

describe('who may record a medical review', () => {
  it('an article cannot be published before it is reviewed', async () => {
    const world = await draftArticle('unreviewed')
    expect(await refusedCodes(publish(admin, world.id))).toEqual(['review.missing'])
    expect(await admin.getDocument(world.id)).toBeUndefined()
  })

  it('an editor may not record one, in any name', async () => {
    const world = await draftArticle('by-editor')
    for (const checkedBy of [undefined, {id: 'p-priya', name: 'Priya', roles: ['editor']}, {id: 'p-sam', name: 'Sam', roles: ['medical-reviewer']}]) {
      await expect(priya.create((await reviewOf(world, {checkedBy})) as never)).rejects.toMatchObject({statusCode: 403})
    }
    expect(await admin.getDocument(`review-${world.id}`)).toBeUndefined()
  })

  it("no one may record one in another user's name, an administrator included", async () => {
    const world = await draftArticle('by-proxy')
    const inSamsName = await reviewOf(world, {checkedBy: {id: 'p-sam', name: 'Sam', roles: ['medical-reviewer']}})
    for (const client of [admin, dana]) await expect(client.create(inSamsName as never)).rejects.toMatchObject({statusCode: 403})
    const foreignRole = await reviewOf(world, {checkedBy: {id: 'p-dana', name: 'Dana', roles: ['medical-reviewer']}})
    await expect(dana.create(foreignRole as never)).rejects.toMatchObject({statusCode: 403, message: expect.stringContaining('which you do not hold, so nothing was written')})
    expect(await admin.getDocument(`review-${world.id}`)).toBeUndefined()
  })

  it('a fact-checker records one on the reviewer\'s behalf only with the evidence', async () => {
    const world = await draftArticle('no-evidence')
    await expect(dana.create((await reviewOf(world, {evidence: '   '})) as never)).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('fill in "evidence"'),
    })
    expect(await admin.getDocument(`review-${world.id}`)).toBeUndefined()
    await dana.create((await reviewOf(world)) as never)
    await publish(admin, world.id)
    expect(await admin.getDocument(world.id)).toBeDefined()
  })

  it('a medical reviewer records one without evidence; the server stamps who and when, whatever the client sent', async () => {
    const world = await draftArticle('by-reviewer')
    const before = new Date().toISOString()
    await sam.create((await reviewOf(world, {evidence: undefined, checkedAt: '2001-01-01T00:00:00.000Z', checkedBy: {id: 'p-sam', name: 'Someone famous', roles: ['medical-reviewer']}})) as never)
    const stored = await admin.getDocument(`review-${world.id}`)
    expect(stored?.checkedBy).toEqual({id: 'p-sam', name: t.user('p-sam').name, roles: ['medical-reviewer']})
    expect(String(stored?.checkedAt) >= before).toBe(true)
    await publish(priya, world.id)
    expect(await compliantIds()).toContain(world.id)
    expect(await auditVerdict(world.id)).toBe('pass')
  })

  it('a medical reviewer records reviews only: no claim decisions, no edits of articles or experts', async () => {
    const world = await draftArticle('reviewer-limits')
    const draft = await admin.getDocument(`drafts.${world.id}`)
    await expect(sam.create({...approvalFor(draft as never), _id: 'approval-by-sam', checkedBy: undefined} as never)).rejects.toMatchObject({statusCode: 403})
    await expect(sam.patch(`drafts.${world.id}`).set({title: 'Retitled by the reviewer'}).commit()).rejects.toMatchObject({statusCode: 403})
    await expect(sam.patch(world.expertId).set({name: 'Dr. Renamed'}).commit()).rejects.toMatchObject({statusCode: 403})
    expect(await admin.getDocument('approval-by-sam')).toBeUndefined()
    expect((await admin.getDocument(`drafts.${world.id}`))?.title).toBe(draft?.title)
    expect((await admin.getDocument(world.expertId))?.name).toBe('Dr. reviewer-limits')
  })

  it('a review dated in the future is refused', async () => {
    const world = await draftArticle('future')
    await expect(sam.create((await reviewOf(world, {checkedAt: '2099-01-01T00:00:00.000Z'})) as never)).rejects.toMatchObject({statusCode: 400, message: expect.stringContaining('is in the future')})
    expect(await admin.getDocument(`review-${world.id}`)).toBeUndefined()
  })

  it('someone who edited the article may not review it', async () => {
    // The administrator wrote the draft.
    const world = await draftArticle('self-reviewed')
    const adminReview = await reviewOf(world, {checkedBy: undefined})
    await expect(admin.create(adminReview as never)).rejects.toMatchObject({statusCode: 403, message: expect.stringContaining('must record its medical review')})
    expect(await admin.getDocument(`review-${world.id}`)).toBeUndefined()
  })

  it("an administrator's review in their own name is stored but does not count: they are not a medical reviewer or fact-checker", async () => {
    const world = await draftArticle('admin-review', () => priya)
    await t.client('p-morgan').create((await reviewOf(world, {checkedBy: undefined})) as never)
    expect(await admin.getDocument(`review-${world.id}`)).toMatchObject({checkedBy: {id: 'p-morgan', roles: ['administrator']}})
    expect(await refusedCodes(publish(priya, world.id))).toEqual(['review.recorderNotAllowed'])
  })
})

describe('the next review date', () => {
  it.each([
    ['70 years out', () => '2096-12-01', 'days ahead'],
    ['a day past the longest interval', () => dayFromNow(731), 'days ahead'],
    ['today', () => dayFromNow(0), 'must be after today'],
    ['in the past', () => '2020-01-01', 'must be after today'],
    ['not a date', () => 'next year', 'must be a date'],
  ])('%s is refused', async (_what, due, message) => {
    const world = await draftArticle(`due-${_what.replace(/\W+/g, '-')}`)
    await expect(sam.create((await reviewOf(world, {nextReviewDue: due()})) as never)).rejects.toMatchObject({statusCode: 400, message: expect.stringContaining(message)})
    expect(await admin.getDocument(`review-${world.id}`)).toBeUndefined()
  })

  it('the longest interval is accepted', async () => {
    const world = await draftArticle('due-longest')
    const latest = latestNextReview(new Date().toISOString())!
    await sam.create((await reviewOf(world, {nextReviewDue: latest})) as never)
    expect((await admin.getDocument(`review-${world.id}`))?.nextReviewDue).toBe(latest)
  })

  it('an editor cannot push it out: only a new review by its recorder changes it, and that review is dated now', async () => {
    const world = await draftArticle('pushed')
    await sam.create((await reviewOf(world)) as never)
    await publish(admin, world.id)
    await expect(priya.patch(`review-${world.id}`).set({nextReviewDue: '2096-01-01'}).commit()).rejects.toMatchObject({statusCode: 403})
    await expect(dana.patch(`review-${world.id}`).set({nextReviewDue: dayFromNow(400)}).commit()).rejects.toMatchObject({statusCode: 403})
    expect((await admin.getDocument(`review-${world.id}`))?.nextReviewDue).toBe(NEXT_REVIEW_DUE)
    const before = new Date().toISOString()
    await sam.patch(`review-${world.id}`).set({nextReviewDue: dayFromNow(500)}).commit()
    const stored = await admin.getDocument(`review-${world.id}`)
    expect(stored?.nextReviewDue).toBe(dayFromNow(500))
    expect(String(stored?.checkedAt) >= before).toBe(true)
  })
})

describe('a published article changes only through a new review', () => {
  const reviewed = async (n: string) => {
    const world = await draftArticle(n)
    await sam.create((await reviewOf(world)) as never)
    await publish(admin, world.id)
    expect(await compliantIds()).toContain(world.id)
    return world
  }

  it.each([
    ['its title', {title: 'Retinol cures everything'}],
    ['its dek', {dek: 'Safe for everyone, always.'}],
    ['an unmarked sentence outside the claim', {'body[_key=="b1"].children': [{_type: 'span', _key: 's0', text: 'It is false that ', marks: []}, {_type: 'span', _key: 's1', text: 'Claim x: retinol reduces fine lines.', marks: ['claim-1']}]}],
  ])('editing %s in place is refused, and the article stays as it was', async (what, set) => {
    const world = await reviewed(`edit-${what.replace(/\W+/g, '-')}`)
    const before = await admin.getDocument(world.id)
    const codes = await refusedCodes(priya.patch(world.id).set(set).commit())
    expect(codes).toContain('review.stale')
    expect(await admin.getDocument(world.id)).toEqual(before)
  })

  it('un-marking an approved claim in place is refused (its text stays, its attribution goes)', async () => {
    const world = await reviewed('unmark')
    const codes = await refusedCodes(priya.patch(world.id).set({'body[_key=="b1"].markDefs': [], 'body[_key=="b1"].children[_key=="s1"].marks': []}).commit())
    expect(codes).toEqual(['review.stale'])
    expect(await compliantIds()).toContain(world.id)
  })

  it('an edited draft publishes once a reviewer reviews the new text', async () => {
    const world = await reviewed('revised')
    await priya.action({actionType: 'sanity.action.document.edit', draftId: `drafts.${world.id}`, publishedId: world.id, patch: {set: {dek: 'Updated for the winter.'}}} as never)
    expect(await refusedCodes(publish(priya, world.id))).toEqual(['review.stale'])
    await sam.createOrReplace((await reviewOf(world, {_id: `review-${world.id}-2`})) as never)
    await publish(priya, world.id)
    expect((await admin.getDocument(world.id))?.dek).toBe('Updated for the winter.')
    expect(await compliantIds()).toContain(world.id)
    expect(await auditVerdict(world.id)).toBe('pass')
  })
})

describe('corrections to what the review relies on land, and withdraw the article', () => {
  it("revoking the reviewer's credential withdraws every article they reviewed, the ones where they vouch for nothing included", async () => {
    const world = await draftArticle('reviewer-revoked')
    // The claim is vouched for by another expert; only the review relies on this one.
    const reviewer = expertNamed('expert-reviewer-only', 'Dr. Reviewer Only')
    await admin.create(reviewer as never)
    const draft = await admin.getDocument(`drafts.${world.id}`)
    await sam.create({...reviewFor(draft as never, undefined, reviewer), _id: `review-${world.id}`, checkedBy: undefined} as never)
    await publish(admin, world.id)
    expect(await compliantIds()).toContain(world.id)
    // Deleting the reviewer is refused like deleting any expert an article relies on...
    expect(await refusedCodes(admin.delete(reviewer._id))).toEqual(['review.reviewerNotFound'])
    // ...a revocation is a correction: it lands and takes the article off the site.
    await dana.patch(reviewer._id).set({'credentials[_key=="lic"].verification.status': 'revoked', 'credentials[_key=="lic"].verification.evidence': 'Board action'}).commit()
    expect(await admin.getDocument(world.id)).toBeUndefined()
    expect(await admin.getDocument(`drafts.${world.id}`)).toBeDefined()
    expect(await compliantIds()).not.toContain(world.id)
  })

  it('time: a review that falls due withdraws the article at the sweep, and the site stops showing it at once', async () => {
    const world = await draftArticle('falls-due')
    await sam.create((await reviewOf(world)) as never)
    await publish(admin, world.id)
    const review = await admin.getDocument(`review-${world.id}`)
    // The due day passed (written around the API, as time passing would leave it).
    await t.running.lake.importNdjson('production', `${JSON.stringify({...review, checkedAt: '2025-01-01T00:00:00.000Z', nextReviewDue: '2025-12-31'})}\n`, {mode: 'replace', enforce: false})
    expect(await compliantIds()).not.toContain(world.id)
    expect(await t.running.lake.sweep()).toContain(world.id)
    expect(await admin.getDocument(world.id)).toBeUndefined()
    const [withdrawal] = await admin.fetch<Array<{reasons: Array<{code: string}>}>>('*[_type == "factCheck.withdrawal" && article._ref == $id]', {id: world.id})
    expect(withdrawal.reasons.map((r) => r.code)).toContain('review.overdue')
  })
})
