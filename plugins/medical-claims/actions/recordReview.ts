/**
 * Recording a medical review ("Record medical review"), as pure functions shared by the action,
 * its dialog, the review status and the tests: who may record a review of an article, which
 * experts may be named as its reviewer, which next-review dates the lake accepts, what the form
 * still lacks, what the review covers, which review stands now, and the `factCheck.review`
 * document to create. No React and no Studio runtime here.
 */
import {EXPERT_TYPE, REVIEW_TYPE} from '../rules/constants.ts'
import {credentialMessage, orList} from '../rules/credentials.ts'
import {getPublishedId, isDraftId, isVersionId} from '../rules/ids.ts'
import {documentsById, findDocument} from '../rules/lookup.ts'
import {isDecisionAbout} from '../rules/input.ts'
import {checkReviewer, credentialStanding, extractClaims, fitsReviewerCredentials, latestNextReview, reviewFingerprint, reviewPermission, reviewRoles, utcDay} from '../rules/policy.ts'

export {reviewPermission, reviewRoles, type ReviewPermission, type ReviewRoles} from '../rules/policy.ts'
import type {
  ArticleDoc,
  Credential,
  CredentialStanding,
  DecisionDoc,
  ExpertDoc,
  FactChecker,
  MedicalClaimsOptions,
  PolicyIssue,
  ReviewDecisionDoc,
  Verdict,
} from '../rules/types.ts'
import {newDecisionId} from '../data.ts'

export const RECORD_REVIEW_LABEL = 'Record medical review'

/** What the action shows: hidden (null) for users who cannot record reviews at all. */
export interface RecordReviewActionState {
  disabled: boolean
  title: string
}

/**
 * The action's state for a user: hidden from users with neither role; disabled while the article's
 * data loads, when it failed to load (the editors are then unknown), and when the user may not
 * record a review of this article, with the reason as its title.
 */
export function recordReviewActionState(input: {
  userId: string | undefined
  roles: ReadonlyArray<string>
  /** The editors of the article once loaded; undefined while loading. */
  editors: ReadonlyArray<string> | undefined
  /** Why the article's data could not be loaded. */
  error: string | null
  options: MedicalClaimsOptions
}): RecordReviewActionState | null {
  const {reviewer, factChecker} = reviewRoles(input.roles, input.options)
  if (!reviewer && !factChecker) return null
  if (input.error) return {disabled: true, title: `A medical review cannot be recorded yet: ${input.error}`}
  if (input.editors === undefined) return {disabled: true, title: "Loading the article's medical reviews…"}
  const permission = reviewPermission({userId: input.userId, roles: input.roles, editors: input.editors, options: input.options})
  if (!permission.allowed) return {disabled: true, title: permission.reason ?? 'You may not record a medical review of this article.'}
  return {
    disabled: false,
    title: permission.evidenceRequired
      ? "Record a medical reviewer's review of the article as it reads now, with the evidence of it."
      : 'Record your medical review of the article as it reads now.',
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The reviewer.                                                                               */
/* ------------------------------------------------------------------------------------------ */

export interface ReviewerCandidate {
  expert: ExpertDoc
  /** The expert's credentials that fit `reviewerCredentials`, with how each stands today. */
  credentials: Array<{credential: Credential; standing: CredentialStanding}>
  /** Holds a fitting credential that is valid today: the rules accept the expert as the reviewer. */
  eligible: boolean
  /** Why the rules would not accept the expert, when not eligible. */
  reason?: string
}

const byName = (a: ExpertDoc, b: ExpertDoc) => (a.name ?? a._id).localeCompare(b.name ?? b._id)

/**
 * The experts who hold a credential of a kind `reviewerCredentials` accepts, eligible ones first
 * (then by name), with each fitting credential's standing and, for the others, the rules' reason.
 */
export function reviewerCandidates(experts: ReadonlyArray<ExpertDoc>, options: MedicalClaimsOptions, now: Date | string): ReviewerCandidate[] {
  const candidates: ReviewerCandidate[] = []
  for (const expert of experts) {
    if (!expert || typeof expert._id !== 'string') continue
    const fitting = (expert.credentials ?? []).filter((credential) => credential && fitsReviewerCredentials(credential, options))
    if (fitting.length === 0) continue
    const check = checkReviewer(expert, options, now)
    candidates.push({
      expert,
      credentials: fitting.map((credential) => ({credential, standing: credentialStanding(credential, now, expert, options)})),
      eligible: check.ok,
      ...(check.ok ? {} : {reason: credentialMessage(check, expert, 'the medical review', 'choose another reviewer')}),
    })
  }
  return candidates.sort((a, b) => Number(b.eligible) - Number(a.eligible) || byName(a.expert, b.expert))
}

/* ------------------------------------------------------------------------------------------ */
/* The next review date.                                                                       */
/* ------------------------------------------------------------------------------------------ */

export interface ReviewDateLimits {
  /** Today (UTC). The next review must come after it. */
  today: string
  /** The earliest date accepted: tomorrow. */
  earliest: string
  /** The latest date accepted: today plus `maxReviewIntervalDays` (latestNextReview). */
  latest: string
}

const DAY_MS = 86_400_000
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)

/** The next review dates the lake accepts for a review recorded `now`. */
export function reviewDateLimits(now: Date, options: MedicalClaimsOptions): ReviewDateLimits {
  const today = utcDay(now)
  return {today, earliest: dayAfter(today, 1), latest: latestNextReview(now.toISOString(), options) ?? dayAfter(today, options.maxReviewIntervalDays)}
}

/** One year from today (UTC), within the limits. */
export function defaultNextReviewDue(now: Date, options: MedicalClaimsOptions): string {
  const {earliest, latest} = reviewDateLimits(now, options)
  const inAYear = new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate())).toISOString().slice(0, 10)
  return inAYear > latest ? latest : inAYear < earliest ? earliest : inAYear
}

