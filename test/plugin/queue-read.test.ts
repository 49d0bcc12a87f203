/**
 * The queue's reads per Studio client (plugins/medical-claims/queueRead.ts): a tool mounted again
 * while the queue loads waits for the same read; a refresh starts a new one; a read after the last
 * one settled reads again (only ids and revisions, with what the last read kept).
 */
import {describe, expect, it} from 'vitest'
import {readQueue} from '../../plugins/medical-claims/queueRead.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {article, expert} from '../fixtures/policy-factories.ts'
import {createMockClient} from './helpers.ts'

const options = resolveOptions({})

function client() {
  const doc = {...article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Waiting claim'}], {_id: 'drafts.a1', title: 'A1'}), _rev: 'r1', _updatedAt: '2026-11-01T00:00:00Z'}
  return createMockClient({documents: [Object.assign(expert('derm'), {_rev: 'e1'}), Object.assign(expert('reviewer'), {_rev: 'e2'}), doc], historyAuthors: ['p-priya']})
}

describe('readQueue', () => {
  it('gives a tool mounted again while the queue loads the same read, and nothing is fetched twice', async () => {
    const c = client()
    const first = readQueue(c, options, 0)
    const again = readQueue(c, options, 0)
    expect(again).toBe(first)
    const read = await first
    expect(read.items.map((item) => item.claim.claim.key)).toEqual(['k1'])
    const once = c.fetch.mock.calls.length
    expect(once).toBeGreaterThan(0)
    expect(c.fetch.mock.calls.map((call) => call[0])).toEqual([...new Set(c.fetch.mock.calls.map((call) => call[0]))])
  })

  it('starts a new read on a refresh, and after the last one settled; a later read fetches no document whole', async () => {
    const c = client()
    const first = readQueue(c, options, 0)
    const refreshed = readQueue(c, options, 1)
    expect(refreshed).not.toBe(first)
    await Promise.all([first, refreshed])
    const before = c.fetch.mock.calls.length
    const later = readQueue(c, options, 1)
    expect(later).not.toBe(refreshed)
    expect((await later).items.map((item) => item.claim.claim.key)).toEqual(['k1'])
    const fetchedWhole = c.fetch.mock.calls.slice(before).filter((call) => /_id in \$ids/.test(String(call[0])))
    expect(fetchedWhole).toEqual([])
  })
})
