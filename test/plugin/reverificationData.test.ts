/**
 * The re-verification list's data layer (plugins/medical-claims/reverificationData.ts): one query
 * for the published experts and what relies on them, against a stand-in client that evaluates the
 * real GROQ with groq-js; and the count of published articles relying on each expert.
 */
import {describe, expect, it} from 'vitest'
import {countArticlesByExpert, loadReverificationQueue, REVERIFICATION_QUERY} from '../../plugins/medical-claims/reverificationData.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {Credential} from '../../plugins/medical-claims/rules/types.ts'
import {NOW, article, credential, expert, review} from '../fixtures/policy-factories.ts'
import {createMockClient} from './helpers.ts'

const options = resolveOptions({})

const overdue = (overrides: Partial<Credential> = {}) =>
  credential({verification: {status: 'verified', verifiedBy: 'p-dana', verifiedAt: '2025-06-01T09:00:00Z', evidence: 'Board lookup'}, ...overrides})
const dueSoon = (overrides: Partial<Credential> = {}) =>
  credential({verification: {status: 'verified', verifiedBy: 'p-dana', verifiedAt: '2025-12-01T09:00:00Z', evidence: 'Board lookup'}, ...overrides})

/** A published article whose claims name these experts, one claim each. */
function published(id: string, experts: string[]) {
  return article(
    experts.map((e, i) => ({key: `${id}-k${i}`, kind: 'aftercare' as const, expert: e})),
    {_id: id, title: id},
  )
}

describe('loadReverificationQueue', () => {
  it('loads the published experts and the articles relying on each with one query, and lists what is due', async () => {
    const one = published('one', ['ana', 'ana', 'ben'])
    const two = published('two', ['ana'])
    const client = createMockClient({
      documents: [
        expert('ana', [overdue(), dueSoon({_key: 'licence', kind: 'licence', issuer: 'us-state-medical-board', jurisdiction: 'US-CA'})], 'Dr. Ana Ruiz'),
        // A draft's credential is not the expert's yet: the published one is read.
        {...expert('ana', [overdue({_key: 'draft-only'})], 'Dr. Ana Ruiz'), _id: 'drafts.ana'},
        expert('ben', [dueSoon()], 'Dr. Ben Okafor'),
        expert('cleo', [credential()], 'Dr. Cleo Park'),
        {...expert('dev', [overdue()], 'Dr. Dev Shah'), _id: 'drafts.dev'},
        one,
        two,
        // A draft of a published article, and an article never published: neither counts.
        {...published('two', ['ben']), _id: 'drafts.two'},
        published('drafts.unpublished', ['ben']),
        // Two's latest review is by Ben; Cleo's older one no longer counts. A review of an unpublished article counts for nobody.
        review(two, {_id: 'review-two-old', article: {_type: 'reference', _ref: 'two', _weak: true}, reviewer: {_type: 'reference', _ref: 'cleo', _weak: true}, checkedAt: '2026-01-01T00:00:00Z'}, [expert('cleo')]),
        review(two, {_id: 'review-two-new', article: {_type: 'reference', _ref: 'two', _weak: true}, reviewer: {_type: 'reference', _ref: 'ben', _weak: true}, checkedAt: '2026-10-01T00:00:00Z'}, [expert('ben')]),
        review(two, {_id: 'review-unpublished', article: {_type: 'reference', _ref: 'unpublished', _weak: true}, reviewer: {_type: 'reference', _ref: 'cleo', _weak: true}}, [expert('cleo')]),
      ],
    })
    const items = await loadReverificationQueue(client, options, NOW)
    expect(client.fetch).toHaveBeenCalledTimes(1)
    expect(client.fetch.mock.calls[0][0]).toBe(REVERIFICATION_QUERY)
    expect(client.fetch.mock.calls[0][2]).toMatchObject({perspective: 'published', tag: 'medical-claims.reverification'})
    expect(items.map((item) => [item.state, item.expertId, item.credentialKey, item.dueOn, item.articleCount])).toEqual([
      ['overdue', 'ana', 'cred-1', '2026-06-02', 2],
      // Due the same day, as relied on: by name.
      ['dueSoon', 'ana', 'licence', '2026-12-02', 2],
      ['dueSoon', 'ben', 'cred-1', '2026-12-02', 2],
    ])
    expect(items[1]).toMatchObject({expertName: 'Dr. Ana Ruiz', issuer: 'US state medical board', registerUrl: 'https://www.docinfo.org', jurisdiction: 'US-CA', lastVerifiedOn: '2025-12-01'})
  })

  it("reads the project's intervals and article types from the options", async () => {
    const guide = {...published('guide', ['ana']), _type: 'guide'}
    const client = createMockClient({documents: [expert('ana', [dueSoon()]), guide, published('plain', ['ana'])]})
    const items = await loadReverificationQueue(client, resolveOptions({articleTypes: ['guide'], reverifyAfterDaysByIssuer: {'us-abms-abd': 180}}), NOW)
    expect(items.map((item) => [item.state, item.dueOn, item.articleCount])).toEqual([['overdue', '2026-05-31', 1]])
  })

  it('answers an empty list for a dataset without experts', async () => {
    expect(await loadReverificationQueue(createMockClient({documents: [published('one', ['gone'])]}), options, NOW)).toEqual([])
  })

  it('passes a failed query on, for the Studio to show', async () => {
    const client = createMockClient()
    client.fetch.mockRejectedValueOnce(new Error('Request timed out'))
    await expect(loadReverificationQueue(client, options, NOW)).rejects.toThrow('Request timed out')
  })
})

describe('countArticlesByExpert', () => {
  it("counts each article once per expert: its claims, and the reviewer of its latest review (a reference by a draft's id names no expert)", () => {
    const counts = countArticlesByExpert(
      [
        {_id: 'a', experts: ['ana', 'ana', null, 'drafts.ben']},
        {_id: 'b', experts: null},
        {_id: 'c', experts: ['ana']},
      ],
      [
        {article: 'a', reviewer: 'ana', checkedAt: '2026-01-01T00:00:00Z'},
        {article: 'b', reviewer: 'cleo', checkedAt: '2026-01-01T00:00:00Z'},
        {article: 'b', reviewer: 'ben', checkedAt: '2026-02-01T00:00:00Z'},
        {article: 'gone', reviewer: 'cleo', checkedAt: '2026-03-01T00:00:00Z'},
        {article: 'c', reviewer: null},
      ],
    )
    expect(Object.fromEntries(counts)).toEqual({ana: 2, ben: 1})
  })
})
