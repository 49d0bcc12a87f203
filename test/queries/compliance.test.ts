/**
 * The GROQ compliance check (queries/compliance.ts) and the rules module (evaluateArticle) must
 * agree on which articles may be shown: on the seed, on one-rule-broken cases, and on generated
 * datasets, with default and custom options, through groq-js and through the local lake's planner.
 */
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'
import {DatasetState} from '../../lake/dataset.ts'
import {runQuery} from '../../lake/query/index.ts'
import {DEFAULT_ACCEPTANCE} from '../../plugins/medical-claims/rules/acceptance.ts'
import {APPROVAL_TYPE, DECISION_TYPES, FACT_CHECK_TYPES, NOT_EVIDENCE_KINDS, REVIEW_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import type {ReviewScope} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {getPublishedId, isPublishedId} from '../../plugins/medical-claims/rules/ids.ts'
import {evaluateArticle, latestNextReview} from '../../plugins/medical-claims/rules/policy.ts'
import type {
  ArticleDoc,
  CitationDoc,
  DecisionDoc,
  ExpertDoc,
  MedicalClaimsOptions,
  PolicyInput,
  ReviewDecisionDoc,
  TextBlock,
} from '../../plugins/medical-claims/rules/types.ts'
import {BLANK_CHARACTERS, DECISION_TYPES_GROQ, NOT_EVIDENCE_KINDS_GROQ, REVIEW_TYPE_GROQ, complianceParams} from '../../queries/compliance.ts'
import {COMPLIANT_ARTICLE_IDS_QUERY} from '../../queries/site.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {ARTICLE_ID, CHECKER, REVIEW_RECORDER, approveAll, article, baseInput, citation, credential, decision, defaultCitations, defaultExperts, expert, review, type ClaimSpec} from '../fixtures/policy-factories.ts'
import {CREDENTIAL_CASES} from '../fixtures/real-credentials.ts'
import {FORGERIES} from '../fixtures/forgeries.ts'
import {loadSeed} from '../fixtures/seed.ts'
import {MUTATIONS, NOW, generateDataset, type GeneratedDoc} from './generated-dataset.ts'

type Doc = {_id: string; _type: string; [field: string]: unknown}

const isPublished = (doc: Doc) => isPublishedId(doc._id)

/** The articles the rules module lets through: every published article, judged with no known editors. */
function rulesCompliantIds(documents: ReadonlyArray<Doc>, now: string, options?: Partial<MedicalClaimsOptions>): string[] {
  const published = documents.filter(isPublished)
  const experts = published.filter((d) => d._type === 'expert') as unknown as ExpertDoc[]
  const citations = published.filter((d) => d._type === 'citation') as unknown as CitationDoc[]
  const decisions = published.filter((d) => (DECISION_TYPES as readonly string[]).includes(d._type)) as unknown as DecisionDoc[]
  return published
    .filter((d) => d._type === 'article')
    .filter((a) => evaluateArticle({article: a as unknown as ArticleDoc, experts, citations, decisions, editors: [], now, options}).publishable)
    .map((a) => a._id)
    .sort()
}

/** The articles the GROQ check lets through, evaluated by groq-js over the raw documents. */
async function groqCompliantIds(documents: ReadonlyArray<Doc>, now: string, options?: Partial<MedicalClaimsOptions>): Promise<string[]> {
  const params = complianceParams(options, now)
  const tree = parse(COMPLIANT_ARTICLE_IDS_QUERY, {params})
  const value = await evaluate(tree, {dataset: documents, params})
  return ((await value.get()) as string[]).slice().sort()
}

/** The same query through the local lake's planner (indexes, per-document lookups). */
async function lakeCompliantIds(documents: ReadonlyArray<Doc>, now: string, options?: Partial<MedicalClaimsOptions>): Promise<string[]> {
  const ds = new DatasetState('production')
  for (const doc of documents) ds.load(doc)
  const {result} = await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params: {...complianceParams(options, now)}, perspective: 'published'})
  return (result as string[]).slice().sort()
}

/** The documents of a rules input, as a dataset: the article under its published id. */
function inputDocuments(input: PolicyInput): Doc[] {
  const list = <T,>(value: ReadonlyArray<T> | ReadonlyMap<string, T>): T[] => (value instanceof Map ? [...value.values()] : [...(value as ReadonlyArray<T>)])
  return [
    {...input.article, _id: getPublishedId(input.article._id)},
    ...list(input.experts),
    ...list(input.citations),
    ...input.decisions,
  ] as unknown as Doc[]
}

async function bothVerdicts(input: PolicyInput): Promise<{rules: boolean; groq: boolean}> {
  const documents = inputDocuments(input)
  const now = typeof input.now === 'string' ? input.now : input.now.toISOString()
  const id = getPublishedId(input.article._id)
  const rules = evaluateArticle({...input, article: {...input.article, _id: id}}).publishable
  const groq = (await groqCompliantIds(documents, now, input.options)).includes(id)
  return {rules, groq}
}

function withExperts(input: PolicyInput, ...experts: ExpertDoc[]): PolicyInput {
  const others = (input.experts as ExpertDoc[]).filter((e) => !experts.some((x) => x._id === e._id))
  return {...input, experts: [...others, ...experts]}
}

const benefit: ClaimSpec = {key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'It smooths skin texture'}

interface Case {
  name: string
  input: () => PolicyInput
  compliant: boolean
}

