/**
 * A small client for the local Content Lake (lake/server.ts): GROQ queries, plain GET requests
 * (the history API) and streamed NDJSON (the export endpoint), over HTTPS with a bearer token.
 *
 * The local lake serves a self-signed certificate. It is accepted for loopback hosts only
 * (localhost, *.localhost, 127.0.0.0/8, ::1); any other host gets normal certificate checks.
 * For hosted projects use @sanity/client instead: both satisfy `QueryClient` (./fetch.ts).
 */
import http from 'node:http'
import https from 'node:https'
import type {IncomingMessage} from 'node:http'
import {createInterface} from 'node:readline'
import {API_VERSION} from '../plugins/medical-claims/rules/constants.ts'

export interface LakeClientConfig {
  /** e.g. https://localhost:4443 */
  url: string
  token?: string
  dataset?: string
  apiVersion?: string
  /** Milliseconds before a request is abandoned (default 30 s). */
  timeoutMs?: number
}

export interface LakeFetchOptions {
  perspective?: 'published' | 'raw' | 'drafts'
  tag?: string
  signal?: AbortSignal
}

/** An error answer from the lake, or no answer at all. */
export class LakeRequestError extends Error {
  readonly status: number | null
  constructor(message: string, status: number | null) {
    super(message)
    this.name = 'LakeRequestError'
    this.status = status
  }
}

export interface LakeClient {
  fetch<R = unknown>(query: string, params?: Record<string, unknown>, options?: LakeFetchOptions): Promise<R>
  /** GET a path under `/v<apiVersion>`: JSON answers are parsed, anything else comes back as text. */
  request<R = unknown>(options: {url: string; signal?: AbortSignal; tag?: string}): Promise<R>
  /** GET a path and read its body line by line (NDJSON), without holding it all in memory. */
  lines(path: string, signal?: AbortSignal): AsyncIterable<string>
  config(): {url: string; dataset: string; apiVersion: string}
}

/** Whether a host name is this machine: the only hosts whose self-signed certificate is accepted. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

function describeBody(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as {error?: {description?: string; message?: string} | string; message?: string}
    if (typeof body.error === 'object' && body.error) return body.error.description ?? body.error.message ?? `HTTP ${status}`
    if (typeof body.error === 'string') return body.message ? `${body.error}: ${body.message}` : body.error
    if (typeof body.message === 'string') return body.message
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 300) || `HTTP ${status}`
}

async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of res) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export function createLakeClient(config: LakeClientConfig): LakeClient {
  const base = new URL(config.url)
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error(`The lake URL must start with https:// or http:// (got "${config.url}").`)
  }
  const dataset = config.dataset ?? 'production'
  const apiVersion = config.apiVersion ?? API_VERSION
  const timeoutMs = config.timeoutMs ?? 30_000
  const origin = base.origin

  function send(method: 'GET' | 'POST', path: string, body: string | undefined, signal?: AbortSignal): Promise<IncomingMessage> {
    const target = new URL(`/v${apiVersion}${path}`, origin)
    const headers: Record<string, string> = {accept: 'application/json, application/x-ndjson'}
    if (config.token) headers.authorization = `Bearer ${config.token}`
    if (body !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = String(Buffer.byteLength(body))
    }
    const transport = target.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      const req = transport.request(
        target,
        {
          method,
          headers,
          signal,
          timeout: timeoutMs,
          ...(target.protocol === 'https:' ? {rejectUnauthorized: !isLoopbackHost(target.hostname)} : {}),
        },
        resolve,
      )
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
      req.on('error', (error) => reject(new LakeRequestError(`Could not reach the Content Lake at ${origin}: ${error.message}`, null)))
      req.end(body)
    })
  }

  async function ok(res: IncomingMessage, what: string): Promise<IncomingMessage> {
    const status = res.statusCode ?? 0
    if (status >= 200 && status < 300) return res
    const text = await readAll(res)
    const hint = status === 401 ? ' (check the token)' : status === 403 ? ' (the token lacks permission)' : ''
    throw new LakeRequestError(`The Content Lake at ${origin} refused ${what}: ${describeBody(text, status)}${hint}`, status)
  }

  return {
    async fetch<R>(query: string, params: Record<string, unknown> = {}, options: LakeFetchOptions = {}): Promise<R> {
      const tag = options.tag ? `?tag=${encodeURIComponent(options.tag)}` : ''
      const body = JSON.stringify({query, params, ...(options.perspective ? {perspective: options.perspective} : {})})
      const res = await ok(await send('POST', `/data/query/${encodeURIComponent(dataset)}${tag}`, body, options.signal), 'the query')
      const answer = JSON.parse(await readAll(res)) as {result?: unknown}
      return (answer.result ?? null) as R
    },
    async request<R>(options: {url: string; signal?: AbortSignal}): Promise<R> {
      const res = await ok(await send('GET', options.url, undefined, options.signal), `GET ${options.url}`)
      const text = await readAll(res)
      const type = String(res.headers['content-type'] ?? '')
      return (type.includes('application/json') ? JSON.parse(text) : text) as R
    },
    async *lines(path: string, signal?: AbortSignal): AsyncIterable<string> {
      const res = await ok(await send('GET', path, undefined, signal), `GET ${path}`)
      res.setEncoding('utf8')
      const reader = createInterface({input: res, crlfDelay: Infinity})
      for await (const line of reader) yield line
    },
    config: () => ({url: origin, dataset, apiVersion}),
  }
}
