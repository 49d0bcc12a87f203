/**
 * Shared pieces of the reliability suite: the lake as a child process (`node lake/main.ts`, so it
 * can be killed with SIGKILL), raw HTTP against it, a deterministic PRNG, the refusal log
 * (`/lake/audit`, administrators only) and a small editorial world that passes the rules.
 */
import type {ChildProcess} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {Agent, fetch} from 'undici'
import type {AuditEntry} from '../../lake/db.ts'
import {spawnLake} from '../../lake/process.ts'
import {prng} from '../../bench/planner-dataset.ts'
import {type UsersFile, randomToken} from '../../lake/users.ts'

export {prng}

export interface LakeProcess {
  child: ChildProcess
  url: string
  cert: string
  users: UsersFile
  /** Raw request with an administrator token unless `token` is given (null: none). */
  request(method: string, pathname: string, options?: {token?: string | null; body?: unknown; rawBody?: string | Buffer}): Promise<{status: number; text: string; body: unknown}>
  kill(): Promise<void>
  close(): Promise<void>
}

/** Starts `node lake/main.ts --port 0 --data <dataDir> --quiet` and waits for the URL it prints. */
export async function startLakeProcess(dataDir: string, extra: string[] = []): Promise<LakeProcess> {
  const {child, url, cert, users, exited} = await spawnLake(dataDir, {args: extra})
  const agent = new Agent({connect: {ca: cert}, connections: 16})
  const admin = users.users.find((u) => u.role === 'administrator')?.token
  return {
    child,
    url,
    cert,
    users,
    async request(method, pathname, {token, body, rawBody} = {}) {
      const t = token === undefined ? admin : token
      const headers: Record<string, string> = {}
      if (t) headers.authorization = `Bearer ${t}`
      if (body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(`${url}${pathname}`, {method, headers, body: body !== undefined ? JSON.stringify(body) : rawBody, dispatcher: agent})
      const text = await res.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {
        // not JSON
      }
      return {status: res.status, text, body: parsed}
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
      await agent.destroy()
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
      await agent.close()
    },
  }
}

export type {AuditEntry}

/** The refusal log, newest first (`GET /lake/audit`, as an administrator). */
export async function refusals(request: (method: string, pathname: string) => Promise<{status: number; body: unknown}>, limit = 1000): Promise<AuditEntry[]> {
  const res = await request('GET', `/v1/lake/audit?limit=${limit}`)
  if (res.status !== 200) throw new Error(`/lake/audit answered ${res.status}`)
  return res.body as AuditEntry[]
}

/** Writes a users.json with these users (a fresh token each) and extra tokens; returns the file's content. */
export function writeUsers(dataDir: string, users: Array<{id: string; role: string; expiresAt?: string}>, tokens: UsersFile['tokens'] = []): UsersFile {
  const file: UsersFile = {
    users: users.map((u) => ({id: u.id, name: u.id, email: `${u.id}@example.test`, role: u.role, token: randomToken(40), ...(u.expiresAt ? {expiresAt: u.expiresAt} : {})})),
    tokens,
  }
  writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify(file, null, 2))
  return file
}
