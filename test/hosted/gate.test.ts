/**
 * The publish gate against the hosted-like lake with the kit's roles applied: an editor, who may not
 * publish articles, asks; the gate Function publishes the draft with its robot's token only when it
 * passes, and answers on the request, saying why when it refuses.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {PUBLISH_REQUEST_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {approvalFor, articleWithClaim, reviewFor} from '../lake/fixtures.ts'
import type {TestLake} from '../lake/helpers.ts'
import {applyKitRoles, startHostedWorld} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let priya: SanityClient
let dana: SanityClient

beforeAll(async () => {
  ;({t, admin, priya, dana} = await startHostedWorld())
  await applyKitRoles(t, [
    {userId: 'p-priya', role: 'vouched-editor'},
    {userId: 'p-dana', role: 'vouched-fact-checker'},
  ])
}, 60_000)
afterAll(async () => {
  await t?.close()
})

/** An editor's draft of an article, and (unless `approve` is false) its approval and review by the fact-checker. */
async function draftBy(id: string, text: string, approve = true): Promise<string> {
  const doc = articleWithClaim(id, text)
  const created = await priya.create({...doc, _id: `drafts.${id}`} as never)
  if (approve) {
    await dana.create(approvalFor(doc) as never)
    await dana.create(reviewFor(doc) as never)
  }
  return (created as {_rev: string})._rev
}

async function requestPublication(id: string, draftRev: string, extra: Record<string, unknown> = {}) {
  const requestId = `publish-request-${id}`
  await priya.create({_id: requestId, _type: PUBLISH_REQUEST_TYPE, article: {_type: 'reference', _ref: id, _weak: true}, draftRev, status: 'pending', ...extra} as never)
  await t.running.functions!.idle()
  return admin.getDocument<{status: string; reasons: Array<{code: string; message: string}>; decidedAt?: string}>(requestId)
}

describe('the publish gate', () => {
  it('the editor may not publish, but the gate publishes a draft that passes, and says so on the request', async () => {
    const rev = await draftBy('article-gated', 'Retinol reduces fine lines.')
    const direct = await priya.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-gated', publishedId: 'article-gated'} as never).catch((e: {statusCode: number}) => e)
    expect((direct as {statusCode: number}).statusCode).toBe(403)
    const answer = await requestPublication('article-gated', rev)
    expect(answer).toMatchObject({status: 'published', decidedAt: expect.any(String)})
    expect(await admin.getDocument('article-gated')).toMatchObject({title: 'Article article-gated'})
    expect(await admin.getDocument('drafts.article-gated')).toBeUndefined()
    const history = await t.request('GET', '/v2025-02-19/data/history/production/transactions/article-gated?excludeContent=true')
    expect(history.text).toContain('robot-vouched-publisher-robot')
    // The guard, run on the publish, finds it passes and leaves it.
    expect(t.running.functions!.runs.filter((r) => !r.ok)).toEqual([])
    expect(await admin.getDocument('article-gated')).toBeDefined()
  })

  it('refuses a draft that fails the rules, with the reasons, and publishes nothing', async () => {
    const rev = await draftBy('article-gate-refused', 'Vitamin C brightens skin.', false)
    const answer = await requestPublication('article-gate-refused', rev)
    expect(answer?.status).toBe('refused')
    expect(answer?.reasons.map((r) => r.code)).toContain('claim.notApproved')
    expect(await admin.getDocument('article-gate-refused')).toBeUndefined()
    expect(await admin.getDocument('drafts.article-gate-refused')).toBeDefined()
  })

  it('refuses a draft changed after the request', async () => {
    const rev = await draftBy('article-gate-changed', 'Niacinamide calms redness.')
    await priya.patch('drafts.article-gate-changed').set({title: 'Changed after asking'}).commit()
    const answer = await requestPublication('article-gate-changed', rev)
    expect(answer).toMatchObject({status: 'refused', reasons: [{code: 'request.draftChanged'}]})
    expect(await admin.getDocument('article-gate-changed')).toBeUndefined()
  })

  it('ignores a request written as already answered: nothing is published', async () => {
    const rev = await draftBy('article-gate-forged', 'Sunscreen prevents sunburn.', false)
    const answer = await requestPublication('article-gate-forged', rev, {status: 'published'})
    expect(answer?.status).toBe('published')
    expect(answer?.decidedAt).toBeUndefined()
    expect(await admin.getDocument('article-gate-forged')).toBeUndefined()
  })
})
