import {RefreshIcon} from '@sanity/icons/Refresh'
import {Badge, Box, Button, Card, Container, Flex, Heading, Spinner, Stack, Text} from '@sanity/ui'
import {useCallback, useEffect, useState} from 'react'
import {pathToString, useClient, type Tool} from 'sanity'
import {IntentLink} from 'sanity/router'
import type {PolicyClient, QueueItem, WithdrawnArticle} from '../data.ts'
import {readQueue} from '../queueRead.ts'
import {useUserRoles} from '../hooks/useUserRoles.ts'
import {API_VERSION} from '../rules/constants.ts'
import {DEFAULT_OPTIONS} from '../rules/options.ts'
import {factCheckPermission} from '../rules/policy.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'
import {ConflictsOfInterest} from './ConflictsOfInterest.tsx'
import {DecisionControls} from './DecisionControls.tsx'
import {PagedList} from './PagedList.tsx'
import {ReverificationSection} from './ReverificationSection.tsx'
import {claimKindTitle, expertName} from './display.ts'

type QueueState = {status: 'loading'} | {status: 'error'; message: string} | {status: 'ready'; items: QueueItem[]; withdrawn: WithdrawnArticle[]}

function waitingSince(updatedAt: string): string {
  return updatedAt ? `changed ${updatedAt.slice(0, 10)}` : 'date unknown'
}

/**
 * The "Fact-check queue" tool: articles withdrawn from the site, credentials to verify again
 * (./ReverificationSection.tsx, read once the claims are), then every claim waiting for a
 * fact-checker, oldest article first.
 */
export function FactCheckQueueTool({tool}: {tool: Tool<MedicalClaimsOptions>}) {
  const options = tool.options ?? DEFAULT_OPTIONS
  const client = useClient({apiVersion: API_VERSION})
  const [state, setState] = useState<QueueState>({status: 'loading'})
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  // A decision made in place takes its claim off the list at once (the lake accepted it).
  const decided = useCallback((item: QueueItem) => {
    setState((current) =>
      current.status === 'ready'
        ? {...current, items: current.items.filter((other) => other.articleId !== item.articleId || other.claim.claim.key !== item.claim.claim.key)}
        : current,
    )
  }, [])

  useEffect(() => {
    let mounted = true
    setState({status: 'loading'})
    readQueue(client as unknown as PolicyClient, options, generation).then(
      ({items, withdrawn}) => {
        if (mounted) setState({status: 'ready', items, withdrawn})
      },
      (error: unknown) => {
        if (mounted) setState({status: 'error', message: error instanceof Error ? error.message : String(error)})
      },
    )
    return () => {
      mounted = false
    }
  }, [client, options, generation])

  return (
    <Card height="fill" overflow="auto" data-testid="fact-check-queue">
      <Container width={3} padding={4}>
        <Stack gap={4}>
          <Flex align="center" gap={3}>
            <Box flex={1}>
              <Heading size={2}>Fact-check queue</Heading>
            </Box>
            <Button text="Refresh" icon={RefreshIcon} mode="ghost" onClick={reload} disabled={state.status === 'loading'} />
          </Flex>
          <Text size={1} muted>
            Every claim waiting for a fact-checker, across articles, oldest first. Approve or reject each here, or open its article at the claim.
          </Text>
          {state.status === 'loading' ? (
            <Flex justify="center" padding={4}>
              <Spinner muted />
            </Flex>
          ) : state.status === 'error' ? (
            <Card padding={3} tone="critical" radius={2} data-testid="fact-check-queue-error">
              <Text size={1}>Could not load the queue: {state.message}</Text>
            </Card>
          ) : null}
          {state.status === 'ready' && state.withdrawn.length > 0 ? (
            <Stack gap={2} data-testid="fact-check-queue-withdrawn">
              <Text size={1} weight="semibold">
                Withdrawn from the site, to review again ({state.withdrawn.length})
              </Text>
              <PagedList items={state.withdrawn} resetKey={generation} grow="onClick" testId="fact-check-queue-withdrawn-more" row={(item) => <WithdrawnRow key={item.articleId} item={item} />} />
            </Stack>
          ) : null}
          <ReverificationSection options={options} refreshKey={generation} start={state.status !== 'loading'} />
          {state.status !== 'ready' ? null : state.items.length === 0 ? (
            <Card padding={4} tone="positive" radius={2} data-testid="fact-check-queue-empty">
              <Text size={1}>No claims are waiting for a fact-checker.</Text>
            </Card>
          ) : (
            <Stack gap={2} data-testid="fact-check-queue-items">
              <Text size={1} weight="semibold" data-testid="fact-check-queue-count">
                {state.items.length} {state.items.length === 1 ? 'claim' : 'claims'} waiting
              </Text>
              <PagedList
                items={state.items}
                resetKey={generation}
                testId="fact-check-queue-more"
                row={(item) => <QueueRow key={`${item.articleId}:${item.claim.claim.key}`} item={item} options={options} onDecided={() => decided(item)} />}
              />
            </Stack>
          )}
        </Stack>
      </Container>
    </Card>
  )
}

