/**
 * What an attestation covers. A fact-checker's approval of a claim and a fact-checker's
 * verification of a credential are each pinned to a fingerprint of what they checked, and count
 * only while the fingerprint of the content as it is now is the same: changing anything a
 * fingerprint covers voids the attestation until someone checks it again.
 *
 * A fingerprint is plain text, so that GROQ rebuilds it alike (queries/compliance.ts) and the
 * local lake's native check too (lake/query/compliance.ts): fields joined by `|`, each field
 * escaped (`~` written `~0`, then `|` written `~1`), so no field can spill into the next. A
 * missing field is empty; a field holding anything but text (a number, an object) cannot be
 * pinned, and the fingerprint is then null, which no attestation matches.
 */
import {CITATION_TYPE, EXPERT_TYPE} from './constants.ts'
import {findDocument, type DocumentsById, documentsById} from './lookup.ts'
import type {CitationDoc, Claim, Credential, ExpertDoc} from './types.ts'

export const FINGERPRINT_SEPARATOR = '|'

/** One field of a fingerprint: text escaped, a missing value empty, anything else null. */
export function fingerprintField(value: unknown): string | null {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') return null
  // Most text holds neither character: no copy then.
  if (!value.includes('~') && !value.includes('|')) return value
  return value.replaceAll('~', '~0').replaceAll('|', '~1')
}

/** Appends the escaped fields to `out`; false when one cannot be pinned. */
function pushFields(out: string[], values: ReadonlyArray<unknown>): boolean {
  for (const value of values) {
    const field = fingerprintField(value)
    if (field === null) return false
    out.push(field)
  }
  return true
}

// Fingerprints are joined once from a list of fields: one flat string, not a chain of partial ones
// (an article's verdict keeps a fingerprint per claim, so their size is what a verdict costs).
function joinFields(values: ReadonlyArray<unknown>): string | null {
  const out: string[] = []
  return pushFields(out, values) ? out.join(FINGERPRINT_SEPARATOR) : null
}

/** The fields of a credential a verification covers, in fingerprint order (after the holder's name). */
export const VERIFIED_CREDENTIAL_FIELDS = [
  'kind',
  'profession',
  'specialty',
  'title',
  'issuingBody',
  'jurisdiction',
  'identifier',
  'issuedOn',
  'expiresOn',
] as const satisfies ReadonlyArray<keyof Credential>

/**
 * What a credential's verification covers: the holder's name and what the credential says (kind,
 * profession, specialty, title, issuing body, jurisdiction, identifier, issued and expiry dates,
 * and, when set, the issuer's registry id).
 * Stored in `verification.fingerprint` when a credential is verified.
 */
export function credentialFingerprint(holderName: unknown, credential: Credential): string | null {
  const values: unknown[] = [holderName]
  for (const field of VERIFIED_CREDENTIAL_FIELDS) values.push((credential as Record<string, unknown>)[field])
  // The issuer (a registry id) joined later: a credential without one keeps the fingerprint it had.
  if (present(credential.issuer)) values.push(credential.issuer)
  return joinFields(values)
}

/** Whether an optional field is set (a field added to a fingerprint later counts only when set, so attestations of older data still match). */
function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== ''
}

/**
 * Whether a verified credential's own details are still those its verification covers, the
 * holder's name aside (for places that see the credential without its expert, such as a list
 * item's preview; the rules use verificationMatches).
 */
export function verificationCoversDetails(credential: Credential): boolean {
  const stored = credential.verification?.fingerprint
  if (typeof stored !== 'string') return false
  // The name is the first field, and an escaped field holds no separator.
  const cut = stored.indexOf(FINGERPRINT_SEPARATOR)
  return cut !== -1 && stored.slice(cut) === credentialFingerprint('', credential)
}

/** Whether a credential's verification was given to the credential and holder as they are now. */
export function verificationMatches(credential: Credential, holder: Pick<ExpertDoc, 'name'> | undefined): boolean {
  const stored = credential.verification?.fingerprint
  if (typeof stored !== 'string') return false
  return stored === credentialFingerprint(holder?.name, credential)
}

