import {describe, expect, it} from 'vitest'
import {parseClaimFingerprint, verificationCoversDetails} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {
  claimFingerprint,
  credentialFingerprint,
  credentialStanding,
  detectUnmarkedClaims,
  evaluateArticle,
  extractClaims,
  factCheckPermission,
  latestNextReview,
  publishDecision,
  summarizeVerdict,
} from '../../plugins/medical-claims/rules/policy.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {ArticleDoc, BodyItem, ClaimMark, IssueCode, PolicyInput, TextBlock} from '../../plugins/medical-claims/rules/types.ts'
import {
  CHECKER,
  approveAll,
  approveAndReview,
  review,
  article,
  baseInput,
  citation,
  credential,
  decision,
  defaultExperts,
  expert,
  pinned,
  NOW,
  type ClaimSpec,
} from '../fixtures/policy-factories.ts'
import {FORGERIES} from '../fixtures/forgeries.ts'

const benefit: ClaimSpec = {key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'It smooths skin texture'}


/** An input whose article is changed after its claims were approved and it was reviewed. */
function changedAfterReview(change: (doc: ArticleDoc) => void, claims: ClaimSpec[] = [benefit], options?: PolicyInput['options']): PolicyInput {
  const doc = article(claims, {dek: 'What the treatment does.'})
  doc.body!.push({_type: 'block', _key: 'other', style: 'normal', markDefs: [], children: [{_type: 'span', _key: 'o1', text: 'Ask your dermatologist first.', marks: []}]})
  doc.body!.push({_type: 'figure', _key: 'fig', alt: 'A roller', caption: 'The tool'} as BodyItem)
  const scope = options?.reviewCovers ?? 'article'
  const decisions = [...approveAll(doc), review(doc, {}, undefined, scope)]
  const changed = structuredClone(doc)
  change(changed)
  return baseInput([], {article: changed, decisions, ...(options ? {options} : {})})
}

