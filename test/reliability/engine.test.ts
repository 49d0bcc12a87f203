/**
 * The query engine gives exactly what plain groq-js gives (the reference: asynchronous evaluation
 * over every document, no planner) on the site queries and on edge cases of its shortcuts: the
 * synchronous evaluation with its asynchronous fallback, filter conditions evaluated lazily, the
 * per-document lookup of `_id in ^.list[]._ref`, and cached type lists that must follow writes.
 */
import {describe, expect, it} from 'vitest'
import {benchDataset} from '../../bench/synthetic.ts'
import {DatasetState, type Doc} from '../../lake/dataset.ts'
import {runQuery, type Perspective} from '../../lake/query/index.ts'
import {complianceParams} from '../../queries/compliance.ts'
import {
  ARTICLE_LISTING_QUERY,
  ARTICLE_PAGE_QUERY,
  COMPLIANT_ARTICLE_IDS_QUERY,
  EXPERT_PROFILE_QUERY,
  PROCEDURE_PAGE_QUERY,
  SITEMAP_QUERY,
} from '../../queries/site.ts'

async function both(ds: DatasetState, query: string, params: Record<string, unknown> = {}, perspective: Perspective = 'raw') {
  const settle = (plan: boolean) =>
    runQuery(ds, query, {params, perspective, plan}).then(
      (r) => ({ok: true, value: JSON.stringify(r.result)}),
      (e: unknown) => ({ok: false, value: e instanceof Error ? e.message.replace(/\s+at .*/s, '') : String(e)}),
    )
  return {planned: await settle(true), reference: await settle(false)}
}

describe('the site queries on a generated dataset', () => {
  const dataset = benchDataset(300, 5)
  const ds = new DatasetState('production')
  for (const doc of dataset.docs) ds.load(doc)
  const params = complianceParams(undefined, '2026-11-24T12:00:00.000Z')
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['article page', ARTICLE_PAGE_QUERY, {slug: dataset.articleSlug}],
    ['listing', ARTICLE_LISTING_QUERY, {start: 0, end: 5}],
    ['expert profile', EXPERT_PROFILE_QUERY, {slug: dataset.expertSlug}],
    ['procedure page', PROCEDURE_PAGE_QUERY, {slug: 'procedure-0'}],
    ['sitemap', SITEMAP_QUERY, {}],
    ['compliant ids', COMPLIANT_ARTICLE_IDS_QUERY, {}],
  ]
  it.each(cases)('%s: planned == plain groq-js, and not trivially empty', async (_name, query, extra) => {
    const {planned, reference} = await both(ds, query, {...params, ...extra}, 'published')
    expect(planned).toEqual(reference)
    expect(planned.ok).toBe(true)
    expect(planned.value.length).toBeGreaterThan(20)
  }, 60_000)

  it('the generated dataset has failing articles for the check to drop', async () => {
    const ids = JSON.parse((await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, params, 'published')).planned.value) as string[]
    expect(ids.length).toBeGreaterThan(0)
    expect(ids.length).toBeLessThan(dataset.counts.articles)
  })
})

