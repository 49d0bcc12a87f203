/**
 * Writes: lake transactions per second over HTTP (one document created per transaction, the
 * publish rules enforced, as a Studio or script writes) with one client and with 8 concurrent
 * clients, beside bare SQLite inserts of the same documents (node:sqlite, WAL, synchronous=FULL,
 * one transaction per document: the same durability the lake gives). And listener delivery: how
 * long after a write is sent its mutation event reaches a `/data/listen` client.
 *
 * Each lake first takes the whole set once into a dataset of its own, untimed (a lake that has
 * been running has its code compiled and its query workers up; a lake just started spends its
 * first 200 ms on that), then three timed rounds, each into a new dataset, each beside a round of
 * bare SQLite run just before it (the disk's speed drifts over a run): the rates are the rounds'
 * medians.
 *
 * The documents are the 1k synthetic dataset's (articles with their approvals and medical reviews,
 * experts, citations...), minus the published articles the rules would refuse; articles go last,
 * after what they rely on, so every write is accepted.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {DatabaseSync} from 'node:sqlite'
import {Agent, fetch, request} from 'undici'
import type {Doc} from '../lake/dataset.ts'
import {randomToken} from '../lake/users.ts'
import {isDraftId} from '../plugins/medical-claims/rules/ids.ts'
import {complianceParams} from '../queries/compliance.ts'
import {compliantIdsLoop, loopData} from './baseline.ts'
import {type BenchLake, fillDataDir, freshDataDir, removeDir, startLakeProcess} from './lake.ts'
import {measureAsync, ms, perSecond, sampleOf, times, type Row} from './stats.ts'
import {BENCH_NOW, benchDataset} from './synthetic.ts'

const API = 'v2025-02-19'
const CLIENTS = 8
const ROUNDS = 3
/** Eight clients' rate at 30% of bare SQLite's or more: their time within 1/0.3 of its. */
const TARGET_TIME_RATIO = 1 / 0.3
const LISTENER_WRITES = 200
const HISTORY_IMPORT = 50_000


/** The documents to write, in two phases: everything articles rely on, then the articles. */
function writeSet(): {phases: Doc[][]; count: number} {
  const {docs} = benchDataset(1000)
  const compliant = new Set(compliantIdsLoop(loopData(docs), complianceParams(undefined, BENCH_NOW)))
  // Who verified and when is the lake's to record (the writer's token): the dataset's own values go.
  const clean = (doc: Doc): Doc => {
    const {_rev: _ignored, ...rest} = doc
    if (!Array.isArray(rest.credentials)) return rest as Doc
    const credentials = (rest.credentials as Array<Record<string, unknown>>).map((c) => {
      const {verifiedBy: _by, verifiedAt: _at, ...verification} = (c.verification ?? {}) as Record<string, unknown>
      return c.verification ? {...c, verification} : c
    })
    return {...rest, credentials} as Doc
  }
  // The lake refuses a review whose next-review date has passed: reviews of articles left out go too.
  const reviewOfLeftOut = (d: Doc) => d._type === 'factCheck.review' && !compliant.has((d.article as {_ref?: string} | undefined)?._ref ?? '')
  const first = docs.filter((d) => (d._type !== 'article' || isDraftId(d._id)) && !reviewOfLeftOut(d)).map(clean)
  const articles = docs.filter((d) => d._type === 'article' && compliant.has(d._id)).map(clean)
  return {phases: [first, articles], count: first.length + articles.length}
}

interface Client {
  create(doc: Doc, dataset?: string): Promise<void>
  close(): Promise<void>
}

/**
 * The bench lake's users: its administrator writes everything but decisions, which each
 * fact-checker and the medical reviewer write in their own name.
 */
function writeUsers(dataDir: string): void {
  const users = [
    {id: 'p-morgan', name: 'Morgan Reyes', email: 'morgan@example.test', role: 'administrator'},
    {id: 'p-dana', name: 'Dana Whitfield', email: 'dana@example.test', role: 'fact-checker'},
    {id: 'p-lee', name: 'Lee Ortiz', email: 'lee@example.test', role: 'fact-checker'},
    {id: 'p-sam', name: 'Sam Adeyemi', email: 'sam@example.test', role: 'medical-reviewer'},
  ].map((u) => ({...u, token: randomToken()}))
  writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify({users}, null, 2))
}