function reviewCases(): Case[] {
  const reviewed = (overrides: Parameters<typeof review>[1], options?: PolicyInput['options']) => {
    const doc = article([benefit])
    return baseInput([], {article: doc, decisions: [...approveAll(doc), review(doc, overrides)], ...(options ? {options} : {})})
  }
  const block = (doc: ArticleDoc, key: string) => doc.body!.find((b) => b._key === key) as TextBlock
  return [
    {name: 'no medical review', input: () => baseInput([benefit], {}, false), errors: ['review.missing']},
    {name: 'a review with no next-review date', input: () => reviewed({nextReviewDue: ''}), errors: ['review.missing']},
    {name: 'a reviewer that does not exist', input: () => reviewed({reviewer: {_ref: 'gone'}}), errors: ['review.reviewerNotFound']},
    {name: 'a reviewer without a physician credential', input: () => reviewed({reviewer: {_ref: 'nurse'}}), errors: ['review.reviewerUncredentialed']},
    {
      name: 'a reviewer whose id is a citation is not found',
      input: () => reviewed({reviewer: {_ref: 'c1'}}),
      errors: ['review.reviewerNotFound'],
    },
    {name: 'a review that fell due yesterday', input: () => reviewed({checkedAt: '2025-11-24T10:00:00.000Z', nextReviewDue: '2026-11-23'}), errors: ['review.overdue']},
    {name: 'a review due today has not passed', input: () => reviewed({checkedAt: '2025-11-24T10:00:00.000Z', nextReviewDue: '2026-11-24'}), errors: []},
    {name: 'a next review 70 years out', input: () => reviewed({nextReviewDue: '2096-10-01'}), errors: ['review.intervalTooLong']},
    {name: 'a next review exactly at the longest interval', input: () => reviewed({checkedAt: '2026-10-01T23:59:00.000Z', nextReviewDue: '2028-09-30'}), errors: []},
    {name: 'a next review a day past the longest interval', input: () => reviewed({checkedAt: '2026-10-01T23:59:00.000Z', nextReviewDue: '2028-10-01'}), errors: ['review.intervalTooLong']},
    {name: 'a shorter interval set in the options', input: () => reviewed({}, {maxReviewIntervalDays: 300}), errors: ['review.intervalTooLong']},
    {name: 'the review can be made optional', input: () => ({...baseInput([benefit], {}, false), options: {requireMedicalReview: false}}), errors: []},
    // Who recorded it
    {name: 'a medical reviewer records a review without evidence', input: () => reviewed({evidence: undefined}), errors: []},
    {name: 'a fact-checker records a review on the reviewer\'s behalf without evidence', input: () => reviewed({checkedBy: CHECKER, evidence: '  '}), errors: ['review.evidenceMissing']},
    {name: 'an editor\'s review does not count', input: () => reviewed({checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}}), errors: ['review.recorderNotAllowed']},
    {
      name: 'a review recorded by someone who edited the article does not count',
      input: () => ({...reviewed({}), editors: ['p-priya', 'p-sam']}),
      errors: ['review.recorderEditedArticle'],
    },
    {
      name: 'an older valid review counts when a newer one does not',
      input: () => {
        const doc = article([benefit])
        return baseInput([], {
          article: doc,
          decisions: [...approveAll(doc), review(doc, {_id: 'r-old'}), review(doc, {_id: 'r-new', checkedAt: '2026-11-01T10:00:00.000Z', checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}})],
        })
      },
      errors: [],
    },
    {
      name: 'the newest review counts: an older overdue one does not block',
      input: () => {
        const doc = article([benefit])
        return baseInput([], {
          article: doc,
          decisions: [...approveAll(doc), review(doc, {_id: 'r-old', checkedAt: '2024-01-01T10:00:00.000Z', nextReviewDue: '2025-01-01'}), review(doc, {_id: 'r-new'})],
        })
      },
      errors: [],
    },
    {
      name: 'a review of another article does not count',
      input: () => {
        const doc = article([benefit])
        return baseInput([], {article: doc, decisions: [...approveAll(doc), review(doc, {article: {_ref: 'article-other'}})]})
      },
      errors: ['review.missing'],
    },
    // What it covers: everything a reader reads
    {name: 'nothing changed since the review', input: () => changedAfterReview(() => undefined), errors: []},
    {name: 'the title changed after the review', input: () => changedAfterReview((doc) => (doc.title = 'A cure for everything')), errors: ['review.stale']},
    {name: 'the dek changed after the review', input: () => changedAfterReview((doc) => (doc.dek = 'It cures acne in 100% of patients.')), errors: ['review.stale']},
    {
      name: 'a negation added outside the claim, in another block',
      input: () => changedAfterReview((doc) => (block(doc, 'other').children![0].text = 'It is false that any of this works.')),
      errors: ['review.stale'],
    },
    {
      name: 'an unmarked claim sentence added in a new block',
      input: () =>
        changedAfterReview((doc) => doc.body!.push({_type: 'block', _key: 'new', style: 'normal', markDefs: [], children: [{_type: 'span', text: 'Ask nobody.'}]})),
      errors: ['review.stale'],
    },
    {
      name: 'an approved claim un-marked (its text stays, its attribution goes)',
      input: () =>
        changedAfterReview((doc) => {
          const b = block(doc, 'block-k1')
          b.markDefs = []
          for (const child of b.children!) child.marks = []
        }),
      errors: ['review.stale'],
    },
    {name: 'a paragraph turned into a heading', input: () => changedAfterReview((doc) => (block(doc, 'other').style = 'h2')), errors: ['review.stale']},
    {name: 'a paragraph turned into a list item', input: () => changedAfterReview((doc) => (block(doc, 'other').listItem = 'bullet')), errors: ['review.stale']},
    {
      name: 'a figure caption changed',
      input: () => changedAfterReview((doc) => ((doc.body!.find((b) => b._key === 'fig') as {caption?: string}).caption = 'Cures scars')),
      errors: ['review.stale'],
    },
    {
      name: 'an inline child added to a block',
      input: () => changedAfterReview((doc) => block(doc, 'other').children!.push({_type: 'footnote', _key: 'fn', text: ' It cures eczema.'})),
      errors: ['review.stale'],
      warnings: ['body.unmarkedClaim'],
    },
    {
      name: 'a reviewer renamed after the review',
      input: () => {
        const input = changedAfterReview(() => undefined)
        return {...input, experts: defaultExperts().map((e) => (e._id === 'reviewer' ? {...e, name: 'Dr. Someone Else'} : e))}
      },
      errors: ['review.stale'],
    },
    {
      name: 'attributing a claim to another expert needs its approval again, not a new review',
      input: () => {
        const withNurse = changedAfterReview((doc) => ((block(doc, 'block-k1').markDefs![0] as ClaimMark).expert = {_type: 'reference', _ref: 'derm2'}))
        return {...withNurse, experts: [...defaultExperts(), expert('derm2')]}
      },
      errors: ['claim.approvalStale@k1'],
    },
    // Pinned to the claims alone (an option)
    {name: 'claims scope: the title may change', input: () => changedAfterReview((doc) => (doc.title = 'New title'), [benefit], {reviewCovers: 'claims'}), errors: []},
    {
      name: 'claims scope: a negation in the claim\'s own paragraph voids it',
      input: () => changedAfterReview((doc) => (block(doc, 'block-k1').children![0].text = 'It is false that '), [benefit], {reviewCovers: 'claims'}),
      errors: ['claim.approvalStale@k1', 'review.stale'],
    },
    {
      name: 'claims scope: a review pinned to the whole article does not count',
      input: () => {
        const input = changedAfterReview(() => undefined)
        return {...input, options: {reviewCovers: 'claims'}}
      },
      errors: ['review.stale'],
    },
  ]
}

interface Case {
  name: string
  input: () => PolicyInput
  /** Expected blocking issues as `code` or `code@claimKey`, in order. */
  errors: string[]
  warnings?: string[]
}

function withExperts(input: PolicyInput, ...experts: ReturnType<typeof expert>[]): PolicyInput {
  return {...input, experts: [...(input.experts as ReturnType<typeof expert>[]).filter((e) => !experts.some((x) => x._id === e._id)), ...experts]}
}