/** One rule broken per case (or a boundary that breaks none). */
const cases: Case[] = [
  {name: 'a complete article', input: () => baseInput([benefit]), compliant: true},
  {name: 'an article without claims', input: () => baseInput([]), compliant: true},
  {name: 'an article without a body', input: () => baseInput([], {article: article([], {body: undefined})}), compliant: true},
  {name: 'a claim with no expert', input: () => baseInput([{...benefit, expert: undefined}]), compliant: false},
  {name: 'a claim whose expert was deleted', input: () => baseInput([{...benefit, expert: 'gone'}]), compliant: false},
  {name: "a claim naming its expert by the draft's id", input: () => baseInput([{...benefit, expert: 'drafts.derm'}]), compliant: false},
  {name: "a claim citing its source by the draft's id", input: () => baseInput([{...benefit, citations: ['drafts.c1']}]), compliant: false},
  {name: 'a claim with no kind', input: () => baseInput([{...benefit, kind: undefined}]), compliant: false},
  {name: 'an expert with no credential', input: () => withExperts(baseInput([benefit]), expert('derm', [])), compliant: false},
  {
    name: 'an unverified credential',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({verification: {status: 'unverified'}})])),
    compliant: false,
  },
  {name: 'a credential with no verification', input: () => withExperts(baseInput([benefit]), expert('derm', [credential({verification: undefined})])), compliant: false},
  {name: 'a revoked credential', input: () => withExperts(baseInput([benefit]), expert('derm', [credential({verification: {status: 'revoked'}})])), compliant: false},
  {name: 'a credential that expired yesterday', input: () => withExperts(baseInput([benefit]), expert('derm', [credential({expiresOn: '2026-11-23'})])), compliant: false},
  {name: 'a credential that expires today', input: () => withExperts(baseInput([benefit]), expert('derm', [credential({expiresOn: '2026-11-24'})])), compliant: true},
  {
    name: 'a credential that expires today, stored as a date-time',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({expiresOn: '2026-11-24T00:00:00.000Z'})])),
    compliant: true,
  },
  {
    name: 'expiry is judged in UTC at the moment of the check',
    input: () => ({...withExperts(baseInput([benefit]), expert('derm', [credential({expiresOn: '2026-11-24'})])), now: '2026-11-25T00:00:00.000Z'}),
    compliant: false,
  },
  {name: 'a credential issued tomorrow', input: () => withExperts(baseInput([benefit]), expert('derm', [credential({issuedOn: '2026-11-25'})])), compliant: false},
  {name: 'a credential issued today', input: () => withExperts(baseInput([benefit]), expert('derm', [credential({issuedOn: '2026-11-24'})])), compliant: true},
  {
    name: 'a credential issued later today, stored as a date-time',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({issuedOn: '2026-11-24T23:00:00.000Z'})])),
    compliant: true,
  },
  {name: 'a nurse vouching for a risk', input: () => baseInput([{...benefit, kind: 'risk', expert: 'nurse'}]), compliant: false},
  {
    name: 'a nurse speaking to patient experience',
    input: () => baseInput([{key: 'k1', kind: 'patientExperience', expert: 'nurse', text: 'It feels like tickling'}]),
    compliant: true,
  },
  {name: 'a degree alone', input: () => withExperts(baseInput([benefit]), expert('derm', [credential({kind: 'degree'})])), compliant: false},
  {
    name: 'one fitting, current credential among others',
    input: () =>
      withExperts(
        baseInput([benefit]),
        expert('derm', [
          credential({_key: 'a', kind: 'degree'}),
          credential({_key: 'b', expiresOn: '2020-01-01'}),
          credential({_key: 'c', kind: 'licence', verification: {status: 'verified', verifiedAt: '2026-06-01T09:00:00Z'}}),
        ]),
      ),
    compliant: true,
  },
  {
    name: 'fitting credentials of which none is current',
    input: () => withExperts(baseInput([benefit]), expert('derm', [credential({_key: 'a', expiresOn: '2020-01-01'}), credential({_key: 'b', verification: {status: 'unverified'}})])),
    compliant: false,
  },
  {
    name: 'options accepting nurses for risks',
    input: () => ({
      ...baseInput([{...benefit, kind: 'risk', expert: 'nurse'}]),
      options: {acceptance: [{claimKinds: ['risk'], professions: ['registeredNurse']}]},
    }),
    compliant: true,
  },
  {name: 'a benefit with no citation', input: () => baseInput([{...benefit, citations: []}]), compliant: false},
  {name: 'a cost claim with no citation', input: () => baseInput([{key: 'k1', kind: 'cost', expert: 'derm', text: '$100 to $700'}]), compliant: true},
  {
    name: 'options requiring no evidence for benefits',
    input: () => ({...baseInput([{...benefit, citations: []}]), options: {evidenceRequiredFor: []}}),
    compliant: true,
  },
  {name: 'a cited source that was deleted', input: () => baseInput([{...benefit, citations: ['gone']}]), compliant: false},
  {name: 'a retracted citation', input: () => ({...baseInput([benefit]), citations: [citation('c1', {retracted: true})]}), compliant: false},
  {
    name: 'a retracted citation beside a good one',
    input: () => ({...baseInput([{...benefit, citations: ['c1', 'c2']}]), citations: [citation('c1'), citation('c2', {retracted: true})]}),
    compliant: false,
  },
  {
    name: 'a retracted source on a cost claim (no evidence needed, still blocks)',
    input: () => ({...baseInput([{key: 'k1', kind: 'cost', expert: 'derm', citations: ['c1'], text: '$100'}]), citations: [citation('c1', {retracted: true})]}),
    compliant: false,
  },
  {name: 'a claim never fact-checked', input: () => baseInput([benefit], {decisions: []}), compliant: false},
  {
    name: 'a claim whose text changed after approval',
    input: () => baseInput([], {article: article([{...benefit, text: 'It smooths skin texture in a week'}]), decisions: approveAll(article([benefit]))}),
    compliant: false,
  },
  {
    name: 'a claim re-attributed after approval',
    input: () => baseInput([], {article: article([{...benefit, expert: 'reviewer'}]), decisions: approveAll(article([benefit]))}),
    compliant: false,
  },
  {
    name: 'a claim whose citations changed after approval',
    input: () => baseInput([], {article: article([{...benefit, citations: ['c1', 'c2']}]), decisions: approveAll(article([benefit]))}),
    compliant: false,
  },
  {
    name: 'an approval by a non-fact-checker',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {article: doc, decisions: [decision(doc, 'k1', {checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}})]})
    },
    compliant: false,
  },
  {
    name: 'options letting editors fact-check',
    input: () => {
      const doc = article([benefit])
      return {...baseInput([], {article: doc, decisions: [decision(doc, 'k1', {checkedBy: {id: 'p-tom', roles: ['editor']}})]}), options: {factCheckerRoles: ['editor']}}
    },
    compliant: true,
  },
  {
    name: 'a valid approval beside an invalid later one',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {article: doc, decisions: [decision(doc, 'k1'), decision(doc, 'k1', {checkedBy: {id: 'p-tom', roles: ['editor']}, checkedAt: '2026-11-21T00:00:00Z'})]})
    },
    compliant: true,
  },
  {
    name: 'an approval for another article',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {article: doc, decisions: [decision(doc, 'k1', {article: {_ref: 'article-other'}})]})
    },
    compliant: false,
  },
  {
    name: 'the latest decision is a rejection',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {
        article: doc,
        decisions: [decision(doc, 'k1'), decision(doc, 'k1', {_id: 'rej', _type: 'factCheck.rejection', reason: 'No', checkedAt: '2026-11-21T00:00:00Z'})],
      })
    },
    compliant: false,
  },
  {
    name: 'an approval after a rejection',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {
        article: doc,
        decisions: [
          decision(doc, 'k1', {_id: 'rej', _type: 'factCheck.rejection', reason: 'Check', checkedAt: '2026-11-19T00:00:00Z'}),
          decision(doc, 'k1', {checkedAt: '2026-11-21T00:00:00Z'}),
        ],
      })
    },
    compliant: true,
  },
  {
    name: 'a rejection by a non-fact-checker after the approval does not count',
    input: () => {
      const doc = article([benefit])
      return baseInput([], {
        article: doc,
        decisions: [decision(doc, 'k1'), decision(doc, 'k1', {_id: 'rej', _type: 'factCheck.rejection', reason: 'x', checkedAt: '2026-11-22T00:00:00Z', checkedBy: {id: 'p-tom', roles: ['editor']}})],
      })
    },
    compliant: true,
  },
  {
    name: 'duplicate claim keys',
    input: () => {
      const doc = article([benefit, {...benefit, text: 'Other'}])
      doc.body = doc.body!.map((b, i) => ({...b, _key: `b${i}`}))
      return baseInput([], {article: doc, decisions: approveAll(doc)})
    },
    compliant: false,
  },
  {
    name: 'an unmarked claim is only a warning by default',
    input: () => {
      const doc = article([benefit])
      doc.body!.push({_type: 'block', _key: 'plain', style: 'normal', markDefs: [], children: [{_type: 'span', text: 'This serum reduces wrinkles by 40% in a month.'}]})
      return baseInput([], {article: doc, decisions: approveAll(doc)})
    },
    compliant: true,
  },
]


