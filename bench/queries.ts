/**
 * The site queries (queries/site.ts, with the compliance check) on synthetic datasets of 1k, 10k
 * and 50k documents, through the lake's query engine directly (lake/query/index.ts on the in-memory
 * dataset) and through its HTTP API (a lake process, queried as a site does: siteQueries() over
 * createLakeClient(), timed from a client process of its own, ./http-sampler.ts, after a warm-up
 * of every query for 5 s), each beside hand-written JavaScript doing the same work on the same
 * documents (bench/baseline.ts). Before timing, every query's result is checked equal to the
 * baseline's, so both do the same work.
 *
 * Targets, over HTTP at 50k documents: the listing within 5 ms, the article page and the compliance
 * check over every article within 1x of the loop; and, when both 1k and 200k run (`--big`), each
 * growing less than 1.5x from 1k to 200k.
 */
import {spawn} from 'node:child_process'
import path from 'node:path'
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

export interface QueryCase {
  name: string
  /** Target over HTTP at 50k documents: a ratio to the loop, or a time; null for none. */
  target: {ratio: number} | {ms: number} | null
  site: (q: SiteQueries) => Promise<unknown>
  loop: (data: LoopData, params: ComplianceParams) => unknown
  /** Slow cases run fewer times. */
  slow?: boolean
  /** Also time the engine with the compliance check left to groq-js (`native: false`), for comparison. */
  asWritten?: boolean
}

/** How many times a case is timed at a size. */
export function timing(c: QueryCase, size: SizeName): {runs: number; warmup: number; maxMs: number} {
  return c.slow && size !== '1k' ? {runs: 7, warmup: 1, maxMs: 20_000} : {runs: 50, warmup: 5, maxMs: 20_000}
}

export function cases(articleSlug: string, expertSlug: string): QueryCase[] {
  return [
    {name: 'article by slug, experts dereferenced', target: {ratio: 1}, site: (q) => q.article(articleSlug), loop: (d, p) => articlePageLoop(d, p, articleSlug)},
    {name: 'listing, newest 10 (+ total)', target: {ms: 5}, site: (q) => q.listing(1, PAGE_SIZE), loop: (d, p) => listingLoop(d, p, 0, PAGE_SIZE), slow: true},
    {name: 'expert profile', target: null, site: (q) => q.expert(expertSlug), loop: (d, p) => expertProfileLoop(d, p, expertSlug)},
    {name: 'compliance check, every article', target: {ratio: 1}, site: (q) => q.compliantArticleIds(), loop: (d, p) => compliantIdsLoop(d, p), slow: true, asWritten: true},
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
export async function settled<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (err) {
    if (!(err instanceof LakeRequestError) || err.status !== null) throw err
    return call()
  }
}

function row(c: QueryCase, via: string, size: SizeName, sample: Sample, baseline: Sample, targeted = true): Row {
  const ratio = sample.median / baseline.median
  const target = targeted && via === 'HTTP' && size === '50k' ? c.target : null
  return {
    name: `${c.name} (${via}, ${size})`,
    median: ms(sample.median),
    p99: ms(sample.p99),
    baseline: ms(baseline.median),
    ratio: times(sample.median, baseline.median),
    target: target === null ? '' : 'ratio' in target ? `<= ${target.ratio}x` : `< ${target.ms} ms`,
    ok: target === null ? null : 'ratio' in target ? ratio <= target.ratio : sample.median < target.ms,
    data: {size: SIZES[size], medianMs: sample.median, p99Ms: sample.p99, runs: sample.runs, baselineMedianMs: baseline.median, ratio},
  }
}

/** What ./http-sampler.ts is given: the lake, and the size and slugs the cases query. */
export interface HttpSampling {
  url: string
  token: string
  size: SizeName
  articleSlug: string
  expertSlug: string
}

/** Every case timed over HTTP by ./http-sampler.ts in a process of its own: a Sample per case name. */
async function sampleOverHttp(spec: HttpSampling): Promise<Record<string, Sample>> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'http-sampler.ts'), JSON.stringify(spec)], {stdio: ['ignore', 'pipe', 'inherit']})
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve))
  if (code !== 0) throw new Error(`the HTTP client process exited with ${code}: ${out.slice(-2000)}`)
  return JSON.parse(out) as Record<string, Sample>
}

