import {TargetIcon} from '@sanity/icons/Target'
import {Badge, Box, Button, Card, Flex, Stack, Text} from '@sanity/ui'
import {useContext} from 'react'
import {DocumentPaneContext} from 'sanity/_singletons'
import type {PolicyContext} from '../data.ts'
import {EXPERT_TYPE} from '../rules/constants.ts'
import {documentsById, findDocument} from '../rules/lookup.ts'
import {publishDecision} from '../rules/policy.ts'
import type {ArticleDoc, ClaimVerdict, MedicalClaimsOptions, Path, PolicyIssue, Verdict} from '../rules/types.ts'
import {ClaimAttribution} from './ClaimAttribution.tsx'
import {ClaimEvidence, ClaimKindPicker, needsEvidence, needsKind} from './ClaimFixes.tsx'
import {CLAIM_STATUS_DISPLAY, expertName} from './display.ts'
import {ReviewStatus} from './ReviewStatus.tsx'

export interface PublishBlockersDialogProps {
  /** The article the verdict is about (shows its medical review); null when not known. */
  article: ArticleDoc | null
  verdict: Verdict
  context: PolicyContext | null
  options: MedicalClaimsOptions
  /** Closes the dialog (after focusing a claim, so the editor sees it). */
  onClose: () => void
}

/** Claims the editor can fix by choosing (another) expert right here. */
function needsExpert(claim: ClaimVerdict): boolean {
  return claim.status === 'needsAttribution' || claim.status === 'needsCredential'
    ? claim.issues.some((issue) => issue.code === 'claim.unattributed' || issue.code === 'claim.expertNotFound' || issue.code.startsWith('expert.'))
    : false
}

/** Focuses a path of the open document the way Studio's validation panel does. */
function focusIn(pane: {onPathOpen: (path: Path) => void; onFocus: (path: Path) => void}, onDone: () => void) {
  return (path: Path) => {
    pane.onPathOpen(path)
    pane.onFocus(path)
    onDone()
  }
}

function ShowButton({path, focus, claimKey}: {path: Path; focus: ((path: Path) => void) | null; claimKey?: string}) {
  // An article-level issue (path []) has no field to take the editor to.
  if (!focus || path.length === 0) return null
  return (
    <Button
      text={claimKey ? 'Show claim' : 'Show'}
      mode="ghost"
      icon={TargetIcon}
      fontSize={1}
      padding={2}
      onClick={() => focus(path)}
      data-testid="focus-claim-button"
      data-claim-key={claimKey}
    />
  )
}

const isReviewIssue = (issue: PolicyIssue) => issue.code.startsWith('review.')

/**
 * Every reason the article cannot be published: each failing claim, the medical review, then other
 * article-level issues. Inside a document pane the editor fixes a claim in place: its kind, its
 * expert, its sources (add one, remove a retracted or deleted one).
 */
export function PublishBlockersDialog({article, verdict, context, options, onClose}: PublishBlockersDialogProps) {
  // Outside a document pane there is nothing to focus or patch: those controls are not shown.
  const pane = useContext(DocumentPaneContext)
  const focus = pane ? focusIn(pane, onClose) : null
  const decision = publishDecision(verdict)
  const failingClaims = verdict.claims.filter((claim) => claim.issues.some((issue) => issue.severity === 'error'))
  const reviewIssues = verdict.issues.filter((issue) => !issue.claimKey && isReviewIssue(issue))
  // The medical review has a section of its own when it can be shown with its facts.
  const showReview = Boolean(article && context)
  const articleIssues = verdict.issues.filter((issue) => !issue.claimKey && !(showReview && isReviewIssue(issue)))
  const blockingArticleIssues = articleIssues.filter((issue) => issue.severity === 'error')
  const warnings = articleIssues.filter((issue) => issue.severity === 'warning')
  const experts = context ? documentsById(context.experts) : undefined
  const expertOf = (claim: ClaimVerdict) => {
    if (!claim.claim.expertId) return 'Not attributed to an expert'
    return expertName(experts ? findDocument(experts, claim.claim.expertId, EXPERT_TYPE) : undefined)
  }

  return (
    <Stack gap={4} data-testid="publish-blockers-dialog">
      <Text size={1} data-testid="publish-blockers-title">
        {decision.title}
      </Text>
      {failingClaims.length > 0 ? (
        <Stack gap={3}>
          <Text size={1} weight="semibold">
            Claims ({failingClaims.length})
          </Text>
          {failingClaims.map((claim) => (
            <Card
              key={claim.claim.key}
              padding={3}
              radius={2}
              border
              tone="critical"
              data-testid="publish-blocker-claim"
              data-claim-key={claim.claim.key}
            >
              <Stack gap={3}>
                <Flex gap={2} align="center">
                  <Badge tone={CLAIM_STATUS_DISPLAY[claim.status].tone}>{CLAIM_STATUS_DISPLAY[claim.status].title}</Badge>
                  <Text size={1} muted>
                    {expertOf(claim)}
                  </Text>
                </Flex>
                <Text size={2} weight="medium">
                  “{claim.claim.text || '(empty claim)'}”
                </Text>
                <Stack gap={2}>
                  {claim.issues
                    .filter((issue) => issue.severity === 'error')
                    .map((issue, index) => (
                      <Text key={`${issue.code}-${index}`} size={1} data-issue-code={issue.code}>
                        {issue.message}
                      </Text>
                    ))}
                </Stack>
                {pane && needsKind(claim) ? <ClaimKindPicker claim={claim} onPatch={pane.onChange} /> : null}
                {pane && needsExpert(claim) ? <ClaimAttribution claim={claim} options={options} onPatch={pane.onChange} /> : null}
                {pane && needsEvidence(claim) ? <ClaimEvidence claim={claim} article={article} citations={context?.citations ?? []} onPatch={pane.onChange} /> : null}
                <Flex>
                  <ShowButton path={claim.claim.path} focus={focus} claimKey={claim.claim.key} />
                </Flex>
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : null}
      {article && context && (reviewIssues.length > 0 || options.requireMedicalReview) ? (
        <ReviewStatus article={article} context={context} verdict={verdict} options={options} />
      ) : null}
      {blockingArticleIssues.length > 0 ? <IssueList title="Article" issues={blockingArticleIssues} focus={focus} tone="critical" /> : null}
      {warnings.length > 0 ? <IssueList title="Warnings (do not block publishing)" issues={warnings} focus={focus} tone="caution" /> : null}
    </Stack>
  )
}

function IssueList({title, issues, focus, tone}: {title: string; issues: PolicyIssue[]; focus: ((path: Path) => void) | null; tone: 'critical' | 'caution'}) {
  return (
    <Stack gap={3}>
      <Text size={1} weight="semibold">
        {title}
      </Text>
      {issues.map((issue, index) => (
        <Card key={`${issue.code}-${index}`} padding={3} radius={2} border tone={tone} data-testid="publish-blocker-issue" data-issue-code={issue.code}>
          <Flex gap={3} align="center">
            <Box flex={1}>
              <Text size={1}>{issue.message}</Text>
            </Box>
            <ShowButton path={issue.path} focus={focus} />
          </Flex>
        </Card>
      ))}
    </Stack>
  )
}
