/**
 * Which of an expert's conflict-of-interest disclosures bear on a claim: the one decision the
 * fact-check panel, the site and, with `acknowledgeConflicts`, the approval rule read. Written so
 * that GROQ decides alike (queries/compliance.ts DISCLOSURE_BEARS). Pure, like the rest of the rules.
 */
import type {Claim, ExpertDoc} from './types.ts'

/** How long a relationship that ended still bears: publishers disclose the relationships of the past 12 months. */
export const DISCLOSURE_WINDOW_MONTHS = 12

/** A disclosure as the rules read it (any field may be missing or hold something else). */
export interface DisclosureFacts {
  _key?: unknown
  topics?: unknown
  until?: unknown
}

/** The first day (YYYY-MM-DD) a relationship may have ended on and still bear, at `now`: DISCLOSURE_WINDOW_MONTHS back (UTC). */
export function disclosureCutoff(now: Date | string): string {
  const today = new Date(now)
  if (Number.isNaN(today.getTime())) throw new Error(`Invalid time "${String(now)}": pass a Date or an ISO 8601 string.`)
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - DISCLOSURE_WINDOW_MONTHS, today.getUTCDate())).toISOString().slice(0, 10)
}

/** Whether a disclosure still bears: it has no end, or ended on the cutoff day or later (dates compare as text, as GROQ compares them). */
export function disclosureIsCurrentOn(disclosure: DisclosureFacts, cutoff: string): boolean {
  const until = disclosure.until
  return until === undefined || until === null || (typeof until === 'string' && until >= cutoff)
}

const isTopic = (value: unknown): value is string => typeof value === 'string' && value !== ''

/**
 * Whether a current disclosure bears on a claim: it names no topics, or the claim's, or the claim
 * has no topic (nothing says the relationship is unrelated, and a conflict left unsaid is the
 * failure this exists to prevent).
 */
export function disclosureBearsOnOn(disclosure: DisclosureFacts, claim: {topic?: unknown}, cutoff: string): boolean {
  if (!disclosureIsCurrentOn(disclosure, cutoff)) return false
  const topics = Array.isArray(disclosure.topics) ? disclosure.topics.filter(isTopic) : []
  return topics.length === 0 || !isTopic(claim.topic) || topics.includes(claim.topic)
}

/** The `_key`s of the disclosures of the claim's expert that bear on it ("" for one without a key: no approval can name it). */
export function bearingDisclosureKeys(expert: Pick<ExpertDoc, 'disclosures'> | undefined, claim: Pick<Claim, 'topic'>, cutoff: string): string[] {
  return bearingDisclosures(expert, claim, cutoff).map((d) => (typeof d._key === 'string' ? d._key : ''))
}

/** The disclosures of the claim's expert that bear on it, at the cutoff. */
export function bearingDisclosures(expert: Pick<ExpertDoc, 'disclosures'> | undefined, claim: Pick<Claim, 'topic'>, cutoff: string): DisclosureFacts[] {
  const list: unknown[] = Array.isArray(expert?.disclosures) ? expert.disclosures : []
  return list.filter((d): d is DisclosureFacts => typeof d === 'object' && d !== null && disclosureBearsOnOn(d as DisclosureFacts, claim, cutoff))
}
