/**
 * A local Content Lake for the benchmarks: its own process (`node lake/main.ts`, as `npm run lake`
 * runs it), so the server and the benchmark's clients do not share an event loop, on a data
 * folder under .cache/bench/ that can be filled beforehand without going through HTTP.
 */
import type {ChildProcess} from 'node:child_process'
import {mkdirSync, rmSync} from 'node:fs'
import path from 'node:path'
import type {Doc} from '../lake/dataset.ts'
import {spawnLake} from '../lake/process.ts'
import {Lake} from '../lake/store.ts'
import type {UsersFile} from '../lake/users.ts'

export const ROOT = path.resolve(import.meta.dirname, '..')
export const BENCH_CACHE = path.join(ROOT, '.cache', 'bench')

export interface BenchLake {
  url: string
  /** The administrator's token. */
  token: string
  users: UsersFile['users']
  cert: string
  dataDir: string
  process: ChildProcess
  close(): Promise<void>
}

/** A fresh, empty data folder under .cache/bench/. */
export function freshDataDir(name: string): string {
  const dir = path.join(BENCH_CACHE, name)
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  return dir
}

/** Removes a scratch folder under .cache/bench/ once a benchmark is done with it. */
export function removeDir(dir: string): void {
  rmSync(dir, {recursive: true, force: true})
}

/** Writes documents into a data folder's `production` dataset in one transaction, without the publish rules (as the seed is). */
export async function fillDataDir(dataDir: string, docs: ReadonlyArray<Doc>): Promise<void> {
  const lake = new Lake(dataDir, {policy: null, queries: 'in-process'})
  try {
    let text = ''
    for (const doc of docs) text += `${JSON.stringify(doc)}\n`
    await lake.importNdjson('production', text, {mode: 'create', enforce: false})
  } finally {
    lake.close()
  }
}

/** Starts `node lake/main.ts --port 0` on a data folder and waits for its URL. */
export async function startLakeProcess(dataDir: string): Promise<BenchLake> {
  const lake = await spawnLake(dataDir, {startTimeoutMs: 120_000})
  let closing = false
  lake.child.once('exit', (code, signal) => {
    if (!closing) process.stderr.write(`\n[bench] the lake process exited unexpectedly (${code ?? signal}):\n${lake.output().slice(-4000)}\n`)
  })
  const admin = lake.users.users.find((u) => u.role === 'administrator')
  if (!admin) {
    lake.child.kill('SIGKILL')
    throw new Error('users.json has no administrator')
  }
  return {
    url: lake.url,
    token: admin.token,
    users: lake.users.users,
    cert: lake.cert,
    dataDir,
    process: lake.child,
    close: async () => {
      closing = true
      if (lake.child.exitCode === null && lake.child.signalCode === null) lake.child.kill('SIGTERM')
      await lake.exited
    },
  }
}
