import {Select, Stack, Text} from '@sanity/ui'
import {useMemo, type ChangeEvent} from 'react'
import {PatchEvent, set} from 'sanity'
import {usePublishedDocuments} from '../hooks/usePublishedDocuments.ts'
import {EXPERT_TYPE} from '../rules/constants.ts'
import {checkExpertForClaim} from '../rules/policy.ts'
import type {ClaimVerdict, ExpertDoc, MedicalClaimsOptions, Path} from '../rules/types.ts'
import {expertName} from './display.ts'

/** Every published expert, for the attribution select. */
export const EXPERTS_QUERY = `*[_type == $expertType]{_id, _type, name, postnominals, credentials} | order(name asc)`

export interface ClaimAttributionProps {
  claim: ClaimVerdict
  options: MedicalClaimsOptions
  /** Applies a patch to the open document (the document pane's onChange). */
  onPatch: (event: PatchEvent) => void
}

/**
 * Attribute an unattributed claim: pick an expert, and the claim's mark gets its `expert`
 * reference in the draft. Experts whose credentials qualify for the claim's kind come first.
 */
export function ClaimAttribution({claim, options, onPatch}: ClaimAttributionProps) {
  const {documents: experts, error} = usePublishedDocuments<ExpertDoc>(EXPERTS_QUERY, {expertType: EXPERT_TYPE})

  const ranked = useMemo(() => {
    if (!experts) return []
    const now = new Date()
    return experts
      .map((expert) => ({expert, qualified: checkExpertForClaim(expert, claim.claim, options, now).ok}))
      .sort((a, b) => Number(b.qualified) - Number(a.qualified))
  }, [experts, claim.claim, options])

  const choose = (event: ChangeEvent<HTMLSelectElement>) => {
    const id = event.currentTarget.value
    if (!id) return
    const path: Path = [...claim.claim.path, 'expert']
    onPatch(PatchEvent.from(set({_type: 'reference', _ref: id}, path)))
  }

  if (error) {
    return (
      <Text size={1} muted>
        Could not load the experts: {error}
      </Text>
    )
  }
  return (
    <Stack gap={2}>
      <Text size={1} weight="semibold">
        Attribute to an expert
      </Text>
      <Select
        fontSize={1}
        padding={2}
        value=""
        disabled={!experts}
        onChange={choose}
        data-testid="attribute-expert-select"
        data-claim-key={claim.claim.key}
      >
        <option value="">{experts ? 'Choose an expert…' : 'Loading experts…'}</option>
        {ranked.map(({expert, qualified}) => (
          <option key={expert._id} value={expert._id}>
            {expertName(expert)}
            {qualified ? ' (qualified)' : ' (not qualified for this kind of claim)'}
          </option>
        ))}
      </Select>
    </Stack>
  )
}
