/**
 * The site's compliance check (ARTICLE_IS_COMPLIANT in queries/compliance.ts) evaluated as plain
 * JavaScript: the fast path (./fastpaths.ts) registered for that fragment; and the medical review
 * that counts (MEDICAL_REVIEW, the review the teasers and pages show), a value fast path.
 *
 * groq-js interprets that check at about 70 µs per claim, so a listing over thousands of articles
 * took seconds. Wherever a query holds the check in a filter (the exact tree groq-js parses from
 * the fragment with the query's parameters), the planner asks `articleIsCompliant` instead, and
 * keeps each article's answer until the article or something it read changes, or the day moves
 * past the range over which its date comparisons keep their outcome (the Clock).
 *
 * The answer must be the one groq-js would give, for any document, not only well-formed ones.
 * This module follows GROQ's rules where the documents have the shapes the schema gives them
 * (strings, arrays, objects where expected, or missing): attribute access on anything but an object
 * is null, a filter keeps an element only when its condition is exactly `true`, `==` compares
 * strings exactly, `order(checkedAt desc)` is groq-js's stable total order, `dateTime()` reads
 * RFC 3339 only. Wherever a value has a shape whose GROQ meaning is subtle (a number as a key, an
 * object where a list belongs, a span text that is not a string where a claim is fingerprinted,
 * ...), it answers `null` ("not sure"), and the planner lets groq-js evaluate the original check
 * for that article. The medical review is mirrored the same way: the article's part of its review
 * fingerprint built once, then the published reviews of the article read in `_id` order. test/lake/native-compliance.test.ts compares the
 * two on the seed, on generated datasets and on thousands of randomly damaged documents.
 */
import {ARTICLE_IS_COMPLIANT, MEDICAL_REVIEW} from '../../queries/compliance.ts'
import {CITATION_DETAIL_MARKS, scalarText} from '../../plugins/medical-claims/rules/fingerprints.ts'
import type {Doc} from '../dataset.ts'
import {Clock, registerFastPath, type AnswerSource, type FastPath} from './fastpaths.ts'
import {attr, isObj, totalCompare, type Obj} from './values.ts'

/** The compliance parameters (queries/compliance.ts ComplianceParams), checked to have the shapes this module reads. */
export interface NativeComplianceParams {
  today: string
  factCheckerRoles: string[]
  evidenceKinds: string[]
  claimKinds: string[]
  minimumEvidence: Array<{claimKind: string; levels: string[]}>
  citationKinds: string[]
  thisYear: number
  verifiedSince: string
  verifiedSinceByIssuer: Array<{issuer: string; since: string}>
  acceptance: Array<Requirement & {claimKinds: string[]; topics: string[]}>
  reviewerCredentials: Requirement[]
  medicalReviewerRoles: string[]
  reviewCovers: 'article' | 'claims'
  maxReviewIntervalDays: number
  requireMedicalReview: boolean
  independentReviewer: boolean
  acknowledgeConflicts: boolean
  disclosureCutoff: string
}

/** A flattened credential requirement (queries/compliance.ts CredentialRule). */
interface Requirement {
  anyIssuer: boolean
  pairs: string[]
  professions: string[]
  specialties: string[]
}

/** What the check reads besides the article: documents by id, and the documents referencing an id (both in the query's perspective). */
export type ComplianceSource = AnswerSource


const DECISION_TYPES = ['factCheck.approval', 'factCheck.rejection']
/** NOT_EVIDENCE_KINDS_GROQ of queries/compliance.ts. */
const NOT_EVIDENCE_KINDS = ['expertInterview']
const APPROVAL = 'factCheck.approval'
const REVIEW = 'factCheck.review'
/** BLANK_CHARACTERS of queries/compliance.ts (test/lake/native-compliance.test.ts keeps the two equal). */
export const BLANK = new Set([
  '\u0009', '\u000a', '\u000b', '\u000c', '\u000d', '\u0020', '\u00a0', '\u1680', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004',
  '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff',
])
/** What `dateTime()` parses (groq-js's RFC 3339 pattern). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|([-+]\d{2}:\d{2}))$/
/** A next-review date's first ten characters: what the digit test of REVIEW_COUNTS accepts. */
const DAY_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}/
/** `path("drafts.**")` and `path("versions.**")` as groq-js matches them. */
const DRAFT_PATH = /^drafts\..*$/
const VERSION_PATH = /^versions\..*$/
/** Ids starting with this reach the planner's hooks, not documents: never resolved here. */
const HOOK_PREFIX = '\u0000'

