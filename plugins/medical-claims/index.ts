export {FACT_CHECK_TOOL_NAME, medicalClaims} from './plugin.tsx'
export {
  applyClaimRules,
  BODY_FIELD,
  claimRulesValidator,
  CONTEXT_TTL_MS,
  issuesAsValidationErrors,
  VALIDATION_CODE_PREFIX,
} from './schema/articleValidation.ts'
export {factCheckApprovalType} from './schema/factCheckApproval.ts'
export {factCheckRejectionType} from './schema/factCheckRejection.ts'
export {factCheckReviewType} from './schema/factCheckReview.ts'
export {createPublishWithRulesAction, STALE_VALIDATION_TITLE} from './actions/usePublishWithRulesAction.ts'
export {createPublishBlockersAction, PUBLISH_BLOCKERS_LABEL} from './actions/usePublishBlockersAction.tsx'
export {createFactCheckAction} from './actions/useFactCheckAction.tsx'
export {createRecordReviewAction} from './actions/useRecordReviewAction.tsx'
export {RECORD_REVIEW_LABEL, recordReviewActionState} from './actions/recordReview.ts'
export {claimsStatusBadge, createClaimsStatusBadge} from './badges/useClaimsStatusBadge.ts'
export {useDecisionBadge} from './badges/useDecisionBadge.ts'
export {useArticleVerdict, type ArticleVerdictState} from './hooks/useArticleVerdict.ts'
export {
  DECISION_ID_PREFIX,
  buildDecision,
  buildQueue,
  fetchEditors,
  fetchPolicyContext,
  loadFactCheckQueue,
  loadPolicyInput,
  newDecisionId,
  policyInput,
  type PolicyClient,
  type PolicyContext,
  type QueueItem,
} from './data.ts'
export {
  buildReverificationQueue,
  REVERIFY_WITHIN_DAYS,
  verificationDueOn,
  type ReverificationInput,
  type ReverificationItem,
  type ReverificationState,
} from './reverification.ts'
export {countArticlesByExpert, loadReverificationQueue, REVERIFICATION_QUERY} from './reverificationData.ts'
export * from './rules/policy.ts'
export * from './rules/options.ts'
export * from './rules/constants.ts'
export * from './rules/ids.ts'
export * from './rules/editors.ts'
export * from './rules/input.ts'
export type * from './rules/types.ts'