/** The documents a claim's fingerprint reads: its expert and its citations, as arrays or maps by published id. */
export interface ClaimDocuments {
  experts?: ReadonlyArray<ExpertDoc> | DocumentsById<ExpertDoc>
  citations?: ReadonlyArray<CitationDoc> | DocumentsById<CitationDoc>
}

type ClaimParts = Pick<Claim, 'kind' | 'topic' | 'text' | 'context' | 'expertId' | 'citationIds'>

/** Where a claim's topic starts in its fingerprint's first field. */
export const TOPIC_MARK = '~t'

/**
 * The fingerprint of a claim with its expert and citations found already (undefined: not found,
 * or not of the expert or citation type).
 */
export function claimFingerprintOf(
  claim: ClaimParts,
  expert: ExpertDoc | undefined,
  citation: (id: string) => CitationDoc | undefined,
): string | null {
  const out: string[] = []
  if (!pushFields(out, [claim.kind, claim.expertId, expert?.name, claim.text, claim.context])) return null
  if (present(claim.topic)) {
    // The topic rides on the kind's field after `~t` (which no escaped field holds), so a claim without one keeps its fingerprint.
    const topic = fingerprintField(claim.topic)
    if (topic === null) return null
    out[0] += `${TOPIC_MARK}${topic}`
  }
  for (const id of claim.citationIds) {
    const doc = citation(id)
    if (!pushFields(out, [id, doc?.title, doc?.doi, doc?.pmid, doc?.url])) return null
    const details = citationDetails(doc)
    if (details === null) return null
    out[out.length - 1] += details
  }
  return out.join(FINGERPRINT_SEPARATOR)
}

/**
 * The details of a source that ride on its URL's field, each after its mark and only when set (so
 * an approval of a source without them still matches): what decides whether it counts as evidence
 * (its kind and evidence level) and the rest of what a reader sees of it (authors as the site joins
 * them, journal, publisher, year).
 */
export const CITATION_DETAIL_MARKS = [
  ['kind', '~k'],
  ['evidenceLevel', '~e'],
  ['authors', '~a'],
  ['journal', '~j'],
  ['publisher', '~p'],
  ['year', '~y'],
] as const

/** The text GROQ's `string()` and `array::join()` give a scalar: numbers, booleans and text; null for anything else. */
export function scalarText(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? `${value}` : null
}

function citationDetails(doc: CitationDoc | undefined): string | null {
  if (!doc) return ''
  let details = ''
  for (const [name, mark] of CITATION_DETAIL_MARKS) {
    const value: unknown = (doc as unknown as Record<string, unknown>)[name]
    let text: unknown = value
    if (name === 'authors') {
      // A list of names, joined as the site shows them; an empty list, or anything but a list, is not pinned.
      if (!Array.isArray(value) || value.length === 0) continue
      const names = value.map(scalarText)
      if (names.includes(null)) return null
      text = names.join(', ')
    } else {
      if (!present(value)) continue
      if (name === 'year') {
        text = scalarText(value)
        if (text === null) return null
      }
    }
    const field = fingerprintField(text)
    if (field === null) return null
    details += `${mark}${field}`
  }
  return details
}

/**
 * What a fact-checker approves: what a reader sees of the claim and what vouches for it. The
 * claim's kind (and its topic, when it has one, as `kind~ttopic`), its expert (id and name), its text as the site renders it (every child of its
 * block that carries its mark), the text of the whole block, and each citation (id, title, DOI,
 * PMID, URL, then the details CITATION_DETAIL_MARKS lists, on the URL's field), in order:
 *
 *   kind|expertId|expertName|claim text|block text|citationId|title|doi|pmid|url~kkind~elevel...|citationId|...
 *
 * Pass the documents the claim refers to; a document not given, or of another type, counts as not
 * found (its fields empty). Null when a field holds something other than text.
 */
export function claimFingerprint(claim: ClaimParts, documents: ClaimDocuments = {}): string | null {
  const experts = documentsById(documents.experts ?? [])
  const citations = documentsById(documents.citations ?? [])
  const expert = claim.expertId ? findDocument(experts, claim.expertId, EXPERT_TYPE) : undefined
  return claimFingerprintOf(claim, expert, (id) => findDocument(citations, id, CITATION_TYPE))
}