/** `${FIELD}<value>${FIELD_END}` (fingerprintField): text escaped, null (GROQ's null) for anything else; `coalesce(<value>, "")` is applied by the caller. */
function field(value: unknown): string | null {
  if (typeof value !== 'string') return null
  return value.split('~').join('~0').split('|').join('~1')
}

/** `${FIELD}coalesce(<value>, "")${FIELD_END}`. */
function fieldOrEmpty(value: unknown): string | null {
  return value === null ? '' : field(value)
}

/** CITATION_DETAILS: each `select(defined(d.x) && d.x != "" => "~m" + <x escaped>, "")`, the year through `string()`; authors when a non-empty list, through `array::join(authors, ", ")`. */
function citationDetails(cited: unknown): string | null {
  let out = ''
  for (const [name, mark] of CITATION_DETAIL_MARKS) {
    const value = attr(cited, name)
    let text: string | null
    if (name === 'authors') {
      if (!Array.isArray(value) || value.length === 0) continue
      const names = value.map(scalarText)
      text = names.includes(null) ? null : names.join(', ')
    } else {
      if (value === null || value === '') continue
      text = name === 'year' ? scalarText(value) : typeof value === 'string' ? value : null
    }
    const escaped = text === null ? null : field(text)
    if (escaped === null) return null
    out += mark + escaped
  }
  return out
}

/** Fields joined by `|`; null (as GROQ's `+` gives) when any is null. */
function joined(fields: ReadonlyArray<string | null>): string | null {
  for (const f of fields) if (f === null) return null
  return fields.join('|')
}

const CREDENTIAL_TAIL_FIELDS = ['kind', 'profession', 'specialty', 'title', 'issuingBody', 'jurisdiction', 'identifier', 'issuedOn', 'expiresOn']

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string')

/** The parameters as this module needs them, or null when any has another shape (then groq-js evaluates the check). */
export function nativeComplianceParams(params: Record<string, unknown>): NativeComplianceParams | null {
  const {today, factCheckerRoles, claimKinds, evidenceKinds, minimumEvidence, citationKinds, thisYear, verifiedSince, verifiedSinceByIssuer, acceptance, reviewerCredentials, medicalReviewerRoles, reviewCovers, maxReviewIntervalDays, requireMedicalReview} =
    params
  if (typeof verifiedSince !== 'string' || !Array.isArray(verifiedSinceByIssuer)) return null
  if (!verifiedSinceByIssuer.every((entry) => isObj(entry) && typeof entry.issuer === 'string' && typeof entry.since === 'string')) return null
  if (!isStringArray(citationKinds) || typeof thisYear !== 'number' || !Array.isArray(minimumEvidence)) return null
  if (!minimumEvidence.every((m) => isObj(m) && typeof m.claimKind === 'string' && isStringArray(m.levels))) return null
  if (typeof today !== 'string' || !isStringArray(factCheckerRoles) || !isStringArray(evidenceKinds) || typeof requireMedicalReview !== 'boolean') return null
  if (typeof params.independentReviewer !== 'boolean') return null
  if (typeof params.acknowledgeConflicts !== 'boolean' || typeof params.disclosureCutoff !== 'string') return null
  if (!isStringArray(claimKinds) || !isStringArray(medicalReviewerRoles) || (reviewCovers !== 'article' && reviewCovers !== 'claims')) return null
  if (typeof maxReviewIntervalDays !== 'number' || !Number.isInteger(maxReviewIntervalDays) || maxReviewIntervalDays < 0 || maxReviewIntervalDays > 100_000) return null
  if (!Array.isArray(acceptance) || !Array.isArray(reviewerCredentials)) return null
  const requirement = (value: unknown): value is Requirement =>
    isObj(value) && typeof value.anyIssuer === 'boolean' && isStringArray(value.pairs) && isStringArray(value.professions) && isStringArray(value.specialties)
  if (!acceptance.every((r) => requirement(r) && isStringArray((r as unknown as Obj).claimKinds) && isStringArray((r as unknown as Obj).topics))) return null
  if (!reviewerCredentials.every(requirement)) return null
  return {
    today,
    factCheckerRoles,
    claimKinds,
    evidenceKinds,
    minimumEvidence: minimumEvidence as NativeComplianceParams['minimumEvidence'],
    citationKinds,
    thisYear,
    verifiedSince,
    verifiedSinceByIssuer: verifiedSinceByIssuer as NativeComplianceParams['verifiedSinceByIssuer'],
    acceptance: acceptance as NativeComplianceParams['acceptance'],
    reviewerCredentials,
    medicalReviewerRoles,
    reviewCovers,
    maxReviewIntervalDays,
    requireMedicalReview,
    independentReviewer: params.independentReviewer,
    acknowledgeConflicts: params.acknowledgeConflicts,
    disclosureCutoff: params.disclosureCutoff,
  }
}

