/** Queries: perspectives, Studio functions, text::query, and the planner giving exactly plain groq-js's results. */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {DatasetState} from '../../lake/dataset.ts'
import {compileTextQuery, parsePerspective, runQuery, type Perspective} from '../../lake/query/index.ts'
import {syntheticDataset} from '../../bench/planner-dataset.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient

beforeAll(async () => {
  t = await startTestLake({policy: null})
  admin = t.client('administrator')
  await admin
    .transaction()
    .create({_id: 'recipe-1', _type: 'recipe', title: 'Retinol serum for dry skin', slug: {current: 'retinol-serum'}, author: {_type: 'reference', _ref: 'person-1'}})
    .create({_id: 'drafts.recipe-1', _type: 'recipe', title: 'Retinol serum for very dry skin (draft)', slug: {current: 'retinol-serum'}, author: {_type: 'reference', _ref: 'person-1'}})
    .create({_id: 'drafts.recipe-2', _type: 'recipe', title: 'Sunscreen basics', body: [{_type: 'block', _key: 'a', children: [{_type: 'span', _key: 's', text: 'Apply SPF daily, even in winter.'}]}]})
    .create({_id: 'versions.rSummer.recipe-1', _type: 'recipe', title: 'Retinol serum, summer edition'})
    .create({_id: 'person-1', _type: 'person', name: 'Dr. Amara Okoye'})
    .create({_id: 'drafts.person-1', _type: 'person', name: 'Dr. Amara Okoye-Smith'})
    .commit()
})
afterAll(async () => {
  await t?.close()
})