/** A published expert `reviewer` renamed, its credential verified again under the new name. */
const renamedReviewer = () => expert('reviewer', [credential()], 'Dr. New Name')

/**
 * The article (default: one benefit claim), its claims approved as it stands, and the medical
 * reviews `reviews` gives for it, with `reviewCovers` set to the scope the case runs with.
 */
function reviewed(
  scope: ReviewScope,
  reviews: (doc: ArticleDoc) => ReviewDecisionDoc[],
  {doc = article([benefit]), experts, options = {}}: {doc?: ArticleDoc; experts?: ExpertDoc[]; options?: Partial<MedicalClaimsOptions>} = {},
): PolicyInput {
  const input = baseInput([], {article: doc, decisions: [...approveAll(doc), ...reviews(doc)], ...(experts ? {experts} : {})}, false)
  return {...input, options: {...options, reviewCovers: scope}}
}

/** A review of `doc` as it stands, pinned for `scope`, recorded by the fact-checker (with evidence) unless the overrides say otherwise. */
const pinned = (scope: ReviewScope, doc: ArticleDoc, overrides: Partial<ReviewDecisionDoc> = {}, experts: ExpertDoc[] = defaultExperts()) =>
  review(doc, {checkedBy: CHECKER, ...overrides}, experts, scope)

/** `doc` changed by `change` (a copy). */
function changed(doc: ArticleDoc, change: (copy: ArticleDoc) => void): ArticleDoc {
  const copy = structuredClone(doc)
  change(copy)
  return copy
}

interface ReviewCase {
  name: string
  input: (scope: ReviewScope) => PolicyInput
  /** The verdict with each scope, or one for both. */
  compliant: boolean | Record<ReviewScope, boolean>
}

const RECORDED = '2026-10-01T10:00:00.000Z'
const plainBlock: TextBlock = {_type: 'block', _key: 'plain', style: 'normal', markDefs: [], children: [{_type: 'span', _key: 'p', text: 'Ask your doctor first.', marks: []}]}

