import type {DocumentBadgeComponent, DocumentBadgeDescription, DocumentBadgeProps} from 'sanity'
import {useArticleVerdict} from '../hooks/useArticleVerdict.ts'
import {publishDecision, summarizeVerdict} from '../rules/policy.ts'
import type {MedicalClaimsOptions, Verdict} from '../rules/types.ts'

/**
 * The badge for a verdict (pure): every category of claim at a glance, in the workflow's order
 * ("1 unattributed · 6 need evidence · 2 changed since approval · 8 awaiting fact-check ·
 * 4/21 approved"). Danger while a claim is unattributed or rejected, a warning while anything else
 * blocks, success once every claim is approved and the article is publishable. No claims, no badge.
 */
export function claimsStatusBadge(verdict: Verdict): DocumentBadgeDescription | null {
  const s = summarizeVerdict(verdict)
  if (s.total === 0) return null
  const title = publishDecision(verdict).title
  const verb = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  const parts: string[] = []
  if (s.unattributed) parts.push(`${s.unattributed} unattributed`)
  if (s.needsCredential) parts.push(verb(s.needsCredential, 'needs a credential', 'need a credential'))
  if (s.needsEvidence) parts.push(verb(s.needsEvidence, 'needs evidence', 'need evidence'))
  if (s.rejected) parts.push(`${s.rejected} rejected`)
  if (s.stale) parts.push(`${s.stale} changed since approval`)
  if (s.awaiting - s.stale) parts.push(`${s.awaiting - s.stale} awaiting fact-check`)
  parts.push(`${s.approved}/${s.total} approved`)
  const done = s.approved === s.total && verdict.publishable
  const color = s.unattributed > 0 || s.rejected > 0 ? 'danger' : done ? 'success' : 'warning'
  return {label: parts.join(' · '), color, title}
}

/** Document badge: the state of the article's claims at a glance. */
export function createClaimsStatusBadge(options: MedicalClaimsOptions): DocumentBadgeComponent {
  const useClaimsStatusBadge: DocumentBadgeComponent = (props: DocumentBadgeProps) => {
    const {verdict} = useArticleVerdict(props, options)
    return verdict ? claimsStatusBadge(verdict) : null
  }
  useClaimsStatusBadge.displayName = 'ClaimsStatusBadge'
  return useClaimsStatusBadge
}
