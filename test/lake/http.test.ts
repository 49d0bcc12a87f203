/**
 * The lake's HTTP plumbing on its own: request targets, URL parameters, the router's 404 and 405,
 * the route table against the paths the hostile-input fuzz covers, and the last-resort guard of the
 * request handler (a real HTTP server; the failures are thrown by the route it dispatches to).
 */
import {createServer, type Server} from 'node:http'
import {rmSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {afterAll, describe, expect, it} from 'vitest'
import {LakeError} from '../../lake/errors.ts'
import {createRequestHandler, parseTarget} from '../../lake/http/handler.ts'
import {decodeSegment, integerParam} from '../../lake/http/params.ts'
import {Router} from '../../lake/http/router.ts'
import type {Context, Res} from '../../lake/http/types.ts'
import {Access, createRouter} from '../../lake/routes/index.ts'
import {Lake} from '../../lake/store.ts'
import {Directory} from '../../lake/users.ts'
import {ROUTE_PATHS} from '../reliability/route-paths.ts'
import {PREFACE, http2Request, openHttp2, rawSend, settingsFrame} from '../reliability/raw-http.ts'
import {sleep, startTestLake, tempDir} from './helpers.ts'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, {recursive: true, force: true})
})

describe('request targets', () => {
  it.each([
    ['//', '//', ''],
    ['///', '///', ''],
    ['//?', '//', ''],
    ['//?a=1', '//', '?a=1'],
    ['/\\', '//', ''],
    ['/%', '/%', ''],
    ['/%zz', '/%zz', ''],
    ['//evil.example/v1/ping', '//evil.example/v1/ping', ''],
    ['/v1/ping?x=%zz', '/v1/ping', '?x=%zz'],
    ['https://elsewhere.example/v1/ping?q=1', '/v1/ping', '?q=1'],
  ])('%j is the path %j', (raw, pathname, search) => {
    const url = parseTarget(raw)
    expect(url.pathname).toBe(pathname)
    expect(url.search).toBe(search)
  })

  it.each(['*', '', 'nopath', 'ftp://x/y', 'http://[::1'])('%j is a 400', (raw) => {
    expect(() => parseTarget(raw)).toThrow(expect.objectContaining({statusCode: 400, type: 'invalidUrlError'}))
  })
})

describe('URL parameters', () => {
  const range = {min: 1, max: 1000, fallback: 100}
  it.each(['1e20', '-1', 'abc', '1.5', '99999999999999999999', '', '0x10', 'NaN', 'Infinity', '0', '1001', '1,2'])('limit=%j is a 400 naming the parameter and range', (value) => {
    const search = new URLSearchParams({limit: value})
    let error: unknown
    try {
      integerParam(search, 'limit', range)
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(LakeError)
    expect((error as LakeError).toBody()).toMatchObject({
      error: {type: 'invalidParameterError', parameter: 'limit', min: 1, max: 1000, description: expect.stringContaining('"limit" must be a whole number from 1 to 1000')},
      statusCode: 400,
    })
  })

  it('takes whole numbers in range, and the fallback when absent', () => {
    expect(integerParam(new URLSearchParams('limit=5'), 'limit', range)).toBe(5)
    expect(integerParam(new URLSearchParams('limit=1000'), 'limit', range)).toBe(1000)
    expect(integerParam(new URLSearchParams(''), 'limit', range)).toBe(100)
    expect(integerParam(new URLSearchParams(''), 'limit', {min: 0, max: 5, fallback: undefined})).toBeUndefined()
  })

  it('a broken percent-escape is a 400, not a URIError', () => {
    expect(decodeSegment('a%2Fb')).toBe('a/b')
    for (const bad of ['%', '%zz', '%E0%A4%A', '%ff']) {
      expect(() => decodeSegment(bad, 'The dataset name')).toThrow(expect.objectContaining({statusCode: 400, type: 'invalidUrlError', message: expect.stringContaining('The dataset name is not valid percent-encoding')}))
    }
  })
})

describe('the router', () => {
  const router = new Router().on('GET', /^\/a$/, ({res}) => void res.end('a'))
  const ctx = (method: string, path: string) => ({method, path}) as unknown as Context
  it('answers 405 for a known path with another method, 404 for an unknown path, HEAD by GET', async () => {
    await expect(router.dispatch(ctx('POST', '/a'))).rejects.toMatchObject({statusCode: 405, type: 'methodNotAllowedError'})
    await expect(router.dispatch(ctx('GET', '/b'))).rejects.toMatchObject({statusCode: 404, type: 'notFoundError'})
    let ended = ''
    await router.dispatch({method: 'HEAD', path: '/a', res: {end: (s: string) => (ended = s)}} as unknown as Context)
    expect(ended).toBe('a')
  })

  it("the lake's route table and the fuzz's paths agree, route for route", () => {
    const dir = tempDir('lake-routes-')
    dirs.push(dir)
    const lake = new Lake(dir, {queries: 'in-process'})
    try {
      const directory = new Directory({users: [{id: 'u', name: 'U', email: 'u@example.test', role: 'administrator', token: 'x'.repeat(40)}]})
      const {routes} = createRouter({lake, directory, access: new Access(lake, directory), projectId: 'localdev', maxBody: 1000})
      const sample = (template: string) => template.replace(/\{(\w+)\}/g, (_, kind: string) => ({ds: 'production', wds: 'production', name: 'x', project: 'localdev', keys: 'k', ids: 'a,b'})[kind] ?? 'x')
      const covered = routes.map((route) => ROUTE_PATHS.some(([method, template]) => method === route.method && route.pattern.test(sample(template))))
      expect(routes.filter((_, i) => !covered[i]).map((r) => `${r.method} ${r.pattern}`)).toEqual([])
      for (const [method, template] of ROUTE_PATHS) expect(routes.some((r) => r.method === method && r.pattern.test(sample(template))), `${method} ${template}`).toBe(true)
    } finally {
      lake.close()
    }
  })
})

describe('the request handler', () => {
  async function serve(dispatch: (ctx: Context) => Promise<void>, onError?: () => void): Promise<{url: string; logged: string[]; server: Server}> {
    const logged: string[] = []
    const handler = createRequestHandler({authenticate: () => null, dispatch, onError, logError: (line) => logged.push(line)})
    const server = createServer((req, res) => handler(req, res as unknown as Res))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logged, server}
  }

  it('answers a route that throws anything with 500 in the error shape, and logs it', async () => {
    const throws: unknown[] = [new Error('disk on fire'), Object.create(null), 'a string', undefined]
    let i = 0
    const {url, logged, server} = await serve(async () => {
      throw throws[i++]
    })
    try {
      for (let n = 0; n < throws.length; n++) {
        const res = await fetch(`${url}/x`)
        expect(res.status).toBe(500)
        expect(await res.json()).toMatchObject({error: {type: 'internalError', description: expect.stringContaining('Internal error')}, statusCode: 500})
      }
      expect(logged.length).toBe(throws.length)
      expect(logged[0]).toContain('disk on fire')
    } finally {
      server.close()
    }
  })

  it('the last-resort guard: when answering the error fails too, it answers 500 itself and logs', async () => {
    class Unanswerable extends LakeError {
      override toBody(): never {
        throw new Error('cannot be answered')
      }
    }
    const {url, logged, server} = await serve(
      async () => {
        throw new Unanswerable(400, 'x', 'y')
      },
      () => {
        throw new Error('the audit log is gone')
      },
    )
    try {
      const res = await fetch(`${url}/x`)
      expect(res.status).toBe(500)
      expect(await res.json()).toEqual({error: {description: expect.stringContaining('the cause is in its log'), type: 'internalError'}, statusCode: 500})
      expect(logged.some((l) => l.includes('the audit log is gone'))).toBe(true)
      expect(logged.some((l) => l.includes('request handling failed') && l.includes('cannot be answered'))).toBe(true)
    } finally {
      server.close()
    }
  })

  it('a route that fails after its answer started ends that answer only', async () => {
    const {url, server} = await serve(async ({res}) => {
      res.writeHead(200, {'content-type': 'text/plain'})
      res.write('partial')
      throw new Error('mid-answer')
    })
    try {
      const res = await fetch(`${url}/x`)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('partial')
    } finally {
      server.close()
    }
  })
})

