/**
 * Hostile HTTP: malformed HTTP/1.1 (request lines, targets, headers, bodies, chunked encoding),
 * odd HTTP/2 requests and raw HTTP/2 frames, then a seeded fuzz loop over every route. The lake
 * runs as a child process (`node lake/main.ts`), so a crash shows as an exit. After each group the
 * process is alive, its last-resort guards never fired, `/ping` answers PONG, an authenticated query
 * gives the right answer, and no answer was a 5xx.
 * (bad-input.test.ts is the same idea for bodies and parameters that HTTP clients can send.)
 */
import {rmSync} from 'node:fs'
import {Agent, fetch} from 'undici'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {SEED_FILE, tempDir} from '../lake/helpers.ts'
import {type LakeChild, spawnLake} from '../../lake/process.ts'
import {prng, writeUsers} from './helpers.ts'
import {ROUTE_PATHS} from './route-paths.ts'
import {FLAG, FRAME, PREFACE, frame, hpack, http2Request, openHttp2, rawSend, requestHeaders, settingsFrame, type Target} from './raw-http.ts'

const API = '/v2025-02-19'
const SCOPED_ADMIN = 'scoped-admin-token-for-fuzz-only-0123456789'
const EXPIRED = 'expired-token-of-the-editor-000000000000000'
const COUNT_ARTICLES = `${API}/data/query/production?query=${encodeURIComponent('count(*[_type == "article"])')}`

let lake: LakeChild
let agent: Agent
let target: Target
let dataDir: string
let tokens: Record<string, string>
let articles: number
/** Every status seen, with what was sent. */
const answers: Array<{what: string; status: number}> = []
const record = (what: string, statuses: Array<number | null>) => {
  for (const status of statuses) if (status !== null) answers.push({what, status})
}

beforeAll(async () => {
  dataDir = tempDir('hostile-http-')
  const users = writeUsers(
    dataDir,
    [
      {id: 'p-morgan', role: 'administrator'},
      {id: 'p-priya', role: 'editor'},
      {id: 'p-dana', role: 'fact-checker'},
      {id: 'p-val', role: 'viewer'},
    ],
    [
      {token: SCOPED_ADMIN, userId: 'p-morgan', label: 'fuzz dataset only', datasets: ['fuzz']},
      {token: EXPIRED, userId: 'p-priya', label: 'expired', expiresAt: '2020-01-01T00:00:00Z'},
    ],
  )
  tokens = Object.fromEntries(users.users.map((u) => [u.role, u.token]))
  lake = await spawnLake(dataDir, {args: ['--seed', SEED_FILE]})
  agent = new Agent({connect: {ca: lake.cert}, connections: 4})
  target = {port: Number(new URL(lake.url).port), cert: lake.cert}
  const res = await request('GET', COUNT_ARTICLES)
  expect(res.status).toBe(200)
  articles = (res.body as {result: number}).result
  expect(articles).toBeGreaterThan(0)
  expect((await request('PUT', '/v1/projects/localdev/datasets/fuzz')).status).toBe(200)
}, 60_000)

afterAll(async () => {
  if (lake && lake.child.exitCode === null) {
    lake.child.kill('SIGKILL')
    await lake.exited
  }
  await agent?.close()
  if (dataDir) rmSync(dataDir, {recursive: true, force: true})
})

/** A request with the administrator's token unless `token` is given (null: none). */
async function request(method: string, pathname: string, {token}: {token?: string | null} = {}): Promise<{status: number; text: string; body: unknown}> {
  const bearer = token === undefined ? tokens.administrator : token
  const res = await fetch(`${lake.url}${pathname}`, {method, headers: bearer ? {authorization: `Bearer ${bearer}`} : {}, dispatcher: agent})
  const text = await res.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON
  }
  return {status: res.status, text, body}
}

