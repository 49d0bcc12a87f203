/**
 * Bad input on every endpoint: a deterministic fuzz loop (seeded PRNG) over malformed bodies,
 * wrong types, huge payloads, hostile GROQ and parameters, broken URLs and headers. Every answer is
 * a 4xx with a readable `{error: {description, type}, statusCode}` (or a 2xx when the mutated
 * input happens to be valid), never a 5xx or a dropped connection; the lake keeps answering, its
 * data is intact, and nothing leaks into Object.prototype.
 * (test/lake/transactions.test.ts has a dozen fixed cases; this is the loop.)
 */
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {Agent, fetch} from 'undici'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../audit/audit.ts'
import {runAuditCli} from '../../audit/cli.ts'
import {MAX_TRANSACTION_DOCUMENTS} from '../../lake/limits.ts'
import {complianceParams} from '../../queries/compliance.ts'
import {ARTICLE_LISTING_QUERY, ARTICLE_PAGE_QUERY, COMPLIANT_ARTICLE_IDS_QUERY, EXPERT_PROFILE_QUERY} from '../../queries/site.ts'
import {approvalFor, articleWithClaim} from '../lake/fixtures.ts'
import {SEED_FILE, startTestLake, tempDir, type TestLake} from '../lake/helpers.ts'
import {prng} from './helpers.ts'

let t: TestLake
let agent: Agent
let adminToken: string
const rand = prng(20_261_124)
const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(rand() * list.length)]
const API = '/v2025-02-19'

interface Answer {
  status: number
  text: string
  contentType: string
}

const seen: Array<{label: string; status: number}> = []

/** Sends a request and checks the answer's shape; listeners are closed as soon as they answer. */
async function send(label: string, method: string, pathname: string, options: {body?: string | Buffer; headers?: Record<string, string>; token?: string | null} = {}): Promise<Answer> {
  const headers: Record<string, string> = {...(options.headers ?? {})}
  const token = options.token === undefined ? adminToken : options.token
  if (token && !headers.authorization) headers.authorization = `Bearer ${token}`
  if (options.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json'
  const controller = new AbortController()
  let res: Awaited<ReturnType<typeof fetch>>
  try {
    res = await fetch(`${t.running.url}${pathname}`, {method, headers, body: options.body, dispatcher: agent, signal: controller.signal})
  } catch (err) {
    throw new Error(`${label}: ${method} ${pathname.slice(0, 120)}: no answer (${err instanceof Error ? `${err.message} ${String(err.cause ?? '')}` : String(err)})`)
  }
  const contentType = res.headers.get('content-type') ?? ''
  let text = ''
  if (contentType.startsWith('text/event-stream')) controller.abort()
  else text = await res.text()
  seen.push({label, status: res.status})
  const where = `${label}: ${method} ${pathname.slice(0, 160)} -> ${res.status} ${text.slice(0, 300)}`
  expect(res.status, where).toBeLessThan(500)
  if (res.status >= 400 && res.status !== 431) {
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new Error(`${where}: the error answer is not JSON`)
    }
    expect(body, where).toMatchObject({error: {description: expect.any(String), type: expect.any(String)}, statusCode: res.status})
    expect((body as {error: {description: string}}).error.description.length, where).toBeGreaterThan(5)
  }
  return {status: res.status, text, contentType}
}

async function stillAnswers(): Promise<void> {
  const ping = await send('ping', 'GET', '/v1/ping', {token: null})
  expect(ping.status).toBe(200)
}

// --- generators ----------------------------------------------------------------------------------

const WEIRD: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  '',
  ' ',
  'x',
  '\u0000',
  '\ud800',
  'drafts.',
  'versions.r.',
  '*',
  '$x',
  '__proto__',
  'a'.repeat(5000),
  [],
  [null],
  [[[]]],
  [1, 'a', null],
  {},
  {_ref: 5},
  {_ref: '\u0000c:0:x'},
  {_type: 5},
  {constructor: {prototype: {polluted: true}}},
  Array.from({length: 300}, (_, i) => i),
]

