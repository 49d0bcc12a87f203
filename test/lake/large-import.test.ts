/**
 * An import the size of a large export (one transaction of 150,000 documents, more than a
 * JavaScript call may take as arguments): stored whole, handed to the query workers, queryable,
 * and still there after a restart.
 */
import {afterAll, describe, expect, it} from 'vitest'
import {rmSync} from 'node:fs'
import {Lake} from '../../lake/store.ts'
import {tempDir} from './helpers.ts'

describe('a very large import', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, {recursive: true, force: true})
  })

  it('stores 150,000 documents in one transaction and answers queries over them, before and after a restart', {timeout: 180_000}, async () => {
    const dir = tempDir('lake-large-import-')
    dirs.push(dir)
    const count = 150_000
    let text = ''
    for (let i = 0; i < count; i++) text += `${JSON.stringify({_id: `note-${String(i).padStart(6, '0')}`, _type: 'note', n: i % 10})}\n`
    let lake = new Lake(dir, {policy: null, queries: {workers: 1}})
    try {
      const outcome = await lake.importNdjson('production', text, {mode: 'create', enforce: false})
      expect(outcome.created).toBe(count)
      const counted = await lake.query('production', 'count(*[_type == "note" && n == 3])', {})
      expect(counted.result).toBe(count / 10)
    } finally {
      lake.close()
    }
    lake = new Lake(dir, {policy: null, queries: 'in-process'})
    try {
      expect((await lake.query('production', 'count(*[_type == "note"])', {})).result).toBe(count)
    } finally {
      lake.close()
    }
  })
})