/** The lake is up, its guards stayed quiet, and it answers correctly; no 5xx so far. */
async function stillServing(group: string): Promise<void> {
  expect(lake.child.exitCode, `${group}: the lake exited`).toBeNull()
  expect(lake.child.signalCode, `${group}: the lake was killed`).toBeNull()
  const ping = await request('GET', '/v1/ping', {token: null})
  expect(ping.status).toBe(200)
  expect(ping.text).toBe('PONG')
  const count = await request('GET', COUNT_ARTICLES)
  expect(count.status).toBe(200)
  expect((count.body as {result: number}).result).toBe(articles)
  expect(answers.filter((a) => a.status >= 500), group).toEqual([])
  expect(lake.output(), `${group}: a last-resort guard fired`).not.toMatch(/uncaught exception|unhandled rejection|request handling failed/)
}

const ping1 = 'GET /v1/ping HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'
const get1 = (pathname: string, headers = '') => `GET ${pathname} HTTP/1.1\r\nHost: localhost\r\n${headers}Connection: close\r\n\r\n`

describe('HTTP/1.1 on a raw TLS socket', () => {
  it('request lines and targets: //, ///, //?, /\\, /%, /%zz, long, NUL, absolute, asterisk, garbage', async () => {
    const auth = `Authorization: Bearer ${tokens.administrator}\r\n`
    const targets = ['//', '///', '//?', '/\\', '/\\\\', '//?a=1', '/%', '/%zz', '/%E0%A4%A', '/v1//', '/v1/data/doc/production/%E0%A4%A', '/v1/data/query/%zz?query=*', `/${'a'.repeat(8000)}`, `/v1/users/${'%ff'.repeat(2000)}`]
    const cases: string[] = []
    for (const t of targets) cases.push(get1(t), get1(t, auth), `POST ${t} HTTP/1.1\r\nHost: localhost\r\n${auth}Content-Length: 2\r\nConnection: close\r\n\r\n{}`)
    cases.push(
      get1('*'),
      `OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      get1('http://evil.example/v1/ping'),
      get1('https://localhost//'),
      get1('ftp://x/y'),
      get1('nopath'),
      get1(`/${'b'.repeat(40_000)}`),
      'GET /a\u0000b HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET /\u0000 HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET  HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET / HTTP/9.9\r\nHost: localhost\r\n\r\n',
      'GET /v1/ping\r\n\r\n',
      'FOO /v1/ping HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'G\u00e9T /v1/ping HTTP/1.1\r\nHost: localhost\r\n\r\n',
      'GET /v1/ping HTTP/1.1\r\n\r\n',
      'garbage\r\n\r\n',
      '\r\n\r\n\r\n\r\n',
      'GET /v1/ping HTTP/1.1\nHost: localhost\n\n',
    )
    const rand = prng(7)
    for (let i = 0; i < 10; i++) cases.push(Buffer.from(Array.from({length: 64 + Math.floor(rand() * 512)}, () => Math.floor(rand() * 256))).toString('latin1'))
    const results = await Promise.all(cases.map((c) => rawSend(target, [Buffer.from(c, 'latin1')])))
    results.forEach((r, i) => record(`http1 line #${i}`, r.statuses))
    // The targets the bug report named are answered (404 or 401), not dropped.
    for (const [i, r] of results.slice(0, 12).entries()) expect(r.statuses[0], `${targets[Math.floor(i / 3)]}: ${r.text.slice(0, 200)}`).toBeLessThan(500)
    expect(results[0].statuses[0]).toBe(404)
    expect(results[1].statuses[0]).toBe(404)
    // A broken escape in a dataset or document id is a 400 saying so.
    const doc = results[targets.indexOf('/v1/data/doc/production/%E0%A4%A') * 3 + 1]
    expect(doc.statuses[0]).toBe(400)
    expect(doc.text).toContain('invalidUrlError')
    expect(results[targets.indexOf('/v1/data/query/%zz?query=*') * 3 + 1].statuses[0]).toBe(400)
    await stillServing('request lines')
  }, 30_000)

  it('headers: huge, duplicate or invalid Content-Length, odd Authorization, bad Host', async () => {
    const post = (headers: string, body = '{}') => `POST /v1/data/mutate/fuzz HTTP/1.1\r\nHost: localhost\r\n${headers}\r\n${body}`
    const bearer = `Authorization: Bearer ${tokens.administrator}\r\n`
    const cases = [
      get1('/v1/ping', `X-Big: ${'a'.repeat(64 * 1024)}\r\n`),
      get1('/v1/ping', Array.from({length: 3000}, (_, i) => `X-H${i}: v\r\n`).join('')),
      post(`${bearer}Content-Length: 2\r\nContent-Length: 3\r\n`),
      post(`${bearer}Content-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n`),
      post(`${bearer}Content-Length: abc\r\n`),
      post(`${bearer}Content-Length: -1\r\n`),
      post(`${bearer}Content-Length: 1e3\r\n`),
      post(`${bearer}Content-Length: 99999999999999999999999\r\n`),
      post(`${bearer}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n`),
      post(`${bearer}Transfer-Encoding: gzip, chunked, identity\r\n`),
      ...['Bearer', 'Bearer ', 'Bearer  x y', 'Basic YTpi', 'bearer', `Bearer ${'x'.repeat(12_000)}`, 'Bearer \u00ff\u00fe\u00fd', `Bearer ${tokens.administrator}, Bearer x`, 'Negotiate', '=', ''].map((a) =>
        get1(`${API}/data/query/production?query=count(*)`, `Authorization: ${a}\r\n`),
      ),
      get1(`${API}/data/query/production?query=count(*)`, `Authorization: Bearer ${tokens.administrator}\r\nAuthorization: Bearer nope\r\n`),
      get1('/v1/ping', 'Authorization: Bearer a\u0000b\r\n'),
      ...['', 'a b', 'localdev.localhost:1:2', 'x'.repeat(5000), '[::1', '\u00e9', 'localdev.localhost:99999'].map((h) => `GET /v1/users/me HTTP/1.1\r\nHost: ${h}\r\n${bearer}Connection: close\r\n\r\n`),
      `GET /v1/ping HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n`,
      get1('/v1/ping', 'Origin: http://localhost:3333\r\n'),
      `OPTIONS /v1/data/query/production HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost:3333\r\nAccess-Control-Request-Headers: a\u0001b\r\nConnection: close\r\n\r\n`,
      get1('/v1/ping', 'Bad Header: x\r\n'),
      get1('/v1/ping', ': nameless\r\n'),
      get1('/v1/ping', 'X: a\r\n folded\r\n'),
    ]
    const results = await Promise.all(cases.map((c) => rawSend(target, [Buffer.from(c, 'latin1')])))
    results.forEach((r, i) => record(`http1 header #${i}`, r.statuses))
    expect(results[0].statuses).toEqual([431])
    expect(results[0].text).toContain('"statusCode":431')
    expect(results[2].statuses).toEqual([400])
    await stillServing('headers')
  }, 30_000)

  it('bodies: cut short, chunked garbage, pipelined, sent slowly', async () => {
    const bearer = `Authorization: Bearer ${tokens.administrator}\r\n`
    const head = (extra: string) => `POST ${API}/data/mutate/fuzz HTTP/1.1\r\nHost: localhost\r\n${bearer}Content-Type: application/json\r\n${extra}\r\n`
    const mutation = JSON.stringify({mutations: [{createOrReplace: {_id: 'hostile-1', _type: 'post', title: 'x'.repeat(2000)}}]})
    const cases: Array<{parts: string[]; endAfter?: boolean; gapMs?: number; waitMs?: number}> = [
      {parts: [head('Content-Length: 100000\r\n'), mutation.slice(0, 100)], endAfter: true},
      {parts: [head('Content-Length: 100000\r\n'), mutation.slice(0, 100)], waitMs: 500},
      {parts: [head('Transfer-Encoding: chunked\r\n'), 'zz\r\nabc\r\n0\r\n\r\n']},
      {parts: [head('Transfer-Encoding: chunked\r\n'), 'fffffffffffffffffff\r\nabc\r\n']},
      {parts: [head('Transfer-Encoding: chunked\r\n'), '5;ext=1;ext=2\r\nabcde\r\n0\r\n\r\n']},
      {parts: [head('Transfer-Encoding: chunked\r\n'), `5;${'e'.repeat(20_000)}\r\nabcde\r\n`]},
      {parts: [head('Transfer-Encoding: chunked\r\n'), '5\r\nab'], endAfter: true},
      {parts: [head('Transfer-Encoding: chunked\r\n'), '3\r\nabcdef\r\n0\r\n\r\n']},
      {parts: [head('Transfer-Encoding: chunked\r\n'), '-1\r\n\r\n']},
      {parts: [head('Transfer-Encoding: chunked\r\n'), `${(mutation.length).toString(16)}\r\n${mutation}\r\n0\r\nX-Trailer: \u0000\r\n\r\n`]},
      {parts: [head(`Content-Length: ${mutation.length}\r\n`), mutation.slice(0, 10), mutation.slice(10, 50), mutation.slice(50)], gapMs: 50},
      {parts: [`${ping1.replace('Connection: close\r\n', '')}${ping1.replace('Connection: close\r\n', '')}GET // HTTP/1.1\r\nHost: localhost\r\n\r\n${ping1}`]},
      {parts: [head(`Content-Length: ${mutation.length}\r\nExpect: 100-continue\r\n`), mutation]},
      {parts: [head('Content-Length: 5\r\n'), '\u00ff\u00fe\u0000\u0001\u0002']},
    ]
    const results = await Promise.all(cases.map((c) => rawSend(target, c.parts.map((p) => Buffer.from(p, 'latin1')), {endAfter: c.endAfter, gapMs: c.gapMs, waitMs: c.waitMs ?? 3000})))
    results.forEach((r, i) => record(`http1 body #${i}`, r.statuses))
    expect(results[2].statuses).toEqual([400])
    expect(results[10].statuses).toEqual([200])
    expect(results[11].statuses).toEqual([200, 200, 404, 200])
    await stillServing('bodies')
  }, 30_000)
})

describe('HTTP/2', () => {
  it('odd :path values, methods and headers through node:http2', async () => {
    const session = openHttp2(lake.url, lake.cert)
    const bearer = {authorization: `Bearer ${tokens.administrator}`}
    const paths = ['//', '///', '//?', '/\\', '*', '', '/%', '/%zz', '/%E0%A4%A', 'nopath', '/v1//', `${API}/data/doc/production/%E0%A4%A`, `/${'c'.repeat(12_000)}`, '/v1/ping#frag', '/v1/ping?%zz=%zz']
    const requests: Array<Record<string, string | string[]>> = []
    for (const p of paths) for (const method of ['GET', 'POST', 'OPTIONS', 'HEAD']) requests.push({':method': method, ':path': p}, {':method': method, ':path': p, ...bearer})
    requests.push(
      {':method': 'GET', ':path': '/v1/ping', 'x-big': 'a'.repeat(100_000)},
      {':method': 'GET', ':path': `${API}/data/query/production?query=count(*)`, authorization: ['Bearer a', 'Bearer b']},
      {':method': 'GET', ':path': `${API}/data/query/production?query=count(*)`, authorization: `Bearer ${'x'.repeat(20_000)}`},
      {':method': 'OPTIONS', ':path': '/v1/data/query/production', origin: 'http://localhost:3333', 'access-control-request-headers': 'a\u0001b'},
      {':method': 'GET', ':path': '/v1/users/me', ':authority': 'a b', ...bearer},
      {':method': 'GET', ':path': '/v1/users/me', host: 'x'.repeat(3000), ...bearer},
      {':method': 'GET', ':path': '/v1/ping', 'content-length': 'abc'},
      {':method': 'B\u00c4D', ':path': '/v1/ping'},
    )
    const results = await Promise.all(requests.map((h) => http2Request(session, h)))
    results.forEach((r, i) => record(`http2 #${i}`, [r.status]))
    // The targets of the bug report get an answer.
    expect(results[0].status).toBe(404)
    expect(results[1].status).toBe(404)
    session.destroy()
    await stillServing('http2 requests')
  }, 30_000)

  it('a reset mid-body, a flood of streams, many sessions', async () => {
    const session = openHttp2(lake.url, lake.cert)
    const bearer = `Bearer ${tokens.administrator}`
    const resets = await Promise.all(
      Array.from({length: 40}, (_, i) =>
        http2Request(session, {':method': 'POST', ':path': `${API}/data/mutate/fuzz`, authorization: bearer, 'content-type': 'application/json', 'content-length': '100000'}, {body: '{"mutations": [', resetAfterMs: i % 4 === 0 ? 0 : 5 + i}),
      ),
    )
    record('http2 reset', resets.map((r) => r.status))
    const flood = await Promise.all(Array.from({length: 2000}, (_, i) => http2Request(session, {':method': 'GET', ':path': i % 2 ? '/v1/ping' : '//', authorization: bearer}, {waitMs: 15_000})))
    record('http2 flood', flood.map((r) => r.status))
    expect(flood.filter((r) => r.status !== null).length).toBeGreaterThan(200)
    session.destroy()
    const sessions = Array.from({length: 30}, () => openHttp2(lake.url, lake.cert))
    const many = await Promise.all(sessions.map((s, i) => http2Request(s, {':method': 'GET', ':path': i % 2 ? '/v1/ping' : '//?'})))
    record('http2 sessions', many.map((r) => r.status))
    for (const s of sessions) s.destroy()
    await stillServing('http2 resets and floods')
  }, 45_000)

  it('raw frames after ALPN h2: a bad preface, garbage, bad headers, RST mid-request, a stream flood', async () => {
    const h2 = (parts: Buffer[], waitMs = 1500) => rawSend(target, parts, {alpn: ['h2'], waitMs})
    const start = [PREFACE, settingsFrame()]
    const headers = (id: number, list: Array<[string, string]>, flags = FLAG.END_HEADERS | FLAG.END_STREAM) => frame(FRAME.HEADERS, flags, id, hpack(list))
    const rand = prng(11)
    const junk = (n: number) => Buffer.from(Array.from({length: n}, () => Math.floor(rand() * 256)))
    const cases: Buffer[][] = [
      [Buffer.from(ping1)],
      [Buffer.from('PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n')],
      [junk(200)],
      [...start, junk(500)],
      [...start, frame(FRAME.DATA, 0, 0, Buffer.from('on stream 0'))],
      [...start, frame(FRAME.HEADERS, FLAG.END_HEADERS, 1, junk(40))],
      [...start, frame(FRAME.SETTINGS, 0, 0, junk(5))],
      [...start, frame(250, 0, 1, junk(10))],
      [...start, frame(FRAME.DATA, 0, 1, Buffer.alloc(0), 0xffffff)],
      [...start, frame(FRAME.WINDOW_UPDATE, 0, 0, Buffer.from([0, 0, 0, 0]))],
      [...start, frame(FRAME.PING, 0, 0, junk(3))],
      [...start, frame(FRAME.CONTINUATION, FLAG.END_HEADERS, 1, hpack([[':path', '/']]))],
      [...start, headers(1, [[':method', 'GET'], [':scheme', 'https']])],
      [...start, headers(1, requestHeaders('GET', ''))],
      [...start, headers(1, requestHeaders('GET', '//'))],
      [...start, headers(1, requestHeaders('GET', '/\\'))],
      [...start, headers(1, requestHeaders('GET', '*'))],
      [...start, headers(1, requestHeaders('GET', '/a b\u0000'))],
      [...start, headers(1, requestHeaders('GET', '/v1/ping', [['Upper', 'x']]))],
      [...start, headers(1, requestHeaders('GET', '/v1/ping', [['connection', 'keep-alive']]))],
      [...start, headers(1, requestHeaders('OPTIONS', '/v1/ping', [['origin', 'http://localhost:1'], ['access-control-request-headers', 'a\u0001b\u007f']]))],
      [...start, headers(1, requestHeaders('GET', `${API}/data/query/production?query=count(*)`, [['authorization', `Bearer ${tokens.administrator}\u0001`]]))],
      [...start, headers(1, requestHeaders('POST', `${API}/data/mutate/fuzz`, [['authorization', `Bearer ${tokens.administrator}`], ['content-length', '1000']]), FLAG.END_HEADERS), frame(FRAME.DATA, 0, 1, Buffer.from('{"mut')), frame(FRAME.RST_STREAM, 0, 1, Buffer.from([0, 0, 0, 8]))],
      [...start, headers(1, requestHeaders('POST', `${API}/data/mutate/fuzz`, [['content-length', '3']]), FLAG.END_HEADERS), frame(FRAME.DATA, FLAG.END_STREAM, 1, Buffer.from('{"too long"}'))],
      [...start, headers(1, requestHeaders('GET', '/v1/ping')), frame(FRAME.GOAWAY, 0, 0, Buffer.alloc(8))],
      [...start, ...Array.from({length: 3000}, (_, i) => headers(2 * i + 1, requestHeaders('GET', i % 3 ? '/v1/ping' : '//')))],
      [...start, ...Array.from({length: 3000}, (_, i) => Buffer.concat([headers(2 * i + 1, requestHeaders('GET', '/v1/ping')), frame(FRAME.RST_STREAM, 0, 2 * i + 1, Buffer.from([0, 0, 0, 8]))]))],
    ]
    const results = await Promise.all(cases.map((c) => h2(c)))
    // A request on a raw h2 socket is answered in frames; only a session that fell back to HTTP/1.1 has statuses.
    results.forEach((r, i) => record(`h2 frames #${i}`, r.statuses))
    await stillServing('raw http2 frames')
  }, 30_000)
})

// --- the fuzz loop ---------------------------------------------------------------------------------

describe('a seeded fuzz loop over every route', () => {
  it('3,000 requests: random methods, segments, search parameters, JSON bodies and tokens', async () => {
    const rand = prng(20_261_201)
    const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(rand() * list.length)]
    const HOSTILE = ['%', '%zz', '%E0%A4%A', '%00', '..', '%2e%2e', '%2F', '', ',,,', '*', '__proto__', '$x', 'a'.repeat(300), '%F0%9F%98%80', 'drafts.', 'x,y,z', '%25', '\\']
    const segment = (kind: string): string => {
      if (rand() < 0.4) return pick(HOSTILE)
      switch (kind) {
        case 'ds':
          return pick(['production', 'fuzz', 'nope'])
        case 'wds':
          return pick(['fuzz', 'fuzz', 'nope', 'production-copy'])
        case 'name':
          return pick(['fuzz-new', 'fuzz-2', 'production', 'UPPER', 'a'.repeat(70)])
        case 'project':
          return pick(['localdev', 'other'])
        case 'keys':
          return pick(['studio.prefs', 'a,b,c', 'k'.repeat(300)])
        default:
          return pick(['article-olive-oil-skin', 'drafts.article-olive-oil-skin', 'p-dana,p-priya', 'me', 'nobody'])
      }
    }
    const NUMBERS = ['1e20', '-1', 'abc', '1.5', '0', '1', '5', '100', '1000', '1001', '99999999999999999999999', '', ' 3 ', '0x10', 'NaN', 'Infinity', '%zz', '-0']
    const SEARCH_KEYS = ['limit', 'limit', 'query', 'perspective', '$p', '$', 'revision', 'time', 'fromTime', 'toTime', 'fromTransaction', 'types', 'mode', 'returnIds', 'returnDocuments', 'dryRun', 'effectFormat', 'includeResult', 'reverse', 'lastRevision', 'tag', 'excludeContent']
    const searchValue = (key: string): string => {
      if (key === 'limit' || rand() < 0.2) return encodeURIComponent(pick(NUMBERS))
      if (key === 'query') return encodeURIComponent(pick(['count(*)', '*[_type == $p][0]', '*[', '$p', '*[_id in path("**")][0...5]{_id}']))
      if (key.startsWith('$')) return encodeURIComponent(pick(['"article"', '1', '{', '[1,2]', 'null', '"\\ud800"']))
      return encodeURIComponent(pick(['true', 'false', 'x', 'raw', 'drafts', 'published', 'mendoza', 'replace', '2026-01-01T00:00:00Z', 'article']))
    }
    const json = (depth: number): unknown => {
      const roll = rand()
      if (depth > 4 || roll < 0.3) return pick([null, true, 0, -1, 1.5, 1e308, '', 'x', '\u0000', 'drafts.x', 'a'.repeat(2000)])
      if (roll < 0.6) return Array.from({length: Math.floor(rand() * 4)}, () => json(depth + 1))
      const keys = ['mutations', 'actions', 'query', 'params', 'key', 'value', 'aclMode', 'create', 'patch', 'id', '_id', '_type', 'set', 'actionType', 'publishedId', 'draftId', 'perspective', 'transactionId', 'dryRun']
      return Object.fromEntries(Array.from({length: 1 + Math.floor(rand() * 4)}, () => [pick(keys), json(depth + 1)]))
    }
    const TEMPLATE_BODIES: Record<string, unknown> = {
      mutate: {mutations: [{createOrReplace: {_id: 'fz-1', _type: 'post', title: 't'}}, {patch: {id: 'fz-1', set: {title: 'u'}}}]},
      actions: {actions: [{actionType: 'sanity.action.document.create', publishedId: 'fz-2', attributes: {_id: 'drafts.fz-2', _type: 'post'}, ifExists: 'ignore'}]},
      query: {query: '*[_type == $t][0...2]{_id}', params: {t: 'article'}},
      keyvalue: [{key: 'studio.prefs', value: {theme: 'dark'}}, {key: 'k2', value: null}],
      dataset: {aclMode: 'private'},
    }
    const body = (pathname: string): string | undefined => {
      const roll = rand()
      if (roll < 0.1) return undefined
      if (roll < 0.2) return pick(['', '{', 'null', '[]', '"x"', '\u0000', 'not json', '{"mutations":'])
      if (roll < 0.6) return JSON.stringify(json(0))
      const name = pathname.includes('mutate') ? 'mutate' : pathname.includes('actions') ? 'actions' : pathname.includes('query') ? 'query' : pathname.includes('keyvalue') ? 'keyvalue' : 'dataset'
      return JSON.stringify(TEMPLATE_BODIES[name])
    }
    const TOKENS = [tokens.administrator, tokens.editor, tokens['fact-checker'], tokens.viewer, SCOPED_ADMIN, EXPIRED, 'unknown-token-unknown-token-unknown-token', null, null]
    const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']

    const fuzzAgent = new Agent({connect: {ca: lake.cert}, connections: 8})
    const seenRoutes = new Set<string>()
    let sent = 0
    const one = async () => {
      const [routeMethod, template] = pick(ROUTE_PATHS)
      seenRoutes.add(`${routeMethod} ${template}`)
      const method = rand() < 0.15 ? pick(METHODS) : routeMethod
      const pathname = template.replace(/\{(\w+)\}/g, (_, kind: string) => segment(kind))
      const search = Array.from({length: Math.floor(rand() * 4)}, () => {
        const key = pick(SEARCH_KEYS)
        return `${encodeURIComponent(key)}=${searchValue(key)}`
      }).join('&')
      const url = `${lake.url}${pick([API, '/v1', '/vX', ''])}${pathname}${search ? `?${search}` : ''}`
      const token = pick(TOKENS)
      const headers: Record<string, string> = {}
      if (token) headers.authorization = `Bearer ${token}`
      const payload = method === 'GET' || method === 'HEAD' ? undefined : body(pathname)
      if (payload !== undefined) headers['content-type'] = 'application/json'
      const controller = new AbortController()
      const res = await fetch(url, {method, headers, body: payload, dispatcher: fuzzAgent, signal: controller.signal})
      sent++
      answers.push({what: `fuzz ${method} ${url.slice(0, 200)}`, status: res.status})
      if ((res.headers.get('content-type') ?? '').startsWith('text/event-stream')) controller.abort()
      else await res.arrayBuffer()
    }
    const workers = Array.from({length: 8}, async () => {
      for (let i = 0; i < 375; i++) await one()
    })
    await Promise.all(workers)
    await fuzzAgent.close()
    expect(sent).toBe(3000)
    expect(seenRoutes.size).toBe(ROUTE_PATHS.length)
    await stillServing('fuzz')
  }, 60_000)

  it('afterwards: no 5xx anywhere, the guards never fired, the dataset outside the scoped token is intact', async () => {
    expect(answers.length).toBeGreaterThan(5000)
    expect(answers.filter((a) => a.status >= 500)).toEqual([])
    expect(answers.filter((a) => a.status >= 400).length).toBeGreaterThan(1000)
    expect(lake.child.exitCode).toBeNull()
    expect(lake.output()).not.toMatch(/uncaught exception|unhandled rejection|request handling failed/)
    const datasets = await request('GET', '/v1/datasets')
    expect((datasets.body as Array<{name: string}>).map((d) => d.name)).toContain('production')
  })
})
