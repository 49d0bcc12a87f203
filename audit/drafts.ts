/**
 * The drafts audit (`npm run audit -- <source> --drafts`): every article draft (`drafts.<id>`)
 * judged as if it were published now. The draft's content is the article; what it relies on is
 * what it would rely on once published: the published experts, citations and fact-check decisions
 * (found by the draft's published id, as the lake and the Publish action find them), and the
 * editors of the article (its published document, its draft and its release versions). Release
 * versions (`versions.<release>.<id>`) are not audited. Pure, like ./audit.ts.
 */
import {getPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import {editorCheckOf, judgeArticle, judgingContext, reportHead, sortResults, withdrawalsOf, type ArticleResult, type AuditInput, type AuditReport} from './audit.ts'

/** What a draft's verdict means, in the report's words. */
export const DRAFT_VERDICTS = {pass: 'would pass if published now', fail: 'would fail if published now'} as const

/** How drafts are judged, in the report's words. */
export const DRAFTS_JUDGED = 'as if published now: each draft’s content against the published experts, citations and fact-check decisions'

export interface DraftResult extends ArticleResult {
  /** The article the draft would publish as. */
  publishedId: string
  /** Whether that article is published today (a draft of a new article has no published version). */
  hasPublishedVersion: boolean
  /** `status` in words: whether publishing the draft now would pass. */
  verdict: (typeof DRAFT_VERDICTS)[keyof typeof DRAFT_VERDICTS]
}

export interface DraftsReport extends Omit<AuditReport, 'scope' | 'totals' | 'articles'> {
  /** What was judged: the drafts of articles, as if published now. */
  scope: 'drafts'
  judged: typeof DRAFTS_JUDGED
  /** Release versions of articles read (`versions.*`): not audited. */
  releaseVersions: number
  totals: {drafts: number; passing: number; failing: number; neverPublished: number; drifted: number; errors: number; warnings: number}
  /** Drafts that would fail first, then by id. */
  drafts: DraftResult[]
}

/** Judges every draft of the dataset (read with scope `drafts`) as if it were published now. */
export function auditDrafts(input: AuditInput): DraftsReport {
  const {dataset} = input
  if (dataset.scope !== 'drafts') throw new Error('auditDrafts judges drafts; read the dataset with scope "drafts" (new AuditDataset(types, "drafts")).')
  const context = judgingContext(input)
  const ids = [...dataset.drafts.keys()].sort()
  const results: DraftResult[] = []
  ids.forEach((id, index) => {
    const draft = dataset.drafts.get(id)
    if (draft) {
      const result = judgeArticle(draft, context)
      const publishedId = getPublishedId(id)
      results.push({...result, publishedId, hasPublishedVersion: dataset.publishedIds.has(publishedId), verdict: DRAFT_VERDICTS[result.status]})
    }
    input.onArticle?.(index + 1, ids.length)
  })
  sortResults(results)
  const all = results.flatMap((r) => r.issues)
  return {
    ...reportHead(input, context.now),
    scope: 'drafts',
    judged: DRAFTS_JUDGED,
    ...editorCheckOf(input),
    documents: dataset.documents,
    unpublished: dataset.unpublished,
    releaseVersions: dataset.articleVersions(),
    totals: {
      drafts: results.length,
      passing: results.filter((r) => r.status === 'pass').length,
      failing: results.filter((r) => r.status === 'fail').length,
      neverPublished: results.filter((r) => !r.hasPublishedVersion).length,
      drifted: results.filter((r) => r.drift.length > 0).length,
      errors: all.filter((i) => i.severity === 'error').length,
      warnings: all.filter((i) => i.severity === 'warning').length,
    },
    withdrawals: withdrawalsOf(dataset),
    drafts: results,
  }
}
