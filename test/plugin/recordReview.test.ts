/**
 * "Record medical review" without React: who may record a review, which experts may be named,
 * which dates the lake accepts, what the form lacks, what the review covers, which review stands,
 * and the document written, which the rules then count.
 */
import {describe, expect, it} from 'vitest'
import {
  buildReview,
  coveredVersion,
  currentReview,
  defaultNextReviewDue,
  EVIDENCE_REQUIRED_MESSAGE,
  recordReviewActionState,
  reviewCoverage,
  reviewDateLimits,
  reviewerCandidates,
  reviewFormProblems,
  reviewPermission,
} from '../../plugins/medical-claims/actions/recordReview.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE_ID, CHECKER, NOW, approveAll, article, citation, credential, defaultExperts, expert, review} from '../fixtures/policy-factories.ts'

const options = resolveOptions({})
const SAM = {id: 'p-sam', name: 'Sam Adeyemi', roles: ['medical-reviewer']}
const now = new Date(NOW)

describe('reviewPermission', () => {
  const cases: Array<{name: string; userId?: string; roles: string[]; editors: string[] | null; allowed: boolean; reason?: RegExp; evidenceRequired: boolean}> = [
    {name: 'a medical reviewer who did not edit the article', userId: 'p-sam', roles: ['medical-reviewer'], editors: ['p-priya'], allowed: true, evidenceRequired: false},
    {name: "a fact-checker, on the reviewer's behalf", userId: 'p-dana', roles: ['fact-checker'], editors: ['p-priya'], allowed: true, evidenceRequired: true},
    {name: 'an editor', userId: 'p-priya', roles: ['editor'], editors: [], allowed: false, reason: /Only medical reviewers and fact-checkers \(role "medical-reviewer" or "fact-checker"\)/, evidenceRequired: true},
    {name: 'a reviewer who edited the article', userId: 'p-sam', roles: ['medical-reviewer'], editors: ['p-priya', 'p-sam'], allowed: false, reason: /You edited this article, so someone who did not edit it must record its medical review/, evidenceRequired: false},
    {name: 'anyone while the editors are unknown (fail closed)', userId: 'p-sam', roles: ['medical-reviewer'], editors: null, allowed: false, reason: /Could not read who edited this article/, evidenceRequired: false},
    {name: 'nobody signed in', roles: [], editors: [], allowed: false, reason: /Sign in/, evidenceRequired: true},
  ]
  for (const c of cases) {
    it(c.name, () => {
      const permission = reviewPermission({userId: c.userId, roles: c.roles, editors: c.editors, options})
      expect(permission.allowed).toBe(c.allowed)
      expect(permission.evidenceRequired).toBe(c.evidenceRequired)
      if (c.reason) expect(permission.reason).toMatch(c.reason)
      else expect(permission.reason).toBeUndefined()
    })
  }

  it('reads the roles from the options', () => {
    const custom = resolveOptions({medicalReviewerRoles: ['clinician'], factCheckerRoles: ['desk']})
    expect(reviewPermission({userId: 'u', roles: ['clinician'], editors: [], options: custom})).toEqual({allowed: true, evidenceRequired: false})
    expect(reviewPermission({userId: 'u', roles: ['desk'], editors: [], options: custom})).toEqual({allowed: true, evidenceRequired: true})
    expect(reviewPermission({userId: 'u', roles: ['medical-reviewer'], editors: [], options: custom}).allowed).toBe(false)
  })
})

describe('recordReviewActionState', () => {
  const state = (roles: string[], editors: string[] | undefined, error: string | null = null, userId = 'p-sam') =>
    recordReviewActionState({userId, roles, editors, error, options})

  it('is hidden from users who hold neither role', () => {
    expect(state(['editor'], [])).toBeNull()
    expect(state(['administrator'], [])).toBeNull()
  })

  it('is disabled while loading and when the editors could not be read, saying so', () => {
    expect(state(['medical-reviewer'], undefined)).toEqual({disabled: true, title: "Loading the article's medical reviews…"})
    expect(state(['fact-checker'], undefined, 'Could not read who edited this article from the history API (down)')).toEqual({
      disabled: true,
      title: 'A medical review cannot be recorded yet: Could not read who edited this article from the history API (down)',
    })
  })

  it('is disabled for a user who edited the article, with the reason', () => {
    expect(state(['medical-reviewer'], ['p-sam'])).toEqual({disabled: true, title: 'You edited this article, so someone who did not edit it must record its medical review.'})
  })

  it('is enabled otherwise, saying whose review it records', () => {
    expect(state(['medical-reviewer'], ['p-priya'])).toMatchObject({disabled: false, title: expect.stringMatching(/^Record your medical review/)})
    expect(state(['fact-checker'], ['p-priya'], null, 'p-dana')).toMatchObject({disabled: false, title: expect.stringMatching(/with the evidence of it/)})
  })
})

