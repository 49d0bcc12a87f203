/**
 * Synthetic datasets shaped like a health publisher's content, for the benchmarks: published
 * articles with ~20 medical claims each (attributed, cited, each approved by a fact-checker with
 * the claim's fingerprint) and a medical review each (a `factCheck.review` pinned to the article
 * as it reads, by a physician), experts with 1-3 credentials (each verification pinned to what was
 * verified), citations, procedures and their risks,
 * categories, writers, and drafts beside some published articles. A share of the articles breaks
 * one rule (missing or stale approval, rejection, lapsed credential, retracted or missing
 * citation, overdue or stale review) so the compliance check has something to refuse.
 *
 * `benchDataset(total, seed)` returns exactly `total` documents and is deterministic for a seed.
 * Pure: no I/O. (bench/planner-dataset.ts is the smaller generator the planner tests use; its PRNG is
 * reused here.)
 */
import {getDraftId} from '../plugins/medical-claims/rules/ids.ts'
import {claimFingerprint, reviewFingerprint, withVerificationFingerprints, type ClaimDocuments} from '../plugins/medical-claims/rules/fingerprints.ts'
import {extractClaims} from '../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, CitationDoc, ClaimKind, ExpertDoc} from '../plugins/medical-claims/rules/types.ts'
import type {Doc} from '../lake/dataset.ts'
import {prng} from './planner-dataset.ts'

/** The moment every benchmark applies the rules at (so results do not drift with the clock). */
export const BENCH_NOW = '2026-11-24T12:00:00.000Z'

export const SIZES = {'1k': 1_000, '10k': 10_000, '50k': 50_000, '200k': 200_000} as const
export type SizeName = keyof typeof SIZES

export interface BenchDataset {
  docs: Doc[]
  size: number
  seed: number
  counts: Record<string, number>
  /** Slugs to query: a compliant article near the middle, an expert who vouches for many claims. */
  articleSlug: string
  expertSlug: string
}

const WORDS =
  'skin care sunscreen retinol collagen acne moisturiser hydration dermatologist laser peel serum vitamin omega nutrition hair nails sleep stress exercise diet protein sugar water heart blood pressure allergy eczema rosacea scar wound healing texture tone pores barrier routine morning evening season winter summer'.split(
    ' ',
  )
const CLAIM_TEXTS = [
  'Micro-needling prompts the skin to make more collagen',
  'Redness usually settles within two days',
  'People with active acne should wait until it clears',
  'A session typically costs between $100 and $700',
  'Most patients describe the sensation as mild scratching',
  'Apply a broad-spectrum sunscreen every morning afterwards',
  'Three to six sessions are usually needed for visible results',
  'Blood thinners raise the chance of bruising',
]
const KINDS: ClaimKind[] = ['benefit', 'risk', 'contraindication', 'procedureFact', 'aftercare', 'cost', 'patientExperience']
const EVIDENCE_KINDS = new Set<ClaimKind>(['benefit', 'risk', 'contraindication'])
const FACT_CHECKERS = [
  {id: 'p-dana', name: 'Dana Whitfield', roles: ['fact-checker']},
  {id: 'p-lee', name: 'Lee Ortiz', roles: ['fact-checker']},
]
const DEFECTS = ['noApproval', 'staleApproval', 'rejected', 'lapsedExpert', 'retractedCitation', 'noCitation', 'reviewOverdue', 'reviewStale'] as const
const MEDICAL_REVIEWER = {id: 'p-sam', name: 'Sam Adeyemi', roles: ['medical-reviewer']}

const ref = (id: string, key?: string) => ({_type: 'reference', _ref: id, ...(key ? {_key: key} : {})})
const day = (year: number, month: number, date: number) => `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`

