import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import {Box, Card, Flex, Stack, Text} from '@sanity/ui'
import {conflictLine, conflictsFor, disclosuresOf, type ClaimTopicOf, type ExpertDisclosures} from '../conflicts.ts'

export interface ConflictsOfInterestProps {
  expert: ExpertDisclosures | undefined
  claim: ClaimTopicOf
  now: Date
}

/**
 * The expert's disclosures that bear on a claim (../conflicts.ts decides which), marked so the
 * fact-checker sees them before deciding; nothing when none does.
 */
export function ConflictsOfInterest({expert, claim, now}: ConflictsOfInterestProps) {
  const conflicts = conflictsFor(disclosuresOf(expert), claim, now)
  if (conflicts.length === 0) return null
  return (
    <Card padding={2} radius={2} tone="caution" border data-testid="claim-conflicts">
      <Stack gap={2}>
        {conflicts.map((conflict) => (
          <Flex key={conflict.key} gap={2} align="flex-start" data-testid="claim-conflict" data-disclosure-key={conflict.key}>
            <Box>
              <Text size={1} aria-hidden>
                <WarningOutlineIcon />
              </Text>
            </Box>
            <Stack gap={1} flex={1}>
              <Text size={1} weight="medium">
                {conflictLine(conflict)}
              </Text>
              {conflict.statement && conflict.predicate ? (
                <Text size={0} muted>
                  As disclosed: {conflict.statement}
                </Text>
              ) : null}
              {conflict.topics.length > 0 ? (
                <Text size={0} muted>
                  Concerns: {conflict.topics.join(', ')}
                </Text>
              ) : null}
            </Stack>
          </Flex>
        ))}
      </Stack>
    </Card>
  )
}
