/**
 * One request, from the raw request to the answer. Everything taken from the request (the target,
 * the host, the headers, the token) is read inside the error handling, so whatever a client sends
 * ends as an answer: a route's own, a 4xx in Sanity's error shape, or a 500 when the lake itself
 * failed. A last-resort guard catches what the error handling could not (it answers 500 in the same
 * shape, or drops the stream when an answer had already started) and logs it, so the handler's
 * promise never rejects.
 */
import {type LakeError, badRequest, toLakeError} from '../errors.ts'
import {preflight, setCors} from './cors.ts'
import {sendError} from './send.ts'
import {type Context, type Req, type Res, header} from './types.ts'
import type {Principal} from '../users.ts'

const VERSION_PREFIX = /^\/v(?:X|\d[\d-]*)(?=\/|$)/
const EXTRA_SLASHES_BEFORE_VERSION = /^\/{2,}(?=v(?:X|\d[\d-]*)(?:\/|$))/
/** Origin-form targets are resolved against this; it never reaches an answer. */
const BASE = 'https://lake.invalid'

export interface RequestHandlerOptions {
  authenticate(authorization: string | undefined): Principal | null
  dispatch(ctx: Context): Promise<void>
  /** Serves the request when it is not for the API (the built Studio); true when it did. */
  serveOther?(req: Req, res: Res, pathname: string, host: string | undefined): boolean
  /** Called for every error answer (refusals go to the audit log from here). */
  onError?(ctx: Context, error: LakeError): void
  /** Where internal errors (5xx, the guard) are logged. */
  logError(line: string): void
}

/** The request target as a path and search, or a 400 when it is neither origin-form nor absolute. */
export function parseTarget(raw: string | undefined): URL {
  const target = raw ?? ''
  let url: URL | null = null
  try {
    // Concatenated rather than resolved: "//x" resolved against a base is a host, not a path.
    if (target.startsWith('/')) url = new URL(`${BASE}${target}`)
    else if (/^https?:\/\//i.test(target)) url = new URL(target)
  } catch {
    url = null
  }
  if (!url) throw badRequest(`The request target is not a path: ${JSON.stringify(target.slice(0, 80))} (expected one starting with "/")`, 'invalidUrlError')
  return url
}

function describe(err: unknown): string {
  try {
    return err instanceof Error ? (err.stack ?? err.message) : String(err)
  } catch {
    return 'an error that cannot be shown'
  }
}

export function createRequestHandler(options: RequestHandlerOptions): (req: Req, res: Res) => void {
  const handle = async (req: Req, res: Res): Promise<void> => {
    let ctx: Context | null = null
    try {
      setCors(req, res)
      if (req.method === 'OPTIONS') {
        preflight(req, res)
        return
      }
      const url = parseTarget(req.url)
      if (options.serveOther?.(req, res, url.pathname, header(req, 'host') ?? header(req, ':authority'))) return
      ctx = {
        req,
        res,
        method: req.method ?? 'GET',
        // Sanity's migration runner asks for `//v<version>/...` (its API host ends with a slash): one slash, as the hosted API reads it.
        path: url.pathname.replace(EXTRA_SLASHES_BEFORE_VERSION, '/').replace(VERSION_PREFIX, '') || '/',
        search: url.searchParams,
        principal: null,
      }
      ctx.principal = options.authenticate(header(req, 'authorization'))
      await options.dispatch(ctx)
    } catch (err) {
      const error = toLakeError(err)
      if (error.statusCode >= 500) options.logError(`${ctx?.method ?? req.method} ${(ctx?.path ?? req.url ?? '').slice(0, 300)}: ${describe(err)}`)
      if (ctx) {
        try {
          options.onError?.(ctx, error)
        } catch (auditErr) {
          // Recording a refusal must not take the answer down.
          options.logError(`recording a ${error.statusCode} failed: ${describe(auditErr)}`)
        }
      }
      sendError(res, error)
    }
  }

  return (req, res) => {
    // Errors on a request or its answer (a reset stream, a write after the client left) end that
    // request only; without a listener an 'error' event would throw.
    req.on('error', () => undefined)
    res.on('error', () => undefined)
    handle(req, res).catch((err: unknown) => lastResort(res, err, options.logError))
  }
}

/** The answer when even the error handling failed: 500 in Sanity's shape, or the stream dropped. */
export function lastResort(res: Res, err: unknown, logError: (line: string) => void): void {
  try {
    logError(`request handling failed, answered 500: ${describe(err)}`)
  } catch {
    // nothing left to tell
  }
  try {
    if (res.headersSent) {
      res.destroy()
      return
    }
    const body = {error: {description: 'Internal error: the lake could not answer this request (the cause is in its log)', type: 'internalError'}, statusCode: 500}
    res.writeHead(500, {'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store'})
    res.end(JSON.stringify(body))
  } catch {
    try {
      res.destroy()
    } catch {
      // the stream is gone already
    }
  }
}