describe('reviewerCandidates', () => {
  const experts: ExpertDoc[] = [
    expert('zed', [credential({kind: 'licence', title: 'Medical licence'})], 'Dr. Zed'),
    expert('amy', [credential()], 'Dr. Amy'),
    expert('old', [credential({expiresOn: '2025-01-01'})], 'Dr. Old'),
    expert('nurse', [credential({kind: 'registration', profession: 'registeredNurse'})], 'Nurse Nia'),
    expert('none', [], 'Nobody'),
    expert('unverified', [credential({verification: {status: 'unverified'}})], 'Dr. Unverified'),
  ]

  it('lists experts holding a credential of a kind the reviewer requirement accepts, eligible first, with standings', () => {
    const candidates = reviewerCandidates(experts, options, now)
    expect(candidates.map((c) => [c.expert._id, c.eligible, c.credentials.map((x) => x.standing)])).toEqual([
      ['amy', true, ['valid']],
      ['zed', true, ['valid']],
      ['old', false, ['expired']],
      ['unverified', false, ['unverified']],
    ])
    expect(candidates.find((c) => c.expert._id === 'old')?.reason).toMatch(/Dr\. Old's credential .* has expired, so cannot back the medical review/)
  })

  it('follows reviewerCredentials from the options', () => {
    const nurses = resolveOptions({reviewerCredentials: [{professions: ['registeredNurse']}]})
    expect(reviewerCandidates(experts, nurses, now).map((c) => c.expert._id)).toEqual(['nurse'])
  })
})

describe('next review dates', () => {
  it('accepts after today up to maxReviewIntervalDays ahead, and defaults to a year from today', () => {
    expect(reviewDateLimits(now, options)).toEqual({today: '2026-11-24', earliest: '2026-11-25', latest: '2028-11-23'})
    expect(defaultNextReviewDue(now, options)).toBe('2027-11-24')
  })

  it('keeps the default within a short interval', () => {
    const short = resolveOptions({maxReviewIntervalDays: 90})
    expect(reviewDateLimits(now, short).latest).toBe('2027-02-22')
    expect(defaultNextReviewDue(now, short)).toBe('2027-02-22')
  })
})

describe('reviewFormProblems', () => {
  const candidates = reviewerCandidates([expert('reviewer'), expert('old', [credential({expiresOn: '2025-01-01'})], 'Dr. Old')], options, now)
  const problems = (form: Partial<{reviewerId: string; nextReviewDue: string; evidence: string}>, evidenceRequired = false) =>
    reviewFormProblems({reviewerId: 'reviewer', nextReviewDue: '2027-11-24', evidence: '', ...form}, {candidates, evidenceRequired, now, options})

  it('has nothing to say about a complete form', () => {
    expect(problems({})).toEqual({})
    expect(problems({evidence: 'Signed form'}, true)).toEqual({})
  })

  it('requires evidence from a user who is not a medical reviewer, saying why', () => {
    expect(problems({}, true)).toEqual({evidence: EVIDENCE_REQUIRED_MESSAGE})
    expect(problems({evidence: '   '}, true).evidence).toBe(EVIDENCE_REQUIRED_MESSAGE)
    expect(EVIDENCE_REQUIRED_MESSAGE).toMatch(/not a medical reviewer.*required/)
  })

  it('needs a reviewer the rules accept', () => {
    expect(problems({reviewerId: ''}).reviewerId).toBe('Choose the expert who reviewed the article.')
    expect(problems({reviewerId: 'old'}).reviewerId).toMatch(/has expired/)
    expect(problems({reviewerId: 'stranger'}).reviewerId).toMatch(/does not hold a credential that qualifies/)
  })

  it('needs a date the lake accepts', () => {
    expect(problems({nextReviewDue: ''}).nextReviewDue).toBe('Enter the date the article is next due for review.')
    expect(problems({nextReviewDue: '2026-11-24'}).nextReviewDue).toBe('The next review must be after today (2026-11-24).')
    expect(problems({nextReviewDue: '2028-11-23'})).toEqual({})
    expect(problems({nextReviewDue: '2028-11-24'}).nextReviewDue).toBe('The next review may be at most 730 days ahead: on or before 2028-11-23.')
  })
})

describe('reviewCoverage', () => {
  const doc: ArticleDoc = {
    ...article([{key: 'k1', kind: 'benefit', expert: 'derm', text: 'Retinoids reduce fine lines'}]),
    title: 'Retinoids',
    dek: 'What they do',
  }
  doc.body?.push({_type: 'figure', _key: 'fig', alt: 'A tube of cream', caption: 'Apply at night'} as never)

  it('lists what a reader reads with the article scope', () => {
    expect(reviewCoverage(doc, 'article')).toEqual([
      {kind: 'title', text: 'Retinoids'},
      {kind: 'dek', text: 'What they do'},
      {kind: 'block', style: 'normal', text: expect.stringContaining('Retinoids reduce fine lines')},
      {kind: 'object', style: 'figure', text: 'A tube of cream · Apply at night'},
    ])
  })

  it('lists the claims with the claims scope', () => {
    expect(reviewCoverage(doc, 'claims')).toEqual([{kind: 'claim', text: 'Retinoids reduce fine lines'}])
  })

  it('says which version it covers', () => {
    expect(coveredVersion(`drafts.${ARTICLE_ID}`)).toMatch(/^the draft/)
    expect(coveredVersion(ARTICLE_ID)).toMatch(/^the published article/)
    expect(coveredVersion(`versions.r1.${ARTICLE_ID}`)).toMatch(/^the release version/)
  })
})

describe('buildReview', () => {
  const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}], {_id: `drafts.${ARTICLE_ID}`})
  const reviewer = expert('reviewer')
  const input = {articleId: doc._id, article: doc, reviewer, nextReviewDue: '2027-11-24', evidence: '  ', recorder: SAM, options}

  it("builds a review of the article's published id, named for the recorder, without a time (the lake stamps it)", () => {
    const built = buildReview(input)
    expect(built).toEqual({
      _id: expect.stringMatching(/^factcheck-[0-9a-f-]{36}$/),
      _type: 'factCheck.review',
      article: {_type: 'reference', _ref: ARTICLE_ID, _weak: true},
      reviewer: {_type: 'reference', _ref: 'reviewer', _weak: true},
      fingerprint: expect.any(String),
      nextReviewDue: '2027-11-24',
      checkedBy: SAM,
    })
    expect(built).not.toHaveProperty('checkedAt')
    expect(buildReview({...input, evidence: ' Signed form '}).evidence).toBe('Signed form')
  })

  it('is counted by the rules for the article as the recorder saw it, and goes stale when it changes', () => {
    const built = {...buildReview(input), checkedAt: '2026-11-24T12:00:00.000Z'}
    const verdict = (articleDoc: ArticleDoc) =>
      evaluateArticle({article: articleDoc, experts: defaultExperts(), citations: [citation('c1')], decisions: [...approveAll(doc), built], editors: ['p-priya'], now: NOW, options})
    expect(verdict(doc).issues).toEqual([])
    expect(verdict({...doc, title: 'A new title'}).issues.map((issue) => [issue.code, issue.path])).toEqual([['review.stale', []]])
  })

  it('pins the claims only with the claims scope', () => {
    const claims = resolveOptions({reviewCovers: 'claims'})
    const built = {...buildReview({...input, options: claims}), checkedAt: NOW}
    const issues = evaluateArticle({article: {...doc, title: 'Retitled'}, experts: defaultExperts(), citations: [citation('c1')], decisions: [...approveAll(doc), built], editors: [], now: NOW, options: claims}).issues
    expect(issues).toEqual([])
  })

  it('refuses an article it cannot pin', () => {
    expect(() => buildReview({...input, article: {...doc, title: 42 as never}})).toThrow(/cannot be pinned for a review/)
  })
})

