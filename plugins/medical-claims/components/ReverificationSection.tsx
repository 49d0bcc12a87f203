import {LaunchIcon} from '@sanity/icons/Launch'
import {Badge, Box, Card, Flex, Spinner, Stack, Text} from '@sanity/ui'
import {useEffect, useState} from 'react'
import {pathToString, useClient} from 'sanity'
import {IntentLink} from 'sanity/router'
import type {PolicyClient} from '../data.ts'
import {REVERIFY_WITHIN_DAYS, type ReverificationItem} from '../reverification.ts'
import {PagedList} from './PagedList.tsx'
import {loadReverificationQueue} from '../reverificationData.ts'
import {API_VERSION} from '../rules/constants.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'

type ReverificationState = {status: 'loading'} | {status: 'error'; message: string} | {status: 'ready'; items: ReverificationItem[]}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/** "Due since 2026-11-10 (14 days ago)", "Due 2026-12-05, in 11 days". */
export function dueLine(item: ReverificationItem): string {
  if (item.dueOn === null || item.daysUntilDue === null) return 'Due now: its verification has no date'
  if (item.state === 'overdue') {
    const ago = -item.daysUntilDue
    return `Due since ${item.dueOn} (${ago === 0 ? 'today' : `${plural(ago, 'day', 'days')} ago`})`
  }
  return `Due ${item.dueOn}, ${item.daysUntilDue === 1 ? 'tomorrow' : `in ${item.daysUntilDue} days`}`
}

/** "3 published articles rely on this expert" */
export function relianceLine(count: number): string {
  if (count === 0) return 'No published article relies on this expert'
  return count === 1 ? '1 published article relies on this expert' : `${count} published articles rely on this expert`
}

/**
 * The fact-check queue's "Re-verify credentials" section: credentials whose verification has
 * lapsed (their expert's claims and reviews are blocked) or lapses within REVERIFY_WITHIN_DAYS,
 * overdue first; each opens the expert at the credential, where it is verified again. Loads on its
 * own (one query), so a failure here leaves the claims queue usable and says so in its own card.
 * It starts loading when `start` is true: the queue starts it once its claims are read, so the
 * two reads do not share the lake and the browser while the claims load.
 */
export function ReverificationSection({options, refreshKey = 0, start = true}: {options: MedicalClaimsOptions; refreshKey?: number; start?: boolean}) {
  const client = useClient({apiVersion: API_VERSION})
  const [state, setState] = useState<ReverificationState>({status: 'loading'})

  useEffect(() => {
    setState({status: 'loading'})
    if (!start) return
    const controller = new AbortController()
    loadReverificationQueue(client as unknown as PolicyClient, options, new Date(), controller.signal).then(
      (items) => {
        if (!controller.signal.aborted) setState({status: 'ready', items})
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({status: 'error', message: error instanceof Error ? error.message : String(error)})
      },
    )
    return () => controller.abort()
  }, [client, options, refreshKey, start])

  const overdue = state.status === 'ready' ? state.items.filter((item) => item.state === 'overdue').length : 0
  return (
    <Stack gap={2} data-testid="reverification">
      <Flex gap={2} align="center">
        <Text size={1} weight="semibold" data-testid="reverification-count">
          Re-verify credentials
          {state.status === 'ready' && state.items.length > 0
            ? ` (${state.items.length}${overdue > 0 ? `, ${overdue} overdue` : ''})`
            : ''}
        </Text>
        {state.status === 'loading' ? <Spinner muted size={1} /> : null}
      </Flex>
      <Text size={1} muted>
        Credentials whose verification has lapsed, which block their expert&apos;s claims and reviews, and those that lapse within {REVERIFY_WITHIN_DAYS} days. Open
        the expert, check the register, and verify the credential again with the evidence.
      </Text>
      {state.status === 'error' ? (
        <Card padding={3} tone="critical" radius={2} data-testid="reverification-error">
          <Text size={1}>Could not load the credentials to verify again: {state.message}</Text>
        </Card>
      ) : state.status === 'ready' && state.items.length === 0 ? (
        <Card padding={3} tone="positive" radius={2} data-testid="reverification-empty">
          <Text size={1}>No credential is due for verification in the next {REVERIFY_WITHIN_DAYS} days.</Text>
        </Card>
      ) : state.status === 'ready' ? (
        <PagedList items={state.items} resetKey={refreshKey} grow="onClick" testId="reverification-more" row={(item) => <ReverificationRow key={`${item.expertId}:${item.credentialKey}`} item={item} />} />
      ) : null}
    </Stack>
  )
}

function ReverificationRow({item}: {item: ReverificationItem}) {
  const overdue = item.state === 'overdue'
  const register = item.registerUrl && /^https?:\/\//.test(item.registerUrl) ? item.registerUrl : undefined
  const details = [item.issuer, item.jurisdiction, item.identifier].filter(Boolean).join(' · ')
  return (
    <Card
      padding={3}
      radius={2}
      border
      tone={overdue ? 'critical' : 'default'}
      data-testid="reverification-item"
      data-expert-id={item.expertId}
      data-credential-key={item.credentialKey}
      data-state={item.state}
    >
      <Stack gap={3}>
        <Flex gap={2} align="center" wrap="wrap">
          <Badge tone={overdue ? 'critical' : 'caution'}>{overdue ? 'Overdue' : 'Due soon'}</Badge>
          <Text size={1} weight="semibold">
            <IntentLink intent="edit" params={{id: item.expertId, type: item.expertType, path: pathToString(item.path)}} data-testid="reverification-item-link">
              {item.expertName}
            </IntentLink>
          </Text>
          <Text size={1} muted data-testid="reverification-item-due">
            {dueLine(item)}
          </Text>
        </Flex>
        <Text size={1}>
          {item.credentialTitle}
          {details ? ` · ${details}` : ''}
        </Text>
        <Flex gap={2} align="center" wrap="wrap">
          <Text size={1} muted>
            {item.lastVerifiedOn ? `Last verified ${item.lastVerifiedOn} · ` : ''}
            {relianceLine(item.articleCount)}
          </Text>
          {register ? (
            <Box>
              <Text size={1}>
                <a href={register} target="_blank" rel="noreferrer noopener" data-testid="reverification-item-register">
                  Check the register <LaunchIcon />
                </a>
              </Text>
            </Box>
          ) : null}
        </Flex>
      </Stack>
    </Card>
  )
}
