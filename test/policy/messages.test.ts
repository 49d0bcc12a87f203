/**
 * The sentences the rules show editors, fact-checkers and readers of the audit: every issue code is
 * produced by some input below, and every message reads as written English: no doubled words, "a"
 * and "an" right, no empty slots (nothing left where a name, a kind or a reason belongs).
 */
import {describe, expect, it} from 'vitest'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {IssueCode, PolicyInput, TextBlock} from '../../plugins/medical-claims/rules/types.ts'
import {FORGERIES} from '../fixtures/forgeries.ts'
import {CHECKER, approveAll, article, baseInput, citation, credential, decision, defaultCitations, defaultExperts, expert, review, type ClaimSpec} from '../fixtures/policy-factories.ts'

const benefit: ClaimSpec = {key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'It smooths skin texture'}
/** Every issue code, as a record so that the compiler refuses this file when a code is added to IssueCode and not here. */
const CODES: Record<IssueCode, true> = {
  'claim.duplicateKey': true,
  'claim.kindMissing': true,
  'claim.unattributed': true,
  'claim.expertNotFound': true,
  'expert.noCredential': true,
  'expert.credentialUnverified': true,
  'expert.credentialChanged': true,
  'expert.verificationDue': true,
  'expert.credentialRevoked': true,
  'expert.credentialExpired': true,
  'expert.credentialNotYetValid': true,
  'expert.credentialNotAccepted': true,
  'claim.evidenceMissing': true,
  'claim.citationNotFound': true,
  'claim.citationRetracted': true,
  'claim.citationInvalid': true,
  'claim.evidenceTooWeak': true,
  'claim.notApproved': true,
  'claim.approvalStale': true,
  'claim.rejected': true,
  'claim.approverNotFactChecker': true,
  'claim.approverEditedArticle': true,
  'claim.conflictsNotAcknowledged': true,
  'review.missing': true,
  'review.stale': true,
  'review.recorderNotAllowed': true,
  'review.recorderEditedArticle': true,
  'review.evidenceMissing': true,
  'review.reviewerNotFound': true,
  'review.reviewerUncredentialed': true,
  'review.reviewerNotIndependent': true,
  'review.overdue': true,
  'review.intervalTooLong': true,
  'claim.namesAnotherPerson': true,
  'body.unmarkedClaim': true,
  'body.claimsTooLarge': true,
}
const ALL_CODES = Object.keys(CODES) as IssueCode[]

const withExpert = (credentials: ReturnType<typeof credential>[], claim: ClaimSpec = benefit): PolicyInput => {
  const doc = article([claim])
  return {...baseInput([], {article: doc, experts: [expert('derm', credentials), ...defaultExperts().slice(1)]})}
}
const reviewed = (overrides: Parameters<typeof review>[1]) => {
  const doc = article([benefit])
  return baseInput([], {article: doc, decisions: [...approveAll(doc), review(doc, overrides)]})
}