const cases: Case[] = [
  {name: 'a complete article is publishable', input: () => baseInput([benefit]), errors: []},
  {name: 'an article without claims only needs its review', input: () => baseInput([]), errors: []},
  // Rule 1: attribution
  {name: 'a claim with no expert', input: () => baseInput([{...benefit, expert: undefined}]), errors: ['claim.unattributed@k1']},
  {
    name: 'a claim whose expert was deleted',
    input: () => baseInput([{...benefit, expert: 'gone'}]),
    errors: ['claim.expertNotFound@k1'],
  },
  {name: 'a claim with no kind', input: () => baseInput([{...benefit, kind: undefined}]), errors: ['claim.kindMissing@k1']},
  {
    name: "an expert referenced by the draft's id names nothing (a reader's site follows published ids only)",
    input: () => baseInput([{...benefit, expert: 'drafts.derm'}]),
    errors: ['claim.expertNotFound@k1'],
  },
  {name: "a source cited by the draft's id names nothing", input: () => baseInput([{...benefit, citations: ['drafts.c1']}]), errors: ['claim.citationNotFound@k1']},
  // Rule 2: credentials
  {name: 'an expert with no credential', input: () => withExperts(baseInput([benefit]), expert('derm', [])), errors: ['expert.noCredential@k1']},
  {
    name: 'an unverified credential',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({verification: {status: 'unverified'}})])),
    errors: ['expert.credentialUnverified@k1'],
  },
  {
    name: 'a credential with no verification at all',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({verification: undefined})])),
    errors: ['expert.credentialUnverified@k1'],
  },
  {
    name: 'a revoked credential',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({verification: {status: 'revoked'}})])),
    errors: ['expert.credentialRevoked@k1'],
  },
  {
    name: 'a credential that expired the day before publishing',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({expiresOn: '2026-11-23'})])),
    errors: ['expert.credentialExpired@k1'],
  },
  {
    name: 'a credential that expires on the day of publishing is still valid that day',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({expiresOn: '2026-11-24'})])),
    errors: [],
  },
  {
    name: 'expiry is judged at the publishing moment, in UTC',
    input: () => ({...withExperts(baseInput([benefit]), expert('derm', [credential({expiresOn: '2026-11-24'})])), now: '2026-11-25T00:00:00.000Z'}),
    errors: ['expert.credentialExpired@k1'],
  },
  {
    name: 'a credential issued after the publishing day',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({issuedOn: '2026-12-01'})])),
    errors: ['expert.credentialNotYetValid@k1'],
  },
  {
    name: 'a nurse cannot vouch for a risk by default',
    input: () => baseInput([{...benefit, kind: 'risk', expert: 'nurse'}]),
    errors: ['expert.credentialNotAccepted@k1'],
  },
  {
    name: 'a registered nurse may speak to patient experience',
    input: () => baseInput([{key: 'k1', kind: 'patientExperience', expert: 'nurse', text: 'It feels like tickling'}]),
    errors: [],
  },
  {
    name: 'a degree alone does not qualify a physician for a benefit claim',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({kind: 'degree', title: 'MD'})])),
    errors: ['expert.credentialNotAccepted@k1'],
  },
  {
    name: 'several credentials of which one fits and is current',
    input: () =>
      withExperts(
        baseInput([benefit]),
        expert('derm', [
          credential({_key: 'a', kind: 'degree', title: 'MD'}),
          credential({_key: 'b', expiresOn: '2020-01-01', title: 'Old board certification'}),
          credential({_key: 'c', kind: 'licence', title: 'Medical licence', verification: {status: 'verified', verifiedAt: '2026-06-01T09:00:00Z'}}),
        ]),
      ),
    errors: [],
  },
  {
    name: 'of several fitting credentials, none current: the unverified one is named first',
    input: () =>
      withExperts(
        baseInput([benefit]),
        expert('derm', [credential({_key: 'a', expiresOn: '2020-01-01'}), credential({_key: 'b', verification: {status: 'unverified'}})]),
      ),
    errors: ['expert.credentialUnverified@k1'],
  },
  {
    name: 'options can accept nurses for risks',
    input: () => ({
      ...baseInput([{...benefit, kind: 'risk', expert: 'nurse'}]),
      options: {acceptance: [{claimKinds: ['risk'], professions: ['registeredNurse']}]},
    }),
    errors: [],
  },
  // Rule 3: evidence
  {name: 'a benefit with no citation', input: () => baseInput([{...benefit, citations: []}]), errors: ['claim.evidenceMissing@k1']},
  {name: 'a cost claim needs no citation', input: () => baseInput([{key: 'k1', kind: 'cost', expert: 'derm', text: '$100 to $700'}]), errors: []},
  {name: 'a cited source that was deleted', input: () => baseInput([{...benefit, citations: ['gone']}]), errors: ['claim.citationNotFound@k1']},
  {
    name: 'a retracted citation',
    input: () => ({...baseInput([benefit]), citations: [citation('c1', {retracted: true})]}),
    errors: ['claim.citationRetracted@k1'],
  },
  {
    name: 'a retracted citation beside a good one still blocks',
    input: () => ({...baseInput([{...benefit, citations: ['c1', 'c2']}]), citations: [citation('c1'), citation('c2', {retracted: true})]}),
    errors: ['claim.citationRetracted@k1'],
  },
  {
    name: 'credential and evidence problems are reported together',
    input: () => withExperts(baseInput([{...benefit, citations: []}]), expert('derm', [])),
    errors: ['expert.noCredential@k1', 'claim.evidenceMissing@k1'],
  },
  // Rule 4: approvals
  {name: 'a claim never fact-checked', input: () => baseInput([benefit], {decisions: []}), errors: ['claim.notApproved@k1']},
  {
    name: 'a claim whose text was edited after approval',
    input: () => {
      const approved = article([benefit])
      return baseInput([], {article: article([{...benefit, text: 'It smooths skin texture in a week'}]), decisions: approveAll(approved)})
    },
    errors: ['claim.approvalStale@k1'],
  },
  {
    name: 'a claim re-attributed after approval',
    input: () => {
      const approved = article([benefit])
      return baseInput([], {article: article([{...benefit, expert: 'reviewer'}]), decisions: approveAll(approved)})
    },
    errors: ['claim.approvalStale@k1'],
  },
  {
    name: 'with an independent reviewer required, the reviewer may not be the source of most claims',
    input: () => ({...baseInput([{...benefit, expert: 'reviewer'}]), options: {independentReviewer: true}}),
    errors: ['review.reviewerNotIndependent'],
  },
  {
    name: 'a claim whose citations changed after approval',
    input: () => {
      const approved = article([benefit])
      return baseInput([], {article: article([{...benefit, citations: ['c1', 'c2']}]), decisions: approveAll(approved)})
    },
    errors: ['claim.approvalStale@k1'],
  },
  {
    name: 'an approval by someone who edited the article',
    input: () => baseInput([benefit], {editors: ['p-priya', CHECKER.id]}),
    errors: ['claim.approverEditedArticle@k1'],
  },
  {
    name: 'an approval by a non-fact-checker',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {article: doc, decisions: [decision(doc, 'k1', {checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}})]})
    },
    errors: ['claim.approverNotFactChecker@k1'],
  },
  {
    name: 'a valid approval counts even beside an invalid one',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {
        article: doc,
        decisions: [decision(doc, 'k1'), decision(doc, 'k1', {checkedBy: {id: 'p-tom', roles: ['editor']}, checkedAt: '2026-11-21T00:00:00Z'})],
      })
    },
    errors: [],
  },
  {
    name: 'an approval for another article does not count',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {article: doc, decisions: [decision(doc, 'k1', {article: {_ref: 'article-other'}})]})
    },
    errors: ['claim.notApproved@k1'],
  },
  {
    name: 'the latest decision is a rejection',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {
        article: doc,
        decisions: [
          decision(doc, 'k1'),
          decision(doc, 'k1', {_type: 'factCheck.rejection', reason: 'The source says otherwise', checkedAt: '2026-11-21T00:00:00Z'}),
        ],
      })
    },
    errors: ['claim.rejected@k1'],
  },
  {
    name: 'an approval after a rejection of the same claim',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {
        article: doc,
        decisions: [
          decision(doc, 'k1', {_type: 'factCheck.rejection', reason: 'Check the source', checkedAt: '2026-11-19T00:00:00Z'}),
          decision(doc, 'k1', {checkedAt: '2026-11-21T00:00:00Z'}),
        ],
      })
    },
    errors: [],
  },
  {
    name: 'a rejected claim that was revised waits for a new check',
    input: () => {
      const before = article([benefit])
      return baseInput([], {
        article: article([{...benefit, text: 'It may smooth skin texture'}]),
        decisions: [decision(before, 'k1', {_type: 'factCheck.rejection', reason: 'Overstated'})],
      })
    },
    errors: ['claim.notApproved@k1'],
  },
  {
    name: 'approvals are only asked for once the claim is attributed',
    input: () => baseInput([{...benefit, expert: undefined}], {decisions: []}),
    errors: ['claim.unattributed@k1'],
  },
  {
    name: 'duplicate claim keys',
    input: () => {
      const doc = article([benefit, {...benefit, text: 'Other'}])
      doc.body = doc.body!.map((b, i) => ({...b, _key: `b${i}`}))
      return baseInput([], {article: doc, decisions: approveAndReview(doc)})
    },
    errors: ['claim.duplicateKey@k1'],
  },
  // Rule 5: the medical review is a decision, pinned to what a reader reads
  ...reviewCases(),
  // Unmarked claims
  {
    name: 'an unmarked sentence that reads like a claim is a warning',
    input: () => {
      const doc = article([benefit])
      doc.body!.push({_type: 'block', _key: 'plain', style: 'normal', markDefs: [], children: [{_type: 'span', text: 'This serum reduces wrinkles by 40% in a month.'}]})
      return baseInput([], {article: doc, decisions: approveAll(doc)})
    },
    errors: [],
    warnings: ['body.unmarkedClaim'],
  },
  {
    name: 'unmarked claims can block when configured as errors',
    input: () => {
      const doc = article([benefit])
      doc.body!.push({_type: 'block', _key: 'plain', style: 'normal', markDefs: [], children: [{_type: 'span', text: 'Retinol at 0.5% is safe for most people.'}]})
      return {...baseInput([], {article: doc, decisions: approveAll(doc)}), options: {unmarkedClaims: 'error'}}
    },
    errors: ['body.unmarkedClaim'],
  },
]

