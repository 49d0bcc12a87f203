/**
 * Queries run on worker threads: a runaway query is stopped at its time limit with Sanity's error
 * shape while the lake keeps answering everyone else; one user cannot take every worker; workers
 * see every acknowledged write; the lake stops promptly with a runaway query running.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {spawnLake} from '../../lake/process.ts'
import {randomToken} from '../../lake/users.ts'
import {WRITE_SELECTION_MS} from '../../lake/routes/data.ts'
import {type TestLake, sleep, startTestLake, tempDir} from './helpers.ts'

/** Cubic in the documents: over 2,000 of them, far longer than any time limit here. */
const RUNAWAY = 'count(*[_type == "n"][count(*[_type == "n" && count(*[_type == "n" && n > ^.n]) > ^.n]) > 1000])'
const VIEWER = {id: 'p-val', name: 'Val Viewer', email: 'val@example.test', role: 'viewer'}

function withViewer(dataDir: string): void {
  mkdirSync(dataDir, {recursive: true})
  const users = [
    {id: 'p-morgan', name: 'Morgan Reyes', email: 'morgan@example.test', role: 'administrator'},
    {id: 'p-priya', name: 'Priya Shah', email: 'priya@example.test', role: 'editor'},
    {id: 'p-dana', name: 'Dana Okafor', email: 'dana@example.test', role: 'fact-checker'},
    VIEWER,
  ].map((u) => ({...u, token: randomToken()}))
  writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify({users}, null, 2))
}

async function fillNumbers(t: TestLake, count: number): Promise<void> {
  const tx = t.client('administrator').transaction()
  for (let i = 0; i < count; i++) tx.create({_id: `n${i}`, _type: 'n', n: i})
  await tx.commit()
}

