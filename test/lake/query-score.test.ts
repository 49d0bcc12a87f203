/**
 * `score()` over documents computed by the lake (lake/query/score.ts) gives exactly what groq-js
 * gives for the same planned query (`native: false`): the Studio's global search and other score
 * shapes, with prefix terms, several terms, excluded terms, quoted words, everything ("*"),
 * references, boosts, `&&`, documents whose fields hold numbers, lists, objects and punctuation,
 * and documents that already carry a `_score`, in every perspective.
 */
import {describe, expect, it} from 'vitest'
import {syntheticDataset} from '../../bench/planner-dataset.ts'
import {DatasetState} from '../../lake/dataset.ts'
import {runQuery, type Perspective} from '../../lake/query/index.ts'

const PERSPECTIVES: Perspective[] = ['raw', 'published', ['drafts'], ['rSpring', 'drafts']]
const TYPES = ['article', 'expert', 'citation', 'category', 'writer', 'procedure', 'risk']

/** The Studio's global search (sanity 6, the groq2024 strategy), as it sends it. */
const STUDIO_SEARCH = `*[_type in $__types] | score(boost(_type in ["article","citation","category"] && title match text::query($__query), 10), boost(_type in ["writer"] && name match text::query($__query), 10), boost(_type in ["category"] && description match text::query($__query), 5), ([@, _id] match text::query($__query) || references($__rawQuery))) [_score > 0] {_type, _id, _originalId, "orderings": [_score]} | order(orderings[0] desc) [0...$__limit]`

function dataset(): DatasetState {
  const ds = new DatasetState('score')
  for (const doc of syntheticDataset(1200, 9, {releases: ['rSpring']})) ds.load(doc)
  const odd = [
    {_id: 'category-odd-1', _type: 'category', title: 42, description: ['Skin', 'care', 7]},
    {_id: 'category-odd-2', _type: 'category', title: {text: 'skin'}, description: 'skin... care; skin-care, skin.care (skin)'},
    {_id: 'writer-odd', _type: 'writer', name: ['Skin', 'Writer'], bio: 'Writes on skin care. e.g. skincare'},
    {_id: 'article-scored', _type: 'article', title: 'Skin care already scored', _score: 3},
    {_id: 'article-refs', _type: 'article', title: 'References', related: [{_ref: 'skin'}, {_type: 'x', _ref: 7, nested: {_ref: 'skin'}}]},
    {_id: 'drafts.article-refs', _type: 'article', title: 'References (draft)', author: {_ref: 'skin'}},
    {_id: 'article-empty', _type: 'article'},
  ]
  for (const doc of odd) ds.load(doc)
  return ds
}

const SEARCHES: Array<{q: string; raw: string}> = [
  {q: 'skin*', raw: 'skin'},
  {q: 'care* skin*', raw: 'care skin'},
  {q: 'skin -care', raw: 'skin -care'},
  {q: '-skin', raw: '-skin'},
  {q: '"skin care"', raw: '"skin care"'},
  {q: '*', raw: ''},
  {q: 'e.g', raw: 'e.g'},
  {q: 'nothing-matches-this', raw: 'nothing-matches-this'},
]

const OTHER_SHAPES = [
  `*[_type in $types] | score(title match "skin*", boost(description match "care", 2)) [0...20] {_id, _score}`,
  `*[_type in $types] | score(title match "skin*" && _type == "category", boost(name match $q, 1.5)) {_id, _score}`,
  `*[_type in $types] | score(boost(title match text::query($q), 3) || (references("skin") && _type == "article")) [_score > 0] {_id, _score}`,
  `*[_type in $types] | score(title match 5, title match ["skin", 7], boost(title match "skin", "ten")) {_id, _score}`,
  `*[_type in $types] | score(defined(title), !defined(title)) | order(_score desc, _id asc) [0...30] {_id, _score}`,
]

describe('score() computed by the lake', () => {
  const ds = dataset()

  it("gives groq-js's results for the Studio's global search", async () => {
    for (const {q, raw} of SEARCHES) {
      for (const perspective of PERSPECTIVES) {
        const params = {__types: TYPES, __limit: 40, __query: q, __rawQuery: raw}
        const native = await runQuery(ds, STUDIO_SEARCH, {params, perspective})
        const groq = await runQuery(ds, STUDIO_SEARCH, {params, perspective, native: false})
        expect(native.result, `${q} ${JSON.stringify(perspective)}`).toEqual(groq.result)
        expect(native.stats.native).toBeGreaterThan(0)
      }
    }
    const found = await runQuery(ds, STUDIO_SEARCH, {params: {__types: TYPES, __limit: 5000, __query: 'skin*', __rawQuery: 'skin'}, perspective: 'raw'})
    expect((found.result as Array<{_id: string}>).map((r) => r._id)).toEqual(expect.arrayContaining(['category-odd-2', 'article-refs', 'writer-odd']))
  })

  for (const query of OTHER_SHAPES) {
    it(query.slice(0, 100), async () => {
      for (const perspective of PERSPECTIVES) {
        const params = {types: TYPES, q: 'skin'}
        const native = await runQuery(ds, query, {params, perspective})
        const groq = await runQuery(ds, query, {params, perspective, native: false})
        expect(native.result, JSON.stringify(perspective)).toEqual(groq.result)
        expect(native.stats.native).toBeGreaterThan(0)
      }
    })
  }
})
