/**
 * The local Content Lake's HTTP server: the parts of Sanity's HTTP API that Studio 6,
 * @sanity/client and the Sanity CLI use, over HTTP/2 + TLS (HTTP/1.1 accepted too) with a
 * self-signed certificate. Any `/v<apiVersion>` prefix and any project id (host
 * `<projectId>.localhost` or path) are accepted.
 */
import {createServer as createHttpServer, type Server as HttpServer} from 'node:http'
import {createSecureServer} from 'node:http2'
import type {AddressInfo} from 'node:net'
import type {TLSSocket} from 'node:tls'
import path from 'node:path'
import {existsSync, readFileSync} from 'node:fs'
import {loadOrCreateCertificate} from './cert.ts'
import {DEFAULT_POLICY, type Policy} from './enforce.ts'
import {createRequestHandler} from './http/handler.ts'
import {guardServer, trackRequest} from './http/guards.ts'
import type {Res} from './http/types.ts'
import {Access, createRouter} from './routes/index.ts'
import {DEFAULT_DATASET, Lake, type LakeOptions} from './store.ts'
import {isStudioRequest, serveStudio} from './studio.ts'
import {Directory, type LakeUser, knownRoles, loadOrCreateUsers, randomToken} from './users.ts'
import {FunctionsEmulator, blueprintRobots, loadBlueprint} from './functions.ts'

const ROOT_DIR = path.resolve(import.meta.dirname, '..')

