/**
 * The audit command over an export file (NDJSON, as `sanity dataset export` writes data.ndjson)
 * of the synthetic dataset, beside just reading and parsing that file line by line. Two ways:
 * in this process (runAuditCli, the command minus Node's start-up) and as the command a user
 * runs (`node scripts/audit.ts --file ...` against `node -e` reading and parsing the file).
 *
 * Reading and parsing ends with the documents in memory (an array of them): that is what parsing
 * a file gives, and what any audit of cross-document rules must hold (an article's experts,
 * citations and fact-checks can come anywhere in an export). Target: the audit within 2x of
 * that. Also reported, without a target: beside parsing each line and dropping the document at
 * once, which keeps the garbage collector idle and no audit could do.
 */
import {spawnSync} from 'node:child_process'
import {createReadStream, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {createInterface} from 'node:readline'
import {runAuditCli} from '../audit/cli.ts'
import {freshDataDir, removeDir, ROOT} from './lake.ts'
import {bytes, measureAsync, ms, times, type Row, type Sample} from './stats.ts'
import {BENCH_NOW, benchDataset, SIZES, type SizeName, toNdjson} from './synthetic.ts'

const TARGET = 2

/** Reads and parses the file the way the audit does (readline over a stream, JSON.parse per line), keeping the documents or dropping each. */
async function readAndParse(file: string, keep: boolean): Promise<number> {
  const documents: unknown[] = []
  let count = 0
  const lines = createInterface({input: createReadStream(file, {encoding: 'utf8'}), crlfDelay: Infinity})
  for await (const line of lines) {
    const text = line.trim()
    if (text === '') continue
    const doc: unknown = JSON.parse(text)
    if (keep) documents.push(doc)
    count++
  }
  return count
}

async function runAudit(file: string): Promise<{code: number; output: number}> {
  let output = 0
  const sink = {write: (text: string) => (output += text.length)}
  const code = await runAuditCli(['--file', file, '--json', '--now', BENCH_NOW, '--progress-every', '0'], {stdout: sink, stderr: sink, env: {}})
  return {code, output}
}

const READ_SCRIPT = `
const {createReadStream} = require('node:fs'); const {createInterface} = require('node:readline');
(async () => { const docs = []; for await (const line of createInterface({input: createReadStream(process.argv[1], {encoding: 'utf8'}), crlfDelay: Infinity})) { const t = line.trim(); if (t) docs.push(JSON.parse(t)) } process.stdout.write(String(docs.length)) })()
`

function timeProcess(args: string[]): number {
  const start = performance.now()
  const result = spawnSync(process.execPath, args, {cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024})
  const elapsed = performance.now() - start
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr?.toString().slice(0, 500)}`)
  return elapsed
}

function processSample(args: string[], runs: number): Sample {
  const times: number[] = []
  for (let i = 0; i < runs; i++) times.push(timeProcess(args))
  times.sort((a, b) => a - b)
  return {median: times[Math.floor((times.length - 1) / 2)], p99: times[times.length - 1], min: times[0], runs}
}

function row(name: string, size: SizeName, fileBytes: number, sample: Sample, baseline: Sample, target: boolean, against = ''): Row {
  const ratio = sample.median / baseline.median
  return {
    name: `${name} (${size}, ${bytes(fileBytes)})${against}`,
    median: ms(sample.median),
    p99: ms(sample.p99),
    baseline: ms(baseline.median),
    ratio: times(sample.median, baseline.median),
    target: target ? `<= ${TARGET}x` : '',
    ok: target ? ratio <= TARGET : null,
    data: {size: SIZES[size], fileBytes, medianMs: sample.median, p99Ms: sample.p99, runs: sample.runs, baselineMedianMs: baseline.median, ratio},
  }
}

export async function benchAudit(sizes: SizeName[]): Promise<Row[]> {
  const rows: Row[] = []
  const dir = freshDataDir('audit')
  for (const size of sizes) {
    const dataset = benchDataset(SIZES[size])
    const file = path.join(dir, `export-${size}.ndjson`)
    writeFileSync(file, toNdjson(dataset.docs))
    const fileBytes = statSync(file).size

    const first = await runAudit(file)
    if (first.code !== 1 || first.output === 0) throw new Error(`the audit of ${file} should report failing articles (exit 1), got exit ${first.code}`)
    if ((await readAndParse(file, true)) !== SIZES[size]) throw new Error(`${file} does not hold ${SIZES[size]} documents`)

    const options = {runs: 7, warmup: 1, maxMs: 60_000}
    const kept = await measureAsync(() => readAndParse(file, true), options)
    const dropped = await measureAsync(() => readAndParse(file, false), options)
    const audit = await measureAsync(() => runAudit(file), options)
    rows.push(row('audit --file --json, in process', size, fileBytes, audit, kept, true))
    rows.push(row('audit --file --json, in process', size, fileBytes, audit, dropped, false, ' [baseline: each parsed document dropped]'))

    const auditProcess = processSample([path.join(ROOT, 'scripts', 'audit.ts'), '--file', file, '--json', '--now', BENCH_NOW, '--progress-every', '0'], 3)
    const readProcess = processSample(['-e', READ_SCRIPT, file], 3)
    rows.push(row('npm run audit -- --file (a process)', size, fileBytes, auditProcess, readProcess, false))
  }
  removeDir(dir)
  return rows
}
