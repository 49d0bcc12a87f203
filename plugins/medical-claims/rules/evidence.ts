/**
 * Evidence: whether a cited source is a well-formed record (the checks its own schema makes), and
 * whether it counts as evidence for a claim (not an interview, and as strong as the options
 * require for the claim's kind). Pure, like the rest of the rules; queries/compliance.ts
 * (CITATION_IS_WELL_FORMED) and lake/query/compliance.ts mirror it.
 */
import {CITATION_KINDS, EVIDENCE_LEVELS, NOT_EVIDENCE_KINDS} from './constants.ts'
import type {CitationDoc, ClaimKind, EvidenceLevel, MedicalClaimsOptions} from './types.ts'

/** A DOI without its resolver prefix: "10.", four to nine digits, "/", then a suffix without white space. */
export const DOI_PATTERN = /^10\.\d{4,9}\/\S+$/
/** A PubMed ID: one to eight digits. */
export const PMID_PATTERN = /^\d{1,8}$/
/** A web address the site can link: http or https, and no white space. */
export const WEB_ADDRESS_PATTERN = /^https?:\/\/\S+$/
/** The earliest year a source may give. */
export const FIRST_YEAR = 1800

const KINDS = new Set<string>(CITATION_KINDS.map((k) => k.value))
const NOT_EVIDENCE = new Set<string>(NOT_EVIDENCE_KINDS)
const LEVELS = EVIDENCE_LEVELS.map((l) => l.value) as string[]
const LEVEL_TITLES = new Map<string, string>(EVIDENCE_LEVELS.map((l) => [l.value, l.title.toLowerCase()]))

const isSet = (value: unknown) => value !== undefined && value !== null

/**
 * What is wrong with a source's record, as phrases ("it has no title"): no kind from the list, no
 * title, or a DOI, PubMed ID, web address or year its schema refuses. Empty when it is well formed.
 */
export function citationProblems(citation: Pick<CitationDoc, 'kind' | 'title' | 'doi' | 'pmid' | 'url' | 'year'>, thisYear: number): string[] {
  const problems: string[] = []
  if (!(typeof citation.kind === 'string' && KINDS.has(citation.kind))) problems.push('it has no kind of source (journal article, guideline, book, website or interview)')
  if (!(typeof citation.title === 'string' && citation.title.trim() !== '')) problems.push('it has no title')
  if (isSet(citation.doi) && !(typeof citation.doi === 'string' && DOI_PATTERN.test(citation.doi))) problems.push('its DOI is not one (it must look like 10.1234/abc)')
  if (isSet(citation.pmid) && !(typeof citation.pmid === 'string' && PMID_PATTERN.test(citation.pmid))) problems.push('its PubMed ID is not 1 to 8 digits')
  if (isSet(citation.url) && !(typeof citation.url === 'string' && WEB_ADDRESS_PATTERN.test(citation.url))) problems.push('its web address does not start with https:// or http://')
  const year = citation.year
  if (isSet(year) && !(typeof year === 'number' && Number.isInteger(year) && year >= FIRST_YEAR && year <= thisYear)) {
    problems.push(`its year is not a year from ${FIRST_YEAR} to ${thisYear}`)
  }
  return problems
}

/** Whether a well-formed source is evidence at all: an interview records what an expert said, it does not show it is so. */
export function isEvidenceKind(citation: Pick<CitationDoc, 'kind'>): boolean {
  return !(typeof citation.kind === 'string' && NOT_EVIDENCE.has(citation.kind))
}

/** The evidence levels at or above a minimum, strongest first. */
export function levelsAtLeast(minimum: EvidenceLevel): EvidenceLevel[] {
  const index = LEVELS.indexOf(minimum)
  return (index === -1 ? [] : LEVELS.slice(0, index + 1)) as EvidenceLevel[]
}

/** The minimum evidence level the options set for a claim kind, if any. */
export function minimumEvidenceFor(options: Pick<MedicalClaimsOptions, 'minimumEvidence'>, kind: ClaimKind | string | undefined): EvidenceLevel | undefined {
  return kind ? options.minimumEvidence[kind as ClaimKind] : undefined
}

/** Whether a source's level meets a minimum (a source without a level meets none). */
export function meetsEvidenceLevel(citation: Pick<CitationDoc, 'evidenceLevel'>, minimum: EvidenceLevel | undefined): boolean {
  if (!minimum) return true
  return typeof citation.evidenceLevel === 'string' && levelsAtLeast(minimum).includes(citation.evidenceLevel as EvidenceLevel)
}

/** A level in words: "a randomised controlled trial". */
export function levelTitle(level: EvidenceLevel): string {
  return LEVEL_TITLES.get(level) ?? level
}

/** The problems with a project's minimum evidence levels, as sentences. */
export function minimumEvidenceProblems(value: unknown, kinds: ReadonlyArray<string>): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`minimumEvidence must map claim kinds to evidence levels, e.g. {statistic: "observational"}.`]
  }
  const problems: string[] = []
  for (const [kind, level] of Object.entries(value)) {
    if (!kinds.includes(kind)) problems.push(`minimumEvidence has the claim kind "${kind}", which is not one of ${kinds.join(', ')}.`)
    if (typeof level !== 'string' || !LEVELS.includes(level)) problems.push(`minimumEvidence.${kind} is ${JSON.stringify(level)}; use one of ${LEVELS.join(', ')}.`)
  }
  return problems
}

/** How a cited source stands as evidence, for the places that list a claim's sources. */
export type SourceStanding =
  | {status: 'missing'; note: string}
  | {status: 'retracted'; note: string}
  | {status: 'incomplete'; note: string}
  | {status: 'notEvidence'; note: string}
  | {status: 'evidence'; note?: undefined}

/** A cited source's standing, with a few words for a list ("retracted", "no title", "an interview: not evidence"). */
export function sourceStanding(citation: CitationDoc | undefined, thisYear: number): SourceStanding {
  if (!citation) return {status: 'missing', note: 'deleted or unpublished'}
  if (citation.retracted) return {status: 'retracted', note: 'retracted'}
  const problems = citationProblems(citation, thisYear)
  if (problems.length > 0) return {status: 'incomplete', note: problems.join('; ')}
  if (!isEvidenceKind(citation)) return {status: 'notEvidence', note: 'an interview: it records who said it, not evidence'}
  return {status: 'evidence'}
}
