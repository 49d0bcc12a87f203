/**
 * The lake's Functions emulator (lake/functions.ts) on a Blueprint whose Function starts itself:
 * the envelope is the one Sanity delivers, the projection sees `before()`, and the chain stops after
 * 16 invocations as on Sanity's side, saying why.
 */
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cronMatches} from '../../lake/functions.ts'
import {ROOT, startTestLake, type TestLake} from '../lake/helpers.ts'

const BLUEPRINT = path.join(ROOT, 'test', 'fixtures', 'loop-blueprint', 'sanity.blueprint.ts')
let t: TestLake

beforeAll(async () => {
  t = await startTestLake({emulateHosted: true, blueprint: BLUEPRINT})
}, 60_000)
afterAll(async () => {
  await t?.close()
})

describe('the Functions emulator', () => {
  it('delivers the envelope Sanity delivers, and stops a Function that starts itself after 16 invocations', async () => {
    await t.client('administrator').create({_id: 'counter-1', _type: 'counter', n: 0} as never)
    await t.running.functions!.idle()
    const doc = await t.client('administrator').getDocument<{n: number}>('counter-1')
    expect(doc?.n).toBe(16)
    const runs = t.running.functions!.runs
    expect(runs.filter((r) => r.ok)).toHaveLength(16)
    expect(runs.filter((r) => r.skipped)).toEqual([{name: 'counter', documentId: 'counter-1', ok: false, skipped: 'lineage'}])
    const {envelopes} = (await import('../fixtures/loop-blueprint/functions/counter/index.ts')) as {envelopes: Array<{context: Record<string, unknown>; event: {data: unknown}}>}
    expect(envelopes[0].event.data).toEqual({_id: 'counter-1', n: 0, was: null})
    expect(envelopes[1].event.data).toEqual({_id: 'counter-1', n: 1, was: 0})
    expect(envelopes[0].context).toMatchObject({
      clientOptions: {projectId: 'localdev', dataset: 'production', apiHost: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: expect.any(String)},
      eventResourceType: 'dataset',
      eventResourceId: 'localdev.production',
      lineage: expect.stringMatching(/:1$/),
    })
    expect(envelopes[15].context.lineage).toMatch(/:16$/)
  })

  it('reads schedules as Sanity does (UTC, five fields)', () => {
    const at = new Date('2026-12-01T10:05:00Z')
    expect(cronMatches({minute: '5', hour: '*', dayOfMonth: '*', month: '*', dayOfWeek: '*'}, at)).toBe(true)
    expect(cronMatches({minute: '*/15', hour: '*', dayOfMonth: '*', month: '*', dayOfWeek: '*'}, at)).toBe(false)
    expect(cronMatches({minute: '0-10', hour: '9,10', dayOfMonth: '1', month: '12', dayOfWeek: '2'}, at)).toBe(true)
  })
})
