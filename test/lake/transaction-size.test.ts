/**
 * One user's transaction changes at most MAX_TRANSACTION_DOCUMENTS documents, whichever door it
 * comes through (an import, a request's mutations, a patch by query): a larger one is a 413 that
 * says how many it had and how to split it, and nothing of it is written. A user who may change
 * nothing is refused an import before the file is read. A document whose claims the rules could
 * not judge within bounds (too many, or pinned to too much text) is refused before they are judged.
 * Each refusal is checked in the lake's state.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {MAX_TRANSACTION_DOCUMENTS} from '../../lake/limits.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
const API = '/v2025-02-19/data'
const LIMIT = MAX_TRANSACTION_DOCUMENTS.toLocaleString('en-US')

beforeAll(async () => {
  t = await startTestLake()
})
afterAll(async () => {
  await t?.close()
})

const lines = (count: number, from = 0) => Array.from({length: count}, (_, i) => JSON.stringify({_id: `bulk-${from + i}`, _type: 'bulk', n: 0})).join('\n')
const count = async (filter: string) => (await t.client('p-morgan').fetch<number>(`count(*[${filter}])`))

describe('the size of one transaction', () => {
  it('an import over the limit: 413 saying how many and how to split it, nothing imported', async () => {
    const res = await t.request('POST', `${API}/import/production?mode=create`, {token: t.user('p-priya').token, rawBody: lines(MAX_TRANSACTION_DOCUMENTS + 1)})
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({error: {type: 'transactionTooLargeError'}})
    expect(res.text).toContain(`This import has ${(MAX_TRANSACTION_DOCUMENTS + 1).toLocaleString('en-US')} documents, and one transaction may change at most ${LIMIT} documents`)
    expect(res.text).toContain('Split the file into parts')
    expect(await count('_type == "bulk"')).toBe(0)
  })

  it('an import at the limit lands whole', async () => {
    // Blank lines (whitespace of any kind) are not documents.
    const res = await t.request('POST', `${API}/import/production?mode=create`, {token: t.user('p-priya').token, rawBody: `\n \r\n\u00a0\n${lines(MAX_TRANSACTION_DOCUMENTS)}\n\t\n`})
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({created: MAX_TRANSACTION_DOCUMENTS})
    expect(await count('_type == "bulk"')).toBe(MAX_TRANSACTION_DOCUMENTS)
  })

  it('a request of more mutations than that: 413, nothing created', async () => {
    const mutations = Array.from({length: MAX_TRANSACTION_DOCUMENTS + 1}, (_, i) => ({create: {_id: `many-${i}`, _type: 'many'}}))
    const res = await t.request('POST', `${API}/mutate/production`, {token: t.user('p-priya').token, body: {mutations}})
    expect(res.status).toBe(413)
    expect(res.text).toContain(`This request has ${(MAX_TRANSACTION_DOCUMENTS + 1).toLocaleString('en-US')} mutations`)
    expect(await count('_type == "many"')).toBe(0)
  })

  it('a request of more actions than that: 413, nothing created', async () => {
    const actions = Array.from({length: MAX_TRANSACTION_DOCUMENTS + 1}, (_, i) => ({actionType: 'sanity.action.document.create', publishedId: `act-${i}`, attributes: {_id: `drafts.act-${i}`, _type: 'many'}, ifExists: 'fail'}))
    const res = await t.request('POST', `${API}/actions/production`, {token: t.user('p-priya').token, body: {actions}})
    expect(res.status).toBe(413)
    expect(res.text).toContain(`This request has ${(MAX_TRANSACTION_DOCUMENTS + 1).toLocaleString('en-US')} actions`)
    expect(await count('_type == "many"')).toBe(0)
  })

  it('a patch by query that would change more documents: 413, none changed', async () => {
    // The lake's own import is not limited: it brings the set one past the limit.
    await t.running.lake.importNdjson('production', lines(1, MAX_TRANSACTION_DOCUMENTS), {mode: 'create', enforce: false})
    const res = await t.request('POST', `${API}/mutate/production`, {token: t.user('p-priya').token, body: {mutations: [{patch: {query: '*[_type == "bulk"]', set: {n: 1}}}]}})
    expect(res.status).toBe(413)
    expect(res.text).toContain(`This transaction changes ${(MAX_TRANSACTION_DOCUMENTS + 1).toLocaleString('en-US')} documents`)
    expect(res.text).toContain('narrow the query')
    expect(await count('_type == "bulk" && n == 1')).toBe(0)
    // Narrowed under the limit, it lands.
    const narrowed = await t.request('POST', `${API}/mutate/production`, {token: t.user('p-priya').token, body: {mutations: [{patch: {query: '*[_type == "bulk"] | order(_id) [0...5000]', set: {n: 1}}}]}})
    expect(narrowed.status).toBe(200)
    expect(await count('_type == "bulk" && n == 1')).toBe(5000)
  })

  it("a viewer's import is refused before the file is read: 403 even for a file over the body limit", async () => {
    const small = await t.request('POST', `${API}/import/production?mode=create`, {token: t.user('p-site').token, rawBody: lines(3, 50_000)})
    expect(small.status).toBe(403)
    expect(small.text).toContain('whose role may not change documents, so nothing was written')
    const huge = await t.request('POST', `${API}/import/production?mode=create`, {token: t.user('p-site').token, rawBody: `${lines(1, 60_000)}\n${' '.repeat(11 * 1024 * 1024)}`}).catch((error: unknown) => error)
    expect(huge).toMatchObject({status: 403})
    expect(await count('_id in path("bulk-5*") || _id in path("bulk-6*")')).toBe(0)
  })
})

describe('what judging a document reads is bounded', () => {
  /** A block of one span of `length` characters that marks `claims` claims. */
  const flood = (id: string, claims: number, length: number) => ({
    _id: id,
    _type: 'article',
    title: 'Flood',
    body: [
      {
        _type: 'block',
        _key: 'b1',
        style: 'normal',
        markDefs: Array.from({length: claims}, (_, i) => ({_type: 'medicalClaim', _key: `c${i}`, kind: 'benefit'})),
        children: [{_type: 'span', _key: 's1', text: 'x'.repeat(length), marks: ['c0']}],
      },
    ],
  })

  it.each([
    ['20,000 claims on a paragraph of 1,000,000 characters', 20_000, 1_000_000, 'it marks 20,000 medical claims'],
    ['1,000 claims on a paragraph of 5,000 characters', 1_000, 5_000, 'its claims are pinned to 5,001,000 characters of text'],
  ])('%s: 413 saying what to split, nothing written, and the lake answers at once', async (_name, claims, length, says) => {
    for (const id of ['article-flood', 'drafts.article-flood']) {
      const res = await t.request('POST', `${API}/mutate/production`, {token: t.user('p-priya').token, body: {mutations: [{createOrReplace: flood(id, claims, length)}]}})
      expect(res.status).toBe(413)
      expect(res.body).toMatchObject({error: {type: 'documentTooLargeError'}})
      expect(res.text).toContain(says)
    }
    expect(await count('_id in ["article-flood", "drafts.article-flood"]')).toBe(0)
    expect((await t.request('GET', '/v2025-02-19/ping')).status).toBe(200)
  })

  it('a 200-claim article of 1,000-character paragraphs is written', async () => {
    const doc = {...flood('drafts.article-long', 10, 1_000), body: Array.from({length: 20}, (_, b) => ({...flood('x', 10, 1_000).body[0], _key: `b${b}`}))}
    const res = await t.request('POST', `${API}/mutate/production`, {token: t.user('p-priya').token, body: {mutations: [{createOrReplace: doc}]}})
    expect(res.status).toBe(200)
  })
})
