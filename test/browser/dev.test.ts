/**
 * `npm run dev` gives one link per user, in a real browser: the lake serves the Studio it built at
 * https://localdev.localhost:<port>/, and the Studio calls the API on that same host, so the
 * browser asks about the certificate once, on the page the user opened. A Studio that cannot reach
 * the lake (an untrusted certificate, or no lake) says so and how to fix it, above Studio's own
 * "Couldn't reach the Sanity servers".
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {createServer as createHttpServer, type Server} from 'node:http'
import {createServer as createNetServer} from 'node:net'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {serveStudio} from '../../lake/studio.ts'
import {chromiumAvailability, launchChromium, type LocalBrowser} from '../fixtures/browser.ts'
import {requireBuiltStudio, STUDIO_DIST} from '../fixtures/seeded-studio.ts'
import {tempDir} from '../lake/helpers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const chromium = chromiumAvailability('npm run dev browser test')
if (chromium.available) requireBuiltStudio()

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

let browser: LocalBrowser
let dev: ChildProcess | undefined
let output = ''

describe.skipIf(!chromium.available)('npm run dev (Chromium)', () => {
  beforeAll(async () => {
    browser = await launchChromium()
  }, 60_000)

  afterAll(async () => {
    dev?.kill('SIGTERM')
    await browser?.close()
  })

  it('prints one link per user; the link opens the Studio, which calls the API on the same host', async () => {
    const port = await freePort()
    dev = spawn(process.execPath, [path.join(ROOT, 'scripts', 'dev.ts'), '--lake-port', String(port), '--data', tempDir('dev-test-')], {cwd: ROOT, env: {...process.env}})
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm run dev printed no sign-in links in 120 s:\n${output}`)), 120_000)
      const onData = (chunk: Buffer) => {
        output += chunk.toString()
        if (/Ctrl-C stops everything/.test(output)) {
          clearTimeout(timer)
          resolve()
        }
      }
      dev!.stdout!.on('data', onData)
      dev!.stderr!.on('data', onData)
      dev!.on('exit', (code) => reject(new Error(`npm run dev exited (${code}):\n${output}`)))
    })
    const links = [...output.matchAll(/^ {2}(\S.*?) +(https:\/\/\S+#token=\S+)$/gm)].map((m) => ({who: m[1], url: m[2]}))
    // One link per local user: the administrator, the editors, the fact-checker, the medical reviewer, the viewer.
    expect(links.map((l) => /\((\S+)\)$/.exec(l.who)?.[1]), output).toEqual(['administrator', 'editor', 'editor', 'fact-checker', 'medical-reviewer', 'viewer'])
    expect(output).toMatch(/accept it on that page \(Advanced, then Proceed\)\. Nothing else asks again\./)
    const editor = links.find((l) => l.who.endsWith('(editor)'))!
    const pageHost = new URL(editor.url).host
    expect(pageHost).toBe(`localdev.localhost:${port}`)

    // The certificate cannot be accepted by hand here, so HTTPS errors are ignored; what matters is
    // that nothing but the page's own host is asked.
    const context = await browser.newContext({ignoreHTTPSErrors: true})
    const page = await context.newPage()
    try {
      const hosts = new Set<string>()
      page.on('request', (request) => {
        const url = new URL(request.url())
        if (url.protocol.startsWith('http')) hosts.add(url.host)
      })
      await page.goto(editor.url)
      await page.getByText('Articles').first().waitFor({timeout: 90_000})
      await page.waitForTimeout(1_000)
      // Sanity's own calls outside this machine are refused by the test browser; the rest is one host.
      expect([...hosts].filter((host) => host.endsWith('localhost') || host.includes('localhost:'))).toEqual([pageHost])
      expect(await page.locator('#vouched-lake-unreachable').count()).toBe(0)
    } finally {
      await context.close()
    }
  }, 180_000)

  it('a Studio that cannot reach the lake says why and how to fix it', async () => {
    // The built Studio over plain http: it calls the lake at its default address, which this
    // browser cannot reach (nothing there, or a certificate it has not accepted).
    const server: Server = createHttpServer((req, res) => serveStudio(STUDIO_DIST, req.url ?? '/', res as never))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const {port} = server.address() as {port: number}
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(`http://localhost:${port}/`)
      const notice = page.locator('#vouched-lake-unreachable')
      await notice.waitFor({timeout: 60_000})
      const text = await notice.innerText()
      expect(text).toContain('This Studio cannot reach the local Content Lake at https://localdev.localhost:4443.')
      expect(text).toContain('Open https://localdev.localhost:4443/v1/ping, accept the certificate there (Advanced, then Proceed), and reload this page.')
      expect(await notice.getByRole('link', {name: 'https://localdev.localhost:4443/v1/ping'}).count()).toBe(1)
    } finally {
      await context.close()
      server.close()
    }
  }, 120_000)
})
