/**
 * Generated datasets for the agreement test: articles that start compliant and then receive zero,
 * one or two random mutations, each either breaking one rule or probing a boundary that must not
 * break it (a credential that expires today, a review due today, a cost claim without citation, ...).
 * Each article has a medical review (a `factCheck.review` pinned, for the scope given, to the
 * article as it was reviewed). Deterministic for a given seed and scope. Everything is published
 * unless a mutation makes a decision a draft; editors play no part (GROQ cannot see them), and no
 * reference names a `drafts.` id (see queries/compliance.ts for those limits).
 */
import {claimFingerprint, reviewFingerprint, type ReviewScope} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {extractClaims, latestNextReview} from '../../plugins/medical-claims/rules/policy.ts'
import type {
  ArticleDoc,
  CitationDoc,
  ClaimKind,
  ClaimMark,
  Credential,
  ExpertDoc,
  FactCheckDecisionDoc,
  ReviewDecisionDoc,
  TextBlock,
} from '../../plugins/medical-claims/rules/types.ts'
import {CHECKER, NOW, citation, credential, expert, pinned} from '../fixtures/policy-factories.ts'

export {NOW}

export type GeneratedDoc = {_id: string; _type: string; [field: string]: unknown}

/** A small, fast PRNG (mulberry32) so a failing seed can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const verified = {status: 'verified' as const, verifiedBy: 'p-dana', verifiedAt: '2026-01-10T09:00:00Z', evidence: 'Board lookup'}

/** Experts whose standing on NOW (2026-11-24) is known; `good` qualifies for every kind and as reviewer. */
export const EXPERTS: Record<string, ExpertDoc> = {
  good: expert('exp-good'),
  good2: expert('exp-good2', [credential({kind: 'licence', title: 'Medical licence'})]),
  expiresToday: expert('exp-expires-today', [credential({expiresOn: '2026-11-24'})]),
  expiresTodayAsDatetime: expert('exp-expires-today-dt', [credential({expiresOn: '2026-11-24T00:00:00.000Z'})]),
  expiredYesterday: expert('exp-expired', [credential({expiresOn: '2026-11-23'})]),
  expiredLastNight: expert('exp-expired-dt', [credential({expiresOn: '2026-11-23T23:59:59.000Z'})]),
  emptyExpiry: expert('exp-empty-expiry', [credential({expiresOn: ''})]),
  issuedToday: expert('exp-issued-today', [credential({issuedOn: '2026-11-24'})]),
  issuedTodayAsDatetime: expert('exp-issued-today-dt', [credential({issuedOn: '2026-11-24T18:00:00.000Z'})]),
  issuedTomorrow: expert('exp-issued-tomorrow', [credential({issuedOn: '2026-11-25'})]),
  unverified: expert('exp-unverified', [credential({verification: {status: 'unverified'}})]),
  noVerification: expert('exp-no-verification', [credential({verification: undefined})]),
  revoked: expert('exp-revoked', [credential({verification: {...verified, status: 'revoked'}})]),
  noCredentials: expert('exp-none', []),
  degreeOnly: expert('exp-degree', [credential({kind: 'degree', title: 'MD'})]),
  nurse: expert('exp-nurse', [credential({kind: 'registration', profession: 'registeredNurse', title: 'Registered nurse'})]),
  nursePractitioner: expert('exp-np', [credential({kind: 'licence', profession: 'nursePractitioner', title: 'NP licence'})]),
  pharmacist: expert('exp-pharmacist', [credential({kind: 'licence', profession: 'pharmacist', title: 'Pharmacist licence'})]),
  mixed: expert('exp-mixed', [
    credential({_key: 'a', expiresOn: '2020-01-01'}),
    credential({_key: 'b', kind: 'degree'}),
    credential({_key: 'c', kind: 'licence', verification: verified}),
  ]),
  mixedNoneCurrent: expert('exp-mixed-none', [credential({_key: 'a', expiresOn: '2020-01-01'}), credential({_key: 'b', verification: {status: 'unverified'}})]),
  // Forgeries: a verified credential edited afterwards, or a verification written without what it covers.
  expiryExtendedAfterVerification: edited(expert('exp-extended', [credential({expiresOn: '2025-06-30'})]), {expiresOn: '2030-12-31'}),
  nursePromotedAfterVerification: edited(expert('exp-promoted', [credential({kind: 'registration', profession: 'registeredNurse', title: 'Registered nurse'})]), {
    kind: 'licence',
    profession: 'physician',
    issuer: 'us-state-medical-board',
    title: 'Physician licence',
  }),
  renamedAfterVerification: {...expert('exp-renamed'), name: 'Dr. Someone Else'},
  verifiedWithoutFingerprint: expert('exp-unpinned', [credential({verification: {...verified, fingerprint: undefined}})]),
  ofAnotherType: {...expert('exp-writer'), _type: 'writer'},
  /** Renamed, and its credential verified again under the new name (claims approved before still name the old one). */
  reverifiedAfterRename: expert('exp-reverified', [credential()], 'Dr. New Name'),
}

