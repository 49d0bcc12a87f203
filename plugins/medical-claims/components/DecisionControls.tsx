import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {CloseCircleIcon} from '@sanity/icons/CloseCircle'
import {Button, Card, Flex, Stack, Text, TextArea} from '@sanity/ui'
import {useState, type ChangeEvent} from 'react'
import {useClient} from 'sanity'
import {buildDecision} from '../data.ts'
import {API_VERSION} from '../rules/constants.ts'
import type {ClaimVerdict, FactChecker} from '../rules/types.ts'

export interface DecisionControlsProps {
  articleId: string
  claim: ClaimVerdict
  checker: FactChecker
  /** Called after the decision document was written. */
  onDecided: () => void
}

type Mode = 'idle' | 'approve' | 'reject'

/** Approve (optional note) or reject (reason required) one claim, pinned to its current fingerprint. */
export function DecisionControls({articleId, claim, checker, onDecided}: DecisionControlsProps) {
  const client = useClient({apiVersion: API_VERSION})
  const [mode, setMode] = useState<Mode>('idle')
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const key = claim.claim.key

  const fingerprint = claim.fingerprint
  const submit = async () => {
    if (mode === 'idle' || fingerprint === null) return
    setBusy(true)
    setError(null)
    try {
      const doc = buildDecision({
        decision: mode,
        articleId,
        claimKey: key,
        fingerprint,
        checkedBy: checker,
        checkedAt: new Date().toISOString(),
        ...(mode === 'approve' ? {note: text, acknowledgedConflicts: claim.conflicts} : {reason: text}),
      })
      await client.create(doc)
      setMode('idle')
      setText('')
      onDecided()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }

  if (fingerprint === null) {
    return (
      <Text size={1} muted data-testid="decision-unpinnable">
        This claim cannot be checked as it stands: its text, its expert's name or a source holds something other than text. Fix the data first.
      </Text>
    )
  }

  if (mode === 'idle') {
    return (
      <Flex gap={2} data-testid="decision-controls">
        <Button
          text={claim.status === 'approved' ? 'Approve again' : 'Approve'}
          tone="positive"
          icon={CheckmarkCircleIcon}
          onClick={() => setMode('approve')}
          data-testid="approve-button"
          data-claim-key={key}
        />
        <Button text="Reject" tone="critical" mode="ghost" icon={CloseCircleIcon} onClick={() => setMode('reject')} data-testid="reject-button" data-claim-key={key} />
      </Flex>
    )
  }

  const rejecting = mode === 'reject'
  const canSubmit = !busy && (!rejecting || text.trim().length > 0)
  return (
    <Stack gap={2} data-testid="decision-form">
      <Text size={1} weight="semibold">
        {rejecting ? 'Why is the claim rejected? (required)' : 'Note for the editor (optional)'}
      </Text>
      <TextArea
        rows={3}
        value={text}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => setText(event.currentTarget.value)}
        placeholder={rejecting ? 'What is wrong, and what would fix it' : 'Anything the editor should know'}
        data-testid={rejecting ? 'decision-reason' : 'decision-note'}
      />
      {!rejecting && claim.conflicts.length > 0 ? (
        <Text size={1} muted data-testid="decision-acknowledges">
          Approving records that you saw the expert's {claim.conflicts.length === 1 ? 'conflict of interest' : `${claim.conflicts.length} conflicts of interest`} shown with the claim; a
          conflict disclosed later needs a fresh approval where the project requires it.
        </Text>
      ) : null}
      {error ? (
        <Card padding={2} tone="critical" radius={1}>
          <Text size={1}>Could not save the decision: {error}</Text>
        </Card>
      ) : null}
      <Flex gap={2}>
        <Button
          text={rejecting ? 'Reject claim' : 'Approve claim'}
          tone={rejecting ? 'critical' : 'positive'}
          disabled={!canSubmit}
          loading={busy}
          onClick={submit}
          data-testid={rejecting ? 'confirm-reject-button' : 'confirm-approve-button'}
        />
        <Button text="Cancel" mode="bleed" disabled={busy} onClick={() => setMode('idle')} />
      </Flex>
    </Stack>
  )
}
