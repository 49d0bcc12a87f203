/**
 * Takes failing articles off the site through the API, as the local lake does on its own
 * (lake/corrections.ts): per article, one transaction keeps its content as the draft (unless a
 * draft exists already), deletes the published document, and records why (rules/withdrawals.ts).
 * The transaction is pinned to the revision that was judged, so an article fixed and republished
 * meanwhile is left alone, and the record's id is the article and that revision, so withdrawing the
 * same revision twice writes nothing new.
 */
import type {ArticleResult} from '../audit/audit.ts'
import {getDraftId} from '../plugins/medical-claims/rules/ids.ts'
import {type WithdrawalCause, withdrawalRecord} from '../plugins/medical-claims/rules/withdrawals.ts'

/** The part of @sanity/client that withdrawing uses. */
export interface WithdrawClient {
  getDocument<R = Record<string, unknown>>(id: string): Promise<R | undefined>
  mutate(mutations: unknown[], options?: {visibility?: 'sync' | 'async' | 'deferred'; tag?: string}): Promise<unknown>
}

export interface Withdrawn {
  articleId: string
  recordId: string
}

/** The revision-check failed or the article went meanwhile: someone else changed it, and their write is judged on its own. */
function isRaceLost(error: unknown): boolean {
  const status = (error as {statusCode?: unknown} | null)?.statusCode
  return status === 409 || status === 404
}

/** Withdraws each failing article that is still published as judged; returns those it withdrew. */
export async function withdrawArticles(client: WithdrawClient, results: ReadonlyArray<ArticleResult>, cause: WithdrawalCause, now: Date): Promise<Withdrawn[]> {
  const withdrawn: Withdrawn[] = []
  for (const result of results) {
    if (result.status !== 'fail') continue
    const published = await client.getDocument<Record<string, unknown> & {_id: string; _rev: string}>(result.id)
    if (!published) continue
    const record = withdrawalRecord({
      id: `withdrawal-${result.id}-${published._rev}`,
      articleId: result.id,
      title: result.title,
      issues: result.issues.filter((issue) => issue.severity === 'error').map((issue) => ({code: issue.code, message: issue.message, ...(issue.claimKey ? {claimKey: issue.claimKey} : {})})),
      cause,
      withdrawnAt: now.toISOString(),
    })
    const {_rev: _ignored, _createdAt: _c, _updatedAt: _u, ...content} = published
    try {
      await client.mutate(
        [
          {createIfNotExists: {...content, _id: getDraftId(result.id)}},
          // Pins the transaction to the judged revision (an unset of nothing, refused if the revision moved on).
          {patch: {id: result.id, ifRevisionID: published._rev, unset: ['__vouchedGuard']}},
          {delete: {id: result.id}},
          {createIfNotExists: record},
        ],
        {visibility: 'sync', tag: 'vouched.guard.withdraw'},
      )
      withdrawn.push({articleId: result.id, recordId: record._id})
    } catch (error) {
      if (!isRaceLost(error)) throw error
    }
  }
  return withdrawn
}