/** Thrown inside the evaluation when a value's shape is outside what this module mirrors. */
const NOT_SURE = Symbol('not sure')

function notSure(): never {
  throw NOT_SURE
}

class Evaluation {
  private readonly article: Doc
  private readonly source: ComplianceSource
  private readonly p: NativeComplianceParams
  /** Every comparison with a parameter that moves with the clock goes through it (./fastpaths.ts). */
  private readonly clock: Clock
  private decisions: Doc[] | null = null

  constructor(article: Doc, source: ComplianceSource, params: NativeComplianceParams, clock: Clock) {
    this.article = article
    this.source = source
    this.p = params
    this.clock = clock
  }

  /** `holder->`: the document a reference object points at, or null. */
  private deref(holder: unknown): Doc | null {
    if (!isObj(holder)) return null
    const id = holder._ref
    if (typeof id !== 'string') return null
    if (id.startsWith(HOOK_PREFIX)) notSure()
    return this.source.get(id) ?? null
  }

  /** `holder->` when `holder->_type == type`, else null. */
  private derefTyped(holder: unknown, type: string): Doc | null {
    const doc = this.deref(holder)
    return doc !== null && doc._type === type ? doc : null
  }

  /** CREDENTIAL_IS_CURRENT_FOR_* with the holder's `name` already read: status, dates, and the verification's fingerprint. */
  private isCurrent(credential: unknown, holderName: unknown): boolean {
    const verification = attr(credential, 'verification')
    if (attr(verification, 'status') !== 'verified') return false
    const {clock} = this
    const expiresOn = attr(credential, 'expiresOn')
    if (!(expiresOn === null || expiresOn === '' || (typeof expiresOn === 'string' && clock.atMost('today', expiresOn)))) return false
    const issuedOn = attr(credential, 'issuedOn')
    if (!(issuedOn === null || issuedOn === '' || (typeof issuedOn === 'string' && (clock.atLeast('today', issuedOn) || issuedOn.startsWith(clock.exactly('today') as string))))) return false
    // `verification.verifiedAt >= coalesce($verifiedSinceByIssuer[issuer == ^.issuer][0].since, $verifiedSince)`
    const verifiedAt = attr(verification, 'verifiedAt')
    const ownIssuer = attr(credential, 'issuer')
    const since = this.p.verifiedSinceByIssuer.some((entry) => entry.issuer === ownIssuer) ? `verifiedSince:${ownIssuer as string}` : 'verifiedSince'
    if (!(typeof verifiedAt === 'string' && clock.atMost(since, verifiedAt))) return false
    const stored = attr(verification, 'fingerprint')
    if (stored === null) return false
    const fields: Array<string | null> = [fieldOrEmpty(holderName)]
    for (const name of CREDENTIAL_TAIL_FIELDS) fields.push(fieldOrEmpty(attr(credential, name)))
    // `select(defined(issuer) && issuer != "" => "|" + <issuer>, "")`
    const issuer = attr(credential, 'issuer')
    if (issuer !== null && issuer !== '') fields.push(field(issuer))
    const fingerprint = joined(fields)
    // `==` between a stored value of any type and a string (or null, which nothing defined equals).
    return fingerprint !== null && stored === fingerprint
  }

  /** REQUIREMENT_MET: `in` with a list of strings holds only for a string in it. */
  private static meets(credential: unknown, rule: Requirement): boolean {
    const profession = attr(credential, 'profession')
    if (!rule.anyIssuer) {
      const issuer = attr(credential, 'issuer') ?? ''
      const prof = profession ?? ''
      if (typeof issuer !== 'string' || typeof prof !== 'string' || !rule.pairs.includes(`${issuer}|${prof}`)) return false
    }
    if (rule.professions.length > 0 && !(typeof profession === 'string' && rule.professions.includes(profession))) return false
    const specialty = attr(credential, 'specialty')
    return rule.specialties.length === 0 || (typeof specialty === 'string' && rule.specialties.includes(specialty))
  }

