/**
 * Conflicts of interest beside the claims they bear on: which of an expert's disclosures a reader
 * and a fact-checker are shown beside a claim the expert vouches for, and in what words.
 *
 * Pure: no React, no Studio runtime, no I/O. The disclosure schema (schemas/objects/disclosure.ts)
 * reads its relationship kinds from here; the fact-check panel and queue, the site's footnotes,
 * the expert page and the JSON-LD all ask `disclosureBearsOn` and render what it decides.
 */
import {DISCLOSURE_WINDOW_MONTHS as RULES_WINDOW, disclosureBearsOnOn, disclosureCutoff as rulesCutoff, disclosureIsCurrentOn} from './rules/conflicts.ts'
import {CLAIM_TOPICS} from './rules/constants.ts'
import type {ClaimTopic} from './rules/types.ts'

/** Kinds of relationship a disclosure records, with how a sentence about the expert says it while it lasts and after it ended. */
export const RELATIONSHIP_KINDS = [
  {value: 'employment', title: 'Employment', current: 'is employed by', past: 'was employed by'},
  {value: 'consulting', title: 'Consulting or advisory', current: 'is a paid consultant or adviser to', past: 'was a paid consultant or adviser to'},
  {value: 'speaking', title: 'Speaking fees', current: 'has received speaking fees from', past: 'received speaking fees from'},
  {value: 'ownership', title: 'Ownership or equity', current: 'holds shares or equity in', past: 'held shares or equity in'},
  {value: 'researchFunding', title: 'Research funding', current: 'has received research funding from', past: 'received research funding from'},
  {value: 'royalties', title: 'Royalties or licensing', current: 'receives royalties or licensing fees from', past: 'received royalties or licensing fees from'},
  {value: 'productLine', title: 'Own product line', current: 'has their own product line with', past: 'had their own product line with'},
  {value: 'other', title: 'Other'},
] as const

export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number]['value']

/** A disclosure as the dataset or a query hands it over (any field may be missing or null). */
export interface Disclosure {
  _key?: string | null
  statement?: string | null
  relationship?: string | null
  /** The company or body the relationship is with. */
  organisation?: string | null
  /** The claim topics (CLAIM_TOPICS) it concerns; none: everything the expert vouches for. */
  topics?: ReadonlyArray<string | null> | null
  since?: string | null
  /** When the relationship ended; none while it lasts. */
  until?: string | null
}

/** What the panel's experts carry besides what the rules read. */
export interface ExpertDisclosures {
  disclosures?: ReadonlyArray<Disclosure | null> | null
}

/** The claim as far as conflicts go: what it is about. */
export interface ClaimTopicOf {
  topic?: ClaimTopic | string | null
}

const TOPIC_TITLES: ReadonlyMap<string, string> = new Map(CLAIM_TOPICS.map((t) => [t.value, t.title]))

/** The UTC day (YYYY-MM-DD) of a date or date-time, or undefined when it is none. */
function utcDay(value: string | null | undefined): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const text = value.trim()
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text)
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10)
}

function namedTopics(disclosure: Disclosure): string[] {
  return Array.isArray(disclosure.topics) ? disclosure.topics.filter((t): t is string => typeof t === 'string' && t !== '') : []
}

/** How long a relationship that ended still shows (rules/conflicts.ts). */
export const DISCLOSURE_WINDOW_MONTHS = RULES_WINDOW

/** The first day a relationship that ended on that day or later still shows, at `now` (rules/conflicts.ts). */
export function disclosureCutoff(now: Date | string): string {
  return rulesCutoff(now)
}

/** Whether a disclosure still shows at `now`: the rules' decision (rules/conflicts.ts), which the approval rule reads too. */
export function disclosureIsCurrent(disclosure: Disclosure, now: Date | string): boolean {
  return disclosureIsCurrentOn(disclosure, rulesCutoff(now))
}

/**
 * THE decision, the rules' own (rules/conflicts.ts): whether a disclosure bears on a claim at
 * `now`. It does when it still shows and either names no topics, or names the claim's topic, or
 * the claim has none.
 */
export function disclosureBearsOn(disclosure: Disclosure, claim: ClaimTopicOf, now: Date | string): boolean {
  return disclosureBearsOnOn(disclosure, claim, rulesCutoff(now))
}

/** A disclosure that bears on a claim, in the words every place shows it. */
export interface Conflict {
  /** The disclosure's `_key` (its index when it has none). */
  key: string
  relationship?: RelationshipKind
  /** "Speaking fees" */
  relationshipTitle?: string
  organisation?: string
  /** The editor's statement, as written for readers. */
  statement?: string
  /** Topic titles it is limited to ("Skin, hair and nails"); empty: it concerns everything. */
  topics: string[]
  /** YYYY-MM */
  since?: string
  /** YYYY-MM */
  until?: string
  /** Whether the relationship has ended (its end date is before today). */
  ended: boolean
  /**
   * What follows the expert's name in a sentence ("has received speaking fees from Glow Labs"),
   * when the relationship and organisation are both known; else undefined, and `statement` says it.
   */
  predicate?: string
  /** The conflict in one phrase, capitalised, no final stop: the predicate, else the statement. */
  summary: string
  /** "since 2024-03", "2023-01 to 2025-06", "until 2025-06", or '' when no date is known. */
  period: string
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function month(value: string | null | undefined): string | undefined {
  return utcDay(value)?.slice(0, 7)
}

function capitalise(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1)
}

