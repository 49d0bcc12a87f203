/**
 * The GROQ compliance check (queries/compliance.ts) and the rules module (evaluateArticle) must
 * agree on which articles may be shown: on the seed, on one-rule-broken cases, and on generated
 * datasets, with default and custom options, through groq-js and through the local lake's planner.
 */
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'
import {DatasetState} from '../../lake/dataset.ts'
import {runQuery} from '../../lake/query/index.ts'
import {APPROVAL_TYPE, FACT_CHECK_TYPES} from '../../plugins/medical-claims/rules/constants.ts'
import {getPublishedId, isPublishedId} from '../../plugins/medical-claims/rules/ids.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {
  ArticleDoc,
  CitationDoc,
  ExpertDoc,
  FactCheckDecisionDoc,
  MedicalClaimsOptions,
  PolicyInput,
  TextBlock,
} from '../../plugins/medical-claims/rules/types.ts'
import {DECISION_TYPES_GROQ, complianceParams} from '../../queries/compliance.ts'
import {COMPLIANT_ARTICLE_IDS_QUERY} from '../../queries/site.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {CHECKER, approveAll, article, baseInput, citation, credential, decision, expert, type ClaimSpec} from '../fixtures/policy-factories.ts'
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
  const decisions = published.filter((d) => (FACT_CHECK_TYPES as readonly string[]).includes(d._type)) as unknown as FactCheckDecisionDoc[]
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
          credential({_key: 'c', kind: 'licence', verification: {status: 'verified'}}),
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
      options: {acceptedCredentials: {risk: [{professions: ['registeredNurse']}]}} as PolicyInput['options'],
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
  {name: 'no medical review', input: () => baseInput([benefit], {article: article([benefit], {medicalReview: undefined})}), compliant: false},
  {
    name: 'a review with no next-review date',
    input: () => baseInput([benefit], {article: article([benefit], {medicalReview: {reviewer: {_ref: 'reviewer'}, reviewedAt: '2026-10-01'}})}),
    compliant: false,
  },
  {
    name: 'a review with no review date',
    input: () => baseInput([benefit], {article: article([benefit], {medicalReview: {reviewer: {_ref: 'reviewer'}, nextReviewDue: '2027-10-01'}})}),
    compliant: false,
  },
  {
    name: 'a deleted reviewer',
    input: () => baseInput([benefit], {article: article([benefit], {medicalReview: {reviewer: {_ref: 'gone'}, reviewedAt: '2026-10-01', nextReviewDue: '2027-10-01'}})}),
    compliant: false,
  },
  {
    name: 'a reviewer without a physician credential',
    input: () => baseInput([benefit], {article: article([benefit], {medicalReview: {reviewer: {_ref: 'nurse'}, reviewedAt: '2026-10-01', nextReviewDue: '2027-10-01'}})}),
    compliant: false,
  },
  {
    name: 'a review that fell due yesterday',
    input: () => baseInput([benefit], {article: article([benefit], {medicalReview: {reviewer: {_ref: 'reviewer'}, reviewedAt: '2025-11-01', nextReviewDue: '2026-11-23'}})}),
    compliant: false,
  },
  {
    name: 'a review due today',
    input: () => baseInput([benefit], {article: article([benefit], {medicalReview: {reviewer: {_ref: 'reviewer'}, reviewedAt: '2025-11-01', nextReviewDue: '2026-11-24'}})}),
    compliant: true,
  },
  {
    name: 'the review made optional',
    input: () => ({...baseInput([benefit], {article: article([benefit], {medicalReview: undefined})}), options: {requireMedicalReview: false}}),
    compliant: true,
  },
  {
    name: 'options accepting nurse practitioners as reviewers',
    input: () => ({
      ...withExperts(
        baseInput([benefit], {article: article([benefit], {medicalReview: {reviewer: {_ref: 'np'}, reviewedAt: '2026-10-01', nextReviewDue: '2027-10-01'}})}),
        expert('np', [credential({kind: 'licence', profession: 'nursePractitioner'})]),
      ),
      options: {reviewerCredentials: [{professions: ['nursePractitioner']}]},
    }),
    compliant: true,
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

describe('the GROQ compliance check agrees with evaluateArticle', () => {
  it.each(cases)('$name', async ({input, compliant}) => {
    expect(await bothVerdicts(input())).toEqual({rules: compliant, groq: compliant})
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

  it('on the seed, the draft micro-needling article is never compliant (drafts are not published)', async () => {
    const seed = loadSeed() as Doc[]
    expect(seed.some((d) => d._id === 'drafts.article-micro-needling')).toBe(true)
    expect(await groqCompliantIds(seed, SEED_NOW)).not.toContain('article-micro-needling')
    expect(await groqCompliantIds(seed, SEED_NOW)).not.toContain('drafts.article-micro-needling')
  })

  const CUSTOM_OPTIONS: Partial<MedicalClaimsOptions> = {
    acceptedCredentials: {
      risk: [{professions: ['registeredNurse', 'physician']}],
      cost: [{kinds: ['degree']}],
      benefit: [{kinds: ['licence'], professions: ['physician', 'nursePractitioner']}],
    } as MedicalClaimsOptions['acceptedCredentials'],
    evidenceRequiredFor: ['benefit', 'cost'],
    factCheckerRoles: ['fact-checker', 'editor'],
    reviewerCredentials: [{professions: ['physician', 'nursePractitioner']}],
  }

  it.each([
    {seed: 1, options: undefined},
    {seed: 2, options: undefined},
    {seed: 3, options: CUSTOM_OPTIONS},
    {seed: 4, options: {...CUSTOM_OPTIONS, requireMedicalReview: false}},
  ])('on 200 generated articles (seed $seed, custom options: $options.factCheckerRoles)', async ({seed, options}) => {
    const {documents, mutations} = generateDataset(seed, 200)
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
    for (const seed of [1, 2, 3, 4]) for (const names of generateDataset(seed, 200).mutations.values()) names.forEach((n) => used.add(n))
    expect(Object.keys(MUTATIONS).filter((name) => !used.has(name))).toEqual([])
  })

  it('through the local lake’s query planner as well', async () => {
    const {documents} = generateDataset(5, 120)
    const seed = (loadSeed() as Doc[]).map((d) => ({...d}))
    const all = [...seed, ...(documents as GeneratedDoc[])]
    expect(await lakeCompliantIds(all, NOW)).toEqual(rulesCompliantIds(all, NOW))
  })
})

describe('what the GROQ check cannot see (documented in queries/compliance.ts)', () => {
  it('an approval by someone who edited the article passes GROQ; the rules and the audit refuse it', async () => {
    const input = baseInput([benefit], {editors: ['p-priya', CHECKER.id]})
    expect(await bothVerdicts(input)).toEqual({rules: false, groq: true})
  })

  it('a reference to a draft id is unresolved in GROQ (stricter than the rules)', async () => {
    const input = baseInput([{...benefit, expert: 'drafts.derm'}])
    expect(await bothVerdicts(input)).toEqual({rules: true, groq: false})
  })

  it('a block child whose text is not text leaves GROQ without a fingerprint (stricter than the rules)', async () => {
    const doc = article([benefit])
    ;(doc.body![0] as TextBlock).children!.push({_type: 'inlineNote', _key: 'odd', text: {nested: 'x'} as never, marks: []})
    expect(await bothVerdicts(baseInput([], {article: doc, decisions: approveAll(doc)}))).toEqual({rules: true, groq: false})
  })

  it('unmarkedClaims: "error" is not mirrored in GROQ', async () => {
    const doc = article([benefit])
    doc.body!.push({_type: 'block', _key: 'plain', style: 'normal', markDefs: [], children: [{_type: 'span', text: 'Retinol at 0.5% is safe for most people.'}]})
    const input: PolicyInput = {...baseInput([], {article: doc, decisions: approveAll(doc)}), options: {unmarkedClaims: 'error'}}
    expect(await bothVerdicts(input)).toEqual({rules: false, groq: true})
  })
})

describe('complianceParams', () => {
  it('flattens the accepted credentials per claim kind and takes the UTC day of the moment', () => {
    const params = complianceParams(undefined, '2026-11-24T23:30:00-05:00')
    expect(params.today).toBe('2026-11-25')
    expect(params.factCheckerRoles).toEqual(['fact-checker'])
    expect(params.evidenceKinds).toEqual(['benefit', 'risk', 'contraindication'])
    expect(params.acceptedCredentials).toContainEqual({claimKind: 'cost', kinds: [], professions: []})
    expect(params.acceptedCredentials).toContainEqual({
      claimKind: 'risk',
      kinds: ['licence', 'boardCertification'],
      professions: ['physician', 'nursePractitioner', 'physicianAssistant'],
    })
    expect(params.reviewerCredentials).toEqual([{kinds: ['boardCertification', 'licence'], professions: ['physician']}])
    expect(params.requireMedicalReview).toBe(true)
  })

  it('refuses bad options with the plugin’s how-to-fix message', () => {
    expect(() => complianceParams({factCheckerRoles: []})).toThrow(/factCheckerRoles must be a non-empty array/)
    expect(() => complianceParams(undefined, 'yesterday')).toThrow(/Invalid time "yesterday"/)
  })

  it('names the decision types exactly as the plugin does', () => {
    expect(JSON.parse(DECISION_TYPES_GROQ)).toEqual([...FACT_CHECK_TYPES])
    expect(FACT_CHECK_TYPES[0]).toBe(APPROVAL_TYPE)
    expect(COMPLIANT_ARTICLE_IDS_QUERY).toContain(`== "${APPROVAL_TYPE}"`)
  })
})