/** The medical review, one rule broken (or a boundary probed) per case, with either scope. */
const reviewCases: ReviewCase[] = [
  {name: 'a current review recorded by a fact-checker with evidence', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc)]), compliant: true},
  {name: 'no review', input: (scope) => reviewed(scope, () => []), compliant: false},
  {name: 'an article without claims, reviewed', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc)], {doc: article([])}), compliant: true},
  {name: 'an article without a body, reviewed', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc)], {doc: article([], {body: undefined})}), compliant: true},
  {
    name: 'a review of an article without claims, after a paragraph was added',
    input: (scope) => {
      const doc = article([])
      return reviewed(scope, () => [pinned(scope, doc)], {doc: changed(doc, (d) => d.body!.push(structuredClone(plainBlock)))})
    },
    compliant: {article: false, claims: true},
  },
  {name: 'the review made optional, with no review', input: (scope) => reviewed(scope, () => [], {options: {requireMedicalReview: false}}), compliant: true},
  {
    name: 'a review recorded by a medical reviewer, with no evidence',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedBy: REVIEW_RECORDER, evidence: undefined})]),
    compliant: true,
  },
  {
    name: 'a review recorded by someone who is a medical reviewer and a fact-checker, with no evidence',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedBy: {id: 'p-rita', name: 'Rita', roles: ['fact-checker', 'medical-reviewer']}, evidence: ''})]),
    compliant: true,
  },
  {name: 'a review recorded by a fact-checker with no evidence', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {evidence: undefined})]), compliant: false},
  {name: 'a review recorded by a fact-checker with blank evidence', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {evidence: ' \n\t\u00a0\u2003\ufeff'})]), compliant: false},
  {name: 'a review recorded by a fact-checker with evidence that is not text', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {evidence: 42 as never})]), compliant: false},
  {
    name: 'a review recorded by someone who is neither a medical reviewer nor a fact-checker',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}})]),
    compliant: false,
  },
  {name: 'a review recorded by someone with no roles', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedBy: {id: 'p-tom', name: 'Tom'}})]), compliant: false},
  {
    name: 'options letting editors record reviews',
    input: (scope) =>
      reviewed(scope, (doc) => [pinned(scope, doc, {checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}, evidence: undefined})], {options: {medicalReviewerRoles: ['editor']}}),
    compliant: true,
  },
  {name: 'a review of another article', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {article: {_ref: 'article-other', _weak: true}})]), compliant: false},
  {name: 'a review with no fingerprint', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {fingerprint: undefined as never})]), compliant: false},
  {
    name: 'a review pinned for the other scope',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope === 'article' ? 'claims' : 'article', doc)]),
    compliant: false,
  },
  {
    name: 'the title changed after the review',
    input: (scope) => {
      const doc = article([benefit])
      return reviewed(scope, () => [pinned(scope, doc)], {doc: changed(doc, (d) => (d.title = 'A new title'))})
    },
    compliant: {article: false, claims: true},
  },
  {
    name: 'a dek added after the review',
    input: (scope) => {
      const doc = article([benefit])
      return reviewed(scope, () => [pinned(scope, doc)], {doc: changed(doc, (d) => (d.dek = 'It is safe for everyone.'))})
    },
    compliant: {article: false, claims: true},
  },
  {
    name: "a link's address changed after the review (the text unchanged)",
    input: (scope) => {
      const linked: TextBlock = {...structuredClone(plainBlock), markDefs: [{_type: 'link', _key: 'src', href: 'https://journal.example/trial'} as never]}
      linked.children![0].marks = ['src']
      const doc = changed(article([benefit]), (d) => d.body!.push(linked))
      const retargeted = changed(doc, (d) => ((d.body!.at(-1) as TextBlock).markDefs![0] as {href?: string}).href = 'https://shop.example/miracle-oil')
      return reviewed(scope, () => [pinned(scope, doc)], {doc: retargeted})
    },
    compliant: {article: false, claims: true},
  },
  {
    name: 'a link whose address is not text',
    input: (scope) => {
      const doc = changed(article([benefit]), (d) => {
        const block = d.body![0] as TextBlock
        block.markDefs = [...(block.markDefs ?? []), {_type: 'link', _key: 'odd', href: 42} as never]
      })
      return reviewed(scope, () => [pinned(scope, article([benefit]))], {doc})
    },
    compliant: {article: false, claims: true},
  },
  {
    name: 'a paragraph without claims added after the review',
    input: (scope) => {
      const doc = article([benefit])
      return reviewed(scope, () => [pinned(scope, doc)], {doc: changed(doc, (d) => d.body!.push(structuredClone(plainBlock)))})
    },
    compliant: {article: false, claims: true},
  },
  {
    name: 'a figure added after the review',
    input: (scope) => {
      const doc = article([benefit])
      return reviewed(scope, () => [pinned(scope, doc)], {doc: changed(doc, (d) => d.body!.push({_type: 'figure', _key: 'fig', alt: 'A pen', caption: 'The device'} as never))})
    },
    compliant: {article: false, claims: true},
  },
  {
    name: 'a block made a list item after the review',
    input: (scope) => {
      const doc = article([benefit])
      return reviewed(scope, () => [pinned(scope, doc)], {doc: changed(doc, (d) => ((d.body![0] as TextBlock).listItem = 'bullet'))})
    },
    compliant: {article: false, claims: true},
  },
  {
    name: "words added to a claim's paragraph after the review (the claim approved again)",
    input: (scope) => {
      const doc = article([benefit])
      return reviewed(scope, () => [pinned(scope, doc)], {doc: changed(doc, (d) => (d.body![0] as TextBlock).children!.push({_type: 'span', _key: 'more', text: ' Not for everyone.', marks: []}))})
    },
    compliant: false,
  },
  {
    name: 'a figure, a list and escaped characters, reviewed as they are',
    input: (scope) => {
      const doc = changed(article([benefit], {title: 'Pipes | and ~tildes~', dek: 'a~1b|c'}), (d) => {
        d.body!.push({_type: 'figure', _key: 'fig', alt: 'A | pen', caption: '~0'} as never)
        d.body!.push({...structuredClone(plainBlock), listItem: 'number'})
      })
      return reviewed(scope, (reviewedDoc) => [pinned(scope, reviewedDoc)], {doc})
    },
    compliant: true,
  },
  {
    name: 'a claim block with no children, reviewed as it is',
    input: (scope) => {
      const doc = changed(article([benefit]), (d) => delete (d.body![0] as TextBlock).children)
      return reviewed(scope, (reviewedDoc) => [pinned(scope, reviewedDoc)], {doc, options: {evidenceRequiredFor: []}})
    },
    compliant: true,
  },
  {
    name: 'a span whose text is a number, reviewed as it is',
    input: (scope) => {
      const doc = changed(article([benefit]), (d) => d.body!.push({...structuredClone(plainBlock), children: [{_type: 'span', _key: 'n', text: 42 as never, marks: []}]}))
      return reviewed(scope, (reviewedDoc) => [pinned(scope, reviewedDoc)], {doc})
    },
    compliant: true,
  },
  {
    name: "the reviewer's name changed after the review (credential verified again)",
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc)], {experts: [...defaultExperts().filter((e) => e._id !== 'reviewer'), renamedReviewer()]}),
    compliant: false,
  },
  {
    name: 'an older current review beside a newer one of an earlier text',
    input: (scope) => {
      const earlier = changed(article([benefit]), (d) => (d.body![0] as TextBlock).children!.push({_type: 'span', _key: 'x', text: ' (draft)', marks: []}))
      return reviewed(scope, (doc) => [pinned(scope, doc), pinned(scope, earlier, {_id: 'review-earlier', checkedAt: '2026-10-05T10:00:00.000Z'})])
    },
    compliant: true,
  },
  {
    name: 'an older current review beside a newer one by someone who may not record it',
    input: (scope) =>
      reviewed(scope, (doc) => [pinned(scope, doc), pinned(scope, doc, {_id: 'review-editor', checkedAt: '2026-10-05T10:00:00.000Z', checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']}})]),
    compliant: true,
  },
  {
    name: 'an older current review beside a newer one that is overdue (the newer one decides)',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc), pinned(scope, doc, {_id: 'review-newer', checkedAt: '2026-10-05T10:00:00.000Z', nextReviewDue: '2026-11-23'})]),
    compliant: false,
  },
  {name: 'a deleted reviewer', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {reviewer: {_ref: 'gone', _weak: true}})]), compliant: false},
  {name: 'a review that names no reviewer', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {reviewer: undefined as never})]), compliant: false},
  {
    name: 'a reviewer that is a document of another type',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc)], {experts: [...defaultExperts().filter((e) => e._id !== 'reviewer'), {...expert('reviewer'), _type: 'writer'}]}),
    compliant: false,
  },
  {name: 'a reviewer without a physician credential', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {reviewer: {_ref: 'nurse', _weak: true}})]), compliant: false},
  {
    name: "a reviewer whose credential expired yesterday",
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc)], {experts: [...defaultExperts().filter((e) => e._id !== 'reviewer'), expert('reviewer', [credential({expiresOn: '2026-11-23'})])]}),
    compliant: false,
  },
  {
    name: "a reviewer whose credential was changed after it was verified",
    input: (scope) => {
      const edited = expert('reviewer')
      edited.credentials = edited.credentials!.map((c) => ({...c, expiresOn: '2099-12-31'}))
      return reviewed(scope, (doc) => [pinned(scope, doc)], {experts: [...defaultExperts().filter((e) => e._id !== 'reviewer'), edited]})
    },
    compliant: false,
  },
  {
    name: 'options accepting nurse practitioners as reviewers',
    input: (scope) => {
      const experts = [...defaultExperts(), expert('np', [credential({kind: 'licence', profession: 'nursePractitioner'})])]
      return reviewed(scope, (doc) => [pinned(scope, doc, {reviewer: {_ref: 'np', _weak: true}}, experts)], {experts, options: {reviewerCredentials: [{professions: ['nursePractitioner']}]}})
    },
    compliant: true,
  },
  {name: 'a review that fell due yesterday', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {nextReviewDue: '2026-11-23'})]), compliant: false},
  {name: 'a review due today', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {nextReviewDue: '2026-11-24'})]), compliant: true},
  {name: 'a next-review date stored as a date-time', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {nextReviewDue: '2027-10-01T00:00:00.000Z'})]), compliant: true},
  {name: 'a review with no next-review date', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {nextReviewDue: undefined as never})]), compliant: false},
  {name: 'a next-review date that is not YYYY-MM-DD', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {nextReviewDue: '2027-10-1'})]), compliant: false},
  {name: 'a next-review date that is not text', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {nextReviewDue: 20271001 as never})]), compliant: false},
  {name: 'a next-review date shaped like YYYY-MM-DD that is no calendar day', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {nextReviewDue: '2027-13-45'})]), compliant: true},
  {
    name: 'a next-review date at the longest interval',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: RECORDED, nextReviewDue: latestNextReview(RECORDED)!})]),
    compliant: true,
  },
  {
    name: 'a next-review date at the longest interval, stored as a date-time later that day',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: RECORDED, nextReviewDue: `${latestNextReview(RECORDED)!}T23:00:00.000Z`})]),
    compliant: true,
  },
  {name: 'a next-review date a day past the longest interval', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: RECORDED, nextReviewDue: '2028-10-01'})]), compliant: false},
  {
    name: 'the longest interval counted from the UTC day of the recording',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: '2026-10-01T23:30:00-05:00', nextReviewDue: '2028-10-01'})]),
    compliant: true,
  },
  {
    name: 'options shortening the interval to a year',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: RECORDED, nextReviewDue: '2027-10-02'})], {options: {maxReviewIntervalDays: 365}}),
    compliant: false,
  },
  {
    name: 'options shortening the interval to a year, with a date within it',
    input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: RECORDED, nextReviewDue: '2027-10-01'})], {options: {maxReviewIntervalDays: 365}}),
    compliant: true,
  },
  {name: 'a review with no recording time', input: (scope) => reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: undefined as never})]), compliant: false},
]

