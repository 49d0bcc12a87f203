/**
 * The publish rules on a hosted project, where the Content Lake accepts any write: what the
 * Blueprint's Functions run (sanity.blueprint.ts, functions/).
 *
 * - `guardAfterWrite`: after any write, the published articles the written document bears on
 *   (./affected.ts) are judged as the audit judges them (./judge.ts), and each that fails is
 *   withdrawn: unpublished with its content kept as the draft, and a withdrawal record saying why
 *   (./withdraw.ts).
 * - `sweepPublished`: every published article judged at this moment, for what time alone breaks
 *   (a credential's expiry, a review falling due, a verification growing old).
 *
 * Both are idempotent, and the documents they write (the withdrawal record, the unpublished
 * article) bear on nothing they would check again, so they cannot start themselves in a loop.
 */
import type {ArticleResult} from '../audit/audit.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import {affectedBy, type WrittenDocument} from './affected.ts'
import {type GuardClient, judgePublished} from './judge.ts'
import {type WithdrawClient, type Withdrawn, withdrawArticles} from './withdraw.ts'

export {GUARD_PROJECTION} from './affected.ts'

export type GuardApi = GuardClient & WithdrawClient

export interface GuardOutcome {
  /** The published articles judged. */
  checked: string[]
  withdrawn: Withdrawn[]
  /** Articles that failed but were changed again before they could be withdrawn (that write is judged on its own). */
  failing: ArticleResult[]
}

export interface GuardOptions {
  options: MedicalClaimsOptions
  now?: Date
  /** Who caused the check, for the withdrawal record (the Function's event has no author). */
  author?: string
  /** Authors trusted to have written decisions in others' names (guard/judge.ts). */
  trustedAuthors?: ReadonlyArray<string>
}

async function judgeAndWithdraw(client: GuardApi, ids: string[] | 'all', kinds: string[], {options, now = new Date(), author = 'vouched-guard', trustedAuthors = []}: GuardOptions): Promise<GuardOutcome> {
  if (ids !== 'all' && ids.length === 0) return {checked: [], withdrawn: [], failing: []}
  const results = await judgePublished(client, ids, {now, options, trustedAuthors})
  const failing = results.filter((r) => r.status === 'fail')
  const withdrawn = await withdrawArticles(client, failing, {kinds, transactionId: null, author}, now)
  return {checked: results.map((r) => r.id), withdrawn, failing: failing.filter((f) => !withdrawn.some((w) => w.articleId === f.id))}
}

/** After a write to `doc` (the guard Function's projection of it): withdraws the published articles it broke. */
export async function guardAfterWrite(client: GuardApi, doc: WrittenDocument, guard: GuardOptions): Promise<GuardOutcome> {
  const affected = affectedBy(doc, guard.options)
  if (affected.kind === 'none') return {checked: [], withdrawn: [], failing: []}
  const ids = affected.kind === 'articles' ? affected.ids : await client.fetch<string[]>(affected.query, affected.params, {perspective: 'raw', tag: 'vouched.guard'})
  return judgeAndWithdraw(client, ids, ['write'], guard)
}

/** Judges every published article now and withdraws those that fail (what the scheduled Function runs). */
export function sweepPublished(client: GuardApi, guard: GuardOptions): Promise<GuardOutcome> {
  return judgeAndWithdraw(client, 'all', ['time'], guard)
}