  /** `count(<expert>.credentials[CREDENTIAL_IS_CURRENT_FOR_* && <fits>]) > 0`. */
  private hasCredential(doc: Doc, fits: (credential: unknown) => boolean): boolean {
    const credentials = attr(doc, 'credentials')
    if (!Array.isArray(credentials)) return false
    const name = attr(doc, 'name')
    for (const credential of credentials) if (this.isCurrent(credential, name) && fits(credential)) return true
    return false
  }

  /** The published fact-check decisions on this article (`*[_type in [...] && article._ref == <id>]`, minus drafts), in `_id` order. */
  private articleDecisions(): Doc[] {
    if (this.decisions) return this.decisions
    const id = this.article._id
    this.decisions = this.source
      .referencing(id)
      .filter((d) => DECISION_TYPES.includes(d._type) && attr(attr(d, 'article'), '_ref') === id && !d._id.startsWith('drafts.'))
    return this.decisions
  }

  /** APPROVAL_ACKNOWLEDGES for an approval of a claim (mark definition). */
  private acknowledges(decision: Doc, claim: Obj): boolean {
    const expert = this.derefTyped(attr(claim, 'expert'), 'expert')
    const disclosures = attr(expert, 'disclosures')
    if (disclosures === null) return true
    if (!Array.isArray(disclosures)) notSure()
    const topic = attr(claim, 'topic')
    const claimHasTopic = typeof topic === 'string' && topic !== ''
    const acknowledged = attr(decision, 'acknowledgedConflicts') ?? []
    const list = Array.isArray(acknowledged) ? acknowledged : null
    for (const disclosure of disclosures as unknown[]) {
      if (!isObj(disclosure)) notSure()
      const until = attr(disclosure, 'until')
      if (!(until === null || (typeof until === 'string' && this.clock.atMost('disclosureCutoff', until)))) continue
      const topics = attr(disclosure, 'topics')
      if (topics !== null && !Array.isArray(topics)) {
        // Not a list: names no topics, so it bears.
      } else {
        const named = ((topics as unknown[] | null) ?? []).filter((t) => typeof t === 'string' && t !== '')
        if (named.length > 0 && claimHasTopic && !(topics as unknown[]).includes(topic)) continue
      }
      const key = attr(disclosure, '_key')
      if (!(list !== null && typeof key === 'string' && key !== '' && list.includes(key))) return false
    }
    return true
  }

  /** The `_type` of the decision `order(checkedAt desc)[0]` picks among those on this claim and fingerprint by a fact-checker. */
  private latestDecisionType(key: string, fingerprint: string, claim: Obj): unknown {
    let latest: Doc | null = null
    let latestAt: unknown = null
    for (const decision of this.articleDecisions()) {
      // `defined(fingerprint) && fingerprint == ^.fingerprint`, with the claim's fingerprint a string.
      if (attr(decision, 'claimKey') !== key || attr(decision, 'fingerprint') !== fingerprint) continue
      const roles = attr(attr(decision, 'checkedBy'), 'roles')
      if (!Array.isArray(roles) || !roles.some((role) => typeof role === 'string' && this.p.factCheckerRoles.includes(role))) continue
      if (this.p.acknowledgeConflicts && attr(decision, '_type') === APPROVAL && !this.acknowledges(decision, claim)) continue
      const at = attr(decision, 'checkedAt')
      // A stable descending sort puts the greatest first, the earliest of equals first among them.
      if (latest === null || totalCompare(at, latestAt) > 0) {
        latest = decision
        latestAt = at
      }
    }
    return latest === null ? null : attr(latest, '_type')
  }

  /** CITATION_IS_WELL_FORMED for a citation document. */
  private wellFormed(doc: Doc): boolean {
    const kind = attr(doc, 'kind')
    if (!(typeof kind === 'string' && this.p.citationKinds.includes(kind))) return false
    const title = attr(doc, 'title')
    if (typeof title !== 'string' || ![...title].some((ch) => !BLANK.has(ch))) return false
    const hasBlank = (text: string) => [...text].some((ch) => BLANK.has(ch))
    const digitsOnly = (text: string) => [...text].every((ch) => ch >= '0' && ch <= '9')
    const doi = attr(doc, 'doi')
    if (doi !== null) {
      if (typeof doi !== 'string' || !doi.startsWith('10.')) return false
      const prefix = doi.split('/')[0]
      const length = [...prefix].length
      if (length < 7 || length > 12 || !digitsOnly(prefix.slice(3)) || [...doi].length <= length + 1 || hasBlank(doi)) return false
    }
    const pmid = attr(doc, 'pmid')
    if (pmid !== null && !(typeof pmid === 'string' && [...pmid].length >= 1 && [...pmid].length <= 8 && digitsOnly(pmid))) return false
    const url = attr(doc, 'url')
    if (url !== null) {
      if (typeof url !== 'string' || hasBlank(url)) return false
      const length = [...url].length
      if (!((url.startsWith('https://') && length > 8) || (url.startsWith('http://') && length > 7))) return false
    }
    const year = attr(doc, 'year')
    return year === null || (typeof year === 'number' && Number.isInteger(year) && year >= 1800 && this.clock.atLeast('thisYear', year))
  }

