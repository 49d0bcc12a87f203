/** The Actions API as Studio 6 uses it, and the history API behind its timeline and "restore". */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {sleep, startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient

beforeAll(async () => {
  t = await startTestLake({policy: null})
  admin = t.client('administrator')
})
afterAll(async () => {
  await t?.close()
})

const docs = (ids: string[]) => admin.getDocuments(ids)

describe('actions', () => {
  it('create, edit (draft from published), publish, unpublish, discard, delete', async () => {
    await admin.action({actionType: 'sanity.action.document.create', publishedId: 'page-1', attributes: {_id: 'drafts.page-1', _type: 'page', title: 'New'}, ifExists: 'fail'})
    await expect(
      admin.action({actionType: 'sanity.action.document.create', publishedId: 'page-1', attributes: {_id: 'drafts.page-1', _type: 'page'}, ifExists: 'fail'}),
    ).rejects.toMatchObject({statusCode: 409})

    await admin.action({actionType: 'sanity.action.document.edit', draftId: 'drafts.page-1', publishedId: 'page-1', patch: {set: {title: 'Edited'}}})
    const [draft] = await docs(['drafts.page-1'])
    const published = await admin.action({
      actionType: 'sanity.action.document.publish',
      draftId: 'drafts.page-1',
      publishedId: 'page-1',
      ifDraftRevisionId: draft!._rev,
    })
    let [p, d] = await docs(['page-1', 'drafts.page-1'])
    expect(p).toMatchObject({_id: 'page-1', title: 'Edited', _rev: published.transactionId})
    expect(d).toBeNull()

    // First edit of a published document creates the draft from it.
    await admin.action({actionType: 'sanity.action.document.edit', draftId: 'drafts.page-1', publishedId: 'page-1', patch: {set: {subtitle: 'Sub'}}})
    ;[p, d] = await docs(['page-1', 'drafts.page-1'])
    expect(d).toMatchObject({_id: 'drafts.page-1', title: 'Edited', subtitle: 'Sub'})
    expect(p?.subtitle).toBeUndefined()

    await expect(
      admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.page-1', publishedId: 'page-1', ifPublishedRevisionId: 'stale'}),
    ).rejects.toMatchObject({statusCode: 409})

    await admin.action({actionType: 'sanity.action.document.discard', draftId: 'drafts.page-1'})
    ;[p, d] = await docs(['page-1', 'drafts.page-1'])
    expect(d).toBeNull()

    await admin.action({actionType: 'sanity.action.document.unpublish', draftId: 'drafts.page-1', publishedId: 'page-1'})
    ;[p, d] = await docs(['page-1', 'drafts.page-1'])
    expect(p).toBeNull()
    expect(d).toMatchObject({title: 'Edited'})

    await admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.page-1', publishedId: 'page-1'})
    await admin.action({actionType: 'sanity.action.document.edit', draftId: 'drafts.page-1', publishedId: 'page-1', patch: {set: {title: 'Again'}}})
    await admin.action({actionType: 'sanity.action.document.delete', publishedId: 'page-1', includeDrafts: ['drafts.page-1']})
    expect(await docs(['page-1', 'drafts.page-1'])).toEqual([null, null])
  })

  it('runs a batch as one transaction and keeps the client transaction id', async () => {
    const res = await admin.action(
      [
        {actionType: 'sanity.action.document.create', publishedId: 'batch-1', attributes: {_id: 'drafts.batch-1', _type: 'page', n: 1}, ifExists: 'fail'},
        {actionType: 'sanity.action.document.edit', draftId: 'drafts.batch-1', publishedId: 'batch-1', patch: {inc: {n: 1}}},
      ],
      {transactionId: 'studio-tx-42'},
    )
    expect(res.transactionId).toBe('studio-tx-42')
    expect((await admin.getDocument('drafts.batch-1'))?.n).toBe(2)
    await expect(
      admin.action([
        {actionType: 'sanity.action.document.edit', draftId: 'drafts.batch-1', publishedId: 'batch-1', patch: {set: {n: 100}}},
        {actionType: 'sanity.action.document.discard', draftId: 'drafts.nothing'},
      ]),
    ).rejects.toMatchObject({statusCode: 409})
    expect((await admin.getDocument('drafts.batch-1'))?.n).toBe(2)
  })

  it('dryRun checks without writing; versions create and discard', async () => {
    await admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.batch-1', publishedId: 'batch-1'}, {dryRun: true})
    expect(await admin.getDocument('batch-1')).toBeUndefined()
    await admin.action({actionType: 'sanity.action.document.version.create', publishedId: 'batch-1', baseId: 'drafts.batch-1', versionId: 'versions.rX.batch-1'})
    expect((await admin.getDocument('versions.rX.batch-1'))?.n).toBe(2)
    await admin.action({actionType: 'sanity.action.document.version.discard', versionId: 'versions.rX.batch-1'})
    expect(await admin.getDocument('versions.rX.batch-1')).toBeUndefined()
  })

  it('answers 400 to action types it does not support, naming those it does', async () => {
    const res = await t.request('POST', '/v2025-02-19/data/actions/production', {
      body: {actions: [{actionType: 'sanity.action.document.frobnicate', publishedId: 'x'}], dryRun: true},
    })
    expect(res.text).toContain('sanity.action.release.* actions')
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({error: {type: 'actionError', items: [{error: {type: 'unsupportedActionError'}}]}})
  })
})

describe('history', () => {
  let revs: string[] = []
  let times: string[] = []

  beforeAll(async () => {
    const a = await admin.create({_id: 'drafts.hist-1', _type: 'page', title: 'v1'})
    await sleep(15)
    const b = await admin.patch('drafts.hist-1').set({title: 'v2'}).commit()
    await sleep(15)
    const c = await admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.hist-1', publishedId: 'hist-1'})
    await sleep(15)
    const d = await admin.action({actionType: 'sanity.action.document.edit', draftId: 'drafts.hist-1', publishedId: 'hist-1', patch: {set: {title: 'v3'}}})
    revs = [a._rev, b._rev, c.transactionId, d.transactionId]
    times = [a._updatedAt, b._updatedAt]
  })

  const log = async (query: string) => {
    const res = await t.request('GET', `/v1/data/history/production/transactions/hist-1,drafts.hist-1?${query}`)
    expect(res.status).toBe(200)
    return res.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
  }

  it('lists transactions oldest first, with authors, ids, mutations and mendoza effects', async () => {
    const entries = await log('effectFormat=mendoza')
    expect(entries.map((e) => e.id)).toEqual(revs)
    expect(entries[0]).toMatchObject({author: t.user('administrator').id, documentIDs: ['drafts.hist-1'], mutations: [{create: {_id: 'drafts.hist-1'}}]})
    expect(entries[2].documentIDs).toEqual(expect.arrayContaining(['hist-1', 'drafts.hist-1']))
    const effects = entries[2].effects as Record<string, {apply: unknown[]; revert: unknown[]}>
    expect(effects['hist-1'].apply).toEqual([0, expect.objectContaining({title: 'v2', _id: 'hist-1'})])
    expect(effects['hist-1'].revert).toEqual([0, null])
    expect(effects['drafts.hist-1'].apply).toEqual([0, null])
  })

  it('honours reverse, limit, excludeContent and transaction ranges as the Studio timeline asks', async () => {
    const studio = await log(`tag=sanity.studio.structure.history&effectFormat=mendoza&excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true&reverse=true&limit=2&toTransaction=${revs[2]}`)
    expect(studio.map((e) => e.id)).toEqual([revs[2], revs[1]])
    expect(studio[0].mutations).toBeUndefined()
    expect(studio[0].effects).toBeDefined()
    const range = await log(`fromTransaction=${revs[1]}&toTransaction=${revs[2]}`)
    expect(range.map((e) => e.id)).toEqual([revs[1], revs[2]])
    const onlyDraft = await t.request('GET', '/v1/data/history/production/transactions/drafts.hist-1?includeIdentifiedDocumentsOnly=true&fromTime=' + encodeURIComponent(times[1]))
    const ids = onlyDraft.text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as {id: string; documentIDs: string[]})
    expect(ids.map((e) => e.id)).toEqual([revs[1], revs[2], revs[3]])
    expect(ids.every((e) => e.documentIDs.length === 1)).toBe(true)
  })

  it('returns documents at a revision, at a time and at their last revision', async () => {
    const atFirst = await admin.request<{documents: Array<{_id: string; title: string; _rev: string}>}>({url: `/data/history/production/documents/hist-1,drafts.hist-1?revision=${revs[0]}`})
    expect(atFirst.documents).toEqual([expect.objectContaining({_id: 'drafts.hist-1', title: 'v1', _rev: revs[0]})])
    const atPublish = await admin.request<{documents: Array<{_id: string; title: string}>}>({url: `/data/history/production/documents/hist-1,drafts.hist-1?revision=${revs[2]}`})
    expect(atPublish.documents).toEqual([expect.objectContaining({_id: 'hist-1', title: 'v2'})])
    const atTime = await admin.request<{documents: Array<{title: string}>}>({url: `/data/history/production/documents/drafts.hist-1?time=${encodeURIComponent(times[1])}`})
    expect(atTime.documents[0].title).toBe('v2')
    await admin.delete('drafts.hist-1')
    const last = await admin.request<{documents: Array<{title: string}>}>({url: '/data/history/production/documents/drafts.hist-1?lastRevision=true'})
    expect(last.documents[0].title).toBe('v3')
  })

  it('knows nothing of document events (Studio tolerates the 404)', async () => {
    expect((await t.request('GET', '/v1/data/history/production/events/documents/hist-1')).status).toBe(404)
  })
})
