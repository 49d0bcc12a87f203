/**
 * Group commit: writes that arrive together are checked one after another against the state the
 * earlier ones leave and stored in one SQLite transaction. A refused write leaves the others
 * alone; a failed commit acknowledges none of the group and shows none of it anywhere.
 */
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import type {WriteOutcome} from '../../lake/store.ts'
import {applyMutations} from '../../lake/mutations.ts'
import {approvalFor, ARTICLE_ID, articleWithClaim} from './fixtures.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient

beforeAll(async () => {
  // These documents are not articles: the publish rules have nothing to say about them.
  t = await startTestLake({policy: null})
  admin = t.client('administrator')
})
afterAll(async () => {
  await t?.close()
})

/** The lake's write path as /data/mutate uses it, called directly so that writes share a group. */
function mutate(transactionId: string, mutations: unknown[], options: {dryRun?: boolean} = {}): Promise<WriteOutcome<unknown>> {
  const lake = t.running.lake
  return lake.write('production', t.user('administrator'), {transactionId, kind: 'mutate', mutations, ...options}, (tx) =>
    applyMutations(tx, mutations, async (query, params) => {
      const {result} = await lake.query('production', query, {params})
      return (result as Array<{_id: string}>).map((d) => d._id)
    }),
  )
}

/** Counts SQLite commits of lake transactions while `fn` runs. */
async function countingCommits<T>(fn: () => Promise<T>): Promise<{value: T; commits: number[]}> {
  const db = t.running.lake.db
  const original = db.commitAll.bind(db)
  const commits: number[] = []
  db.commitAll = (transactions) => {
    commits.push(transactions.length)
    return original(transactions)
  }
  try {
    return {value: await fn(), commits}
  } finally {
    db.commitAll = original
  }
}

const settle = <T>(promises: Array<Promise<T>>) => Promise.allSettled(promises)