  /** CLAIM_PASSES for one medicalClaim mark definition of a block (CLAIM_FACTS computed on the way). */
  private claimPasses(block: Obj, claim: Obj, key: string): boolean {
    // `kind in $claimKinds`
    const kind = attr(claim, 'kind')
    if (typeof kind !== 'string' || !this.p.claimKinds.includes(kind)) return false
    const expertRef = attr(claim, 'expert')
    const expert = this.derefTyped(expertRef, 'expert')
    if (expert === null) return false
    const topic = attr(claim, 'topic')
    const covering = this.p.acceptance.filter(
      (rule) => (rule.claimKinds.length === 0 || rule.claimKinds.includes(kind)) && (rule.topics.length === 0 || (typeof topic === 'string' && rule.topics.includes(topic))),
    )
    if (!this.hasCredential(expert, (c) => covering.some((rule) => Evaluation.meets(c, rule)))) return false

    const citations = attr(claim, 'citations')
    if (citations !== null && !Array.isArray(citations)) notSure()
    for (const citation of (citations as unknown[] | null) ?? []) {
      const ref = attr(citation, '_ref')
      if (ref !== null && ref !== '' && typeof ref !== 'string') notSure()
    }
    // Every cited source a citation, not retracted, and well formed (CITATION_IS_WELL_FORMED).
    const cited: Doc[] = []
    for (const citation of (citations as unknown[] | null) ?? []) {
      const ref = attr(citation, '_ref')
      if (ref === null || ref === '') continue
      const doc = this.derefTyped(citation, 'citation')
      if (doc === null || attr(doc, 'retracted') === true || !this.wellFormed(doc)) return false
      cited.push(doc)
    }
    // At least one of them evidence (not an interview) at the claim kind's minimum level, where evidence is needed.
    if (this.p.evidenceKinds.includes(kind)) {
      const minimum = this.p.minimumEvidence.find((m) => m.claimKind === kind)
      const counts = (doc: Doc) => {
        const sourceKind = attr(doc, 'kind')
        if (typeof sourceKind === 'string' && NOT_EVIDENCE_KINDS.includes(sourceKind)) return false
        if (!minimum) return true
        const level = attr(doc, 'evidenceLevel')
        return typeof level === 'string' && minimum.levels.includes(level)
      }
      if (!cited.some(counts)) return false
    }

    // CLAIM_FINGERPRINT: kind (~t topic) | expert id | expert name | the text of the children carrying the
    // mark | the text of every child | per citation: id | title | doi | pmid | url.
    let text = ''
    let context = ''
    const children = attr(block, 'children')
    if (Array.isArray(children)) {
      for (const child of children) {
        // A child that is not an object, or a text of another shape: subtle in GROQ, left to groq-js.
        if (!isObj(child)) notSure()
        const childText = attr(child, 'text')
        if (childText !== null && typeof childText !== 'string') notSure()
        const value = childText ?? ''
        context += value
        const marks = attr(child, 'marks')
        if (Array.isArray(marks) && marks.includes(key)) text += value
      }
    } else if (children !== null) notSure()
    // The expert resolved, so its reference is an object with a string `_ref`.
    // `<kind> + select(defined(topic) && topic != "" => "~t" + <topic>, "")`
    const topicField = topic === null || topic === '' ? '' : field(topic)
    const kindField = topicField === null ? null : topicField === '' ? field(kind) : `${field(kind)}~t${topicField}`
    const fields: Array<string | null> = [kindField, field((expertRef as {_ref: string})._ref), fieldOrEmpty(attr(expert, 'name')), field(text), field(context)]
    for (const citation of (citations as unknown[] | null) ?? []) {
      const ref = attr(citation, '_ref')
      if (ref === null || ref === '') continue
      // Every cited source resolved to a citation above.
      const cited = this.deref(citation)
      const url = fieldOrEmpty(attr(cited, 'url'))
      const details = citationDetails(cited)
      fields.push(field(ref), fieldOrEmpty(attr(cited, 'title')), fieldOrEmpty(attr(cited, 'doi')), fieldOrEmpty(attr(cited, 'pmid')), url === null || details === null ? null : url + details)
    }
    const fingerprint = joined(fields)
    if (fingerprint === null) return false
    return this.latestDecisionType(key, fingerprint, claim) === APPROVAL
  }

