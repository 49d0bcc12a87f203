/**
 * What the lake costs as the dataset grows: importing an export of the synthetic dataset into an
 * empty data folder, starting `node lake/main.ts` on the filled folder (ready to answer: documents
 * loaded by the server and its query workers), the process's resident memory once it has answered
 * the site's listing, and the data folder on disk; each per document, and each beside the
 * smallest size run (`[growth]`). Baselines: parsing the export's lines, the same start-up and
 * memory on an empty data folder.
 *
 *   npm run bench -- scale            1k and 50k
 *   npm run bench -- scale --big      1k, 50k and 200k
 */
import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {Lake} from '../lake/store.ts'
import {siteQueries} from '../queries/fetch.ts'
import {createLakeClient} from '../queries/lakeClient.ts'
import {freshDataDir, removeDir, startLakeProcess} from './lake.ts'
import {bytes, measure, ms, sampleOf, times, type Row, type Sample} from './stats.ts'
import {BENCH_NOW, benchDataset, SIZES, type SizeName, toNdjson} from './synthetic.ts'

function folderBytes(dir: string): number {
  let total = 0
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name)
    const stat = statSync(file)
    total += stat.isDirectory() ? folderBytes(file) : stat.size
  }
  return total
}

/** The resident set of a process, from /proc (bytes). */
function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /VmRSS:\s+(\d+) kB/.exec(status)
  if (!match) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1]) * 1024
}

async function importInto(dir: string, text: string): Promise<number> {
  const lake = new Lake(dir, {policy: null, queries: 'in-process'})
  try {
    const started = performance.now()
    await lake.importNdjson('production', text, {mode: 'create', enforce: false})
    return performance.now() - started
  } finally {
    lake.close()
  }
}

/** Starts the lake on a folder, answers the listing once, and reports the start-up time and the resident set then. */
async function startAndMeasure(dir: string, listing: boolean): Promise<{startMs: number; rss: number}> {
  const started = performance.now()
  const lake = await startLakeProcess(dir)
  const startMs = performance.now() - started
  try {
    if (listing) await siteQueries(createLakeClient({url: lake.url, token: lake.token, timeoutMs: 600_000}), {now: () => BENCH_NOW}).listing(1, 10)
    return {startMs, rss: residentBytes(lake.process.pid as number)}
  } finally {
    await lake.close()
  }
}

export async function benchScale(sizes: SizeName[]): Promise<Row[]> {
  const rows: Row[] = []
  const empty = freshDataDir('scale-empty')
  const emptyRuns: Array<{startMs: number; rss: number}> = []
  for (let i = 0; i < 3; i++) emptyRuns.push(await startAndMeasure(empty, false))
  removeDir(empty)
  const emptyStart = sampleOf(emptyRuns.map((r) => r.startMs))
  const emptyRss = sampleOf(emptyRuns.map((r) => r.rss))

  const perDoc = new Map<string, Record<SizeName, number>>()
  const note = (metric: string, size: SizeName, value: number) => {
    const byMetric = perDoc.get(metric) ?? ({} as Record<SizeName, number>)
    byMetric[size] = value
    perDoc.set(metric, byMetric)
  }
  for (const size of sizes) {
    const count = SIZES[size]
    const text = toNdjson(benchDataset(count).docs)
    const runs = count >= 200_000 ? 1 : 3
    const parse = measure(() => {
      for (const line of text.split('\n')) if (line) JSON.parse(line)
    }, {runs, warmup: 0, maxMs: 600_000})
    const imports: number[] = []
    let dir = ''
    for (let i = 0; i < runs; i++) {
      dir = freshDataDir(`scale-${size}`)
      imports.push(await importInto(dir, text))
    }
    const imported = sampleOf(imports)
    const disk = folderBytes(dir)
    const starts: Array<{startMs: number; rss: number}> = []
    for (let i = 0; i < 3; i++) starts.push(await startAndMeasure(dir, true))
    removeDir(dir)
    const start = sampleOf(starts.map((r) => r.startMs))
    const rss = sampleOf(starts.map((r) => r.rss))
    const label = `${size}, ${bytes(Buffer.byteLength(text))} export`
    const row = (name: string, sample: Sample, baseline: Sample, extra: Record<string, number>): Row => ({
      name: `${name} (${label})`,
      median: ms(sample.median),
      p99: ms(sample.p99),
      baseline: ms(baseline.median),
      ratio: times(sample.median, baseline.median),
      target: '',
      ok: null,
      data: {size: count, medianMs: sample.median, baselineMedianMs: baseline.median, ...extra},
    })
    rows.push(row('import of the export into an empty data folder [baseline: parsing its lines]', imported, parse, {perDocumentMicroseconds: (imported.median * 1000) / count}))
    rows.push(row('start-up on the filled data folder, ready to answer [baseline: on an empty folder]', start, emptyStart, {perDocumentMicroseconds: (start.median * 1000) / count}))
    rows.push({
      name: `lake resident set after start-up and one listing (${label}) [baseline: on an empty folder]`,
      median: bytes(rss.median),
      p99: '',
      baseline: bytes(emptyRss.median),
      ratio: times(rss.median, emptyRss.median),
      target: '',
      ok: null,
      data: {size: count, bytes: rss.median, baselineBytes: emptyRss.median, bytesPerDocument: (rss.median - emptyRss.median) / count},
    })
    rows.push({
      name: `data folder on disk (${label}), per document`,
      median: bytes(disk),
      p99: '',
      baseline: `${Math.round(disk / count)} B/doc`,
      ratio: '',
      target: '',
      ok: null,
      data: {size: count, bytes: disk, bytesPerDocument: disk / count},
    })
    note('import, per document', size, imported.median / count)
    note('start-up, per document', size, (start.median - emptyStart.median) / count)
    note('resident set, per document', size, (rss.median - emptyRss.median) / count)
    note('disk, per document', size, disk / count)
  }
  const [smallest, largest] = [sizes[0], sizes[sizes.length - 1]]
  if (smallest !== largest) {
    for (const [metric, bySize] of perDoc) {
      const small = bySize[smallest]
      const large = bySize[largest]
      rows.push({
        name: `${metric}: ${largest} beside ${smallest} [growth]`,
        median: metric.startsWith('import') || metric.startsWith('start') ? `${(large * 1000).toFixed(1)} µs` : `${Math.round(large)} B`,
        p99: '',
        baseline: metric.startsWith('import') || metric.startsWith('start') ? `${(small * 1000).toFixed(1)} µs` : `${Math.round(small)} B`,
        ratio: times(large, small),
        target: '',
        ok: null,
        data: {perDocumentLarge: large, perDocumentSmall: small, ratio: large / small},
      })
    }
  }
  return rows
}