/* ------------------------------------------------------------------------------------------ */
/* The form.                                                                                   */
/* ------------------------------------------------------------------------------------------ */

export interface ReviewForm {
  /** The reviewing expert's id ('' when none is chosen). */
  reviewerId: string
  /** YYYY-MM-DD. */
  nextReviewDue: string
  evidence: string
}

export type ReviewFormProblems = Partial<Record<keyof ReviewForm, string>>

export const EVIDENCE_REQUIRED_MESSAGE =
  "You are not a medical reviewer, so you record this review on the reviewer's behalf: say how the review reached you (the reviewer's signed form or message). The evidence is required."

/** What the form lacks before the review can be recorded (no entry: that field is fine). */
export function reviewFormProblems(
  form: ReviewForm,
  context: {candidates: ReadonlyArray<ReviewerCandidate>; evidenceRequired: boolean; now: Date; options: MedicalClaimsOptions},
): ReviewFormProblems {
  const problems: ReviewFormProblems = {}
  const candidate = context.candidates.find((c) => c.expert._id === form.reviewerId)
  if (!form.reviewerId) problems.reviewerId = 'Choose the expert who reviewed the article.'
  else if (!candidate) problems.reviewerId = 'The chosen expert does not hold a credential that qualifies for medical reviews. Choose another reviewer.'
  else if (!candidate.eligible) problems.reviewerId = candidate.reason ?? 'The chosen expert cannot review the article. Choose another reviewer.'

  const {today, latest} = reviewDateLimits(context.now, context.options)
  const due = form.nextReviewDue.trim()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(`${due}T00:00:00Z`))) {
    problems.nextReviewDue = 'Enter the date the article is next due for review.'
  } else if (due <= today) {
    problems.nextReviewDue = `The next review must be after today (${today}).`
  } else if (due > latest) {
    problems.nextReviewDue = `The next review may be at most ${context.options.maxReviewIntervalDays} days ahead: on or before ${latest}.`
  }
  if (context.evidenceRequired && !form.evidence.trim()) problems.evidence = EVIDENCE_REQUIRED_MESSAGE
  return problems
}

/* ------------------------------------------------------------------------------------------ */
/* What the review covers.                                                                     */
/* ------------------------------------------------------------------------------------------ */

export interface CoveredItem {
  kind: 'title' | 'dek' | 'block' | 'object' | 'claim'
  /** Block style (normal, h2, ...) or object type. */
  style?: string
  text: string
}

function childrenText(children: unknown): string {
  if (!Array.isArray(children)) return ''
  return children.map((child) => {
    const text = (child as {text?: unknown} | null)?.text
    return typeof text === 'string' || typeof text === 'number' || typeof text === 'boolean' ? String(text) : ''
  }).join('')
}

/**
 * What a reader reads that the review will be pinned to (see reviewFingerprint): with `article`,
 * the title, the dek and every body item; with `claims`, each claim's text.
 */
export function reviewCoverage(article: Pick<ArticleDoc, 'title' | 'dek' | 'body'>, scope: MedicalClaimsOptions['reviewCovers']): CoveredItem[] {
  if (scope === 'claims') return extractClaims(article.body).map((claim) => ({kind: 'claim', text: claim.text}))
  const items: CoveredItem[] = []
  if (typeof article.title === 'string' && article.title) items.push({kind: 'title', text: article.title})
  if (typeof article.dek === 'string' && article.dek) items.push({kind: 'dek', text: article.dek})
  for (const item of Array.isArray(article.body) ? article.body : []) {
    if (!item || typeof item !== 'object') continue
    const loose = item as Record<string, unknown>
    if (loose._type === 'block') {
      items.push({kind: 'block', style: typeof loose.style === 'string' ? loose.style : 'normal', text: childrenText(loose.children)})
    } else {
      const parts = [loose.alt, loose.caption].filter((part): part is string => typeof part === 'string' && part.length > 0)
      items.push({kind: 'object', style: String(loose._type), text: parts.join(' · ')})
    }
  }
  return items
}