/** A copy of `value` with one random node replaced, removed or given a random extra key. */
function mutateValue(value: unknown): unknown {
  const copy = structuredClone(value) as unknown
  const nodes: Array<{parent: Record<string, unknown> | unknown[]; key: string | number}> = []
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((v, i) => (nodes.push({parent: node, key: i}), walk(v)))
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) (nodes.push({parent: node as Record<string, unknown>, key: k}), walk(v))
  }
  walk(copy)
  if (nodes.length === 0) return pick(WEIRD)
  const {parent, key} = pick(nodes)
  const roll = rand()
  if (roll < 0.7) (parent as Record<string | number, unknown>)[key] = structuredClone(pick(WEIRD))
  else if (roll < 0.85 && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string]
  else if (!Array.isArray(parent)) (parent as Record<string, unknown>)[pick(['_id', '_type', 'ifRevisionID', 'query', 'params', '_key', 'zzz'])] = structuredClone(pick(WEIRD))
  return copy
}

/** Valid JSON text, damaged: cut short, a character inserted, or a slice replaced by random bytes. */
function damageText(text: string): string {
  const at = Math.floor(rand() * Math.max(1, text.length))
  const roll = rand()
  if (roll < 0.35) return text.slice(0, at)
  if (roll < 0.7) return `${text.slice(0, at)}${pick(['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'NaN', '\ud800', ' ', 'null'])}${text.slice(at)}`
  const junk = Array.from({length: 1 + Math.floor(rand() * 20)}, () => String.fromCharCode(Math.floor(rand() * 0x3000))).join('')
  return `${text.slice(0, at)}${junk}${text.slice(at + junk.length)}`
}

const ARTICLE = articleWithClaim('fz-article', 'Zinc soothes irritation.')
const TEMPLATES: Record<string, {method: string; path: string; body: unknown}> = {
  mutate: {
    method: 'POST',
    path: `${API}/data/mutate/fuzz?returnIds=true`,
    body: {
      mutations: [
        {createOrReplace: {_id: 'fz-1', _type: 'post', title: 't', tags: ['a'], n: 1}},
        {create: {_type: 'post', title: 'generated id'}},
        {patch: {id: 'fz-1', set: {title: 'u'}, inc: {n: 1}, insert: {after: 'tags[-1]', items: ['b']}, unset: ['zzz']}},
        {createOrReplace: {...ARTICLE, _id: 'drafts.fz-article'}},
        {delete: {id: 'fz-nothing'}},
      ],
    },
  },
  actions: {
    method: 'POST',
    path: `${API}/data/actions/fuzz`,
    body: {
      actions: [
        {actionType: 'sanity.action.document.create', publishedId: 'fz-2', attributes: {_id: 'drafts.fz-2', _type: 'post', title: 'x'}, ifExists: 'ignore'},
        {actionType: 'sanity.action.document.edit', draftId: 'drafts.fz-2', publishedId: 'fz-2', patch: {set: {title: 'y'}}},
        {actionType: 'sanity.action.document.publish', draftId: 'drafts.fz-2', publishedId: 'fz-2'},
      ],
    },
  },
  query: {method: 'POST', path: `${API}/data/query/production`, body: {query: '*[_type == $t && defined(slug)][0...3]{_id, "s": slug.current}', params: {t: 'article'}, perspective: 'published'}},
  keyvalue: {method: 'PUT', path: '/v1/users/me/keyvalue', body: [{key: 'studio.prefs', value: {theme: 'dark', recent: [1, 2]}}]},
  dataset: {method: 'PUT', path: '/v1/projects/localdev/datasets/fuzzed', body: {aclMode: 'private'}},
  siteQuery: {
    method: 'POST',
    path: `${API}/data/query/production`,
    body: {query: ARTICLE_PAGE_QUERY, params: {...complianceParams(undefined, '2026-11-24T12:00:00Z'), slug: 'olive-oil-on-skin'}, perspective: 'published'},
  },
}