export async function benchQueries(sizes: SizeName[]): Promise<Row[]> {
  const rows: Row[] = []
  const params = complianceParams(undefined, BENCH_NOW)
  const httpSamples = new Map<string, Sample>()
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
        const actual = normalized(await settled(() => c.site(http)))
        if (!isDeepStrictEqual(actual, expected)) throw new Error(`${c.name} (HTTP, ${size}): the query and the hand-written loop disagree; the benchmark would compare different work`)
      }
      // Timed from a client process of its own, as a site queries the lake: this one holds the
      // dataset, its index and the loops' data (gigabytes at 200k), whose collections would be timed too.
      const overHttp = await sampleOverHttp({url: lake.url, token: lake.token, size, articleSlug: dataset.articleSlug, expertSlug: dataset.expertSlug})
      for (const c of cases(dataset.articleSlug, dataset.expertSlug)) {
        const expected = normalized(c.loop(data, params))
        if (!isDeepStrictEqual(normalized(await c.site(direct)), expected)) throw new Error(`${c.name} (engine, ${size}): the query and the hand-written loop disagree; the benchmark would compare different work`)
        if (expected === null || (Array.isArray(expected) && expected.length === 0)) throw new Error(`${c.name} (${size}): empty result; pick another slug`)
        const options = timing(c, size)
        const baseline = measure(() => c.loop(data, params), {runs: options.runs * 3, warmup: options.warmup + 2, maxMs: 10_000})
        rows.push(row(c, 'engine', size, await measureAsync(() => c.site(direct), options), baseline))
        if (c.asWritten && size !== '200k') {
          if (!isDeepStrictEqual(normalized(await c.site(asWritten)), expected)) throw new Error(`${c.name} (groq-js, ${size}): the query and the hand-written loop disagree`)
          const few = {runs: size === '1k' ? 10 : 3, warmup: 1, maxMs: 20_000}
          rows.push(row(c, 'engine, check left to groq-js', size, await measureAsync(() => c.site(asWritten), few), baseline, false))
        }
        const sample = overHttp[c.name]
        if (!sample) throw new Error(`${c.name} (HTTP, ${size}): the client process timed no such query`)
        rows.push(row(c, 'HTTP', size, sample, baseline))
        httpSamples.set(`${c.name}\n${size}`, sample)
      }
    } finally {
      await lake.close()
      removeDir(dataDir)
    }
  }
  // How each query's time over HTTP grows with the dataset, from the smallest size run to the largest.
  const [smallest, largest] = [sizes[0], sizes[sizes.length - 1]]
  if (smallest !== largest) {
    for (const c of cases('', '')) {
      const small = httpSamples.get(`${c.name}\n${smallest}`)
      const large = httpSamples.get(`${c.name}\n${largest}`)
      if (!small || !large) continue
      const growth = large.median / small.median
      // The compliance check over every article returns every article: it grows with its answer.
      const targeted = smallest === '1k' && largest === '200k' && c.name !== 'compliance check, every article'
      rows.push({
        name: `${c.name} (HTTP): ${largest} beside ${smallest} [growth]`,
        median: ms(large.median),
        p99: ms(large.p99),
        baseline: ms(small.median),
        ratio: times(large.median, small.median),
        target: targeted ? '< 1.5x' : '',
        ok: targeted ? growth < 1.5 : null,
        data: {size: SIZES[largest], medianMs: large.median, baselineMedianMs: small.median, ratio: growth},
      })
    }
  }
  return rows
}
