import {Badge, Card, Flex, Stack, Text} from '@sanity/ui'
import {currentReview} from '../actions/recordReview.ts'
import type {PolicyContext} from '../data.ts'
import type {ArticleDoc, MedicalClaimsOptions, Verdict} from '../rules/types.ts'
import {expertName} from './display.ts'

export interface ReviewStatusProps {
  /** The article as it reads now (the version the verdict is about). */
  article: ArticleDoc
  context: Pick<PolicyContext, 'experts' | 'decisions'>
  verdict: Verdict
  options: MedicalClaimsOptions
}

type ReviewState = 'counts' | 'notCounting' | 'missing' | 'notRequired'

const STATE_DISPLAY: Record<ReviewState, {badge: string; tone: 'positive' | 'critical' | 'caution' | 'default'}> = {
  counts: {badge: 'Counts', tone: 'positive'},
  notCounting: {badge: 'Does not count', tone: 'critical'},
  missing: {badge: 'No review yet', tone: 'critical'},
  notRequired: {badge: 'Not required', tone: 'default'},
}

/**
 * The article's medical review: who reviewed it, who recorded it and when, when it is next due,
 * and, when it does not count, the rules' reasons (stale, overdue, recorded by an editor...).
 */
export function ReviewStatus({article, context, verdict, options}: ReviewStatusProps) {
  const current = currentReview(article, context, verdict, options)
  const blocking = current.issues.filter((issue) => issue.severity === 'error')
  const state: ReviewState = !options.requireMedicalReview ? 'notRequired' : blocking.length === 0 ? 'counts' : current.review ? 'notCounting' : 'missing'
  const display = STATE_DISPLAY[state]
  const review = current.review
  const reviewer = review ? (current.reviewer ? expertName(current.reviewer) : review.reviewer?._ref || 'an unknown reviewer') : null
  const recorder = review ? review.checkedBy?.name?.trim() || review.checkedBy?.id || 'someone' : null

  return (
    <Card padding={3} radius={2} border tone={display.tone} data-testid="review-status" data-review-state={state}>
      <Stack gap={3}>
        <Flex gap={2} align="center">
          <Badge tone={display.tone}>{display.badge}</Badge>
          <Text size={1} weight="semibold">
            Medical review
          </Text>
        </Flex>
        {review ? (
          <Stack gap={2}>
            <Text size={1} data-testid="review-status-summary">
              Reviewed by {reviewer}, recorded by {recorder} on {String(review.checkedAt ?? '').slice(0, 10) || 'an unknown date'} · next review due{' '}
              {review.nextReviewDue || 'not set'}
            </Text>
            {review.evidence ? (
              <Text size={1} muted>
                Evidence: {review.evidence}
              </Text>
            ) : null}
          </Stack>
        ) : state === 'notRequired' ? (
          <Text size={1} muted>
            This project does not require a medical review for publishing.
          </Text>
        ) : null}
        {current.issues.map((issue, index) => (
          <Text key={`${issue.code}-${index}`} size={1} data-testid="review-status-issue" data-issue-code={issue.code}>
            {issue.message}
          </Text>
        ))}
      </Stack>
    </Card>
  )
}
