/**
 * Lets the real Sanity CLI talk to the local lake.
 *
 * @sanity/cli 8 has no setting for another API host: its clients use https://<projectId>.api.sanity.io
 * (or api.sanity.work with SANITY_INTERNAL_ENV=staging), and `sanity.cli.ts` has no apiHost. They do
 * honour HTTPS_PROXY (get-it's undici EnvHttpProxyAgent for @sanity/client, get-it 8's env proxy
 * for @sanity/export). This is an HTTP CONNECT proxy that tunnels `*.api.sanity.io:443` (and
 * localhost) to the lake's TLS port and refuses everything else, so nothing leaves the machine.
 *
 * The lake's certificate names localhost, so the CLI must run with NODE_TLS_REJECT_UNAUTHORIZED=0
 * (only that child process). `cliEnv()` builds the whole environment, including `cliNodeOptions()`:
 * the CLI process loads lake/cli-preload.ts, so a refusal prints as the lake's message, once, with
 * no "Error: Error:" and no stack.
 */
import {createServer, type Server} from 'node:http'
import {connect, type Socket} from 'node:net'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {pathToFileURL} from 'node:url'

/** The module the Sanity CLI's process loads first (see lake/cli-preload.ts). */
export const CLI_PRELOAD = path.join(import.meta.dirname, 'cli-preload.ts')

/** NODE_OPTIONS for a Sanity CLI process: `base` (the caller's own options) plus the preload. */
export function cliNodeOptions(base: string | undefined = process.env.NODE_OPTIONS): string {
  return [base?.trim(), `--import=${pathToFileURL(CLI_PRELOAD).href}`].filter(Boolean).join(' ')
}

const TUNNELLED_HOST = /^([a-z0-9-]+\.)*(api\.sanity\.io|api\.sanity\.work|localhost)$/i

export interface CliProxy {
  url: string
  port: number
  close(): Promise<void>
}

/** Starts the CONNECT proxy on 127.0.0.1 (port 0: any free port). */
export async function startCliProxy(options: {lakePort: number; lakeHost?: string; port?: number}): Promise<CliProxy> {
  const lakeHost = options.lakeHost ?? '127.0.0.1'
  const sockets = new Set<Socket>()
  const server: Server = createServer((req, res) => {
    res.writeHead(403, {'content-type': 'text/plain'})
    res.end(`The lake's CLI proxy only tunnels HTTPS to *.api.sanity.io (asked for ${req.url ?? '?'})\n`)
  })
  server.on('connect', (req, clientSocket: Socket, head: Buffer) => {
    const [host, portText] = (req.url ?? '').split(':')
    if (!TUNNELLED_HOST.test(host ?? '') || (portText && portText !== '443')) {
      clientSocket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const upstream = connect(options.lakePort, lakeHost, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(clientSocket)
      clientSocket.pipe(upstream)
    })
    sockets.add(clientSocket)
    sockets.add(upstream)
    const cleanup = () => {
      clientSocket.destroy()
      upstream.destroy()
      sockets.delete(clientSocket)
      sockets.delete(upstream)
    }
    upstream.on('error', cleanup)
    clientSocket.on('error', cleanup)
    upstream.on('close', cleanup)
    clientSocket.on('close', cleanup)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** Environment for a Sanity CLI child process that should reach the lake through the proxy. */
export function cliEnv(proxyUrl: string, token: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    HTTPS_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    HTTP_PROXY: proxyUrl,
    http_proxy: proxyUrl,
    NO_PROXY: '',
    no_proxy: '',
    // Node's own fetch (what `documents validate` uses in its worker) honours the proxy only when asked.
    NODE_USE_ENV_PROXY: '1',
    NODE_TLS_REJECT_UNAUTHORIZED: '0',
    NODE_OPTIONS: cliNodeOptions(base.NODE_OPTIONS),
    SANITY_AUTH_TOKEN: token,
    DO_NOT_TRACK: '1',
    NO_UPDATE_NOTIFIER: '1',
    SANITY_TELEMETRY_DISABLED: '1',
    CI: 'true',
  }
}
