/**
 * The plugin's data module: the history request, the one-query loader (claim decisions, medical
 * reviews and the reviewers they name), the fact-check queue and the decision builder, against a
 * stand-in client that evaluates the real GROQ with groq-js.
 * (Reading history answers and building the rules' input are the rules' own: test/policy.)
 */
import {describe, expect, it} from 'vitest'
import {POLICY_CONTEXT_QUERY, QUEUE_DECISIONS_QUERY, QUEUE_SOURCES_NAMED_QUERY, buildDecision, buildQueue, fetchEditors, fetchEditorsOf, loadFactCheckQueue, loadPolicyInput, loadWithdrawnArticles, newQueueCache} from '../../plugins/medical-claims/data.ts'
import {getPublishedId} from '../../plugins/medical-claims/rules/ids.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {CitationDoc, DecisionDoc, ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE_ID, CHECKER, NOW, approveAll, approveAndReview, article, citation, credential, decision, expert, review} from '../fixtures/policy-factories.ts'
import {createMockClient, contentQueries} from './helpers.ts'

const options = resolveOptions({})
const SAM = {id: 'p-sam', name: 'Sam Adeyemi', roles: ['medical-reviewer']}

/** What a decision is about: its claim, or "review" for a medical review. */
const subjectOf = (decision: DecisionDoc) => (decision._type === 'factCheck.review' ? 'review' : decision.claimKey)

describe('fetchEditors', () => {
  it('asks the history API for the published and draft ids', async () => {
    const client = createMockClient({historyAuthors: ['p-a', 'p-b']})
    expect(await fetchEditors(client, `drafts.${ARTICLE_ID}`)).toEqual(['p-a', 'p-b'])
    expect(client.request.mock.calls[0][0].url).toBe(`/data/history/test/transactions/${ARTICLE_ID},drafts.${ARTICLE_ID}?excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true`)
  })

  it('asks for the release version too when the article is one', async () => {
    const client = createMockClient({historyAuthors: ['p-a']})
    await fetchEditors(client, `versions.rSpring.${ARTICLE_ID}`)
    expect(client.request.mock.calls[0][0].url).toBe(`/data/history/test/transactions/${ARTICLE_ID},drafts.${ARTICLE_ID},versions.rSpring.${ARTICLE_ID}?excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true`)
  })

  it("asks for the article's version in every release the dataset keeps, archived ones included, after its own ids", async () => {
    const client = createMockClient({historyAuthors: ['p-a'], documents: [{_id: '_.releases.rOld', _type: 'system.release'}]})
    expect(await fetchEditors(client, ARTICLE_ID)).toEqual(['p-a'])
    expect(client.request.mock.calls.map(([{url}]) => url.split('?')[0])).toEqual([
      `/data/history/test/transactions/${ARTICLE_ID},drafts.${ARTICLE_ID}`,
      `/data/history/test/transactions/versions.rOld.${ARTICLE_ID}`,
    ])
  })

  it("the queue's many articles: their own ids in one request, then their versions in every release, a bounded length of ids a request", async () => {
    const client = createMockClient({historyAuthors: ['p-a'], documents: [{_id: '_.releases.rOld', _type: 'system.release'}, {_id: '_.releases.rNew', _type: 'system.release'}]})
    const articles = Array.from({length: 40}, (_, i) => `article-${i}`)
    const editors = await fetchEditorsOf(client, articles)
    expect([...editors.values()].every((list) => list?.join() === 'p-a')).toBe(true)
    const asked = client.request.mock.calls.map(([{url}]) => decodeURIComponent(url.split('/transactions/')[1].split('?')[0]).split(','))
    expect(asked[0]).toHaveLength(80)
    // 80 version ids of about 25 characters fit one request.
    expect(asked.slice(1).map((ids) => ids.length)).toEqual([80])
    expect(asked.slice(1).flat()).toContain('versions.rOld.article-39')
  })

  it('fails closed: when the history API cannot answer, it says so instead of answering "no editors"', async () => {
    await expect(fetchEditors(createMockClient({historyFails: true}), ARTICLE_ID)).rejects.toThrow(
      /Could not read who edited this article from the history API \(history API unavailable\), so its approvals cannot be counted yet/,
    )
  })
})