/** An expert whose first credential was edited after it was verified. */
function edited(doc: ExpertDoc, changes: Partial<Credential>): ExpertDoc {
  const [first, ...rest] = doc.credentials ?? []
  return {...doc, credentials: [{...first, ...changes}, ...rest]}
}

export const CITATIONS: Record<string, CitationDoc> = {
  good: citation('cit-good'),
  good2: citation('cit-good2'),
  retracted: citation('cit-retracted', {retracted: true}),
  /** Its title, DOI, PMID and URL as they are now; claims approved before cite it as it was (see citationRewrittenAfterApproval). */
  rewritten: citation('cit-rewritten', {title: 'A different study', doi: '10.5555/forged', pmid: '999', url: 'https://example.org/forged'}),
  ofAnotherType: {...citation('cit-article'), _type: 'article'},
}

/** The documents approvals are computed over: every generated expert and citation as it is now. */
const DOCUMENTS = {experts: Object.values(EXPERTS), citations: Object.values(CITATIONS)}

function pinnable(fingerprint: string | null, what: string): string {
  if (fingerprint === null) throw new Error(`${what} cannot be pinned`)
  return fingerprint
}

/** A claim's fingerprint as it read when a fact-checker approved it, over some documents. */
function fingerprintOf(article: ArticleDoc, key: string, documents: {experts: ExpertDoc[]; citations: CitationDoc[]} = DOCUMENTS): string {
  const claim = extractClaims(article.body).find((c) => c.key === key)
  return pinnable(claim ? claimFingerprint(claim, documents) : null, `claim ${key} of ${article._id}`)
}

/** Approvals of a claim get the fingerprint it had with some documents as they were. */
function approvedAs(draft: Draft, key: string, documents: {experts: ExpertDoc[]; citations: CitationDoc[]}): void {
  const fingerprint = fingerprintOf(draft.article, key, documents)
  for (const d of decisionsOf(draft, key)) d.fingerprint = fingerprint
}

const KINDS: ClaimKind[] = ['benefit', 'risk', 'contraindication', 'procedureFact', 'aftercare', 'cost', 'patientExperience']
const TEXTS = ['It smooths skin texture', 'Redness fades within two days', 'Avoid it with active acne', 'A session costs $100 to $700', 'It feels like fine sandpaper', 'Use SPF 50 afterwards', '']

interface Draft {
  article: ArticleDoc & {slug: {_type: 'slug'; current: string}}
  decisions: FactCheckDecisionDoc[]
  reviews: ReviewDecisionDoc[]
  /** The article as its reviewer reviewed it, and the scope its review is pinned for. */
  reviewed: ArticleDoc
  scope: ReviewScope
}

function pick<T>(rand: () => number, items: ReadonlyArray<T>): T {
  return items[Math.floor(rand() * items.length)]
}

function claimMarks(article: ArticleDoc): Array<{block: TextBlock; mark: ClaimMark}> {
  const out: Array<{block: TextBlock; mark: ClaimMark}> = []
  for (const block of article.body ?? []) {
    if (block._type !== 'block') continue
    for (const def of (block as TextBlock).markDefs ?? []) if (def._type === 'medicalClaim') out.push({block: block as TextBlock, mark: def as ClaimMark})
  }
  return out
}

/** A mutation of a compliant draft. Each breaks one rule or probes a boundary. */
type Mutation = (draft: Draft, rand: () => number, clock: () => string) => void

/** The review fingerprint of the article as it was reviewed, for a reviewer (the review's own scope unless given). */
function reviewPin(draft: Draft, reviewerId: string | undefined, scope: ReviewScope = draft.scope, reviewer: ExpertDoc | undefined = findExpert(reviewerId)): string {
  return pinnable(reviewFingerprint(draft.reviewed, reviewerId, reviewer, scope), `the review of ${draft.article._id}`)
}

