/** The rules' input for an article (rules/input.ts), as every door builds it from what it read. */
import {describe, expect, it} from 'vitest'
import {articleForRules, articleRefs, buildPolicyInput} from '../../plugins/medical-claims/rules/input.ts'
import type {CitationDoc, ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE_ID, NOW, approveAll, article, citation, decision, expert, review} from '../fixtures/policy-factories.ts'

describe('articleRefs', () => {
  it("lists the experts (claims and reviewers) and citations an article refers to; a reference by a draft's id names nothing", () => {
    const doc = article([
      {key: 'k1', kind: 'benefit', expert: 'drafts.derm', citations: ['c2', 'c1', 'drafts.c3']},
      {key: 'k2', kind: 'risk', expert: 'derm', citations: ['c1']},
    ])
    expect(articleRefs(doc)).toEqual({articleId: ARTICLE_ID, expertIds: ['derm'], citationIds: ['c1', 'c2']})
    const reviews = [review(doc), review(doc, {reviewer: {_ref: 'drafts.other-reviewer'}}), review(doc, {reviewer: {_ref: 'third-reviewer'}}), ...approveAll(doc)]
    expect(articleRefs(doc, reviews)).toEqual({articleId: ARTICLE_ID, expertIds: ['derm', 'reviewer', 'third-reviewer'], citationIds: ['c1', 'c2']})
  })

  it('keeps the release version it read the refs from', () => {
    expect(articleRefs({_id: 'versions.r1.a1', body: []})).toEqual({articleId: 'a1', versionId: 'versions.r1.a1', expertIds: [], citationIds: []})
  })
})

describe('buildPolicyInput', () => {
  const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1']}])
  const store = new Map<string, unknown>([
    ['derm', expert('derm')],
    ['reviewer', expert('reviewer')],
    ['c1', citation('c1')],
    ['unrelated', expert('unrelated')],
  ])

  it('takes the documents the article refers to and the published decisions about it', () => {
    const ours = [...approveAll(doc), review(doc)]
    const input = buildPolicyInput(
      doc,
      {
        get: (id) => store.get(id),
        decisions: [
          ...ours,
          {...decision(doc, 'k1'), _id: 'drafts.factcheck-k1'},
          {...decision(doc, 'k1'), _id: 'factcheck-other', article: {_type: 'reference', _ref: 'other-article', _weak: true}},
          {...review(doc, {reviewer: {_ref: 'unrelated'}}), _id: 'drafts.review-x'},
          expert('not-a-decision'),
        ],
      },
      ['p-priya'],
      NOW,
    )
    expect(input.article).toBe(doc)
    expect((input.experts as ExpertDoc[]).map((e) => e._id)).toEqual(['derm', 'reviewer'])
    expect((input.citations as CitationDoc[]).map((c) => c._id)).toEqual(['c1'])
    expect(input.decisions).toEqual(ours)
    expect(input.editors).toEqual(['p-priya'])
    expect(input).not.toHaveProperty('options')
  })

  it('leaves out a document of another type than the reference expects', () => {
    const swapped = new Map<string, unknown>([...store, ['derm', citation('derm')], ['c1', expert('c1')]])
    const input = buildPolicyInput(doc, {get: (id) => swapped.get(id), decisions: [review(doc)]}, [], NOW, {requireMedicalReview: false})
    expect((input.experts as ExpertDoc[]).map((e) => e._id)).toEqual(['reviewer'])
    expect(input.citations).toEqual([])
    expect(input.options).toEqual({requireMedicalReview: false})
  })

  it('folds a release version onto its published id, and leaves other articles as they are', () => {
    const version = {...doc, _id: `versions.rSpring.${ARTICLE_ID}`}
    expect(articleForRules(version)._id).toBe(ARTICLE_ID)
    expect(articleForRules(doc)).toBe(doc)
  })
})
