/**
 * History storage: each revision keeps its document's place in its transaction, so the history
 * of some documents is read from their own entries; a data folder from before (schema 1) is
 * migrated when the lake starts and answers exactly as it did.
 */
import {rmSync} from 'node:fs'
import {DatabaseSync} from 'node:sqlite'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {LakeDb, SCHEMA_VERSION} from '../../lake/db.ts'
import {startTestLake, tempDir, type TestLake} from './helpers.ts'

let t: TestLake

beforeAll(async () => {
  t = await startTestLake({policy: null})
})
afterAll(async () => {
  await t?.close()
})

const HISTORY = '/v2025-02-19/data/history/production'

/** The history calls the Studio and scripts make, as raw text. */
async function answers(): Promise<string[]> {
  const calls = [
    '/transactions/h-b?excludeContent=true&includeIdentifiedDocumentsOnly=true&effectFormat=mendoza&reverse=true',
    '/transactions/h-c,h-a?includeIdentifiedDocumentsOnly=true&effectFormat=mendoza',
    '/transactions/h-b?effectFormat=mendoza',
    '/transactions/h-b,h-d?includeIdentifiedDocumentsOnly=true',
    '/transactions/h-a',
    '/transactions/h-a?excludeMutations=true&reverse=true&limit=1',
    '/documents/h-a,h-b,h-c,h-d?revision=h-tx-1',
    '/documents/h-a,h-d?lastRevision=true',
  ]
  const out: string[] = []
  for (const call of calls) {
    const res = await t.request('GET', `${HISTORY}${call}`)
    expect(res.status).toBe(200)
    out.push(res.text)
  }
  return out
}

describe('history storage', () => {
  it('lists only the asked documents of a large transaction, in the order it changed them', async () => {
    const admin = t.client('administrator')
    await admin
      .transaction()
      .create({_id: 'h-c', _type: 'post', n: 3})
      .create({_id: 'h-a', _type: 'post', n: 1})
      .create({_id: 'h-b', _type: 'post', n: 2})
      .transactionId('h-tx-1')
      .commit()
    await admin.transaction().patch('h-b', (p) => p.set({n: 20})).delete('h-c').create({_id: 'h-d', _type: 'post'}).transactionId('h-tx-2').commit()

    const res = await t.request('GET', `${HISTORY}/transactions/h-b,h-c?includeIdentifiedDocumentsOnly=true&effectFormat=mendoza&excludeContent=true`)
    const entries = res.text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(entries.map((e) => [e.id, e.documentIDs])).toEqual([
      ['h-tx-1', ['h-c', 'h-b']],
      ['h-tx-2', ['h-b', 'h-c']],
    ])
    expect(entries[1].effects).toEqual({
      'h-b': {apply: [0, expect.objectContaining({n: 20})], revert: [0, expect.objectContaining({n: 2})]},
      'h-c': {apply: [0, null], revert: [0, expect.objectContaining({n: 3})]},
    })
    const all = await t.request('GET', `${HISTORY}/transactions/h-b?excludeContent=true`)
    expect(all.text.trim().split('\n').map((line) => (JSON.parse(line) as {documentIDs: string[]}).documentIDs)).toEqual([
      ['h-c', 'h-a', 'h-b'],
      ['h-b', 'h-c', 'h-d'],
    ])
    // Without includeIdentifiedDocumentsOnly every document is listed, but effects are the asked ones' only.
    const listed = await t.request('GET', `${HISTORY}/transactions/h-b?excludeContent=true&effectFormat=mendoza`)
    expect(listed.text.trim().split('\n').map((line) => JSON.parse(line) as {documentIDs: string[]; effects: Record<string, unknown>}).map((e) => [e.documentIDs, Object.keys(e.effects)])).toEqual([
      [['h-c', 'h-a', 'h-b'], ['h-b']],
      [['h-b', 'h-c', 'h-d'], ['h-b']],
    ])
    expect(t.running.lake.db.meta('schemaVersion')).toBe(String(SCHEMA_VERSION))
  })

  it('migrates a data folder of schema version 1 on start and answers the same', async () => {
    const before = await answers()

    // Schema 1, as earlier lakes left it: revisions without their position, no version recorded.
    const db = new DatabaseSync(path.join(t.dataDir, 'lake.sqlite'))
    db.exec('ALTER TABLE revisions DROP COLUMN pos')
    db.exec("DELETE FROM meta WHERE key = 'schemaVersion'")
    db.close()

    await t.restart({policy: null})
    expect(t.running.lake.db.meta('schemaVersion')).toBe(String(SCHEMA_VERSION))
    const positions = t.running.lake.db.db.prepare("SELECT id, seq, pos FROM revisions WHERE dataset = 'production' AND id LIKE 'h-%' ORDER BY seq, pos").all()
    expect(positions.map((r) => [r.id, r.pos])).toEqual([
      ['h-c', 0],
      ['h-a', 1],
      ['h-b', 2],
      ['h-b', 0],
      ['h-c', 1],
      ['h-d', 2],
    ])
    expect(await answers()).toEqual(before)

    // Writes after the migration are recorded with their positions too.
    await t.client('administrator').transaction().create({_id: 'h-e', _type: 'post'}).patch('h-a', (p) => p.set({n: 10})).transactionId('h-tx-3').commit()
    const res = await t.request('GET', `${HISTORY}/transactions/h-a,h-e?includeIdentifiedDocumentsOnly=true&fromTransaction=h-tx-3`)
    expect((JSON.parse(res.text.trim()) as {documentIDs: string[]}).documentIDs).toEqual(['h-e', 'h-a'])
  })

  it('refuses a database written by a newer lake', () => {
    const dir = tempDir()
    try {
      const db = new LakeDb(dir)
      db.setMeta('schemaVersion', String(SCHEMA_VERSION + 1))
      db.close()
      expect(() => new LakeDb(dir)).toThrow(/newer lake/)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
