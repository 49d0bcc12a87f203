/**
 * Corrections always land. A fact-checker's rejection, a revoked credential, a retracted
 * source and a newly disclosed conflict of interest record something true about the world, so the lake never refuses them for breaking a
 * published article: it records the correction and, atomically with it, withdraws every published
 * article that no longer passes (see Lake.write). Time is a correction too: when a credential
 * expires or a review falls due, the lake withdraws what depended on it (Lake.sweep).
 *
 * A withdrawal is a transaction of its own by the lake (author `system`, so the correcting user
 * does not become an editor of the articles), committed in the same SQLite transaction as the
 * correction: the published article is deleted, its content kept as the draft (an existing draft
 * is left as it is), and a `factCheck.withdrawal` document says which article, why (the rules'
 * issues), and which correction caused it.
 *
 * Any other write that would break a published article is still refused.
 */
import {CITATION_TYPE, EXPERT_TYPE, REJECTION_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {getDraftId, isPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import {type WithdrawalCause as SharedCause, withdrawalRecord} from '../plugins/medical-claims/rules/withdrawals.ts'
import type {Doc} from './dataset.ts'
import {stableJson} from './stable.ts'
import type {ArticleViolation} from './enforce.ts'
import type {Change, TxBuilder} from './transaction.ts'

export type CorrectionKind = 'rejection' | 'revocation' | 'retraction' | 'disclosure' | 'time'

const SYSTEM_FIELDS = new Set(['_rev', '_createdAt', '_updatedAt'])
const stableOf = (value: unknown): string => stableJson(value, SYSTEM_FIELDS)


const without = (doc: Doc, fields: string[]): Record<string, unknown> => Object.fromEntries(Object.entries(doc).filter(([key]) => !fields.includes(key)))

/** A citation change that only marks it retracted (with its notice). */
function isRetraction(before: Doc, after: Doc): boolean {
  if (after.retracted !== true || before.retracted === true) return false
  const fields = ['retracted', 'retractionNotice', 'retractionUrl']
  return stableOf(without(before, fields)) === stableOf(without(after, fields))
}

/** An expert change that only revokes credentials (same credentials, verifications set to revoked). */
function isRevocation(before: Doc, after: Doc): boolean {
  const a = Array.isArray(before.credentials) ? (before.credentials as Array<Record<string, unknown>>) : []
  const b = Array.isArray(after.credentials) ? (after.credentials as Array<Record<string, unknown>>) : []
  if (a.length !== b.length || stableOf(without(before, ['credentials'])) !== stableOf(without(after, ['credentials']))) return false
  let revoked = false
  for (let i = 0; i < a.length; i++) {
    const {verification: va, ...ca} = a[i] ?? {}
    const {verification: vb, ...cb} = b[i] ?? {}
    if (stableOf(ca) !== stableOf(cb)) return false
    if (stableOf(va) === stableOf(vb)) continue
    if ((vb as {status?: unknown} | undefined)?.status !== 'revoked') return false
    revoked = true
  }
  return revoked
}

/** An expert change that only adds conflict-of-interest disclosures (every earlier one kept as it was). */
function isDisclosure(before: Doc, after: Doc): boolean {
  const a = Array.isArray(before.disclosures) ? (before.disclosures as unknown[]) : []
  const b = Array.isArray(after.disclosures) ? (after.disclosures as unknown[]) : []
  if (b.length <= a.length || stableOf(without(before, ['disclosures'])) !== stableOf(without(after, ['disclosures']))) return false
  const kept = new Set(b.map((d) => stableOf(d)))
  return a.every((d) => kept.has(stableOf(d)))
}

/** What kind of correction a change is, or null when it is not one. */
export function correctionKind(change: Change): CorrectionKind | null {
  const {before, after} = change
  if (!after) return null
  if (after._type === REJECTION_TYPE && (!before || before._type === REJECTION_TYPE)) return 'rejection'
  if (!before || before._type !== after._type) return null
  if (after._type === CITATION_TYPE && isRetraction(before, after)) return 'retraction'
  if (after._type === EXPERT_TYPE && isRevocation(before, after)) return 'revocation'
  if (after._type === EXPERT_TYPE && isDisclosure(before, after)) return 'disclosure'
  return null
}

/**
 * The kinds of correction a transaction makes, when every change it makes to a published document
 * is a correction (a correction sent with other changes is judged as a whole, like any write);
 * null otherwise. Its changes to drafts and release versions reach no reader, so they neither
 * make a correction nor spoil one: the Studio revokes a credential by editing the expert's draft
 * (the revocation lands on the published expert, lake/provenance.ts), and publishes a retraction
 * by deleting the citation's draft.
 */
export function correctionKinds(changes: ReadonlyArray<Change>): CorrectionKind[] | null {
  const published = changes.filter((change) => isPublishedId(change.id))
  if (published.length === 0) return null
  const kinds = new Set<CorrectionKind>()
  for (const change of published) {
    const kind = correctionKind(change)
    if (!kind) return null
    kinds.add(kind)
  }
  return [...kinds]
}

/** What broke the articles the lake withdraws: corrections of these kinds (or time), by a transaction and its author. */
export type WithdrawalCause = SharedCause & {kinds: CorrectionKind[]}

/** Withdraws each article into `tx`: the published document goes, its content stays as the draft, and a withdrawal record says why. */
export function withdraw(tx: TxBuilder, violations: ReadonlyArray<ArticleViolation>, cause: WithdrawalCause, now: string): void {
  for (const violation of violations) {
    const published = tx.get(violation.articleId)
    if (!published) continue
    const draftId = getDraftId(violation.articleId)
    if (!tx.get(draftId)) tx.put(draftId, {...published, _id: draftId}, false)
    tx.put(violation.articleId, null, false)
    const record = withdrawalRecord({
      id: `withdrawal-${violation.articleId}-${tx.id}`,
      articleId: violation.articleId,
      title: violation.title,
      issues: violation.issues,
      ...(violation.unreadable ? {unreadable: violation.unreadable} : {}),
      cause,
      withdrawnAt: now,
    })
    tx.put(record._id, record as unknown as Doc, false)
  }
}