  /** CLAIMS_PASS: claim keys unique across the article, and every claim passes. */
  private claimsPass(): boolean {
    const body = attr(this.article, 'body')
    if (body === null) return true
    if (!Array.isArray(body)) notSure()
    const keys = new Set<string>()
    for (const block of body) {
      if (attr(block, '_type') !== 'block') continue
      const markDefs = attr(block, 'markDefs')
      if (markDefs === null) continue
      if (!Array.isArray(markDefs)) notSure()
      for (const def of markDefs) {
        if (attr(def, '_type') !== 'medicalClaim') continue
        const key = attr(def, '_key')
        if (typeof key !== 'string') notSure()
        if (keys.has(key)) return false
        keys.add(key)
        if (!this.claimPasses(block as Obj, def as Obj, key)) return false
      }
    }
    return true
  }

  // The medical review ------------------------------------------------------------------------

  /**
   * REVIEW_BLOCK_TEXT: the text of a block's children (numbers and booleans as array::join writes
   * them), or with `mark` of those carrying it (`coalesce(children, [])[<mark> in marks]`).
   */
  private static blockText(block: Obj, mark?: string): string {
    const children = attr(block, 'children')
    if (children === null) return ''
    // Children that are not a list, a child that is not an object, a text that is a list or an
    // object: GROQ's answer is null, left to groq-js.
    if (!Array.isArray(children)) notSure()
    let text = ''
    for (const child of children) {
      if (!isObj(child)) notSure()
      if (mark !== undefined) {
        const marks = attr(child, 'marks')
        if (!Array.isArray(marks) || !marks.includes(mark)) continue
      }
      const value = attr(child, 'text')
      if (value === null) continue
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') text += `${value}`
      else notSure()
    }
    return text
  }

  /** `coalesce(markDefs, [])[]` of a block: the mark definitions, each an object. */
  private static markDefsOf(block: Obj): Obj[] {
    const defs = attr(block, 'markDefs')
    if (defs === null) return []
    if (!Array.isArray(defs)) notSure()
    for (const def of defs) if (!isObj(def)) notSure()
    return defs as Obj[]
  }

  /** REVIEW_CONTENT: the article's part of its review fingerprint for `reviewCovers`; null when GROQ's is null (nothing then matches). */
  private reviewContent(): string | null {
    const body = attr(this.article, 'body')
    if (body !== null && !Array.isArray(body)) notSure()
    const items = (body as unknown[] | null) ?? []
    const out: string[] = []
    if (this.p.reviewCovers === 'claims') {
      for (const item of items) {
        if (!isObj(item)) notSure()
        // `_type != "block" => ""`
        if (attr(item, '_type') !== 'block') continue
        const text = field(Evaluation.blockText(item))
        for (const def of Evaluation.markDefsOf(item)) {
          if (attr(def, '_type') !== 'medicalClaim') continue
          // A key that is not text cannot be pinned (`${FIELD}_key${FIELD_END}` without coalesce).
          const key = attr(def, '_key')
          if (typeof key !== 'string') return null
          out.push('c', field(key) as string, field(Evaluation.blockText(item, key)) as string, text as string)
        }
      }
      // Each claim is `|c|key|claim text|block text`.
      return out.length === 0 ? '' : `|${out.join('|')}`
    }
    // `|title|dek`, then each item's fields, each led by `|`.
    const head = [fieldOrEmpty(attr(this.article, 'title')), fieldOrEmpty(attr(this.article, 'dek'))]
    if (head[0] === null || head[1] === null) return null
    out.push('', head[0], head[1])
    for (const item of items) {
      if (!isObj(item)) notSure()
      let fields: Array<string | null>
      if (attr(item, '_type') === 'block') {
        fields = ['b', fieldOrEmpty(attr(item, 'style')), fieldOrEmpty(attr(item, 'listItem')), field(Evaluation.blockText(item))]
        for (const def of Evaluation.markDefsOf(item)) {
          const type = attr(def, '_type')
          if (type === 'medicalClaim') fields.push('c', fieldOrEmpty(attr(def, '_key')))
          else if (type === 'link') fields.push('l', fieldOrEmpty(attr(def, 'href')))
        }
      } else {
        fields = ['o', fieldOrEmpty(attr(item, '_type')), fieldOrEmpty(attr(item, 'alt')), fieldOrEmpty(attr(item, 'caption'))]
      }
      for (const f of fields) {
        if (f === null) return null
        out.push(f)
      }
    }
    return out.join('|')
  }

