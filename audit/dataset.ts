/**
 * What the audit keeps of a dataset while reading it, one document at a time: the published
 * articles of the target types, experts, citations and fact-check decisions (grouped by article).
 * Drafts, release versions and other types are counted and dropped, so a large export streams
 * through with only the documents the rules read held in memory.
 */
import {APPROVAL_TYPE, CITATION_TYPE, EXPERT_TYPE, FACT_CHECK_TYPES} from '../plugins/medical-claims/constants.ts'
import type {ArticleDoc, CitationDoc, ExpertDoc, FactCheckDecisionDoc} from '../plugins/medical-claims/types.ts'

const DRAFTS_PREFIX = 'drafts.'
const VERSIONS_PREFIX = 'versions.'

/** The published id of any id: `drafts.x`, `versions.<release>.x` and `x` all give `x`. */
export function basePublishedId(id: string): string {
  if (id.startsWith(DRAFTS_PREFIX)) return id.slice(DRAFTS_PREFIX.length)
  if (id.startsWith(VERSIONS_PREFIX)) {
    const rest = id.slice(VERSIONS_PREFIX.length)
    const dot = rest.indexOf('.')
    return dot === -1 ? rest : rest.slice(dot + 1)
  }
  return id
}

export function isPublishedId(id: string): boolean {
  return !id.startsWith(DRAFTS_PREFIX) && !id.startsWith(VERSIONS_PREFIX)
}

/** A published article as the audit keeps it (the rules' fields plus what a report names). */
export type AuditArticle = ArticleDoc & {slug?: {current?: string}}

export class AuditDataset {
  readonly articleTypes: ReadonlySet<string>
  readonly articles = new Map<string, AuditArticle>()
  readonly experts = new Map<string, ExpertDoc>()
  readonly citations = new Map<string, CitationDoc>()
  readonly decisionsByArticle = new Map<string, FactCheckDecisionDoc[]>()
  /** Every document read, and how many were drafts or release versions (not audited). */
  documents = 0
  unpublished = 0

  constructor(articleTypes: ReadonlyArray<string>) {
    this.articleTypes = new Set(articleTypes)
  }

  /** Takes one document of the dataset (any type, any id). */
  add(value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return
    const doc = value as {_id?: unknown; _type?: unknown}
    if (typeof doc._id !== 'string' || typeof doc._type !== 'string') return
    this.documents++
    if (!isPublishedId(doc._id)) {
      this.unpublished++
      return
    }
    if (this.articleTypes.has(doc._type)) this.articles.set(doc._id, value as AuditArticle)
    else if (doc._type === EXPERT_TYPE) this.experts.set(doc._id, value as ExpertDoc)
    else if (doc._type === CITATION_TYPE) this.citations.set(doc._id, value as CitationDoc)
    else if ((FACT_CHECK_TYPES as readonly string[]).includes(doc._type)) {
      const decision = value as FactCheckDecisionDoc
      const ref = decision.article?._ref
      if (typeof ref !== 'string' || ref === '') return
      const articleId = basePublishedId(ref)
      const list = this.decisionsByArticle.get(articleId)
      if (list) list.push(decision)
      else this.decisionsByArticle.set(articleId, [decision])
    }
  }

  /** Published articles that have at least one approval: the ones whose editors matter. */
  articlesWithApprovals(): string[] {
    return [...this.articles.keys()].filter((id) => (this.decisionsByArticle.get(id) ?? []).some((d) => d._type === APPROVAL_TYPE)).sort()
  }
}

/** A dataset from a list of documents (tests, small inputs). */
export function datasetOf(documents: Iterable<unknown>, articleTypes: ReadonlyArray<string>): AuditDataset {
  const dataset = new AuditDataset(articleTypes)
  for (const doc of documents) dataset.add(doc)
  return dataset
}