function label(i: {code: IssueCode; claimKey?: string}): string {
  return i.claimKey ? `${i.code}@${i.claimKey}` : i.code
}

describe('evaluateArticle', () => {
  it.each([...cases, ...FORGERIES.map((f): Case => ({...f, name: `forgery: ${f.name}`}))])('$name', ({input, errors, warnings = []}) => {
    const verdict = evaluateArticle(input())
    expect(verdict.issues.filter((i) => i.severity === 'error').map(label)).toEqual(errors)
    expect(verdict.issues.filter((i) => i.severity === 'warning').map(label)).toEqual(warnings)
    expect(verdict.publishable).toBe(errors.length === 0)
    for (const issue of verdict.issues) {
      expect(issue.message.length).toBeGreaterThan(20)
      expect(issue.path.length === 0 || issue.path[0] === 'body').toBe(true)
    }
  })

  it('points each claim issue at the claim inside the body', () => {
    const verdict = evaluateArticle(baseInput([{...benefit, expert: undefined}]))
    expect(verdict.issues[0].path).toEqual(['body', {_key: 'block-k1'}, 'markDefs', {_key: 'k1'}])
    expect(verdict.issues[0].message).toContain('It smooths skin texture')
  })

  it('names the expert and the expiry date when a credential has expired', () => {
    const input = withExperts(baseInput([benefit]), expert('derm', [credential({expiresOn: '2025-06-30', title: 'Board certified'})], 'Dr. Lee'))
    const [issue] = evaluateArticle(input).issues
    expect(issue.message).toContain('Dr. Lee')
    expect(issue.message).toContain('expired 2025-06-30')
  })

  it('gives each claim a status that follows the workflow', () => {
    const doc = article([
      {key: 'a', kind: 'benefit', citations: ['c1']},
      {key: 'b', kind: 'benefit', expert: 'derm'},
      {key: 'c', kind: 'risk', expert: 'derm', citations: ['c1']},
      {key: 'd', kind: 'risk', expert: 'derm', citations: ['c2']},
    ])
    const verdict = evaluateArticle(baseInput([], {article: doc, decisions: [decision(doc, 'd')]}))
    expect(verdict.claims.map((c) => [c.claim.key, c.status])).toEqual([
      ['a', 'needsAttribution'],
      ['b', 'needsEvidence'],
      ['c', 'awaitingFactCheck'],
      ['d', 'approved'],
    ])
    expect(summarizeVerdict(verdict)).toMatchObject({total: 4, approved: 1, unattributed: 1, needsEvidence: 1, awaiting: 1, blocking: 3})
    expect(publishDecision(verdict)).toMatchObject({
      disabled: true,
      title: 'Cannot publish: 1 claim needs an expert, 1 claim needs evidence, 1 claim awaiting fact-check.',
    })
  })

  it('accepts experts and citations as maps', () => {
    const input = baseInput([benefit])
    const verdict = evaluateArticle({
      ...input,
      experts: new Map((input.experts as ReturnType<typeof expert>[]).map((e) => [e._id, e])),
      citations: new Map([['c1', citation('c1')]]),
    })
    expect(verdict.publishable).toBe(true)
  })

  it('refuses an invalid time with a message', () => {
    expect(() => evaluateArticle({...baseInput([benefit]), now: 'yesterday'})).toThrow(/Invalid time "yesterday"/)
  })
})