/** The rules, groq-js and the lake's native check all give this verdict on the article. */
async function expectAllThree(given: PolicyInput, compliant: boolean): Promise<void> {
  expect(await bothVerdicts(given)).toEqual({rules: compliant, groq: compliant})
  const now = typeof given.now === 'string' ? given.now : given.now.toISOString()
  expect(await lakeCompliantIds(inputDocuments(given), now, given.options)).toEqual(compliant ? [ARTICLE_ID] : [])
}

/** Sources whose records fail their own checks, or are not evidence: rules, groq-js and the lake's native check give one answer. */
const withSources = (sources: CitationDoc[], claim: ClaimSpec, options?: Partial<MedicalClaimsOptions>): PolicyInput => {
  const doc = article([claim])
  return {...baseInput([], {article: doc, citations: sources, decisions: approveAll(doc, {experts: defaultExperts(), citations: sources})}), ...(options ? {options} : {})}
}
const withSource = (overrides: Partial<CitationDoc>, options?: Partial<MedicalClaimsOptions>, claim: ClaimSpec = benefit): PolicyInput => withSources([citation('c1', overrides)], claim, options)
/** A claim approved while its source read `approved`, the source now reading `now`. */
const relabeled = (approved: Partial<CitationDoc>, now: Partial<CitationDoc>, options?: Partial<MedicalClaimsOptions>): PolicyInput => {
  const doc = article([benefit])
  const decisions = approveAll(doc, {experts: defaultExperts(), citations: [citation('c1', approved)]})
  return {...baseInput([], {article: doc, citations: [citation('c1', now)], decisions}), ...(options ? {options} : {})}
}
const SOURCE_CASES: Array<{name: string; input: () => PolicyInput; compliant: boolean}> = [
  {name: 'a well-formed study', input: () => withSource({doi: '10.1000/xyz123', pmid: '12345678', url: 'https://example.org/a', year: 2020}), compliant: true},
  {name: 'a source with no title', input: () => withSource({title: undefined}), compliant: false},
  {name: 'a source whose title is blank', input: () => withSource({title: ' \u00a0\n'}), compliant: false},
  {name: 'a source whose kind became a number after the approval', input: () => relabeled({}, {kind: 5 as never}), compliant: false},
  {name: 'an interview relabeled a journal article after the approval', input: () => relabeled({kind: 'expertInterview'}, {kind: 'journalArticle'}), compliant: false},
  {name: 'an observational study relabeled a trial after the approval, where a trial is the minimum', input: () => relabeled({evidenceLevel: 'observational'}, {evidenceLevel: 'trial'}, {minimumEvidence: {benefit: 'trial'}}), compliant: false},
  {name: 'a source given an evidence level after the approval', input: () => relabeled({}, {evidenceLevel: 'trial'}), compliant: false},
  {name: "a source's journal renamed after the approval", input: () => relabeled({journal: 'JAMA Dermatology'} as never, {journal: 'Skin Weekly'} as never), compliant: false},
  {name: "a source's authors added after the approval", input: () => relabeled({}, {authors: ['Ruiz A']} as never), compliant: false},
  {name: "a source's year changed after the approval", input: () => relabeled({year: 2020}, {year: 2021}), compliant: false},
  {name: "a source's publisher given after the approval", input: () => relabeled({}, {publisher: 'NHS'} as never), compliant: false},
  {name: "a source's empty author list dropped after the approval (a reader sees no change)", input: () => relabeled({authors: []} as never, {}), compliant: true},
  {name: 'a source approved with its details, unchanged', input: () => relabeled({evidenceLevel: 'trial', authors: ['Ruiz A', 'Okafor B'], journal: 'J|Derm ~ Skin', publisher: 'P', year: 2021} as never, {evidenceLevel: 'trial', authors: ['Ruiz A', 'Okafor B'], journal: 'J|Derm ~ Skin', publisher: 'P', year: 2021} as never), compliant: true},
  {name: "a source whose authors are not names", input: () => relabeled({}, {authors: [{name: 'Ruiz'}]} as never), compliant: false},
  {name: 'a source with no kind', input: () => withSource({kind: undefined}), compliant: false},
  {name: 'a source of an unknown kind', input: () => withSource({kind: 'webPage' as never}), compliant: false},
  ...['doi:10.1000/x', '10.100/x', '10.1234567890/x', '10.1234/', '10.1234', '10.12a4/x', '10.1234/a b', '', '10.1234/x\u3000'].map((doi) => ({name: `the DOI ${JSON.stringify(doi)}`, input: () => withSource({doi}), compliant: false})),
  ...['10.1234/x', '10.123456789/a/b', '10.1000/ü😀'].map((doi) => ({name: `the DOI ${JSON.stringify(doi)}`, input: () => withSource({doi}), compliant: true})),
  ...['', '123456789', '12a4', '١٢٣'].map((pmid) => ({name: `the PubMed ID ${JSON.stringify(pmid)}`, input: () => withSource({pmid}), compliant: false})),
  {name: 'the PubMed ID "1"', input: () => withSource({pmid: '1'}), compliant: true},
  ...['example.org', 'https://', 'http://', 'ftp://x', 'https://a b', 'HTTPS://x'].map((url) => ({name: `the web address ${JSON.stringify(url)}`, input: () => withSource({url}), compliant: false})),
  ...['http://x', 'https://x'].map((url) => ({name: `the web address ${JSON.stringify(url)}`, input: () => withSource({url}), compliant: true})),
  ...[1799, 2020.5, 2999, '2020' as never].map((year) => ({name: `the year ${JSON.stringify(year)}`, input: () => withSource({year}), compliant: false})),
  ...[1800, 2026].map((year) => ({name: `the year ${year}`, input: () => withSource({year}), compliant: true})),
  {name: 'an interview only, for a benefit', input: () => withSource({kind: 'expertInterview'}), compliant: false},
  {name: 'an interview only, for a cost (needs no evidence)', input: () => withSource({kind: 'expertInterview'}, undefined, {key: 'k1', kind: 'cost', expert: 'derm', citations: ['c1'], text: '$100'}), compliant: true},
  {name: 'an interview and a study', input: () => withSources([citation('c1', {kind: 'expertInterview'}), citation('c2')], {...benefit, citations: ['c1', 'c2']}), compliant: true},
  {name: 'a trial where a trial is the minimum', input: () => withSource({evidenceLevel: 'trial'}, {minimumEvidence: {benefit: 'trial'}}), compliant: true},
  {name: 'a guideline where a trial is the minimum', input: () => withSource({evidenceLevel: 'guideline'}, {minimumEvidence: {benefit: 'trial'}}), compliant: true},
  {name: 'an observational study where a trial is the minimum', input: () => withSource({evidenceLevel: 'observational'}, {minimumEvidence: {benefit: 'trial'}}), compliant: false},
  {name: 'a source with no level where a level is the minimum', input: () => withSource({}, {minimumEvidence: {benefit: 'expertOpinion'}}), compliant: false},
  {name: 'an observational study where only statistics have a minimum', input: () => withSource({evidenceLevel: 'observational'}, {minimumEvidence: {statistic: 'trial'}}), compliant: true},
]