describe('perspectives', () => {
  it('raw sees every document id', async () => {
    const ids = await admin.fetch('*[_type == "recipe"]._id | order(@)', {}, {perspective: 'raw'})
    expect(ids).toEqual(['drafts.recipe-1', 'drafts.recipe-2', 'recipe-1', 'versions.rSummer.recipe-1'])
  })

  it('published hides drafts and versions', async () => {
    expect(await admin.fetch('*[_type == "recipe"]._id', {}, {perspective: 'published'})).toEqual(['recipe-1'])
  })

  it('drafts overlays drafts on published, keeping the draft id in _originalId', async () => {
    const docs = await admin.fetch('*[_type == "recipe"]{_id, _originalId, title} | order(_id)', {}, {perspective: 'drafts'})
    expect(docs).toEqual([
      {_id: 'recipe-1', _originalId: 'drafts.recipe-1', title: 'Retinol serum for very dry skin (draft)'},
      {_id: 'recipe-2', _originalId: 'drafts.recipe-2', title: 'Sunscreen basics'},
    ])
    const legacy = await t.request('GET', `/v2021-06-07/data/query/production?query=${encodeURIComponent('*[_id == "recipe-1"][0].title')}&perspective=previewDrafts`)
    expect((legacy.body as {result: unknown}).result).toBe('Retinol serum for very dry skin (draft)')
  })

  it('references resolve in the perspective', async () => {
    expect(await admin.fetch('*[_id == "recipe-1"][0].author->name', {}, {perspective: 'published'})).toBe('Dr. Amara Okoye')
    expect(await admin.fetch('*[_id == "recipe-1"][0].author->name', {}, {perspective: 'drafts'})).toBe('Dr. Amara Okoye-Smith')
  })

  it('a release stack puts the release version first', async () => {
    const res = await t.request('GET', `/vX/data/query/production?query=${encodeURIComponent('*[_id == "recipe-1"][0]{title, _originalId}')}&perspective=rSummer,drafts`)
    expect((res.body as {result: unknown}).result).toEqual({title: 'Retinol serum, summer edition', _originalId: 'versions.rSummer.recipe-1'})
    expect(parsePerspective('rSummer,drafts,published')).toEqual(['rSummer', 'drafts'])
    expect(() => parsePerspective('bad name')).toThrow(/Invalid perspective/)
  })

  it('answers {query, result, ms, syncTags} for GET and POST', async () => {
    const get = await t.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*[_type == $t])')}&%24t=%22recipe%22`)
    expect(get.body).toEqual({query: 'count(*[_type == $t])', result: 4, ms: expect.any(Number), syncTags: []})
    const post = await t.request('POST', '/v2025-02-19/data/query/production', {body: {query: '*[_type == $t]._id', params: {t: 'recipe'}, perspective: 'published'}})
    expect(post.body).toMatchObject({result: ['recipe-1']})
  })

  it('sends the answer the query worker encoded: the query echoed exactly, or left out; nothing as null', async () => {
    const query = '*[title == "Retinol \\"serum\\" \u2014 naïve"][0].title // é\n'
    const echoed = await t.request('POST', '/v2025-02-19/data/query/production', {body: {query}})
    expect(echoed.status).toBe(200)
    expect(echoed.body).toEqual({query, result: null, ms: expect.any(Number), syncTags: []})
    const quiet = await t.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('*[_id == "recipe-1"]{_id, "n": 1.5e3, "s": "a\u2028b"}')}&returnQuery=false`)
    expect(quiet.body).toEqual({result: [{_id: 'recipe-1', n: 1500, s: 'a\u2028b'}], ms: expect.any(Number), syncTags: []})
    expect(JSON.parse(quiet.text)).toEqual(quiet.body)
  })
})

describe('functions the Studio uses', () => {
  it('sanity::versionOf, path(), references(), identity(), order and slices', async () => {
    expect(await admin.fetch('*[sanity::versionOf("recipe-1")]._id | order(@)')).toEqual(['drafts.recipe-1', 'recipe-1', 'versions.rSummer.recipe-1'])
    expect(await admin.fetch('*[_id in path("drafts.**")]._id | order(@)')).toEqual(['drafts.person-1', 'drafts.recipe-1', 'drafts.recipe-2'])
    expect(await admin.fetch('*[!(_id in path("drafts.**")) && references("person-1")]._id')).toEqual(['recipe-1'])
    expect(await admin.fetch('identity()')).toBe(t.user('administrator').id)
    expect(await admin.fetch('*[_type == "recipe"] | order(_id desc) [0...2]._id')).toEqual(['versions.rSummer.recipe-1', 'recipe-1'])
  })

  it('text::query: prefix terms, all must match, -term excludes, any string field', async () => {
    const search = (q: string) =>
      admin.fetch('*[_type in $types && [@, _id] match text::query($q)]._id | order(@)', {types: ['recipe', 'person'], q}, {perspective: 'drafts'})
    expect(await search('retin')).toEqual(['recipe-1'])
    expect(await search('RETINOL DRY')).toEqual(['recipe-1'])
    expect(await search('retinol sunscreen')).toEqual([])
    expect(await search('spf win')).toEqual(['recipe-2'])
    expect(await search('okoye')).toEqual(['person-1'])
    expect(await search('serum -draft')).toEqual([])
    expect(await search('"dry skin"')).toEqual(['recipe-1'])
    expect(compileTextQuery('foo* -bar "a b"')).toEqual({positive: ['foo*', 'a*', 'b*'], negative: ['bar*']})
  })

  it('runs the Studio search query shape (score, boost, _score > 0)', async () => {
    const query = `*[_type in $__types] | score(boost(_type in ["recipe"] && title match text::query($__query), 10), ([@, _id] match text::query($__query) || references($__rawQuery))) [_score > 0]{_type, _id, _originalId, "orderings": [_score]} | order(_score desc) [0...$__limit]`
    const hits = await admin.fetch(query, {__types: ['recipe', 'person'], __query: 'sunscr*', __rawQuery: 'sunscr', __limit: 11}, {perspective: 'drafts'})
    expect(hits).toEqual([{_type: 'recipe', _id: 'recipe-2', _originalId: 'drafts.recipe-2', orderings: [expect.any(Number)]}])
  })
})

describe('planner', () => {
  const ds = new DatasetState('plan')
  for (const doc of syntheticDataset(2500, 7)) ds.load(doc)
  // Make drafts differ in type and slug too, so overlays matter.
  ds.put('drafts.article-3', {...ds.docs.get('article-3')!, _id: 'drafts.article-3', slug: {current: 'renamed'}})
  ds.put('drafts.expert-2', {_id: 'drafts.expert-2', _type: 'expert', name: 'Draft-only change'})

  const queries: Array<[string, Record<string, unknown>]> = [
    ['*[_type == "article" && slug.current == $slug][0]{title, "experts": body[].markDefs[].expert->name, "reviewer": medicalReview.reviewer->{name}}', {slug: 'article-5'}],
    ['*[slug.current == "renamed"]._id', {}],
    ['*[_id == $id]', {id: 'article-3'}],
    ['*[_id in $ids]{_id, _rev}', {ids: ['article-3', 'drafts.article-3', 'expert-2', 'nope']}],
    ['*[_type in ["expert", "citation"] && defined(name)]._id', {}],
    ['count(*[_type == "factCheck.approval" && references($id)])', {id: 'article-9'}],
    ['*[references($ids)]._id', {ids: ['expert-1', 'citation-2']}],
    ['*[_type == "article"] | order(_id) [0...20]{_id, "approvals": *[_type == "factCheck.approval" && article._ref == ^._id].claimKey}', {}],
    ['*[_type == "expert"] | order(_id) [0...10]{_id, "cited": count(*[references(^._id)])}', {}],
    ['*[_type == "citation"][0...5]{_id, "self": *[_id == ^._id][0]._id}', {}],
    ['*[_type == "article" || _type == "category"] | order(_id desc) [0...7]._id', {}],
    ['*[!(_type == "article")] | order(_id) [0...5]._id', {}],
    ['*[_type == "article" && slug.current == $s || _id == "expert-4"]._id', {s: 'article-8'}],
    ['*[_type == $t][0...3]{_id, category->{title}}', {t: 'article'}],
    ['*[_type == "factCheck.approval" && article._ref in ["article-1", "article-2"]].claimKey', {}],
    ['count(*)', {}],
  ]
  const perspectives: Perspective[] = ['raw', 'published', ['drafts']]

  for (const perspective of perspectives) {
    it.each(queries)(`same result as plain groq-js (${JSON.stringify(perspective)}): %s`, async (query, params) => {
      const planned = await runQuery(ds, query, {params, perspective})
      const plain = await runQuery(ds, query, {params, perspective, plan: false})
      expect(planned.result).toEqual(plain.result)
    })
  }

  it('uses indexes instead of scanning', async () => {
    const bySlug = await runQuery(ds, '*[_type == "article" && slug.current == $slug][0]{"e": body[0].markDefs[0].expert->name}', {params: {slug: 'article-5'}})
    expect(bySlug.stats).toMatchObject({fullScans: 0, planned: 1})
    const perArticle = await runQuery(ds, '*[_type == "article"][0...3]{"a": *[_type == "factCheck.approval" && article._ref == ^._id]}', {})
    expect(perArticle.stats).toMatchObject({fullScans: 0, planned: 1, dynamic: 1})
    const unplanned = await runQuery(ds, '*[defined(title)][0]._id', {})
    expect(unplanned.stats.fullScans).toBe(1)
  })

  it('an article-by-slug query with -> takes well under a few ms on 20k documents', async () => {
    const big = new DatasetState('big')
    for (const doc of syntheticDataset(20_000, 3)) big.load(doc)
    const query = '*[_type == "article" && slug.current == $slug][0]{title, "claims": body[].markDefs[]{kind, "expert": expert->{name, credentials}, "citations": citations[]->title}}'
    const params = {slug: 'article-1234'}
    const samples: number[] = []
    let planned: unknown
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now()
      planned = (await runQuery(big, query, {params, perspective: 'published'})).result
      samples.push(performance.now() - t0)
    }
    const median = samples.sort((a, b) => a - b)[3]
    const t0 = performance.now()
    const plain = (await runQuery(big, query, {params, perspective: 'published', plan: false})).result
    const plainMs = performance.now() - t0
    expect(planned).toEqual(plain)
    expect(planned).toMatchObject({claims: expect.arrayContaining([expect.objectContaining({expert: expect.objectContaining({name: expect.any(String)})})])})
    expect(median).toBeLessThan(20)
    expect(median * 10).toBeLessThan(plainMs)
  })
})

describe('planner: closed subqueries', () => {
  // groq-js evaluates each of these subqueries once per document: a small dataset keeps the plain runs short.
  const small = new DatasetState('closed')
  for (const doc of syntheticDataset(400, 11)) small.load(doc)
  small.put('drafts.article-3', {...small.docs.get('article-3')!, _id: 'drafts.article-3', title: 'Draft title'})

  const queries: Array<[string, Record<string, unknown>]> = [
    ['*[_type == "expert" && _id in *[_type == "article"].body[].markDefs[].expert._ref]._id', {}],
    ['*[_type == "factCheck.approval" && article._ref in *[_type == "article" && defined(title)] | order(_id) [0...5]._id].claimKey', {}],
    ['*[_type == "article" && publishedAt >= (*[_type == "article"] | order(publishedAt desc))[3].publishedAt]._id', {}],
    ['*[_type == "article" && count(*[_type == $t]) > 3] | order(_id) [0...3]._id', {t: 'expert'}],
    ['*[_type == "expert" && _id in *[_type == "article" && references(^._id)].body[].markDefs[].expert._ref]._id', {}],
    ['*[_type == "expert"] | order(_id) [0...5]{_id, "cites": *[_type == "article" && references(^._id) && _id in *[_type == "article"] | order(_id) [0...40]._id]._id}', {}],
    ['*[_type == "article" && dateTime(publishedAt) >= dateTime((*[_type == "article"] | order(publishedAt desc))[3].publishedAt)]._id', {}],
    ['*[_type == "category" && (_id in *[_type == "article"].category._ref || title in *[_type == "expert"].name)]._id', {}],
  ]
  for (const perspective of ['raw', 'published', ['drafts']] as Perspective[]) {
    it.each(queries)(`same result as plain groq-js (${JSON.stringify(perspective)}): %s`, async (query, params) => {
      const planned = await runQuery(small, query, {params, perspective})
      const plain = await runQuery(small, query, {params, perspective, plan: false})
      expect(planned.result).toEqual(plain.result)
    })
  }

  it('evaluates a closed subquery of a condition once, and narrows the filter by its value through the indexes', async () => {
    const closed = await runQuery(small, '*[_type == "expert" && _id in *[_type == "article"].body[].markDefs[].expert._ref]._id', {perspective: 'published'})
    expect(closed.stats).toMatchObject({hoisted: 1, fullScans: 0})
    expect((closed.result as string[]).length).toBeGreaterThan(0)
    // The outer filter reads only the experts the articles name, from the id index.
    expect(closed.stats.planned).toBe(2)
    // A subquery that reads the filtered document (`^`), the clock, or `@` through references() stays where it is.
    for (const query of [
      '*[_type == "expert" && _id in *[_type == "article" && references(^._id)].body[].markDefs[].expert._ref]._id',
      '*[_type == "article" && count(*[_type == "article" && publishedAt < now()]) > 0][0]._id',
      '*[_type == "expert" && count(*[references("article-1")]) > 0 && references(*[_type == "citation"][0]._id)]._id',
    ]) {
      const outcome = await runQuery(small, query, {perspective: 'published'})
      expect(outcome.result, query).toEqual((await runQuery(small, query, {perspective: 'published', plan: false})).result)
      expect(query.includes('references("article-1")') ? outcome.stats.hoisted : outcome.stats.hoisted === 0, query).toBe(query.includes('references("article-1")') ? 2 : true)
    }
    // A value that is not plain data (a date-time) is not put in the query as a literal.
    const dated = await runQuery(small, '*[_type == "article" && dateTime(publishedAt) >= dateTime(*[_type == "article"][0].publishedAt)][0]._id', {})
    expect(dated.stats.hoisted).toBe(0)
  })

})