describe('currentReview', () => {
  const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
  const experts = defaultExperts()
  const evaluate = (articleDoc: ArticleDoc, decisions: ReturnType<typeof review>[]) =>
    evaluateArticle({article: articleDoc, experts, citations: [citation('c1')], decisions: [...approveAll(doc), ...decisions], editors: [], now: NOW, options})

  it('is the review covering the article as it reads now, even when a later one covers an earlier text', () => {
    const covering = review(doc, {_id: 'review-a', checkedBy: SAM, checkedAt: '2026-10-01T00:00:00.000Z'})
    const earlier = review({...doc, title: 'Old title'}, {_id: 'review-b', checkedBy: SAM, checkedAt: '2026-11-01T00:00:00.000Z'})
    const current = currentReview(doc, {experts, decisions: [earlier, covering]}, evaluate(doc, [earlier, covering]), options)
    expect(current).toMatchObject({review: {_id: 'review-a'}, reviewer: {_id: 'reviewer'}, covers: true, issues: []})
  })

  it("is the latest review, with the rules' reason, when none covers the article now", () => {
    const old = review({...doc, title: 'Old title'}, {_id: 'review-b', checkedBy: CHECKER})
    const current = currentReview(doc, {experts, decisions: [old]}, evaluate(doc, [old]), options)
    expect(current.review?._id).toBe('review-b')
    expect(current.covers).toBe(false)
    expect(current.issues.map((issue) => issue.code)).toEqual(['review.stale'])
  })

  it('is null when no review was recorded', () => {
    const current = currentReview(doc, {experts, decisions: []}, evaluate(doc, []), options)
    expect(current).toMatchObject({review: null, covers: false})
    expect(current.issues.map((issue) => issue.code)).toEqual(['review.missing'])
  })
})
