/**
 * Drift: a published claim that a fact-checker approved, but in another form. Its fingerprint
 * (expert | citations | text) changed after the approval and no approval covers what is
 * published now: someone edited the article around the Studio, or published a different version.
 */
import {APPROVAL_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import type {ClaimVerdict, FactCheckDecisionDoc, MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'

export type DriftPart = 'expert' | 'citations' | 'text'

export interface Drift {
  claimKey: string
  claimText: string
  /** When the latest approval of an earlier form was given, and by whom. */
  approvedAt: string
  approvedBy: string
  /** What differs between the approved form and the published one. */
  changed: DriftPart[]
  approvedFingerprint: string
  currentFingerprint: string
}

/** Splits a fingerprint into its parts (ids contain no `|`; the text may). */
export function parseFingerprint(fingerprint: string): {expert: string; citations: string; text: string} {
  const first = fingerprint.indexOf('|')
  if (first === -1) return {expert: '', citations: '', text: fingerprint}
  const second = fingerprint.indexOf('|', first + 1)
  if (second === -1) return {expert: fingerprint.slice(0, first), citations: fingerprint.slice(first + 1), text: ''}
  return {expert: fingerprint.slice(0, first), citations: fingerprint.slice(first + 1, second), text: fingerprint.slice(second + 1)}
}

export function changedParts(before: string, after: string): DriftPart[] {
  const a = parseFingerprint(before)
  const b = parseFingerprint(after)
  return (['expert', 'citations', 'text'] as const).filter((part) => a[part] !== b[part])
}

/** The drift of each claim of a published article, from its verdict and its decisions. */
export function findDrift(
  claims: ReadonlyArray<ClaimVerdict>,
  decisions: ReadonlyArray<FactCheckDecisionDoc>,
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