/** A benefit claim by an expert whose credential was verified at `verifiedAt` (with options), approved and reviewed as it stands. */
function verifiedOn(verifiedAt: unknown, options?: Partial<MedicalClaimsOptions>, issuer = 'us-abms-abd'): PolicyInput {
  const held = expert('derm', [credential({issuer, verification: {status: 'verified', verifiedBy: 'p-dana', verifiedAt: verifiedAt as string, evidence: 'Register lookup'}})])
  const experts = [held, ...defaultExperts().slice(1)]
  const doc = article([benefit])
  return {...baseInput([], {article: doc, experts, decisions: approveAll(doc, {experts, citations: defaultCitations()})}), ...(options ? {options} : {})}
}
const VERIFICATION_AGE_CASES: Array<{name: string; input: () => PolicyInput; compliant: boolean}> = [
  {name: 'verified 365 days before the check', input: () => verifiedOn('2025-11-24T00:00:00.000Z'), compliant: true},
  {name: 'verified 366 days before the check', input: () => verifiedOn('2025-11-23T23:59:59.000Z'), compliant: false},
  {name: 'verified with no date', input: () => verifiedOn(undefined), compliant: false},
  {name: 'verified with a date that is not text', input: () => verifiedOn(20260101), compliant: false},
  {name: 'verified two years ago where the options allow three', input: () => verifiedOn('2024-11-30T00:00:00.000Z', {reverifyAfterDays: 1095}), compliant: true},
  {name: "verified two years ago where the issuer's own interval allows three", input: () => verifiedOn('2024-11-30T00:00:00.000Z', {reverifyAfterDaysByIssuer: {'us-abms-abd': 1095}}), compliant: true},
  {name: "verified two years ago where another issuer's interval allows three", input: () => verifiedOn('2024-11-30T00:00:00.000Z', {reverifyAfterDaysByIssuer: {'gb-gmc': 1095}}), compliant: false},
  {name: "verified six months ago where the issuer's own interval is 90 days", input: () => verifiedOn('2026-05-24T00:00:00.000Z', {reverifyAfterDaysByIssuer: {'us-abms-abd': 90}}), compliant: false},
]

/** An article whose claims are by these experts, approved, and reviewed by `reviewer`. */
function reviewedBy(reviewer: string, claimExperts: Array<string | undefined>, options: Partial<MedicalClaimsOptions> = {independentReviewer: true}): PolicyInput {
  const doc = article(claimExperts.map((expertId, i) => ({key: `k${i}`, kind: 'benefit', expert: expertId, citations: ['c1'], text: `Claim ${i}`})))
  const experts = [...defaultExperts(), expert('derm2')]
  const decisions = [...approveAll(doc, {experts, citations: defaultCitations()}), review(doc, {reviewer: {_type: 'reference', _ref: reviewer}}, experts)]
  return {...baseInput([], {article: doc, experts, decisions}), options}
}
const INDEPENDENCE_CASES: Array<{name: string; input: () => PolicyInput; compliant: boolean}> = [
  {name: 'the reviewer is the expert for no claim', input: () => reviewedBy('reviewer', ['derm', 'derm2']), compliant: true},
  {name: 'the reviewer is the expert for half the claims', input: () => reviewedBy('derm', ['derm', 'derm2']), compliant: true},
  {name: 'the reviewer is the expert for two of three claims', input: () => reviewedBy('derm', ['derm', 'derm', 'derm2']), compliant: false},
  {name: 'the reviewer is the only source', input: () => reviewedBy('derm', ['derm']), compliant: false},
  {name: 'the reviewer is the only source, with independence off (the default)', input: () => reviewedBy('derm', ['derm'], {}), compliant: true},
  {name: 'an article without claims', input: () => reviewedBy('derm', []), compliant: true},
]

describe('an independent medical reviewer (rules, groq-js and the lake\u2019s native check)', () => {
  it.each(INDEPENDENCE_CASES)('$name', async ({input, compliant}) => {
    await expectAllThree(input(), compliant)
  })
})

/** A benefit claim (of a topic) by an expert with these disclosures, approved acknowledging `acknowledged` (left out: the field is not written). */
function withConflicts(disclosures: unknown[], acknowledged?: unknown, topic?: string, options: Partial<MedicalClaimsOptions> = {acknowledgeConflicts: true}): PolicyInput {
  const held = {...expert('derm'), disclosures} as ExpertDoc
  const experts = [held, ...defaultExperts().slice(1)]
  const doc = article([{...benefit, ...(topic ? {topic: topic as never} : {})}])
  const approvals = approveAll(doc, {experts, citations: defaultCitations()}).map((d) => (acknowledged === undefined ? d : {...d, acknowledgedConflicts: acknowledged as string[]}))
  return {...baseInput([], {article: doc, experts, decisions: [...approvals, review(doc)]}), options}
}
const FEES = {_key: 'fees', statement: 'Speaking fees from Glow Labs', topics: ['skin']}
const ACK_CASES: Array<{name: string; input: () => PolicyInput; compliant: boolean}> = [
  {name: 'no disclosures, nothing to acknowledge', input: () => withConflicts([]), compliant: true},
  {name: 'a bearing disclosure, acknowledged', input: () => withConflicts([FEES], ['fees'], 'skin'), compliant: true},
  {name: 'a bearing disclosure, not acknowledged', input: () => withConflicts([FEES], undefined, 'skin'), compliant: false},
  {name: 'a bearing disclosure, with the option off', input: () => withConflicts([FEES], undefined, 'skin', {}), compliant: true},
  {name: 'a disclosure on another topic', input: () => withConflicts([FEES], undefined, 'nutrition'), compliant: true},
  {name: 'a disclosure naming a topic, on a claim without one', input: () => withConflicts([FEES], undefined), compliant: false},
  {name: 'a disclosure that ended more than a year ago', input: () => withConflicts([{...FEES, until: '2025-11-23'}], undefined, 'skin'), compliant: true},
  {name: 'a disclosure that ended within the year', input: () => withConflicts([{...FEES, until: '2025-11-24'}], undefined, 'skin'), compliant: false},
  {name: 'a disclosure added after the approval acknowledged another', input: () => withConflicts([FEES, {_key: 'shares', statement: 'Shares in Glow Labs'}], ['fees'], 'skin'), compliant: false},
  {name: 'a bearing disclosure without a key', input: () => withConflicts([{statement: 'Unkeyed'}], [''], 'skin'), compliant: false},
  {name: 'an acknowledgement that is not a list', input: () => withConflicts([FEES], 'fees', 'skin'), compliant: false},
  {name: 'topics that are not a list bear on everything', input: () => withConflicts([{...FEES, topics: 'nutrition'}], undefined, 'skin'), compliant: false},
]

describe('approvals that acknowledge conflicts of interest (rules, groq-js and the lake\u2019s native check)', () => {
  it.each(ACK_CASES)('$name', async ({input, compliant}) => {
    const given = input()
    await expectAllThree(given, compliant)
    if (!compliant) expect(evaluateArticle(given).issues.map((i) => i.code)).toContain('claim.conflictsNotAcknowledged')
  })
})