describe('loadPolicyInput', () => {
  it('loads published experts, citations, decisions and medical reviews of the article, and the reviewers, with one query', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1']}])
    const other = article([{key: 'k9', kind: 'benefit', expert: 'derm'}], {_id: 'other'})
    const client = createMockClient({
      documents: [
        expert('derm'),
        {...expert('derm', [], 'Draft name'), _id: 'drafts.derm'},
        expert('reviewer'),
        {...expert('reviewer', [], 'Draft reviewer'), _id: 'drafts.reviewer'},
        expert('unrelated'),
        expert('other-reviewer'),
        citation('c1'),
        ...approveAll(doc),
        review(doc, {checkedBy: SAM}),
        {...decision(other, 'k9'), article: {_type: 'reference' as const, _ref: 'other', _weak: true}},
        {...review(other, {_id: 'review-other', reviewer: {_type: 'reference', _ref: 'other-reviewer', _weak: true}}), article: {_type: 'reference' as const, _ref: 'other', _weak: true}},
      ],
      historyAuthors: ['p-priya'],
    })
    const input = await loadPolicyInput(client, doc, NOW, options)
    expect(contentQueries(client)).toHaveLength(1)
    // The reviewer is reached through the review (the article does not refer to them), published only.
    expect((input.experts as ExpertDoc[]).map((e) => [e._id, e.name])).toEqual([
      ['derm', 'Dr. derm'],
      ['reviewer', 'Dr. reviewer'],
    ])
    expect((input.citations as CitationDoc[]).map((c) => c._id)).toEqual(['c1'])
    expect(input.decisions.map(subjectOf).sort()).toEqual(['k1', 'review'])
    expect(input.editors).toEqual(['p-priya'])
    expect(input.article).toBe(doc)
    expect(evaluateArticle(input).publishable).toBe(true)
  })

  it('gives the rules what makes them say so when the reviewer is gone or is not an expert', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1']}])
    const codes = async (documents: Array<{_id: string; _type: string}>) => {
      const input = await loadPolicyInput(createMockClient({documents, historyAuthors: ['p-priya']}), doc, NOW, options)
      return evaluateArticle(input).issues.map((issue) => issue.code)
    }
    const base = [expert('derm'), citation('c1'), ...approveAll(doc), review(doc, {checkedBy: SAM})]
    expect(await codes([...base, expert('reviewer')])).toEqual([])
    expect(await codes(base)).toEqual(['review.reviewerNotFound'])
    expect(await codes([...base, {_id: 'reviewer', _type: 'writer', name: 'Dr. reviewer'}])).toEqual(['review.reviewerNotFound'])
    expect(await codes([...base, expert('reviewer'), review(doc, {_id: 'review-late', checkedBy: SAM, checkedAt: '2026-11-01T00:00:00.000Z', fingerprint: 'an earlier text'})])).toEqual([])
  })

  it('folds a release version onto the published id, so its decisions match', async () => {
    const doc = {...article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1']}]), _id: `versions.rSpring.${ARTICLE_ID}`}
    const client = createMockClient({documents: [expert('derm'), expert('reviewer'), citation('c1'), ...approveAll(doc)]})
    const input = await loadPolicyInput(client, doc, NOW, options)
    expect(input.article._id).toBe(ARTICLE_ID)
    expect(input.decisions.map(subjectOf)).toEqual(['k1'])
  })
})

