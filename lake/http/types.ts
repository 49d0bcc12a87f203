/**
 * What the lake's HTTP plumbing and its routes share: the request (HTTP/2 or HTTP/1.1), the part of
 * the response the routes use, and the context a route receives.
 */
import type {IncomingMessage} from 'node:http'
import type {Http2ServerRequest} from 'node:http2'
import type {Principal} from '../users.ts'

export type Req = Http2ServerRequest | IncomingMessage

/** What the handlers use of Http2ServerResponse / ServerResponse (HTTP/1.1 clients). */
export interface Res {
  readonly headersSent: boolean
  setHeader(name: string, value: string): unknown
  writeHead(status: number, headers?: Record<string, string>): unknown
  write(chunk: string): boolean
  end(chunk?: string): unknown
  /** Bytes written and not yet handed to the connection. */
  readonly writableLength: number
  once(event: 'drain' | 'close' | 'finish', listener: () => void): unknown
  on(event: 'close', listener: () => void): unknown
  on(event: 'error', listener: (err: Error) => void): unknown
  destroy(error?: Error): unknown
}

export interface Context {
  req: Req
  res: Res
  method: string
  /** The path without its `/v<apiVersion>` prefix, still percent-encoded. */
  path: string
  search: URLSearchParams
  /** Who the bearer token belongs to; null without a (valid) token. */
  principal: Principal | null
}

export function isHttp2(req: Req): boolean {
  return req.httpVersionMajor === 2
}

/** One header's value as a string: the first of repeated values, undefined when absent. */
export function header(req: Req, name: string): string | undefined {
  const value = req.headers[name]
  if (Array.isArray(value)) return value[0]
  return typeof value === 'string' ? value : undefined
}
