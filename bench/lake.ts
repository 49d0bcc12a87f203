/**
 * A local Content Lake for the benchmarks: its own process (`node lake/main.ts`, as `npm run lake`
 * runs it), so the server and the benchmark's clients do not share an event loop, on a data
 * folder under .cache/bench/ that can be filled beforehand without going through HTTP.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdirSync, readFileSync, rmSync} from 'node:fs'
import path from 'node:path'
import type {Doc} from '../lake/dataset.ts'
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
  const lake = new Lake(dataDir, {policy: null})
  try {
    let text = ''
    for (const doc of docs) text += `${JSON.stringify(doc)}\n`
    await lake.importNdjson('production', text, {mode: 'create', enforce: false})
  } finally {
    lake.close()
  }
}

/** Starts `node lake/main.ts --port 0` on a data folder and waits for its URL. */
export function startLakeProcess(dataDir: string): Promise<BenchLake> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'lake', 'main.ts'), '--port', '0', '--data', dataDir, '--quiet'], {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']})
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the lake did not start within 120 s: ${output}`))
    }, 120_000)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`the lake exited (${code}) before it started: ${output}`))
    }
    child.once('exit', onExit)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Local Content Lake: (https:\/\/localhost:\d+)/.exec(output)
      if (!match || !output.includes('Ctrl-C')) return
      clearTimeout(timer)
      child.off('exit', onExit)
      let closing = false
      child.once('exit', (code, signal) => {
        if (!closing) process.stderr.write(`\n[bench] the lake process exited unexpectedly (${code ?? signal}):\n${output.slice(-4000)}\n`)
      })
      const users = (JSON.parse(readFileSync(path.join(dataDir, 'users.json'), 'utf8')) as UsersFile).users
      const admin = users.find((u) => u.role === 'administrator')
      if (!admin) {
        child.kill('SIGKILL')
        reject(new Error('users.json has no administrator'))
        return
      }
      resolve({
        url: match[1],
        token: admin.token,
        users,
        cert: readFileSync(path.join(dataDir, 'tls-cert.pem'), 'utf8'),
        dataDir,
        process: child,
        close: () =>
          new Promise<void>((done) => {
            closing = true
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
      })
    })
  })
}