describe('loadFactCheckQueue', () => {
  it('lists every claim waiting for a fact-checker across articles, oldest article first', async () => {
    const older = {...article([{key: 'a1', kind: 'aftercare', expert: 'derm', text: 'Older claim'}], {_id: 'drafts.older', title: 'Older'}), _updatedAt: '2026-11-01T00:00:00Z'}
    const newer = {
      ...article(
        [
          {key: 'b1', kind: 'aftercare', expert: 'derm', text: 'Newer first'},
          {key: 'b2', kind: 'aftercare', text: 'Unattributed: not for fact-checkers yet'},
          {key: 'b3', kind: 'aftercare', expert: 'derm', text: 'Newer third'},
        ],
        {_id: 'newer', title: 'Newer'},
      ),
      _updatedAt: '2026-11-20T00:00:00Z',
    }
    const olderPublished = {...older, _id: 'older', _updatedAt: '2026-10-01T00:00:00Z', title: 'Older (published)'}
    const approvedB3 = {...decision(newer, 'b3'), article: {_type: 'reference' as const, _ref: 'newer', _weak: true}}
    const client = createMockClient({
      documents: [expert('derm'), expert('reviewer'), newer, older, olderPublished, approvedB3, {...older, _id: 'versions.r1.older'}],
      historyAuthors: ['p-priya'],
    })
    const queue = await loadFactCheckQueue(client, options, NOW)
    expect(queue.map((item) => [item.articleId, item.articleTitle, item.claim.claim.key, item.expert?._id])).toEqual([
      ['older', 'Older', 'a1', 'derm'],
      ['newer', 'Newer', 'b1', 'derm'],
    ])
    expect(client.fetch.mock.calls[0][2]).toMatchObject({perspective: 'raw'})
    // Editors are asked once for every article with claims (the rules and deciding in place need them).
    expect(client.request).toHaveBeenCalledTimes(1)
    expect(queue.every((item) => item.editors?.includes('p-priya'))).toBe(true)
  })

  it('asks the history API once for many articles, and lists approved claims to check again when it cannot answer', async () => {
    const docs = [1, 2, 3].map((n) => article([{key: `k${n}`, kind: 'benefit', expert: 'derm', citations: ['c1']}], {_id: `article-${n}`}))
    const approvals = docs.flatMap((d) => approveAll(d).map((a, i) => ({...a, _id: `approval-${d._id}-${i}`, article: {_type: 'reference' as const, _ref: d._id, _weak: true}})))
    const documents = [expert('derm'), expert('reviewer'), citation('c1'), ...docs, ...approvals]
    const working = createMockClient({documents, historyAuthors: ['p-priya']})
    expect(await loadFactCheckQueue(working, options, NOW)).toEqual([])
    expect(working.request).toHaveBeenCalledTimes(1)

    const failing = createMockClient({documents, historyFails: true})
    const queue = await loadFactCheckQueue(failing, options, NOW)
    expect(queue.map((item) => [item.articleId, item.claim.claim.key, item.claim.status])).toEqual([
      ['article-1', 'k1', 'approved'],
      ['article-2', 'k2', 'approved'],
      ['article-3', 'k3', 'approved'],
    ])
    expect(queue.every((item) => /Could not read who edited this article/.test(item.editorsUnknown ?? ''))).toBe(true)
  })

  it('reads only drafts and the published articles that do not pass: a passing article is left out by its id', async () => {
    const passing = article([{key: 'p1', kind: 'benefit', expert: 'derm', citations: ['c1']}], {_id: ARTICLE_ID, title: 'Passing'})
    const failing = article([{key: 'f1', kind: 'benefit', expert: 'derm', citations: ['c1']}], {_id: 'article-failing', title: 'Failing'})
    const editedDraft = article([{key: 'd1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'A new claim in the draft'}], {_id: `drafts.${ARTICLE_ID}`, title: 'Passing (draft)'})
    const context = {experts: [expert('derm'), expert('reviewer')], citations: [citation('c1')]}
    const documents = [...context.experts, ...context.citations, passing, failing, ...approveAndReview(passing, context)]
    const client = createMockClient({documents, historyAuthors: ['p-priya']})
    expect((await loadFactCheckQueue(client, options, NOW)).map((item) => [item.articleId, item.claim.claim.key])).toEqual([['article-failing', 'f1']])
    const read = client.fetch.mock.calls.find((call) => String(call[0]).startsWith('*[_id in $ids]'))
    expect((read?.[1] as {ids: string[]}).ids).toEqual(['article-failing'])

    // Once an editor changes its draft, the draft is read, and its new claim waits.
    const withDraft = createMockClient({documents: [...documents, editedDraft], historyAuthors: ['p-priya']})
    expect((await loadFactCheckQueue(withDraft, options, NOW)).map((item) => [item.articleId, item.claim.claim.key])).toEqual([
      ['article-failing', 'f1'],
      [ARTICLE_ID, 'd1'],
    ])
  })

  it('asks again who edited an article kept from an earlier read once its published document, passing or not, has a new revision', async () => {
    const passing = {...article([{key: 'p1', kind: 'benefit', expert: 'derm', citations: ['c1']}], {_id: ARTICLE_ID, title: 'Passing'}), _rev: 'r1'}
    const draft = {...article([{key: 'd1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'A new claim in the draft'}], {_id: `drafts.${ARTICLE_ID}`, title: 'Passing (draft)'}), _rev: 'd1'}
    const context = {experts: [expert('derm'), expert('reviewer')], citations: [citation('c1')]}
    const client = createMockClient({documents: [...context.experts, ...context.citations, passing, draft, ...approveAndReview(passing, context)], historyAuthors: ['p-priya']})
    const cache = newQueueCache()
    expect((await loadFactCheckQueue(client, options, NOW, undefined, cache)).map((item) => item.claim.claim.key)).toEqual(['d1'])
    await loadFactCheckQueue(client, options, NOW, undefined, cache)
    expect(client.request).toHaveBeenCalledTimes(1)
    // Someone else writes the published document (it still passes): its editors may have changed.
    client.documents[client.documents.indexOf(passing)] = {...passing, _rev: 'r2'} as typeof passing
    await loadFactCheckQueue(client, options, NOW, undefined, cache)
    expect(client.request).toHaveBeenCalledTimes(2)
  })

  it("reads only the decisions' fields the rules read, and lists what the whole decisions give", async () => {
    const doc = {
      ...article([1, 2, 3, 4, 5].map((n) => ({key: `k${n}`, kind: 'benefit' as const, expert: 'derm', citations: ['c1'], text: `Claim ${n}`}))),
      _updatedAt: '2026-11-01T00:00:00Z',
    }
    const earlier = article([{key: 'k3', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Claim 3, as it read before'}])
    const decisions: DecisionDoc[] = [
      {...decision(doc, 'k1'), note: 'Checked against the study.', _createdAt: '2026-11-20T10:00:00Z', _updatedAt: '2026-11-20T10:00:00Z'} as DecisionDoc,
      decision(doc, 'k2', {_id: 'rejected-k2', _type: 'factCheck.rejection', reason: 'The study does not say so.'}),
      {...decision(earlier, 'k3', {_id: 'stale-k3'}), note: 'Fine then.'} as DecisionDoc,
      decision(doc, 'k4', {_id: 'not-a-checker-k4', checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}}),
      // Damaged: no date, no checker's roles.
      (({checkedAt: _at, ...rest}) => ({...rest, _id: 'undated-k5', checkedBy: {id: 'p-x'}}))(decision(doc, 'k5')) as DecisionDoc,
    ]
    const documents = [expert('derm'), expert('reviewer'), citation('c1'), doc, ...decisions]
    const client = createMockClient({documents, historyAuthors: ['p-priya']})
    const queue = await loadFactCheckQueue(client, options, NOW)
    const whole = buildQueue([doc], {experts: [expert('derm'), expert('reviewer')], citations: [citation('c1')], decisions, editorsByArticle: new Map([[ARTICLE_ID, ['p-priya']]])}, NOW, options)
    expect(queue.map(({editors: _editors, ...item}) => item)).toEqual(whole)
    expect(queue.map((item) => [item.claim.claim.key, item.claim.issues[0]?.code])).toEqual([
      ['k3', 'claim.approvalStale'],
      ['k4', 'claim.approverNotFactChecker'],
      ['k5', 'claim.approverNotFactChecker'],
    ])
    // What was read of the decisions: no notes or system dates, and a field a decision lacks stays missing.
    const read = await client.fetch.mock.results[client.fetch.mock.calls.findIndex((call) => call[0] === QUEUE_DECISIONS_QUERY)].value
    expect(read).toHaveLength(5)
    for (const row of read as Array<Record<string, unknown>>) {
      expect(Object.keys(row).filter((key) => !['_id', '_type', '_rev', 'article', 'claimKey', 'fingerprint', 'checkedBy', 'checkedAt', 'reason', 'acknowledgedConflicts'].includes(key))).toEqual([])
      expect(Object.values(row)).not.toContain(null)
    }
    expect((read as Array<{_id: string}>).find((row) => row._id === 'undated-k5')).not.toHaveProperty('checkedAt')
  })

  it("reads the experts and sources the marks name beside the articles; a reference by a draft's id names nothing, as in the rules", async () => {
    const doc = {...article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1']}, {key: 'k2', kind: 'benefit', expert: 'nurse', citations: ['c2']}]), _updatedAt: '2026-11-01T00:00:00Z'}
    // The second claim names its expert by the draft's id: the rules find no expert there.
    const blocks = doc.body as Array<{markDefs?: Array<{_key: string; expert?: {_ref: string}}>}>
    for (const def of blocks.flatMap((block) => block.markDefs ?? [])) if (def._key === 'k2' && def.expert) def.expert = {...def.expert, _ref: 'drafts.nurse'}
    const documents = [expert('derm', [credential()], 'Dr. Ana Ruiz'), expert('nurse', [credential()], 'Sam Lee, RN'), expert('unrelated'), citation('c1'), citation('c2'), citation('c3'), doc]
    const client = createMockClient({documents, historyAuthors: ['p-priya']})
    const queue = await loadFactCheckQueue(client, options, NOW)
    // The second claim waits for its editor (no expert found), not for a fact-checker.
    expect(queue.map((item) => [item.claim.claim.key, item.expert?._id, item.claim.status])).toEqual([['k1', 'derm', 'awaitingFactCheck']])
    const queries = client.fetch.mock.calls.map((call) => [call[0], call[1]] as [string, Record<string, unknown>])
    // One read of what the marks name beside the articles, and no other read of sources.
    expect(queries.filter(([query]) => query === QUEUE_SOURCES_NAMED_QUERY)).toHaveLength(1)
    expect(queries.filter(([query]) => query === POLICY_CONTEXT_QUERY)).toEqual([])
    // The same queue as a read of the sources by id gives.
    const whole = buildQueue([doc], {experts: [expert('derm', [credential()], 'Dr. Ana Ruiz'), expert('nurse', [credential()], 'Sam Lee, RN')], citations: [citation('c1'), citation('c2')], decisions: [], editorsByArticle: new Map([[ARTICLE_ID, ['p-priya']]])}, NOW, options)
    expect(queue.map(({editors: _editors, ...item}) => item)).toEqual(whole)
  })

  it("puts back in the queue a claim approved by someone who edited the article", async () => {
    const doc = {...article([{key: 'k1', kind: 'aftercare', expert: 'derm'}]), _updatedAt: '2026-11-01T00:00:00Z'}
    const client = createMockClient({documents: [expert('derm'), expert('reviewer'), doc, ...approveAll(doc)], historyAuthors: [CHECKER.id]})
    const queue = await loadFactCheckQueue(client, options, NOW)
    expect(queue.map((item) => [item.claim.claim.key, item.claim.issues[0]?.code])).toEqual([['k1', 'claim.approverEditedArticle']])
  })
})

describe('buildQueue', () => {
  it('gives each listed claim the verdict the whole rules give it, though it leaves the article-level checks out', () => {
    // An article with no medical review and an unmarked claim (article-level issues), a claim whose
    // sentence names someone other than its expert (a warning on the claim), one approved, one unattributed.
    const doc = {
      ...article(
        [
          {key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Dr. Jane Okafor says to keep the skin moist for two days.'},
          {key: 'k2', kind: 'aftercare', expert: 'derm', text: 'Avoid make-up for a day.'},
          {key: 'k3', kind: 'aftercare', text: 'Sunscreen matters afterwards.'},
          {key: 'k4', kind: 'aftercare', expert: 'derm', text: 'Wash with lukewarm water.'},
        ],
        {_id: `drafts.${ARTICLE_ID}`},
      ),
      _updatedAt: '2026-11-01T00:00:00Z',
    }
    doc.body!.push({_type: 'block', _key: 'plain', style: 'normal', markDefs: [], children: [{_type: 'span', _key: 's', text: 'Micro-needling reduces acne scars in most patients.', marks: []}]} as never)
    const experts = [expert('derm')]
    const decisions = [decision(doc, 'k2')]
    const editors = new Map([[getPublishedId(doc._id), ['p-priya']]])
    const queue = buildQueue([doc], {experts, citations: [], decisions, editorsByArticle: editors}, NOW, options)
    const whole = evaluateArticle({article: doc, experts, citations: [], decisions, editors: ['p-priya'], now: NOW, options})
    expect(whole.issues.map((issue) => issue.code)).toEqual(expect.arrayContaining(['review.missing', 'body.unmarkedClaim']))
    expect(queue.map((item) => item.claim)).toEqual(whole.claims.filter((claim) => claim.status === 'awaitingFactCheck'))
    expect(queue.map((item) => [item.claim.claim.key, item.claim.issues.map((issue) => issue.code)])).toEqual([
      ['k1', ['claim.notApproved', 'claim.namesAnotherPerson']],
      ['k4', ['claim.notApproved']],
    ])
  })
})

describe('loadWithdrawnArticles', () => {
  it("lists each article still off the site once, newest withdrawal first, with its draft's type", async () => {
    const record = (id: string, articleId: string, withdrawnAt: string) => ({_id: id, _type: 'factCheck.withdrawal', article: {_type: 'reference', _ref: articleId, _weak: true}, articleTitle: `Title ${articleId}`, withdrawnAt, cause: {kinds: ['revocation'], author: 'p-dana'}, reasons: [{_key: 'r0', code: 'expert.credentialRevoked', message: 'Revoked.'}]})
    const documents = [
      record('w1', 'article-a', '2026-11-01T00:00:00Z'),
      record('w2', 'article-a', '2026-11-20T00:00:00Z'),
      record('w3', 'article-b', '2026-11-10T00:00:00Z'),
      record('w4', 'article-back', '2026-11-15T00:00:00Z'),
      {_id: 'drafts.article-a', _type: 'article', title: 'A'},
      {_id: 'article-back', _type: 'article', title: 'Published again'},
    ]
    const rows = await loadWithdrawnArticles(createMockClient({documents}), options)
    expect(rows.map((r) => [r.articleId, r.withdrawnAt, r.articleType, r.reasons])).toEqual([
      ['article-a', '2026-11-20T00:00:00Z', 'article', ['Revoked.']],
      ['article-b', '2026-11-10T00:00:00Z', 'article', ['Revoked.']],
    ])
  })
})

describe('buildDecision', () => {
  const base = {articleId: `drafts.${ARTICLE_ID}`, claimKey: 'k1', fingerprint: 'derm||text', checkedBy: CHECKER, checkedAt: NOW}

  it('builds an approval with a factcheck-<uuid> id and a weak reference to the published article', () => {
    const doc = buildDecision({...base, decision: 'approve', note: '  '})
    expect(doc).toEqual({
      _id: expect.stringMatching(/^factcheck-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      _type: 'factCheck.approval',
      article: {_type: 'reference', _ref: ARTICLE_ID, _weak: true},
      claimKey: 'k1',
      fingerprint: 'derm||text',
      checkedBy: CHECKER,
      checkedAt: NOW,
    })
    expect(doc._id).not.toContain('.')
  })

  it('refuses a rejection without a reason', () => {
    expect(() => buildDecision({...base, decision: 'reject', reason: ' '})).toThrow(/A rejection needs a reason/)
    expect(buildDecision({...base, decision: 'reject', reason: 'Wrong dose'})).toMatchObject({_type: 'factCheck.rejection', reason: 'Wrong dose'})
  })
})