  /** REVIEW_RECORDER_ALLOWED: a medical reviewer, or a fact-checker who gave evidence that is not blank. */
  private recorderAllowed(review: Doc): boolean {
    const roles = attr(attr(review, 'checkedBy'), 'roles')
    if (!Array.isArray(roles)) return false
    const holds = (names: string[]) => roles.some((role) => typeof role === 'string' && names.includes(role))
    if (holds(this.p.medicalReviewerRoles)) return true
    if (!holds(this.p.factCheckerRoles)) return false
    const evidence = attr(review, 'evidence')
    if (typeof evidence !== 'string') return false
    // `string::split(evidence, "")` splits into code points, as for...of does.
    for (const char of evidence) if (!BLANK.has(char)) return true
    return false
  }

  /**
   * REVIEW_OF_ARTICLE: among the published reviews of this article whose fingerprint is the
   * article's now and whose recorder may record them, the one `order(checkedAt desc)[0]` picks.
   */
  private reviewOfArticle(content: string): Doc | null {
    const id = this.article._id
    let chosen: Doc | null = null
    let chosenAt: unknown = null
    for (const review of this.source.referencing(id)) {
      if (review._type !== REVIEW || attr(attr(review, 'article'), '_ref') !== id) continue
      if (DRAFT_PATH.test(review._id) || VERSION_PATH.test(review._id)) continue
      const stored = attr(review, 'fingerprint')
      if (stored === null) continue
      const reviewerRef = attr(review, 'reviewer')
      const head = joined([fieldOrEmpty(attr(reviewerRef, '_ref')), fieldOrEmpty(attr(this.derefTyped(reviewerRef, 'expert'), 'name')), this.p.reviewCovers])
      if (head === null || stored !== head + content) continue
      if (!this.recorderAllowed(review)) continue
      const at = attr(review, 'checkedAt')
      // As for decisions: in `_id` order, the first of the greatest.
      if (chosen === null || totalCompare(at, chosenAt) > 0) {
        chosen = review
        chosenAt = at
      }
    }
    return chosen
  }

