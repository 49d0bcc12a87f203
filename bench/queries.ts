/**
 * The site queries (queries/site.ts, with the compliance check) on synthetic datasets of 1k, 10k
 * and 50k documents, through the lake's query engine directly (lake/query/index.ts on the in-memory
 * dataset) and through its HTTP API (a lake process, queried as a site does: siteQueries() over
 * createLakeClient()), each beside hand-written JavaScript doing the same work on the same
 * documents (bench/baseline.ts). Before timing, every query's result is checked equal to the
 * baseline's, so both do the same work.
 *
 * Targets, at 50k documents: article by slug and the listing within 5x of the loop; the
 * compliance check over every article within 10x.
 */
import {isDeepStrictEqual} from 'node:util'
import {DatasetState} from '../lake/dataset.ts'
import {runQuery} from '../lake/query/index.ts'
import {type ComplianceParams, complianceParams} from '../queries/compliance.ts'
import {type QueryClient, type SiteQueries, siteQueries} from '../queries/fetch.ts'
import {createLakeClient, LakeRequestError} from '../queries/lakeClient.ts'
import {articlePageLoop, compliantIdsLoop, expertProfileLoop, listingLoop, loopData, type LoopData} from './baseline.ts'
import {fillDataDir, freshDataDir, removeDir, startLakeProcess} from './lake.ts'
import {measure, measureAsync, ms, times, type Row, type Sample} from './stats.ts'
import {BENCH_NOW, benchDataset, SIZES, type SizeName} from './synthetic.ts'

const PAGE_SIZE = 10

interface QueryCase {
  name: string
  /** Ratio target at 50k documents, or null for none. */
  target: number | null
  site: (q: SiteQueries) => Promise<unknown>
  loop: (data: LoopData, params: ComplianceParams) => unknown
  /** Slow cases run fewer times. */
  slow?: boolean
  /** Also time the engine with the compliance check left to groq-js (`native: false`), for comparison. */
  asWritten?: boolean
}

function cases(articleSlug: string, expertSlug: string): QueryCase[] {
  return [
    {name: 'article by slug, experts dereferenced', target: 5, site: (q) => q.article(articleSlug), loop: (d, p) => articlePageLoop(d, p, articleSlug)},
    {name: 'listing, newest 10 (+ total)', target: 5, site: (q) => q.listing(1, PAGE_SIZE), loop: (d, p) => listingLoop(d, p, 0, PAGE_SIZE), slow: true},
    {name: 'expert profile', target: null, site: (q) => q.expert(expertSlug), loop: (d, p) => expertProfileLoop(d, p, expertSlug)},
    {name: 'compliance check, every article', target: 10, site: (q) => q.compliantArticleIds(), loop: (d, p) => compliantIdsLoop(d, p), slow: true, asWritten: true},
  ]
}

/**
 * GROQ gives null for missing attributes: compare results with those left out, and without
 * `_updatedAt` (the lake sets it when the dataset is imported).
 */
function normalized(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null, (key, v: unknown) => (v === null || key === '_updatedAt' ? undefined : v)))
}

/**
 * A site call that tolerates one dropped connection: while this process evaluates queries in the
 * engine (seconds with the event loop busy), the lake closes the idle keep-alive socket and the
 * next request on it fails with "socket hang up" before it is sent again. Used before timing only.
 */
async function settled<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (!(err instanceof LakeRequestError) || err.status !== null) throw err
    return call()
  }
}

function row(c: QueryCase, via: string, size: SizeName, sample: Sample, baseline: Sample, targeted = true): Row {
  const ratio = sample.median / baseline.median
  const applies = targeted && c.target !== null && size === '50k'
  return {
    name: `${c.name} (${via}, ${size})`,
    median: ms(sample.median),
    p99: ms(sample.p99),
    baseline: ms(baseline.median),
    ratio: times(sample.median, baseline.median),
    target: applies ? `<= ${c.target}x` : '',
    ok: applies ? ratio <= (c.target as number) : null,
    data: {size: SIZES[size], medianMs: sample.median, p99Ms: sample.p99, runs: sample.runs, baselineMedianMs: baseline.median, ratio},
  }
}

export async function benchQueries(sizes: SizeName[]): Promise<Row[]> {
  const rows: Row[] = []
  const params = complianceParams(undefined, BENCH_NOW)
  for (const size of sizes) {
    const dataset = benchDataset(SIZES[size])
    const data = loopData(dataset.docs)
    const ds = new DatasetState('production')
    for (const doc of dataset.docs) ds.load(doc)
    const engine: QueryClient = {
      fetch: async (query, queryParams, options) => (await runQuery(ds, query, {params: queryParams, perspective: options.perspective})).result,
    }
    const direct = siteQueries(engine, {now: () => BENCH_NOW})
    const groqOnly: QueryClient = {
      fetch: async (query, queryParams, options) => (await runQuery(ds, query, {params: queryParams, perspective: options.perspective, native: false})).result,
    }
    const asWritten = siteQueries(groqOnly, {now: () => BENCH_NOW})

    const dataDir = freshDataDir(`queries-${size}`)
    await fillDataDir(dataDir, dataset.docs)
    const lake = await startLakeProcess(dataDir)
    try {
      const http = siteQueries(createLakeClient({url: lake.url, token: lake.token, timeoutMs: 600_000}), {now: () => BENCH_NOW})
      for (const c of cases(dataset.articleSlug, dataset.expertSlug)) {
        const expected = normalized(c.loop(data, params))
        for (const [via, queries] of [
          ['engine', direct],
          ['HTTP', http],
        ] as const) {
          const actual = normalized(await settled(() => c.site(queries)))
          if (!isDeepStrictEqual(actual, expected)) throw new Error(`${c.name} (${via}, ${size}): the query and the hand-written loop disagree; the benchmark would compare different work`)
        }
        if (expected === null || (Array.isArray(expected) && expected.length === 0)) throw new Error(`${c.name} (${size}): empty result; pick another slug`)
        const options = c.slow && size !== '1k' ? {runs: 7, warmup: 1, maxMs: 20_000} : {runs: 50, warmup: 5, maxMs: 20_000}
        const baseline = measure(() => c.loop(data, params), {runs: options.runs * 3, warmup: options.warmup + 2, maxMs: 10_000})
        rows.push(row(c, 'engine', size, await measureAsync(() => c.site(direct), options), baseline))
        if (c.asWritten) {
          if (!isDeepStrictEqual(normalized(await c.site(asWritten)), expected)) throw new Error(`${c.name} (groq-js, ${size}): the query and the hand-written loop disagree`)
          const few = {runs: size === '1k' ? 10 : 3, warmup: 1, maxMs: 20_000}
          rows.push(row(c, 'engine, check left to groq-js', size, await measureAsync(() => c.site(asWritten), few), baseline, false))
        }
        await settled(() => c.site(http))
        rows.push(row(c, 'HTTP', size, await measureAsync(() => c.site(http), options), baseline))
      }
    } finally {
      await lake.close()
      removeDir(dataDir)
    }
  }
  return rows
}
