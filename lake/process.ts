/**
 * The lake in a process of its own (`node lake/main.ts`, as `npm run lake` runs it): for callers
 * that must not share its event loop (benchmarks) or must be able to kill it (fault tests).
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import type {UsersFile} from './users.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

export interface LakeChild {
  child: ChildProcess
  url: string
  cert: string
  users: UsersFile
  /** What the process printed so far (stdout and stderr). */
  output(): string
  /** Resolves when the process has exited. */
  exited: Promise<void>
}

/**
 * Starts `node lake/main.ts --port 0 --data <dataDir> --quiet [...args]` and resolves once it has
 * printed its URL, with its certificate and users read from the data folder.
 */
export function spawnLake(dataDir: string, {args = [], startTimeoutMs = 30_000}: {args?: string[]; startTimeoutMs?: number} = {}): Promise<LakeChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'lake', 'main.ts'), '--port', '0', '--data', dataDir, '--quiet', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the lake did not start within ${startTimeoutMs / 1000} s: ${output}`))
    }, startTimeoutMs)
    const early = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`the lake exited with ${code} before it started: ${output}`))
    }
    child.once('exit', early)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Local Content Lake: (https:\/\/localhost:\d+)/.exec(output)
      if (!match || !output.includes('Ctrl-C')) return
      clearTimeout(timer)
      child.off('exit', early)
      resolve({
        child,
        url: match[1],
        cert: readFileSync(path.join(dataDir, 'tls-cert.pem'), 'utf8'),
        users: JSON.parse(readFileSync(path.join(dataDir, 'users.json'), 'utf8')) as UsersFile,
        output: () => output,
        exited,
      })
    })
  })
}
