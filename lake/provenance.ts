/**
 * Provenance: who made a fact-check decision or a credential verification, and when, is the
 * authenticated user and the server's clock at the write, never what the client wrote.
 *
 *  - A decision (`factCheck.approval`, `factCheck.rejection`, or a medical review `factCheck.review`) written or changed gets
 *    `checkedBy = {id, name, roles}` of the signed-in user and `checkedAt = now`. A write that
 *    names another user (an administrator's included), claims roles the user does not hold, or
 *    dates the decision in the future is refused with a message that says so.
 *  - A medical review, new or changed, must set its next review date after today and within the
 *    options' `maxReviewIntervalDays`, and a user who is not a medical reviewer (a fact-checker
 *    recording it on the reviewer's behalf) must give the evidence of the review.
 *  - A credential verification that is new (no version of the expert, published, draft or
 *    release, carries it on that credential already) gets `verifiedBy = "<name> (<id>)"` of the
 *    signed-in user and `verifiedAt = now`, with the same refusals. Copying a verification that
 *    exists (publishing a draft a fact-checker verified) keeps who verified it.
 *  - A new verification is pinned to what was verified: its `fingerprint` is computed here from the
 *    credential and its holder's name as the write leaves them (rules/fingerprints.ts); a client
 *    fingerprint of other details is refused (the credential changed since it was read).
 *  - A verification written in a draft or release version of an expert lands on the published
 *    expert in the same transaction: a verification never waits for someone to publish it. A
 *    revocation lands on the expert's draft too, so the draft an editor works on shows it.
 *  - A revoked verification stays revoked until a verifier verifies the credential again: a write
 *    that would replace it with an older verification (publishing a draft or a release made before
 *    the revocation, a scheduled publish included) keeps the revocation (keepRevocations).
 */
