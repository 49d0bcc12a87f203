/**
 * CORS for the Studio and sites on localhost origins: the origin is reflected (with credentials)
 * only when it is a localhost one; preflights are answered without authentication.
 */
import {type Req, type Res, header} from './types.ts'

const LOCAL_ORIGIN = /^https?:\/\/(([a-z0-9-]+\.)*localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i
/** A comma-separated list of header names (RFC 9110 tokens), the only thing a preflight echoes back. */
const HEADER_NAMES = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/
const DEFAULT_ALLOWED_HEADERS = 'authorization, content-type'

export function setCors(req: Req, res: Res): void {
  const origin = header(req, 'origin')
  if (origin !== undefined && LOCAL_ORIGIN.test(origin)) {
    res.setHeader('access-control-allow-origin', origin)
    res.setHeader('access-control-allow-credentials', 'true')
    res.setHeader('vary', 'origin')
    res.setHeader('access-control-expose-headers', 'content-type, x-sanity-shard, traceparent')
  }
}

export function preflight(req: Req, res: Res): void {
  const requested = header(req, 'access-control-request-headers')?.trim()
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
  // Echoed only when it is a list of header names (setHeader throws on some characters); anything
  // else gets the default list.
  res.setHeader('access-control-allow-headers', requested && requested.length <= 4096 && HEADER_NAMES.test(requested) ? requested : DEFAULT_ALLOWED_HEADERS)
  res.setHeader('access-control-max-age', '600')
  res.writeHead(204)
  res.end()
}
