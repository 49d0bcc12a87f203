/**
 * The desk's article lists that depend on medical reviews, evaluated with groq-js over a small
 * dataset in the raw view and through the drafts perspective (where a draft carries its published
 * id in `_id` and its real id in `_originalId`), and the plugin-internal types kept off the desk.
 */
import type {ListBuilder} from 'sanity/structure'
import {createStructureBuilder} from 'sanity/structure'
import {describe, expect, it} from 'vitest'
import {DECISION_TYPES, WITHDRAWAL_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import type {SeedDocument} from '../../seed/builders.ts'
import {structure} from '../../studio/structure.ts'
import {loadStudio} from '../fixtures/studio.ts'

const reviewOf = (articleId: string): SeedDocument => ({
  _id: `factcheck-review-${articleId}`,
  _type: 'factCheck.review',
  article: {_type: 'reference', _ref: articleId, _weak: true},
  reviewer: {_type: 'reference', _ref: 'expert-x', _weak: true},
  fingerprint: 'x',
  nextReviewDue: '2027-12-01',
})

const DOCUMENTS: SeedDocument[] = [
  {_id: 'reviewed', _type: 'article', title: 'Reviewed, published'},
  {_id: 'drafts.reviewed', _type: 'article', title: 'Reviewed, edited'},
  {_id: 'drafts.fresh', _type: 'article', title: 'New, not reviewed'},
  {_id: 'drafts.other', _type: 'article', title: 'New, reviewed'},
  reviewOf('reviewed'),
  reviewOf('other'),
  // A review of another article named like a draft id does not count for the draft.
  reviewOf('drafts.fresh'),
]

async function articleLists() {
  const {source, client} = await loadStudio(DOCUMENTS)
  const S = createStructureBuilder({source, perspectiveStack: ['drafts']})
  const root = structure(S, {} as never) as ListBuilder
  const topIds = root
    .serialize({path: []})
    .items.filter((item) => item.type !== 'divider')
    .map((item) => item.id)
  const articles = root.getItems()?.find((item) => 'getId' in item && item.getId() === 'articles')
  const lists = ((articles as {getChild(): unknown}).getChild() as ListBuilder).getItems() ?? []
  const filterOf = (id: string) => (lists.find((entry) => 'getId' in entry && entry.getId() === id) as {getChild(): {getFilter(): string}}).getChild().getFilter()
  const ids = async (id: string, perspective: 'raw' | 'drafts') =>
    (await client.fetch<Array<{_id: string}>>(`*[${filterOf(id)}] | order(_id asc) {_id}`, {}, {perspective})).map((doc) => doc._id)
  return {topIds, ids}
}

describe('desk structure and medical reviews', () => {
  it('splits drafts by whether a medical review was recorded for the article, in both views', async () => {
    const {ids} = await articleLists()
    expect(await ids('drafts-in-review', 'raw')).toEqual(['drafts.other', 'drafts.reviewed'])
    expect(await ids('drafts-in-progress', 'raw')).toEqual(['drafts.fresh'])
    expect(await ids('drafts-in-review', 'drafts')).toEqual(['other', 'reviewed'])
    expect(await ids('drafts-in-progress', 'drafts')).toEqual(['fresh'])
  })

  it('keeps decisions, medical reviews and withdrawals off the desk', async () => {
    const {topIds} = await articleLists()
    for (const hidden of [...DECISION_TYPES, WITHDRAWAL_TYPE]) expect(topIds).not.toContain(hidden)
  })
})
