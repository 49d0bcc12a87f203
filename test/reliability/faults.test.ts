/**
 * Faults: the lake killed with SIGKILL in the middle of a write load and restarted keeps every
 * transaction it acknowledged and no part of any other; a corrupt or truncated import file is
 * refused whole, with its line number, and nothing of it is imported, whichever way it arrives.
 * (test/lake/durability.test.ts covers sequential writes before a kill; this is under load.)
 */
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {DatabaseSync} from 'node:sqlite'
import {gzipSync} from 'node:zlib'
import {afterAll, describe, expect, it} from 'vitest'
import {runAuditCli} from '../../audit/cli.ts'
import {startLake} from '../../lake/server.ts'
import {MAX_TRANSACTION_DOCUMENTS} from '../../lake/limits.ts'
import {sleep, startTestLake, tempDir} from '../lake/helpers.ts'
import {type LakeProcess, prng, startLakeProcess} from './helpers.ts'

const dirs: string[] = []
const processes: LakeProcess[] = []
const dir = (prefix: string) => {
  const d = tempDir(prefix)
  dirs.push(d)
  return d
}
afterAll(async () => {
  for (const p of processes) await p.kill().catch(() => undefined)
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

async function lake(dataDir: string): Promise<LakeProcess> {
  const p = await startLakeProcess(dataDir)
  processes.push(p)
  return p
}

const PARTS = ['a', 'b', 'c'] as const

/** One transaction: three documents that must exist together or not at all. */
function transaction(writer: number, n: number) {
  const tx = `tx-${writer}-${n}`
  return {
    tx,
    body: {
      transactionId: tx,
      mutations: PARTS.map((part) => ({createOrReplace: {_id: `${tx}-${part}`, _type: 'load', tx, part, payload: 'x'.repeat(2000 + ((writer * 31 + n * 17) % 1000))}})),
    },
  }
}

function integrity(dataDir: string): string {
  const db = new DatabaseSync(path.join(dataDir, 'lake.sqlite'), {readOnly: true})
  try {
    return (db.prepare('PRAGMA integrity_check').get() as {integrity_check: string}).integrity_check
  } finally {
    db.close()
  }
}

describe('SIGKILL in the middle of a write load', () => {
  it('keeps every acknowledged transaction and no partial one, over three kill/restart cycles', async () => {
    const dataDir = dir('reliability-kill-')
    const acknowledged = new Set<string>()
    const attempted = new Set<string>()
    const WRITERS = 6

    for (let cycle = 0; cycle < 3; cycle++) {
      const running = await lake(dataDir)
      let stop = false
      let inFlight = 0
      let maxInFlight = 0
      const ackedThisCycle: string[] = []
      const writers = Array.from({length: WRITERS}, async (_, w) => {
        for (let n = 0; !stop; n++) {
          const {tx, body} = transaction(cycle * 100 + w, n)
          attempted.add(tx)
          inFlight++
          maxInFlight = Math.max(maxInFlight, inFlight)
          try {
            const res = await running.request('POST', '/v2025-02-19/data/mutate/production', {body})
            if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 200)}`)
            if ((res.body as {transactionId?: string}).transactionId !== tx) throw new Error(`acknowledged ${JSON.stringify(res.body)} for ${tx}`)
            acknowledged.add(tx)
            ackedThisCycle.push(tx)
          } catch (err) {
            // Requests cut by the kill fail here; anything else is a real failure.
            if (!stop) throw err
          } finally {
            inFlight--
          }
        }
      })
      // Kill once enough has been acknowledged, while every writer still has a request in flight.
      const deadline = Date.now() + 20_000
      while (ackedThisCycle.length < 60 && Date.now() < deadline) await sleep(5)
      expect(ackedThisCycle.length).toBeGreaterThanOrEqual(60)
      stop = true
      await running.kill()
      await Promise.all(writers)
      expect(maxInFlight).toBe(WRITERS)
      expect(integrity(dataDir)).toBe('ok')
    }

    const after = await lake(dataDir)
    try {
      const res = await after.request('GET', `/v1/data/query/production?query=${encodeURIComponent('*[_type == "load"]{_id, _rev, tx, part}')}`)
      const docs = (res.body as {result: Array<{_id: string; _rev: string; tx: string; part: string}>}).result
      const byTx = new Map<string, typeof docs>()
      for (const doc of docs) byTx.set(doc.tx, [...(byTx.get(doc.tx) ?? []), doc])
      // Every acknowledged transaction is there, whole, at its own revision.
      for (const tx of acknowledged) {
        const parts = byTx.get(tx) ?? []
        expect({tx, parts: parts.map((p) => p.part).sort()}).toEqual({tx, parts: [...PARTS]})
        for (const p of parts) expect(p._rev).toBe(tx)
      }
      // No transaction is there in part (acknowledged or not).
      for (const [tx, parts] of byTx) {
        expect(attempted.has(tx)).toBe(true)
        expect({tx, count: parts.length}).toEqual({tx, count: 3})
      }
      // The history agrees with the documents.
      const db = new DatabaseSync(path.join(dataDir, 'lake.sqlite'), {readOnly: true})
      const txRows = db.prepare("SELECT id, documentIds FROM transactions WHERE id LIKE 'tx-%'").all() as Array<{id: string; documentIds: string}>
      db.close()
      expect(new Set(txRows.map((r) => r.id))).toEqual(new Set(byTx.keys()))
      for (const row of txRows) expect((JSON.parse(row.documentIds) as string[]).length).toBe(3)
      // And the lake takes writes again.
      const fresh = await after.request('POST', '/v1/data/mutate/production', {body: {mutations: [{create: {_id: 'after-restart', _type: 'load'}}]}})
      expect(fresh.status).toBe(200)
    } finally {
      await after.close()
    }
  }, 90_000)

  it('a large import killed while it is written lands whole or not at all', async () => {
    const dataDir = dir('reliability-kill-import-')
    // As large as one transaction may be (MAX_TRANSACTION_DOCUMENTS), each line long enough that the import takes a while.
    const lines = Array.from({length: MAX_TRANSACTION_DOCUMENTS}, (_, i) => JSON.stringify({_id: `imp-${i}`, _type: 'bulk', i, text: `row ${i} ${'y'.repeat(400)}`}))
    const count = async (p: LakeProcess) => ((await p.request('GET', `/v1/data/query/production?query=${encodeURIComponent('count(*[_type == "bulk"])')}`)).body as {result: number}).result
    // Kill later and later into the import until one run finishes first: the kills before it land
    // while the request is read, parsed, checked or committed.
    const outcomes: string[] = []
    let landed = false
    for (let delay = 30; delay <= 2500 && !landed; delay += 150) {
      const running = await lake(dataDir)
      const sent = running.request('POST', '/v1/data/import/production?mode=create', {rawBody: `${lines.join('\n')}\n`}).catch((err: unknown) => err)
      await sleep(delay)
      await running.kill()
      const outcome = await sent
      outcomes.push(outcome instanceof Error ? 'cut' : `HTTP ${(outcome as {status: number}).status}`)
      expect(integrity(dataDir)).toBe('ok')
      const again = await lake(dataDir)
      const n = await count(again)
      await again.close()
      // Acknowledged: all there. Cut: all there (committed, the answer was lost) or nothing.
      if (outcomes.at(-1) === 'HTTP 200') expect(n).toBe(MAX_TRANSACTION_DOCUMENTS)
      else expect([0, MAX_TRANSACTION_DOCUMENTS]).toContain(n)
      landed = n === MAX_TRANSACTION_DOCUMENTS
    }
    expect(outcomes[0]).toBe('cut')
    expect(landed).toBe(true)
  }, 90_000)
})

describe('a corrupt or truncated import file is refused whole, with its line number', () => {
  const good = (n: number) => Array.from({length: n}, (_, i) => JSON.stringify({_id: `row-${i}`, _type: 'row', i, text: `line ${i + 1}`}))
  const rand = prng(11)
  const garble = (line: string) => {
    const at = 5 + Math.floor(rand() * (line.length - 10))
    return `${line.slice(0, at)}\u0000\u00ff"}{${line.slice(at + 3)}`
  }
  const cases: Array<{name: string; text: string | Buffer; line: number; message: RegExp}> = [
    {name: 'truncated in the middle of its last line', text: (() => {
      const l = good(2000)
      return `${l.slice(0, -1).join('\n')}\n${l[1999].slice(0, 20)}`
    })(), line: 2000, message: /line 2000 is not valid JSON/},
    {name: 'truncated without a closing brace', text: `${good(10).join('\n')}\n{"_id":"row-x","_type":"row"`, line: 11, message: /line 11 is not valid JSON/},
    {name: 'garbage bytes inside line 1000', text: good(2000).map((l, i) => (i === 999 ? garble(l) : l)).join('\n'), line: 1000, message: /line 1000 is not valid JSON/},
    {name: 'a JSON array on line 500', text: good(800).map((l, i) => (i === 499 ? '[1, 2, 3]' : l)).join('\n'), line: 500, message: /line 500 is not a JSON object/},
    {name: 'no _id on line 3', text: good(5).map((l, i) => (i === 2 ? '{"_type":"row"}' : l)).join('\n'), line: 3, message: /line 3 has no valid _id/},
    {name: 'an id with a space on line 4', text: good(5).map((l, i) => (i === 3 ? '{"_id":"has space","_type":"row"}' : l)).join('\n'), line: 4, message: /line 4 has no valid _id/},
    {name: 'no _type on line 2', text: good(5).map((l, i) => (i === 1 ? '{"_id":"row-typeless"}' : l)).join('\n'), line: 2, message: /line 2 \(document "row-typeless"\) has no _type/},
    {name: 'a repeated id on line 1500', text: good(2000).map((l, i) => (i === 1499 ? JSON.stringify({_id: 'row-7', _type: 'row'}) : l)).join('\n'), line: 1500, message: /line 1500 repeats document "row-7" from line 8/},
    {name: 'nested 5,000 levels deep on line 6', text: [...good(5), `{"_id":"deep","_type":"row","v":${'['.repeat(5000)}${']'.repeat(5000)}}`].join('\n'), line: 6, message: /line 6 nests arrays and objects more than 100 levels deep/},
    {name: 'a gzip file sent as NDJSON', text: gzipSync(good(100).join('\n')), line: 1, message: /line 1 is not valid JSON/},
  ]

  it.each(cases)('over HTTP (POST /data/import), $name: 400 naming line $line, nothing imported', async ({text, line, message}) => {
    const t = await startTestLake({policy: null})
    try {
      const db = t.running.lake.db.db
      const txBefore = (db.prepare('SELECT count(*) AS n FROM transactions').get() as {n: number}).n
      for (const mode of ['create', 'replace', 'missing']) {
        const res = await t.request('POST', `/v1/data/import/production?mode=${mode}`, {rawBody: text})
        expect(res.status).toBe(400)
        expect(res.body).toMatchObject({error: {type: 'importError', line, description: expect.stringMatching(message)}, statusCode: 400})
        expect((res.body as {error: {description: string}}).error.description).toMatch(/^Import refused, nothing was imported/)
      }
      expect(t.running.lake.exportDocuments('production')).toHaveLength(0)
      expect((db.prepare('SELECT count(*) AS n FROM transactions').get() as {n: number}).n).toBe(txBefore)
      expect((await t.request('GET', '/v1/ping', {token: null})).status).toBe(200)
    } finally {
      await t.close()
    }
  })

  it('into a dataset that has data, a bad file changes nothing of it', async () => {
    const t = await startTestLake({policy: null})
    try {
      await t.request('POST', '/v1/data/import/production', {rawBody: good(50).join('\n')})
      const before = t.running.lake.exportDocuments('production')
      const changed = good(50).map((l) => l.replace('"row"', '"changed"'))
      changed[30] = changed[30].slice(0, 12)
      const res = await t.request('POST', '/v1/data/import/production?mode=replace', {rawBody: changed.join('\n')})
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({error: {line: 31}})
      expect(t.running.lake.exportDocuments('production')).toEqual(before)
    } finally {
      await t.close()
    }
  })

  it('as the seed of a new lake: the lake does not start, names the line, and imports nothing', async () => {
    const dataDir = dir('reliability-seed-')
    const seedFile = path.join(dataDir, 'seed.ndjson')
    const lines = good(300)
    lines[199] = lines[199].slice(0, -7)
    writeFileSync(seedFile, lines.join('\n'))
    await expect(startLake({port: 0, dataDir, seedFile, quiet: true, policy: null})).rejects.toThrow(/line 200 is not valid JSON/)
    const t = await startTestLake({dataDir, policy: null})
    try {
      expect(t.running.lake.exportDocuments('production')).toHaveLength(0)
    } finally {
      await t.running.close()
    }
  })

  it('the audit refuses a truncated export too (exit 3, with the line)', async () => {
    const file = path.join(dir('reliability-audit-'), 'export.ndjson')
    const seed = readFileSync(path.join(import.meta.dirname, '..', '..', 'seed', 'dataset.ndjson'), 'utf8').trim().split('\n')
    writeFileSync(file, `${seed.slice(0, -1).join('\n')}\n${seed[seed.length - 1].slice(0, 40)}`)
    let stderr = ''
    const code = await runAuditCli(['--file', file], {stdout: {write: () => undefined}, stderr: {write: (s: string) => (stderr += s)}, env: {}})
    expect(code).toBe(3)
    expect(stderr).toContain(`line ${seed.length}, is not JSON`)
  })
})