describe('how long a verification counts (rules, groq-js and the lake\u2019s native check)', () => {
  it.each(VERIFICATION_AGE_CASES)('$name', async ({input, compliant}) => {
    const given = input()
    await expectAllThree(given, compliant)
    if (!compliant) expect(evaluateArticle(given).issues.map((i) => i.code)).toContain('expert.verificationDue')
  })
})

describe('cited sources: what counts as evidence (rules, groq-js and the lake\u2019s native check)', () => {
  it.each(SOURCE_CASES)('$name', async ({input, compliant}) => {
    await expectAllThree(input(), compliant)
  })

  it('writes out the plugin\u2019s kinds of source that are not evidence', () => {
    expect(JSON.parse(NOT_EVIDENCE_KINDS_GROQ)).toEqual([...NOT_EVIDENCE_KINDS])
  })
})

describe('the GROQ compliance check agrees with evaluateArticle', () => {
  it.each(cases)('$name', async ({input, compliant}) => {
    expect(await bothVerdicts(input())).toEqual({rules: compliant, groq: compliant})
  })

  const scoped = reviewCases.flatMap((c) => (['article', 'claims'] as const).map((scope) => ({...c, scope, expected: typeof c.compliant === 'boolean' ? c.compliant : c.compliant[scope]})))
  it.each(scoped)('medical review, covering the $scope: $name', async ({input, scope, expected}) => {
    expect(await bothVerdicts(input(scope))).toEqual({rules: expected, groq: expected})
  })

  it.each(FORGERIES)('refuses the forgery: $name (rules, groq-js and the lake\'s native check)', async ({input}) => {
    const forged = input()
    expect(await bothVerdicts(forged)).toEqual({rules: false, groq: false})
    // Through the local lake's planner, which answers the check natively (the case "a complete article" passes unforged).
    const now = typeof forged.now === 'string' ? forged.now : forged.now.toISOString()
    expect(await lakeCompliantIds(inputDocuments(forged), now, forged.options)).toEqual([])
  })

  it.each([SEED_NOW, '2026-01-15T00:00:00.000Z', '2027-11-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z'])('on the seed dataset, checked on %s', async (now) => {
    const seed = loadSeed() as Doc[]
    const rules = rulesCompliantIds(seed, now)
    expect(await groqCompliantIds(seed, now)).toEqual(rules)
    if (now === SEED_NOW) expect(rules).toContain('article-winter-skincare')
  })

  it("a reference by a draft's id stays unresolved when the draft exists (the site reads published documents)", async () => {
    const now = (input: PolicyInput) => (typeof input.now === 'string' ? input.now : input.now.toISOString())
    const draftsOf = (documents: Doc[]) => documents.filter((d) => d._id === 'derm' || d._id === 'c1').map((d) => ({...d, _id: `drafts.${d._id}`}))
    const plain = baseInput([benefit])
    expect(await lakeCompliantIds([...inputDocuments(plain), ...draftsOf(inputDocuments(plain))], now(plain))).toEqual([getPublishedId(plain.article._id)])
    for (const spec of [{...benefit, expert: 'drafts.derm'}, {...benefit, citations: ['drafts.c1']}]) {
      const input = baseInput([spec])
      const documents = inputDocuments(input)
      const drafts = draftsOf(documents)
      const withDrafts = {...input, experts: [...(input.experts as ExpertDoc[]), ...(drafts.filter((d) => d._type === 'expert') as unknown as ExpertDoc[])], citations: [...(input.citations as CitationDoc[]), ...(drafts.filter((d) => d._type === 'citation') as unknown as CitationDoc[])]}
      expect(evaluateArticle(withDrafts).publishable).toBe(false)
      expect(await lakeCompliantIds([...documents, ...drafts], now(input))).toEqual([])
    }
  })

  it('on the seed, the draft micro-needling article is never compliant (drafts are not published)', async () => {
    const seed = loadSeed() as Doc[]
    expect(seed.some((d) => d._id === 'drafts.article-micro-needling')).toBe(true)
    expect(await groqCompliantIds(seed, SEED_NOW)).not.toContain('article-micro-needling')
    expect(await groqCompliantIds(seed, SEED_NOW)).not.toContain('drafts.article-micro-needling')
  })

  const CUSTOM_OPTIONS: Partial<MedicalClaimsOptions> = {
    acceptance: [
      ...DEFAULT_ACCEPTANCE,
      {claimKinds: ['risk'], professions: ['registeredNurse', 'physician']},
      {claimKinds: ['contraindication'], authorities: ['specialtyBoard'], professions: ['physician'], specialties: ['dermatology']},
      {claimKinds: ['cost'], specialties: ['dermatology']},
      {claimKinds: ['benefit'], authorities: ['regulator'], professions: ['physician', 'nursePractitioner']},
      {claimKinds: ['benefit', 'risk'], topics: ['nutrition'], countries: ['US'], authorities: ['certifyingBody'], professions: ['dietitian']},
    ],
    evidenceRequiredFor: ['benefit', 'cost'],
    factCheckerRoles: ['fact-checker', 'editor'],
    reviewerCredentials: [{professions: ['physician', 'nursePractitioner']}],
  }

  it.each([
    {seed: 1, scope: 'article' as const, options: undefined},
    {seed: 2, scope: 'article' as const, options: undefined},
    {seed: 3, scope: 'article' as const, options: CUSTOM_OPTIONS},
    {seed: 4, scope: 'article' as const, options: {...CUSTOM_OPTIONS, requireMedicalReview: false}},
    {seed: 5, scope: 'claims' as const, options: {reviewCovers: 'claims' as const}},
    {seed: 6, scope: 'claims' as const, options: {...CUSTOM_OPTIONS, reviewCovers: 'claims' as const, medicalReviewerRoles: ['medical-reviewer', 'editor'], maxReviewIntervalDays: 400}},
  ])('on 200 generated articles (seed $seed, reviews covering the $scope, custom options: $options.factCheckerRoles)', async ({seed, scope, options}) => {
    const {documents, mutations} = generateDataset(seed, 200, scope)
    const rules = rulesCompliantIds(documents, NOW, options)
    const groq = await groqCompliantIds(documents, NOW, options)
    const onlyRules = rules.filter((id) => !groq.includes(id)).map((id) => `${id} ${mutations.get(id)?.join('+')}`)
    const onlyGroq = groq.filter((id) => !rules.includes(id)).map((id) => `${id} ${mutations.get(id)?.join('+')}`)
    expect({onlyRules, onlyGroq}).toEqual({onlyRules: [], onlyGroq: []})
    // The generator must exercise both sides.
    expect(rules.length).toBeGreaterThan(40)
    expect(rules.length).toBeLessThan(180)
  })

  it('the generated datasets use every mutation', () => {
    const used = new Set<string>()
    for (const [seed, scope] of [[1, 'article'], [2, 'article'], [3, 'article'], [4, 'article'], [5, 'claims'], [6, 'claims']] as const) {
      for (const names of generateDataset(seed, 200, scope).mutations.values()) names.forEach((n) => used.add(n))
    }
    expect(Object.keys(MUTATIONS).filter((name) => !used.has(name))).toEqual([])
  })

  it.each(['article', 'claims'] as const)('through the local lake’s query planner as well (reviews covering the %s)', async (scope) => {
    const {documents} = generateDataset(5, 120, scope)
    const seed = (loadSeed() as Doc[]).map((d) => ({...d}))
    const all = [...seed, ...(documents as GeneratedDoc[])]
    const options = {reviewCovers: scope}
    expect(await lakeCompliantIds(all, NOW, options)).toEqual(rulesCompliantIds(all, NOW, options))
  })
})

