/**
 * Isolation: what a runaway query costs everyone else. The lake (its own process, 10k documents)
 * answers `/ping`, a small query (an article by slug) and a small write from one user, first with
 * nothing else running, then while four other users each keep a hostile query running (a subquery
 * over every document per document, which runs until the lake's time limit stops it). Target: the
 * p99 of each under attack within 50 ms of its p99 without.
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {Agent, fetch} from 'undici'
import {randomToken} from '../lake/users.ts'
import {isPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import {fillDataDir, freshDataDir, removeDir, startLakeProcess, type BenchLake} from './lake.ts'
import {ms, sampleOf, type Row} from './stats.ts'
import {benchDataset} from './synthetic.ts'

const API = 'v2025-02-19'
const HOSTILE = 'count(*[count(*[_id > ^._id]) > 1000])'
const HOSTILE_USERS = 4
const ROUNDS = 300
const TARGET_MS = 50


/** users.json with an editor who measures and four viewers who attack. */
function writeUsers(dataDir: string): void {
  const users = [
    {id: 'p-admin', name: 'Bench Admin', email: 'admin@example.test', role: 'administrator'},
    {id: 'p-editor', name: 'Bench Editor', email: 'editor@example.test', role: 'editor'},
    ...Array.from({length: HOSTILE_USERS}, (_, i) => ({id: `p-viewer${i}`, name: `Viewer ${i}`, email: `viewer${i}@example.test`, role: 'viewer'})),
  ].map((u) => ({...u, token: randomToken()}))
  writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify({users}, null, 2))
}

interface Probe {
  ping: number[]
  query: number[]
  write: number[]
}

async function probe(lake: BenchLake, agent: Agent, token: string, slug: string): Promise<Probe> {
  const out: Probe = {ping: [], query: [], write: []}
  const headers = {authorization: `Bearer ${token}`, 'content-type': 'application/json'}
  const small = `${lake.url}/${API}/data/query/production?query=${encodeURIComponent('*[_type == "article" && slug.current == $slug][0]{_id, title}')}&%24slug=${encodeURIComponent(JSON.stringify(slug))}`
  const timed = async (list: number[], run: () => Promise<{status: number; text(): Promise<string>}>) => {
    const t0 = performance.now()
    const res = await run()
    const text = await res.text()
    list.push(performance.now() - t0)
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 300)}`)
  }
  for (let i = 0; i < ROUNDS; i++) {
    await timed(out.ping, () => fetch(`${lake.url}/v1/ping`, {dispatcher: agent}))
    await timed(out.query, () => fetch(small, {headers, dispatcher: agent}))
    const body = JSON.stringify({mutations: [{createOrReplace: {_id: 'bench-note', _type: 'note', n: i}}]})
    await timed(out.write, () => fetch(`${lake.url}/${API}/data/mutate/production`, {method: 'POST', headers, body, dispatcher: agent}))
  }
  return out
}

export async function benchIsolation(): Promise<Row[]> {
  const dataDir = freshDataDir('isolation')
  const {docs} = benchDataset(10_000)
  await fillDataDir(dataDir, docs)
  writeUsers(dataDir)
  const slug = (docs.find((d) => d._type === 'article' && isPublishedId(d._id))?.slug as {current: string}).current
  const lake = await startLakeProcess(dataDir)
  const agent = new Agent({connect: {ca: lake.cert}})
  const token = (role: string) => lake.users.filter((u) => u.role === role).map((u) => u.token)
  let attacking = true
  const attackers: Array<Promise<void>> = []
  try {
    const [editor] = token('editor')
    await probe(lake, agent, editor, slug) // warm-up
    const calm = await probe(lake, agent, editor, slug)

    let stopped = 0
    for (const viewer of token('viewer')) {
      const own = new Agent({connect: {ca: lake.cert}})
      attackers.push(
        (async () => {
          while (attacking) {
            const res = await fetch(`${lake.url}/${API}/data/query/production?query=${encodeURIComponent(HOSTILE)}`, {headers: {authorization: `Bearer ${viewer}`}, dispatcher: own})
            const text = await res.text()
            if (!text.includes('queryTimeoutError')) throw new Error(`the hostile query was not stopped by the time limit: HTTP ${res.status} ${text.slice(0, 300)}`)
            stopped++
          }
        })()
          .catch((err: unknown) => {
            // The lake closing under a running query ends the loop; anything earlier is a failure.
            if (attacking) throw err
          })
          .finally(() => own.destroy()),
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000)) // the hostile queries are running
    const attacked = await probe(lake, agent, editor, slug)
    if (stopped > 0) throw new Error(`a hostile query ended while measuring (${stopped}): raise the lake's time limit or shorten the probe`)
    attacking = false

    const rows: Row[] = []
    for (const name of ['ping', 'query', 'write'] as const) {
      const before = sampleOf(calm[name])
      const during = sampleOf(attacked[name])
      const label = {ping: '/ping', query: 'article by slug (other user)', write: 'createOrReplace (other user)'}[name]
      rows.push({
        name: `${label}, ${HOSTILE_USERS} hostile queries running`,
        median: ms(during.median),
        p99: ms(during.p99),
        baseline: `${ms(before.median)} (p99 ${ms(before.p99)}) with none`,
        ratio: `p99 +${ms(Math.max(0, during.p99 - before.p99))}`,
        target: `p99 within ${TARGET_MS} ms`,
        ok: during.p99 - before.p99 <= TARGET_MS,
        data: {medianMs: during.median, p99Ms: during.p99, calmMedianMs: before.median, calmP99Ms: before.p99, runs: during.runs, hostileStopped: stopped},
      })
    }
    return rows
  } finally {
    attacking = false
    await lake.close()
    await Promise.allSettled(attackers)
    await agent.destroy()
    removeDir(dataDir)
  }
}
