/**
 * Credentials to verify again: those whose verification has lapsed (they block their expert's
 * claims and reviews now, `expert.verificationDue`) and those whose verification lapses within the
 * next days, for the fact-checkers' "Re-verify credentials" list.
 *
 * Pure: no React, no Studio runtime, no I/O. How long a verification counts is the rules' own
 * (rules/credentials.ts: `credentialStanding`, `verifiedSince`); this module asks them and never
 * decides it again. How many published articles rely on each expert is counted by the data layer
 * (./reverificationData.ts) and handed in.
 */
import {registryOf} from './rules/acceptance.ts'
import {CREDENTIAL_KINDS} from './rules/constants.ts'
import {credentialStanding, issuedBy, utcDay, verifiedSince, type VerificationPolicy} from './rules/credentials.ts'
import {getPublishedId, isPublishedId} from './rules/ids.ts'
import type {Credential, ExpertDoc, MedicalClaimsOptions, Path} from './rules/types.ts'

/** How far ahead the list looks for verifications about to lapse, in days. */
export const REVERIFY_WITHIN_DAYS = 30

/** The options the list reads: how long a verification counts, and the project's issuers (for their names and registers). */
export type ReverificationOptions = VerificationPolicy & Pick<MedicalClaimsOptions, 'issuers'>

const DAY_MS = 86_400_000
const DAY_PREFIX = /^\d{4}-\d{2}-\d{2}/

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from one UTC day (YYYY-MM-DD) to another: negative when `to` is earlier. */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

/** The UTC day a credential was last verified (YYYY-MM-DD), when its verification is dated. */
export function lastVerifiedOn(credential: Pick<Credential, 'verification'>): string | null {
  const at = credential.verification?.verifiedAt
  return typeof at === 'string' && DAY_PREFIX.test(at) && !Number.isNaN(Date.parse(`${at.slice(0, 10)}T00:00:00Z`)) ? at.slice(0, 10) : null
}

/**
 * The first day (YYYY-MM-DD, UTC) on which a credential's verification no longer counts: the day
 * after the last day whose `verifiedSince` still covers the day it was verified. Null when the
 * verification has no date (then it never counted).
 */
export function verificationDueOn(credential: Pick<Credential, 'issuer' | 'verification'>, policy: VerificationPolicy): string | null {
  const verifiedOn = lastVerifiedOn(credential)
  if (!verifiedOn) return null
  // verifiedSince(day) is a fixed interval before `day`: asked on the day verified, it says how
  // long that interval is; the verification covers every day up to that many days later.
  const interval = daysFrom(verifiedSince(credential, policy, verifiedOn), verifiedOn)
  return addDays(verifiedOn, interval + 1)
}

/** Where a credential stands in the list: its verification lapsed already, or lapses within the window. */
export type ReverificationState = 'overdue' | 'dueSoon'

/** One credential to verify again. */
export interface ReverificationItem {
  state: ReverificationState
  /** The expert's published id and type (for intent links). */
  expertId: string
  expertType: string
  expertName: string
  /** The credential's `_key` (its index, as "#2", when it has none). */
  credentialKey: string
  /** Where the credential is in the expert document, for a link that opens it. */
  path: Path
  credentialTitle: string
  /** Who issued it, as the registry names it (rules/credentials.ts `issuedBy`). */
  issuer?: string
  /** Where the issuer's register is looked up, when the registry knows it. */
  registerUrl?: string
  jurisdiction?: string
  identifier?: string
  /** YYYY-MM-DD; null when the verification has no date. */
  lastVerifiedOn: string | null
  /** The first day its verification no longer counts (YYYY-MM-DD); null when it has no date. */
  dueOn: string | null
  /** Days from today to `dueOn` (0 or less once overdue); null without a date. */
  daysUntilDue: number | null
  /** Published articles relying on the expert: with a claim attributed to them, or their medical review. */
  articleCount: number
}