/** A claim fingerprint read back into its fields (for reports that say what changed). */
export interface ClaimFingerprintParts {
  kind: string
  topic: string
  expertId: string
  expertName: string
  text: string
  context: string
  /** Each source; `details` holds its kind, evidence level, authors, journal, publisher and year, each after its mark. */
  citations: Array<{id: string; title: string; doi: string; pmid: string; url: string; details: string}>
}

function unescapeField(field: string): string {
  return field.split('~1').join('|').split('~0').join('~')
}

/** The fields of a claim fingerprint, or null when the text is not one (an older or foreign form). */
export function parseClaimFingerprint(fingerprint: string): ClaimFingerprintParts | null {
  const fields = fingerprint.split(FINGERPRINT_SEPARATOR).map(unescapeField)
  if (fields.length < 5 || (fields.length - 5) % 5 !== 0) return null
  const [kindAndTopic, expertId, expertName, text, context] = fingerprint.split(FINGERPRINT_SEPARATOR, 5)
  const cut = kindAndTopic.indexOf(TOPIC_MARK)
  const kind = unescapeField(cut === -1 ? kindAndTopic : kindAndTopic.slice(0, cut))
  const topic = cut === -1 ? '' : unescapeField(kindAndTopic.slice(cut + TOPIC_MARK.length))
  const citations: ClaimFingerprintParts['citations'] = []
  const raw = fingerprint.split(FINGERPRINT_SEPARATOR)
  for (let i = 5; i < fields.length; i += 5) {
    // The URL's field carries the source's other details after their marks (`~` then a letter, which no escaped text holds).
    const cutAt = raw[i + 4].search(/~[a-z]/)
    const url = cutAt === -1 ? raw[i + 4] : raw[i + 4].slice(0, cutAt)
    const details = cutAt === -1 ? '' : raw[i + 4].slice(cutAt)
    citations.push({id: fields[i], title: fields[i + 1], doi: fields[i + 2], pmid: fields[i + 3], url: unescapeField(url), details: unescapeField(details)})
  }
  return {kind, topic, expertId: unescapeField(expertId), expertName: unescapeField(expertName), text: unescapeField(text), context: unescapeField(context), citations}
}

/**
 * An expert whose verified credentials carry the fingerprint of what is verified now (what the
 * Studio's verify action writes), for builders of datasets: the seed, fixtures, a server that
 * stamps verifications. Credentials that are not verified, or cannot be pinned, are left as they are.
 */
export function withVerificationFingerprints<T extends object>(expert: T & {name?: unknown; credentials?: unknown}): T {
  if (!Array.isArray(expert.credentials)) return expert
  const credentials = (expert.credentials as Credential[]).map((credential) => {
    if (!credential || credential.verification?.status !== 'verified') return credential
    const fingerprint = credentialFingerprint(expert.name, credential)
    return fingerprint === null ? credential : {...credential, verification: {...credential.verification, fingerprint}}
  })
  return {...expert, credentials}
}

/** What a medical review covers (the `reviewCovers` option). */
export type ReviewScope = 'article' | 'claims'

/** A body item as the review fingerprint reads it: any value, since a raw write can store anything. */
type LooseItem = Record<string, unknown>

const isObject = (value: unknown): value is LooseItem => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The text a reader sees of a block's children, and of those carrying a mark (numbers and booleans as text, like the site). */
function blockText(children: unknown, mark?: string): string | null {
  if (children === undefined || children === null) return ''
  if (!Array.isArray(children)) return null
  let text = ''
  for (const child of children) {
    if (!isObject(child)) return null
    if (mark !== undefined && !(Array.isArray(child.marks) && child.marks.includes(mark))) continue
    const value = child.text
    if (value === undefined || value === null) continue
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') text += String(value)
    else return null
  }
  return text
}