describe('group commit', () => {
  it('commits writes that arrive together in one SQLite transaction; a refused one in the middle leaves the rest', async () => {
    await admin.create({_id: 'g1-existing', _type: 'post', title: 'There before'})
    const {value: outcomes, commits} = await countingCommits(() =>
      settle([
        mutate('g1-a', [{create: {_id: 'g1-a', _type: 'post', n: 1}}]),
        mutate('g1-b', [{create: {_id: 'g1-b', _type: 'post', n: 2}}]),
        // Refused as a whole: its first mutation would have landed alone.
        mutate('g1-bad', [{create: {_id: 'g1-c', _type: 'post', n: 3}}, {create: {_id: 'g1-existing', _type: 'post'}}]),
        mutate('g1-d', [{create: {_id: 'g1-d', _type: 'post', n: 4}}]),
        mutate('g1-e', [{patch: {id: 'g1-a', set: {n: 10}}}]),
      ]),
    )
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled'])
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({statusCode: 409})
    expect(commits).toEqual([4])

    expect(await admin.getDocument('g1-c')).toBeUndefined()
    expect((await admin.getDocument('g1-existing'))?.title).toBe('There before')
    expect((await admin.getDocument('g1-a'))?.n).toBe(10)
    expect(await admin.fetch('*[_id in $ids] | order(_id) {_id, n, _rev}', {ids: ['g1-a', 'g1-b', 'g1-c', 'g1-d']})).toEqual([
      {_id: 'g1-a', n: 10, _rev: 'g1-e'},
      {_id: 'g1-b', n: 2, _rev: 'g1-b'},
      {_id: 'g1-d', n: 4, _rev: 'g1-d'},
    ])
    // History keeps commit order, and the refused transaction is nowhere.
    const log = await t.request('GET', '/v2025-02-19/data/history/production/transactions/g1-a,g1-b,g1-c,g1-d?excludeContent=true')
    expect(log.text.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)).toEqual(['g1-a', 'g1-b', 'g1-d', 'g1-e'])
  })

  it('lets a later write of a group build on an earlier one (ifRevisionID, transaction ids, queries)', async () => {
    const {value: outcomes, commits} = await countingCommits(() =>
      settle([
        mutate('g2-create', [{create: {_id: 'g2-doc', _type: 'post', n: 1}}]),
        // The revision the first write gives the document.
        mutate('g2-next', [{patch: {id: 'g2-doc', ifRevisionID: 'g2-create', set: {n: 2}}}]),
        // Stale by now: the write before it changed the revision.
        mutate('g2-stale', [{patch: {id: 'g2-doc', ifRevisionID: 'g2-create', set: {n: 99}}}]),
        // A transaction id an earlier write of the group took.
        mutate('g2-next', [{create: {_id: 'g2-other', _type: 'post'}}]),
        // A dry run sees the group so far.
        mutate('g2-dry', [{patch: {id: 'g2-doc', ifRevisionID: 'g2-next', inc: {n: 1}}}], {dryRun: true}),
        mutate('g2-last', [{patch: {id: 'g2-doc', ifRevisionID: 'g2-next', inc: {n: 1}}}]),
      ]),
    )
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'fulfilled', 'fulfilled'])
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({statusCode: 409})
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({statusCode: 409, message: expect.stringContaining('already been used')})
    expect((outcomes[4] as PromiseFulfilledResult<WriteOutcome<unknown>>).value.committed).toBe(false)
    expect(commits).toEqual([3])
    expect(await admin.getDocument('g2-doc')).toMatchObject({n: 3, _rev: 'g2-last'})
    expect(await admin.getDocument('g2-other')).toBeUndefined()

    // A mutation by query sees the writes before it: the group so far is committed first.
    const byQuery = await countingCommits(() =>
      Promise.all([
        mutate('g2-q1', [{create: {_id: 'g2-queried', _type: 'post', mark: 'new'}}]),
        mutate('g2-q2', [{patch: {query: '*[_type == "post" && mark == "new"]', set: {mark: 'seen'}}}]),
      ]),
    )
    expect(byQuery.commits).toEqual([1, 1])
    expect(await admin.getDocument('g2-queried')).toMatchObject({mark: 'seen', _rev: 'g2-q2'})
  })

  it('takes concurrent writes over HTTP, refusing one and landing the others', async () => {
    const clients = Array.from({length: 8}, () => t.client('administrator'))
    await admin.create({_id: 'g3-taken', _type: 'post'})
    const outcomes = await settle(clients.map((c, i) => (i === 3 ? c.create({_id: 'g3-taken', _type: 'post'}) : c.create({_id: `g3-${i}`, _type: 'post', i}))))
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(1)
    expect(outcomes[3]).toMatchObject({status: 'rejected', reason: {statusCode: 409}})
    const ids = await admin.fetch<string[]>('*[string::startsWith(_id, "g3-")] | order(_id)._id')
    expect(ids).toEqual(['g3-0', 'g3-1', 'g3-2', 'g3-4', 'g3-5', 'g3-6', 'g3-7', 'g3-taken'])
  })

  describe('when the SQLite commit of a group fails', () => {
    afterEach(() => {
      t.running.lake.db.db.exec('DROP TRIGGER IF EXISTS test_failing_commit')
    })

    it('acknowledges none of the group, shows none of it and keeps serving', async () => {
      await admin.create({_id: 'g4-base', _type: 'post', n: 1})
      const events: Array<{transactionId?: string; documentId?: string}> = []
      const subscription = admin.listen('*[string::startsWith(_id, "g4-")]', {}, {events: ['welcome', 'mutation']}).subscribe((e) => events.push(e as never))
      await expect.poll(() => events.length).toBeGreaterThan(0)

      // A real failure inside the group's SQLite transaction: the middle write's row is refused.
      t.running.lake.db.db.exec(
        `CREATE TRIGGER test_failing_commit BEFORE INSERT ON transactions WHEN NEW.id = 'g4-boom' BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`,
      )
      const {value: outcomes, commits} = await countingCommits(() =>
        settle([
          mutate('g4-a', [{create: {_id: 'g4-a', _type: 'post'}}, {patch: {id: 'g4-base', set: {n: 2}}}]),
          mutate('g4-boom', [{create: {_id: 'g4-boom', _type: 'post'}}]),
          mutate('g4-c', [{delete: {id: 'g4-base'}}]),
        ]),
      )
      expect(commits).toEqual([3])
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected'])
      expect(String((outcomes[0] as PromiseRejectedResult).reason)).toContain('simulated disk failure')

      // Memory, the query workers, the history and SQLite are as before the group.
      expect(await admin.getDocument('g4-a')).toBeUndefined()
      expect(await admin.getDocument('g4-base')).toMatchObject({n: 1})
      expect(await admin.fetch('*[string::startsWith(_id, "g4-")] | order(_id) {_id, n}')).toEqual([{_id: 'g4-base', n: 1}])
      const log = await t.request('GET', '/v2025-02-19/data/history/production/transactions/g4-a,g4-base,g4-boom?excludeContent=true')
      expect(log.text.trim().split('\n').map((line) => (JSON.parse(line) as {id: string}).id)).toHaveLength(1)
      expect(t.running.lake.db.transactionExists('g4-a')).toBe(false)

      // The lake keeps serving, and the ids are free again.
      t.running.lake.db.db.exec('DROP TRIGGER test_failing_commit')
      await mutate('g4-a', [{create: {_id: 'g4-a', _type: 'post'}}])
      expect(await admin.getDocument('g4-a')).toMatchObject({_rev: 'g4-a'})
      await expect.poll(() => events.filter((e) => e.transactionId !== undefined).map((e) => e.transactionId)).toEqual(['g4-a'])
      subscription.unsubscribe()
    })
  })
})

describe('group commit with the publish rules', () => {
  let rules: TestLake

  beforeAll(async () => {
    // Editors fact-check too here, so that one user can both edit an article and decide on it.
    rules = await startTestLake({claimOptions: {factCheckerRoles: ['fact-checker', 'editor']}})
  })
  afterAll(async () => {
    await rules?.close()
  })

  it('knows who edited an article from an earlier transaction of the same group', async () => {
    const lake = rules.running.lake
    const write = (who: string, transactionId: string, mutations: unknown[]) =>
      lake.write('production', rules.user(who), {transactionId, kind: 'mutate', mutations}, (tx) => applyMutations(tx, mutations, async () => []))
    const priya = rules.user('p-priya')
    const checker = {id: priya.id, name: priya.name, roles: [priya.role]}
    const draft = {...articleWithClaim(`drafts.${ARTICLE_ID}`)}
    const outcomes = await settle([
      write('p-priya', 'g5-edit', [{create: draft}]),
      write('p-priya', 'g5-decide', [{create: approvalFor(draft, checker)}]),
      write('p-dana', 'g5-other', [{create: approvalFor(draft)}]),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({statusCode: 403, message: expect.stringMatching(new RegExp(`\\(p-priya\\).* You edited "${ARTICLE_ID}"`))})
    expect(await rules.client('administrator').getDocument(`drafts.${ARTICLE_ID}`)).toMatchObject({_rev: 'g5-edit'})
  })
})