describe('what the GROQ check cannot see (documented in queries/compliance.ts)', () => {
  it('an approval by someone who edited the article passes GROQ; the rules and the audit refuse it', async () => {
    const input = baseInput([benefit], {editors: ['p-priya', CHECKER.id]})
    expect(await bothVerdicts(input)).toEqual({rules: false, groq: true})
  })

  it('a medical review recorded by someone who edited the article passes GROQ; the rules and the audit refuse it', async () => {
    for (const scope of ['article', 'claims'] as const) {
      const input = reviewed(scope, (doc) => [pinned(scope, doc)], {})
      expect(await bothVerdicts({...input, editors: ['p-priya', CHECKER.id]})).toEqual({rules: false, groq: true})
    }
  })

  it('a review whose recording time is not an RFC 3339 date-time gives GROQ no interval (stricter than the rules)', async () => {
    for (const scope of ['article', 'claims'] as const) {
      expect(await bothVerdicts(reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: '2026-10-01'})]))).toEqual({rules: true, groq: false})
      expect(await bothVerdicts(reviewed(scope, (doc) => [pinned(scope, doc, {checkedAt: '2026-10-01T10:00Z'})]))).toEqual({rules: true, groq: false})
    }
  })


  it('a block child whose text is not text leaves GROQ without a claim fingerprint (stricter than the rules)', async () => {
    const doc = article([benefit])
    ;(doc.body![0] as TextBlock).children!.push({_type: 'inlineNote', _key: 'odd', text: {nested: 'x'} as never, marks: []})
    // No review can be pinned to such a text (in the rules and in GROQ alike), so reviews are left out here.
    const input: PolicyInput = {...baseInput([], {article: doc, decisions: approveAll(doc)}, false), options: {requireMedicalReview: false}}
    expect(await bothVerdicts(input)).toEqual({rules: true, groq: false})
  })

  it('unmarkedClaims: "error" is not mirrored in GROQ', async () => {
    const doc = article([benefit])
    doc.body!.push({_type: 'block', _key: 'plain', style: 'normal', markDefs: [], children: [{_type: 'span', text: 'Retinol at 0.5% is safe for most people.'}]})
    const input: PolicyInput = {...baseInput([], {article: doc, decisions: approveAll(doc)}), options: {unmarkedClaims: 'error'}}
    expect(await bothVerdicts(input)).toEqual({rules: false, groq: true})
  })
})

describe('the GROQ check gives the rules\u2019 verdict on real credentials', () => {
  for (const c of CREDENTIAL_CASES) {
    it(c.name, async () => {
      const holder = expert('holder', [c.credential], c.holder)
      for (const [i, claim] of c.claims.entries()) {
        const experts = [...defaultExperts(), holder]
        const doc = article([{key: `k${i}`, kind: claim.kind, topic: claim.topic, expert: 'holder', citations: ['c1'], text: 'A claim the holder vouches for'}])
        const input = baseInput([], {article: doc, experts, decisions: approveAll(doc, {experts, citations: defaultCitations()})})
        expect(await bothVerdicts(input), `${claim.kind} on ${claim.topic ?? 'no topic'}`).toEqual({rules: claim.ok, groq: claim.ok})
      }
      const reviewerDoc = article([])
      const asReviewer = baseInput([], {article: reviewerDoc, experts: [...defaultExperts(), holder], decisions: [review(reviewerDoc, {reviewer: {_type: 'reference', _ref: 'holder'}}, [holder])]})
      expect(await bothVerdicts(asReviewer), 'as the medical reviewer').toEqual({rules: c.reviewer, groq: c.reviewer})
    })
  }
})

describe('complianceParams', () => {
  it('folds the issuer registry into the acceptance rules and takes the UTC day of the moment', () => {
    const params = complianceParams(undefined, '2026-11-24T23:30:00-05:00')
    expect(params.today).toBe('2026-11-25')
    expect(params.factCheckerRoles).toEqual(['fact-checker'])
    expect(params.evidenceKinds).toEqual(['benefit', 'risk', 'contraindication', 'recommendation', 'comparison', 'statistic', 'mechanism'])
    expect(params.claimKinds).toContain('statistic')
    expect(params.acceptance).toContainEqual({claimKinds: ['cost'], topics: [], anyIssuer: true, pairs: [], professions: [], specialties: []})
    const clinicians = params.acceptance.find((rule) => rule.professions.includes('physicianAssistant') && !rule.anyIssuer)!
    expect(clinicians.pairs).toEqual(expect.arrayContaining(['gb-gmc|physician', 'us-state-medical-board|physician', 'us-state-nursing-board|nursePractitioner']))
    expect(clinicians.pairs).not.toContain('gb-gmc|dietitian')
    expect(clinicians.pairs.some((pair) => pair.startsWith('us-aboim|'))).toBe(false)
    const dietitians = params.acceptance.find((rule) => rule.topics.includes('nutrition'))!
    expect(dietitians.pairs).toEqual(expect.arrayContaining(['gb-hcpc|dietitian', 'us-cdr|dietitian']))
    expect(params.reviewerCredentials.every((r) => !r.anyIssuer && r.pairs.every((pair) => pair.endsWith('|physician')))).toBe(true)
    expect(params.requireMedicalReview).toBe(true)
    expect(params).toMatchObject({medicalReviewerRoles: ['medical-reviewer'], reviewCovers: 'article', maxReviewIntervalDays: 730})
    expect(complianceParams({reviewCovers: 'claims', maxReviewIntervalDays: 365, medicalReviewerRoles: ['clinician']})).toMatchObject({
      reviewCovers: 'claims',
      maxReviewIntervalDays: 365,
      medicalReviewerRoles: ['clinician'],
    })
  })

  it('refuses bad options with the plugin’s how-to-fix message', () => {
    expect(() => complianceParams({factCheckerRoles: []})).toThrow(/factCheckerRoles must be a non-empty array/)
    expect(() => complianceParams(undefined, 'yesterday')).toThrow(/Invalid time "yesterday"/)
  })

  it('names the decision types exactly as the plugin does', () => {
    expect(JSON.parse(DECISION_TYPES_GROQ)).toEqual([...FACT_CHECK_TYPES])
    expect(FACT_CHECK_TYPES[0]).toBe(APPROVAL_TYPE)
    expect(COMPLIANT_ARTICLE_IDS_QUERY).toContain(`== "${APPROVAL_TYPE}"`)
    expect(JSON.parse(REVIEW_TYPE_GROQ)).toBe(REVIEW_TYPE)
  })

  it('counts as blank exactly the characters trim() removes', async () => {
    const listed = (await (await evaluate(parse(BLANK_CHARACTERS))).get()) as string[]
    const trimmed: string[] = []
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue
      const char = String.fromCodePoint(code)
      if (char.trim() === '') trimmed.push(char)
    }
    expect(listed).toEqual(trimmed)
  })
})