export interface ReverificationInput {
  /** The published experts. */
  experts: ReadonlyArray<ExpertDoc>
  /** Published articles relying on each expert, by published id (./reverificationData.ts counts them); missing means none. */
  articlesByExpert: ReadonlyMap<string, number>
  options: ReverificationOptions
  now: Date | string
  /** How many days ahead to look (REVERIFY_WITHIN_DAYS by default). */
  withinDays?: number
}

const CREDENTIAL_KIND_TITLES = new Map<string, string>(CREDENTIAL_KINDS.map((k) => [k.value, k.title]))

function credentialTitle(credential: Credential): string {
  return credential.title?.trim() || CREDENTIAL_KIND_TITLES.get(credential.kind ?? '') || 'Credential'
}

function trimmed(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

/** Overdue first, the longest overdue first (undated first of all), then the soonest due; then the most relied on. */
function compareItems(a: ReverificationItem, b: ReverificationItem): number {
  if (a.state !== b.state) return a.state === 'overdue' ? -1 : 1
  if (a.dueOn !== b.dueOn) {
    if (a.dueOn === null) return -1
    if (b.dueOn === null) return 1
    return a.dueOn < b.dueOn ? -1 : 1
  }
  if (a.articleCount !== b.articleCount) return b.articleCount - a.articleCount
  return a.expertName.localeCompare(b.expertName) || a.expertId.localeCompare(b.expertId) || a.credentialKey.localeCompare(b.credentialKey)
}

/**
 * Every credential of the published experts that is due for verification again today (its
 * standing is `verificationDue`), or verified and due within `withinDays` days, overdue first.
 * Revoked, expired, unverified and changed credentials are left out: verifying them again is not
 * what they need first (the rules say what they do need).
 */
export function buildReverificationQueue(input: ReverificationInput): ReverificationItem[] {
  const withinDays = input.withinDays ?? REVERIFY_WITHIN_DAYS
  if (!Number.isInteger(withinDays) || withinDays < 0) {
    throw new Error(`withinDays must be a whole number of days, 0 or more (got ${JSON.stringify(input.withinDays)}); leave it out for ${REVERIFY_WITHIN_DAYS}.`)
  }
  const today = utcDay(input.now)
  const horizon = addDays(today, withinDays)
  const registry = registryOf(input.options)
  const items: ReverificationItem[] = []
  const seen = new Set<string>()
  for (const expert of input.experts) {
    if (!expert || typeof expert._id !== 'string' || !isPublishedId(expert._id) || seen.has(expert._id)) continue
    seen.add(expert._id)
    ;(expert.credentials ?? []).forEach((credential, index) => {
      if (!credential) return
      const standing = credentialStanding(credential, input.now, expert, input.options)
      const dueOn = verificationDueOn(credential, input.options)
      const state: ReverificationState | null =
        standing === 'verificationDue' ? 'overdue' : standing === 'valid' && dueOn !== null && dueOn <= horizon ? 'dueSoon' : null
      if (!state) return
      const key = trimmed(credential._key)
      const issuerEntry = typeof credential.issuer === 'string' ? registry.get(credential.issuer) : undefined
      const issuer = issuedBy(credential, registry)
      const jurisdiction = trimmed(credential.jurisdiction)
      const identifier = trimmed(credential.identifier)
      items.push({
        state,
        expertId: expert._id,
        expertType: expert._type,
        expertName: expert.name?.trim() || 'Unnamed expert',
        credentialKey: key ?? `#${index}`,
        path: ['credentials', key ? {_key: key} : index],
        credentialTitle: credentialTitle(credential),
        ...(issuer ? {issuer} : {}),
        ...(issuerEntry?.registerUrl ? {registerUrl: issuerEntry.registerUrl} : {}),
        ...(jurisdiction ? {jurisdiction} : {}),
        ...(identifier ? {identifier} : {}),
        lastVerifiedOn: lastVerifiedOn(credential),
        dueOn,
        daysUntilDue: dueOn === null ? null : daysFrom(today, dueOn),
        articleCount: input.articlesByExpert.get(getPublishedId(expert._id)) ?? 0,
      })
    })
  }
  return items.sort(compareItems)
}
