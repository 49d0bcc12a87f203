/**
 * Times the site queries of bench/queries.ts over HTTP from a process of its own (as a site
 * queries the lake), so that no collection of the benchmark's own data is timed with them:
 *
 *   node bench/http-sampler.ts '{"url": ..., "token": ..., "size": "50k", "articleSlug": ..., "expertSlug": ...}'
 *
 * Prints a JSON object: a Sample (bench/stats.ts) per case name.
 */
import {siteQueries} from '../queries/fetch.ts'
import {createLakeClient} from '../queries/lakeClient.ts'
import {cases, settled, timing, type HttpSampling} from './queries.ts'
import {measureAsync, type Sample} from './stats.ts'
import {BENCH_NOW} from './synthetic.ts'

/** Every query runs at least this many rounds, and for at least this long, before the first is timed. */
const WARMUP_ROUNDS = 40
const WARMUP_MS = 5_000

const spec = JSON.parse(process.argv[2] ?? '') as HttpSampling
const http = siteQueries(createLakeClient({url: spec.url, token: spec.token, timeoutMs: 600_000}), {now: () => BENCH_NOW})
const all = cases(spec.articleSlug, spec.expertSlug)
// A lake just started is still collecting what loading its replicas left behind (for seconds at
// 200k), and its query path is not yet compiled: each size is measured in the steady state a site sees.
const started = performance.now()
for (let round = 0; round < WARMUP_ROUNDS || performance.now() - started < WARMUP_MS; round++) for (const c of all) await settled(() => c.site(http))
const samples: Record<string, Sample> = {}
for (const c of all) samples[c.name] = await measureAsync(() => c.site(http), timing(c, spec.size))
process.stdout.write(JSON.stringify(samples))