const INPUTS: Array<() => PolicyInput> = [
  ...FORGERIES.map((f) => f.input),
  () => {
    const doc = article([benefit, {...benefit, text: 'Other'}])
    doc.body = doc.body!.map((b, i) => ({...b, _key: `b${i}`}))
    return baseInput([], {article: doc})
  },
  () => baseInput(Array.from({length: 2_001}, (_, i) => ({...benefit, key: `k${i}`}))),
  () => baseInput(Array.from({length: 50}, (_, i) => ({...benefit, key: `k${i}`, text: 'x'.repeat(50_000)}))),
  () => baseInput([{...benefit, kind: undefined}]),
  () => baseInput([{...benefit, kind: 'miracle' as never}]),
  () => baseInput([{...benefit, expert: undefined}]),
  () => baseInput([{...benefit, expert: 'never-existed'}]),
  () => baseInput([{...benefit, expert: 'drafts.derm'}]),
  () => baseInput([{...benefit, citations: ['drafts.c1']}]),
  () => reviewed({reviewer: {_ref: 'drafts.reviewer'}}),
  () => reviewed({reviewer: undefined}),
  () => withExpert([]),
  () => withExpert([credential({verification: {status: 'unverified'}})]),
  () => withExpert([credential({verification: {status: 'revoked', fingerprint: undefined}})]),
  () => withExpert([credential({expiresOn: '2025-06-30'})]),
  () => withExpert([credential({verification: {status: 'verified', verifiedBy: 'p-dana', verifiedAt: '2024-03-01T09:00:00Z', evidence: 'Board lookup'}})]),
  () => withExpert([credential({verification: {status: 'verified', verifiedBy: 'p-dana', evidence: 'Board lookup'}})]),
  () => withExpert([credential({issuedOn: '2099-01-01'})]),
  () => withExpert([credential({profession: 'dietitian', kind: 'registration'})], {...benefit, kind: 'aftercare'}),
  () => withExpert([credential({profession: 'dietitian', kind: 'registration'})], {...benefit, kind: 'contraindication'}),
  () => baseInput([{...benefit, citations: []}]),
  () => baseInput([{...benefit, citations: ['gone']}]),
  () => ({...baseInput([benefit]), citations: [citation('c1', {title: ' ', doi: 'doi:10.1/x', url: 'example.org'}), ...defaultCitations().slice(1)]}),
  () => ({...baseInput([benefit]), citations: [citation('c1', {kind: 'expertInterview', title: 'Interview with Dr. derm'}), ...defaultCitations().slice(1)]}),
  () => ({...baseInput([benefit]), citations: [citation('c1', {evidenceLevel: 'observational'}), ...defaultCitations().slice(1)], options: {minimumEvidence: {benefit: 'trial'}}}),
  () => withExpert([credential({profession: 'dietitian', kind: 'registration', issuer: 'us-cdr'})], {...benefit, kind: 'risk', topic: 'skin'}),
  () => ({...baseInput([benefit]), citations: [citation('c1', {retracted: true}), ...defaultCitations().slice(1)]}),
  () => baseInput([benefit], {decisions: []}),
  () => {
    const doc = article([benefit])
    return baseInput([], {article: doc, decisions: [{...decision(doc, 'k1'), _type: 'factCheck.rejection', reason: 'The cited guideline says the opposite.'}]})
  },
  () => {
    const doc = article([benefit])
    return baseInput([], {article: doc, decisions: [{...decision(doc, 'k1'), _type: 'factCheck.rejection', reason: '  '}]})
  },
  () => {
    const doc = article([benefit])
    return baseInput([], {article: doc, decisions: [decision(doc, 'k1', {checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}})]})
  },
  () => ({...baseInput([benefit]), editors: ['p-priya', CHECKER.id]}),
  () => baseInput([benefit], {}, false),
  () => reviewed({checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}}),
  () => ({...reviewed({}), editors: ['p-sam']}),
  () => reviewed({checkedBy: CHECKER, evidence: ''}),
  () => reviewed({reviewer: {_ref: 'gone'}}),
  () => reviewed({reviewer: {_ref: 'nurse'}}),
  () => ({...reviewed({reviewer: {_type: 'reference', _ref: 'derm'}}), options: {independentReviewer: true}}),
  () => baseInput([{...benefit, text: 'Dr. Shamban says it smooths skin texture'}]),
  () => ({
    ...baseInput([benefit]),
    experts: [{...expert('derm'), disclosures: [{_key: 'fees', statement: 'Speaking fees from Glow Labs'}]}, ...defaultExperts().slice(1)],
    options: {acknowledgeConflicts: true},
  }),
  () => reviewed({checkedAt: '2025-01-01T00:00:00Z', nextReviewDue: '2025-12-31'}),
  () => reviewed({nextReviewDue: '2096-01-01'}),
  () => {
    const doc = article([benefit])
    ;(doc.body as TextBlock[]).push({_type: 'block', _key: 'u', style: 'normal', markDefs: [], children: [{_type: 'span', text: 'This serum reduces wrinkles by 40% in a month.'}]})
    return baseInput([], {article: doc})
  },
]

const messages = INPUTS.flatMap((input) => evaluateArticle(input()).issues)

describe('the rules\' messages', () => {
  it("say when a reference names a draft's id, and which published document to name instead", () => {
    const found = (input: PolicyInput, code: IssueCode) => evaluateArticle(input).issues.find((i) => i.code === code)?.message
    expect(found(baseInput([{...benefit, expert: 'drafts.derm'}]), 'claim.expertNotFound')).toMatch(/\(drafts\.derm\) is the id of a draft .* must name the published expert \(derm\)/)
    expect(found(baseInput([{...benefit, citations: ['drafts.c1']}]), 'claim.citationNotFound')).toMatch(/\(drafts\.c1\) is the id of a draft .* must name the published citation \(c1\)/)
    expect(found(reviewed({reviewer: {_ref: 'drafts.reviewer'}}), 'review.reviewerNotFound')).toMatch(/\(drafts\.reviewer\) is the id of a draft .* must name the published expert \(reviewer\)/)
    expect(found(baseInput([{...benefit, expert: 'never-existed'}]), 'claim.expertNotFound')).toMatch(/is not a published expert \(deleted, unpublished or never one\)/)
  })

  it('cover every issue code', () => {
    expect(ALL_CODES.filter((code) => !messages.some((m) => m.code === code))).toEqual([])
  })

  it.each(ALL_CODES)('%s reads as written English', (code) => {
    for (const {message} of messages.filter((m) => m.code === code)) {
      expect(message, message).not.toMatch(/\b(\w+) \1\b/i)
      expect(message, message).not.toMatch(/\ba [aeiou]/i)
      expect(message, message).not.toMatch(/\ban [^aeiouh\s"(]/i)
      expect(message, message).not.toMatch(/\.\.(?!\.)|\s[.,:;]|\(\)|""|: \.|\bundefined\b|\bnull\b|\bNaN\b|\[object/)
      expect(message, message).not.toMatch(/ {2}/)
      expect(message, message).toMatch(/^[A-Z"]/)
      expect(message, message).toMatch(/[.!?]$/)
    }
  })
})