describe('idle connections', () => {
  it('are closed when no request is in flight; a listener keeps its connection open', async () => {
    const t = await startTestLake({idleTimeoutMs: 400, policy: null})
    try {
      const target = {port: t.running.port, cert: t.running.cert}
      const token = t.user('administrator').token
      const listen = `GET /v1/data/listen/production?query=${encodeURIComponent('*[_type == "idle"]')}&includeResult=true HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\n\r\n`
      const started = Date.now()
      // (An HTTP/1.1 connection that has had a request is closed by Node's keep-alive timeout, 5 s.)
      const [silent, h2Silent, listener] = await Promise.all([
        rawSend(target, [], {waitMs: 3000}),
        rawSend(target, [PREFACE, settingsFrame()], {waitMs: 3000, alpn: ['h2']}),
        rawSend(target, [Buffer.from(listen)], {waitMs: 1500}),
      ])
      expect(Date.now() - started).toBeLessThan(2500)
      expect(silent.closed).toBe(true)
      expect(h2Silent.closed).toBe(true)
      // Idle for longer than the timeout between its welcome and the end of the wait, and still open.
      expect(listener.closed).toBe(false)
      expect(listener.text).toContain('event: welcome')

      // Over HTTP/2: a listener idle for longer than the timeout still gets the next change.
      const session = openHttp2(t.running.url, t.running.cert)
      const events = http2Request(session, {':method': 'GET', ':path': `/v1/data/listen/production?query=${encodeURIComponent('*[_type == "idle"]')}`, authorization: `Bearer ${token}`}, {waitMs: 2500})
      await sleep(1200)
      expect((await t.request('POST', '/v2025-02-19/data/mutate/production', {body: {mutations: [{create: {_id: 'idle-1', _type: 'idle'}}]}})).status).toBe(200)
      const answer = await events
      expect(answer.status).toBe(200)
      expect(answer.body).toContain('"documentId":"idle-1"')
      session.destroy()
      // A request is answered, then its connection closes once idle.
      const idleSession = openHttp2(t.running.url, t.running.cert)
      expect((await http2Request(idleSession, {':method': 'GET', ':path': '/v1/ping'})).status).toBe(200)
      await sleep(1200)
      expect(idleSession.destroyed || idleSession.closed).toBe(true)
    } finally {
      await t.close()
    }
  }, 30_000)
})
