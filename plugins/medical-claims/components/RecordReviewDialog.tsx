import {Badge, Box, Button, Card, Flex, Select, Stack, Text, TextArea, TextInput} from '@sanity/ui'
import {useEffect, useMemo, useState, type ChangeEvent} from 'react'
import {useClient} from 'sanity'
import {
  buildReview,
  coveredVersion,
  currentReview,
  defaultNextReviewDue,
  reviewCoverage,
  reviewDateLimits,
  reviewerCandidates,
  reviewFormProblems,
  type ReviewForm,
} from '../actions/recordReview.ts'
import type {PolicyContext} from '../data.ts'
import {API_VERSION, EXPERT_TYPE} from '../rules/constants.ts'
import {describeRequirement} from '../rules/policy.ts'
import type {ArticleDoc, ExpertDoc, FactChecker, MedicalClaimsOptions, Verdict} from '../rules/types.ts'
import {usePublishedDocuments} from '../hooks/usePublishedDocuments.ts'
import {EXPERTS_QUERY} from './ClaimAttribution.tsx'
import {STANDING_DISPLAY, expertName} from './display.ts'
import {ReviewStatus} from './ReviewStatus.tsx'

export interface RecordReviewDialogProps {
  /** The article as the recorder sees it now (release version, draft, else published): the review is pinned to it. */
  article: ArticleDoc
  context: PolicyContext
  verdict: Verdict
  options: MedicalClaimsOptions
  /** The signed-in user, named as the recorder. */
  recorder: FactChecker
  /** The recorder is not a medical reviewer: the evidence of the review is required. */
  evidenceRequired: boolean
  /** Called after the lake accepted the review. */
  onRecorded: () => void
  onCancel: () => void
}

const STYLE_TITLES: Record<string, string> = {h1: 'Heading', h2: 'Heading', h3: 'Subheading', h4: 'Subheading', blockquote: 'Quote'}

/** What the review will be pinned to: the article as it reads now. */
function Coverage({article, options}: {article: ArticleDoc; options: MedicalClaimsOptions}) {
  const items = useMemo(() => reviewCoverage(article, options.reviewCovers), [article, options.reviewCovers])
  return (
    <Stack gap={2}>
      <Text size={1} weight="semibold">
        What the review covers
      </Text>
      <Text size={1} muted data-testid="record-review-version">
        {options.reviewCovers === 'claims' ? `The claims of ${coveredVersion(article._id)}.` : `Everything a reader reads of ${coveredVersion(article._id)}.`} Any later change to it
        voids the review.
      </Text>
      <Card padding={3} radius={2} border overflow="auto" style={{maxHeight: 240}} data-testid="record-review-covers">
        <Stack gap={3}>
          {items.length === 0 ? (
            <Text size={1} muted>
              (nothing to read yet)
            </Text>
          ) : (
            items.map((item, index) => (
              <Text
                key={index}
                size={item.kind === 'title' ? 2 : 1}
                weight={item.kind === 'title' || (item.style && STYLE_TITLES[item.style] === 'Heading') ? 'semibold' : undefined}
                muted={item.kind === 'object'}
              >
                {item.kind === 'object' ? `[${item.style}${item.text ? `: ${item.text}` : ''}]` : item.kind === 'claim' ? `“${item.text}”` : item.text}
              </Text>
            ))
          )}
        </Stack>
      </Card>
    </Stack>
  )
}

function Problem({text, testId}: {text: string | undefined; testId: string}) {
  if (!text) return null
  return (
    <Card padding={2} radius={1} tone="critical" data-testid={testId}>
      <Text size={1}>{text}</Text>
    </Card>
  )
}

/**
 * "Record medical review": choose the reviewing expert (experts whose credentials fit the
 * reviewer requirement, with each credential's standing), the next review date (within the
 * interval the lake accepts) and the evidence (required from a fact-checker recording on a
 * reviewer's behalf). The review is created pinned to the article as shown; the lake's refusal is
 * shown as it says it.
 */