describe('claims and fingerprints', () => {
  it('reads the text each claim covers, across several spans, in order', () => {
    const body = [
      {
        _type: 'block',
        _key: 'b1',
        markDefs: [{_type: 'medicalClaim', _key: 'm1', kind: 'risk'}, {_type: 'link', _key: 'l1'}],
        children: [
          {_type: 'span', text: 'Some ', marks: []},
          {_type: 'span', text: 'redness ', marks: ['m1']},
          {_type: 'span', text: 'may follow', marks: ['m1', 'strong']},
          {_type: 'span', text: ' (see link)', marks: ['l1']},
        ],
      },
      {_type: 'figure', _key: 'f1'},
    ]
    expect(extractClaims(body)).toEqual([
      {key: 'm1', kind: 'risk', text: 'redness may follow', context: 'Some redness may follow (see link)', expertId: undefined, citationIds: [], blockKey: 'b1', blockIndex: 0, path: ['body', {_key: 'b1'}, 'markDefs', {_key: 'm1'}]},
    ])
    expect(extractClaims(undefined)).toEqual([])
  })

  it('reads every child that carries the mark, whatever its type, and the whole block around it', () => {
    const body = [
      {
        _type: 'block',
        _key: 'b1',
        markDefs: [{_type: 'medicalClaim', _key: 'm1', kind: 'risk'}],
        children: [
          {_type: 'note', text: 'It is false that ', marks: []},
          {_type: 'span', text: 'redness ', marks: ['m1']},
          {_type: 'aside', _key: 'x', text: 'never ', marks: ['m1']},
          {_type: 'span', text: 'follows', marks: ['m1']},
          {_type: 'inlineImage', _key: 'i'},
        ],
      },
    ]
    const [claim] = extractClaims(body)
    expect(claim.text).toBe('redness never follows')
    expect(claim.context).toBe('It is false that redness never follows')
  })

  const base = {kind: 'risk' as const, text: 'Redness fades in days', context: 'Per Dr. Ruiz, redness fades in days.', expertId: 'derm', citationIds: ['c1']}
  const documents = {experts: [expert('derm'), expert('nurse')], citations: [citation('c1', {doi: '10.1/x'}), citation('c2')]}

  it('covers the kind, the text, the paragraph, the expert (id and name) and each citation (id, title, DOI, PMID, URL and its details)', () => {
    const fp = claimFingerprint(base, documents)
    expect(fp).toBe('risk|derm|Dr. derm|Redness fades in days|Per Dr. Ruiz, redness fades in days.|c1|Study c1|10.1/x||~kjournalArticle')
    expect(claimFingerprint({...base}, documents)).toBe(fp)
    const changed = [
      claimFingerprint({...base, text: 'Redness fades in hours'}, documents),
      claimFingerprint({...base, context: 'It is false that, per Dr. Ruiz, redness fades in days.'}, documents),
      claimFingerprint({...base, kind: 'benefit'}, documents),
      claimFingerprint({...base, expertId: 'nurse'}, documents),
      claimFingerprint(base, {...documents, experts: [expert('derm', undefined, 'Dr. Someone Else')]}),
      claimFingerprint({...base, citationIds: ['c1', 'c2']}, documents),
      claimFingerprint({...base, citationIds: []}, documents),
      ...(['title', 'doi', 'pmid', 'url'] as const).map((field) => claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', [field]: 'forged'})]})),
      // What decides whether the source is evidence, and the rest of what a reader sees of it.
      claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', kind: 'guideline'})]}),
      claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', evidenceLevel: 'systematicReview'})]}),
      ...(['journal', 'publisher'] as const).map((field) => claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', [field]: 'The Lancet'} as never)]})),
      claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', authors: ['Ruiz A'], year: 2021} as never)]}),
      claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', year: 2021})]}),
    ]
    for (const other of changed) expect(other).not.toBe(fp)
    expect(new Set(changed).size).toBe(changed.length)
  })

  it('keeps every field apart: a bar or a tilde in one field cannot stand for the next', () => {
    const a = claimFingerprint({...base, text: 'A|B', context: 'C'}, documents)
    const b = claimFingerprint({...base, text: 'A', context: 'B|C'}, documents)
    expect(a).not.toBe(b)
    expect(claimFingerprint({...base, text: 'A~1B'}, documents)).not.toBe(claimFingerprint({...base, text: 'A|B'}, documents))
    expect(parseClaimFingerprint(a!)).toMatchObject({text: 'A|B', context: 'C', expertName: 'Dr. derm', citations: [{id: 'c1', title: 'Study c1', doi: '10.1/x'}]})
  })

  it("reads a source's details back, and pins them only as the site shows them", () => {
    const details = {doi: '10.1/x', evidenceLevel: 'trial', authors: ['Ruiz A', 'Okafor B'], journal: 'J|Derm', year: 2021} as never
    const fp = claimFingerprint(base, {...documents, citations: [citation('c1', details)]})
    expect(parseClaimFingerprint(fp!)?.citations).toEqual([{id: 'c1', title: 'Study c1', doi: '10.1/x', pmid: '', url: '', details: '~kjournalArticle~etrial~aRuiz A, Okafor B~jJ|Derm~y2021'}])
    // No authors and an empty list look alike to a reader, and so do a year as a number and as text.
    expect(claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', authors: []} as never)]})).toBe(claimFingerprint(base, documents))
    expect(claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', year: '2021'} as never)]})).toBe(claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', year: 2021})]}))
    // A detail that is not text (or a list of names) cannot be pinned.
    expect(claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', evidenceLevel: 3} as never)]})).toBeNull()
    expect(claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', authors: [{name: 'Ruiz'}]} as never)]})).toBeNull()
    expect(claimFingerprint(base, {...documents, citations: [citation('c1', {doi: '10.1/x', year: {y: 2021}} as never)]})).toBeNull()
  })

  it('counts a document of another type as not found, and cannot pin a field that is not text', () => {
    const forgedExpert = {...expert('derm'), _type: 'writer'}
    expect(claimFingerprint(base, {...documents, experts: [forgedExpert]})).toBe(claimFingerprint(base, {citations: documents.citations}))
    expect(claimFingerprint(base, {...documents, experts: [{...expert('derm'), name: 42 as never}]})).toBeNull()
  })
})

