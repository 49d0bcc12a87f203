import {Badge, Box, Card, Flex, Stack, Text} from '@sanity/ui'
import type {ReactNode} from 'react'
import type {LoadedExpert} from '../data.ts'
import {getPublishedId} from '../rules/ids.ts'
import type {VerificationPolicy} from '../rules/credentials.ts'
import {credentialStanding} from '../rules/policy.ts'
import type {CitationDoc, ClaimVerdict, ExpertDoc} from '../rules/types.ts'
import {ConflictsOfInterest} from './ConflictsOfInterest.tsx'
import {CLAIM_STATUS_DISPLAY, STANDING_DISPLAY, citationLinks, claimKindTitle, expertName, verificationLine} from './display.ts'

export interface ClaimCardProps {
  claim: ClaimVerdict
  /** The article's experts, with their disclosures (those bearing on the claim are shown beside it). */
  experts: ReadonlyArray<LoadedExpert>
  citations: ReadonlyArray<CitationDoc>
  now: Date
  /** The project's options (how long a verification counts); the defaults when left out. */
  options?: VerificationPolicy
  /** Extra controls under the claim (the fact-checker's decision buttons). */
  children?: ReactNode
}

function findById<T extends {_id: string}>(docs: ReadonlyArray<T>, id: string | undefined): T | undefined {
  if (!id) return undefined
  const wanted = getPublishedId(id)
  return docs.find((doc) => getPublishedId(doc._id) === wanted)
}

/** The credentials of an expert with their verification and standing today. */
function Credentials({expert, now, options}: {expert: ExpertDoc; now: Date; options?: VerificationPolicy}) {
  const credentials = (expert.credentials ?? []).filter(Boolean)
  if (credentials.length === 0) {
    return (
      <Text size={1} muted>
        No credentials on file.
      </Text>
    )
  }
  return (
    <Stack gap={2} data-testid="claim-credentials">
      {credentials.map((credential, index) => {
        const standing = credentialStanding(credential, now, expert, options)
        const display = STANDING_DISPLAY[standing]
        const verification = credential.verification
        return (
          <Flex key={credential._key ?? index} gap={2} align="flex-start" data-testid="claim-credential" data-standing={standing}>
            <Badge tone={display.tone} fontSize={0}>
              {display.title}
            </Badge>
            <Stack gap={1} flex={1}>
              <Text size={1}>
                {credential.title || 'Untitled credential'}
                {credential.issuingBody ? ` · ${credential.issuingBody}` : ''}
                {credential.expiresOn ? ` · expires ${credential.expiresOn}` : ''}
              </Text>
              <Text size={0} muted>
                {verificationLine(verification, standing)}
                {verification?.evidence ? ` · evidence: ${verification.evidence}` : ''}
              </Text>
            </Stack>
          </Flex>
        )
      })}
    </Stack>
  )
}

/**
 * One claim as a fact-checker or editor reviews it: text, kind, expert, credentials, the expert's
 * conflicts of interest that bear on it, sources, state.
 */
export function ClaimCard({claim, experts, citations, now, options, children}: ClaimCardProps) {
  const status = CLAIM_STATUS_DISPLAY[claim.status]
  const expert = findById(experts, claim.claim.expertId)
  const sources = claim.claim.citationIds.map((id) => ({id, citation: findById(citations, id)}))
  return (
    <Card
      padding={3}
      radius={2}
      border
      tone={claim.status === 'approved' ? 'positive' : claim.status === 'awaitingFactCheck' ? 'default' : 'critical'}
      data-testid="claim-row"
      data-claim-key={claim.claim.key}
      data-claim-status={claim.status}
    >
      <Stack gap={3}>
        <Flex gap={2} align="center">
          <Badge tone={status.tone} data-testid="claim-status">
            {status.title}
          </Badge>
          <Text size={1} muted>
            {claimKindTitle(claim.claim.kind)}
          </Text>
        </Flex>
        <Text size={2} weight="medium" data-testid="claim-text">
          “{claim.claim.text || '(empty claim)'}”
        </Text>
        <Stack gap={2}>
          <Text size={1} weight="semibold" data-testid="claim-expert">
            {claim.claim.expertId ? expertName(expert) : 'Not attributed to an expert'}
          </Text>
          {expert ? <Credentials expert={expert} now={now} options={options} /> : null}
          {expert ? <ConflictsOfInterest expert={expert} claim={claim.claim} now={now} /> : null}
        </Stack>
        <Stack gap={2} data-testid="claim-citations">
          <Text size={1} weight="semibold">
            {sources.length === 0 ? 'No sources cited' : `Sources (${sources.length})`}
          </Text>
          {sources.map(({id, citation}) => (
            <Flex key={id} gap={2} align="center" wrap="wrap">
              {citation?.retracted ? (
                <Badge tone="critical" fontSize={0}>
                  Retracted
                </Badge>
              ) : null}
              <Text size={1}>{citation ? citation.title || 'Untitled source' : 'Missing source (deleted or unpublished)'}</Text>
              {citation
                ? citationLinks(citation).map((link) => (
                    <Text key={link.href} size={1}>
                      <a href={link.href} target="_blank" rel="noreferrer noopener">
                        {link.label}
                      </a>
                    </Text>
                  ))
                : null}
            </Flex>
          ))}
        </Stack>
        {claim.issues.length > 0 ? (
          <Stack gap={2} data-testid="claim-issues">
            {claim.issues.map((issue, index) => (
              <Card key={`${issue.code}-${index}`} padding={2} radius={1} tone={issue.severity === 'error' ? 'critical' : 'caution'}>
                <Text size={1} data-issue-code={issue.code}>
                  {issue.message}
                </Text>
              </Card>
            ))}
          </Stack>
        ) : null}
        {children ? <Box>{children}</Box> : null}
      </Stack>
    </Card>
  )
}
