/**
 * Drift: a published claim that a fact-checker approved, but in another form. Its fingerprint
 * (kind, expert, text, paragraph and sources: plugins/medical-claims/rules/fingerprints.ts)
 * changed after the approval and no approval covers what is published now: someone edited the
 * article around the Studio, or published a different version.
 */
import {APPROVAL_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {parseClaimFingerprint} from '../plugins/medical-claims/rules/fingerprints.ts'
import type {ClaimVerdict, DecisionDoc, FactCheckDecisionDoc, MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'

export type DriftPart = 'kind' | 'expert' | 'citations' | 'text' | 'paragraph'

export interface Drift {
  claimKey: string
  claimText: string
  /** When the latest approval of an earlier form was given, and by whom. */
  approvedAt: string
  approvedBy: string
  /** What differs between the approved form and the published one. */
  changed: DriftPart[]
  approvedFingerprint: string
  /** Null when the claim cannot be pinned (a field it covers holds something other than text). */
  currentFingerprint: string | null
}

/** What differs between two claim fingerprints; `paragraph` only when the claim's own text did not change. */
export function changedParts(before: string, after: string | null): DriftPart[] {
  const a = parseClaimFingerprint(before)
  const b = after === null ? null : parseClaimFingerprint(after)
  if (!a || !b) return []
  const changed: DriftPart[] = []
  if (a.kind !== b.kind || a.topic !== b.topic) changed.push('kind')
  if (a.expertId !== b.expertId || a.expertName !== b.expertName) changed.push('expert')
  if (JSON.stringify(a.citations) !== JSON.stringify(b.citations)) changed.push('citations')
  if (a.text !== b.text) changed.push('text')
  else if (a.context !== b.context) changed.push('paragraph')
  return changed
}

/** The drift of each claim of a published article, from its verdict and its decisions. */
export function findDrift(
  claims: ReadonlyArray<ClaimVerdict>,
  decisions: ReadonlyArray<DecisionDoc>,
  options: Pick<MedicalClaimsOptions, 'factCheckerRoles'>,
): Drift[] {
  const drift: Drift[] = []
  const approvalsByClaim = new Map<string, FactCheckDecisionDoc[]>()
  for (const d of decisions) {
    if (d._type !== APPROVAL_TYPE) continue
    const list = approvalsByClaim.get(d.claimKey)
    if (list) list.push(d)
    else approvalsByClaim.set(d.claimKey, [d])
  }
  for (const verdict of claims) {
    const approvals = (approvalsByClaim.get(verdict.claim.key) ?? []).filter((d) => (d.checkedBy?.roles ?? []).some((role) => options.factCheckerRoles.includes(role)))
    if (approvals.length === 0 || approvals.some((d) => d.fingerprint === verdict.fingerprint)) continue
    const latest = approvals.reduce((a, b) => (String(b.checkedAt ?? '') > String(a.checkedAt ?? '') ? b : a))
    drift.push({
      claimKey: verdict.claim.key,
      claimText: verdict.claim.text,
      approvedAt: latest.checkedAt ?? '',
      approvedBy: latest.checkedBy?.name?.trim() || latest.checkedBy?.id || 'unknown',
      changed: changedParts(latest.fingerprint ?? '', verdict.fingerprint),
      approvedFingerprint: latest.fingerprint ?? '',
      currentFingerprint: verdict.fingerprint,
    })
  }
  return drift
}
