import {Button, Card, Flex, Select, Stack, Text} from '@sanity/ui'
import type {ChangeEvent} from 'react'
import {insert, PatchEvent, set, setIfMissing, unset} from 'sanity'
import {usePublishedDocuments} from '../hooks/usePublishedDocuments.ts'
import {CITATION_TYPE, CLAIM_KINDS, CLAIM_TYPE} from '../rules/constants.ts'
import {type SourceStanding, sourceStanding} from '../rules/evidence.ts'
import {getPublishedId} from '../rules/ids.ts'
import {findDocument} from '../rules/lookup.ts'
import type {ArticleDoc, CitationDoc, ClaimVerdict, Path, Reference, TextBlock} from '../rules/types.ts'

/** Every published citation that is not retracted, for the "Add a source" select. */
export const CITATIONS_QUERY = `*[_type == $citationType && retracted != true]{_id, _type, kind, evidenceLevel, title, doi, pmid, url, year, retracted} | order(title asc)`

const EVIDENCE_CODES = new Set(['claim.evidenceMissing', 'claim.evidenceTooWeak', 'claim.citationNotFound', 'claim.citationRetracted', 'claim.citationInvalid'])

/** Whether the claim's blocking issues are about its sources (the editor fixes them here). */
export function needsEvidence(claim: ClaimVerdict): boolean {
  return claim.issues.some((issue) => issue.severity === 'error' && EVIDENCE_CODES.has(issue.code))
}

/** Whether the claim has no kind, or one the rules do not know. */
export function needsKind(claim: ClaimVerdict): boolean {
  return claim.issues.some((issue) => issue.code === 'claim.kindMissing')
}

/** The claim's citation references as stored (with their keys), read from the article. */
export function citationRefsOf(article: ArticleDoc | null, claim: ClaimVerdict): Reference[] {
  const block = article?.body?.find((item) => item._key === claim.claim.blockKey) as TextBlock | undefined
  const mark = block?.markDefs?.find((def) => def._type === CLAIM_TYPE && def._key === claim.claim.key) as {citations?: unknown} | undefined
  return Array.isArray(mark?.citations) ? (mark.citations as Reference[]).filter((ref) => ref && typeof ref._ref === 'string') : []
}

const SOURCE_ORDER: Record<SourceStanding['status'], number> = {evidence: 0, notEvidence: 1, incomplete: 2, retracted: 3, missing: 4}

/** A new array item key, as Studio writes them. */
function newKey(): string {
  return Math.random().toString(36).slice(2, 14).padEnd(12, '0')
}

function sourceTitle(citation: CitationDoc | undefined, ref: string): string {
  const title = citation?.title?.trim()
  return title || citation?.doi || citation?.url || `source ${ref}`
}

export interface ClaimFixProps {
  claim: ClaimVerdict
  article: ArticleDoc | null
  /** The citations the rules read for the article (published). */
  citations: ReadonlyArray<CitationDoc>
  /** Applies a patch to the open document (the document pane's onChange). */
  onPatch: (event: PatchEvent) => void
}

/**
 * Fix a claim's evidence in place: each source it cites, with "Remove" (one that cannot count says
 * why, as the rules judge it), and "Add a source" from the published, unretracted citations,
 * evidence first.
 */
export function ClaimEvidence({claim, article, citations, onPatch}: ClaimFixProps) {
  const {documents: available, error} = usePublishedDocuments<CitationDoc>(CITATIONS_QUERY, {citationType: CITATION_TYPE})

  const listPath: Path = [...claim.claim.path, 'citations']
  const refs = citationRefsOf(article, claim)
  const cited = new Set(refs.map((ref) => ref._ref))
  const byId = new Map(citations.map((c) => [getPublishedId(c._id), c]))
  const thisYear = new Date().getUTCFullYear()
  const add = (event: ChangeEvent<HTMLSelectElement>) => {
    const id = event.currentTarget.value
    if (!id) return
    onPatch(PatchEvent.from([setIfMissing([], listPath), insert([{_type: 'reference', _ref: id, _key: newKey()}], 'after', [...listPath, -1])]))
  }
  const remove = (ref: Reference) => {
    if (ref._key) onPatch(PatchEvent.from(unset([...listPath, {_key: ref._key}])))
  }

  return (
    <Stack gap={2} data-testid="claim-evidence" data-claim-key={claim.claim.key}>
      <Text size={1} weight="semibold">
        Sources
      </Text>
      {refs.length === 0 ? (
        <Text size={1} muted>
          No source cited yet.
        </Text>
      ) : (
        refs.map((ref) => {
          const citation = findDocument(byId, ref._ref, CITATION_TYPE)
          const standing = sourceStanding(citation, thisYear)
          const problem = standing.note ?? null
          const tone = standing.status === 'evidence' ? 'default' : standing.status === 'notEvidence' ? 'caution' : 'critical'
          return (
            <Card key={ref._key ?? ref._ref} padding={2} radius={2} tone={tone} border data-testid="claim-source" data-citation-id={ref._ref}>
              <Flex gap={2} align="center">
                <Text size={1} style={{flex: 1}}>
                  {sourceTitle(citation, ref._ref)}
                  {problem ? ` (${problem})` : ''}
                </Text>
                <Button text="Remove" mode="ghost" tone="critical" fontSize={1} padding={2} disabled={!ref._key} onClick={() => remove(ref)} data-testid="remove-source-button" />
              </Flex>
            </Card>
          )
        })
      )}
      {error ? (
        <Text size={1} muted>
          Could not load the sources: {error}
        </Text>
      ) : (
        <Select fontSize={1} padding={2} value="" disabled={!available} onChange={add} data-testid="add-source-select" data-claim-key={claim.claim.key}>
          <option value="">{available ? 'Add a source…' : 'Loading sources…'}</option>
          {(available ?? [])
            .filter((c) => !cited.has(getPublishedId(c._id)))
            .map((c) => ({c, standing: sourceStanding(c, thisYear)}))
            // Evidence first; then what names who said it; records that cannot count last.
            .sort((a, b) => SOURCE_ORDER[a.standing.status] - SOURCE_ORDER[b.standing.status])
            .map(({c, standing}) => (
              <option key={c._id} value={getPublishedId(c._id)}>
                {sourceTitle(c, c._id)}
                {standing.note ? ` (${standing.note})` : ''}
              </option>
            ))}
        </Select>
      )}
    </Stack>
  )
}

/** Choose the claim's kind in place. */
export function ClaimKindPicker({claim, onPatch}: Pick<ClaimFixProps, 'claim' | 'onPatch'>) {
  const choose = (event: ChangeEvent<HTMLSelectElement>) => {
    const kind = event.currentTarget.value
    if (kind) onPatch(PatchEvent.from(set(kind, [...claim.claim.path, 'kind'])))
  }
  return (
    <Stack gap={2}>
      <Text size={1} weight="semibold">
        Kind of claim
      </Text>
      <Select fontSize={1} padding={2} value="" onChange={choose} data-testid="claim-kind-select" data-claim-key={claim.claim.key}>
        <option value="">Choose a kind…</option>
        {CLAIM_KINDS.map((kind) => (
          <option key={kind.value} value={kind.value}>
            {kind.title}
          </option>
        ))}
      </Select>
    </Stack>
  )
}