function client(lake: BenchLake): Client {
  const agent = new Agent({connect: {ca: lake.cert}})
  const tokens = new Map(lake.users.map((u) => [u.id, u.token]))
  const tokenFor = (doc: Doc) => (doc._type.startsWith('factCheck.') ? (tokens.get((doc.checkedBy as {id?: string} | undefined)?.id ?? '') ?? lake.token) : lake.token)
  return {
    async create(doc, dataset = 'production') {
      const res = await request(`${lake.url}/${API}/data/mutate/${dataset}`, {
        method: 'POST',
        headers: {authorization: `Bearer ${tokenFor(doc)}`, 'content-type': 'application/json'},
        body: JSON.stringify({mutations: [{create: doc}]}),
        dispatcher: agent,
      })
      const text = await res.body.text()
      if (res.statusCode !== 200) throw new Error(`create ${doc._id}: HTTP ${res.statusCode} ${text.slice(0, 300)}`)
    },
    close: () => agent.close(),
  }
}

/** Creates a dataset on the lake. */
async function createDataset(lake: BenchLake, name: string): Promise<void> {
  const agent = new Agent({connect: {ca: lake.cert}})
  try {
    const res = await fetch(`${lake.url}/${API}/datasets/${name}`, {method: 'PUT', headers: {authorization: `Bearer ${lake.token}`}, dispatcher: agent})
    if (res.status !== 200) throw new Error(`creating dataset ${name}: HTTP ${res.status} ${await res.text()}`)
  } finally {
    await agent.close()
  }
}

/** Writes every document into the dataset, one transaction each, with `count` clients; returns the elapsed time and each write's latency. */
async function writeAll(lake: BenchLake, dataset: string, phases: Doc[][], count: number): Promise<{elapsed: number; latencies: number[]}> {
  const clients = Array.from({length: count}, () => client(lake))
  const latencies: number[] = []
  const start = performance.now()
  try {
    for (const docs of phases) {
      let next = 0
      await Promise.all(
        clients.map(async (c) => {
          while (next < docs.length) {
            const doc = docs[next++]
            const t0 = performance.now()
            await c.create(doc, dataset)
            latencies.push(performance.now() - t0)
          }
        }),
      )
    }
  } finally {
    await Promise.all(clients.map((c) => c.close()))
  }
  return {elapsed: performance.now() - start, latencies}
}

/** The same documents into bare SQLite, one transaction per document. */
function sqliteInserts(phases: Doc[][]): {elapsed: number; latencies: number[]} {
  const dir = freshDataDir('writes-sqlite')
  mkdirSync(dir, {recursive: true})
  const db = new DatabaseSync(path.join(dir, 'bare.sqlite'))
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = FULL')
  db.exec('CREATE TABLE documents (id TEXT PRIMARY KEY, type TEXT NOT NULL, json TEXT NOT NULL) WITHOUT ROWID')
  const insert = db.prepare('INSERT INTO documents (id, type, json) VALUES (?, ?, ?)')
  const latencies: number[] = []
  const start = performance.now()
  for (const docs of phases) {
    for (const doc of docs) {
      const t0 = performance.now()
      db.exec('BEGIN IMMEDIATE')
      insert.run(doc._id, doc._type, JSON.stringify(doc))
      db.exec('COMMIT')
      latencies.push(performance.now() - t0)
    }
  }
  const elapsed = performance.now() - start
  db.close()
  removeDir(dir)
  return {elapsed, latencies}
}