const query = (t: TestLake, user: string, groq: string) =>
  t.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent(groq)}`, {token: t.user(user).token})

describe('queries on worker threads', () => {
  let t: TestLake
  beforeAll(async () => {
    const dataDir = tempDir()
    withViewer(dataDir)
    t = await startTestLake({dataDir, policy: null, queries: {timeoutMs: 3_000, perUser: 1, queuedPerUser: 1, workers: 2, maxWorkers: 4}})
    await fillNumbers(t, 2_000)
  })
  afterAll(() => t?.close())

  it('stops a runaway query at its time limit, and answers everyone else meanwhile', async () => {
    const order: string[] = []
    const runaway = query(t, VIEWER.id, RUNAWAY).then((res) => {
      order.push('runaway')
      return res
    })
    await sleep(300)
    const ping = await t.request('GET', '/v1/ping', {token: null})
    order.push('ping')
    expect(ping.text).toBe('PONG')
    await t.client('editor').create({_id: 'written-meanwhile', _type: 'note', title: 'while a query runs'})
    order.push('write')
    const other = await query(t, 'fact-checker', '*[_id == "written-meanwhile"][0].title')
    order.push('query')
    expect(other.body).toMatchObject({result: 'while a query runs'})

    const stopped = await runaway
    expect(order).toEqual(['ping', 'write', 'query', 'runaway'])
    expect(stopped.status).toBe(400)
    expect(stopped.body).toMatchObject({statusCode: 400, error: {type: 'queryTimeoutError'}})
    expect((stopped.body as {error: {description: string}}).error.description).toMatch(/ran longer than the lake's limit of 3 s/)

    // The worker that ran it was replaced: the same user's next query is answered.
    const after = await query(t, VIEWER.id, 'count(*[_type == "n"])')
    expect(after.body).toMatchObject({result: 2_000})
  })

  it('lets one user run one query at a time, queue one more, and refuses the rest with 429', async () => {
    const first = query(t, VIEWER.id, RUNAWAY)
    await sleep(200)
    const second = query(t, VIEWER.id, 'count(*[_type == "n"])')
    await sleep(100)
    const third = await query(t, VIEWER.id, 'count(*[_type == "n"])')
    expect(third.status).toBe(429)
    expect(third.body).toMatchObject({statusCode: 429, error: {type: 'rateLimitError'}})
    expect((third.body as {error: {description: string}}).error.description).toMatch(/at most 1 may wait/)

    // Another user is not held up by the viewer's queue.
    const other = await query(t, 'editor', 'count(*[_type == "n"])')
    expect(other.body).toMatchObject({result: 2_000})

    expect((await first).status).toBe(400)
    expect((await second).body).toMatchObject({result: 2_000})
  })

  it('answers every query with the writes acknowledged before it, on whichever worker runs it', async () => {
    const editor = t.client('editor')
    for (let i = 0; i < 30; i++) {
      await editor.createOrReplace({_id: 'counter', _type: 'counter', value: i})
      const seen = await Promise.all([editor.fetch('*[_id == "counter"][0].value'), t.client('fact-checker').fetch('*[_id == "counter"][0].value')])
      expect(seen).toEqual([i, i])
    }
    await editor.delete('counter')
    expect(await editor.fetch('*[_id == "counter"][0]')).toBeNull()
  })

  it('sees datasets created and deleted after it started', async () => {
    const admin = t.client('administrator')
    await admin.datasets.create('scratch')
    const scratch = admin.withConfig({dataset: 'scratch'})
    await scratch.create({_id: 'only-here', _type: 'note'})
    expect(await scratch.fetch('*[_type == "note"]._id')).toEqual(['only-here'])
    await admin.datasets.delete('scratch')
    const gone = await t.request('GET', `/v2025-02-19/data/query/scratch?query=${encodeURIComponent('*')}`)
    expect(gone.status).toBe(404)
  })

  it('stops a query that needs more memory than a worker may use, and keeps serving', async () => {
    const small = await startTestLake({policy: null, queries: {memoryMb: 64, timeoutMs: 20_000}})
    try {
      await fillNumbers(small, 2_000)
      const res = await small.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('*[_type == "n"]{"all": *[_type == "n"]{n, "again": n}}')}`)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({error: {type: 'queryMemoryLimitError'}})
      const after = await small.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}`)
      expect(after.body).toMatchObject({result: 2_000})
    } finally {
      await small.close()
    }
  })
})

describe('a query that ran long on a worker', () => {
  let t: TestLake
  beforeAll(async () => {
    t = await startTestLake({policy: null, queries: {workers: 2, maxWorkers: 2, perUser: 2, timeoutMs: 5_000}})
    await fillNumbers(t, 1_500)
  })
  afterAll(() => t?.close())

  /** Quadratic in the documents: a few hundred milliseconds here, longer the larger `$k`'s work. */
  const slow = (k: number) => ({query: 'count(*[_type == "n" && count(*[_type == "n" && n < ^.n]) > $k])', params: {k}})
  const run = (user: string, {query, params}: {query: string; params: Record<string, unknown>}) => {
    const started = Date.now()
    return t.running.lake.queryPool!.run('production', query, {params, identity: user}).then((outcome) => ({...outcome, took: Date.now() - started}))
  }

  it('goes back to that worker, waiting while it finishes another query, and other queries take the other worker', async () => {
    // Both workers up: two queries at once run on two of them.
    for (let i = 0; i < 50; i++) {
      const pair = await Promise.all([run('p-x', {query: 'count(*[_type == "n" && n > $n])', params: {n: i}}), run('p-y', {query: 'count(*[_type == "n" && n < $n])', params: {n: i}})])
      if (pair[0].worker !== pair[1].worker) break
      await sleep(100)
    }
    const first = await run('p-a', slow(1))
    expect(first.took).toBeGreaterThan(100)
    // That worker busy with another query, a third as long: the first waits for it rather than run on the idle one.
    const busy = run('p-b', {query: 'count(*[_type == "n" && n < 500 && count(*[_type == "n" && n < ^.n]) > $k])', params: {k: 2}})
    await sleep(20)
    const again = run('p-a', slow(1))
    const other = await run('p-c', {query: 'count(*[_type == "n"])', params: {}})
    const [busyDone, againDone] = await Promise.all([busy, again])
    expect(busyDone.worker).toBe(first.worker)
    expect(againDone.worker).toBe(first.worker)
    expect(other.worker).not.toBe(first.worker)
    expect(againDone.result).toBe(first.result)
  })

  it('waits for it no longer than its run there took, then runs on another', async () => {
    const first = await run('p-d', slow(3))
    // Its worker busy far longer than the first run took.
    const long = run('p-e', {query: RUNAWAY.replace('> 1000', '> 1000000'), params: {}}).catch((err: unknown) => err)
    await sleep(20)
    const again = await run('p-d', slow(3))
    expect(again.worker).not.toBe(first.worker)
    expect(again.took).toBeLessThan(first.took * 3 + 2_000)
    expect(again.result).toBe(first.result)
    await long
  }, 60_000)
})

describe('the lake process with a runaway query', () => {
  it('stops on SIGTERM at once, without waiting for the query', async () => {
    const dataDir = tempDir()
    // A time limit far beyond the test's own: SIGTERM must not wait for the query.
    const lake = await spawnLake(dataDir, {args: ['--query-timeout', '600']})
    const admin = lake.users.users.find((u) => u.role === 'administrator')?.token as string
    const {Agent, fetch} = await import('undici')
    const agent = new Agent({connect: {ca: lake.cert}})
    try {
      const body = JSON.stringify({mutations: Array.from({length: 2_000}, (_, i) => ({create: {_id: `n${i}`, _type: 'n', n: i}}))})
      const headers = {authorization: `Bearer ${admin}`, 'content-type': 'application/json'}
      const written = await fetch(`${lake.url}/v2025-02-19/data/mutate/production`, {method: 'POST', body, headers, dispatcher: agent})
      expect(written.status).toBe(200)
      const runaway = fetch(`${lake.url}/v2025-02-19/data/query/production?query=${encodeURIComponent(RUNAWAY)}`, {headers, dispatcher: agent}).catch((err: unknown) => err)
      await sleep(500)
      const ping = await fetch(`${lake.url}/v1/ping`, {dispatcher: agent})
      expect(await ping.text()).toBe('PONG')
      lake.child.kill('SIGTERM')
      await lake.exited
      expect(lake.child.exitCode).toBe(0)
      await runaway
    } finally {
      lake.child.kill('SIGKILL')
      await agent.destroy()
    }
  }, 60_000)
})

describe('a write that selects its documents by query', () => {
  let t: TestLake
  const SELECTION = '*[_type == "n" && count(*[_type == "n" && count(*[_type == "n" && n > ^.n]) > ^.n]) > 1000]'
  const mutate = (user: string, mutations: unknown[]) => t.request('POST', '/v2025-02-19/data/mutate/production', {token: t.user(user).token, body: {mutations}})
  beforeAll(async () => {
    const dataDir = tempDir()
    withViewer(dataDir)
    // The lake's own limit is long: what stops the selection is the write's shorter one.
    t = await startTestLake({dataDir, policy: null, queries: {timeoutMs: 60_000, workers: 2}})
    await fillNumbers(t, 2_000)
  })
  afterAll(() => t?.close())

  it('is refused before its query runs when the user may change nothing', async () => {
    const res = await mutate(VIEWER.id, [{patch: {query: SELECTION, set: {touched: true}}}])
    expect(res.status).toBe(403)
    expect(JSON.stringify(res.body)).toContain('a viewer, whose role may not change documents, so nothing was written')
    expect((await query(t, 'p-priya', 'count(*[defined(touched)])')).body).toMatchObject({result: 0})
  })

  it(`stops a selection that runs past ${WRITE_SELECTION_MS / 1000} s, writes nothing, and the writes behind it land`, async () => {
    const started = Date.now()
    const slow = mutate('p-priya', [{patch: {query: SELECTION, set: {touched: true}}}])
    await sleep(100)
    const other = mutate('p-morgan', [{create: {_id: 'after-the-slow-one', _type: 'note'}}])
    const [res, next] = await Promise.all([slow, other])
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({error: {type: 'queryTimeoutError'}})
    expect(JSON.stringify(res.body)).toContain(`did not answer within ${WRITE_SELECTION_MS / 1000} s, so nothing was written`)
    // Stopped at the write's limit, far inside the lake's one minute.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(next.status).toBe(200)
    expect((await query(t, 'p-priya', 'count(*[defined(touched)])')).body).toMatchObject({result: 0})
    expect((await query(t, 'p-priya', 'count(*[_id == "after-the-slow-one"])')).body).toMatchObject({result: 1})
  })
})
