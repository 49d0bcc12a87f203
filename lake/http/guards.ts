/**
 * Server-level handlers, so what never becomes a request cannot throw either: HTTP/1.1 input the
 * parser refuses (a malformed request line, headers too large, a bad Content-Length, broken
 * chunked encoding) gets a 4xx in Sanity's error shape and the connection is closed; HTTP/2 session
 * and TLS errors (a bad preface, garbage frames, a reset) end that session or connection only.
 * A connection idle for `idleTimeoutMs` (no bytes either way) with no request in flight is closed,
 * so clients that open connections and send nothing do not pile up; a request that takes longer
 * (a slow query, a listener between its keep-alives) keeps its connection.
 */
import type {Http2SecureServer, Http2ServerRequest} from 'node:http2'
import type {Duplex} from 'node:stream'
import {type Req, type Res, isHttp2} from './types.ts'

/** Requests in flight per connection: an HTTP/1.1 socket or an HTTP/2 session. */
const inFlight = new WeakMap<object, number>()

/** Counts the request against its connection until its answer is closed. */
export function trackRequest(req: Req, res: Res): void {
  const connection: object | undefined = isHttp2(req) ? (req as Http2ServerRequest).stream.session : req.socket
  if (!connection) return
  inFlight.set(connection, (inFlight.get(connection) ?? 0) + 1)
  let closed = false
  res.on('close', () => {
    if (closed) return
    closed = true
    inFlight.set(connection, Math.max(0, (inFlight.get(connection) ?? 1) - 1))
  })
}

/** The parser's error codes that are not a plain 400. */
const STATUS_BY_CODE: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request line and headers are larger than the lake accepts (16 KB): send fewer or shorter headers (a long URL belongs in a POST body).'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Content Too Large', 'The chunk extensions of the request body are too large: send the body without chunk extensions.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request was not received in time: send it again.'],
}

function parserRefusal(code: string | undefined, reason: string | undefined): string {
  const [status, text, description] = STATUS_BY_CODE[code ?? ''] ?? [400, 'Bad Request', `The request is not valid HTTP/1.1${reason ? ` (${reason})` : ''}: check the client that sent it.`]
  const body = JSON.stringify({error: {description, type: status === 400 ? 'badRequestError' : 'requestError'}, statusCode: status})
  return `HTTP/1.1 ${status} ${text}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`
}

export function guardServer(server: Http2SecureServer, logError: (line: string) => void, idleTimeoutMs: number): void {
  server.setTimeout(idleTimeoutMs)
  server.on('timeout', (connection: {destroy(): void}) => {
    if ((inFlight.get(connection) ?? 0) === 0) connection.destroy()
  })
  server.on('clientError', (err: NodeJS.ErrnoException & {reason?: string}, socket: Duplex & {_httpMessage?: {headersSent?: boolean} | null}) => {
    try {
      // Answer only when no response is under way on this connection (a reply would corrupt it).
      const answering = socket._httpMessage?.headersSent === true
      if (err.code !== 'ECONNRESET' && socket.writable && !answering) socket.end(parserRefusal(err.code, typeof err.reason === 'string' ? err.reason.slice(0, 100) : undefined))
      else socket.destroy()
      // A client that never reads the answer does not keep the connection.
      setTimeout(() => socket.destroy(), 2000).unref()
    } catch (failure) {
      logError(`answering a malformed HTTP/1.1 request failed: ${failure instanceof Error ? failure.message : String(failure)}`)
      socket.destroy()
    }
  })
  // Upgrades (WebSocket) are not spoken here.
  server.on('upgrade', (_req: unknown, socket: Duplex) => {
    socket.on('error', () => undefined)
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
  })
  // Once listening, a server error (an accept failing when file descriptors run out) is logged
  // rather than thrown; before, listen() reports it to its caller.
  server.once('listening', () => server.on('error', (err) => logError(`server error (still serving): ${err.message}`)))
  server.on('sessionError', () => undefined)
  server.on('tlsClientError', () => undefined)
  server.on('session', (session) => session.on('error', () => undefined))
  server.on('stream', (stream) => stream.on('error', () => undefined))
  server.on('secureConnection', (socket) => socket.on('error', () => undefined))
}
