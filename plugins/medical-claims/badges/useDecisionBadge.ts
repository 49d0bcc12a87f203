import type {DocumentBadgeComponent, DocumentBadgeDescription, DocumentBadgeProps} from 'sanity'
import {APPROVAL_TYPE, REJECTION_TYPE} from '../rules/constants.ts'

/** Document badge of a fact-check decision: "Approved" or "Rejected". */
export const useDecisionBadge: DocumentBadgeComponent = (props: DocumentBadgeProps): DocumentBadgeDescription | null => {
  if (props.type === APPROVAL_TYPE) return {label: 'Approved', color: 'success', title: 'A fact-checker approved this claim.'}
  if (props.type === REJECTION_TYPE) return {label: 'Rejected', color: 'danger', title: 'A fact-checker rejected this claim.'}
  return null
}
useDecisionBadge.displayName = 'DecisionBadge'
