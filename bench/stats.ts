/** Timing helpers shared by the benchmark scripts. */

export interface Sample {
  median: number
  p99: number
  min: number
  runs: number
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index]
}

/** The median, p99 and minimum of timings taken elsewhere (latencies of requests, say). */
export function sampleOf(values: ReadonlyArray<number>): Sample {
  const sorted = [...values].sort((a, b) => a - b)
  return {median: percentile(sorted, 50), p99: percentile(sorted, 99), min: sorted[0], runs: sorted.length}
}

/** Runs `fn` repeatedly (after a warm-up) and returns timings in milliseconds. */
export function measure(fn: () => unknown, {runs = 200, warmup = 20, maxMs = 10_000} = {}): Sample {
  for (let i = 0; i < warmup; i++) fn()
  const times: number[] = []
  const deadline = performance.now() + maxMs
  while (times.length < runs && (times.length < 5 || performance.now() < deadline)) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return {median: percentile(times, 50), p99: percentile(times, 99), min: times[0], runs: times.length}
}

/** Like `measure`, for asynchronous work. */
export async function measureAsync(fn: () => Promise<unknown>, {runs = 50, warmup = 5, maxMs = 20_000} = {}): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn()
  const times: number[] = []
  const deadline = performance.now() + maxMs
  while (times.length < runs && (times.length < 5 || performance.now() < deadline)) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return {median: percentile(times, 50), p99: percentile(times, 99), min: times[0], runs: times.length}
}

export function ms(value: number): string {
  return value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(2)} ms`
}

/** `12.3x`: how many times `value` is `baseline`. */
export function times(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(value / baseline < 10 ? 2 : 1)}x`
}

export function perSecond(count: number, ms: number): string {
  return `${Math.round((count * 1000) / ms).toLocaleString('en-US')}/s`
}

export function bytes(value: number): string {
  return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MiB` : `${(value / 1024).toFixed(1)} KiB`
}

export interface Row {
  name: string
  median: string
  p99: string
  baseline: string
  ratio: string
  target: string
  ok: boolean | null
  /** The raw numbers behind the row (milliseconds, bytes, counts), for bench/results/latest.json. */
  data?: Record<string, number | string>
}

export function printTable(title: string, rows: Row[]): void {
  const headers = ['benchmark', 'median', 'p99', 'baseline median', 'ratio', 'target', '']
  const table = rows.map((r) => [r.name, r.median, r.p99, r.baseline, r.ratio, r.target, r.ok === null ? '' : r.ok ? 'ok' : 'MISSED'])
  const widths = headers.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  process.stdout.write(`\n${title}\n${line(headers)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`)
  for (const row of table) process.stdout.write(`${line(row)}\n`)
}
