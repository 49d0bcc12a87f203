/**
 * Concurrency: many clients racing on one document. With `ifRevisionID` and retries, every
 * acknowledged change is in the final document and none is lost or applied twice; concurrent
 * publishes of one draft: exactly one succeeds, through the publish action however many clients
 * send it at once.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {approvalFor, articleWithClaim, citation, expert, reviewerExpert, reviewFor} from '../lake/fixtures.ts'
import {startTestLake, type TestLake} from '../lake/helpers.ts'

let t: TestLake
let admin: SanityClient

beforeAll(async () => {
  t = await startTestLake()
  expect(t.running.enforcement).toBe(true)
  admin = t.client('administrator')
  await admin.transaction().create(expert).create(reviewerExpert).create(citation).commit()
})
afterAll(async () => {
  await t?.close()
})

interface Entry {
  _key: string
  by: string
  n: number
}

const statusOf = (err: unknown) => (err as {statusCode?: number}).statusCode

describe('optimistic locking (ifRevisionID) under contention', () => {
  it('12 clients x 8 appends with retries: every acknowledged append is there exactly once, none lost', async () => {
    await admin.create({_id: 'contended', _type: 'post', entries: [], count: 0})
    const users = ['p-morgan', 'p-priya', 'p-tom']
    const clients = Array.from({length: 12}, (_, i) => ({name: `c${i}`, client: t.client(users[i % users.length])}))
    const acknowledged: string[] = []
    let conflicts = 0
    await Promise.all(
      clients.map(async ({name, client}) => {
        for (let n = 0; n < 8; n++) {
          const key = `${name}-${n}`
          for (let attempt = 0; ; attempt++) {
            if (attempt > 200) throw new Error(`${key}: no success after 200 attempts`)
            const doc = await client.getDocument<{_rev: string; entries: Entry[]}>('contended')
            if (!doc) throw new Error('the document vanished')
            try {
              await client
                .patch('contended')
                .ifRevisionId(doc._rev)
                .insert('after', 'entries[-1]', [{_key: key, by: name, n}])
                .inc({count: 1})
                .commit()
              acknowledged.push(key)
              break
            } catch (err) {
              if (statusOf(err) !== 409) throw err
              conflicts++
            }
          }
        }
      }),
    )
    const final = await admin.getDocument<{entries: Entry[]; count: number}>('contended')
    const keys = final?.entries.map((e) => e._key) ?? []
    expect(conflicts).toBeGreaterThan(0) // the race really happened
    expect(keys).toHaveLength(96)
    expect(new Set(keys).size).toBe(96)
    expect([...keys].sort()).toEqual([...acknowledged].sort())
    expect(final?.count).toBe(96)
    // Each client's appends are in its own order.
    for (const {name} of clients) expect(final?.entries.filter((e) => e.by === name).map((e) => e.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    // One transaction per acknowledged change (plus the create), in the history.
    const history = await t.request('GET', '/v1/data/history/production/transactions/contended?excludeContent=true')
    expect(history.text.trim().split('\n')).toHaveLength(97)
  }, 60_000)

  it('a stale revision never overwrites: the loser gets 409 and its change is not applied', async () => {
    const doc = await admin.create({_id: 'stale', _type: 'post', title: 'v0'})
    const results = await Promise.allSettled(
      ['p-morgan', 'p-priya', 'p-tom', 'p-morgan', 'p-priya'].map((user, i) => t.client(user).patch('stale').ifRevisionId(doc._rev).set({title: `v${i + 1}`}).commit()),
    )
    const won = results.filter((r) => r.status === 'fulfilled')
    expect(won).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect(statusOf(r.reason)).toBe(409)
    const winner = (won[0] as PromiseFulfilledResult<{title?: unknown}>).value.title
    expect((await admin.getDocument('stale'))?.title).toBe(winner)
  })

  it('atomic increments from 10 clients without ifRevisionID all count', async () => {
    await admin.create({_id: 'counter', _type: 'post', count: 0})
    const acks = await Promise.all(
      Array.from({length: 10}, async (_, i) => {
        const client = t.client(i % 2 === 0 ? 'p-priya' : 'p-tom')
        for (let n = 0; n < 10; n++) await client.patch('counter').inc({count: 1}).commit()
        return 10
      }),
    )
    expect((await admin.getDocument('counter'))?.count).toBe(acks.reduce((a, b) => a + b, 0))
  })
})

describe('concurrent publishes of one draft', () => {
  const publish = (client: SanityClient, id: string, ifDraftRevisionId?: string) =>
    client.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id, ...(ifDraftRevisionId ? {ifDraftRevisionId} : {})})

  it.each([1, 2, 3, 4, 5])('round %i: 8 clients publish the same draft at once; exactly one succeeds', async (round) => {
    const id = `article-race-${round}`
    const draft = articleWithClaim(`drafts.${id}`, `Round ${round}: retinol reduces fine lines.`)
    await admin.create(draft)
    await t.client('fact-checker').create(approvalFor(draft))
    await t.client('fact-checker').create({...reviewFor(draft), checkedBy: undefined})
    const stored = await admin.getDocument(`drafts.${id}`)
    const users = ['p-priya', 'p-tom', 'p-morgan', 'p-priya', 'p-tom', 'p-morgan', 'p-priya', 'p-tom']
    const results = await Promise.allSettled(users.map((user, i) => publish(t.client(user), id, i % 2 === 0 ? stored?._rev : undefined)))
    const succeeded = results.filter((r) => r.status === 'fulfilled')
    expect(succeeded).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect(statusOf(r.reason)).toBe(409)
    const published = await admin.getDocument(id)
    expect(published?.body).toEqual(draft.body)
    expect(await admin.getDocument(`drafts.${id}`)).toBeUndefined()
    // One publish transaction touched the pair.
    const log = await t.request('GET', `/v1/data/history/production/transactions/${id}?excludeContent=true`)
    expect(log.text.trim().split('\n')).toHaveLength(1)
  })

  it('publishing while others edit the draft: the published article is one of the drafts as it stood, never a mix', async () => {
    const id = 'article-race-edit'
    const draft = articleWithClaim(`drafts.${id}`, 'Retinol reduces fine lines.')
    await admin.create(draft)
    await t.client('fact-checker').create(approvalFor(draft))
    await t.client('fact-checker').create({...reviewFor(draft), checkedBy: undefined})
    // Edits of a field the medical review does not cover, so each draft as it stood may publish.
    const slugOf = (i: number) => `race-edit-${i}`
    const edits = Array.from({length: 6}, (_, i) =>
      t.client(i % 2 === 0 ? 'p-priya' : 'p-tom').action({actionType: 'sanity.action.document.edit', draftId: `drafts.${id}`, publishedId: id, patch: {set: {slug: {_type: 'slug', current: slugOf(i)}}}}),
    )
    const publishes = Array.from({length: 4}, () => publish(t.client('p-priya'), id))
    const results = await Promise.allSettled([...edits, ...publishes])
    const published = await admin.getDocument<{slug?: {current?: string}; body: unknown}>(id)
    expect(published?.body).toEqual(draft.body)
    expect(results.slice(6).filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1)
    for (const r of results) if (r.status === 'rejected') expect(statusOf(r.reason)).toBe(409)
    expect([(draft.slug as {current?: string} | undefined)?.current, ...Array.from({length: 6}, (_, i) => slugOf(i))]).toContain(published?.slug?.current)
    // Every publish that succeeded published a whole draft: each publish transaction wrote the pair.
    const pairLog = await t.request('GET', `/v1/data/history/production/transactions/${id},drafts.${id}?excludeContent=true`)
    const publishTx = pairLog.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as {documentIDs: string[]})
      .filter((tx) => tx.documentIDs.includes(id))
    for (const tx of publishTx) expect([...tx.documentIDs].sort()).toEqual([`drafts.${id}`, id].sort())
  })

  it('a published article stays unique: concurrent creates of the same id, one wins', async () => {
    const dup = articleWithClaim('article-dup', 'Niacinamide calms redness.')
    await t.client('fact-checker').create(approvalFor(dup))
    await t.client('fact-checker').create({...reviewFor(dup), checkedBy: undefined})
    const results = await Promise.allSettled(['p-morgan', 'p-priya', 'p-tom', 'p-priya'].map((user) => t.client(user).create(dup)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) if (r.status === 'rejected') expect(statusOf(r.reason)).toBe(409)
  })
})