function withoutStop(phrase: string): string {
  return phrase.replace(/[.\s]+$/, '')
}

/** A disclosure in words (whether or not it bears on anything). */
export function describeDisclosure(disclosure: Disclosure, now: Date | string, index = 0): Conflict {
  const kind = RELATIONSHIP_KINDS.find((k) => k.value === disclosure.relationship)
  const organisation = text(disclosure.organisation)
  const statement = text(disclosure.statement)
  const untilDay = utcDay(disclosure.until)
  const ended = untilDay !== undefined && untilDay < new Date(now).toISOString().slice(0, 10)
  const verb = kind && 'current' in kind ? (ended ? kind.past : kind.current) : undefined
  const predicate = verb && organisation ? `${verb} ${organisation}` : undefined
  const since = month(disclosure.since)
  const until = month(disclosure.until)
  const period = since && until ? `${since} to ${until}` : since ? `since ${since}` : until ? `until ${until}` : ''
  const fallback = kind ? (organisation ? `${kind.title}: ${organisation}` : kind.title) : 'A disclosure with no statement'
  return {
    key: text(disclosure._key) ?? String(index),
    ...(kind ? {relationship: kind.value, relationshipTitle: kind.title} : {}),
    ...(organisation ? {organisation} : {}),
    ...(statement ? {statement} : {}),
    topics: namedTopics(disclosure).map((t) => TOPIC_TITLES.get(t) ?? t),
    ...(since ? {since} : {}),
    ...(until ? {until} : {}),
    ended,
    ...(predicate ? {predicate} : {}),
    summary: predicate ? capitalise(predicate) : withoutStop(statement ?? fallback),
    period,
  }
}

/** The disclosures of an expert (a document or a query's row) that are objects. */
export function disclosuresOf(expert: ExpertDisclosures | null | undefined): Disclosure[] {
  const list = expert?.disclosures
  return Array.isArray(list) ? list.filter((d): d is Disclosure => typeof d === 'object' && d !== null && !Array.isArray(d)) : []
}

/** The disclosures that bear on a claim at `now`, in the expert's order, in words. */
export function conflictsFor(disclosures: ReadonlyArray<Disclosure | null> | null | undefined, claim: ClaimTopicOf, now: Date | string): Conflict[] {
  const out: Conflict[] = []
  ;(disclosures ?? []).forEach((disclosure, index) => {
    if (disclosure && typeof disclosure === 'object' && disclosureBearsOn(disclosure, claim, now)) out.push(describeDisclosure(disclosure, now, index))
  })
  return out
}

/** The fact-checker's line: "Conflict of interest: Has received speaking fees from Glow Labs, since 2024-03". */
export function conflictLine(conflict: Conflict): string {
  return `Conflict of interest: ${conflict.summary}${conflict.period ? `, ${conflict.period}` : ''}`
}

/** First words with which a statement already reads as what follows a name ("Has received …"). */
const PREDICATE_VERBS = new Set(['has', 'had', 'is', 'was', 'holds', 'held', 'owns', 'owned', 'receives', 'received', 'sits', 'sat', 'serves', 'served', 'works', 'worked', 'advises', 'advised', 'consults', 'consulted', 'sells', 'sold'])

/**
 * The reader's sentence, after the expert's name: "Dr. Lena Marsh has received speaking fees from
 * Glow Labs." ("… until 2025-06." once it ended). Without a predicate it is the statement as
 * written: after the name when it starts with a verb ("Has received fees from a supplement
 * brand."), else "Dr. Lena Marsh discloses: Paid consultant for a device maker."
 */
export function conflictSentence(name: string, conflict: Conflict, formatMonth: (yearMonth: string) => string = (m) => m): string {
  const until = conflict.ended && conflict.until ? formatMonth(conflict.until) : undefined
  if (conflict.predicate) return `${name} ${conflict.predicate}${until ? ` until ${until}` : ''}.`
  const first = /^[A-Za-z]+/.exec(conflict.summary)?.[0]?.toLowerCase()
  const said = first && PREDICATE_VERBS.has(first) ? `${name} ${conflict.summary.charAt(0).toLowerCase()}${conflict.summary.slice(1)}` : `${name} discloses: ${conflict.summary}`
  return `${said}${until ? ` (until ${until})` : ''}.`
}