describe('credentialStanding', () => {
  const holder = {name: 'Dr. Ana Ruiz'}
  it.each([
    [{verification: {status: 'verified' as const, verifiedAt: '2026-01-10T09:00:00Z'}}, 'valid'],
    [{verification: {status: 'verified' as const, verifiedAt: '2026-01-10T09:00:00Z'}, expiresOn: '2026-11-24'}, 'valid'],
    [{verification: {status: 'verified' as const, verifiedAt: '2025-11-23T23:59:59Z'}}, 'verificationDue'],
    [{verification: {status: 'verified' as const, verifiedAt: '2025-11-24T00:00:00Z'}}, 'valid'],
    [{verification: {status: 'verified' as const}}, 'verificationDue'],
    [{verification: {status: 'verified' as const}, expiresOn: '2026-11-23'}, 'expired'],
    [{verification: {status: 'revoked' as const}, expiresOn: '2020-01-01'}, 'revoked'],
    [{verification: {status: 'unverified' as const}}, 'unverified'],
    [{}, 'unverified'],
    [{verification: {status: 'verified' as const}, issuedOn: '2026-11-25'}, 'notYetValid'],
  ])('%j, verified as it is, is %s on 2026-11-24', (cred, standing) => {
    expect(credentialStanding(pinned(cred, holder.name), '2026-11-24T23:59:59Z', holder)).toBe(standing)
  })

  it('is changed when the credential or the holder\'s name differs from what was verified', () => {
    const verified = pinned(credential({identifier: 'NPI 1234567890', jurisdiction: 'US-NY', specialty: 'Dermatology'}), holder.name)
    expect(credentialStanding(verified, NOW, holder)).toBe('valid')
    expect(credentialStanding(verified, NOW, {name: 'Dr. Ana Ruiz-Smith'})).toBe('changed')
    for (const field of ['kind', 'profession', 'specialty', 'title', 'issuingBody', 'jurisdiction', 'identifier', 'issuedOn', 'expiresOn'] as const) {
      const edited = {...verified, [field]: field === 'kind' ? 'licence' : field === 'profession' ? 'nursePractitioner' : field === 'issuedOn' ? '2011-01-01' : field === 'expiresOn' ? '2031-12-31' : 'edited'}
      expect(credentialStanding(edited, NOW, holder), field).toBe('changed')
    }
    expect(credentialStanding(credential({verification: {status: 'verified', verifiedAt: '2026-01-10T09:00:00Z'}}), NOW, holder)).toBe('changed')
    expect(credentialStanding({...verified, verification: {...verified.verification, fingerprint: 'forged'}}, NOW, holder)).toBe('changed')
    // Revoked, expired and not-yet-valid say so whatever the fingerprint.
    expect(credentialStanding({...verified, expiresOn: '2020-01-01'}, NOW, holder)).toBe('expired')
  })

  it('fingerprints the holder and the credential as plain text, a field that is not text never', () => {
    expect(credentialFingerprint('Dr. A|B', credential({title: 'Board~certified'}))).toBe('Dr. A~1B|boardCertification|physician||Board~0certified||||2010-06-01|2030-12-31|us-abms-abd')
    // A credential that names no issuer keeps the fingerprint it had before issuers were recorded.
    expect(credentialFingerprint('Dr. A', credential({issuer: undefined}))).toBe('Dr. A|boardCertification|physician||Board certified, dermatology||||2010-06-01|2030-12-31')
    expect(credentialFingerprint('Dr. A', credential({issuer: ''}))).toBe(credentialFingerprint('Dr. A', credential({issuer: undefined})))
    expect(credentialFingerprint('Dr. A', {...credential(), expiresOn: 20301231 as never})).toBeNull()
  })
})