describe('edge cases of the shortcuts', () => {
  const docs: Doc[] = [
    {_id: 'a1', _type: 'article', n: 1, s: 'a', relatedArticles: [{_ref: 'a2'}, {_ref: 'a3'}, {_ref: 'missing'}]},
    {_id: 'a2', _type: 'article', n: 2, s: 'b', relatedArticles: [{_ref: 'a1'}, {_ref: 5}, {x: 1}, null]},
    {_id: 'a3', _type: 'article', n: 3, relatedArticles: []},
    {_id: 'a4', _type: 'article', relatedArticles: 'not a list'},
    {_id: 'a5', _type: 'article', n: null, t: true, relatedArticles: [{_ref: 'drafts.a1'}, {_ref: 'a1'}, {_ref: 'a1'}]},
    {_id: 'drafts.a1', _type: 'article', n: 10, s: 'draft', relatedArticles: [{_ref: 'a5'}]},
    {_id: 'drafts.a6', _type: 'article', n: 6, relatedArticles: [{_ref: 'a1'}]},
    {_id: 'versions.r1.a2', _type: 'article', n: 20},
    {_id: 'd1', _type: 'decision', article: {_ref: 'a1'}, ok: true},
    {_id: 'd2', _type: 'decision', article: {_ref: 'a2'}, ok: false},
    {_id: 'd3', _type: 'note', article: {_ref: 'a1'}},
    {_id: 'p1', _type: 'post', n: 7, s: 'x', flag: 'yes'},
  ]
  const ds = new DatasetState('edge')
  for (const doc of docs) ds.load(doc)

  const queries = [
    '*[_type == "article"]{_id, "related": *[_id in ^.relatedArticles[]._ref]{_id, n}}',
    '*[_type == "article"]{_id, "related": *[_type == "article" && _id in ^.relatedArticles[]._ref] | order(_id desc)._id}',
    '*[_type == "article"]{_id, "related": *[_id in ^.relatedArticles[].x]._id}',
    '*[_type == "article"]{_id, "related": *[_id in (^.relatedArticles)[]._ref]._id}',
    '*[_type == "article"]{_id, "d": *[_type in ["decision", "note"] && article._ref == ^._id]._id}',
    '*[_type == "article"]{_id, "d": *[_type in ["decision"] && article._ref == ^.n]._id}',
    '*[_type == "article"]{_id, "d": *[_type in ["decision"] && article._ref == ^.s]._id}',
    '*[n > 1 && s == "b"]._id',
    '*[n > 1 && s]._id',
    '*[!(n > 1 && n < 5)]._id',
    '*[n > 1 || t]._id',
    '*[(n > 1 && defined(s)) || (t && !defined(n))]._id',
    '*[select(n > 2 => true, false)]._id',
    '*[defined(n) && n > "1"]._id',
    '*{_id, "and": n > 1 && s, "or": n > 1 || t, "not": !(n > 1 && t)}',
    'count(*[_type == "article" && count(relatedArticles[_ref in ["a1", "a2"] && defined(_ref)]) > 0])',
    '*[_type in ["article", 5, null]]._id',
    '*[_type in $types]._id',
    '*[_id match "a*" && n > 0]._id',
    '*[references("a1") && (_type == "decision" || _type == "note")]._id',
    'diff::changedAny({"a": 1}, {"a": 2}, (a))',
    '*[_type == "article"] | order(n desc) [0...3] {_id, "rel": relatedArticles[]->_id}',
    '*[_type in ["decision", "note"]]{_id, "draft": *[_id == "drafts." + ^.article._ref][0]._id, "type": coalesce(*[_id == "drafts." + ^.article._ref][0]._type, "none")}',
    '*[_type == "article"]{_id, "n": *[_id == ^.s + "1"]._id, "m": *[_id == "a" + ^.n]._id, "x": *["drafts." + ^._id == _id]._id}',
  ]
  const perspectives: Perspective[] = ['raw', 'published', ['drafts'], ['r1', 'drafts']]

  it.each(queries)('%s', async (query) => {
    for (const perspective of perspectives) {
      const {planned, reference} = await both(ds, query, {types: ['post', 'decision', 7]}, perspective)
      expect({perspective, ...planned}).toEqual({perspective, ...reference})
    }
  })

  it('`_id in ^.list[]._ref` is looked up per document, not scanned', async () => {
    const {stats} = await runQuery(ds, queries[1], {perspective: 'published'})
    expect(stats).toMatchObject({fullScans: 0, dynamic: 1})
  })

  it('`_id == "drafts." + ^.x` is looked up per document too', async () => {
    const {stats} = await runQuery(ds, queries.find((q) => q.includes('"drafts." + ^.article._ref')) ?? '', {perspective: 'raw'})
    expect(stats).toMatchObject({fullScans: 0})
    expect(stats.dynamic).toBeGreaterThan(0)
  })

  it('cached type lists follow writes', async () => {
    const query = '*[_type in ["decision", "note"]]._id'
    expect((await runQuery(ds, query)).result).toEqual(['d1', 'd2', 'd3'])
    ds.put('d4', {_id: 'd4', _type: 'note'})
    expect((await runQuery(ds, query)).result).toEqual(['d1', 'd2', 'd3', 'd4'])
    ds.put('d1', null)
    expect((await runQuery(ds, query)).result).toEqual(['d2', 'd3', 'd4'])
    ds.load({_id: 'd0', _type: 'decision'})
    expect((await runQuery(ds, query)).result).toEqual(['d0', 'd2', 'd3', 'd4'])
  })
})
