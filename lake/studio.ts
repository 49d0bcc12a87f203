/**
 * Serves a built Studio (the output of `sanity build`) from the lake's own origin. Opened at
 * https://<projectId>.localhost:<port>/, the Studio and its API share one host (the API's paths
 * all start with /v<version>/), so a browser asked to trust the lake's self-signed certificate is
 * asked once, on the page the user opened. At https://localhost:<port>/ it is served too (the API
 * is then another host, https://<projectId>.localhost:<port>, whose certificate the browser asks
 * about separately).
 */
import {createReadStream, existsSync, statSync} from 'node:fs'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

export interface StaticResponse {
  writeHead(status: number, headers?: Record<string, string>): unknown
  end(chunk?: string): unknown
}

/** Whether a request is for the Studio's files rather than the API. */
export function isStudioRequest(method: string | undefined, rawPath: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false
  return !/^\/v(?:X|\d[\d-]*)(?:\/|$)/.test(rawPath)
}

/** Sends a file of the built Studio; unknown paths get index.html (the Studio routes on the client). */
export function serveStudio(studioDir: string, rawPath: string, res: StaticResponse & NodeJS.WritableStream): void {
  const root = path.resolve(studioDir)
  let relative: string
  try {
    relative = decodeURIComponent(rawPath.split('?')[0])
  } catch {
    relative = '/'
  }
  let file = path.resolve(root, `.${path.posix.normalize(relative)}`)
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) file = path.join(root, 'index.html')
  if (!existsSync(file)) {
    res.writeHead(404, {'content-type': 'text/plain; charset=utf-8'})
    res.end(`No built Studio in ${root}: run npm run build.`)
    return
  }
  const immutable = file.includes(`${path.sep}static${path.sep}`) || file.includes(`${path.sep}vendor${path.sep}`)
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  createReadStream(file).pipe(res)
}