describe('detectUnmarkedClaims', () => {
  const block = (text: string, marks: string[] = []): TextBlock => ({
    _type: 'block',
    _key: 'b',
    style: 'normal',
    markDefs: [{_type: 'medicalClaim', _key: 'm'}],
    children: [{_type: 'span', text, marks}],
  })
  it.each([
    ['This cream reduces redness.', true],
    ['Nine in ten patients saw results, a 90% rate.', true],
    ['Take 500 mg twice a day with food.', true],
    ['Use a sheer SPF 70 sunscreen afterwards.', true],
    ['Micro-needling is generally considered safe.', true],
    ['We interviewed several doctors for this piece.', false],
    ['Read on to learn more about the procedure.', false],
  ])('%s -> %s', (text, flagged) => {
    expect(detectUnmarkedClaims([block(text)]).length > 0).toBe(flagged)
  })
  it('ignores text already marked as a claim, and headings', () => {
    expect(detectUnmarkedClaims([block('This cream reduces redness.', ['m'])])).toEqual([])
    expect(detectUnmarkedClaims([{...block('Risks of micro-needling'), style: 'h2'}])).toEqual([])
  })
})

describe('factCheckPermission', () => {
  it.each([
    [{userId: 'p-dana', roles: ['fact-checker'], editors: []}, true],
    [{userId: 'p-dana', roles: ['fact-checker'], editors: ['p-dana']}, false],
    [{userId: 'p-priya', roles: ['editor'], editors: []}, false],
    [{userId: 'p-morgan', roles: ['administrator'], editors: []}, false],
    [{userId: 'p-morgan', roles: ['administrator'], editors: [], options: {factCheckerRoles: ['administrator']}}, true],
    [{userId: undefined, roles: [], editors: []}, false],
  ])('%j -> %s', (input, allowed) => {
    const result = factCheckPermission(input)
    expect(result.allowed).toBe(allowed)
    if (!allowed) expect(result.reason).toMatch(/.{10,}/)
  })
})

describe('latestNextReview', () => {
  it('is the UTC day the review was recorded plus the longest interval', () => {
    expect(latestNextReview('2026-10-01T23:59:00.000Z')).toBe('2028-09-30')
    expect(latestNextReview('2026-10-01T23:59:00-05:00')).toBe('2028-10-01')
    expect(latestNextReview('2026-10-01T10:00:00Z', {maxReviewIntervalDays: 365})).toBe('2027-10-01')
    expect(latestNextReview('not a date')).toBeNull()
  })
})