/** A generated expert by id (as the rules find it: only a document of the expert type). */
function findExpert(id: string | undefined): ExpertDoc | undefined {
  const found = Object.values(EXPERTS).find((e) => e._id === id)
  return found && found._type === 'expert' ? found : undefined
}

/** Changes every review of the draft. */
function onReviews(fn: (review: ReviewDecisionDoc, draft: Draft, clock: () => string) => void): Mutation {
  return (draft, _rand, clock) => {
    for (const r of draft.reviews) fn(r, draft, clock)
  }
}

/** Adds a later review: a copy of the first with `changes`. */
function laterReview(changes: (copy: ReviewDecisionDoc, draft: Draft) => void): Mutation {
  return (draft, _rand, clock) => {
    const first = draft.reviews[0]
    if (!first) return
    const copy: ReviewDecisionDoc = {...structuredClone(first), _id: `${first._id}-later`, checkedAt: clock()}
    changes(copy, draft)
    draft.reviews.push(copy)
  }
}

function onClaim(fn: (target: {block: TextBlock; mark: ClaimMark}, draft: Draft, rand: () => number, clock: () => string) => void): Mutation {
  return (draft, rand, clock) => {
    const claims = claimMarks(draft.article)
    if (claims.length > 0) fn(pick(rand, claims), draft, rand, clock)
  }
}

function decisionsOf(draft: Draft, key: string): FactCheckDecisionDoc[] {
  return draft.decisions.filter((d) => d.claimKey === key)
}

function setExpert(expertDoc: ExpertDoc): Mutation {
  return onClaim(({mark}) => {
    mark.expert = {_type: 'reference', _ref: expertDoc._id}
  })
}

/** The review given by another reviewer id, or by none (pinned to it, so that the reviewer alone decides). */
function setReviewer(id: string | undefined): Mutation {
  return onReviews((r, draft) => {
    if (id) r.reviewer = {_type: 'reference', _ref: id, _weak: true}
    else delete (r as Partial<ReviewDecisionDoc>).reviewer
    r.fingerprint = reviewPin(draft, id)
  })
}

/** The article changed after it was reviewed (and before its claims were approved: only the review can go stale). */
function afterReview(change: (article: Draft['article'], rand: () => number) => void): Mutation {
  return (draft, rand) => change(draft.article, rand)
}

