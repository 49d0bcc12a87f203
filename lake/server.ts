/**
 * The local Content Lake's HTTP server: the parts of Sanity's HTTP API that Studio 6,
 * @sanity/client and the Sanity CLI use, over HTTP/2 + TLS (HTTP/1.1 accepted too) with a
 * self-signed certificate. Any `/v<apiVersion>` prefix and any project id (host
 * `<projectId>.localhost` or path) are accepted.
 */
import {createSecureServer, type Http2ServerRequest, type Http2ServerResponse} from 'node:http2'
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {existsSync, readFileSync} from 'node:fs'
import {loadOrCreateCertificate} from './cert.ts'
import type {Doc} from './dataset.ts'
import {DEFAULT_POLICY, type Policy} from './enforce.ts'
import {LakeError, badRequest, forbidden, notFound, toLakeError, unauthorized} from './errors.ts'
import {documentsAt, readTransactionQuery, transactionLog} from './history.ts'
import {applyActions, applyMutations, type MutationResult} from './mutations.ts'
import {checkDepth} from './limits.ts'
import {grantsForRole} from './permissions.ts'
import {parsePerspective, parseQuery} from './query/index.ts'
import {DEFAULT_DATASET, Lake, type LakeOptions} from './store.ts'
import {isStudioRequest, serveStudio} from './studio.ts'
import {Directory, type LakeUser, type Principal, ROLE_TITLES, loadOrCreateUsers, publicUser} from './users.ts'

export interface StartLakeOptions {
  port?: number
  dataDir: string
  host?: string
  /** NDJSON imported into an empty `production` dataset on first start. */
  seedFile?: string
  quiet?: boolean
  projectId?: string
  /** Request body limit in bytes (default 10 MB). */
  maxBodyBytes?: number
  /**
   * Use these rules instead of plugins/medical-claims/policy.ts. `null` turns enforcement off: for
   * tests only (lake/main.ts has no flag for it).
   */
  policy?: Policy | null
  /** A built Studio (`sanity build` output) to serve at https://localhost:<port>/. */
  studioDir?: string
  /** The query workers' limits (time limit, queries per user, workers), or 'in-process' (tests only). */
  queries?: LakeOptions['queries']
}

export interface RunningLake {
  /** e.g. https://localhost:4443 (what Studio's `apiHost` wants). */
  url: string
  origin: string
  port: number
  host: string
  certFile: string
  cert: string
  users: LakeUser[]
  lake: Lake
  enforcement: boolean
  close(): Promise<void>
}

type Req = Http2ServerRequest | IncomingMessage

/** What the handlers use of Http2ServerResponse / ServerResponse (HTTP/1.1 clients). */
interface Res {
  readonly headersSent: boolean
  setHeader(name: string, value: string): unknown
  writeHead(status: number, headers?: Record<string, string>): unknown
  write(chunk: string): boolean
  end(chunk?: string): unknown
  once(event: 'drain', listener: () => void): unknown
  on(event: 'close', listener: () => void): unknown
}

interface Context {
  req: Req
  res: Res
  method: string
  path: string
  search: URLSearchParams
  principal: Principal | null
}

const LOCAL_ORIGIN = /^https?:\/\/(([a-z0-9-]+\.)*localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i
const VERSION_PREFIX = /^\/v(?:X|\d[\d-]*)(?=\/|$)/

function isHttp2(req: Req): boolean {
  return req.httpVersionMajor === 2
}

function setCors(req: Req, res: Res): void {
  const origin = req.headers.origin
  if (typeof origin === 'string' && LOCAL_ORIGIN.test(origin)) {
    res.setHeader('access-control-allow-origin', origin)
    res.setHeader('access-control-allow-credentials', 'true')
    res.setHeader('vary', 'origin')
    res.setHeader('access-control-expose-headers', 'content-type, x-sanity-shard, traceparent')
  }
}

function preflight(req: Req, res: Res): void {
  const requested = req.headers['access-control-request-headers']
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
  res.setHeader('access-control-allow-headers', typeof requested === 'string' && requested ? requested : 'authorization, content-type')
  res.setHeader('access-control-max-age', '600')
  res.writeHead(204)
  res.end()
}

function sendJson(res: Res, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store'})
  res.end(text)
}

async function readBody(req: Req, limit: number): Promise<Buffer> {
  const length = Number(req.headers['content-length'])
  if (Number.isFinite(length) && length > limit) throw new LakeError(413, 'payloadTooLargeError', `Request body is larger than ${limit} bytes`)
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > limit) throw new LakeError(413, 'payloadTooLargeError', `Request body is larger than ${limit} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

async function readJson(req: Req, limit: number): Promise<Record<string, unknown>> {
  const body = await readBody(req, limit)
  if (body.length === 0) throw badRequest('Request body is empty; expected JSON', 'invalidJsonError')
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch (err) {
    throw badRequest(`Request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 'invalidJsonError')
  }
  if (!value || typeof value !== 'object') throw badRequest('Request body must be a JSON object', 'invalidJsonError')
  return checkDepth(value as Record<string, unknown>, 'Request body')
}