/** Exactly `total` documents (at least 200), deterministic for `seed`. */
export function benchDataset(total: number, seed = 2026): BenchDataset {
  if (!Number.isInteger(total) || total < 200) throw new Error(`benchDataset: total must be a whole number of at least 200 (got ${total})`)
  const rand = prng(seed)
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1))
  const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(rand() * list.length)]
  const words = (n: number) => Array.from({length: n}, () => pick(WORDS)).join(' ')
  const stamp = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 37_000_000).toISOString()

  // Sizes: each article brings ~20 decisions, so ~24 documents per article keeps room for the
  // citations that top the dataset up to exactly `total`.
  const articles = Math.max(4, Math.floor((total - 40) / 24))
  const experts = Math.round(articles * 0.2) + 6
  const lapsedExperts = Math.max(2, Math.round(experts * 0.08))
  const coreCitations = Math.round(articles * 0.8) + 10
  const procedures = Math.round(articles * 0.05) + 2
  const risks = Math.round(articles * 0.12) + 4
  const writers = Math.round(articles * 0.02) + 2
  const categories = 12

  const docs: Doc[] = []
  const push = (doc: Doc) => {
    const at = stamp(docs.length)
    docs.push({...doc, _rev: `r${docs.length}`, _createdAt: at, _updatedAt: at})
  }

  for (let i = 0; i < categories; i++) push({_id: `category-${i}`, _type: 'category', title: `Category ${i}: ${words(1)}`, slug: {_type: 'slug', current: `category-${i}`}})
  for (let i = 0; i < writers; i++) push({_id: `writer-${i}`, _type: 'writer', name: `Writer ${i}`, slug: {_type: 'slug', current: `writer-${i}`}, bio: words(12)})

  // Experts: mostly physicians with a current licence; some nurses; the last few have a credential
  // that lapsed or was never verified (used for injected defects).
  const verified = (i: number) => ({_type: 'credentialVerification', status: 'verified', verifiedBy: 'Dana Whitfield (p-dana)', verifiedAt: '2026-01-10T09:00:00.000Z', evidence: `Register lookup ${i}`})
  const physicians: string[] = []
  const nurses: string[] = []
  const lapsed: string[] = []
  for (let i = 0; i < experts; i++) {
    const id = `expert-${i}`
    const isLapsed = i >= experts - lapsedExperts
    const isNurse = !isLapsed && i % 7 === 3
    const kind = isNurse ? 'registration' : pick(['licence', 'boardCertification'])
    const credentials: Record<string, unknown>[] = [
      {
        _key: 'main',
        _type: 'credential',
        kind,
        profession: isNurse ? 'registeredNurse' : 'physician',
        title: isNurse ? 'Registered nurse' : 'Medical licence',
        specialty: pick(['dermatology', 'plasticSurgery', 'nutritionDietetics', 'familyMedicine']),
        issuer: isNurse ? 'us-state-nursing-board' : kind === 'boardCertification' ? 'us-abms-abd' : 'us-state-medical-board',
        issuingBody: 'State medical board',
        jurisdiction: 'US-CA',
        issuedOn: day(2000 + (i % 20), 1 + (i % 12), 1 + (i % 28)),
        expiresOn: isLapsed ? '2025-06-30' : day(2028 + (i % 5), 12, 31),
        verification: isLapsed && i % 2 === 0 ? {_type: 'credentialVerification', status: 'unverified'} : verified(i),
      },
    ]
    const extra = int(0, 2)
    if (extra >= 1) credentials.push({_key: 'degree', _type: 'credential', kind: 'degree', profession: isNurse ? 'registeredNurse' : 'physician', title: isNurse ? 'BSN' : 'MD', issuedOn: '1995-06-01', verification: verified(i)})
    if (extra >= 2) credentials.push({_key: 'board', _type: 'credential', kind: 'boardCertification', profession: isNurse ? 'nursePractitioner' : 'physician', issuer: isNurse ? 'us-aanpcb' : 'us-abms-abd', title: 'Board certification', issuedOn: '2005-06-01', expiresOn: '2020-12-31', verification: verified(i)})
    push(withVerificationFingerprints({
      _id: id,
      _type: 'expert',
      name: `Dr. ${words(1)} ${i}`,
      postnominals: [isNurse ? 'RN' : 'MD'],
      slug: {_type: 'slug', current: `expert-${i}`},
      bio: words(20),
      specialties: ['Dermatology'],
      affiliations: [{_key: 'a', _type: 'affiliation', organisation: `Clinic ${i % 40}`, role: 'Consultant'}],
      credentials,
    }))
    if (isLapsed) lapsed.push(id)
    else if (isNurse) nurses.push(id)
    else physicians.push(id)
  }

  const retracted = new Set<string>()
  for (let i = 0; i < coreCitations; i++) {
    const isRetracted = i % 53 === 52 || i === coreCitations - 1
    if (isRetracted) retracted.add(`citation-${i}`)
    push({_id: `citation-${i}`, _type: 'citation', kind: 'journalArticle', title: `Study of ${words(3)} ${i}`, authors: ['A. Example', 'B. Sample'], journal: 'Journal of Example Dermatology', year: 2000 + (i % 25), doi: `10.5555/ex.${i}`, peerReviewed: true, retracted: isRetracted})
  }
  const goodCitation = () => {
    let id = `citation-${int(0, coreCitations - 1)}`
    while (retracted.has(id)) id = `citation-${int(0, coreCitations - 1)}`
    return id
  }

  for (let i = 0; i < procedures; i++) {
    const riskRefs = Array.from({length: int(3, 5)}, (_, k) => `risk-${(i * 5 + k) % risks}`)
    push({
      _id: `procedure-${i}`,
      _type: 'procedure',
      name: `Procedure ${i}: ${words(2)}`,
      slug: {_type: 'slug', current: `procedure-${i}`},
      aliases: [words(2)],
      summary: words(25),
      devices: ['Pen'],
      typicalCost: {_type: 'costRange', min: 100, max: 700, currency: 'USD', basis: 'perSession'},
      contraindications: ['Active acne', 'Eczema'],
      risks: [...new Set(riskRefs)].map((r) => ref(r, r)),
    })
  }
  for (let i = 0; i < risks; i++) {
    push({
      _id: `risk-${i}`,
      _type: 'risk',
      name: `Risk ${i}: ${words(2)}`,
      slug: {_type: 'slug', current: `risk-${i}`},
      description: words(15),
      likelihood: pick(['common', 'uncommon', 'rare']),
      severity: pick(['mild', 'moderate', 'severe']),
      onset: 'During or soon after the session',
      mitigation: words(10),
      procedures: [ref(`procedure-${i % procedures}`, 'p')],
    })
  }

  // Articles, their decisions and some drafts. Approvals are pinned over the experts and citations as they are.
  const pinnedOver: ClaimDocuments = {
    experts: new Map(docs.filter((d) => d._type === 'expert').map((d) => [d._id, d as unknown as ExpertDoc])),
    citations: new Map(docs.filter((d) => d._type === 'citation').map((d) => [d._id, d as unknown as CitationDoc])),
  }
  const fingerprintOf = (claim: Parameters<typeof claimFingerprint>[0]): string => {
    const fingerprint = claimFingerprint(claim, pinnedOver)
    if (fingerprint === null) throw new Error('a synthetic claim cannot be pinned')
    return fingerprint
  }
  let decisions = 0
  let drafts = 0
  let defective = 0
  for (let i = 0; i < articles; i++) {
    const id = `article-${i}`
    const team = Array.from({length: int(1, 3)}, () => pick(physicians))
    const claimCount = int(16, 24)
    const body: Array<Record<string, unknown>> = []
    const claimKinds: ClaimKind[] = []
    let c = 0
    for (let b = 0; c < claimCount; b++) {
      const markDefs: Array<Record<string, unknown>> = []
      const children: Array<Record<string, unknown>> = [{_type: 'span', _key: `s${b}-0`, text: `${words(10)}. `, marks: []}]
      const inBlock = Math.min(int(1, 2), claimCount - c)
      for (let k = 0; k < inBlock; k++, c++) {
        const key = `claim-${c}`
        const kind = KINDS[(i + c) % KINDS.length]
        claimKinds.push(kind)
        const nurseOk = kind === 'procedureFact' || kind === 'aftercare' || kind === 'patientExperience'
        const expertId = nurseOk && nurses.length > 0 && rand() < 0.2 ? pick(nurses) : pick(team)
        const cites = EVIDENCE_KINDS.has(kind) || rand() < 0.5 ? Array.from({length: int(1, 2)}, (_, n) => ref(goodCitation(), `c${n}`)) : []
        markDefs.push({_type: 'medicalClaim', _key: key, kind, expert: ref(expertId), citations: cites})
        children.push({_type: 'span', _key: `s${b}-${k + 1}`, text: `${pick(CLAIM_TEXTS)} (${i}.${c}).`, marks: [key]})
        children.push({_type: 'span', _key: `s${b}-${k + 1}x`, text: ` ${words(6)}. `, marks: []})
      }
      body.push({_type: 'block', _key: `b${b}`, style: 'normal', markDefs, children})
      if (b % 4 === 3) body.push({_type: 'figure', _key: `f${b}`, alt: words(4), caption: words(6)})
    }
    const article: Record<string, unknown> = {
      _id: id,
      _type: 'article',
      title: `${words(5)} ${i}`,
      slug: {_type: 'slug', current: `article-${i}`},
      dek: words(15),
      author: ref(`writer-${i % writers}`),
      category: ref(`category-${i % categories}`),
      heroImage: {_type: 'figure', alt: words(4)},
      publishedAt: new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % 1000) * 86_400_000 + i * 1000).toISOString(),
      procedures: Array.from({length: int(1, 2)}, (_, n) => ref(`procedure-${(i + n * 3) % procedures}`, `p${n}`)),
      relatedArticles: i === 0 ? [] : Array.from({length: int(0, 3)}, (_, n) => ref(`article-${int(0, i - 1)}`, `r${n}`)),
      body,
    }

    // One defect in about one article in eight.
    const defect = i % 8 === 5 ? DEFECTS[Math.floor(i / 8) % DEFECTS.length] : null
    if (defect) defective++
    const defectClaim = claimKinds.findIndex((k) => EVIDENCE_KINDS.has(k))
    const defectMark = () => (body.flatMap((blk) => (blk.markDefs as Array<Record<string, unknown>> | undefined) ?? []).find((m) => m._key === `claim-${defectClaim}`) as Record<string, unknown>)
    if (defect === 'lapsedExpert') defectMark().expert = ref(pick(lapsed))
    if (defect === 'retractedCitation') defectMark().citations = [ref([...retracted][0], 'c0')]
    if (defect === 'noCitation') defectMark().citations = []

    // The medical review, pinned to the article as it reads (or, for a stale one, to an earlier title),
    // recorded by a medical reviewer or by a fact-checker with the evidence.
    const reviewerId = pick(physicians)
    const reviewer = (pinnedOver.experts as ReadonlyMap<string, ExpertDoc>).get(reviewerId)
    const pinnedTo = defect === 'reviewStale' ? {...article, title: `${article.title as string} (earlier)`} : article
    const reviewPin = reviewFingerprint(pinnedTo, reviewerId, reviewer)
    if (reviewPin === null) throw new Error('a synthetic article cannot be pinned for its review')
    const byReviewer = i % 2 === 1
    const review: Doc = {
      _id: `review-${id}`,
      _type: 'factCheck.review',
      article: {_type: 'reference', _ref: id, _weak: true},
      reviewer: {_type: 'reference', _ref: reviewerId, _weak: true},
      fingerprint: reviewPin,
      nextReviewDue: defect === 'reviewOverdue' ? '2026-11-01' : '2027-06-01',
      ...(byReviewer ? {} : {evidence: 'The reviewer signed the review form for this text.'}),
      checkedBy: byReviewer ? MEDICAL_REVIEWER : FACT_CHECKERS[i % FACT_CHECKERS.length],
      checkedAt: new Date(Date.UTC(2026, 5, 1) + i * 60_000).toISOString(),
    }

    const claims = extractClaims((article as unknown as ArticleDoc).body)
    for (const [n, claim] of claims.entries()) {
      const isDefect = n === defectClaim
      if (isDefect && defect === 'noApproval') continue
      const checker = FACT_CHECKERS[(i + n) % FACT_CHECKERS.length]
      const approvedFingerprint = isDefect && defect === 'staleApproval' ? fingerprintOf({...claim, text: `${claim.text} (earlier wording)`}) : fingerprintOf(claim)
      push({
        _id: `factcheck-${id}-${claim.key}`,
        _type: 'factCheck.approval',
        article: {_type: 'reference', _ref: id, _weak: true},
        claimKey: claim.key,
        fingerprint: approvedFingerprint,
        checkedBy: checker,
        checkedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000 + n * 1000).toISOString(),
        note: 'Checked against the cited sources.',
      })
      decisions++
      if (isDefect && defect === 'rejected') {
        push({
          _id: `factcheck-${id}-${claim.key}-rejected`,
          _type: 'factCheck.rejection',
          article: {_type: 'reference', _ref: id, _weak: true},
          claimKey: claim.key,
          fingerprint: approvedFingerprint,
          checkedBy: FACT_CHECKERS[(i + n + 1) % FACT_CHECKERS.length],
          checkedAt: new Date(Date.UTC(2026, 1, 1) + i * 60_000).toISOString(),
          reason: 'The cited study does not support this figure.',
        })
        decisions++
      }
    }
    push(article as Doc)
    push(review)
    decisions++
    if (i % 10 === 4) {
      push({...(article as Doc), _id: getDraftId(id), title: `${article.title as string} (updated)`})
      drafts++
    }
  }

  // Top up with citations to exactly `total` documents.
  let extraCitations = 0
  while (docs.length < total) {
    const i = coreCitations + extraCitations++
    push({_id: `citation-${i}`, _type: 'citation', kind: 'website', title: `Reference ${words(3)} ${i}`, url: `https://example.test/ref/${i}`, retracted: false})
  }
  if (docs.length !== total) throw new Error(`benchDataset: generated ${docs.length} documents for ${total}`)

  return {
    docs,
    size: total,
    seed,
    counts: {articles, drafts, decisions, defective, experts, citations: coreCitations + extraCitations, procedures, risks, writers, categories},
    articleSlug: `article-${Math.floor(articles / 2) % 8 === 5 ? Math.floor(articles / 2) + 1 : Math.floor(articles / 2)}`,
    expertSlug: `expert-${physicians.length > 0 ? physicians[0].slice('expert-'.length) : 0}`,
  }
}

/** The dataset as NDJSON (what `sanity dataset export` writes as data.ndjson). */
export function toNdjson(docs: ReadonlyArray<Doc>): string {
  let out = ''
  for (const doc of docs) out += `${JSON.stringify(doc)}\n`
  return out
}
