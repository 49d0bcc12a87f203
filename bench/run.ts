/**
 * Runs the benchmarks, prints a table per group and writes the numbers as JSON
 * (bench/results/latest.json) and the summary bench/RESULTS.md.
 *
 *   npm run bench                           every group (about 5 minutes on 2 cores)
 *   npm run bench -- queries                one group: policy, queries, audit, scale, writes, isolation, studio, browser, studio-scale
 *   npm run bench -- queries --size 1k,10k  dataset sizes for queries, audit, scale and studio-scale (1k, 10k, 50k, 200k)
 *   npm run bench -- --big                  the big tier too: 200k documents for queries, audit, scale and studio-scale
 *
 * Defaults: queries at 1k, 10k and 50k documents; the audit at 50k; scale at 1k and 50k; studio-scale
 * at 50k (with --big, each adds 200k). Running one group keeps the other groups' last results in latest.json
 * and RESULTS.md (read back from RESULTS.md where latest.json is missing, as in a fresh clone).
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {benchAudit} from './audit.ts'
import {benchIsolation} from './isolation.ts'
import {benchPolicy} from './policy.ts'
import {benchQueries} from './queries.ts'
import {benchScale} from './scale.ts'
import {machine, markdown, readResults, writeResults, type Results} from './report.ts'
import {printTable, type Row} from './stats.ts'
import {benchStudio} from './studio.ts'
import {benchStudioBrowser} from './studio-browser.ts'
import {benchStudioScale} from './studio-scale.ts'
import {SIZES, type SizeName} from './synthetic.ts'
import {benchWrites} from './writes.ts'

const HERE = import.meta.dirname
const RESULTS_JSON = path.join(HERE, 'results', 'latest.json')
const RESULTS_MD = path.join(HERE, 'RESULTS.md')

const {values, positionals} = parseArgs({options: {size: {type: 'string', multiple: true}, big: {type: 'boolean', default: false}, help: {type: 'boolean', default: false}}, allowPositionals: true})

const INTRO: Record<string, string> = {
  policy: 'The publish rules (evaluateArticle) on one article with 1,000 claims; baseline: reading the claims out of the body.',
  queries:
    'Site queries (queries/site.ts, compliance check included) through the query engine and through the HTTP API, beside hand-written JavaScript loops over the same documents (bench/baseline.ts). Targets apply at 50k documents.',
  audit: 'The audit command over an export file of the 50k dataset, beside reading and parsing that file line by line (the documents kept; and, without a target, each dropped at once).',
  isolation:
    "What hostile queries cost other users: /ping, a small query and a small write from one user, with nothing else running and while four other users each keep a runaway query running (stopped by the lake's time limit), over 10k documents.",
  scale:
    "What the lake costs as the dataset grows (bench/scale.ts): importing the export into an empty data folder, starting `node lake/main.ts` on the filled folder, its resident memory after one listing, the folder on disk; per document, and each beside the smallest size (`[growth]`). `--big` adds 200k documents.",
  writes: 'Lake transactions (one create each, publish rules enforced, over HTTP) beside bare SQLite inserts of the same documents; listener delivery.',
  studio: 'The built Studio with the plugin beside a bare Studio of the same sanity version.',
  browser:
    "The built Studio in Chromium (playwright-core, Debian's chromium) on the seeded lake, as the editor: medians of runs in an open Studio and in fresh contexts beside a category edited and published the same way, then with the CPU throttled 4x; typing into an approved claim; the last approval; the fact-check queue at 50k (bench/studio-browser.ts). Needs `npm run build` first.",
  'studio-scale':
    "The built Studio in Chromium as the editor on the synthetic dataset beside the seed (bench/studio-scale.ts): the articles list's first rows, scrolling it to its next page, the navbar search from the last keystroke (the Studio itself waits 300 ms before it searches), and opening an article until its form and claims badge show; each step of each run in a new tab of a Studio already open. `--big` adds 200k documents. Needs `npm run build` first.",
}

const sizesArg = (values.size ?? []).flatMap((s) => s.split(',')).filter(Boolean)
const unknownSize = sizesArg.find((s) => !(s in SIZES))
const groupNames = ['policy', 'queries', 'audit', 'scale', 'writes', 'isolation', 'studio', 'browser', 'studio-scale']
const only = positionals.find((p) => !groupNames.includes(p))
if (values.help || unknownSize || only) {
  if (unknownSize) process.stderr.write(`Unknown --size "${unknownSize}": use ${Object.keys(SIZES).join(', ')}\n`)
  if (only) process.stderr.write(`Unknown group "${only}": use ${groupNames.join(', ')}\n`)
  process.stdout.write('Usage: npm run bench -- [policy|queries|audit|scale|writes|isolation|studio|browser|studio-scale ...] [--size 1k,10k,50k,200k] [--big]\n')
  process.exit(values.help ? 0 : 2)
}
const sizes = (fallback: SizeName[]): SizeName[] => (sizesArg.length > 0 ? (sizesArg as SizeName[]) : values.big ? [...fallback, '200k'] : fallback)

const groups: Array<[string, () => Row[] | Promise<Row[]>]> = [
  ['policy', benchPolicy],
  ['queries', () => benchQueries(sizes(['1k', '10k', '50k']))],
  ['audit', () => benchAudit(sizes(['50k']))],
  ['scale', () => benchScale(sizes(['1k', '50k']))],
  ['writes', benchWrites],
  ['isolation', benchIsolation],
  ['studio', benchStudio],
  ['browser', benchStudioBrowser],
  ['studio-scale', () => benchStudioScale(sizes(['50k']))],
]

const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`
const previous = readResults(RESULTS_JSON, RESULTS_MD)
const results: Results = {date: new Date().toISOString(), machine: machine(), groups: {...(previous?.groups ?? {})}}
for (const [name, run] of groups) {
  if (positionals.length > 0 && !positionals.includes(name)) continue
  const started = performance.now()
  process.stdout.write(`\n[${name}] running…\n`)
  const rows = await run()
  results.groups[name] = {date: new Date().toISOString(), command, rows}
  printTable(`${name} (${((performance.now() - started) / 1000).toFixed(0)} s)`, rows)
  // Written after every group, so an interrupted run keeps what it measured.
  results.groups = Object.fromEntries(groupNames.filter((g) => results.groups[g]).map((g) => [g, results.groups[g]]))
  writeResults(RESULTS_JSON, results)
  writeFileSync(RESULTS_MD, markdown(results, INTRO))
}
process.stdout.write(`\nwritten ${path.relative(process.cwd(), RESULTS_JSON)} and ${path.relative(process.cwd(), RESULTS_MD)}\n`)
