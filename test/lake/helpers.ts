/**
 * Test harness for the local lake: starts a real lake (port 0, temporary data folder) and gives
 * @sanity/client instances per local user that trust the lake's self-signed certificate through
 * their own transport (no NODE_TLS_REJECT_UNAUTHORIZED needed), plus a raw HTTP helper for
 * asserting status codes and error bodies.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {createClient, type SanityClient} from '@sanity/client'
import {Agent, fetch as undiciFetch} from 'undici'
import {API_VERSION} from '../../plugins/medical-claims/rules/constants.ts'
import {type RunningLake, type StartLakeOptions, startLake} from '../../lake/server.ts'
import type {LakeUser} from '../../lake/users.ts'
import {DatasetState, type Doc} from '../../lake/dataset.ts'

export {API_VERSION}
export const ROOT = path.resolve(import.meta.dirname, '..', '..')
export const SEED_FILE = path.join(ROOT, 'seed', 'dataset.ndjson')

export interface TestLake {
  running: RunningLake
  dataDir: string
  user(idOrRole: string): LakeUser
  client(idOrRole: string, config?: Record<string, unknown>): SanityClient
  /** Raw request; `token: null` sends no Authorization header. */
  request(method: string, pathname: string, options?: {token?: string | null; body?: unknown; rawBody?: string | Buffer; headers?: Record<string, string>}): Promise<{status: number; body: unknown; text: string; headers: Headers}>
  restart(options?: Partial<StartLakeOptions>): Promise<void>
  close(): Promise<void>
}

/** An in-memory dataset holding copies of the documents (for the query engine alone). */
export function datasetOf(documents: ReadonlyArray<object>): DatasetState {
  const ds = new DatasetState('production')
  for (const doc of documents) ds.load(structuredClone(doc) as Doc)
  return ds
}

export function tempDir(prefix = 'lake-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix))
}

export async function startTestLake(options: Partial<StartLakeOptions> = {}): Promise<TestLake> {
  const dataDir = options.dataDir ?? tempDir()
  let running = await startLake({port: 0, quiet: true, ...options, dataDir})
  let agent = new Agent({connect: {ca: running.cert}})
  const transport = () => ((url: string | URL, init?: RequestInit) => undiciFetch(url, {...(init as object), dispatcher: agent} as never)) as never

  const harness: TestLake = {
    get running() {
      return running
    },
    dataDir,
    user(idOrRole) {
      const user = running.users.find((u) => u.id === idOrRole) ?? running.users.find((u) => u.role === idOrRole)
      if (!user) throw new Error(`No local user "${idOrRole}"`)
      return user
    },
    client(idOrRole, config = {}) {
      return createClient({
        projectId: 'localdev',
        dataset: 'production',
        apiHost: running.url,
        useProjectHostname: false,
        token: harness.user(idOrRole).token,
        apiVersion: API_VERSION,
        useCdn: false,
        resolveFetch: () => transport(),
        ...config,
      })
    },
    async request(method, pathname, {token, body, rawBody, headers = {}} = {}) {
      const h: Record<string, string> = {...headers}
      const t = token === undefined ? harness.user('administrator').token : token
      if (t) h.authorization = `Bearer ${t}`
      let payload: string | Buffer | undefined = rawBody
      if (body !== undefined) {
        payload = JSON.stringify(body)
        h['content-type'] = 'application/json'
      }
      const res = await undiciFetch(`${running.url}${pathname}`, {method, headers: h, body: payload, dispatcher: agent})
      const text = await res.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {
        // not JSON
      }
      return {status: res.status, body: parsed, text, headers: res.headers as unknown as Headers}
    },
    async restart(more = {}) {
      await running.close()
      await agent.close()
      running = await startLake({port: 0, quiet: true, ...options, ...more, dataDir})
      agent = new Agent({connect: {ca: running.cert}})
    },
    async close() {
      await running.close()
      await agent.close()
      rmSync(dataDir, {recursive: true, force: true})
    },
  }
  return harness
}

/** Resolves with the first `count` values an observable emits (or rejects after `ms`). */
export function take<T>(observable: {subscribe(o: {next(v: T): void; error(e: unknown): void}): {unsubscribe(): void}}, count: number, ms = 5000): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const values: T[] = []
    let sub: {unsubscribe(): void} | undefined
    const timer = setTimeout(() => {
      sub?.unsubscribe()
      reject(new Error(`Timed out after ${ms} ms with ${values.length}/${count} values: ${JSON.stringify(values).slice(0, 500)}`))
    }, ms)
    sub = observable.subscribe({
      next(value) {
        values.push(value)
        if (values.length >= count) {
          clearTimeout(timer)
          queueMicrotask(() => sub?.unsubscribe())
          resolve(values)
        }
      },
      error(err) {
        clearTimeout(timer)
        reject(err)
      },
    })
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
