/**
 * What the audit keeps of a dataset while reading it, one document at a time: the articles it
 * audits, experts, citations and fact-check decisions (grouped by article). Which articles it
 * audits is its scope: the published articles of the target types (`published`, the default), or
 * their drafts (`drafts`: each `drafts.<id>` judged as if published now, so only the ids of the
 * published articles are kept). Release versions and other types are counted and dropped (only
 * the ids of articles' release versions are kept, for their history), so a large export streams
 * through with only the documents the rules read held in memory.
 */
import {APPROVAL_TYPE, CITATION_TYPE, DECISION_TYPES, EXPERT_TYPE, REVIEW_TYPE, WITHDRAWAL_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {RELEASE_TYPE, getPublishedId, isDraftId, isPublishedId, isVersionId, referencedId, type DraftId, type PublishedId, type VersionId} from '../plugins/medical-claims/rules/ids.ts'
import {releaseNamesOf} from '../plugins/medical-claims/rules/editors.ts'
import type {ArticleDoc, CitationDoc, DecisionDoc, ExpertDoc} from '../plugins/medical-claims/rules/types.ts'

/** An article (published or draft) as the audit keeps it (the rules' fields plus what a report names). */
export type AuditArticle = ArticleDoc & {slug?: {current?: string}}

/** Which articles the audit judges: the published ones, or the drafts as if they were published now. */
export type AuditScope = 'published' | 'drafts'

/** A `factCheck.withdrawal` record, as the lake writes it. */
export interface WithdrawalDoc {
  _id: string
  article?: {_ref?: string}
  articleTitle?: string
  withdrawnAt?: string
  cause?: {kinds?: string[]; transactionId?: string | null; author?: string}
  reasons?: Array<{code?: string; message?: string}>
}

export class AuditDataset {
  readonly articleTypes: ReadonlySet<string>
  readonly scope: AuditScope
  /** The published articles, by id (kept in the `published` scope only). */
  readonly articles = new Map<string, AuditArticle>()
  /** The drafts of articles, by draft id (kept in the `drafts` scope only). */
  readonly drafts = new Map<DraftId, AuditArticle>()
  /** The ids of every published article read, in either scope. */
  readonly publishedIds = new Set<PublishedId>()
  readonly experts = new Map<string, ExpertDoc>()
  readonly citations = new Map<string, CitationDoc>()
  readonly decisionsByArticle = new Map<string, DecisionDoc[]>()
  /** The lake's records of articles it withdrew from the site (lake/corrections.ts). */
  readonly withdrawals: WithdrawalDoc[] = []
  /** The release versions of each article (not audited, but their authors edited the article). */
  readonly versionsByArticle = new Map<PublishedId, VersionId[]>()
  /**
   * The names of the releases the dataset knows (from release documents and any document's version
   * id): an article's version in one of them may have been discarded, and its authors still edited
   * the article (rules/editors.ts editorHistoryIds).
   */
  readonly releaseNames = new Set<string>()
  /** Every document read, and how many were drafts or release versions (of any type). */
  documents = 0
  unpublished = 0

  constructor(articleTypes: ReadonlyArray<string>, scope: AuditScope = 'published') {
    this.articleTypes = new Set(articleTypes)
    this.scope = scope
  }

  /** How many release versions of articles were read (never audited). */
  articleVersions(): number {
    let count = 0
    for (const list of this.versionsByArticle.values()) count += list.length
    return count
  }

  /** The ids of every fact-check decision read, sorted. */
  decisionIds(): string[] {
    const ids: string[] = []
    for (const list of this.decisionsByArticle.values()) for (const decision of list) ids.push(decision._id)
    return ids.sort()
  }

  /** Takes the ids of release documents (`_.releases.<name>`) or of versions: their release names. */
  addReleaseIds(ids: Iterable<unknown>): void {
    for (const name of releaseNamesOf(ids)) this.releaseNames.add(name)
  }

  /** Takes one document of the dataset (any type, any id). */
  add(value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return
    const doc = value as {_id?: unknown; _type?: unknown}
    if (typeof doc._id !== 'string' || typeof doc._type !== 'string') return
    if (doc._type === RELEASE_TYPE || isVersionId(doc._id)) this.addReleaseIds([doc._id])
    if (doc._type === RELEASE_TYPE) return
    this.documents++
    if (!isPublishedId(doc._id)) {
      this.unpublished++
      if (this.scope === 'drafts' && isDraftId(doc._id) && this.articleTypes.has(doc._type)) this.drafts.set(doc._id, value as AuditArticle)
      else if (isVersionId(doc._id) && this.articleTypes.has(doc._type)) {
        const articleId = getPublishedId(doc._id)
        const list = this.versionsByArticle.get(articleId)
        if (list) list.push(doc._id)
        else this.versionsByArticle.set(articleId, [doc._id])
      }
      return
    }
    if (this.articleTypes.has(doc._type)) {
      this.publishedIds.add(doc._id)
      if (this.scope === 'published') this.articles.set(doc._id, value as AuditArticle)
    } else if (doc._type === EXPERT_TYPE) this.experts.set(doc._id, value as ExpertDoc)
    else if (doc._type === CITATION_TYPE) this.citations.set(doc._id, value as CitationDoc)
    else if (doc._type === WITHDRAWAL_TYPE) this.withdrawals.push(value as WithdrawalDoc)
    else if ((DECISION_TYPES as readonly string[]).includes(doc._type)) {
      const decision = value as DecisionDoc
      const articleId = referencedId(decision.article?._ref)
      if (!articleId) return
      const list = this.decisionsByArticle.get(articleId)
      if (list) list.push(decision)
      else this.decisionsByArticle.set(articleId, [decision])
    }
  }

  /**
   * The published ids of the audited articles (published articles, or the drafts' articles) that
   * have at least one approval or medical review: the ones whose editors matter. A draft's
   * editors are its article's (rules/editors.ts reads the published id, the draft and the
   * release versions), so the history is read by published id in either scope.
   */
  articlesWithApprovals(): PublishedId[] {
    const ids = this.scope === 'drafts' ? [...this.drafts.keys()].map(getPublishedId) : [...this.articles.keys()].map(getPublishedId)
    return [...new Set(ids)].filter((id) => (this.decisionsByArticle.get(id) ?? []).some((d) => d._type === APPROVAL_TYPE || d._type === REVIEW_TYPE)).sort()
  }
}

/** A dataset from a list of documents (tests, small inputs). */
export function datasetOf(documents: Iterable<unknown>, articleTypes: ReadonlyArray<string>, scope: AuditScope = 'published'): AuditDataset {
  const dataset = new AuditDataset(articleTypes, scope)
  for (const doc of documents) dataset.add(doc)
  return dataset
}