/** Concurrent streams one HTTP/2 session may open (a Studio uses a few dozen). */
const MAX_CONCURRENT_STREAMS = 256
/** A connection without a byte either way for this long is closed (listeners send a keep-alive every 15 s). */
const IDLE_TIMEOUT_MS = 120_000

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
   * Use these rules instead of plugins/medical-claims/rules/policy.ts. `null` turns enforcement off: for
   * tests only (lake/main.ts has no flag for it).
   */
  policy?: Policy | null
  /** A built Studio (`sanity build` output) to serve at https://localhost:<port>/. */
  studioDir?: string
  /** Idle connections are closed after this many ms (default 120 s). */
  idleTimeoutMs?: number
  /** The query workers' limits (time limit, queries per user, workers), or 'in-process' (tests only). */
  queries?: LakeOptions['queries']
  /** The claim options of the rules and the roles (default: the project's, medical-claims.options.ts). */
  claimOptions?: LakeOptions['claimOptions']
  /** Behave like the hosted Content Lake and run the Blueprint's Functions (LakeOptions.emulateHosted, lake/functions.ts). */
  emulateHosted?: boolean
  /** The Blueprint whose Functions the hosted-like mode runs (default: the project's sanity.blueprint.ts). */
  blueprint?: string
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
  /** The Blueprint's Functions, in the hosted-like mode. */
  functions: FunctionsEmulator | null
  close(): Promise<void>
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
  /** Internal errors (a 5xx, the request guard): written even when quiet. */
  const fail = (line: string) => {
    process.stderr.write(`[lake] ${line}\n`)
  }

  const policy: Policy | null = options.policy === undefined ? DEFAULT_POLICY : options.policy

  const emulateHosted = options.emulateHosted === true
  const blueprintFile = options.blueprint ?? path.join(ROOT_DIR, 'sanity.blueprint.ts')
  const lake = new Lake(dataDir, {projectId, policy: emulateHosted ? null : policy, queries: options.queries ?? {warn}, claimOptions: options.claimOptions, emulateHosted})
  let directory: Directory
  let robots: LakeUser[] = []
  let tls: ReturnType<typeof loadOrCreateCertificate>
  try {
    const usersFile = await loadOrCreateUsers(dataDir, knownRoles(lake.claimOptions))
    // The Blueprint's robots are members too in the hosted-like mode (their tokens live as long as the lake runs).
    robots = emulateHosted ? blueprintRobots(await loadBlueprint(blueprintFile)).map((r) => ({id: `robot-${r.name}`, name: `Robot ${r.name}`, email: `${r.name}@robots.local`, role: r.role, token: randomToken(40)})) : []
    directory = new Directory({...usersFile, users: [...usersFile.users, ...robots]})
    tls = loadOrCreateCertificate(dataDir, [`${projectId}.localhost`])
    await seed(lake, options.seedFile, log, warn)
    // Published articles that time made fail since the last run are withdrawn first (lake/corrections.ts).
    const withdrawn = await lake.sweep()
    if (withdrawn.length > 0) log(`withdrew ${withdrawn.length} published article(s) that no longer pass: ${withdrawn.join(', ')}`)
    lake.startSweeping((err) => warn(`the sweep for expired credentials and overdue reviews failed: ${err instanceof Error ? err.message : String(err)}`), false)
    lake.startPublishingScheduled((err) => warn(`publishing scheduled releases failed: ${err instanceof Error ? err.message : String(err)}`))
  } catch (err) {
    lake.close()
    throw err
  }

  const router = createRouter({lake, directory, access: new Access(lake, directory), projectId, maxBody})
  const handler = createRequestHandler({
    authenticate: (authorization) => directory.authenticate(authorization),
    dispatch: (ctx) => router.dispatch(ctx),
    serveOther: (req, res, pathname) => {
      if (!options.studioDir || !isStudioRequest(req.method, pathname)) return false
      serveStudio(options.studioDir, pathname, res as unknown as Parameters<typeof serveStudio>[2])
      return true
    },
    onError: (ctx, error) => {
      if (error.statusCode !== 401 && error.statusCode !== 403 && error.type !== 'publishRulesViolation') return
      lake.db.audit({
        time: new Date().toISOString(),
        user: ctx.principal?.user.id ?? 'anonymous',
        method: ctx.method,
        endpoint: ctx.path,
        status: error.statusCode,
        reason: error.explanation(),
      })
    },
    logError: fail,
  })

  const server = createSecureServer({key: tls.key, cert: tls.cert, allowHTTP1: true, settings: {maxConcurrentStreams: MAX_CONCURRENT_STREAMS}}, (req, response) => {
    const res = response as unknown as Res
    trackRequest(req, res)
    handler(req, res)
  })
  guardServer(server, fail, options.idleTimeoutMs ?? IDLE_TIMEOUT_MS)
  // Track connections so close() does not wait for clients' keep-alive sessions.
  const sockets = new Set<TLSSocket>()
  server.on('secureConnection', (socket: TLSSocket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

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
  // The Functions reach the lake over plain HTTP on loopback (their client has no way to trust the lake's own certificate).
  let functions: FunctionsEmulator | null = null
  let functionsServer: HttpServer | null = null
  if (emulateHosted) {
    functionsServer = createHttpServer((req, response) => handler(req as never, response as unknown as Res))
    await new Promise<void>((resolve) => functionsServer!.listen(0, '127.0.0.1', () => resolve()))
    const functionsPort = (functionsServer.address() as AddressInfo).port
    const admin = directory.users.find((u) => u.role === 'administrator')
    functions = await FunctionsEmulator.load(blueprintFile, {
      lake,
      apiHost: `http://127.0.0.1:${functionsPort}`,
      projectId,
      robotToken: (name) => robots.find((r) => r.id === `robot-${name}`)?.token ?? null,
      defaultToken: admin?.token ?? '',
      onError: warn,
    })
    functions.start()
    const names = functions.names()
    log(`hosted-like mode: no built-in rules; Functions from ${path.relative(process.cwd(), blueprintFile) || blueprintFile}: ${[...names.document, ...names.scheduled].join(', ') || 'none'}`)
  }
  const urlHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' || host === 'localhost' ? 'localhost' : host
  const url = `https://${urlHost}:${port}`
  log(`listening on ${url} (project "${projectId}" at https://${projectId}.localhost:${port}, data in ${dataDir})`)
  log(`publish rules: ${emulateHosted ? 'none built in (hosted-like mode: the Blueprint\'s Functions keep them)' : policy ? 'enforced' : 'NOT enforced'}`)
  if (options.studioDir) log(`Studio from ${options.studioDir} at ${url.replace('://', `://${projectId}.`)}/ (API on the same host)`)

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
    enforcement: Boolean(policy) && !emulateHosted,
    functions,
    close: async () => {
      if (closed) return
      closed = true
      functions?.stop()
      if (functionsServer) {
        functionsServer.closeAllConnections()
        functionsServer.close()
      }
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