const HOSTILE_GROQ: string[] = [
  `${'('.repeat(3000)}1${')'.repeat(3000)}`,
  `${'['.repeat(2000)}${']'.repeat(2000)}`,
  `*[${Array.from({length: 2000}, (_, i) => `_id == "x${i}"`).join(' || ')}]`,
  `"${'a'.repeat(200_000)}"`,
  '*[_type == "article"]{..., "all": *[]{_id}}',
  'count(*[]{"a": *[]{"b": *[]{_id}}})',
  '*[_id in path("**")] | order(_id) [0...100000000]',
  '*[_type match "*********************************************"]',
  '*[@ match text::query("a* b* c* -d* \\"e f\\" g****")]',
  '*[references(*[]._id)]',
  '{"_ref": "\\u0000c:0:x"}->',
  '{"_ref": "\\u0000s:article-olive-oil-skin"}->',
  '*[_type == "article"][0]->->->->',
  '^.^.^',
  '*[_id == ^._id]',
  'fn f($x) = f($x); f(1)',
  'dateTime("not a date") + 1',
  'math::sum(*[]._id)',
  'string::split(*[0]._id, "")',
  'array::join(*[]._id, 5)',
  'pt::text(*[_type == "article"][0].body) match "x"',
  'geo::distance(1, 2)',
  'diff::changedAny(before(), after(), (a))',
  'sanity::partOfRelease("x")',
  'releases::all()[0..1000000]',
  '$undefinedParam',
  '*[_type == $t]',
  'select()',
  '*|score(boost(_id match "a", "x"))',
  '*[true][-1000000000000...1000000000000]',
  '1e400 + -1e400',
  '"\\ud800"',
  ')',
  '',
  '   ',
  '*[',
  '* | order(',
]

const PATHS: Array<[string, string]> = [
  ['GET', '/v1/ping'],
  ['GET', '/v1/users/me'],
  ['GET', '/v1/users/p-dana,p-priya'],
  ['GET', '/v1/users/me/keyvalue/a,b'],
  ['GET', '/v1/projects'],
  ['GET', '/v1/projects/localdev'],
  ['GET', '/v1/projects/localdev/datasets'],
  ['GET', '/v1/projects/localdev/datasets/production/acl'],
  ['GET', '/v1/projects/localdev/grants'],
  ['GET', '/v1/datasets'],
  ['GET', '/v1/lake/audit?limit=5'],
  ['GET', `${API}/data/doc/production/article-olive-oil-skin`],
  ['GET', `${API}/data/query/production?query=count(*)`],
  ['GET', `${API}/data/export/production?types=article`],
  ['GET', `${API}/data/history/production/transactions/article-olive-oil-skin?excludeContent=true`],
  ['GET', `${API}/data/history/production/documents/article-olive-oil-skin?lastRevision=true`],
  ['GET', `${API}/data/listen/production?query=${encodeURIComponent('*[_type == "post"]')}`],
  ['POST', `${API}/data/mutate/production`],
  ['POST', `${API}/data/actions/production`],
  ['POST', `${API}/data/import/production`],
  ['PUT', '/v1/users/me/keyvalue'],
]

// --- the run ---------------------------------------------------------------------------------------

const params = complianceParams(undefined, '2026-11-24T12:00:00Z')
let listingBefore: string
let exportBefore: string

const listing = async () => {
  const res = await send('listing', 'POST', `${API}/data/query/production`, {body: JSON.stringify({query: ARTICLE_LISTING_QUERY, params: {...params, start: 0, end: 10}, perspective: 'published'})})
  return JSON.stringify((JSON.parse(res.text) as {result: unknown}).result)
}
/** The production dataset as exported (the fuzz writes go to the `fuzz` dataset; production is only read). */
const productionExport = async () => (await send('export', 'GET', `${API}/data/export/production`)).text

beforeAll(async () => {
  t = await startTestLake({seedFile: SEED_FILE})
  expect(t.running.enforcement).toBe(true)
  adminToken = t.user('administrator').token
  agent = new Agent({connect: {ca: t.running.cert}, connections: 8})
  listingBefore = await listing()
  exportBefore = await productionExport()
  expect(exportBefore.trim().split('\n').length).toBeGreaterThan(30)
  expect((await send('fuzz dataset', 'PUT', '/v1/projects/localdev/datasets/fuzz')).status).toBe(200)
})
afterAll(async () => {
  await agent?.close()
  await t?.close()
})

