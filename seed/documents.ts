/**
 * The seed dataset as a pure function: every document, sorted by id, in Sanity's export shape.
 * `scripts/seed-build.ts` writes it to seed/dataset.ndjson (importable with `sanity dataset import`).
 *
 * Verified credentials carry the fingerprint of what was verified (`credentialFingerprint` of the
 * expert's name and the credential), as the Studio's verify action writes it. Fact-check
 * approvals are derived from the articles with the plugin's own `extractClaims` and
 * `claimFingerprint` (over the seed's experts and citations), so they match what the publish
 * rules compute:
 * - published articles: every claim is approved;
 * - the micro-needling draft: only the claims attributed to an expert with a verified, current
 *   credential, so what still blocks it is its unattributed claims and Dr. Claytor's claims.
 * Each article has a medical review (`factCheck.review`), recorded by the fact-checker on the
 * reviewer's behalf and pinned with the plugin's own `reviewFingerprint` to the article as it is.
 */
import {APPROVAL_TYPE, REVIEW_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {getPublishedId, isDraftId} from '../plugins/medical-claims/rules/ids.ts'
import {claimFingerprint, reviewFingerprint, withVerificationFingerprints} from '../plugins/medical-claims/rules/fingerprints.ts'
import {credentialStanding, extractClaims} from '../plugins/medical-claims/rules/policy.ts'
import type {BodyItem, CitationDoc, Credential, ExpertDoc} from '../plugins/medical-claims/rules/types.ts'
import {articles} from './articles.ts'
import type {SeedDocument} from './builders.ts'
import {ARTICLE, FACT_CHECKER, REVIEWS, SEED_NOW} from './ids.ts'
import {categories, citations, experts, writers} from './people-and-sources.ts'
import {procedures, risks} from './procedures.ts'

/** When the fact-checker approved each article's claims (fixed, before publication). */
const CHECKED_AT: Record<string, string> = {
  [ARTICLE.microNeedling]: '2026-10-02T14:00:00.000Z',
  [ARTICLE.winterSkincare]: '2026-09-21T15:00:00.000Z',
  [ARTICLE.oliveOil]: '2026-09-28T15:00:00.000Z',
  [ARTICLE.omega3]: '2026-10-05T15:00:00.000Z',
}

/** The id of the seed's approval of one claim: `factcheck-<article published id>-<claim key>`. */
export function approvalId(articleId: string, claimKey: string): string {
  return `factcheck-${getPublishedId(articleId)}-${claimKey}`
}

function hasCurrentVerifiedCredential(expert: SeedDocument | undefined, now: string): boolean {
  const credentials = (expert?.credentials ?? []) as Credential[]
  return credentials.some((credential) => credentialStanding(credential, now, expert as ExpertDoc | undefined) === 'valid')
}

/** Approvals for the claims of one article (see the module comment for which claims). */
export function approvalsFor(
  article: SeedDocument,
  expertsById: ReadonlyMap<string, SeedDocument>,
  citationDocs: ReadonlyArray<SeedDocument>,
  now: string = SEED_NOW,
): SeedDocument[] {
  const articleId = getPublishedId(article._id)
  const checkedAt = CHECKED_AT[articleId]
  if (!checkedAt) throw new Error(`No fact-check time for article "${articleId}": add it to CHECKED_AT in seed/documents.ts.`)
  const claims = extractClaims(article.body as BodyItem[] | undefined)
  const approved = isDraftId(article._id)
    ? claims.filter((claim) => claim.expertId !== undefined && hasCurrentVerifiedCredential(expertsById.get(claim.expertId), now))
    : claims
  const documents = {experts: [...expertsById.values()] as unknown as ExpertDoc[], citations: citationDocs as unknown as CitationDoc[]}
  return approved.map((claim) => ({
    _id: approvalId(articleId, claim.key),
    _type: APPROVAL_TYPE,
    article: {_type: 'reference', _ref: articleId, _weak: true},
    claimKey: claim.key,
    fingerprint: claimFingerprint(claim, documents),
    checkedBy: {id: FACT_CHECKER.id, name: FACT_CHECKER.name, roles: [...FACT_CHECKER.roles]},
    checkedAt,
    note: 'Checked against the interview notes and the cited sources.',
  }))
}

/** The id of the seed's medical review of an article: `review-<article published id>`. */
export function reviewId(articleId: string): string {
  return `review-${getPublishedId(articleId)}`
}

/** The medical review of one article (REVIEWS in ./ids.ts), pinned to the article as the seed has it. */
export function reviewFor(article: SeedDocument, expertsById: ReadonlyMap<string, SeedDocument>): SeedDocument {
  const articleId = getPublishedId(article._id)
  const plan = REVIEWS[articleId]
  if (!plan) throw new Error(`No medical review for article "${articleId}": add it to REVIEWS in seed/ids.ts.`)
  const reviewer = expertsById.get(plan.reviewer) as ExpertDoc | undefined
  const fingerprint = reviewFingerprint(article as {title?: unknown; dek?: unknown; body?: unknown}, plan.reviewer, reviewer)
  if (fingerprint === null) throw new Error(`The seed article "${articleId}" has a field that is not text, so its review cannot be pinned.`)
  return {
    _id: reviewId(articleId),
    _type: REVIEW_TYPE,
    article: {_type: 'reference', _ref: articleId, _weak: true},
    reviewer: {_type: 'reference', _ref: plan.reviewer, _weak: true},
    fingerprint,
    nextReviewDue: plan.nextReviewDue,
    evidence: `${reviewer?.name ?? plan.reviewer} signed the review form for this text and emailed it to the fact-check desk.`,
    checkedBy: {id: FACT_CHECKER.id, name: FACT_CHECKER.name, roles: [...FACT_CHECKER.roles]},
    checkedAt: plan.recordedAt,
  }
}

function byId(a: SeedDocument, b: SeedDocument): number {
  return a._id < b._id ? -1 : a._id > b._id ? 1 : 0
}

/** Every seed document, sorted by `_id`. Pure and deterministic. */
export function buildSeedDocuments(): SeedDocument[] {
  const expertDocs = experts().map((doc) => withVerificationFingerprints(doc))
  const expertsById = new Map(expertDocs.map((doc) => [doc._id, doc]))
  const citationDocs = citations()
  const articleDocs = articles()
  const decisions = articleDocs.flatMap((article) => [...approvalsFor(article, expertsById, citationDocs), reviewFor(article, expertsById)])
  const all = [...writers(), ...categories(), ...expertDocs, ...citationDocs, ...procedures(), ...risks(), ...articleDocs, ...decisions]
  return all.sort(byId)
}

/** The documents as NDJSON, one per line, with a trailing newline. */
export function toNdjson(documents: ReadonlyArray<SeedDocument>): string {
  return documents.map((doc) => JSON.stringify(doc)).join('\n') + '\n'
}
