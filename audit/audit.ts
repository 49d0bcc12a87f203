/**
 * The audit: every published article of a dataset judged by the publish rules (evaluateArticle),
 * plus drift. Pure: it takes the documents (an AuditDataset), the editors of each article (from
 * the history API, or null when the source has no history), the moment and the options, and
 * returns a report. One article is judged by judgeArticle, which ./drafts.ts uses too for drafts
 * as if published now. Reading sources and printing live in ./sources.ts and ./format.ts.
 */
import {REVIEW_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {getPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import {buildPolicyInput} from '../plugins/medical-claims/rules/input.ts'
import {resolveOptions} from '../plugins/medical-claims/rules/options.ts'
import {evaluateArticle, utcDay} from '../plugins/medical-claims/rules/policy.ts'
import type {DecisionDoc, IssueCode, IssueSeverity, MedicalClaimsOptions, Path} from '../plugins/medical-claims/rules/types.ts'
import type {AuditArticle, AuditDataset} from './dataset.ts'
import {findDrift, type Drift} from './drift.ts'

/** The code of an article the rules could not read (a field of the wrong type, written around the Studio). */
export const UNREADABLE_CODE = 'article.unreadable'

export interface AuditIssue {
  code: IssueCode | typeof UNREADABLE_CODE
  severity: IssueSeverity
  claimKey?: string
  /** The text the claim covers, so a reader can find it in the article. */
  claimText?: string
  path: Path
  message: string
}

export interface ArticleResult {
  /** The article's id: its published id, or `drafts.<id>` in a drafts audit. */
  id: string
  type: string
  title: string
  slug: string | null
  status: 'pass' | 'fail'
  /** Blocking issues first, then warnings. */
  issues: AuditIssue[]
  drift: Drift[]
  /**
   * Fact-check decisions about this article whose history says someone other than the checker
   * they name wrote them: they do not count (the claims they would approve are judged without them).
   */
  forged: ForgedDecision[]
}

export interface ForgedDecision {
  decisionId: string
  /** The claim the decision is about; null for a medical review. */
  claimKey: string | null
  /** Who the decision says checked the claim (or recorded the review). */
  recordedAs: string
  /** Who the history says wrote it. */
  writtenBy: string[]
}

export interface AuditReport {
  /** The moment the rules were applied at (ISO), and its UTC day. */
  checkedAt: string
  day: string
  /** Where the documents came from, in words. */
  source: string
  /** What was judged: the published articles (a drafts audit is a DraftsReport, ./drafts.ts). */
  scope: 'published'
  /**
   * Whether "the approver did not edit the article" could be checked: it needs the history API,
   * which an export file does not carry.
   */
  editorCheck: 'history' | 'unavailable'
  /** Why the check could not be made, when it could not. */
  editorCheckNote?: string
  /** Documents read; drafts and release versions among them (of any type; a published audit judges neither). */
  documents: number
  unpublished: number
  totals: {articles: number; passing: number; failing: number; drifted: number; errors: number; warnings: number}
  /**
   * Articles the lake withdrew from the site after a correction (a rejection, a revoked
   * credential, a retracted source, or time), newest first.
   */
  withdrawals: WithdrawalResult[]
  /** Failing articles first, then by id. */
  articles: ArticleResult[]
}

export interface WithdrawalResult {
  articleId: string
  title: string
  withdrawnAt: string
  /** What caused it: rejection, revocation, retraction or time. */
  kinds: string[]
  /** Who made the correction (`system` for time). */
  author: string
  /** Whether the article is published again (a new review and publish passed). */
  republished: boolean
  codes: string[]
}

export interface AuditInput {
  dataset: AuditDataset
  /** Editors per published article id; null when the source has no history. */
  editors: ReadonlyMap<string, ReadonlyArray<string>> | null
  /** Why editors are null (shown in the report). */
  editorsNote?: string
  /** Who wrote each decision (history authors); null or absent when the source has no history. */
  decisionAuthors?: ReadonlyMap<string, ReadonlyArray<string>> | null
  /** Authors trusted to write decisions in others' names (the local lake's own seeding). */
  trustedAuthors?: ReadonlyArray<string>
  now: Date | string
  options?: Partial<MedicalClaimsOptions>
  source: string
  /** Called after each article (for progress on large datasets). */
  onArticle?: (done: number, total: number) => void
}

export function auditDataset(input: AuditInput): AuditReport {
  const {dataset} = input
  if (dataset.scope !== 'published') throw new Error('auditDataset judges published articles; a dataset read for drafts goes to auditDrafts (audit/drafts.ts).')
  const context = judgingContext(input)
  const ids = [...dataset.articles.keys()].sort()
  const results: ArticleResult[] = []
  ids.forEach((id, index) => {
    const article = dataset.articles.get(id)
    if (article) results.push(judgeArticle(article, context))
    input.onArticle?.(index + 1, ids.length)
  })
  sortResults(results)
  const all = results.flatMap((r) => r.issues)
  return {
    ...reportHead(input, context.now),
    scope: 'published',
    ...editorCheckOf(input),
    documents: dataset.documents,
    unpublished: dataset.unpublished,
    totals: {
      articles: results.length,
      passing: results.filter((r) => r.status === 'pass').length,
      failing: results.filter((r) => r.status === 'fail').length,
      drifted: results.filter((r) => r.drift.length > 0).length,
      errors: all.filter((i) => i.severity === 'error').length,
      warnings: all.filter((i) => i.severity === 'warning').length,
    },
    withdrawals: withdrawalsOf(dataset),
    articles: results,
  }
}

/** What judging an article needs besides the article: the dataset, the history, the moment and the options. */
export interface JudgingContext {
  dataset: AuditDataset
  editors: AuditInput['editors']
  decisionAuthors: ReadonlyMap<string, ReadonlyArray<string>> | null
  trusted: ReadonlySet<string>
  now: Date
  options: MedicalClaimsOptions
}

/** The context for an input: its options resolved, its moment a Date. */
export function judgingContext(input: AuditInput): JudgingContext {
  return {
    dataset: input.dataset,
    editors: input.editors,
    decisionAuthors: input.decisionAuthors ?? null,
    trusted: new Set(input.trustedAuthors ?? []),
    now: typeof input.now === 'string' ? new Date(input.now) : input.now,
    options: resolveOptions(input.options),
  }
}

/**
 * One article judged by the publish rules: a published article, or a draft as if it were published
 * now. Either way its decisions, editors and the documents it relies on are looked up by its
 * published id (rules/input.ts folds a draft's references onto published ids), so a draft is judged
 * against the published experts, citations and decisions it would rely on once published.
 */
export function judgeArticle(article: AuditArticle, context: JudgingContext): ArticleResult {
  const {dataset, options, now} = context
  const articleId = getPublishedId(article._id)
  const base = {
    id: article._id,
    type: article._type,
    title: (typeof article.title === 'string' && article.title.trim()) || 'Untitled article',
    slug: typeof article.slug?.current === 'string' ? article.slug.current : null,
  }
  let verdict: ReturnType<typeof evaluateArticle>
  let drift: Drift[]
  const {counted, forged} = splitForged(dataset.decisionsByArticle.get(articleId) ?? [], context.decisionAuthors, context.trusted)
  try {
    const policyInput = buildPolicyInput(
      article,
      {get: (ref) => dataset.experts.get(ref) ?? dataset.citations.get(ref), decisions: counted},
      context.editors?.get(articleId) ?? [],
      now,
      options,
    )
    verdict = evaluateArticle(policyInput)
    drift = findDrift(verdict.claims, policyInput.decisions, options)
  } catch (error) {
    // The rules expect the schema's shapes; a document written around the Studio may not have them.
    const detail = error instanceof Error ? error.message : String(error)
    const message = `The publish rules cannot read this article or a document it relies on (${detail}): a field has the wrong type for the schema.`
    return {...base, status: 'fail', issues: [{code: UNREADABLE_CODE, severity: 'error', path: [], message}], drift: [], forged}
  }
  let texts: Map<string, string> | undefined
  const issues: AuditIssue[] = verdict.issues
    .map((issue): AuditIssue => {
      // An article-level issue already has the report's fields, in the report's order.
      if (issue.claimKey === undefined) return issue
      texts ??= new Map(verdict.claims.map((c) => [c.claim.key, c.claim.text]))
      return {code: issue.code, severity: issue.severity, claimKey: issue.claimKey, claimText: texts.get(issue.claimKey) ?? '', path: issue.path, message: issue.message}
    })
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
  return {...base, status: verdict.publishable ? 'pass' : 'fail', issues, drift, forged}
}

/** Failing results first, then by id. */
export function sortResults<T extends ArticleResult>(results: T[]): void {
  results.sort((a, b) => (a.status === b.status ? (a.id < b.id ? -1 : 1) : a.status === 'fail' ? -1 : 1))
}

/** The fields every report starts with: when, and from where. */
export function reportHead(input: Pick<AuditInput, 'source'>, now: Date): Pick<AuditReport, 'checkedAt' | 'day' | 'source'> {
  return {checkedAt: now.toISOString(), day: utcDay(now), source: input.source}
}

/** Whether approvers' edits could be checked (with the history), and why not when not. */
export function editorCheckOf(input: Pick<AuditInput, 'editors' | 'editorsNote'>): Pick<AuditReport, 'editorCheck' | 'editorCheckNote'> {
  return input.editors ? {editorCheck: 'history'} : {editorCheck: 'unavailable', editorCheckNote: input.editorsNote ?? 'no transaction history was given'}
}

/** The lake's withdrawals, newest first. */
export function withdrawalsOf(dataset: AuditDataset): WithdrawalResult[] {
  return dataset.withdrawals
    .map((w) => {
      const articleId = w.article?._ref ?? ''
      return {
        articleId,
        title: w.articleTitle || articleId,
        withdrawnAt: w.withdrawnAt ?? '',
        kinds: w.cause?.kinds ?? [],
        author: w.cause?.author ?? '',
        republished: dataset.publishedIds.has(getPublishedId(articleId)),
        codes: (w.reasons ?? []).map((r) => r.code ?? '').filter(Boolean),
      }
    })
    .sort((a, b) => (a.withdrawnAt < b.withdrawnAt ? 1 : a.withdrawnAt > b.withdrawnAt ? -1 : a.articleId < b.articleId ? -1 : 1))
}

/**
 * Splits an article's decisions into those that count and those the history says were written by
 * someone other than the checker they name (and not by a trusted author). Without history, all count.
 */
function splitForged(
  decisions: ReadonlyArray<DecisionDoc>,
  authors: ReadonlyMap<string, ReadonlyArray<string>> | null,
  trusted: ReadonlySet<string>,
): {counted: DecisionDoc[]; forged: ForgedDecision[]} {
  if (!authors) return {counted: [...decisions], forged: []}
  const counted: DecisionDoc[] = []
  const forged: ForgedDecision[] = []
  for (const decision of decisions) {
    const recordedAs = typeof decision.checkedBy?.id === 'string' ? decision.checkedBy.id : ''
    const writers = authors.get(decision._id) ?? []
    const foreign = writers.filter((author) => author !== recordedAs && !trusted.has(author))
    if (foreign.length === 0) counted.push(decision)
    else forged.push({decisionId: decision._id, claimKey: decision._type === REVIEW_TYPE ? null : decision.claimKey, recordedAs, writtenBy: [...writers]})
  }
  return {counted, forged}
}

/** The exit code for a report: 0 when every article it judged passes (published, or drafts if published now), 1 otherwise. */
export function exitCodeFor(report: {totals: {failing: number}}): 0 | 1 {
  return report.totals.failing > 0 ? 1 : 0
}
