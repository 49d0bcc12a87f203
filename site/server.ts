/**
 * The reference site: a small node:http server rendering the published, compliant articles of a
 * dataset as plain HTML. Routes: `/` (listing, `?page=N`), `/articles/:slug`, `/experts/:slug`,
 * `/procedures/:slug`, `/sitemap.xml`, `/robots.txt`. Every read goes through `siteQueries()`, so
 * an article that is unpublished or breaks the publish rules is a 404 like any missing page.
 */
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import {DEFAULT_PAGE_SIZE, siteQueries, type QueryClient} from '../queries/fetch.ts'
import {createLakeClient} from '../queries/lakeClient.ts'
import {renderArticle, renderExpert, renderHome, renderNotFound, renderProcedure, renderSitemap, renderUnavailable, type SiteContext} from './pages.ts'

export interface StartSiteOptions {
  /** The local Content Lake, e.g. https://localhost:4443 (ignored when `client` is given). */
  lakeUrl?: string
  token?: string
  dataset?: string
  /** Any Sanity-style client instead of the lake (e.g. @sanity/client for a hosted project). */
  client?: QueryClient
  /** Port to listen on; 0 picks a free one (default 3000). */
  port?: number
  host?: string
  /** The public origin for canonical links, sitemap and JSON-LD (default: the address listened on). */
  siteUrl?: string
  siteName?: string
  /** The claim options of the Studio editing this dataset (default: the project's, medical-claims.options.ts); bad ones stop the site at start. */
  options?: Partial<MedicalClaimsOptions>
  /** The clock (tests pin it). */
  now?: () => Date | string
  /** Called with each request's outcome (method, path, status, ms). */
  onRequest?: (entry: {method: string; path: string; status: number; ms: number}) => void
  /** Where errors are reported (default: stderr). */
  log?: (line: string) => void
}

export interface RunningSite {
  url: string
  port: number
  close(): Promise<void>
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}

/** The highest listing page served (past it, a 404): keeps the slice the query asks for a plain integer. */
const MAX_PAGE = 100_000

/**
 * The request's path and query, read from its target as a path (`//x`, `/[` and the like are
 * paths too); null for a target that is not one (an absolute URL, `*`), which is a 400.
 */
function requestUrl(target: string | undefined): URL | null {
  if (!target?.startsWith('/')) return null
  return URL.parse(`http://site.invalid${target}`)
}

/** Whether the lake (or a hosted API) said it is busy: the reader is told to retry, not that the site failed. */
function isBusy(error: unknown): boolean {
  const e = error as {status?: unknown; statusCode?: unknown} | null
  return e?.status === 429 || e?.statusCode === 429 || e?.status === 503 || e?.statusCode === 503
}

function decodeSlug(segment: string): string | null {
  try {
    const slug = decodeURIComponent(segment)
    return slug.length > 0 && slug.length <= 200 && !slug.includes('/') ? slug : null
  } catch {
    return null
  }
}

export async function startSite(options: StartSiteOptions): Promise<RunningSite> {
  let client = options.client
  if (!client) {
    if (!options.lakeUrl) throw new Error('startSite needs `lakeUrl` (the local Content Lake) or a `client`.')
    client = createLakeClient({url: options.lakeUrl, token: options.token, dataset: options.dataset})
  }
  const clock = options.now ?? (() => new Date())
  const queries = siteQueries(client, {options: options.options, now: clock})
  const siteName = options.siteName ?? 'Vouched Health'
  let siteUrl = options.siteUrl?.replace(/\/+$/, '') ?? ''

  const server = http.createServer((req, res) => {
    const started = performance.now()
    const method = req.method ?? 'GET'
    const url = requestUrl(req.url)
    const ctx: SiteContext = {siteUrl, siteName, now: clock()}
    const send = (status: number, body: string, type = 'text/html; charset=utf-8', extra: Record<string, string> = {}) => {
      res.writeHead(status, {'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS, ...extra})
      res.end(method === 'HEAD' ? undefined : body)
      options.onRequest?.({method, path: url?.pathname ?? String(req.url ?? ''), status, ms: Math.round(performance.now() - started)})
    }
    if (!url) {
      send(400, 'Bad request: the request target must be a path, such as /articles/<slug>.\n', 'text/plain; charset=utf-8')
      return
    }
    if (method !== 'GET' && method !== 'HEAD') {
      send(405, 'Method not allowed\n', 'text/plain; charset=utf-8', {allow: 'GET, HEAD'})
      return
    }
    const controller = new AbortController()
    res.on('close', () => controller.abort())
    void (async () => {
      const path = url.pathname
      const notFound = () => send(404, renderNotFound(ctx, path))
      try {
        if (path === '/') {
          const requested = Number(url.searchParams.get('page') ?? '1')
          if (Number.isInteger(requested) && requested > MAX_PAGE) return notFound()
          const page = Number.isInteger(requested) && requested > 0 ? requested : 1
          const listing = await queries.listing(page, DEFAULT_PAGE_SIZE, controller.signal)
          if (page > 1 && listing.articles.length === 0) return notFound()
          return send(200, renderHome(ctx, listing, page, DEFAULT_PAGE_SIZE))
        }
        if (path === '/sitemap.xml') return send(200, renderSitemap(ctx, await queries.sitemap(controller.signal)), 'application/xml; charset=utf-8')
        if (path === '/robots.txt') return send(200, `User-agent: *\nAllow: /\nSitemap: ${siteUrl}/sitemap.xml\n`, 'text/plain; charset=utf-8')
        const match = /^\/(articles|experts|procedures)\/([^/]+)\/?$/.exec(path)
        const slug = match ? decodeSlug(match[2]) : null
        if (!match || !slug) return notFound()
        if (match[1] === 'articles') {
          const article = await queries.article(slug, controller.signal)
          return article ? send(200, renderArticle(ctx, article)) : notFound()
        }
        if (match[1] === 'experts') {
          const expert = await queries.expert(slug, controller.signal)
          return expert ? send(200, renderExpert(ctx, expert)) : notFound()
        }
        const procedure = await queries.procedure(slug, controller.signal)
        return procedure ? send(200, renderProcedure(ctx, procedure)) : notFound()
      } catch (error) {
        if (controller.signal.aborted) return
        const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
        log(`[site] ${method} ${path}: ${error instanceof Error ? error.message : String(error)}`)
        if (res.headersSent) return
        if (isBusy(error)) send(503, renderUnavailable(ctx, path), undefined, {'retry-after': '2'})
        else send(502, renderUnavailable(ctx, path))
      }
    })()
  })

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 3000, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://${host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`
  if (!siteUrl) siteUrl = url
  return {
    url,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
