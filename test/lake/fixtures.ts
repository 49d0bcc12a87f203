/**
 * A small editorial world for the enforcement tests: one verified physician, one citation, one
 * published article whose single claim is attributed, cited and approved, its approval, and its
 * medical review by the same physician. The approval's and the review's fingerprints are computed
 * with the rules module itself, and the credential's verification carries the fingerprint of what
 * was verified, so the article is publishable.
 */
import {claimFingerprint, reviewFingerprint, withVerificationFingerprints} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {extractClaims} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, CitationDoc, ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'

export const EXPERT_ID = 'expert-physician'
export const CITATION_ID = 'citation-study'
export const ARTICLE_ID = 'article-good'
export const APPROVAL_ID = `factcheck-${ARTICLE_ID}-claim-1`

const ref = (id: string, key?: string) => ({_type: 'reference' as const, _ref: id, ...(key ? {_key: key} : {})})

export const expert = withVerificationFingerprints({
  _id: EXPERT_ID,
  _type: 'expert',
  name: 'Dr. Ada Physician',
  credentials: [
    {
      _key: 'lic',
      _type: 'credential',
      kind: 'licence',
      profession: 'physician',
      issuer: 'us-state-medical-board',
      title: 'Medical licence',
      expiresOn: '2099-12-31',
      // Who verified and when is stamped by the lake when written through the API; a seed file keeps what it says.
      verification: {_type: 'credentialVerification', status: 'verified', verifiedAt: '2026-09-01T10:00:00.000Z', evidence: 'State board lookup'},
    },
  ],
})

export const citation = {_id: CITATION_ID, _type: 'citation', kind: 'journalArticle', title: 'A randomised trial', retracted: false}

/** Another expert like `expert`, under another id and name, its credential verified under that name. */
export function expertNamed(id: string, name: string) {
  return withVerificationFingerprints({...expert, _id: id, name})
}

/** The article's medical reviewer: another physician, since the reviewer may not be the source of most of its claims. */
export const reviewerExpert = expertNamed('expert-reviewer', 'Dr. Rosa Lind')

/** The documents an approval's fingerprint reads: by default this world's expert and citation. */
export interface ApprovalDocuments {
  experts: ReadonlyArray<{_id: string; _type: string}>
  citations: ReadonlyArray<{_id: string; _type: string}>
}

export function articleWithClaim(id: string, text = 'Retinol reduces fine lines.', claim: Record<string, unknown> = {}): ArticleDoc & Record<string, unknown> {
  const doc = {
    _id: id,
    _type: 'article',
    title: `Article ${id}`,
    slug: {_type: 'slug', current: id},
    body: [
      {
        _type: 'block',
        _key: 'b1',
        style: 'normal',
        markDefs: [{_type: 'medicalClaim', _key: 'claim-1', kind: 'benefit', expert: ref(EXPERT_ID), citations: [ref(CITATION_ID, 'c1')], ...claim}],
        children: [{_type: 'span', _key: 's1', text, marks: ['claim-1']}],
      },
    ],
  }
  return doc as ArticleDoc & Record<string, unknown>
}

export function approvalFor(
  article: ArticleDoc,
  checker = {id: 'p-dana', name: 'Dana', roles: ['fact-checker']},
  documents: ApprovalDocuments = {experts: [expert], citations: [citation]},
) {
  const [claim] = extractClaims(article.body)
  return {
    _id: `factcheck-${article._id.replace(/^drafts\./, '')}-${claim.key}`,
    _type: 'factCheck.approval',
    article: {_type: 'reference', _ref: article._id.replace(/^drafts\./, ''), _weak: true},
    claimKey: claim.key,
    fingerprint: claimFingerprint(claim, {experts: documents.experts as ExpertDoc[], citations: documents.citations as CitationDoc[]}),
    checkedBy: checker,
    checkedAt: '2026-02-01T00:00:00.000Z',
  }
}

const DAY_MS = 86_400_000
/** A next-review date the lake accepts today: a year from now. */
export const NEXT_REVIEW_DUE = new Date(Date.now() + 365 * DAY_MS).toISOString().slice(0, 10)

/**
 * A medical review of the article as it reads now, by `reviewer` (default this world's reviewer),
 * recorded by the fact-checker on the reviewer's behalf with evidence (the lake stamps who and when
 * on a user's write).
 */
export function reviewFor(
  article: ArticleDoc,
  recorder = {id: 'p-dana', name: 'Dana', roles: ['fact-checker']},
  reviewer: {_id: string; name?: string} = reviewerExpert,
  overrides: Record<string, unknown> = {},
) {
  const articleId = article._id.replace(/^drafts\./, '')
  return {
    _id: `review-${articleId}`,
    _type: 'factCheck.review',
    article: {_type: 'reference', _ref: articleId, _weak: true},
    reviewer: {_type: 'reference', _ref: reviewer._id, _weak: true},
    fingerprint: reviewFingerprint(article, reviewer._id, reviewer),
    nextReviewDue: NEXT_REVIEW_DUE,
    evidence: 'Signed review form, emailed to the desk.',
    checkedBy: recorder,
    checkedAt: new Date(Date.now() - DAY_MS).toISOString(),
    ...overrides,
  }
}

export const article = articleWithClaim(ARTICLE_ID)
export const approval = approvalFor(article)
export const review = reviewFor(article)
export const REVIEW_ID = review._id

interface Writer {
  transaction(): {create(doc: never): unknown; commit(): Promise<unknown>}
  create(doc: never): Promise<unknown>
  action(action: never): Promise<unknown>
}

/**
 * The consistent world, written by whom it belongs to: an administrator writes the expert, the
 * reviewer, the citation (and any `extra` documents) and the article's draft, the fact-checker approves its
 * claim and records its medical review, and the administrator publishes it.
 */
export async function publishWorld(admin: Writer, factChecker: Writer, extra: Array<Record<string, unknown>> = []): Promise<void> {
  const tx = admin.transaction() as {create(doc: never): typeof tx; commit(): Promise<unknown>}
  for (const doc of [expert, reviewerExpert, citation, ...extra, {...article, _id: `drafts.${ARTICLE_ID}`}]) tx.create(doc as never)
  await tx.commit()
  await factChecker.create(approval as never)
  await factChecker.create(review as never)
  await admin.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE_ID}`, publishedId: ARTICLE_ID} as never)
}