/** The claim marks of a block, and with `withLinks` its links too, in order (null when markDefs is not a list of objects). */
function pinnedMarkDefs(block: LooseItem, withLinks = false): LooseItem[] | null {
  const defs = block.markDefs
  if (defs === undefined || defs === null) return []
  if (!Array.isArray(defs)) return null
  const marks: LooseItem[] = []
  for (const def of defs) {
    if (!isObject(def)) return null
    if (def._type === 'medicalClaim' || (withLinks && def._type === LINK_TYPE)) marks.push(def)
  }
  return marks
}

/** The annotation that links text to a page: where it leads is part of what a reader reads. */
const LINK_TYPE = 'link'

/**
 * `c|key` for each claim a block marks and `l|address` for each link it holds (in the order of its
 * annotations), or with the claims scope `c|key|claim text|block text` for each claim; false when
 * a field cannot be pinned. (A claim's kind, expert and sources are its approval's to pin.)
 */
function pushClaims(out: string[], block: LooseItem, blockTextValue: string | undefined): boolean {
  const marks = pinnedMarkDefs(block, blockTextValue === undefined)
  if (marks === null) return false
  for (const def of marks) {
    if (def._type === LINK_TYPE) {
      if (!pushFields(out, ['l', def.href])) return false
      continue
    }
    const fields: unknown[] = ['c', def._key]
    if (blockTextValue !== undefined) {
      const text = typeof def._key === 'string' ? blockText(block.children, def._key) : null
      if (text === null) return false
      fields.push(text, blockTextValue)
    }
    if (!pushFields(out, fields)) return false
  }
  return true
}

/**
 * What a medical review is pinned to: the reviewer (id and name), the scope, and what a reader
 * reads of the article. With `article` (the default): its title and dek, then each body item in
 * order: a text block as `b|style|list item|text`, followed by `c|key` for each claim it marks (so
 * marking or un-marking a claim changes it) and `l|address` for each link (so where a link leads
 * is reviewed too); any other item (a figure) as `o|type|alternative text|caption`. With
 * `claims`: each claim as `c|key|claim text|block text`. A claim's kind, expert
 * and sources are pinned by its own approval, so attributing claims does not void the review.
 * Null when a field holds something other than text, which no review matches.
 */
export function reviewFingerprint(
  article: {title?: unknown; dek?: unknown; body?: unknown},
  reviewerId: string | undefined,
  reviewer: Pick<ExpertDoc, 'name'> | undefined,
  scope: ReviewScope = 'article',
): string | null {
  return reviewFingerprintOf(reviewContent(article, scope), reviewerId, reviewer, scope)
}

/**
 * The part of a review fingerprint read from the article (everything after the reviewer and the
 * scope), so that checking several reviews of one article reads the article once: a list of
 * escaped fields, or null when a field cannot be pinned.
 */
export function reviewContent(article: {title?: unknown; dek?: unknown; body?: unknown}, scope: ReviewScope = 'article'): string[] | null {
  const out: string[] = []
  const body = article.body
  if (body !== undefined && body !== null && !Array.isArray(body)) return null
  const items: unknown[] = Array.isArray(body) ? body : []
  if (scope === 'article' && !pushFields(out, [article.title, article.dek])) return null
  for (const item of items) {
    if (!isObject(item)) return null
    if (item._type === 'block') {
      const text = blockText(item.children)
      if (text === null) return null
      if (scope === 'article') {
        if (!pushFields(out, ['b', item.style, item.listItem, text]) || !pushClaims(out, item, undefined)) return null
      } else if (!pushClaims(out, item, text)) return null
    } else if (scope === 'article' && !pushFields(out, ['o', item._type, item.alt, item.caption])) return null
  }
  return out
}

/** A review fingerprint from the article's part (reviewContent) and the review's reviewer. */
export function reviewFingerprintOf(
  content: ReadonlyArray<string> | null,
  reviewerId: string | undefined,
  reviewer: Pick<ExpertDoc, 'name'> | undefined,
  scope: ReviewScope = 'article',
): string | null {
  if (content === null) return null
  const out: string[] = []
  if (!pushFields(out, [reviewerId, reviewer?.name, scope])) return null
  return [...out, ...content].join(FINGERPRINT_SEPARATOR)
}