describe('resolveOptions', () => {
  it('keeps the defaults, and replaces the acceptance rules whole', () => {
    const options = resolveOptions({acceptance: [{claimKinds: ['cost'], professions: ['researcher']}]})
    expect(options.acceptance).toEqual([{claimKinds: ['cost'], professions: ['researcher']}])
    expect(resolveOptions({}).acceptance.length).toBeGreaterThan(5)
    expect(options.factCheckerRoles).toEqual(['fact-checker'])
  })
  it('gives back its own result unchanged, so callers may pass resolved options on', () => {
    const options = resolveOptions({factCheckerRoles: ['checker']})
    expect(resolveOptions(options)).toBe(options)
    expect(resolveOptions({...options})).not.toBe(options)
    expect(resolveOptions({...options})).toEqual(options)
  })
  it.each([
    [{factCheckerRoles: []}, /factCheckerRoles must be a non-empty array/],
    [{factCheckerRole: ['x']}, /unknown option "factCheckerRole"/],
    [{acceptedCredentials: {risk: [{kinds: ['licence']}]}}, /"acceptedCredentials" .* was replaced by "acceptance"/],
    [{acceptance: [{claimKinds: ['miracle']}]}, /acceptance\[0\]\.claimKinds has "miracle", which is not one of the claim kinds/],
    [{acceptance: [{kinds: ['licence']}]}, /acceptance\[0\] has "kinds": credential kinds no longer decide acceptance/],
    [{acceptance: [{authorities: ['guild']}]}, /acceptance\[0\]\.authorities has "guild"/],
    [{acceptance: [{issuers: ['gb-nowhere']}]}, /"gb-nowhere", which is not in the issuer registry/],
    [{acceptance: []}, /acceptance must be a non-empty array of rules/],
    [{reviewerCredentials: [{claimKinds: ['benefit']}]}, /reviewerCredentials\[0\] has an unknown key "claimKinds"/],
    [{issuers: [{id: 'Bad Id'}]}, /Invalid issuers|issuers\[0\]/],
    [{reverifyAfterDays: 0}, /reverifyAfterDays must be a whole number of days from 1 to 3660/],
    [{reverifyAfterDaysByIssuer: {'gb-gmc': 'yearly'}}, /reverifyAfterDaysByIssuer\["gb-gmc"\] must be a whole number/],
    [{reverifyAfterDaysByIssuer: {'gb-nowhere': 365}}, /"gb-nowhere", which is not in the issuer registry/],
    [{minimumEvidence: {statistic: 'anecdote'}}, /minimumEvidence\.statistic is "anecdote"/],
    [{unmarkedClaims: 'loud'}, /unmarkedClaims must be "off", "warning" or "error"/],
    [{evidenceRequiredFor: ['rumour']}, /evidenceRequiredFor must list claim kinds/],
    [{medicalReviewerRoles: 'reviewer'}, /medicalReviewerRoles must be an array of role names/],
    [{reviewCovers: 'title'}, /reviewCovers must be "article" .* or "claims"/],
    [{maxReviewIntervalDays: 0}, /maxReviewIntervalDays must be a whole number of days from 1 to 3660/],
    [{maxReviewIntervalDays: 365.5}, /maxReviewIntervalDays must be a whole number/],
  ])('%j is refused with a how-to-fix message', (options, message) => {
    expect(() => resolveOptions(options as never)).toThrow(message)
    expect(() => resolveOptions(options as never)).toThrow(/Fix them in medical-claims\.options\.ts/)
    expect(() => resolveOptions(options as never, {source: 'claims.json'})).toThrow(/Fix them in claims\.json/)
  })
})


describe('detectUnmarkedClaims: the signal and the sentence reported', () => {
  const block = (text: string, extra: Partial<TextBlock> = {}): TextBlock =>
    ({_type: 'block', _key: 'b1', style: 'normal', markDefs: [], children: [{_type: 'span', _key: 's1', text, marks: []}], ...extra}) as TextBlock

  it.each([
    ['Micro-needling reduces acne scars in most people.', 'reduces'],
    ['It is generally safer than laser resurfacing.', 'safer'],
    ['Some side effects may appear after the session.', 'side effects'],
    ['Contraindications include active acne outbreaks.', 'Contraindications'],
    ['Results show for 80% of patients within weeks.', '80%'],
    ['Take 200 mg of ibuprofen if it stays sore.', '200 mg'],
    ['Wear a sunscreen of SPF 30 for a week afterwards.', 'SPF 30'],
    ['Most people see 40% fewer spots; it reduces redness too.', '40%'],
  ])('"%s" reads like a claim (signal "%s", the first in the sentence)', (text, signal) => {
    expect(detectUnmarkedClaims([block(text)]).map((u) => u.signal)).toEqual([signal])
  })

  it('reads each sentence once, skips short ones, headings, and the text of marked claims', () => {
    const text = 'Book a session in spring. The needles heal quickly. Safe? Yes.\nIt may reduce pores over time!'
    expect(detectUnmarkedClaims([block(text)]).map((u) => u.text)).toEqual(['The needles heal quickly.', 'It may reduce pores over time!'])
    expect(detectUnmarkedClaims([block(text, {style: 'h2'})])).toEqual([])
    const marked = block('', {
      markDefs: [{_type: 'medicalClaim', _key: 'c1'}] as TextBlock['markDefs'],
      children: [
        {_type: 'span', _key: 's1', text: 'It reduces scars', marks: ['c1']},
        {_type: 'span', _key: 's2', text: ' and the weather was fine that day.', marks: []},
      ],
    })
    expect(detectUnmarkedClaims([marked])).toEqual([])
  })
})

describe('verificationCoversDetails (a credential seen without its expert)', () => {
  const base = {kind: 'licence' as const, profession: 'physician' as const, title: 'Medical licence', expiresOn: '2031-01-01'}
  const verified = {...base, verification: {status: 'verified' as const, fingerprint: credentialFingerprint('Dr. A', base) ?? ''}}
  it('holds while the details are those verified, whatever the name', () => {
    expect(verificationCoversDetails(verified)).toBe(true)
  })
  it('fails once a detail changed, or without a fingerprint', () => {
    expect(verificationCoversDetails({...verified, expiresOn: '2099-12-31'})).toBe(false)
    expect(verificationCoversDetails({...verified, specialty: 'Dermatology'})).toBe(false)
    expect(verificationCoversDetails({...base, verification: {status: 'verified'}})).toBe(false)
  })
})