/** Opens a listener and returns when each document id's first mutation event arrived. */
async function listen(lake: BenchLake, query: string): Promise<{arrivals: Map<string, number>; waitFor(id: string): Promise<number>; close(): Promise<void>}> {
  const agent = new Agent({connect: {ca: lake.cert}})
  const controller = new AbortController()
  const res = await fetch(`${lake.url}/${API}/data/listen/production?query=${encodeURIComponent(query)}&includeResult=false&includeMutations=false`, {
    headers: {authorization: `Bearer ${lake.token}`, accept: 'text/event-stream'},
    dispatcher: agent,
    signal: controller.signal,
  })
  if (res.status !== 200 || !res.body) throw new Error(`listen: HTTP ${res.status}`)
  const arrivals = new Map<string, number>()
  const waiters = new Map<string, (at: number) => void>()
  let welcomed: () => void = () => undefined
  const welcome = new Promise<void>((resolve) => (welcomed = resolve))
  const reading = (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        const now = performance.now()
        buffer += decoder.decode(chunk, {stream: true})
        let end: number
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const event = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (/^event: welcome$/m.test(event)) welcomed()
          const data = /^data: (.*)$/m.exec(event)?.[1]
          if (!/^event: mutation$/m.test(event) || !data) continue
          const id = (JSON.parse(data) as {documentId?: string}).documentId
          if (!id || arrivals.has(id)) continue
          arrivals.set(id, now)
          waiters.get(id)?.(now)
        }
      }
    } catch {
      // aborted on close
    }
  })()
  await welcome
  return {
    arrivals,
    waitFor: (id) => {
      const at = arrivals.get(id)
      if (at !== undefined) return Promise.resolve(at)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listener event for ${id} within 10 s`)), 10_000)
        waiters.set(id, (t) => {
          clearTimeout(timer)
          resolve(t)
        })
      })
    },
    async close() {
      controller.abort()
      await reading
      await agent.close()
    },
  }
}

/** The documents of the history bench's import: ids as long as a Studio's, a little content each. */
function importDocs(count: number): Doc[] {
  return Array.from({length: count}, (_, i) => ({_id: `bench-import-${String(i).padStart(6, '0')}-${(i * 2654435761) % 1e8}`, _type: 'bench.note', title: `Note ${i}`, n: i}))
}

/**
 * History after a large import: 50,000 documents imported in one transaction, one of them edited
 * twice since, then the Studio's history calls for that one id (its timeline, and the document at
 * the import's revision), each timed over HTTP.
 */
export async function benchHistory(): Promise<Row[]> {
  const dataDir = freshDataDir('history')
  writeUsers(dataDir)
  const docs = importDocs(HISTORY_IMPORT)
  await fillDataDir(dataDir, docs)
  const lake = await startLakeProcess(dataDir)
  const agent = new Agent({connect: {ca: lake.cert}})
  const id = docs[HISTORY_IMPORT / 2]._id
  const get = async (pathname: string): Promise<string> => {
    const res = await fetch(`${lake.url}/${API}${pathname}`, {headers: {authorization: `Bearer ${lake.token}`}, dispatcher: agent})
    const text = await res.text()
    if (res.status !== 200) throw new Error(`GET ${pathname}: HTTP ${res.status} ${text.slice(0, 300)}`)
    return text
  }
  const rows: Row[] = []
  try {
    for (const n of [1, 2]) {
      const res = await fetch(`${lake.url}/${API}/data/mutate/production`, {
        method: 'POST',
        headers: {authorization: `Bearer ${lake.token}`, 'content-type': 'application/json'},
        body: JSON.stringify({mutations: [{patch: {id, set: {edited: n}}}]}),
        dispatcher: agent,
      })
      if (res.status !== 200) throw new Error(`patch ${id}: HTTP ${res.status} ${await res.text()}`)
    }
    const timeline = `/data/history/production/transactions/${id}?excludeContent=true&includeIdentifiedDocumentsOnly=true&effectFormat=mendoza&reverse=true&limit=50`
    const entries = (await get(timeline)).trim().split('\n')
    if (entries.length !== 3) throw new Error(`history of ${id}: ${entries.length} entries, expected 3`)
    const importTx = (JSON.parse(entries[2]) as {id: string}).id
    const calls = [
      {name: 'transactions (the Studio timeline: one id, mendoza effects)', pathname: timeline},
      {name: 'documents at the import revision', pathname: `/data/history/production/documents/${id}?revision=${importTx}`},
    ]
    for (const call of calls) {
      const s = await measureAsync(() => get(call.pathname), {runs: 40, warmup: 5})
      rows.push({
        name: `history after a ${HISTORY_IMPORT.toLocaleString('en-US')}-document import, one id: ${call.name} [per call]`,
        median: ms(s.median),
        p99: ms(s.p99),
        baseline: '',
        ratio: '',
        target: '',
        ok: null,
        data: {documents: HISTORY_IMPORT, medianMs: s.median, p99Ms: s.p99},
      })
    }
  } finally {
    await agent.close()
    await lake.close()
    removeDir(lake.dataDir)
  }
  return rows
}

export async function benchWrites(): Promise<Row[]> {
  const {phases, count} = writeSet()
  const rows: Row[] = []
  const sqliteRounds: Array<{elapsed: number; latencies: number[]}> = []
  const rate = (elapsed: number) => (count * 1000) / elapsed
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

  for (const clients of [1, CLIENTS]) {
    const dataDir = freshDataDir(`writes-${clients}`)
    writeUsers(dataDir)
    const lake = await startLakeProcess(dataDir)
    try {
      await createDataset(lake, 'warm-up')
      await writeAll(lake, 'warm-up', phases, clients)
      const lakeRuns: Array<{elapsed: number; latencies: number[]}> = []
      const baselines: Array<{elapsed: number; latencies: number[]}> = []
      for (let round = 1; round <= ROUNDS; round++) {
        baselines.push(sqliteInserts(phases))
        await createDataset(lake, `round-${round}`)
        lakeRuns.push(await writeAll(lake, `round-${round}`, phases, clients))
      }
      sqliteRounds.push(...baselines)
      const lakeElapsed = median(lakeRuns.map((r) => r.elapsed))
      const sqliteElapsed = median(baselines.map((r) => r.elapsed))
      const s = sampleOf(lakeRuns.flatMap((r) => r.latencies))
      const share = sqliteElapsed / lakeElapsed
      const targeted = clients === CLIENTS
      rows.push({
        name: `lake, ${clients} client${clients > 1 ? 's' : ''}: ${count} creates, ${perSecond(count, lakeElapsed)}, ${(share * 100).toFixed(1)}% of bare SQLite's ${perSecond(count, sqliteElapsed)} (medians of ${ROUNDS} rounds) [latency per transaction]`,
        median: ms(s.median),
        p99: ms(s.p99),
        baseline: ms(sampleOf(baselines.flatMap((r) => r.latencies)).median),
        ratio: times(lakeElapsed, sqliteElapsed),
        target: targeted ? `<= ${TARGET_TIME_RATIO.toFixed(2)}x (30% of SQLite's rate)` : '',
        ok: targeted ? lakeElapsed / sqliteElapsed <= TARGET_TIME_RATIO : null,
        data: {
          clients,
          transactions: count,
          rounds: ROUNDS,
          elapsedMs: lakeElapsed,
          perSecond: rate(lakeElapsed),
          roundsPerSecond: lakeRuns.map((r) => Math.round(rate(r.elapsed))).join(' '),
          medianMs: s.median,
          p99Ms: s.p99,
          sqliteElapsedMs: sqliteElapsed,
          sqlitePerSecond: rate(sqliteElapsed),
          sqliteRoundsPerSecond: baselines.map((r) => Math.round(rate(r.elapsed))).join(' '),
          shareOfSqlite: share,
          ratio: lakeElapsed / sqliteElapsed,
        },
      })

      if (clients === 1) {
        const listener = await listen(lake, '*[_type == "bench.note"]')
        const writer = client(lake)
        const delivered: number[] = []
        const acknowledged: number[] = []
        try {
          for (let i = 0; i < LISTENER_WRITES; i++) {
            const id = `note-${i}`
            const t0 = performance.now()
            const arrived = listener.waitFor(id)
            await writer.create({_id: id, _type: 'bench.note', n: i})
            acknowledged.push(performance.now() - t0)
            delivered.push((await arrived) - t0)
          }
        } finally {
          await writer.close()
          await listener.close()
        }
        const d = sampleOf(delivered)
        const a = sampleOf(acknowledged)
        rows.push({
          name: `listener delivery: write sent -> event received (${LISTENER_WRITES} writes) [baseline: write sent -> acknowledged]`,
          median: ms(d.median),
          p99: ms(d.p99),
          baseline: ms(a.median),
          ratio: times(d.median, a.median),
          target: '',
          ok: null,
          data: {writes: LISTENER_WRITES, p50Ms: d.median, p99Ms: d.p99, ackP50Ms: a.median, ackP99Ms: a.p99},
        })
      }
    } finally {
      await lake.close()
      removeDir(lake.dataDir)
    }
  }
  const sqliteElapsed = median(sqliteRounds.map((r) => r.elapsed))
  const sqliteSample = sampleOf(sqliteRounds.flatMap((r) => r.latencies))
  rows.push({
    name: `bare SQLite: ${count} inserts, one transaction each, ${perSecond(count, sqliteElapsed)} (median of ${sqliteRounds.length} rounds)`,
    median: ms(sqliteSample.median),
    p99: ms(sqliteSample.p99),
    baseline: '',
    ratio: '',
    target: '',
    ok: null,
    data: {transactions: count, rounds: sqliteRounds.length, elapsedMs: sqliteElapsed, medianMs: sqliteSample.median, p99Ms: sqliteSample.p99},
  })
  rows.push(...(await benchHistory()))
  return rows
}
