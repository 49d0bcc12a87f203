/** Runs the benchmarks, prints a table per group and writes the numbers as JSON. */
import {mkdirSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import {benchPolicy} from './policy.ts'
import {printTable, type Row} from './stats.ts'

const only = process.argv.slice(2).find((a) => !a.startsWith('-'))
const groups: Array<[string, () => Row[] | Promise<Row[]>]> = [['policy', benchPolicy]]

const results: Record<string, Row[]> = {}
for (const [name, run] of groups) {
  if (only && only !== name) continue
  results[name] = await run()
  printTable(name, results[name])
}
mkdirSync('bench/results', {recursive: true})
const machine = {cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version}
writeFileSync('bench/results/latest.json', `${JSON.stringify({date: new Date().toISOString(), machine, results}, null, 2)}\n`)
process.stdout.write(`\nwritten bench/results/latest.json\n`)
