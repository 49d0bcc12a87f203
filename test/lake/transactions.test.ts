/** Mutations over HTTP with @sanity/client: every kind, documents back, dry runs, conflicts, bad input, restart. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient

beforeAll(async () => {
  // Enforcement is covered in enforce.test.ts; these documents are not articles anyway.
  t = await startTestLake({policy: null})
  admin = t.client('administrator')
})
afterAll(async () => {
  await t?.close()
})

describe('mutations', () => {
  it('creates, reads back and sets system fields', async () => {
    const doc = await admin.create({_id: 'post-1', _type: 'post', title: 'One', tags: ['a']})
    expect(doc).toMatchObject({_id: 'post-1', _type: 'post', title: 'One'})
    expect(typeof doc._rev).toBe('string')
    expect(doc._createdAt).toBe(doc._updatedAt)
    const fetched = await admin.getDocument('post-1')
    expect(fetched).toEqual(doc)
  })

  it('generates ids, honours an id prefix and refuses an existing id with 409', async () => {
    const generated = await admin.create({_type: 'post', title: 'No id'})
    expect(generated._id).toMatch(/^[A-Za-z0-9]{22}$/)
    const prefixed = await admin.create({_id: 'drafts.', _type: 'post', title: 'Prefixed'})
    expect(prefixed._id).toMatch(/^drafts\.[A-Za-z0-9]{22}$/)
    await expect(admin.create({_id: 'post-1', _type: 'post'})).rejects.toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('already exists'),
    })
  })

  it('createOrReplace, createIfNotExists and operations in results', async () => {
    const res = await admin
      .transaction()
      .createOrReplace({_id: 'post-2', _type: 'post', title: 'Two'})
      .createIfNotExists({_id: 'post-1', _type: 'post', title: 'ignored'})
      .createIfNotExists({_id: 'post-3', _type: 'post', title: 'Three'})
      .commit()
    expect(res.results).toEqual([
      {id: 'post-2', operation: 'create'},
      {id: 'post-1', operation: 'none'},
      {id: 'post-3', operation: 'create'},
    ])
    const replaced = await admin.createOrReplace({_id: 'post-2', _type: 'post', title: 'Two again'})
    expect(replaced.title).toBe('Two again')
    expect((await admin.getDocument('post-1'))?.title).toBe('One')
  })

  it('applies every patch operation', async () => {
    await admin.create({_id: 'patchme', _type: 'post', count: 1, items: [{_key: 'a', v: 1}, {_key: 'c', v: 3}], text: 'hello world', drop: true})
    const doc = await admin
      .patch('patchme')
      .set({title: 'Set'})
      .setIfMissing({title: 'not used', subtitle: 'Missing'})
      .unset(['drop'])
      .inc({count: 5})
      .dec({count: 2})
      .insert('after', 'items[_key=="a"]', [{_key: 'b', v: 2}])
      .diffMatchPatch({text: '@@ -1,11 +1,11 @@\n-hello\n+howdy\n  world\n'})
      .commit()
    expect(doc).toMatchObject({title: 'Set', subtitle: 'Missing', count: 4, text: 'howdy world'})
    expect(doc.drop).toBeUndefined()
    expect((doc.items as Array<{_key: string}>).map((i) => i._key)).toEqual(['a', 'b', 'c'])
    const replaced = await admin.patch('patchme').insert('replace', 'items[1]', [{_key: 'x', v: 9}]).commit()
    expect((replaced.items as Array<{_key: string}>).map((i) => i._key)).toEqual(['a', 'x', 'c'])
    const before = await admin.patch('patchme').insert('before', 'items[0]', [{_key: 'z'}]).commit()
    expect((before.items as Array<{_key: string}>)[0]._key).toBe('z')
  })

  it('deletes by id and by query, and patches by query', async () => {
    await admin.transaction().create({_id: 'q-1', _type: 'bulk', n: 1}).create({_id: 'q-2', _type: 'bulk', n: 2}).create({_id: 'q-3', _type: 'bulk', n: 3}).commit()
    const patched = await admin.mutate([{patch: {query: '*[_type == "bulk" && n > 1]', set: {big: true}}}], {returnDocuments: false})
    expect(patched.results.map((r) => r.id).sort()).toEqual(['q-2', 'q-3'])
    expect(await admin.fetch('*[_type == "bulk" && big]._id | order(@)')).toEqual(['q-2', 'q-3'])
    const deleted = await admin.delete({query: '*[_type == "bulk" && big == true]'})
    expect(deleted.results.map((r) => r.operation)).toEqual(['delete', 'delete'])
    await admin.delete('q-1')
    expect(await admin.fetch('count(*[_type == "bulk"])')).toBe(0)
  })

  it('returns documents or ids as asked', async () => {
    const ids = await admin.mutate([{create: {_id: 'ret-1', _type: 'post'}}], {returnDocuments: false})
    expect(ids).toMatchObject({transactionId: expect.any(String), documentIds: ['ret-1'], results: [{id: 'ret-1', operation: 'create'}]})
    const docs = await admin.mutate([{patch: {id: 'ret-1', set: {title: 'R'}}}], {returnDocuments: true})
    expect(docs).toEqual([expect.objectContaining({_id: 'ret-1', title: 'R'})])
    const raw = await t.request('POST', '/v2025-02-19/data/mutate/production?returnIds=true&returnDocuments=true', {
      body: {mutations: [{patch: {id: 'ret-1', set: {title: 'S'}}}]},
    })
    expect(raw.status).toBe(200)
    expect(raw.body).toMatchObject({results: [{id: 'ret-1', operation: 'update', document: {title: 'S'}}], documentIds: ['ret-1']})
  })

  it('keeps the client transaction id as transaction and revision', async () => {
    const res = await admin.transaction().create({_id: 'tx-own', _type: 'post'}).transactionId('my-own-tx-1').commit()
    expect(res.transactionId).toBe('my-own-tx-1')
    expect((await admin.getDocument('tx-own'))?._rev).toBe('my-own-tx-1')
    const again = await t.request('POST', '/v1/data/mutate/production', {body: {mutations: [{create: {_id: 'tx-own-2', _type: 'post'}}], transactionId: 'my-own-tx-1'}})
    expect(again.status).toBe(409)
  })

  it('dryRun validates without writing', async () => {
    const res = await admin.create({_id: 'dry', _type: 'post'}, {dryRun: true})
    expect(res).toMatchObject({_id: 'dry'})
    expect(await admin.getDocument('dry')).toBeUndefined()
  })

  it('transactions are atomic: a failing mutation applies nothing', async () => {
    await expect(
      admin.transaction().create({_id: 'atomic-1', _type: 'post'}).patch('does-not-exist', (p) => p.set({x: 1})).commit(),
    ).rejects.toMatchObject({statusCode: 404})
    expect(await admin.getDocument('atomic-1')).toBeUndefined()
  })
})

describe('conflicts', () => {
  it('ifRevisionID mismatch answers 409 in the mutationError shape', async () => {
    const doc = await admin.create({_id: 'rev-1', _type: 'post', n: 1})
    await admin.patch('rev-1').set({n: 2}).ifRevisionId(doc._rev).commit()
    const stale = await t.request('POST', '/v2025-02-19/data/mutate/production', {
      body: {mutations: [{patch: {id: 'rev-1', ifRevisionID: doc._rev, set: {n: 3}}}]},
    })
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({
      error: {type: 'mutationError', items: [{error: {type: 'documentRevisionIDDoesNotMatchError', id: 'rev-1'}, index: 0}]},
    })
    await expect(admin.patch('rev-1').set({n: 4}).ifRevisionId(doc._rev).commit()).rejects.toMatchObject({
      statusCode: 409,
      message: expect.stringContaining('unexpected revision ID'),
    })
    expect((await admin.getDocument('rev-1'))?.n).toBe(2)
  })
})

describe('bad input never takes the server down', () => {
  const cases: Array<[string, string, string, {body?: unknown; rawBody?: string}, number]> = [
    ['malformed JSON', 'POST', '/v1/data/mutate/production', {rawBody: '{"mutations": ['}, 400],
    ['no mutations', 'POST', '/v1/data/mutate/production', {body: {}}, 400],
    ['unknown mutation kind', 'POST', '/v1/data/mutate/production', {body: {mutations: [{explode: {id: 'x'}}]}}, 400],
    ['document without _type', 'POST', '/v1/data/mutate/production', {body: {mutations: [{create: {_id: 'x'}}]}}, 400],
    ['bad id', 'POST', '/v1/data/mutate/production', {body: {mutations: [{createOrReplace: {_id: 'has space', _type: 't'}}]}}, 400],
    ['wrong patch type', 'POST', '/v1/data/mutate/production', {body: {mutations: [{patch: {id: 'post-1', inc: {n: 'x'}}}]}}, 400],
    ['unknown patch op', 'POST', '/v1/data/mutate/production', {body: {mutations: [{patch: {id: 'post-1', frobnicate: {}}}]}}, 400],
    ['unknown dataset', 'GET', '/v1/data/query/nope?query=*', {}, 404],
    ['invalid GROQ', 'GET', `/v1/data/query/production?query=${encodeURIComponent('*[_type ==')}`, {}, 400],
    ['bad $param JSON', 'GET', `/v1/data/query/production?query=*[_id==$id]&%24id=abc`, {}, 400],
    ['unknown action', 'POST', '/v1/data/actions/production', {body: {actions: [{actionType: 'sanity.action.document.frobnicate', publishedId: 'r'}]}}, 400],
    ['unknown route', 'GET', '/v1/nothing/here', {}, 404],
  ]
  it.each(cases)('%s -> %i', async (_name, method, pathname, options, status) => {
    const res = await t.request(method, pathname, options)
    expect(res.status).toBe(status)
    expect(res.body).toMatchObject({error: {description: expect.any(String), type: expect.any(String)}, statusCode: status})
    const ping = await t.request('GET', '/v1/ping', {token: null})
    expect(ping.status).toBe(200)
  })

  it('refuses a patch path with recursive descent (its cost doubles with each level the document nests), and writes nothing', async () => {
    let nested: Record<string, unknown> = {x: 1}
    for (let i = 0; i < 14; i++) nested = {a: nested}
    await admin.createOrReplace({_id: 'deep-1', _type: 'note', a: nested})
    for (const patch of [{set: {'a..x': 5}}, {unset: ['a..x']}, {inc: {'a..a..x': 1}}, {insert: {after: 'a..list[-1]', items: [1]}}]) {
      const res = await t.request('POST', '/v1/data/mutate/production', {body: {mutations: [{patch: {id: 'deep-1', ...patch}}]}})
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toContain('uses recursive descent')
    }
    // Two dots inside a quoted key are a key, not a descent.
    await admin.patch('deep-1').set({title: 'a..b'}).commit()
    await t.request('POST', '/v1/data/mutate/production', {body: {mutations: [{patch: {id: 'deep-1', set: {'list': [{_key: 'k..1', v: 1}]}}}]}})
    const keyed = await t.request('POST', '/v1/data/mutate/production', {body: {mutations: [{patch: {id: 'deep-1', set: {'list[_key=="k..1"].v': 2}}}]}})
    expect(keyed.status).toBe(200)
    expect(await admin.getDocument('deep-1')).toMatchObject({a: nested, title: 'a..b', list: [{_key: 'k..1', v: 2}]})
  })

  it('refuses bodies over the limit with 413', async () => {
    const big = 'x'.repeat(11 * 1024 * 1024)
    const res = await t.request('POST', '/v1/data/mutate/production', {rawBody: big, headers: {'content-type': 'application/json'}})
    expect(res.status).toBe(413)
    expect((await t.request('GET', '/v1/ping')).status).toBe(200)
  })

  it('a GROQ parse error reaches the client as a readable message with the position', async () => {
    const err = await admin.fetch('*[_type == "post" &&]').catch((e: unknown) => e)
    expect(err).toMatchObject({statusCode: 400, message: expect.stringContaining('GROQ query parse error')})
    const raw = await t.request('GET', `/v1/data/query/production?query=${encodeURIComponent('*[_type == "post" &&]')}`)
    expect(raw.body).toMatchObject({error: {type: 'queryParseError', query: '*[_type == "post" &&]', start: expect.any(Number), end: expect.any(Number)}})
  })
})

describe('doc endpoint', () => {
  it('returns found documents and omits missing ones', async () => {
    const res = await t.request('GET', '/v2025-02-19/data/doc/production/post-1,missing-one')
    expect(res.body).toMatchObject({documents: [{_id: 'post-1'}], omitted: [{id: 'missing-one', reason: 'existence'}]})
    const [a, b] = await admin.getDocuments(['post-1', 'missing-one'])
    expect(a?._id).toBe('post-1')
    expect(b).toBeNull()
  })
})

describe('durability', () => {
  it('keeps data, history and users across a restart', async () => {
    const before = await admin.fetch('*[_type == "post"] | order(_id)')
    const token = t.user('administrator').token
    await t.restart()
    expect(t.user('administrator').token).toBe(token)
    const after = await t.client('administrator').fetch('*[_type == "post"] | order(_id)')
    expect(after).toEqual(before)
    const history = await t.request('GET', '/v1/data/history/production/transactions/rev-1')
    expect(history.text.trim().split('\n')).toHaveLength(2)
    admin = t.client('administrator')
  })
})
