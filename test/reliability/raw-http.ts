/**
 * Raw HTTP against the lake, below what HTTP clients let through: bytes on a TLS socket (HTTP/1.1,
 * or HTTP/2 frames after ALPN h2), and node:http2 streams with whatever pseudo-headers node allows.
 * Every helper resolves (never rejects) with what came back, so a test can send anything and then
 * look at the answers and at the lake.
 */
import {type ClientHttp2Session, connect as connectHttp2, constants} from 'node:http2'
import {connect as connectTls} from 'node:tls'

export interface Target {
  port: number
  cert: string
}

export interface RawAnswer {
  /** Everything the server sent before the socket closed or the wait ended. */
  text: string
  /** The status of every HTTP/1.1 response in `text`. */
  statuses: number[]
  /** Whether the server closed the connection within the wait. */
  closed: boolean
}

/**
 * Opens a TLS connection (ALPN `http/1.1` unless told otherwise), writes `parts` one after the other
 * (`gapMs` apart), then waits up to `waitMs` for the server to close, and destroys the socket.
 */
export function rawSend(target: Target, parts: Array<string | Buffer>, {waitMs = 3000, gapMs = 0, alpn = ['http/1.1'], endAfter = false} = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let closed = false
    let done = false
    const socket = connectTls({host: '127.0.0.1', port: target.port, ca: target.cert, servername: 'localhost', ALPNProtocols: alpn})
    const finish = () => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      const text = Buffer.concat(chunks).toString('latin1')
      resolve({text, closed, statuses: [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]))})
    }
    const timer = setTimeout(finish, waitMs)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      closed = true
      finish()
    })
    socket.once('secureConnect', async () => {
      for (const part of parts) {
        if (socket.destroyed) break
        socket.write(part)
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs))
      }
      if (endAfter) socket.end()
    })
  })
}

// --- HTTP/2 frames ---------------------------------------------------------------------------------

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1')

export const FRAME = {DATA: 0, HEADERS: 1, RST_STREAM: 3, SETTINGS: 4, PING: 6, GOAWAY: 7, WINDOW_UPDATE: 8, CONTINUATION: 9} as const
export const FLAG = {END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4} as const

export function frame(type: number, flags: number, streamId: number, payload: Buffer = Buffer.alloc(0), length = payload.length): Buffer {
  const head = Buffer.alloc(9)
  head.writeUIntBE(length & 0xffffff, 0, 3)
  head.writeUInt8(type & 0xff, 3)
  head.writeUInt8(flags & 0xff, 4)
  head.writeUInt32BE(streamId >>> 0, 5)
  return Buffer.concat([head, payload])
}

/** An HPACK header block of literal fields without indexing and without Huffman coding. */
export function hpack(headers: Array<[string, string]>): Buffer {
  const int7 = (n: number): Buffer => {
    if (n < 127) return Buffer.from([n])
    const out = [127]
    let rest = n - 127
    while (rest >= 128) {
      out.push((rest % 128) + 128)
      rest = Math.floor(rest / 128)
    }
    out.push(rest)
    return Buffer.from(out)
  }
  const parts: Buffer[] = []
  for (const [name, value] of headers) {
    const n = Buffer.from(name, 'latin1')
    const v = Buffer.from(value, 'latin1')
    parts.push(Buffer.from([0x00]), int7(n.length), n, int7(v.length), v)
  }
  return Buffer.concat(parts)
}

export const settingsFrame = () => frame(FRAME.SETTINGS, 0, 0)

/** Request headers for a raw HEADERS frame. */
export const requestHeaders = (method: string, path: string, extra: Array<[string, string]> = []): Array<[string, string]> => [
  [':method', method],
  [':scheme', 'https'],
  [':authority', 'localhost'],
  [':path', path],
  ...extra,
]

// --- node:http2 ------------------------------------------------------------------------------------

export interface Http2Answer {
  status: number | null
  body: string
  /** What went wrong on the client side (a refused header, a reset stream, a closed session). */
  error: string | null
}

/** One request on `session` (opened on demand); resolves with the answer or the client-side error. */
export function http2Request(
  session: ClientHttp2Session,
  headers: Record<string, string | string[]>,
  {body, resetAfterMs, waitMs = 5000}: {body?: string | Buffer; resetAfterMs?: number; waitMs?: number} = {},
): Promise<Http2Answer> {
  return new Promise((resolve) => {
    let status: number | null = null
    let text = ''
    let settled = false
    const settle = (error: string | null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({status, body: text, error})
    }
    const timer = setTimeout(() => settle('no answer in time'), waitMs)
    let stream: ReturnType<ClientHttp2Session['request']>
    try {
      stream = session.request(headers, {endStream: body === undefined && resetAfterMs === undefined})
    } catch (err) {
      settle(err instanceof Error ? err.message : String(err))
      return
    }
    stream.on('response', (h) => (status = Number(h[':status'])))
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => (text += chunk))
    stream.on('end', () => settle(null))
    stream.on('close', () => settle(stream.rstCode && stream.rstCode !== constants.NGHTTP2_NO_ERROR ? `reset ${stream.rstCode}` : null))
    stream.on('error', (err) => settle(err.message))
    if (body !== undefined) stream.write(body)
    if (resetAfterMs !== undefined) setTimeout(() => stream.close(constants.NGHTTP2_CANCEL), resetAfterMs)
    else if (body !== undefined) stream.end()
  })
}

export function openHttp2(url: string, cert: string): ClientHttp2Session {
  const session = connectHttp2(url, {ca: cert})
  session.on('error', () => undefined)
  return session
}