import {DECISION_TYPES, EXPERT_TYPE, REVIEW_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {credentialFingerprint} from '../plugins/medical-claims/rules/fingerprints.ts'
import {getDraftId, getPublishedId, isPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import {latestNextReview, reviewPermission} from '../plugins/medical-claims/rules/policy.ts'
import type {Credential, MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import type {Doc} from './dataset.ts'
import {badRequest, forbidden} from './errors.ts'
import {foreignNameRefusal, foreignRolesRefusal, foreignVerifierRefusal, othersDecisionRefusal, signedInAs, type WordingOptions} from './role-refusals.ts'
import {stableJson} from './stable.ts'
import type {TxBuilder} from './transaction.ts'
import type {LakeUser} from './users.ts'

/** How far ahead of the server's clock a client's timestamp may be (clock skew) before it counts as "in the future". */
export const CLOCK_SKEW_MS = 60_000

const DECISION_TYPE_SET: ReadonlySet<string> = new Set(DECISION_TYPES)
const SYSTEM_FIELDS = new Set(['_rev', '_createdAt', '_updatedAt', '_id'])
const stableOf = (value: unknown): string => stableJson(value, SYSTEM_FIELDS)


function checkTimestamp(value: unknown, field: string, id: string, now: string): void {
  if (value === undefined || value === null) return
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (Number.isNaN(time)) throw badRequest(`${field} of "${id}" is not a date-time (${JSON.stringify(value)}); leave it out: the lake records the time of the write.`)
  if (time > Date.parse(now) + CLOCK_SKEW_MS) {
    throw badRequest(`${field} of "${id}" is in the future (${String(value)}; the lake's clock says ${now}). Leave it out: the lake records the time of the write.`, 'futureTimestampError')
  }
}

/**
 * Stamps decisions and verifications the transaction writes (see the file comment). Throws 400/403
 * for forged provenance. Verifications are stamped only for users who may verify (`mayVerify`):
 * anyone else's is left for the permission check, which refuses it.
 */
export function stampProvenance(tx: TxBuilder, user: LakeUser, now: string, mayVerify: boolean, options: WordingOptions): void {
  for (const change of tx.changes()) {
    const doc = change.after
    if (!doc) continue
    if (DECISION_TYPE_SET.has(doc._type)) stampDecision(tx, change.id, change.before, doc, user, now, options)
    else if (doc._type === EXPERT_TYPE && mayVerify) stampVerifications(tx, change.id, doc, user, now)
  }
}

function stampDecision(tx: TxBuilder, id: string, before: Doc | null, doc: Doc, user: LakeUser, now: string, options: WordingOptions): void {
  const claimed = (doc.checkedBy ?? {}) as {id?: unknown; roles?: unknown}
  if (claimed.id !== undefined && claimed.id !== user.id) {
    const recordedBy = (before?.checkedBy as {id?: unknown} | undefined)?.id
    // A change to a decision someone else recorded (its checkedBy as stored): theirs to change.
    if (before && DECISION_TYPE_SET.has(before._type) && recordedBy === claimed.id) {
      throw forbidden(`Permission denied. ${othersDecisionRefusal(user, id, before, 'change', options)}`, {documentId: id})
    }
    throw forbidden(`Permission denied. ${foreignNameRefusal(user, id, doc, claimed.id)}`, {documentId: id})
  }
  const roles = Array.isArray(claimed.roles) ? claimed.roles : []
  const foreign = roles.filter((role) => role !== user.role)
  if (foreign.length > 0) throw forbidden(`Permission denied. ${foreignRolesRefusal(user, id, foreign)}`, {documentId: id})
  checkTimestamp(doc.checkedAt, 'checkedAt', id, now)
  const stamped = {id: user.id, name: user.name, roles: [user.role]}
  // Re-saving a decision unchanged (same content, same checker) keeps its time.
  const {checkedAt: _a, checkedBy: _b, ...content} = doc
  const unchanged =
    before !== null &&
    (before.checkedBy as {id?: unknown} | undefined)?.id === user.id &&
    stableOf((({checkedAt: _c, checkedBy: _d, ...rest}) => rest)(before)) === stableOf(content)
  const checkedAt = unchanged && typeof before.checkedAt === 'string' ? before.checkedAt : now
  if (stableOf(doc.checkedBy) === stableOf(stamped) && doc.checkedAt === checkedAt) return
  tx.put(id, {...doc, checkedBy: stamped, checkedAt}, true)
}

/**
 * The medical reviews a transaction writes: each new or changed one must set a next review date
 * after today and within the interval, and carry evidence unless a medical reviewer records it
 * (see the file comment). Run after the permission checks, so a user who may not write the review
 * hears that first. Throws 400.
 */
export function checkReviews(tx: TxBuilder, user: LakeUser, now: string, options: MedicalClaimsOptions): void {
  for (const change of tx.changes()) if (change.after?._type === REVIEW_TYPE) checkReview(change.id, change.before, change.after, user, now, options)
}

/** One medical review's next review date and evidence; unchanged re-saves are not checked again. */
function checkReview(id: string, before: Doc | null, doc: Doc, user: LakeUser, now: string, options: MedicalClaimsOptions): void {
  const content = (d: Doc) => stableOf((({checkedAt: _a, checkedBy: _b, ...rest}) => rest)(d))
  if (before?._type === REVIEW_TYPE && content(before) === content(doc)) return
  const due = doc.nextReviewDue
  const today = now.slice(0, 10)
  const latest = latestNextReview(now, options)
  if (typeof due !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(`${due}T00:00:00Z`))) {
    throw badRequest(`nextReviewDue of the medical review "${id}" must be a date (YYYY-MM-DD), such as ${latest ?? 'a year from now'}: the day the article is next due for review.`)
  }
  if (due <= today) throw badRequest(`nextReviewDue of the medical review "${id}" (${due}) must be after today (${today}): set when the article is next due for review.`)
  if (latest !== null && due > latest) {
    throw badRequest(
      `nextReviewDue of the medical review "${id}" (${due}) is more than ${options.maxReviewIntervalDays} days ahead: set it on or before ${latest}. A later date needs a new review then.`,
    )
  }
  const {evidenceRequired} = reviewPermission({userId: user.id, roles: [user.role], editors: [], options})
  const evidence = doc.evidence
  if (evidenceRequired && !(typeof evidence === 'string' && evidence.trim())) {
    throw badRequest(
      `You are signed in as ${signedInAs(user)}, not as a medical reviewer, so the medical review "${id}" is recorded on the reviewer's behalf and needs its evidence: fill in "evidence" with how the review reached you (the reviewer's signed form or message).`,
    )
  }
}

interface CredentialLike {
  _key?: unknown
  verification?: Record<string, unknown> | null
  [field: string]: unknown
}

const credentialsOf = (doc: Doc | null | undefined): CredentialLike[] =>
  Array.isArray(doc?.credentials) ? (doc.credentials as unknown[]).filter((c): c is CredentialLike => Boolean(c) && typeof c === 'object') : []

/** The verification as it matters for provenance: everything but who and when. */
const verificationSubstance = (v: Record<string, unknown> | null | undefined): string => {
  if (!v || typeof v !== 'object') return stableOf(null)
  const {verifiedBy: _by, verifiedAt: _at, ...rest} = v
  return stableOf(rest)
}

const isNeutral = (v: Record<string, unknown> | null | undefined): boolean =>
  !v || ((v.status === undefined || v.status === 'unverified') && !v.verifiedBy && !v.verifiedAt && !v.evidence)

/** The user id inside a "<name> (<id>)" verifier label (or the label itself). */
function verifierId(label: unknown): string | null {
  if (typeof label !== 'string' || !label.trim()) return null
  const match = /\(([^()]+)\)\s*$/.exec(label)
  return (match ? match[1] : label).trim()
}

/** Whether a verifier label names the user: their id in "(...)", their id, or a part of their name. */
function namesUser(label: unknown, user: LakeUser): boolean {
  if (typeof label !== 'string' || !label.trim()) return true
  const match = /\(([^()]+)\)\s*$/.exec(label)
  if (match) return match[1].trim() === user.id
  const text = label.trim().toLowerCase()
  return text === user.id.toLowerCase() || user.name.toLowerCase().includes(text)
}

function stampVerifications(tx: TxBuilder, id: string, doc: Doc, user: LakeUser, now: string): void {
  const base = getPublishedId(id)
  // Every verification each credential already carries, in any version of this expert.
  const known = new Map<string, Array<Record<string, unknown>>>()
  for (const existing of [tx.ds.docs.get(id), tx.ds.docs.get(base), tx.ds.docs.get(getDraftId(base)), ...[...tx.ds.versionIds(base)].map((v) => tx.ds.docs.get(v))]) {
    if (existing?._type !== EXPERT_TYPE) continue
    for (const c of credentialsOf(existing)) {
      if (typeof c._key !== 'string' || !c.verification) continue
      const list = known.get(c._key) ?? []
      list.push(c.verification)
      known.set(c._key, list)
    }
  }
  const label = `${user.name} (${user.id})`
  // What this document said before the write: who/when left as they were is not a claim by the writer.
  const before = new Map<string, Record<string, unknown>>()
  const previous = tx.ds.docs.get(id)
  if (previous?._type === EXPERT_TYPE) for (const c of credentialsOf(previous)) if (typeof c._key === 'string' && c.verification) before.set(c._key, c.verification)
  let changed = false
  const fresh = new Map<string, Record<string, unknown>>()
  const credentials = credentialsOf(doc).map((c, index) => {
    const v = c.verification
    if (isNeutral(v)) return c
    // Verifications are stamped and kept per credential `_key`: one without a key could not be told apart, so it is not taken.
    if (typeof c._key !== 'string' || c._key === '') {
      throw badRequest(
        `Credential ${index + 1} of "${id}" carries a verification but has no _key, so it was not written: each credential needs a _key (the Studio gives every one) for its verification to be stamped and checked. Give the credential a _key and write it again.`,
        'validationError',
        {documentId: id},
      )
    }
    const previous = known.get(c._key) ?? []
    // Copied from a version that has it (who and when included): kept as it is.
    if (previous.some((p) => stableOf(p) === stableOf(v))) return c
    const claimedBy = verifierId(v?.verifiedBy)
    const same = previous.find((p) => verificationSubstance(p) === verificationSubstance(v))
    if (same && claimedBy && claimedBy === verifierId(same.verifiedBy) && claimedBy !== user.id) {
      // The same verification with who/when rewritten: keep the original record.
      changed = true
      return {...c, verification: same}
    }
    const kept = before.get(c._key)
    const claimed = kept && kept.verifiedBy === v?.verifiedBy ? undefined : v?.verifiedBy
    if (!namesUser(claimed, user)) {
      throw forbidden(`Permission denied. ${foreignVerifierRefusal(user, id, c._key, v?.verifiedBy)}`, {documentId: id})
    }
    if (!(kept && kept.verifiedAt === v?.verifiedAt)) checkTimestamp(v?.verifiedAt, `verifiedAt of credential "${c._key}"`, id, now)
    // What was verified is the credential (and its holder's name) as this write leaves it.
    const {verification: _v, ...credential} = c
    const pinned = v?.status === 'verified' ? credentialFingerprint(doc.name, credential as Credential) : null
    if (pinned !== null && typeof v?.fingerprint === 'string' && v.fingerprint !== pinned) {
      throw badRequest(
        `The verification of credential "${c._key}" of "${id}" is for other details than the credential now has (it changed since it was read). Reload the expert and verify it again.`,
        'verificationConflictError',
      )
    }
    const verification = {...v, verifiedBy: label, verifiedAt: now, ...(pinned !== null ? {fingerprint: pinned} : {})}
    fresh.set(c._key, verification)
    changed = true
    return {...c, verification}
  })
  if (changed) tx.put(id, {...doc, credentials}, true)
  // Verified in a draft or a release version: the published expert carries it at once.
  if (!isPublishedId(id)) landOn(tx, base, fresh)
  // A revocation made on the published expert shows in its draft too.
  if (isPublishedId(id)) landOn(tx, getDraftId(base), new Map([...fresh].filter(([, verification]) => verification.status === 'revoked')))
}

const timeOf = (verification: Record<string, unknown> | null | undefined): number => {
  const at = typeof verification?.verifiedAt === 'string' ? Date.parse(verification.verifiedAt) : Number.NaN
  return Number.isNaN(at) ? Number.NEGATIVE_INFINITY : at
}

/**
 * A correction always lands: where a write would replace a published expert's revoked
 * verification with one older than the revocation (or with none), the revocation is kept. Only a
 * verification made since replaces it: one this write stamped (stampVerifications, a verifier's),
 * or one stamped after the revocation's time; a revocation with no time of its own gives way to
 * this write's stamp alone. Runs for every write the lake checks, its own scheduled publishes
 * included.
 */
export function keepRevocations(tx: TxBuilder): void {
  const madeSince = (verification: Record<string, unknown> | null | undefined, revocation: Record<string, unknown>) =>
    verification?.verifiedAt === tx.now || (timeOf(revocation) !== Number.NEGATIVE_INFINITY && timeOf(verification) >= timeOf(revocation))
  for (const change of tx.changes()) {
    if (!isPublishedId(change.id) || change.before?._type !== EXPERT_TYPE || change.after?._type !== EXPERT_TYPE) continue
    const revocations = new Map<string, Record<string, unknown>>()
    for (const c of credentialsOf(change.before)) if (typeof c._key === 'string' && c.verification?.status === 'revoked') revocations.set(c._key, c.verification)
    if (revocations.size === 0) continue
    let kept = false
    const credentials = credentialsOf(change.after).map((c) => {
      const revocation = typeof c._key === 'string' ? revocations.get(c._key) : undefined
      if (!revocation || stableOf(c.verification) === stableOf(revocation) || madeSince(c.verification, revocation)) return c
      kept = true
      return {...c, verification: revocation}
    })
    if (kept) tx.put(change.id, {...change.after, credentials}, true)
  }
}

/** Puts these verifications (by credential key) on the credentials of expert `id` that have those keys, if it is an expert. */
function landOn(tx: TxBuilder, id: string, verifications: ReadonlyMap<string, Record<string, unknown>>): void {
  if (verifications.size === 0) return
  const target = tx.get(id)
  if (!target || target._type !== EXPERT_TYPE) return
  let landed = false
  const credentials = credentialsOf(target).map((c) => {
    const verification = typeof c._key === 'string' ? verifications.get(c._key) : undefined
    if (!verification || stableOf(verification) === stableOf(c.verification)) return c
    landed = true
    return {...c, verification}
  })
  if (landed) tx.put(id, {...target, credentials}, true)
}