export function RecordReviewDialog({article, context, verdict, options, recorder, evidenceRequired, onRecorded, onCancel}: RecordReviewDialogProps) {
  const client = useClient({apiVersion: API_VERSION})
  const now = useMemo(() => new Date(), [])
  const limits = useMemo(() => reviewDateLimits(now, options), [now, options])
  const {documents: experts, error: loadError} = usePublishedDocuments<ExpertDoc>(EXPERTS_QUERY, {expertType: EXPERT_TYPE})
  const [form, setForm] = useState<ReviewForm>(() => ({reviewerId: '', nextReviewDue: defaultNextReviewDue(now, options), evidence: ''}))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const candidates = useMemo(() => (experts ? reviewerCandidates(experts, options, now) : []), [experts, options, now])

  // The reviewer of the review standing now is the likely one again, when the rules still accept them.
  const previous = useMemo(() => currentReview(article, context, verdict, options).review?.reviewer?._ref, [article, context, verdict, options])
  useEffect(() => {
    if (!previous || form.reviewerId) return
    if (candidates.some((c) => c.expert._id === previous && c.eligible)) setForm((f) => (f.reviewerId ? f : {...f, reviewerId: previous}))
  }, [candidates, previous, form.reviewerId])

  const problems = reviewFormProblems(form, {candidates, evidenceRequired, now, options})
  const selected = candidates.find((c) => c.expert._id === form.reviewerId)
  const ready = Object.keys(problems).length === 0
  const update = (field: keyof ReviewForm) => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    const value = event.currentTarget.value
    setForm((f) => ({...f, [field]: value}))
  }

  const submit = async () => {
    if (!ready || !selected || busy) return
    setBusy(true)
    setError(null)
    try {
      const doc = buildReview({
        articleId: article._id,
        article,
        reviewer: selected.expert,
        nextReviewDue: form.nextReviewDue,
        evidence: form.evidence,
        recorder,
        options,
      })
      await client.create(doc)
      onRecorded()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap={4} data-testid="record-review-dialog">
      <ReviewStatus article={article} context={context} verdict={verdict} options={options} />

      <Stack gap={2}>
        <Text size={1} weight="semibold">
          Reviewer
        </Text>
        <Text size={1} muted>
          The expert who reviewed the whole article: {options.reviewerCredentials.map(describeRequirement).join(', or ')}, verified and current.
        </Text>
        {loadError ? (
          <Text size={1}>Could not load the experts: {loadError}</Text>
        ) : (
          <Select fontSize={1} padding={2} value={form.reviewerId} disabled={!experts} onChange={update('reviewerId')} data-testid="record-review-reviewer">
            <option value="">{experts ? (candidates.length > 0 ? 'Choose the reviewing expert…' : 'No expert holds a qualifying credential') : 'Loading experts…'}</option>
            {candidates.map((candidate) => (
              <option key={candidate.expert._id} value={candidate.expert._id} disabled={!candidate.eligible}>
                {expertName(candidate.expert)}
                {candidate.eligible ? '' : ' (credential not valid)'}
              </option>
            ))}
          </Select>
        )}
        {selected ? (
          <Stack gap={2} data-testid="record-review-credentials">
            {selected.credentials.map(({credential, standing}, index) => (
              <Flex key={credential._key ?? index} gap={2} align="center" data-testid="record-review-credential" data-standing={standing}>
                <Badge tone={STANDING_DISPLAY[standing].tone} fontSize={0}>
                  {STANDING_DISPLAY[standing].title}
                </Badge>
                <Text size={1}>
                  {credential.title || 'Untitled credential'}
                  {credential.issuingBody ? ` · ${credential.issuingBody}` : ''}
                  {credential.expiresOn ? ` · expires ${credential.expiresOn}` : ''}
                </Text>
              </Flex>
            ))}
          </Stack>
        ) : null}
        <Problem text={form.reviewerId ? problems.reviewerId : undefined} testId="record-review-reviewer-problem" />
      </Stack>

      <Stack gap={2}>
        <Text size={1} weight="semibold">
          Next review due
        </Text>
        <Box style={{maxWidth: 240}}>
          <TextInput
            type="date"
            fontSize={1}
            padding={2}
            value={form.nextReviewDue}
            min={limits.earliest}
            max={limits.latest}
            onChange={update('nextReviewDue')}
            data-testid="record-review-next-due"
          />
        </Box>
        <Text size={1} muted>
          After today, and on or before {limits.latest} (at most {options.maxReviewIntervalDays} days ahead).
        </Text>
        <Problem text={problems.nextReviewDue} testId="record-review-next-due-problem" />
      </Stack>

      <Stack gap={2}>
        <Text size={1} weight="semibold">
          Evidence of the review {evidenceRequired ? '(required)' : '(optional)'}
        </Text>
        <TextArea
          rows={3}
          fontSize={1}
          padding={2}
          value={form.evidence}
          onChange={update('evidence')}
          placeholder="The reviewer's signed form or message: where it is and what it says"
          data-testid="record-review-evidence"
        />
        {problems.evidence ? (
          <Card padding={2} radius={1} tone="caution" data-testid="record-review-evidence-required">
            <Text size={1}>{problems.evidence}</Text>
          </Card>
        ) : null}
      </Stack>

      <Coverage article={article} options={options} />

      {error ? (
        <Card padding={3} radius={2} tone="critical" data-testid="record-review-error">
          <Text size={1}>The review was not recorded: {error}</Text>
        </Card>
      ) : null}
      <Flex gap={2}>
        <Button text="Record review" tone="positive" disabled={!ready || busy} loading={busy} onClick={submit} data-testid="confirm-record-review" />
        <Button text="Cancel" mode="bleed" disabled={busy} onClick={onCancel} />
      </Flex>
    </Stack>
  )
}
