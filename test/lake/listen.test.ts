/** Listeners over server-sent events, read with @sanity/client's own listen(). */
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {MutationEvent, SanityClient} from '@sanity/client'
import {Mutation} from '@sanity/mutator'
import {applyPatch as applyMendoza} from 'mendoza'
import {Agent, fetch as undiciFetch} from 'undici'
import {MAX_LISTENERS_PER_USER, listenerQueryRefusal} from '../../lake/listen.ts'
import {parseQuery} from '../../lake/query/index.ts'
import {WATCH_QUERY} from '../../plugins/medical-claims/hooks/policyContextStore.ts'
import {sleep, startTestLake, take, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient

beforeAll(async () => {
  t = await startTestLake({policy: null})
  admin = t.client('administrator')
})
afterAll(async () => {
  await t?.close()
})

type Event = {type: string} & Partial<MutationEvent> & Record<string, unknown>

describe('listen', () => {
  it('sends welcome, then appear/update/disappear with revisions, results and effects', async () => {
    const events = take<Event>(
      admin.listen('*[_type == "note"]', {}, {events: ['welcome', 'mutation'], includeResult: true, includePreviousRevision: true, effectFormat: 'mendoza'}) as never,
      4,
    )
    await sleep(200)
    const created = await admin.create({_id: 'note-1', _type: 'note', text: 'a'})
    await admin.create({_id: 'other-1', _type: 'other'})
    const updated = await admin.patch('note-1').set({text: 'b'}).commit()
    await admin.delete('note-1')
    const [welcome, appear, update, disappear] = await events
    expect(welcome.type).toBe('welcome')
    expect(appear).toMatchObject({type: 'mutation', documentId: 'note-1', transition: 'appear', resultRev: created._rev, transactionId: created._rev, identity: t.user('administrator').id, visibility: 'query', transactionTotalEvents: 1, transactionCurrentEvent: 1})
    expect(appear.previousRev).toBeUndefined()
    expect(appear.result).toMatchObject({_id: 'note-1', text: 'a'})
    expect(update).toMatchObject({transition: 'update', previousRev: created._rev, resultRev: updated._rev, result: {text: 'b'}, previous: {text: 'a'}})
    expect(disappear).toMatchObject({transition: 'disappear', previousRev: updated._rev})
    expect(disappear.result).toBeUndefined()

    // Effects and mutations rebuild the document exactly (the Studio relies on both).
    const effects = update.effects as {apply: unknown[]; revert: unknown[]}
    const {_rev: _r1, ...createdWithoutRev} = created
    const applied = applyMendoza(createdWithoutRev, effects.apply as never) as Record<string, unknown>
    const {_rev: _r2, ...updatedWithoutRev} = updated
    expect(applied).toEqual(updatedWithoutRev)
    expect(applyMendoza(updatedWithoutRev, effects.revert as never)).toEqual(createdWithoutRev)
    const rebuilt = new Mutation({mutations: update.mutations as never, resultRev: update.resultRev as string}).apply(created as never)
    expect(rebuilt).toEqual(updated)
    expect(applyMendoza(updatedWithoutRev, (disappear.effects as {apply: unknown[]}).apply as never)).toBeNull()
  })

  it('counts transactionTotalEvents per listener', async () => {
    const both = take<Event>(admin.listen('*[_id in $ids]', {ids: ['pair-a', 'pair-b']}, {events: ['mutation'], includeResult: false}) as never, 2)
    const one = take<Event>(admin.listen('*[_id == "pair-a"]', {}, {events: ['mutation'], includeResult: false}) as never, 1)
    await sleep(200)
    await admin.transaction().create({_id: 'pair-a', _type: 'x'}).create({_id: 'pair-b', _type: 'x'}).create({_id: 'pair-c', _type: 'x'}).commit()
    const [a, b] = await both
    expect([a.transactionTotalEvents, b.transactionTotalEvents]).toEqual([2, 2])
    expect([a.transactionCurrentEvent, b.transactionCurrentEvent]).toEqual([1, 2])
    const [only] = await one
    expect(only).toMatchObject({documentId: 'pair-a', transactionTotalEvents: 1, transactionCurrentEvent: 1})
    expect(only.result).toBeUndefined()
  })

  it('a publish gives the pair listener both events of one transaction', async () => {
    await admin.create({_id: 'drafts.pub-1', _type: 'note', text: 'draft'})
    const events = take<Event>(admin.listen('*[_id in $ids]', {ids: ['pub-1', 'drafts.pub-1']}, {events: ['mutation'], effectFormat: 'mendoza', includeResult: false}) as never, 2)
    await sleep(200)
    const res = await admin.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.pub-1', publishedId: 'pub-1'})
    const got = await events
    expect(got.map((e) => [e.documentId, e.transition, e.transactionId]).sort()).toEqual([
      ['drafts.pub-1', 'disappear', res.transactionId],
      ['pub-1', 'appear', res.transactionId],
    ])
    expect(got.every((e) => e.transactionTotalEvents === 2)).toBe(true)
  })

  it('skips versions unless includeAllVersions', async () => {
    const all = take<Event>(admin.listen('*[_type == "ver"]', {}, {events: ['mutation'], includeAllVersions: true}) as never, 2)
    const plain = take<Event>(admin.listen('*[_type == "ver"]', {}, {events: ['mutation']}) as never, 1)
    await sleep(200)
    await admin.create({_id: 'versions.r1.ver-1', _type: 'ver'})
    await admin.create({_id: 'ver-1', _type: 'ver'})
    expect((await all).map((e) => e.documentId)).toEqual(['versions.r1.ver-1', 'ver-1'])
    expect((await plain).map((e) => e.documentId)).toEqual(['ver-1'])
  })

  it('refuses an invalid listener query with 400 and needs a token', async () => {
    const bad = await t.request('GET', `/v1/data/listen/production?query=${encodeURIComponent('*[')}`)
    expect(bad.status).toBe(400)
    const anonymous = await t.request('GET', '/v1/data/listen/production?query=*', {token: null})
    expect(anonymous.status).toBe(401)
  })

  it("refuses a filter that iterates over a list per element of another (its cost, every write, is their sizes multiplied), and takes the Studio's and the plugin's filters", async () => {
    const numbers = Array.from({length: 150}, (_, i) => i)
    const nested = '*[count($a[count($a[count($a[count($a) > 0]) > 0]) > 0]) > 0]'
    const res = await t.request('GET', `/v1/data/listen/production?query=${encodeURIComponent(nested)}&$a=${encodeURIComponent(JSON.stringify(numbers))}`)
    expect(res.status).toBe(400)
    expect(res.text).toContain('iterates over a list inside an iteration over another list')
    for (const query of ['*[count(body[count(^.body[_type == "block"]) > 0]) > 0]', '*[count($a[count($a | order(@)) > 0]) > 0]', '*[count(tags[count(^.tags[@ == "x"]) > 0]) > 0]', '*[count($a[@ in $a]) > 0]', '*[count(tags[@ in $a]) > 0]']) {
      expect(listenerQueryRefusal(parseQuery(query, {a: numbers})), query).toContain('iterates over a list')
    }
    const allowedParams = {type: 'note', ids: ['a'], a: numbers, decisionTypes: ['x'], articleId: 'a'}
    for (const query of ['*', '*[_type == $type]', '*[_id in $ids]', WATCH_QUERY, '*[_type == "note" && count(tags[@ == "x"]) > 0]', '*[count($a[@ > 0][@ < 5]) > 0]', '*[_type == "article" && count(body[].markDefs[_type == "medicalClaim"]) > 0]', '*[_type == $type && !(_id in path("drafts.**"))]', '*[count(tags[@ == $type]) > 0]', '*[count(tags[@ in ["a", "b"]]) > 0]']) {
      expect(listenerQueryRefusal(parseQuery(query, allowedParams)), query).toBeNull()
    }
  })

  it(`refuses a user's listener past ${MAX_LISTENERS_PER_USER} open at once with 429, and takes one again once some close`, async () => {
    const user = t.user('administrator').id
    const sink = {write: () => true, end: () => undefined, on: () => undefined}
    const spec = {tree: parseQuery('*'), params: {}, identity: user, includeResult: false, includePreviousRevision: false, includeMutations: false, includeAllVersions: false, effectFormat: null, visibility: 'query'}
    const open = Array.from({length: MAX_LISTENERS_PER_USER - t.running.lake.hub.countFor(user)}, () => t.running.lake.hub.add('production', sink, spec))
    const refused = await t.request('GET', '/v1/data/listen/production?query=*')
    expect(refused.status).toBe(429)
    expect(refused.text).toContain(`at most ${MAX_LISTENERS_PER_USER}`)
    for (const listener of open) listener.close()
    const events = take<Event>(admin.listen('*[_type == "note"]', {}, {events: ['welcome']}) as never, 1)
    expect((await events)[0].type).toBe('welcome')
  })

  it('says disconnect when the server shuts down, and keeps data across the restart', async () => {
    const agent = new Agent({connect: {ca: t.running.cert}})
    const res = await undiciFetch(`${t.running.url}/v1/data/listen/production?query=*`, {
      headers: {authorization: `Bearer ${t.user('administrator').token}`},
      dispatcher: agent,
    })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    let text = ''
    const read = (async () => {
      for (;;) {
        const {done, value} = await reader.read()
        if (done) break
        text += Buffer.from(value).toString('utf8')
      }
    })()
    await sleep(100)
    await t.restart()
    await read
    expect(text).toMatch(/^event: welcome\ndata: \{"listenerName":"[^"]+"\}\n\n/)
    expect(text).toContain('event: disconnect')
    await agent.close()
    admin = t.client('administrator')
    expect(await admin.getDocument('pub-1')).toMatchObject({text: 'draft'})
  })
})

describe('a listener opened with a token that expires', () => {
  it('is disconnected when the token expires, and hears nothing written after', async () => {
    const lake = await startTestLake({policy: null})
    try {
      const file = path.join(lake.dataDir, 'users.json')
      const users = JSON.parse(readFileSync(file, 'utf8')) as {tokens?: unknown[]}
      const token = 'expiring-token-of-the-viewer-0000000000001'
      users.tokens = [{token, userId: lake.user('viewer').id, label: 'contractor', expiresAt: new Date(Date.now() + 1_500).toISOString()}]
      writeFileSync(file, JSON.stringify(users))
      await lake.restart()
      const res = await undiciFetch(`${lake.running.url}/v1/data/listen/production?query=${encodeURIComponent('*[_type == "note"]')}&includeResult=true`, {
        headers: {authorization: `Bearer ${token}`},
        dispatcher: new Agent({connect: {ca: lake.running.cert}}),
      })
      expect(res.status).toBe(200)
      const text = await res.text()
      // The stream ended by itself, with the reason, at the token's expiry.
      expect(text).toContain('event: welcome')
      expect(text).toContain('event: disconnect')
      expect(text).toContain('has expired')
      await lake.client('p-priya').create({_id: 'drafts.note-after', _type: 'note', text: 'written after the expiry'})
      expect(text).not.toContain('written after the expiry')
      expect((await lake.request('GET', '/v1/data/query/production?query=count(*)', {token})).status).toBe(401)
    } finally {
      await lake.close()
    }
  })
})