function WithdrawnRow({item}: {item: WithdrawnArticle}) {
  return (
    <Card padding={3} radius={2} border tone="critical" data-testid="withdrawn-item" data-article-id={item.articleId}>
      <Stack gap={3}>
        <Flex gap={2} align="center" wrap="wrap">
          <Badge tone="critical">Withdrawn</Badge>
          <Text size={1} weight="semibold">
            <IntentLink intent="edit" params={{id: item.articleId, type: item.articleType}}>
              {item.title}
            </IntentLink>
          </Text>
          <Text size={1} muted>
            {item.withdrawnAt.slice(0, 10)} · after {item.kinds.join(', ') || 'a correction'}
            {item.author ? ` (${item.author})` : ''}
          </Text>
        </Flex>
        {item.reasons.map((reason, index) => (
          <Text key={index} size={1}>
            {reason}
          </Text>
        ))}
      </Stack>
    </Card>
  )
}

/** Whether the signed-in user may decide on a queued claim here, and why not. */
function useQueuePermission(item: QueueItem, options: MedicalClaimsOptions) {
  const {user, roles} = useUserRoles(options)
  if (item.editors === null || item.editors === undefined) {
    return {user, allowed: false, reason: 'Who edited this article is not known yet, so its claims are decided in the article.'}
  }
  return {user, ...factCheckPermission({userId: user?.id, roles, editors: item.editors, options})}
}

function QueueRow({item, options, onDecided}: {item: QueueItem; options: MedicalClaimsOptions; onDecided: () => void}) {
  const reason = item.claim.issues[0]?.message
  const permission = useQueuePermission(item, options)
  const [now] = useState(() => new Date())
  return (
    <Card padding={3} radius={2} border data-testid="queue-item" data-claim-key={item.claim.claim.key} data-article-id={item.articleId}>
      <Stack gap={3}>
        <Flex gap={2} align="center" wrap="wrap">
          <Badge tone="caution">{claimKindTitle(item.claim.claim.kind)}</Badge>
          <Text size={1} weight="semibold">
            <IntentLink
              intent="edit"
              params={{id: item.articleId, type: item.articleType, path: pathToString(item.claim.claim.path)}}
              data-testid="queue-item-link"
            >
              {item.articleTitle}
            </IntentLink>
          </Text>
          <Text size={1} muted>
            {waitingSince(item.updatedAt)}
          </Text>
        </Flex>
        <Text size={2}>“{item.claim.claim.text || '(empty claim)'}”</Text>
        <Text size={1} muted>
          {expertName(item.expert)}
          {reason ? ` · ${reason}` : ''}
        </Text>
        <ConflictsOfInterest expert={item.expert} claim={item.claim.claim} now={now} />
        {item.editorsUnknown ? (
          <Text size={1} data-testid="queue-item-editors-unknown">
            {item.editorsUnknown}
          </Text>
        ) : null}
        {permission.allowed && permission.user ? (
          <DecisionControls articleId={item.articleId} claim={item.claim} checker={permission.user} onDecided={onDecided} />
        ) : permission.reason && !item.editorsUnknown ? (
          <Text size={1} muted data-testid="queue-item-permission">
            {permission.reason}
          </Text>
        ) : null}
      </Stack>
    </Card>
  )
}