/** Which version of the article a review recorded now would cover, in words. */
export function coveredVersion(articleId: string): string {
  if (isVersionId(articleId)) return 'the release version as it reads now'
  if (isDraftId(articleId)) return 'the draft as it reads now (what will be published)'
  return 'the published article as it reads now'
}

/* ------------------------------------------------------------------------------------------ */
/* The review that stands now.                                                                 */
/* ------------------------------------------------------------------------------------------ */

export interface CurrentReview {
  /** The latest review covering the article as it reads now, else the latest recorded; null when none was. */
  review: ReviewDecisionDoc | null
  /** Its reviewer, when a published expert. */
  reviewer?: ExpertDoc
  /** Whether `review` covers the article as it reads now (its fingerprint matches). */
  covers: boolean
  /** The rules' issues about the medical review (why no review counts); empty when one counts. */
  issues: PolicyIssue[]
}

const latestFirst = (a: ReviewDecisionDoc, b: ReviewDecisionDoc) => (a.checkedAt < b.checkedAt ? 1 : a.checkedAt > b.checkedAt ? -1 : 0)

function isReview(decision: DecisionDoc): decision is ReviewDecisionDoc {
  return decision._type === REVIEW_TYPE
}

/** The article's medical review as the Studio shows it: the rules' issues, and the review they are about. */
export function currentReview(
  article: ArticleDoc,
  context: {experts: ReadonlyArray<ExpertDoc>; decisions: ReadonlyArray<DecisionDoc>},
  verdict: Verdict,
  options: MedicalClaimsOptions,
): CurrentReview {
  const articleId = getPublishedId(article._id)
  const reviews = context.decisions.filter((d): d is ReviewDecisionDoc => isDecisionAbout(d, articleId) && isReview(d)).sort(latestFirst)
  const issues = verdict.issues.filter((issue) => issue.code.startsWith('review.'))
  const experts = documentsById(context.experts)
  const reviewerOf = (review: ReviewDecisionDoc) => {
    const ref = review.reviewer?._ref
    return ref ? findDocument(experts, ref, EXPERT_TYPE) : undefined
  }
  const covering = reviews.find((review) => review.fingerprint === reviewFingerprint(article, review.reviewer?._ref, reviewerOf(review), options.reviewCovers))
  const review = covering ?? reviews[0] ?? null
  const reviewer = review ? reviewerOf(review) : undefined
  return {review, ...(reviewer ? {reviewer} : {}), covers: Boolean(covering), issues}
}

/* ------------------------------------------------------------------------------------------ */
/* The document written.                                                                       */
/* ------------------------------------------------------------------------------------------ */

/** A review as the Studio creates it: the lake stamps `checkedAt` (and checks `checkedBy`). */
export type NewReviewDoc = Omit<ReviewDecisionDoc, 'checkedAt'>

export interface ReviewInput {
  /** Any id of the article (published, draft or version): the review names its published id. */
  articleId: string
  /** The article as the recorder sees it: the review is pinned to it. */
  article: Pick<ArticleDoc, 'title' | 'dek' | 'body'>
  reviewer: ExpertDoc
  nextReviewDue: string
  evidence?: string
  recorder: FactChecker
  options: MedicalClaimsOptions
}

/**
 * The `factCheck.review` document to create (pure): pinned with the rules' reviewFingerprint to
 * the article as given, naming the recorder (the signed-in user) in `checkedBy`. Throws when the
 * article cannot be pinned (a field holds something other than text).
 */
export function buildReview(input: ReviewInput, id: string = newDecisionId()): NewReviewDoc {
  const reviewerId = getPublishedId(input.reviewer._id)
  const fingerprint = reviewFingerprint(input.article, reviewerId, input.reviewer, input.options.reviewCovers)
  if (fingerprint === null) {
    throw new Error('This article cannot be pinned for a review: its title, dek or body holds something other than text. Fix the data first.')
  }
  const evidence = input.evidence?.trim()
  return {
    _id: id,
    _type: REVIEW_TYPE,
    article: {_type: 'reference', _ref: getPublishedId(input.articleId), _weak: true},
    reviewer: {_type: 'reference', _ref: reviewerId, _weak: true},
    fingerprint,
    nextReviewDue: input.nextReviewDue.trim(),
    ...(evidence ? {evidence} : {}),
    checkedBy: {
      id: input.recorder.id,
      ...(input.recorder.name ? {name: input.recorder.name} : {}),
      roles: [...(input.recorder.roles ?? [])],
    },
  }
}