const truthy = (value: string | null): boolean => value === 'true' || value === '1'

/** `$name=<json>` search parameters. */
function queryParams(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value)
    } catch {
      throw badRequest(`Parameter "${key}" is not valid JSON (parameters are JSON-encoded: strings need quotes)`, 'queryParseError')
    }
    checkDepth(params[key.slice(1)], `Parameter "${key}"`)
  }
  return params
}

export async function startLake(options: StartLakeOptions): Promise<RunningLake> {
  const dataDir = path.resolve(options.dataDir)
  const host = options.host ?? '127.0.0.1'
  const projectId = options.projectId ?? 'localdev'
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024
  const log = (line: string) => {
    if (!options.quiet) process.stdout.write(`[lake] ${line}\n`)
  }
  const warn = (line: string) => {
    if (!options.quiet) process.stderr.write(`[lake] ${line}\n`)
  }

  const policy: Policy | null = options.policy === undefined ? DEFAULT_POLICY : options.policy

  const lake = new Lake(dataDir, {projectId, policy, queries: options.queries ?? {warn}})
  let directory: Directory
  let tls: ReturnType<typeof loadOrCreateCertificate>
  try {
    directory = new Directory(await loadOrCreateUsers(dataDir))
    tls = loadOrCreateCertificate(dataDir, [`${projectId}.localhost`])
    await seed(lake, options.seedFile, log, warn)
  } catch (err) {
    lake.close()
    throw err
  }

  const routes = createRoutes(lake, directory, {projectId, maxBody})

  const handler = (req: Req, response: Http2ServerResponse | ServerResponse): void => {
    const res = response as unknown as Res
    void (async () => {
      setCors(req, res)
      if (req.method === 'OPTIONS') {
        preflight(req, res)
        return
      }
      const url = new URL(req.url ?? '/', 'https://lake.invalid')
      if (options.studioDir && isStudioRequest(req.method, req.headers.host ?? (req.headers[':authority'] as string | undefined), url.pathname, projectId)) {
        serveStudio(options.studioDir, url.pathname, response as unknown as Parameters<typeof serveStudio>[2])
        return
      }
      const pathname = url.pathname.replace(VERSION_PREFIX, '') || '/'
      const ctx: Context = {
        req,
        res,
        method: req.method ?? 'GET',
        path: pathname,
        search: url.searchParams,
        principal: directory.authenticate(req.headers.authorization),
      }
      try {
        await routes(ctx)
      } catch (err) {
        const error = toLakeError(err)
        if (error.statusCode >= 500) warn(`${ctx.method} ${ctx.path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
        if (error.statusCode === 401 || error.statusCode === 403 || error.type === 'publishRulesViolation') {
          try {
            lake.db.audit({
              time: new Date().toISOString(),
              user: ctx.principal?.user.id ?? 'anonymous',
              method: ctx.method,
              endpoint: ctx.path,
              status: error.statusCode,
              reason: error.message,
            })
          } catch {
            // auditing must not take the request down
          }
        }
        if (!res.headersSent) sendJson(res, error.statusCode, error.toBody())
        else res.end()
      }
    })()
  }

  const server = createSecureServer({key: tls.key, cert: tls.cert, allowHTTP1: true}, handler)
  server.on('upgrade', (_req: IncomingMessage, socket: import('node:net').Socket) => {
    socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
  })
  // Track connections so close() does not wait for clients' keep-alive sessions.
  const sockets = new Set<import('node:tls').TLSSocket>()
  server.on('secureConnection', (socket: import('node:tls').TLSSocket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  server.on('sessionError', () => undefined)
  server.on('tlsClientError', () => undefined)

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 4443, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (err) {
    lake.close()
    throw err
  }
  const port = (server.address() as AddressInfo).port
  const urlHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' || host === 'localhost' ? 'localhost' : host
  const url = `https://${urlHost}:${port}`
  log(`listening on ${url} (project "${projectId}" at https://${projectId}.localhost:${port}, data in ${dataDir})`)
  log(`publish rules: ${policy ? 'enforced' : 'NOT enforced'}`)
  if (options.studioDir) log(`Studio from ${options.studioDir} at ${url}/`)

  let closed = false
  return {
    url,
    origin: url,
    port,
    host,
    certFile: tls.certFile,
    cert: tls.cert,
    users: directory.users,
    lake,
    enforcement: Boolean(policy),
    close: async () => {
      if (closed) return
      closed = true
      lake.hub.disconnectAll('server shutting down')
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      // Let the disconnect events flush, then drop connections clients keep alive.
      await new Promise((resolve) => setTimeout(resolve, 50))
      for (const socket of sockets) socket.destroy()
      await stopped
      await lake.queryPool?.close()
      lake.close()
    },
  }
}

/** Imports the seed into an empty `production` dataset, once (first start). */
async function seed(lake: Lake, seedFile: string | undefined, log: (line: string) => void, warn: (line: string) => void): Promise<void> {
  if (!seedFile) return
  const ds = lake.dataset(DEFAULT_DATASET)
  if (ds.docs.size > 0 || lake.db.meta('seeded')) return
  if (!existsSync(seedFile)) {
    warn(`seed file ${seedFile} not found; starting empty`)
    return
  }
  // The seed is trusted data: imported without the publish-rule check (its review dates may have
  // passed since it was written).
  const outcome = await lake.importNdjson(DEFAULT_DATASET, readFileSync(seedFile, 'utf8'), {mode: 'create', enforce: false})
  lake.db.setMeta('seeded', new Date().toISOString())
  log(`seeded ${outcome.created} documents from ${seedFile}`)
}

// --- routes ----------------------------------------------------------------------------------------

function createRoutes(lake: Lake, directory: Directory, config: {projectId: string; maxBody: number}): (ctx: Context) => Promise<void> {
  const requireUser = (ctx: Context): Principal => {
    if (!ctx.principal) {
      const header = ctx.req.headers.authorization
      const expired = directory.expired(header)
      if (expired) throw unauthorized(`Unauthorized - the token of ${expired.userId} expired at ${expired.expiresAt}`)
      throw header ? unauthorized('Unauthorized - Session not found (unknown token)') : unauthorized('Unauthorized - no token: send Authorization: Bearer <token>')
    }
    return ctx.principal
  }
  const requireDataset = (ctx: Context, name: string) => {
    const principal = requireUser(ctx)
    const ds = lake.dataset(name)
    if (principal.datasets && !principal.datasets.includes(name)) {
      throw forbidden(`Permission denied: this token may not access dataset "${name}"`)
    }
    if (grantsForRole(principal.user.role).length === 0) throw forbidden(`Permission denied: role "${principal.user.role}" has no access to dataset "${name}"`)
    return {principal, ds}
  }
  const requireAdmin = (ctx: Context): Principal => {
    const principal = requireUser(ctx)
    if (principal.user.role !== 'administrator') throw forbidden('Permission denied: administrators only')
    return principal
  }

  const member = (user: LakeUser, self: string) => ({
    id: user.id,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    isCurrentUser: user.id === self,
    isRobot: false,
    role: user.role,
    roles: [{name: user.role, title: ROLE_TITLES[user.role] ?? user.role}],
  })
  const project = (id: string, self: string) => ({
    id,
    displayName: 'Local Content Lake',
    studioHost: null,
    isBlocked: false,
    isDisabled: false,
    isDisabledByUser: false,
    activityFeedEnabled: false,
    metadata: {color: '#2276fc', externalStudioHost: null},
    maxRetentionDays: 3650,
    organizationId: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    members: directory.users.map((u) => member(u, self)),
    features: [],
    pendingInvites: 0,
  })
  const datasetInfo = (d: {name: string; aclMode: string; createdAt: string}) => ({
    name: d.name,
    aclMode: d.aclMode,
    createdAt: d.createdAt,
    createdByUserId: null,
    addonFor: null,
    datasetProfile: 'content',
    features: [],
    tags: [],
  })

  type Handler = (ctx: Context, m: RegExpExecArray) => Promise<void> | void
  const table: Array<[string, RegExp, Handler]> = []
  const on = (method: string, pattern: RegExp, handler: Handler) => table.push([method, pattern, handler])

  // Unauthenticated --------------------------------------------------------------------------------
  on('GET', /^\/ping$/, ({res}) => {
    res.writeHead(200, {'content-type': 'text/plain; charset=utf-8'})
    res.end('PONG')
  })
  on('GET', /^\/auth\/providers$/, ({res}) => sendJson(res, 200, {thirdPartyLogin: false, sso: {}, providers: []}))
  on('POST', /^\/auth\/logout$/, ({res}) => sendJson(res, 200, {}))
  on('GET', /^\/intake\/telemetry-status$/, ({res}) => sendJson(res, 200, {status: 'denied'}))
  on('POST', /^\/intake\/batch$/, ({res}) => sendJson(res, 200, {}))

  // Identity ---------------------------------------------------------------------------------------
  on('GET', /^\/auth\/id$/, (ctx) => sendJson(ctx.res, 200, {id: requireUser(ctx).user.id}))
  on('GET', /^\/users\/me$/, (ctx) => sendJson(ctx.res, 200, publicUser(requireUser(ctx).user, true)))
  on('GET', /^\/users\/me\/keyvalue\/([^/]+)$/, (ctx, m) => {
    const {user} = requireUser(ctx)
    const keys = decodeURIComponent(m[1]).split(',').filter(Boolean)
    sendJson(ctx.res, 200, keys.map((key) => ({key, value: lake.db.keyValue(user.id, key)})))
  })
  on('PUT', /^\/users\/me\/keyvalue$/, async (ctx) => {
    const {user} = requireUser(ctx)
    const body = await readBody(ctx.req, config.maxBody)
    let pairs: unknown
    try {
      pairs = JSON.parse(body.toString('utf8'))
    } catch {
      throw badRequest('Body must be a JSON list of {key, value}', 'invalidJsonError')
    }
    checkDepth(pairs, 'Request body')
    const list = Array.isArray(pairs) ? pairs : [pairs]
    const out: Array<{key: string; value: unknown}> = []
    for (const pair of list) {
      const key = (pair as {key?: unknown})?.key
      if (typeof key !== 'string' || !key) throw badRequest('Each pair needs a string "key"')
      const value = (pair as {value?: unknown}).value ?? null
      lake.db.setKeyValue(user.id, key, value)
      out.push({key, value})
    }
    sendJson(ctx.res, 200, out)
  })
  on('GET', /^\/users\/([^/]+)$/, (ctx, m) => {
    const {user: self} = requireUser(ctx)
    const ids = decodeURIComponent(m[1]).split(',').filter(Boolean)
    const users = ids
      .map((id) => (id === 'me' ? self : directory.user(id)))
      .filter((u): u is LakeUser => Boolean(u))
      .map((u) => publicUser(u, u.id === self.id))
    if (ids.length === 1) {
      if (users.length === 0) throw notFound(`User "${ids[0]}" not found`)
      sendJson(ctx.res, 200, users[0])
    } else sendJson(ctx.res, 200, users)
  })

  // Projects and datasets ----------------------------------------------------------------------
  on('GET', /^\/projects$/, (ctx) => sendJson(ctx.res, 200, [project(config.projectId, requireUser(ctx).user.id)]))
  on('GET', /^\/projects\/([^/]+)$/, (ctx, m) => sendJson(ctx.res, 200, project(decodeURIComponent(m[1]), requireUser(ctx).user.id)))
  // `/projects/:id/datasets...` (Studio) and `/datasets...` on the project host (@sanity/client's datasets API, CLI).
  const listDatasets = (ctx: Context) => {
    const principal = requireUser(ctx)
    const visible = lake.datasetNames().filter((d) => !principal.datasets || principal.datasets.includes(d.name))
    sendJson(ctx.res, 200, visible.map(datasetInfo))
  }
  on('GET', /^\/projects\/[^/]+\/datasets$/, listDatasets)
  on('GET', /^\/datasets$/, listDatasets)
  on('GET', /^\/aliases$/, (ctx) => {
    requireUser(ctx)
    sendJson(ctx.res, 200, [])
  })
  on('PUT', /^(?:\/projects\/[^/]+)?\/datasets\/([^/]+)$/, async (ctx, m) => {
    requireAdmin(ctx)
    const name = decodeURIComponent(m[1])
    let aclMode = 'public'
    const body = await readBody(ctx.req, config.maxBody)
    if (body.length > 0) {
      try {
        const parsed = JSON.parse(body.toString('utf8')) as {aclMode?: unknown}
        if (typeof parsed.aclMode === 'string') aclMode = parsed.aclMode
      } catch {
        throw badRequest('Body must be JSON', 'invalidJsonError')
      }
    }
    lake.createDataset(name, aclMode)
    sendJson(ctx.res, 200, {datasetName: name, aclMode})
  })
  on('DELETE', /^(?:\/projects\/[^/]+)?\/datasets\/([^/]+)$/, (ctx, m) => {
    requireAdmin(ctx)
    lake.deleteDataset(decodeURIComponent(m[1]))
    sendJson(ctx.res, 200, {deleted: true})
  })
  on('GET', /^\/projects\/[^/]+\/datasets\/([^/]+)\/(acl|grants)$/, (ctx, m) => {
    const {principal} = requireDataset(ctx, decodeURIComponent(m[1]))
    sendJson(ctx.res, 200, grantsForRole(principal.user.role))
  })
  on('GET', /^\/projects\/[^/]+\/grants$/, (ctx) => {
    requireUser(ctx)
    sendJson(ctx.res, 200, {
      'sanity.project': [{grants: [{name: 'read', params: {}}], config: {}}],
      'sanity.project.datasets': [{grants: [{name: 'read', params: {}}], config: {}}],
      'sanity.project.members': [{grants: [{name: 'read', params: {}}], config: {}}],
    })
  })
  on('GET', /^\/projects\/[^/]+\/features$/, (ctx) => {
    requireUser(ctx)
    sendJson(ctx.res, 200, [])
  })
  // Empty lists where the Studio copes with "none" better than with a 404.
  on('GET', /^\/projects\/[^/]+\/user-applications$/, (ctx) => {
    requireUser(ctx)
    sendJson(ctx.res, 200, [])
  })
  on('GET', /^\/access\/requests\/me$/, (ctx) => {
    requireUser(ctx)
    sendJson(ctx.res, 200, [])
  })
  on('GET', /^\/features$/, (ctx) => {
    requireUser(ctx)
    sendJson(ctx.res, 200, [])
  })
  on('GET', /^\/lake\/audit$/, (ctx) => {
    requireAdmin(ctx)
    const limit = Math.max(1, Math.min(1000, Math.floor(Number(ctx.search.get('limit') ?? 100)) || 100))
    sendJson(ctx.res, 200, lake.db.auditLog(limit))
  })

  // Data ---------------------------------------------------------------------------------------------
  const handleQuery = async (ctx: Context, m: RegExpExecArray) => {
    const {principal} = requireDataset(ctx, decodeURIComponent(m[1]))
    let query: unknown
    let params: Record<string, unknown>
    let perspective = ctx.search.get('perspective')
    if (ctx.method === 'POST') {
      const body = await readJson(ctx.req, config.maxBody)
      query = body.query
      params = body.params && typeof body.params === 'object' && !Array.isArray(body.params) ? (body.params as Record<string, unknown>) : {}
      const opts = body.options as {perspective?: unknown} | undefined
      if (typeof body.perspective === 'string') perspective = body.perspective
      else if (typeof opts?.perspective === 'string') perspective = opts.perspective
      if (Array.isArray(body.perspective)) perspective = (body.perspective as unknown[]).join(',')
    } else {
      query = ctx.search.get('query')
      params = queryParams(ctx.search)
    }
    if (typeof query !== 'string' || query.trim() === '') throw badRequest('Missing "query"', 'queryParseError')
    const outcome = await lake.query(decodeURIComponent(m[1]), query, {params, perspective: parsePerspective(perspective), identity: principal.user.id})
    const body: Record<string, unknown> = {result: outcome.result, ms: outcome.ms, syncTags: []}
    if (ctx.search.get('returnQuery') !== 'false') body.query = query
    sendJson(ctx.res, 200, body)
  }
  on('GET', /^\/data\/query\/([^/]+)$/, handleQuery)
  on('POST', /^\/data\/query\/([^/]+)$/, handleQuery)

  on('POST', /^\/data\/mutate\/([^/]+)$/, async (ctx, m) => {
    const dataset = decodeURIComponent(m[1])
    const {principal} = requireDataset(ctx, dataset)
    const body = await readJson(ctx.req, config.maxBody)
    const returnDocuments = truthy(ctx.search.get('returnDocuments'))
    const returnIds = truthy(ctx.search.get('returnIds'))
    const dryRun = truthy(ctx.search.get('dryRun')) || body.dryRun === true
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : (ctx.search.get('transactionId') ?? undefined)
    const queryIds = async (query: string, params: Record<string, unknown>): Promise<string[]> => {
      const {result} = await lake.query(dataset, query, {params, identity: principal.user.id})
      const list = Array.isArray(result) ? result : result === null ? [] : [result]
      return list.map((item) => (typeof item === 'string' ? item : (item as {_id?: unknown})?._id)).filter((id): id is string => typeof id === 'string')
    }
    const outcome = await lake.write(dataset, principal.user, {transactionId, dryRun, kind: 'mutate', mutations: body.mutations}, (tx) =>
      applyMutations(tx, body.mutations, queryIds).then((results) => ({results, tx})),
    )
    const {results, tx} = outcome.result
    const out: Record<string, unknown> = {
      transactionId: outcome.transactionId,
      results: results.map((r: MutationResult) => {
        if (!returnDocuments) return {id: r.id, operation: r.operation}
        const doc = r.operation === 'delete' ? (outcome.changes.find((c) => c.id === r.id)?.before ?? null) : tx.get(r.id)
        return {id: r.id, operation: r.operation, document: doc}
      }),
    }
    if (returnIds) out.documentIds = results.map((r: MutationResult) => r.id)
    sendJson(ctx.res, 200, out)
  })

  on('POST', /^\/data\/actions\/([^/]+)$/, async (ctx, m) => {
    const dataset = decodeURIComponent(m[1])
    const {principal} = requireDataset(ctx, dataset)
    const body = await readJson(ctx.req, config.maxBody)
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : undefined
    const dryRun = body.dryRun === true || truthy(ctx.search.get('dryRun'))
    let kinds: string[] = []
    const outcome = await lake.write(dataset, principal.user, {transactionId, dryRun, kind: 'actions', mutations: body.actions}, (tx) => {
      kinds = applyActions(tx, body.actions)
    })
    sendJson(ctx.res, 200, {transactionId: outcome.transactionId, ...(dryRun ? {dryRun: true, actions: kinds} : {})})
  })

  on('GET', /^\/data\/doc\/([^/]+)\/(.+)$/, (ctx, m) => {
    const {ds} = requireDataset(ctx, decodeURIComponent(m[1]))
    const ids = decodeURIComponent(m[2]).split(',').filter(Boolean)
    const documents: Doc[] = []
    const omitted: Array<{id: string; reason: string}> = []
    for (const id of ids) {
      const doc = ds.docs.get(id)
      if (doc) documents.push(doc)
      else omitted.push({id, reason: 'existence'})
    }
    sendJson(ctx.res, 200, {documents, omitted})
  })

  on('GET', /^\/data\/listen\/([^/]+)$/, (ctx, m) => {
    const dataset = decodeURIComponent(m[1])
    const {principal} = requireDataset(ctx, dataset)
    const query = ctx.search.get('query')
    if (!query) throw badRequest('Missing "query"', 'queryParseError')
    const params = queryParams(ctx.search)
    const tree = parseQuery(query, params)
    const flag = (name: string, fallback: boolean) => (ctx.search.has(name) ? truthy(ctx.search.get(name)) : fallback)
    const headers: Record<string, string> = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    }
    if (!isHttp2(ctx.req)) headers.connection = 'keep-alive'
    ctx.res.writeHead(200, headers)
    const res = ctx.res
    const listener = lake.hub.add(
      dataset,
      {
        write: (chunk: string) => res.write(chunk),
        end: () => res.end(),
        on: (_event: 'close', fn: () => void) => {
          ctx.req.on('close', fn)
          res.on('close', fn)
        },
      },
      {
        tree,
        params,
        identity: principal.user.id,
        // @sanity/client sends includeResult=true by default and omits false flags entirely, so absent means false.
        includeResult: flag('includeResult', false),
        includePreviousRevision: flag('includePreviousRevision', false),
        includeMutations: flag('includeMutations', true),
        includeAllVersions: flag('includeAllVersions', false),
        effectFormat: ctx.search.get('effectFormat') === 'mendoza' ? 'mendoza' : null,
        visibility: ctx.search.get('visibility') ?? 'query',
      },
    )
    listener.welcome()
  })

  on('GET', /^\/data\/history\/([^/]+)\/transactions\/(.+)$/, (ctx, m) => {
    const dataset = decodeURIComponent(m[1])
    requireDataset(ctx, dataset)
    const ids = decodeURIComponent(m[2]).split(',').filter(Boolean)
    const entries = transactionLog(lake.db, dataset, ids, readTransactionQuery(ctx.search))
    ctx.res.writeHead(200, {'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store'})
    ctx.res.end(entries.map((e) => `${JSON.stringify(e)}\n`).join(''))
  })
  on('GET', /^\/data\/history\/([^/]+)\/documents\/(.+)$/, (ctx, m) => {
    const dataset = decodeURIComponent(m[1])
    const {ds} = requireDataset(ctx, dataset)
    const ids = decodeURIComponent(m[2]).split(',').filter(Boolean)
    const documents = documentsAt(
      lake.db,
      dataset,
      ids,
      {revision: ctx.search.get('revision'), time: ctx.search.get('time'), lastRevision: truthy(ctx.search.get('lastRevision'))},
      (id) => ds.docs.get(id),
    )
    sendJson(ctx.res, 200, {documents})
  })

  on('GET', /^\/data\/export\/([^/]+)$/, async (ctx, m) => {
    const dataset = decodeURIComponent(m[1])
    requireDataset(ctx, dataset)
    const types = (ctx.search.get('types') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
    const docs = lake.exportDocuments(dataset, types)
    ctx.res.writeHead(200, {'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store'})
    const res = ctx.res
    let chunk = ''
    for (const doc of docs) {
      chunk += `${JSON.stringify(doc)}\n`
      if (chunk.length > 64 * 1024) {
        const ok = res.write(chunk)
        chunk = ''
        if (!ok) await new Promise<void>((resolve) => res.once('drain', () => resolve()))
      }
    }
    res.end(chunk)
  })

  on('POST', /^\/data\/import\/([^/]+)$/, async (ctx, m) => {
    const dataset = decodeURIComponent(m[1])
    const {principal} = requireDataset(ctx, dataset)
    const body = await readBody(ctx.req, config.maxBody)
    const mode = (ctx.search.get('mode') ?? 'create') as 'create' | 'replace' | 'missing'
    const outcome = await lake.importNdjson(dataset, body.toString('utf8'), {mode, user: principal.user})
    sendJson(ctx.res, 200, outcome)
  })

  return async (ctx: Context) => {
    for (const [method, pattern, handler] of table) {
      if (method !== ctx.method && !(method === 'GET' && ctx.method === 'HEAD')) continue
      const match = pattern.exec(ctx.path)
      if (match) {
        await handler(ctx, match)
        return
      }
    }
    const known = table.some(([, pattern]) => pattern.test(ctx.path))
    if (known) throw new LakeError(405, 'methodNotAllowedError', `${ctx.method} is not allowed on ${ctx.path}`)
    throw notFound(`Not found: ${ctx.path}`)
  }
}

