import type {DocumentBadgeComponent, DocumentBadgeDescription, DocumentBadgeProps} from 'sanity'
import {APPROVAL_TYPE, REJECTION_TYPE, REVIEW_TYPE} from '../rules/constants.ts'

/** Document badge of a decision: "Approved", "Rejected" or "Medical review". */
export const useDecisionBadge: DocumentBadgeComponent = (props: DocumentBadgeProps): DocumentBadgeDescription | null => {
  if (props.type === APPROVAL_TYPE) return {label: 'Approved', color: 'success', title: 'A fact-checker approved this claim.'}
  if (props.type === REJECTION_TYPE) return {label: 'Rejected', color: 'danger', title: 'A fact-checker rejected this claim.'}
  if (props.type === REVIEW_TYPE) return {label: 'Medical review', color: 'primary', title: 'A medical review of an article, pinned to its text when it was reviewed.'}
  return null
}
useDecisionBadge.displayName = 'DecisionBadge'