/** Mutations applied to the claim after its approvals were recorded: approvals keep the old fingerprint. */
export const MUTATIONS: Record<string, Mutation> = {
  noKind: onClaim(({mark}) => delete mark.kind),
  emptyKind: onClaim(({mark}) => {
    mark.kind = '' as ClaimKind
  }),
  unattributed: onClaim(({mark}) => delete mark.expert),
  expertGone: onClaim(({mark}) => {
    mark.expert = {_type: 'reference', _ref: 'exp-gone'}
  }),
  ...Object.fromEntries(Object.entries(EXPERTS).map(([name, doc]) => [`expert:${name}`, setExpert(doc)])),
  ...Object.fromEntries(Object.entries(EXPERTS).map(([name, doc]) => [`reviewer:${name}`, setReviewer(doc._id)])),
  noCitations: onClaim(({mark}) => {
    mark.citations = []
  }),
  citationsMissingField: onClaim(({mark}) => delete mark.citations),
  citationRetracted: onClaim(({mark}) => {
    mark.citations = [...(mark.citations ?? []), {_type: 'reference', _ref: CITATIONS.retracted._id, _key: 'r'}]
  }),
  citationGone: onClaim(({mark}) => {
    mark.citations = [...(mark.citations ?? []), {_type: 'reference', _ref: 'cit-gone', _key: 'g'}]
  }),
  // References by a draft's id name nothing, in the rules and in GROQ alike (rules/ids.ts referencedId).
  expertByDraftId: onClaim(({mark}) => {
    mark.expert = {_type: 'reference', _ref: `drafts.${mark.expert?._ref ?? EXPERTS.good._id}`}
  }),
  citationByDraftId: onClaim(({mark}) => {
    mark.citations = [...(mark.citations ?? []), {_type: 'reference', _ref: `drafts.${CITATIONS.good._id}`, _key: 'd'}]
  }),
  reviewerByDraftId: setReviewer(`drafts.${EXPERTS.good._id}`),
  reviewOfArticleDraft: onReviews((r) => {
    r.article = {_type: 'reference', _ref: `drafts.${r.article._ref}`, _weak: true}
  }),
  approvalOfArticleDraft: onClaim(({mark}, draft) => {
    for (const d of decisionsOf(draft, mark._key)) d.article = {_type: 'reference', _ref: `drafts.${d.article._ref}`, _weak: true}
  }),
  citationOfAnotherType: onClaim(({mark}) => {
    mark.citations = [...(mark.citations ?? []), {_type: 'reference', _ref: CITATIONS.ofAnotherType._id, _key: 't'}]
  }),
  citationEmptyRef: onClaim(({mark}) => {
    mark.citations = [...(mark.citations ?? []), {_type: 'reference', _ref: '', _key: 'e'}]
  }),
  costWithoutCitations: onClaim(({mark}) => {
    mark.kind = 'cost'
    mark.citations = []
  }),
  kindChanged: onClaim(({mark}, _draft, rand) => {
    mark.kind = pick(rand, KINDS)
  }),
  textEdited: onClaim(({block, mark}) => {
    const span = block.children?.find((c) => c._type === 'span' && (c as {marks?: string[]}).marks?.includes(mark._key)) as {text: string} | undefined
    if (span) span.text = `${span.text} (updated)`
  }),
  textExtended: onClaim(({block, mark}) => {
    block.children = [...(block.children ?? []), {_type: 'span', _key: 'extra', text: ' and more', marks: [mark._key, 'strong']}]
  }),
  spanWithoutText: onClaim(({block, mark}) => {
    block.children = [...(block.children ?? []), {_type: 'span', _key: 'notext', marks: [mark._key]} as never]
  }),
  inlineObjectInClaim: onClaim(({block, mark}) => {
    block.children = [...(block.children ?? []), {_type: 'inlineNote', _key: 'inl', text: ' (in one week)', marks: [mark._key]}]
  }),
  // Forgeries after the approval: what a reader sees changes, the approval stays as it was.
  inlineObjectInsertedAfterApproval: onClaim(({block, mark}) => {
    const children = [...(block.children ?? [])]
    const at = children.findIndex((c) => (c as {marks?: string[]}).marks?.includes(mark._key))
    children.splice(at + 1, 0, {_type: 'inlineNote', _key: 'forged', text: ' never', marks: [mark._key]})
    block.children = children
  }),
  negationAddedAfterApproval: onClaim(({block}) => {
    block.children = [{_type: 'span', _key: 'neg', text: 'It is false that ', marks: []}, ...(block.children ?? [])]
  }),
  inlineNegationAddedAfterApproval: onClaim(({block}) => {
    block.children = [{_type: 'inlineNote', _key: 'neg', text: 'It is false that ', marks: []}, ...(block.children ?? [])]
  }),
  kindRelabelledAfterApproval: onClaim(({mark}) => {
    mark.kind = mark.kind === 'procedureFact' ? 'aftercare' : 'procedureFact'
  }),
  citationRewrittenAfterApproval: onClaim(({mark}, draft) => {
    mark.citations = [{_type: 'reference', _ref: CITATIONS.rewritten._id, _key: 'w'}]
    approvedAs(draft, mark._key, {...DOCUMENTS, citations: [citation(CITATIONS.rewritten._id)]})
  }),
  expertRenamedAfterApproval: onClaim(({mark}, draft) => {
    mark.expert = {_type: 'reference', _ref: EXPERTS.reverifiedAfterRename._id}
    approvedAs(draft, mark._key, {...DOCUMENTS, experts: [{...EXPERTS.reverifiedAfterRename, name: 'Dr. Old Name'}]})
  }),
  markUnused: onClaim(({block, mark}) => {
    for (const child of block.children ?? []) {
      const span = child as {marks?: string[]}
      if (span.marks) span.marks = span.marks.filter((m) => m !== mark._key)
    }
  }),
  reattributedAfterApproval: setExpert(EXPERTS.good2),
  citationsReorderedAfterApproval: onClaim(({mark}) => {
    mark.citations = [...(mark.citations ?? [])].reverse()
  }),
  noApproval: onClaim(({mark}, draft) => {
    draft.decisions = draft.decisions.filter((d) => d.claimKey !== mark._key)
  }),
  laterRejection: onClaim(({mark}, draft, _rand, clock) => {
    const approval = decisionsOf(draft, mark._key)[0]
    if (approval) draft.decisions.push({...approval, _id: `${approval._id}-rej`, _type: 'factCheck.rejection', reason: 'Overstated', checkedAt: clock()})
  }),
  earlierRejection: onClaim(({mark}, draft) => {
    const approval = decisionsOf(draft, mark._key)[0]
    if (approval) draft.decisions.push({...approval, _id: `${approval._id}-old-rej`, _type: 'factCheck.rejection', reason: 'Check it', checkedAt: '2026-01-01T00:00:00.000Z'})
  }),
  laterRejectionByEditor: onClaim(({mark}, draft, _rand, clock) => {
    const approval = decisionsOf(draft, mark._key)[0]
    if (approval) {
      draft.decisions.push({
        ...approval,
        _id: `${approval._id}-ed-rej`,
        _type: 'factCheck.rejection',
        reason: 'Not sure',
        checkedAt: clock(),
        checkedBy: {id: 'p-tom', name: 'Tom', roles: ['editor']},
      })
    }
  }),
  approverNotFactChecker: onClaim(({mark}, draft) => {
    for (const d of decisionsOf(draft, mark._key)) d.checkedBy = {id: 'p-tom', name: 'Tom', roles: ['editor']}
  }),
  approverWithoutRoles: onClaim(({mark}, draft) => {
    for (const d of decisionsOf(draft, mark._key)) d.checkedBy = {id: 'p-tom', name: 'Tom'}
  }),
  approvalForOtherArticle: onClaim(({mark}, draft) => {
    for (const d of decisionsOf(draft, mark._key)) d.article = {_type: 'reference', _ref: 'article-other', _weak: true}
  }),
  approvalForOtherClaim: onClaim(({mark}, draft) => {
    for (const d of decisionsOf(draft, mark._key)) d.claimKey = `${mark._key}-other`
  }),
  duplicateKey: (draft) => {
    const claims = claimMarks(draft.article)
    if (claims.length >= 2) claims[1].mark._key = claims[0].mark._key
  },
  // The medical review: who recorded it, its evidence, its dates, its reviewer, its pin.
  noReview: (draft) => {
    draft.reviews = []
  },
  reviewByEditor: onReviews((r) => {
    r.checkedBy = {id: 'p-tom', name: 'Tom', roles: ['editor']}
  }),
  reviewByNoRoles: onReviews((r) => {
    r.checkedBy = {id: 'p-tom', name: 'Tom'}
  }),
  reviewByMedicalReviewer: onReviews((r) => {
    r.checkedBy = {id: 'p-rita', name: 'Rita Osei', roles: ['medical-reviewer']}
    delete r.evidence
  }),
  reviewWithoutEvidence: onReviews((r) => {
    delete r.evidence
  }),
  reviewBlankEvidence: onReviews((r) => {
    r.evidence = ' \n\u00a0\u2003 '
  }),
  reviewEvidenceNotText: onReviews((r) => {
    r.evidence = 7 as never
  }),
  reviewWithoutRecordingTime: onReviews((r) => {
    delete (r as Partial<ReviewDecisionDoc>).checkedAt
  }),
  reviewWithoutNextDate: onReviews((r) => {
    delete (r as Partial<ReviewDecisionDoc>).nextReviewDue
  }),
  reviewDueToday: onReviews((r) => {
    r.nextReviewDue = '2026-11-24'
  }),
  reviewDueYesterday: onReviews((r) => {
    r.nextReviewDue = '2026-11-23'
  }),
  reviewDueAsDatetime: onReviews((r) => {
    r.nextReviewDue = '2027-10-01T00:00:00.000Z'
  }),
  reviewDueMalformed: onReviews((r) => {
    r.nextReviewDue = '2027-10-1'
  }),
  reviewDueNoCalendarDay: onReviews((r) => {
    r.nextReviewDue = '2027-13-45'
  }),
  reviewIntervalAtLimit: onReviews((r) => {
    r.nextReviewDue = latestNextReview(r.checkedAt) ?? ''
  }),
  reviewIntervalAtLimitAsDatetime: onReviews((r) => {
    r.nextReviewDue = `${latestNextReview(r.checkedAt) ?? ''}T18:00:00.000Z`
  }),
  reviewIntervalTooLong: onReviews((r) => {
    const limit = latestNextReview(r.checkedAt) ?? ''
    r.nextReviewDue = new Date(Date.parse(`${limit}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
  }),
  reviewRecordedWithOffset: onReviews((r) => {
    // 23:30 at UTC-5 is the next UTC day, so the interval ends a day later than the local date says.
    r.checkedAt = '2026-10-01T23:30:00-05:00'
    r.nextReviewDue = '2028-10-01'
  }),
  reviewerGone: setReviewer('exp-gone'),
  reviewerMissing: setReviewer(undefined),
  reviewStaleReviewerName: onReviews((r, draft) => {
    r.reviewer = {_type: 'reference', _ref: EXPERTS.reverifiedAfterRename._id, _weak: true}
    r.fingerprint = reviewPin(draft, EXPERTS.reverifiedAfterRename._id, draft.scope, {...EXPERTS.reverifiedAfterRename, name: 'Dr. Old Name'})
  }),
  reviewForOtherArticle: onReviews((r) => {
    r.article = {_type: 'reference', _ref: 'article-other', _weak: true}
  }),
  reviewAsDraft: onReviews((r) => {
    r._id = `drafts.${r._id}`
  }),
  reviewWithoutFingerprint: onReviews((r) => {
    delete (r as Partial<ReviewDecisionDoc>).fingerprint
  }),
  reviewPinnedForOtherScope: onReviews((r, draft) => {
    r.fingerprint = reviewPin(draft, r.reviewer?._ref, draft.scope === 'article' ? 'claims' : 'article')
  }),
  laterReviewOfEarlierText: laterReview((copy) => {
    copy.fingerprint = `${copy.fingerprint}|b|normal||An earlier paragraph.`
  }),
  laterReviewByEditor: laterReview((copy) => {
    copy.checkedBy = {id: 'p-tom', name: 'Tom', roles: ['editor']}
  }),
  laterReviewOverdue: laterReview((copy) => {
    copy.nextReviewDue = '2026-11-01'
  }),
  laterReviewByAnotherReviewer: laterReview((copy, draft) => {
    copy.reviewer = {_type: 'reference', _ref: EXPERTS.nurse._id, _weak: true}
    copy.fingerprint = reviewPin(draft, EXPERTS.nurse._id)
  }),
  // The article changed after its review (its claims approved as they now read).
  titleEditedAfterReview: afterReview((a) => {
    a.title = `${a.title ?? ''} (updated)`
  }),
  dekAddedAfterReview: afterReview((a) => {
    a.dek = 'It is safe for everyone.'
  }),
  paragraphAddedAfterReview: afterReview((a) => {
    a.body = [...(a.body ?? []), {_type: 'block', _key: 'later', style: 'normal', markDefs: [], children: [{_type: 'span', _key: 'l0', text: 'Ask your doctor first.', marks: []}]}]
  }),
  figureAddedAfterReview: afterReview((a) => {
    a.body = [...(a.body ?? []), {_type: 'figure', _key: 'later-fig', alt: 'A pen', caption: 'The device'} as never]
  }),
  listItemAfterReview: afterReview((a) => {
    const block = (a.body ?? []).find((b) => b._type === 'block') as TextBlock | undefined
    if (block) block.listItem = 'bullet'
  }),
  claimParagraphExtendedAfterReview: afterReview((a) => {
    const block = (a.body ?? []).find((b) => b._type === 'block') as TextBlock | undefined
    if (block) block.children = [...(block.children ?? []), {_type: 'span', _key: 'later', text: ' Not for everyone.', marks: []}]
  }),
  // Where a link leads is reviewed: wrapping a claim's text in a link, or retargeting one, changes no text.
  linkWrappedAfterReview: afterReview((a) => {
    const block = (a.body ?? []).find((b) => b._type === 'block' && (b as TextBlock).children?.length) as TextBlock | undefined
    if (!block) return
    block.markDefs = [...(block.markDefs ?? []), {_type: 'link', _key: 'shop', href: 'https://shop.example/miracle-oil'} as never]
    const [first, ...rest] = block.children ?? []
    block.children = [{...first, marks: [...((first as {marks?: string[]}).marks ?? []), 'shop']} as never, ...rest]
  }),
  unmarkedClaimText: (draft) => {
    draft.article.body = [
      ...(draft.article.body ?? []),
      {_type: 'block', _key: 'plain', style: 'normal', markDefs: [], children: [{_type: 'span', _key: 'p0', text: 'This serum reduces wrinkles by 40% in a month.', marks: []}]},
    ]
  },
  linkAndFigure: (draft) => {
    draft.article.body = [
      ...(draft.article.body ?? []),
      {_type: 'figure', _key: 'fig'},
      {_type: 'block', _key: 'lnk', markDefs: [{_type: 'link', _key: 'l1'}], children: [{_type: 'span', _key: 'l0', text: 'More', marks: ['l1']}]},
      {_type: 'block', _key: 'nomarks', children: [{_type: 'span', _key: 'n0', text: 'Plain text.'}]} as never,
      // An item of another type that looks like a block: no claim of it counts, and only its type is reviewed.
      {_type: 'callout', _key: 'co', style: 'normal', markDefs: [{_type: 'medicalClaim', _key: 'in-callout'}], children: [{_type: 'span', _key: 'c0', text: 'Safe for all.', marks: ['in-callout']}]} as never,
    ]
  },
  noBody: (draft) => {
    delete draft.article.body
  },
}

const MUTATION_NAMES = Object.keys(MUTATIONS)
/** Mutations of the article after its review was recorded and before its claims were approved. */
const AFTER_REVIEW = new Set(MUTATION_NAMES.filter((name) => name.endsWith('AfterReview')))
/** Mutations of the review documents, applied last. */
const OF_REVIEWS = new Set(MUTATION_NAMES.filter((name) => /^(review|laterReview|noReview)/.test(name) && !AFTER_REVIEW.has(name)))
/**
 * Mutations that happen after the fact-checker approved (the approvals keep the old fingerprint or
 * change themselves); every other mutation happens before the review, so the review and the
 * approvals match what is published and the other rules decide.
 */
const AFTER_APPROVAL = new Set([
  'textEdited',
  'inlineObjectInsertedAfterApproval',
  'negationAddedAfterApproval',
  'inlineNegationAddedAfterApproval',
  'kindRelabelledAfterApproval',
  'citationRewrittenAfterApproval',
  'expertRenamedAfterApproval',
  'reattributedAfterApproval',
  'citationsReorderedAfterApproval',
  'noApproval',
  'laterRejection',
  'earlierRejection',
  'laterRejectionByEditor',
  'approverNotFactChecker',
  'approverWithoutRoles',
  'approvalForOtherArticle',
  'approvalForOtherClaim',
  'approvalOfArticleDraft',
])

/** A compliant article with 0-4 claims (each in its own block, some blocks with two), approved as it stands. */
function baseDraft(index: number, rand: () => number, clock: () => string): Pick<Draft, 'article'> {
  const id = `article-gen-${String(index).padStart(4, '0')}`
  const blocks: TextBlock[] = []
  const claimCount = Math.floor(rand() * 5)
  for (let i = 0; i < claimCount; i++) {
    const key = `k${i}`
    const kind = pick(rand, KINDS)
    const mark: ClaimMark = {
      _type: 'medicalClaim',
      _key: key,
      kind,
      expert: {_type: 'reference', _ref: rand() < 0.7 ? EXPERTS.good._id : EXPERTS.good2._id},
      citations: rand() < 0.5 ? [{_type: 'reference', _ref: CITATIONS.good._id, _key: 'a'}] : [{_type: 'reference', _ref: CITATIONS.good2._id, _key: 'b'}, {_type: 'reference', _ref: CITATIONS.good._id, _key: 'a'}],
    }
    const text = pick(rand, TEXTS)
    const children: Array<{_type: string; _key: string; text?: string; marks?: string[]}> = [
      {_type: 'span', _key: 's0', text: 'As reported, ', marks: []},
      {_type: 'span', _key: 's1', text, marks: [key]},
    ]
    if (rand() < 0.3) children.push({_type: 'span', _key: 's2', text: ' really', marks: ['strong', key]})
    // Inline children of other types: inside the claim, beside it, and with no text at all.
    const inline = rand()
    if (inline < 0.15) children.push({_type: 'inlineNote', _key: 'n1', text: ' (per the trial)', marks: [key]})
    else if (inline < 0.3) children.unshift({_type: 'inlineNote', _key: 'n0', text: 'In short: ', marks: []})
    else if (inline < 0.4) children.push({_type: 'inlineIcon', _key: 'n2', marks: [key]})
    const previous = blocks[blocks.length - 1]
    if (previous && rand() < 0.25) {
      previous.markDefs = [...(previous.markDefs ?? []), mark]
      previous.children = [...(previous.children ?? []), ...children.map((c) => ({...c, _key: `${c._key}-${key}`}))]
    } else {
      blocks.push({_type: 'block', _key: `b${i}`, style: 'normal', markDefs: [mark], children})
    }
  }
  void clock
  return {
    article: {
      _id: id,
      _type: 'article',
      title: `Generated article ${index}`,
      slug: {_type: 'slug', current: id},
      body: blocks,
    },
  }
}

/** The medical review of the article as it stands, by `good`, recorded by the fact-checker with the evidence. */
function reviewOf(article: ArticleDoc, scope: ReviewScope, clock: () => string): ReviewDecisionDoc {
  return {
    _id: `review-${article._id}`,
    _type: 'factCheck.review',
    article: {_type: 'reference', _ref: article._id, _weak: true},
    reviewer: {_type: 'reference', _ref: EXPERTS.good._id, _weak: true},
    fingerprint: pinnable(reviewFingerprint(article, EXPERTS.good._id, EXPERTS.good, scope), `the review of ${article._id}`),
    nextReviewDue: '2027-10-01',
    evidence: 'The reviewer signed the review form for this text.',
    checkedBy: {...CHECKER, roles: [...CHECKER.roles]},
    checkedAt: clock(),
  }
}

function approvals(article: ArticleDoc, clock: () => string): FactCheckDecisionDoc[] {
  return extractClaims(article.body).map((claim, i) => ({
    _id: `factcheck-${article._id}-${claim.key}-${i}`,
    _type: 'factCheck.approval',
    article: {_type: 'reference', _ref: article._id, _weak: true},
    claimKey: claim.key,
    fingerprint: pinnable(claimFingerprint(claim, DOCUMENTS), `claim ${claim.key} of ${article._id}`),
    checkedBy: {...CHECKER, roles: [...CHECKER.roles]},
    checkedAt: clock(),
  }))
}

export interface GeneratedDataset {
  documents: GeneratedDoc[]
  /** Which mutations each article received. */
  mutations: Map<string, string[]>
}

/** `count` articles over the shared experts and citations, with their fact-check decisions and medical reviews pinned for `scope`. */
export function generateDataset(seed: number, count: number, scope: ReviewScope = 'article'): GeneratedDataset {
  const rand = random(seed)
  let tick = 0
  // Unique, increasing decision times: ties are a known, documented divergence.
  const clock = () => new Date(Date.UTC(2026, 9, 1) + tick++ * 1000).toISOString()
  const documents: GeneratedDoc[] = [...Object.values(EXPERTS), ...Object.values(CITATIONS)].map((d) => structuredClone(d) as GeneratedDoc)
  const mutations = new Map<string, string[]>()
  for (let i = 0; i < count; i++) {
    const base = baseDraft(i, rand, clock)
    const draft: Draft = {article: base.article, decisions: [], reviews: [], reviewed: base.article, scope}
    const roll = rand()
    const names = roll < 0.3 ? [] : roll < 0.75 ? [pick(rand, MUTATION_NAMES)] : [pick(rand, MUTATION_NAMES), pick(rand, MUTATION_NAMES)]
    const later = (name: string) => AFTER_REVIEW.has(name) || AFTER_APPROVAL.has(name) || OF_REVIEWS.has(name)
    for (const name of names.filter((n) => !later(n))) MUTATIONS[name](draft, rand, clock)
    draft.reviewed = structuredClone(draft.article)
    draft.reviews = [reviewOf(draft.article, scope, clock)]
    for (const name of names.filter((n) => AFTER_REVIEW.has(n))) MUTATIONS[name](draft, rand, clock)
    draft.decisions = approvals(draft.article, clock)
    for (const name of names.filter((n) => AFTER_APPROVAL.has(n))) MUTATIONS[name](draft, rand, clock)
    for (const name of names.filter((n) => OF_REVIEWS.has(n))) MUTATIONS[name](draft, rand, clock)
    mutations.set(draft.article._id, names)
    documents.push(draft.article as unknown as GeneratedDoc, ...(draft.decisions as unknown as GeneratedDoc[]), ...(draft.reviews as unknown as GeneratedDoc[]))
  }
  return {documents, mutations}
}

/** Every expert credential the generator uses, for tests that want to look one up. */
export function credentialsOf(name: keyof typeof EXPERTS): Credential[] {
  return EXPERTS[name].credentials ?? []
}