describe('bad input never gets a 5xx and never takes the lake down', () => {
  it.each(Object.keys(TEMPLATES))('%s: 150 structurally mutated bodies and 100 damaged texts', async (name) => {
    const template = TEMPLATES[name]
    for (let i = 0; i < 150; i++) {
      await send(`${name} mutated #${i}`, template.method, template.path, {body: JSON.stringify(mutateValue(template.body))})
      if (i % 25 === 0) await stillAnswers()
    }
    const text = JSON.stringify(template.body)
    for (let i = 0; i < 100; i++) await send(`${name} damaged #${i}`, template.method, template.path, {body: damageText(text)})
    await stillAnswers()
  }, 60_000)

  it('wrong types for every field of every write endpoint', async () => {
    const shapes: Array<[string, string, unknown]> = []
    for (const weird of WEIRD) {
      shapes.push(['POST', `${API}/data/mutate/fuzz`, weird])
      shapes.push(['POST', `${API}/data/mutate/fuzz`, {mutations: weird}])
      shapes.push(['POST', `${API}/data/mutate/fuzz`, {mutations: [weird]}])
      for (const kind of ['create', 'createOrReplace', 'createIfNotExists', 'delete', 'patch']) shapes.push(['POST', `${API}/data/mutate/fuzz`, {mutations: [{[kind]: weird}]}])
      for (const op of ['set', 'setIfMissing', 'unset', 'inc', 'dec', 'insert', 'diffMatchPatch', 'ifRevisionID', 'query', 'params']) {
        shapes.push(['POST', `${API}/data/mutate/fuzz`, {mutations: [{patch: {id: 'fz-typed', [op]: weird}}]}])
      }
      shapes.push(['POST', `${API}/data/mutate/fuzz`, {mutations: [{create: {_type: 'post'}}], transactionId: weird}])
      shapes.push(['POST', `${API}/data/actions/fuzz`, {actions: weird}])
      shapes.push(['POST', `${API}/data/actions/fuzz`, {actions: [{actionType: weird}]}])
      for (const field of ['publishedId', 'draftId', 'attributes', 'patch', 'ifDraftRevisionId', 'includeDrafts', 'document', 'versionId', 'baseId']) {
        for (const actionType of ['create', 'edit', 'publish', 'unpublish', 'discard', 'delete', 'replaceDraft', 'version.create', 'version.replace', 'version.discard']) {
          shapes.push(['POST', `${API}/data/actions/fuzz`, {actions: [{actionType: `sanity.action.document.${actionType}`, publishedId: 'fz-typed', draftId: 'drafts.fz-typed', [field]: weird}]}])
        }
      }
      shapes.push(['POST', `${API}/data/query/production`, {query: weird}])
      shapes.push(['POST', `${API}/data/query/production`, {query: '*[_id == $id][0]', params: weird}])
      shapes.push(['POST', `${API}/data/query/production`, {query: '*[_id == $id][0]', params: {id: weird}}])
      shapes.push(['POST', `${API}/data/query/production`, {query: '*[0]', perspective: weird}])
      shapes.push(['POST', `${API}/data/query/production`, {query: ARTICLE_LISTING_QUERY, params: {...params, start: 0, end: 5, acceptance: weird}, perspective: 'published'}])
      shapes.push(['POST', `${API}/data/query/production`, {query: COMPLIANT_ARTICLE_IDS_QUERY, params: {...params, today: weird, factCheckerRoles: weird}, perspective: 'published'}])
      shapes.push(['POST', `${API}/data/query/production`, {query: EXPERT_PROFILE_QUERY, params: {...params, slug: weird}, perspective: 'published'}])
      shapes.push(['PUT', '/v1/users/me/keyvalue', weird])
      shapes.push(['PUT', '/v1/users/me/keyvalue', [{key: weird, value: 1}]])
      shapes.push(['PUT', '/v1/projects/localdev/datasets/fz-typed', {aclMode: weird}])
    }
    for (const [method, pathname, body] of shapes) await send('typed', method, pathname, {body: JSON.stringify(body)})
    await stillAnswers()
  }, 60_000)

  it('documents of the wrong shape, as published articles, experts, citations and decisions', async () => {
    const dana = t.user('fact-checker').token
    const shapes: unknown[] = []
    const base = articleWithClaim('fz-shape', 'Sunscreen prevents burns.')
    for (let i = 0; i < 120; i++) shapes.push(mutateValue(base))
    for (const weird of WEIRD.slice(0, 22)) {
      shapes.push({_id: 'fz-expert', _type: 'expert', name: weird, postnominals: weird, credentials: weird})
      shapes.push({_id: 'fz-expert', _type: 'expert', name: 'x', credentials: [{_key: 'a', kind: weird, profession: weird, expiresOn: weird, issuedOn: weird, verification: weird}]})
      shapes.push({_id: 'fz-citation', _type: 'citation', retracted: weird, title: weird})
      shapes.push({...approvalFor(base), _id: 'fz-approval', checkedBy: weird})
      shapes.push({...approvalFor(base), _id: 'fz-approval', checkedBy: {id: 'p-dana', roles: weird}, fingerprint: weird, claimKey: weird, checkedAt: weird, article: weird})
    }
    // An article that relies on the malformed documents, published after each of them.
    const relying = articleWithClaim('fz-relying', 'Sunscreen prevents burns.', {expert: {_type: 'reference', _ref: 'fz-expert'}, citations: [{_type: 'reference', _ref: 'fz-citation', _key: 'c'}]})
    for (const doc of shapes) {
      const isDecision = (doc as {_type?: unknown})._type === 'factCheck.approval'
      await send('shape', 'POST', `${API}/data/mutate/fuzz`, {body: JSON.stringify({mutations: [{createOrReplace: doc}]}), token: isDecision ? dana : undefined})
      await send('shape relying', 'POST', `${API}/data/mutate/fuzz`, {body: JSON.stringify({mutations: [{createOrReplace: relying}]})})
      await send('shape import', 'POST', `${API}/data/import/fuzz?mode=replace`, {body: `${JSON.stringify(doc)}\n`, headers: {'content-type': 'application/x-ndjson'}})
    }
    await stillAnswers()
  }, 60_000)

  it('hostile GROQ and parameters, by GET and POST, through queries and listeners', async () => {
    for (const query of HOSTILE_GROQ) {
      await send('groq GET', 'GET', `${API}/data/query/production?query=${encodeURIComponent(query)}&$t=%22article%22`)
      await send('groq POST', 'POST', `${API}/data/query/production`, {body: JSON.stringify({query, params: {t: 'article', x: [1]}})})
      if (query.length < 6000) await send('groq listen', 'GET', `${API}/data/listen/production?query=${encodeURIComponent(query)}`)
    }
    // Site queries, damaged.
    for (const query of [ARTICLE_PAGE_QUERY, ARTICLE_LISTING_QUERY, EXPERT_PROFILE_QUERY]) {
      for (let i = 0; i < 40; i++) await send('groq damaged', 'POST', `${API}/data/query/production`, {body: JSON.stringify({query: damageText(query), params: {...params, slug: 'x', start: 0, end: 2}})})
    }
    for (const raw of ['abc', '{', '"unterminated', '[1,', 'nan', `${'['.repeat(5000)}${']'.repeat(5000)}`, '1e999', '"\\ud800"', '{"__proto__": {"polluted": true}}']) {
      await send('param GET', 'GET', `${API}/data/query/production?query=${encodeURIComponent('$p')}&%24p=${encodeURIComponent(raw)}`)
      await send('param listen', 'GET', `${API}/data/listen/production?query=${encodeURIComponent('*[_id == $p]')}&%24p=${encodeURIComponent(raw)}`)
    }
    for (const perspective of ['raw,drafts', 'drafts,,', 'a b', '..', 'published,raw', 'x'.repeat(3000), '%00', 'drafts,published,previewDrafts']) {
      await send('perspective', 'GET', `${API}/data/query/production?query=count(*)&perspective=${encodeURIComponent(perspective)}`)
    }
    await stillAnswers()
  }, 60_000)

  it('broken URLs, methods and headers', async () => {
    const segments = ['%', '%E0%A4%A', '%ZZ', '%00', '..', '%2e%2e', '%2F', 'x'.repeat(3000), '\u00e9', '%F0%9F%98%80', '*', ',,,', 'drafts.', ' ']
    for (const [method, pathname] of PATHS) {
      for (const seg of segments) {
        const broken = pathname.replace(/production|article-olive-oil-skin|localdev|me(?=\/|$)|p-dana/, seg)
        await send('url', method, broken, method === 'GET' ? {} : {body: '{}'})
      }
      for (const other of ['DELETE', 'PATCH', 'PUT', 'POST', 'GET']) if (other !== method) await send('method', other, pathname, other === 'GET' ? {} : {body: '{}'})
      await send('no such version', method, pathname.replace(/^\/v[^/]+/, '/vNOPE'), method === 'GET' ? {} : {body: '{}'})
      await send('content-type', method, pathname, method === 'GET' ? {headers: {'content-type': 'text/plain'}} : {body: 'not json at all', headers: {'content-type': 'text/plain'}})
      for (const auth of ['Bearer', 'Basic YTpi', `Bearer ${'x'.repeat(8000)}`, `Bearer ${adminToken} ${adminToken}`]) await send('auth', method, pathname, {token: null, headers: {authorization: auth}, ...(method === 'GET' ? {} : {body: '{}'})})
    }
    const searches: Array<[string, string[]]> = [
      [`${API}/data/history/production/transactions/article-olive-oil-skin`, ['limit=-1', 'limit=abc', 'limit=1e9', 'fromTime=yesterday', 'toTime=%ZZ', 'fromTransaction=nope', 'toTransaction=nope', 'reverse=maybe', 'effectFormat=weird', 'excludeContent=2&excludeContent=true']],
      [`${API}/data/history/production/documents/article-olive-oil-skin,drafts.x,,`, ['revision=nope', 'time=never', 'time=', 'lastRevision=x', 'revision=&time=']],
      [`${API}/data/export/production`, ['types=%ZZ', 'types=,,,', `types=${'article,'.repeat(500)}`, 'types=__proto__']],
      [`${API}/data/listen/production`, ['query=*&includeResult=x', 'query=*&effectFormat=nope', 'query=*&visibility=nope&tag=%00', 'query=', 'query=*&%24=1', 'query=*[_id==$a]&%24a=%7B%7D&%24a=1']],
      [`${API}/data/doc/production/,,,`, ['x=1']],
      [`${API}/data/query/production`, ['query=*&returnQuery=maybe', 'query=*&perspective=', 'query=count(*)&%24=1', 'query=count(*)&%24%24=1', 'query=$__proto__&%24__proto__=%7B%22polluted%22%3Atrue%7D']],
    ]
    for (const [pathname, list] of searches) for (const search of list) await send('search', 'GET', `${pathname}?${search}`)
    await send('long url', 'GET', `${API}/data/query/production?query=${'x'.repeat(60_000)}`)
    await send('unknown route', 'GET', '/v1/definitely/not/here')
    await send('root', 'GET', '/')
    await stillAnswers()
  }, 60_000)

  it('huge payloads: over the limit 413, under it handled', async () => {
    await send('huge', 'POST', `${API}/data/mutate/fuzz`, {body: 'x'.repeat(11 * 1024 * 1024)})
    await send('huge import', 'POST', `${API}/data/import/fuzz`, {body: `${JSON.stringify({_id: 'fz-big', _type: 'post', s: 'y'.repeat(11 * 1024 * 1024)})}\n`})
    const big = await send('big doc', 'POST', `${API}/data/mutate/fuzz`, {body: JSON.stringify({mutations: [{createOrReplace: {_id: 'fz-big', _type: 'post', s: 'y'.repeat(8 * 1024 * 1024)}}]})})
    expect(big.status).toBe(200)
    const mutations = (count: number) => JSON.stringify({mutations: Array.from({length: count}, (_, i) => ({createOrReplace: {_id: `fz-many-${i}`, _type: 'fz.many', i}}))})
    const many = await send('many mutations', 'POST', `${API}/data/mutate/fuzz`, {body: mutations(MAX_TRANSACTION_DOCUMENTS)})
    expect(many.status).toBe(200)
    expect((await send('too many mutations', 'POST', `${API}/data/mutate/fuzz`, {body: mutations(MAX_TRANSACTION_DOCUMENTS + 1)})).status).toBe(413)
    const wide = await send('wide object', 'POST', `${API}/data/mutate/fuzz`, {body: JSON.stringify({mutations: [{createOrReplace: {_id: 'fz-wide', _type: 'post', ...Object.fromEntries(Array.from({length: 50_000}, (_, i) => [`k${i}`, i]))}}]})})
    expect(wide.status).toBe(200)
    const deepButFine = await send('deep 90', 'POST', `${API}/data/mutate/fuzz`, {body: `{"mutations":[{"createOrReplace":{"_id":"fz-deep","_type":"post","v":${'['.repeat(90)}${']'.repeat(90)}}}]}`})
    expect(deepButFine.status).toBe(200)
    for (const depth of [150, 5_000, 100_000]) {
      const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`
      expect((await send('deep body', 'POST', `${API}/data/mutate/fuzz`, {body: `{"mutations":[{"create":{"_type":"post","v":${nested}}}]}`})).status).toBe(400)
      expect((await send('deep params', 'POST', `${API}/data/query/production`, {body: `{"query":"$v","params":{"v":${nested}}}`})).status).toBe(400)
      expect((await send('deep keyvalue', 'PUT', '/v1/users/me/keyvalue', {body: `[{"key":"k","value":${nested}}]`})).status).toBe(400)
      expect((await send('deep import', 'POST', `${API}/data/import/fuzz`, {body: `{"_id":"fz-d","_type":"post","v":${nested}}\n`})).status).toBe(400)
    }
    await stillAnswers()
  }, 60_000)

  it('afterwards: every answer was below 500, the data is intact, nothing was polluted', async () => {
    expect(seen.length).toBeGreaterThan(3000)
    expect(seen.filter((s) => s.status >= 500)).toEqual([])
    expect(seen.filter((s) => s.status >= 400).length).toBeGreaterThan(2000)
    expect(await productionExport()).toBe(exportBefore)
    expect(await listing()).toBe(listingBefore)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false)
  })
})

describe('the audit command on documents of the wrong shape', () => {
  it('reports the articles it cannot read as failing, and checks the others', async () => {
    const docs = readFileSync(SEED_FILE, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown> & {_id: string; _type: string})
    const articles = docs.filter((d) => d._type === 'article' && !d._id.startsWith('drafts.'))
    expect(articles.length).toBeGreaterThanOrEqual(2)
    // A string where the schema has a list, in the first article's first claim.
    const [broken] = articles
    const block = (broken.body as Array<{markDefs?: Array<{_type: string; citations?: unknown}>}>).find((b) => b.markDefs?.some((m) => m._type === 'medicalClaim'))
    const claim = block?.markDefs?.find((m) => m._type === 'medicalClaim')
    if (!claim) throw new Error('the seed article has no claim')
    claim.citations = 'citation-as-a-string'
    const dir = tempDir('reliability-audit-shape-')
    try {
      const file = path.join(dir, 'export.ndjson')
      writeFileSync(file, docs.map((d) => JSON.stringify(d)).join('\n'))
      let stdout = ''
      const code = await runAuditCli(['--file', file, '--json', '--now', '2026-11-24T12:00:00Z'], {stdout: {write: (s: string) => (stdout += s)}, stderr: {write: () => undefined}, env: {}})
      expect(code).toBe(1)
      const report = JSON.parse(stdout) as AuditReport
      const result = report.articles.find((a) => a.id === broken._id)
      expect(result).toMatchObject({status: 'fail', issues: [{code: 'article.unreadable', severity: 'error', message: expect.stringContaining('cannot read this article')}]})
      expect(report.totals.articles).toBe(articles.length)
      for (const other of articles.slice(1)) expect(report.articles.find((a) => a.id === other._id)?.issues.some((i) => i.code === 'article.unreadable')).toBe(false)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
