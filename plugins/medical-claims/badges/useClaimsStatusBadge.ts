import type {DocumentBadgeComponent, DocumentBadgeDescription, DocumentBadgeProps} from 'sanity'
import {useArticleVerdict} from '../hooks/useArticleVerdict.ts'
import {publishDecision, summarizeVerdict} from '../rules/policy.ts'
import type {MedicalClaimsOptions, Verdict} from '../rules/types.ts'

/**
 * The badge for a verdict (pure): unattributed claims first ("2 unattributed", danger), then
 * rejected ones ("1 rejected", danger), else the approval count ("5/7 approved": warning until
 * every claim is approved and the article is publishable, then success). No claims, no badge.
 */
export function claimsStatusBadge(verdict: Verdict): DocumentBadgeDescription | null {
  const summary = summarizeVerdict(verdict)
  if (summary.total === 0) return null
  const title = publishDecision(verdict).title
  if (summary.unattributed > 0) return {label: `${summary.unattributed} unattributed`, color: 'danger', title}
  if (summary.rejected > 0) return {label: `${summary.rejected} rejected`, color: 'danger', title}
  const done = summary.approved === summary.total && verdict.publishable
  return {label: `${summary.approved}/${summary.total} approved`, color: done ? 'success' : 'warning', title}
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
