/**
 * Kept answers are shared between the query workers (lake/query/pool.ts): a query that computed
 * many fast-path answers on one worker runs again on the others while they are idle, and on a
 * worker that starts later, so the same check answers from kept answers on whichever worker takes
 * it, with the same result.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {fillDataDir} from '../../bench/lake.ts'
import {BENCH_NOW, benchDataset} from '../../bench/synthetic.ts'
import type {QueryOutcome} from '../../lake/query/index.ts'
import {complianceParams} from '../../queries/compliance.ts'
import {COMPLIANT_ARTICLE_IDS_QUERY} from '../../queries/site.ts'
import {type TestLake, sleep, startTestLake, tempDir} from './helpers.ts'

let t: TestLake
const params = complianceParams(undefined, BENCH_NOW)
const check = (identity: string) => t.running.lake.query('production', COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: 'published', identity})

async function untilShared(): Promise<void> {
  const pool = t.running.lake.queryPool
  if (!pool) throw new Error('the test lake runs no query workers')
  const deadline = Date.now() + 30_000
  while (pool.sharing > 0) {
    if (Date.now() > deadline) throw new Error('the workers did not run the shared query within 30 s')
    await sleep(20)
  }
}

beforeAll(async () => {
  const dataDir = tempDir()
  await fillDataDir(dataDir, benchDataset(1000).docs)
  t = await startTestLake({dataDir, queries: {workers: 2, maxWorkers: 3, timeoutMs: 2_000, shareAnswersAfter: 10}})
})
afterAll(() => t?.close())

describe('answers kept by every query worker', () => {
  it('after one worker judged every article, both answer the check from kept answers, equal to the first answer', async () => {
    const first = await check('p-site')
    expect(first.stats.answersComputed).toBeGreaterThan(10)
    await untilShared()
    // Two at once, by two users: one on each worker.
    const both: QueryOutcome[] = await Promise.all([check('p-site'), check('p-dana')])
    for (const outcome of both) {
      expect(outcome.result).toEqual(first.result)
      expect(outcome.stats.answersComputed).toBe(0)
      expect(outcome.stats.answersKept).toBeGreaterThan(10)
    }
  })

  it('a worker that replaces one stopped at the time limit runs the shared query before it is idle', async () => {
    const pool = t.running.lake.queryPool
    if (!pool) throw new Error('the test lake runs no query workers')
    const runaway = 'count(*[_type == "article"][count(*[_type == "factCheck.approval" && count(*[_type == "factCheck.approval" && checkedAt > ^.checkedAt]) > 0]) > 0])'
    await expect(t.running.lake.query('production', runaway, {identity: 'p-tom'})).rejects.toMatchObject({type: 'queryTimeoutError'})
    const deadline = Date.now() + 30_000
    while (pool.ready < 2 && Date.now() < deadline) await sleep(20)
    await untilShared()
    const both = await Promise.all([check('p-site'), check('p-dana')])
    for (const outcome of both) expect(outcome.stats.answersComputed).toBe(0)
  })
})