  /** LATEST_NEXT_REVIEW: the day part of `string(dateTime(checkedAt) + <days> * 86400)`; null when `checkedAt` is no RFC 3339 date-time. */
  private latestNextReview(checkedAt: unknown): string | null {
    if (typeof checkedAt !== 'string' || !RFC3339.test(checkedAt)) return null
    const date = new Date(new Date(checkedAt).getTime() + this.p.maxReviewIntervalDays * 86400 * 1e3)
    // An invalid date (a 13th month, a time past JavaScript's range) prints oddly in groq-js.
    if (Number.isNaN(date.getTime())) notSure()
    const pad = (n: number, width: number) => String(n).padStart(width, '0')
    return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`
  }

  /** REVIEW_COUNTS for the chosen review. */
  private reviewCounts(review: Doc): boolean {
    if (this.p.independentReviewer && !this.reviewerIndependent(attr(attr(review, 'reviewer'), '_ref'))) return false
    const reviewer = this.derefTyped(attr(review, 'reviewer'), 'expert')
    if (reviewer === null) return false
    const rules = this.p.reviewerCredentials
    if (!this.hasCredential(reviewer, (c) => rules.some((rule) => Evaluation.meets(c, rule)))) return false
    const due = attr(review, 'nextReviewDue')
    if (typeof due !== 'string' || !DAY_SHAPE.test(due) || !this.clock.atMost('today', due)) return false
    const latest = this.latestNextReview(attr(review, 'checkedAt'))
    return latest !== null && (due <= latest || due.startsWith(latest))
  }

  /**
   * `count(<the claims' expert refs>[@ == ^.reviewer._ref]) * 2 <= count(<the claims' keys>)`, over the
   * medicalClaim marks of the article's blocks (claimsPass has already read their shapes).
   */
  private reviewerIndependent(reviewerRef: unknown): boolean {
    const body = attr(this.article, 'body')
    let claims = 0
    let own = 0
    for (const block of Array.isArray(body) ? body : []) {
      if (attr(block, '_type') !== 'block') continue
      const markDefs = attr(block, 'markDefs')
      if (!Array.isArray(markDefs)) continue
      for (const def of markDefs) {
        if (attr(def, '_type') !== 'medicalClaim') continue
        claims++
        const ref = attr(attr(def, 'expert'), '_ref')
        // GROQ's `==`: equal strings (or numbers, booleans); null equals nothing here (the reviewer's ref is never null when it resolved).
        if (ref !== null && ref === reviewerRef) own++
      }
    }
    return own * 2 <= claims
  }

  /** REVIEW_PASSES. */
  private reviewPasses(): boolean {
    if (!this.p.requireMedicalReview) return true
    const content = this.reviewContent()
    if (content === null) return false
    const review = this.reviewOfArticle(content)
    return review !== null && this.reviewCounts(review)
  }

  /** MEDICAL_REVIEW: the review that counts, as a list of none or one (its shapes are read by reviewContent first). */
  medicalReview(): Doc[] | null {
    try {
      const content = this.reviewContent()
      if (content === null) return []
      const review = this.reviewOfArticle(content)
      return review !== null && this.reviewCounts(review) ? [review] : []
    } catch (error) {
      if (error === NOT_SURE) return null
      throw error
    }
  }

  run(): boolean | null {
    try {
      // Either part being false decides, whatever the other would be.
      return this.claimsPass() && this.reviewPasses()
    } catch (error) {
      if (error === NOT_SURE) return null
      throw error
    }
  }
}

/** The compliance parameters that move with the clock, by the names the Clock knows them by. */
export function complianceTime(params: NativeComplianceParams): Record<string, string | number> {
  const time: Record<string, string | number> = {today: params.today, thisYear: params.thisYear, verifiedSince: params.verifiedSince, disclosureCutoff: params.disclosureCutoff}
  for (const {issuer, since} of params.verifiedSinceByIssuer) if (!(`verifiedSince:${issuer}` in time)) time[`verifiedSince:${issuer}`] = since
  return time
}

/**
 * ARTICLE_IS_COMPLIANT for one document of the dataset: true or false exactly as groq-js would
 * evaluate it (a filter keeps the article only on true), or null when a value's shape is outside
 * what this module mirrors and groq-js must decide.
 */
export function articleIsCompliant(article: Doc, source: ComplianceSource, params: NativeComplianceParams, clock = new Clock(complianceTime(params))): boolean | null {
  return new Evaluation(article, source, params, clock).run()
}

/** ARTICLE_IS_COMPLIANT as a fast path of the planner: any query that filters documents with the check gets it. */
export const COMPLIANCE_FAST_PATH: FastPath<NativeComplianceParams> = {
  name: 'compliance',
  fragment: ARTICLE_IS_COMPLIANT,
  prepare(params) {
    const native = nativeComplianceParams(params)
    if (!native) return null
    const time = complianceTime(native)
    const {today, thisYear, verifiedSince, disclosureCutoff, verifiedSinceByIssuer, ...rest} = native
    return {params: native, time, key: JSON.stringify({...rest, issuers: verifiedSinceByIssuer.map((entry) => entry.issuer)})}
  },
  answer: (doc, source, params, clock) => articleIsCompliant(doc, source, params, clock),
}

/**
 * MEDICAL_REVIEW for one document of the dataset: the medical review that counts, as a list of
 * none or one, exactly as groq-js evaluates it; null when a value's shape is outside what this
 * module mirrors.
 */
export function medicalReviewOf(article: Doc, source: ComplianceSource, params: NativeComplianceParams, clock = new Clock(complianceTime(params))): Doc[] | null {
  return new Evaluation(article, source, params, clock).medicalReview()
}

/** MEDICAL_REVIEW as a value fast path: the teasers, the article page and the expert page show the review that counts. */
export const MEDICAL_REVIEW_FAST_PATH: FastPath<NativeComplianceParams> = {
  ...COMPLIANCE_FAST_PATH,
  name: 'medical-review',
  fragment: MEDICAL_REVIEW,
  kind: 'value',
  answer: (doc, source, params, clock) => medicalReviewOf(doc, source, params, clock),
}

registerFastPath(COMPLIANCE_FAST_PATH)
registerFastPath(MEDICAL_REVIEW_FAST_PATH)
