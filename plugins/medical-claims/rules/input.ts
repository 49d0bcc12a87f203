/**
 * The rules' input for one article: which documents it refers to, and the PolicyInput built from
 * the article and what a door read for it. Every door builds its input here and only reads
 * differently: the Studio with one GROQ query, the lake from its own state inside a write, the
 * audit from the export it streamed.
 */
import {CITATION_TYPE, DECISION_TYPES, EXPERT_TYPE, REVIEW_TYPE} from './constants.ts'
import {getPublishedId, isPublishedId, isVersionId, referencedId, type PublishedId, type VersionId} from './ids.ts'
import {extractClaims} from './policy.ts'
import type {ArticleDoc, CitationDoc, DecisionDoc, ExpertDoc, MedicalClaimsOptions, PolicyInput} from './types.ts'

/**
 * Ids an article relies on: the experts and citations of its claims, and the reviewers its medical
 * reviews name, when the reviews are given (sorted; a reference to a draft's id names nothing,
 * ids.ts referencedId).
 */
export interface ArticleRefs {
  articleId: PublishedId
  /** The release version the refs were read from, when they were read from one (its history counts too). */
  versionId?: VersionId
  expertIds: PublishedId[]
  citationIds: PublishedId[]
}

export function articleRefs(article: Pick<ArticleDoc, '_id' | 'body'>, decisions: Iterable<DecisionDoc> = []): ArticleRefs {
  const expertIds = new Set<PublishedId>()
  const citationIds = new Set<PublishedId>()
  for (const claim of extractClaims(article.body)) {
    const expertId = referencedId(claim.expertId)
    if (expertId) expertIds.add(expertId)
    for (const ref of claim.citationIds) {
      const id = referencedId(ref)
      if (id) citationIds.add(id)
    }
  }
  for (const decision of decisions) {
    const reviewer = decision._type === REVIEW_TYPE ? referencedId(decision.reviewer?._ref) : undefined
    if (reviewer) expertIds.add(reviewer)
  }
  return {
    articleId: getPublishedId(article._id),
    ...(isVersionId(article._id) ? {versionId: article._id} : {}),
    expertIds: [...expertIds].sort(),
    citationIds: [...citationIds].sort(),
  }
}

/** The article as the rules see it: a release version's id is folded onto the published id, so decisions match. */
export function articleForRules<T extends ArticleDoc>(article: T): T {
  return isVersionId(article._id) ? {...article, _id: getPublishedId(article._id)} : article
}

/** What a door read for an article. */
export interface ArticleDocuments {
  /** The published document with this id, when there is one. */
  get(id: PublishedId): unknown
  /** Fact-check decisions and medical reviews that may be about the article; the others are left out here. */
  decisions: Iterable<unknown>
}

const DECISION_TYPE_SET: ReadonlySet<string> = new Set(DECISION_TYPES)

function typed<T>(value: unknown, type: string): T | null {
  return typeof value === 'object' && value !== null && (value as {_type?: unknown})._type === type ? (value as T) : null
}

/** Whether a document is a published decision (on a claim, or a medical review) about the article with this published id. */
export function isDecisionAbout(value: unknown, articleId: string): value is DecisionDoc {
  if (typeof value !== 'object' || value === null) return false
  const doc = value as {_id?: unknown; _type?: unknown; article?: {_ref?: unknown} | null}
  return (
    typeof doc._id === 'string' &&
    isPublishedId(doc._id) &&
    typeof doc._type === 'string' &&
    DECISION_TYPE_SET.has(doc._type) &&
    doc.article?._ref === articleId
  )
}

/**
 * The rules' input for an article: the published decisions whose article reference is its
 * published id, the experts and citations it and its reviews refer to (published documents of
 * those types), its editors,
 * the moment and the options. Pure; `extractClaims` may throw on a body of the wrong shape.
 */
export function buildPolicyInput(
  article: ArticleDoc,
  documents: ArticleDocuments,
  editors: ReadonlyArray<string>,
  now: Date | string,
  options?: Partial<MedicalClaimsOptions>,
): PolicyInput {
  const decisions: DecisionDoc[] = []
  for (const doc of documents.decisions) if (isDecisionAbout(doc, getPublishedId(article._id))) decisions.push(doc)
  const refs = articleRefs(article, decisions)
  const experts: ExpertDoc[] = []
  for (const id of refs.expertIds) {
    const doc = typed<ExpertDoc>(documents.get(id), EXPERT_TYPE)
    if (doc) experts.push(doc)
  }
  const citations: CitationDoc[] = []
  for (const id of refs.citationIds) {
    const doc = typed<CitationDoc>(documents.get(id), CITATION_TYPE)
    if (doc) citations.push(doc)
  }
  return {
    article: articleForRules(article),
    experts,
    citations,
    decisions,
    editors: [...editors],
    now,
    ...(options ? {options} : {}),
  }
}
