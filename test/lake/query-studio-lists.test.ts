/**
 * The Studio's document lists and search project each document with its ordering values and then
 * order and slice the projections (`{..., "orderings": [f]} | order(orderings[0] desc) [0...n]`).
 * The planner orders the documents by those values before projecting, so only the page is
 * projected: the results must be exactly plain groq-js's, in every perspective, whatever the
 * shape (several terms, plain attributes, splats, terms that are not attribute paths, missing
 * values); and a search for everything ("*") reads the type index, not every document.
 */
import {describe, expect, it} from 'vitest'
import {syntheticDataset} from '../../bench/planner-dataset.ts'
import {DatasetState} from '../../lake/dataset.ts'
import {runQuery, type Perspective} from '../../lake/query/index.ts'

const PERSPECTIVES: Perspective[] = ['raw', 'published', ['drafts'], ['rSpring', 'drafts']]

function dataset(): DatasetState {
  const ds = new DatasetState('studio-lists')
  for (const doc of syntheticDataset(1500, 5, {releases: ['rSpring']})) ds.load(doc)
  // Documents whose ordering values are missing, of other types, or tied.
  ds.load({_id: 'article-no-dates', _type: 'article', title: 'No dates'})
  ds.load({_id: 'article-odd-date', _type: 'article', title: 7, _updatedAt: 42})
  ds.load({_id: 'article-tie-a', _type: 'article', title: 'Tie', _updatedAt: '2026-01-01T00:00:00Z'})
  ds.load({_id: 'article-tie-b', _type: 'article', title: 'Tie', _updatedAt: '2026-01-01T00:00:00Z'})
  return ds
}

const QUERIES = [
  `*[_type == "article"]{_type, _id, _originalId, "orderings": [_updatedAt]} | order(orderings[0] desc) [0...50]`,
  `*[_type == "article"]{_id, title, "orderings": [title, _createdAt]} | order(orderings[0] asc, orderings[1] desc) [10...30]`,
  `*[_type in ["article", "expert"]]{_id, "t": title} | order(t desc) [0...5]`,
  `*[_type == "article"]{_id, "orderings": [_updatedAt]} | order(orderings[0]) [0..3]`,
  // Shapes it leaves to groq-js: a splat after the values, a term that is no attribute path, an index past the values, a value of the outer scope.
  `*[_type == "article"]{"orderings": [_updatedAt], ...}{_id, orderings} | order(orderings[0] desc) [0...5]`,
  `*[_type == "article"]{_id, "orderings": [_updatedAt], ...select(true => {"orderings": [title]})} | order(orderings[0] desc) [0...5]`,
  `*[_type == "article"]{_id, "orderings": [lower(title)]} | order(orderings[0] desc) [0...5]`,
  `*[_type == "article"]{_id, "orderings": [_updatedAt]} | order(orderings[1] desc) [0...5]`,
  `*[_type == "article"]{_id, "orderings": [_updatedAt]} | order(_updatedAt desc) [0...5]`,
  `*[_type == "expert"][0...3]{"articles": *[_type == "article" && references(^._id)]{_id, "orderings": [^._id, _updatedAt]} | order(orderings[1] desc) [0...2]}`,
]

describe("the Studio's lists: ordered before they are projected", () => {
  const ds = dataset()

  for (const query of QUERIES) {
    it(query.slice(0, 110), async () => {
      for (const perspective of PERSPECTIVES) {
        const planned = await runQuery(ds, query, {perspective})
        const plain = await runQuery(ds, query, {perspective, plan: false})
        expect(planned.result, JSON.stringify(perspective)).toEqual(plain.result)
      }
    })
  }

  it('answers the Studio\'s list query with "*" from the type index, ordering documents natively', async () => {
    const studio = `*[_type in $__types && ([@, _id] match text::query($__query) || references($__rawQuery)) && (_type == $type)] {_type, _id, _originalId, "orderings": [_updatedAt]} | order(orderings[0] desc) [0...$__limit]`
    const meaning = `*[_type in $__types && (true) && (_type == $type)] {_type, _id, _originalId, "orderings": [_updatedAt]} | order(orderings[0] desc) [0...$__limit]`
    const params = {__types: ['article'], __query: '*', __rawQuery: '', type: 'article', __limit: 101}
    for (const perspective of PERSPECTIVES) {
      const planned = await runQuery(ds, studio, {perspective, params})
      const plain = await runQuery(ds, meaning, {perspective, params, plan: false})
      expect(planned.result).toEqual(plain.result)
      expect((planned.result as unknown[]).length).toBe(101)
      expect(planned.stats.fullScans).toBe(0)
      expect(planned.stats.native).toBeGreaterThan(0)
    }
  })
})
