import {Card, Stack, Text} from '@sanity/ui'
import {useMemo} from 'react'
import type {PolicyContext} from '../data.ts'
import {factCheckPermission, summarizeVerdict} from '../rules/policy.ts'
import type {ArticleDoc, ClaimStatus, MedicalClaimsOptions, Verdict} from '../rules/types.ts'
import {useUserRoles} from '../hooks/useUserRoles.ts'
import {ClaimCard} from './ClaimCard.tsx'
import {DecisionControls} from './DecisionControls.tsx'
import {ReviewStatus} from './ReviewStatus.tsx'

export interface FactCheckPanelProps {
  articleId: string
  /** The article as it reads now, to show its medical review; left out, the review is not shown. */
  article?: ArticleDoc | null
  verdict: Verdict
  context: PolicyContext
  options: MedicalClaimsOptions
  onDecided: () => void
}

/** Claims a fact-checker can decide on: the rest must first be fixed by the editor. */
const DECIDABLE: ReadonlyArray<ClaimStatus> = ['awaitingFactCheck', 'approved', 'rejected']

/**
 * The article's medical review, then every claim of the article with its expert, credentials,
 * sources, state and reasons. The Approve and Reject buttons appear only for a user the rules
 * allow to fact-check this article.
 */
export function FactCheckPanel({articleId, article, verdict, context, options, onDecided}: FactCheckPanelProps) {
  const {user, roles} = useUserRoles(options)
  const permission = useMemo(
    () => factCheckPermission({userId: user?.id, roles, editors: context.editors, options}),
    [user, roles, context.editors, options],
  )
  const summary = summarizeVerdict(verdict)
  const now = useMemo(() => new Date(), [])

  return (
    <Stack gap={3} data-testid="fact-check-panel">
      <Text size={1} muted data-testid="fact-check-summary">
        {summary.total === 0
          ? 'This article has no marked medical claims.'
          : `${summary.approved} of ${summary.total} claims approved · ${summary.awaiting} awaiting fact-check · ${summary.rejected} rejected`}
      </Text>
      {article ? <ReviewStatus article={article} context={context} verdict={verdict} options={options} /> : null}
      {!permission.allowed && permission.reason ? (
        <Card padding={3} radius={2} tone="caution" data-testid="fact-check-permission">
          <Text size={1}>{permission.reason}</Text>
        </Card>
      ) : null}
      {verdict.claims.map((claim) => (
        <ClaimCard key={claim.claim.key} claim={claim} experts={context.experts} citations={context.citations} now={now} options={options}>
          {permission.allowed && user ? (
            DECIDABLE.includes(claim.status) ? (
              <DecisionControls articleId={articleId} claim={claim} checker={user} onDecided={onDecided} />
            ) : (
              <Text size={1} muted>
                The editor must fix the issues above before this claim can be fact-checked.
              </Text>
            )
          ) : null}
        </ClaimCard>
      ))}
    </Stack>
  )
}
