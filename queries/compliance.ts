/**
 * The publish rules of plugins/medical-claims/rules/policy.ts (evaluateArticle), written in GROQ, so
 * that a site only ever shows articles that satisfy them, even when something was published
 * around the Studio (the hosted Content Lake API does not run Studio rules).
 *
 * The fragments below are plain strings, composed into the `defineQuery` constants of ./site.ts
 * (static template literals, so Sanity TypeGen can read them). They take their options from
 * query parameters that `complianceParams()` builds with the plugin's own `resolveOptions`, so a
 * site with custom options stays consistent with its Studio; ./fetch.ts adds them to every call.
 *
 * What GROQ cannot check, and who does instead:
 *  - "The approver did not edit the article", and "the recorder of the medical review did not
 *    edit the article", need the transaction history, which GROQ cannot read. The plugin and the
 *    local lake refuse such approvals and reviews when they are written, and `npm run audit`
 *    checks both through the history API
 *    (`/data/history/<dataset>/transactions/<id>,drafts.<id>?excludeContent=true`). Here a review
 *    recorded by an editor of the article counts, and is the one the site shows.
 *  - `unmarkedClaims: 'error'` (a wording heuristic) is not mirrored: with that option the
 *    audit, not the site query, catches unmarked claims.
 *  - References are followed with `->`, which resolves exactly the id stored: a reference to a
 *    `drafts.` or `versions.` id (the Studio never writes one) is unresolved, here and in the rules
 *    alike (rules/ids.ts referencedId). `->` ignores types, so every dereference checks the
 *    `_type` of what it finds (an expert must be an `expert`, a source a `citation`), as the rules do.
 *  - A child of a block whose `text` is an object or a list, or a child that is not an object,
 *    makes the claim's fingerprint null here (no approval matches); the rules read such a text as
 *    empty. The Studio never writes either. (The review fingerprint is null for both, here and in
 *    the rules alike.)
 *  - Two decisions for the same claim and fingerprint, or two reviews of the same article and
 *    fingerprint, with the same `checkedAt`: the rules take the first in the order they were
 *    given, GROQ's `order()` leaves the tie open.
 *  - A review's `checkedAt` that is not an RFC 3339 date-time (`dateTime()` reads nothing else;
 *    the lake stamps `checkedAt` as one) gives no latest next-review date here, so the review
 *    does not count; the rules read any date `Date.parse` reads: stricter than the rules.
 * test/queries/compliance.test.ts proves the two agree on the seed and on edge cases, and asserts
 * each limit above.
 *
 * Scopes: `^` is the enclosing scope in GROQ; each fragment says what `@` and `^` must be.
 */
import {type FlatRequirement, flattenRequirement, registryOf} from '../plugins/medical-claims/rules/acceptance.ts'
import {CITATION_KINDS, CLAIM_KINDS} from '../plugins/medical-claims/rules/constants.ts'
import {disclosureCutoff} from '../plugins/medical-claims/rules/conflicts.ts'
import {verifiedSince} from '../plugins/medical-claims/rules/credentials.ts'
import {levelsAtLeast} from '../plugins/medical-claims/rules/evidence.ts'
import {resolveOptions} from '../plugins/medical-claims/rules/options.ts'
import {utcDay} from '../plugins/medical-claims/rules/policy.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'

/**
 * A credential requirement flattened so GROQ can filter a list of them (rules/acceptance.ts
 * flattenRequirement): `anyIssuer`, or the `issuer|profession` pairs the registry allows; the
 * professions and specialties it names (empty: any).
 */
export type CredentialRule = FlatRequirement

/** An acceptance rule flattened: the claim kinds and topics it covers (empty: every kind; every claim, whatever its topic) and who qualifies. */
export type AcceptanceRuleParam = FlatRequirement & {claimKinds: string[]; topics: string[]}

/** The parameters every compliance-checked query needs. Build them with `complianceParams()`. */
export type ComplianceParams = {
  /** The UTC day of the check, YYYY-MM-DD. */
  today: string
  factCheckerRoles: string[]
  /** Every kind of claim there is: a claim of another kind never passes. */
  claimKinds: string[]
  /** Claim kinds that must cite at least one source that is evidence. */
  evidenceKinds: string[]
  /** For claim kinds with a minimum level of evidence, the levels that count. */
  minimumEvidence: Array<{claimKind: string; levels: string[]}>
  /** The kinds of source a citation may be. */
  citationKinds: string[]
  /** The UTC year of the check: no source may be dated later. */
  thisYear: number
  /** The earliest day a credential's verification may have been made and still count (reverifyAfterDays before today). */
  verifiedSince: string
  /** The same for issuers with their own interval. */
  verifiedSinceByIssuer: Array<{issuer: string; since: string}>
  acceptance: AcceptanceRuleParam[]
  reviewerCredentials: CredentialRule[]
  /** Roles whose holders record medical reviews themselves (fact-checkers may too, with evidence). */
  medicalReviewerRoles: string[]
  /** What a medical review is pinned to (the `reviewCovers` option): the whole article, or its claims. */
  reviewCovers: 'article' | 'claims'
  /** How far past the day a review was recorded its next-review date may be, in days. */
  maxReviewIntervalDays: number
  requireMedicalReview: boolean
  /** The medical reviewer may be the expert for at most half of the article's claims. */
  independentReviewer: boolean
  /** An approval must acknowledge the disclosures bearing on its claim. */
  acknowledgeConflicts: boolean
  /** The first day a disclosure may have ended on and still bear (rules/conflicts.ts disclosureCutoff). */
  disclosureCutoff: string
}

/**
 * The query parameters of the compliance check, from the plugin's options (merged over the
 * defaults and checked by `resolveOptions`, which throws a how-to-fix message on bad options)
 * and the moment of the check (default: now). The issuer registry is folded into the rules here,
 * so the queries never need it.
 */
export function complianceParams(options?: Partial<MedicalClaimsOptions> | MedicalClaimsOptions, now: Date | string = new Date()): ComplianceParams {
  const resolved = resolveOptions(options)
  const today = utcDay(now)
  return {
    ...optionParams(resolved),
    today,
    thisYear: Number(today.slice(0, 4)),
    verifiedSince: verifiedSince({}, resolved, today),
    verifiedSinceByIssuer: Object.keys(resolved.reverifyAfterDaysByIssuer).map((issuer) => ({issuer, since: verifiedSince({issuer}, resolved, today)})),
    disclosureCutoff: disclosureCutoff(now),
  }
}

type OptionParams = Omit<ComplianceParams, 'today' | 'thisYear' | 'verifiedSince' | 'verifiedSinceByIssuer' | 'disclosureCutoff'>

/** The parameters that depend on the options alone (the issuer registry folded into the rules), built once per resolved options and frozen. */
const OPTION_PARAMS = new WeakMap<MedicalClaimsOptions, OptionParams>()

function optionParams(resolved: MedicalClaimsOptions): OptionParams {
  const known = OPTION_PARAMS.get(resolved)
  if (known) return known
  const registry = registryOf(resolved)
  const built: OptionParams = {
    factCheckerRoles: [...resolved.factCheckerRoles],
    claimKinds: CLAIM_KINDS.map((k) => k.value),
    evidenceKinds: [...resolved.evidenceRequiredFor],
    minimumEvidence: Object.entries(resolved.minimumEvidence).flatMap(([claimKind, level]) => (level ? [{claimKind, levels: levelsAtLeast(level)}] : [])),
    citationKinds: CITATION_KINDS.map((k) => k.value),
    acceptance: resolved.acceptance.map((rule) => ({
      claimKinds: [...(rule.claimKinds ?? [])],
      topics: [...(rule.topics ?? [])],
      ...flattenRequirement(rule, registry),
    })),
    reviewerCredentials: resolved.reviewerCredentials.map((requirement) => flattenRequirement(requirement, registry)),
    medicalReviewerRoles: [...resolved.medicalReviewerRoles],
    reviewCovers: resolved.reviewCovers,
    maxReviewIntervalDays: resolved.maxReviewIntervalDays,
    requireMedicalReview: resolved.requireMedicalReview,
    independentReviewer: resolved.independentReviewer,
    acknowledgeConflicts: resolved.acknowledgeConflicts,
  }
  deepFreeze(built)
  OPTION_PARAMS.set(resolved, built)
  return built
}

/** Frozen all the way down: the parameters are shared by every query with the same options. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const child of Object.values(value)) deepFreeze(child)
}

/**
 * The fact-check decision types as a GROQ literal. Written out (TypeGen reads the query text
 * statically); test/queries/compliance.test.ts keeps it equal to the plugin's FACT_CHECK_TYPES.
 */
export const DECISION_TYPES_GROQ = `["factCheck.approval", "factCheck.rejection"]`

/** The medical review type (REVIEW_TYPE of the plugin), written out for the same reason. */
export const REVIEW_TYPE_GROQ = `"factCheck.review"`

/** A published document: neither a draft nor a release version. */
export const IS_PUBLISHED = `!(_id in path("drafts.**")) && !(_id in path("versions.**"))`

/**
 * Around a GROQ value, `fingerprintField` of plugins/medical-claims/rules/fingerprints.ts: text
 * with `~` written `~0` and then `|` written `~1`; null for a value that is not text. Write
 * `${FIELD}<value>${FIELD_END}` (two constants rather than a function, so TypeGen can read the
 * queries).
 */
export const FIELD = `array::join(string::split(array::join(string::split(`
export const FIELD_END = `, "~"), "~0"), "|"), "~1")`

/**
 * With a credential as `@`: `credentialFingerprint` after the holder's name (rules/fingerprints.ts):
 * kind, profession, specialty, title, issuing body, jurisdiction, identifier, issued and expiry dates,
 * then `|issuer` when the credential names one.
 */
export const CREDENTIAL_FINGERPRINT_TAIL = `"|" + ${FIELD}coalesce(kind, "")${FIELD_END} + "|" + ${FIELD}coalesce(profession, "")${FIELD_END} + "|" + ${FIELD}coalesce(specialty, "")${FIELD_END} + "|" + ${FIELD}coalesce(title, "")${FIELD_END} + "|" + ${FIELD}coalesce(issuingBody, "")${FIELD_END} + "|" + ${FIELD}coalesce(jurisdiction, "")${FIELD_END} + "|" + ${FIELD}coalesce(identifier, "")${FIELD_END} + "|" + ${FIELD}coalesce(issuedOn, "")${FIELD_END} + "|" + ${FIELD}coalesce(expiresOn, "")${FIELD_END} + select(defined(issuer) && issuer != "" => "|" + ${FIELD}issuer${FIELD_END}, "")`

/**
 * With a credential as `@`: verified, not revoked, issued on or before $today and valid through
 * its `expiresOn` day, and verified recently enough (on or after $verifiedSince, or the issuer's own
 * day in $verifiedSinceByIssuer). Dates compare as strings, like the rules.
 * The verification must also match the credential as it is now: see the CREDENTIAL_IS_CURRENT_*
 * fragments, which add that for each place a holder's name is found.
 */
export const CREDENTIAL_STATUS_AND_DATES = `(verification.status == "verified" && (!defined(expiresOn) || expiresOn == "" || expiresOn >= $today) && (!defined(issuedOn) || issuedOn == "" || issuedOn <= $today || string::startsWith(issuedOn, $today)) && verification.verifiedAt >= coalesce($verifiedSinceByIssuer[issuer == ^.issuer][0].since, $verifiedSince))`

/** With a credential as `@` and its claim as `^` (`expert->credentials[...]` with the claim as `@`): current, and verified as it is now. */
export const CREDENTIAL_IS_CURRENT_FOR_CLAIM = `(${CREDENTIAL_STATUS_AND_DATES} && defined(verification.fingerprint) && verification.fingerprint == ${FIELD}coalesce(^.expert->name, "")${FIELD_END} + ${CREDENTIAL_FINGERPRINT_TAIL})`

/** With a credential as `@` and a medical review as `^` (`reviewer->credentials[...]` with the review as `@`): current, and verified as it is now. */
export const CREDENTIAL_IS_CURRENT_FOR_REVIEW = `(${CREDENTIAL_STATUS_AND_DATES} && defined(verification.fingerprint) && verification.fingerprint == ${FIELD}coalesce(^.reviewer->name, "")${FIELD_END} + ${CREDENTIAL_FINGERPRINT_TAIL})`

/** With a credential as `@` and its expert as `^` (`credentials[...]` inside an expert's projection): current, and verified as it is now. */
export const CREDENTIAL_IS_CURRENT_OF_EXPERT = `(${CREDENTIAL_STATUS_AND_DATES} && defined(verification.fingerprint) && verification.fingerprint == ${FIELD}coalesce(^.name, "")${FIELD_END} + ${CREDENTIAL_FINGERPRINT_TAIL})`

/**
 * With a requirement (CredentialRule) as `@` and a credential as `^`: the credential meets it
 * (rules/acceptance.ts meetsRequirement). `issuer + "|" + profession` equals a pair only when
 * neither holds a `|`, as registry ids and professions never do.
 */
export const REQUIREMENT_MET = `(anyIssuer || (coalesce(^.issuer, "") + "|" + coalesce(^.profession, "")) in pairs) && (count(professions) == 0 || ^.profession in professions) && (count(specialties) == 0 || ^.specialty in specialties)`

/** With a credential as `@` and its claim as `^` (as in `expert->credentials[...]` with the claim as `@`): it meets a rule that covers the claim's kind and topic. */
export const CREDENTIAL_FITS_CLAIM = `(count($acceptance[(count(claimKinds) == 0 || ^.^.kind in claimKinds) && (count(topics) == 0 || ^.^.topic in topics) && ${REQUIREMENT_MET}]) > 0)`

/** With a credential as `@`: it meets a requirement for the medical reviewer. */
export const CREDENTIAL_FITS_REVIEW = `(count($reviewerCredentials[${REQUIREMENT_MET}]) > 0)`

/**
 * With a cited source as `d`: its details, each after its mark when set (CITATION_DETAIL_MARKS of
 * rules/fingerprints.ts; written out, as the type generator reads only literal text).
 */
const CITATION_DETAILS = `select(defined(d.kind) && d.kind != "" => "~k" + ${FIELD}d.kind${FIELD_END}, "") + select(defined(d.evidenceLevel) && d.evidenceLevel != "" => "~e" + ${FIELD}d.evidenceLevel${FIELD_END}, "") + select(count(d.authors) > 0 => "~a" + ${FIELD}array::join(d.authors, ", ")${FIELD_END}, "") + select(defined(d.journal) && d.journal != "" => "~j" + ${FIELD}d.journal${FIELD_END}, "") + select(defined(d.publisher) && d.publisher != "" => "~p" + ${FIELD}d.publisher${FIELD_END}, "") + select(defined(d.year) && d.year != "" => "~y" + ${FIELD}string(d.year)${FIELD_END}, "")`

/**
 * With a medicalClaim mark definition as `@` and its block as `^`: `claimFingerprint` of
 * rules/fingerprints.ts. The kind, the expert's id and name, the text of every child of the block
 * that carries the claim's mark, the text of every child of the block, then each citation's id,
 * title, DOI, PMID and URL with its details.
 */
export const CLAIM_FINGERPRINT = `${FIELD}coalesce(kind, "")${FIELD_END} + select(defined(topic) && topic != "" => "~t" + ${FIELD}topic${FIELD_END}, "") + "|" + ${FIELD}coalesce(expert._ref, "")${FIELD_END} + "|" + ${FIELD}coalesce(expert->name, "")${FIELD_END} + "|" + ${FIELD}array::join(coalesce(^.children[^._key in marks]{"t": coalesce(text, "")}.t, []), "")${FIELD_END} + "|" + ${FIELD}array::join(coalesce(^.children[]{"t": coalesce(text, "")}.t, []), "")${FIELD_END} + array::join(coalesce(citations[defined(_ref) && _ref != ""]{"r": _ref, "d": @->}{"c": "|" + ${FIELD}r${FIELD_END} + "|" + ${FIELD}coalesce(d.title, "")${FIELD_END} + "|" + ${FIELD}coalesce(d.doi, "")${FIELD_END} + "|" + ${FIELD}coalesce(d.pmid, "")${FIELD_END} + "|" + ${FIELD}coalesce(d.url, "")${FIELD_END} + ${CITATION_DETAILS}}.c, []), "")`

/** With a medicalClaim mark definition as `@`, its block as `^`, the article as `^.^`: what the check needs of the claim. */
export const CLAIM_FACTS = `{
  _key,
  kind,
  topic,
  expert,
  citations,
  "articleId": ^.^._id,
  "fingerprint": ${CLAIM_FINGERPRINT}
}`

/**
 * The characters JavaScript's `trim()` removes (white space and line terminators), as a GROQ
 * list: the rules count evidence only when something else is left. test/queries/compliance.test.ts
 * keeps it equal to what `trim()` removes.
 */
export const BLANK_CHARACTERS = `["\\u0009", "\\u000a", "\\u000b", "\\u000c", "\\u000d", "\\u0020", "\\u00a0", "\\u1680", "\\u2000", "\\u2001", "\\u2002", "\\u2003", "\\u2004", "\\u2005", "\\u2006", "\\u2007", "\\u2008", "\\u2009", "\\u200a", "\\u2028", "\\u2029", "\\u202f", "\\u205f", "\\u3000", "\\ufeff"]`

/** The decimal digits, for the checks below that GROQ has no pattern for. */
export const DIGITS = `["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]`

/** NOT_EVIDENCE_KINDS of the plugin (interviews), written out; test/queries/compliance.test.ts keeps the two equal. */
export const NOT_EVIDENCE_KINDS_GROQ = `["expertInterview"]`

/**
 * With a citation as `@`: its record is well formed (rules/evidence.ts citationProblems): a kind
 * from the list, a title that is not blank, and a DOI (10., four to nine digits, /, a suffix
 * without white space), PubMed ID (one to eight digits), web address (http:// or https://, no
 * white space) and year (a whole number from 1800 to this year) where it gives one.
 */
export const CITATION_IS_WELL_FORMED = `(
  kind in $citationKinds
  && count(string::split(title, "")[!(@ in ${BLANK_CHARACTERS})]) > 0
  && (!defined(doi) || (string::startsWith(doi, "10.") && count(string::split(string::split(doi, "/")[0], "")) >= 7 && count(string::split(string::split(doi, "/")[0], "")) <= 12 && count(string::split(string::split(doi, "/")[0], "")[!(@ in ${DIGITS})]) == 1 && count(string::split(doi, "")) > count(string::split(string::split(doi, "/")[0], "")) + 1 && count(string::split(doi, "")[@ in ${BLANK_CHARACTERS}]) == 0))
  && (!defined(pmid) || (count(string::split(pmid, "")) >= 1 && count(string::split(pmid, "")) <= 8 && count(string::split(pmid, "")[!(@ in ${DIGITS})]) == 0))
  && (!defined(url) || (((string::startsWith(url, "https://") && count(string::split(url, "")) > 8) || (string::startsWith(url, "http://") && count(string::split(url, "")) > 7)) && count(string::split(url, "")[@ in ${BLANK_CHARACTERS}]) == 0))
  && (!defined(year) || (year >= 1800 && year <= $thisYear && !("." in string::split(string(year), ""))))
)`

/**
 * With a decision as `@` and its claim (CLAIM_FACTS) as `^`: with `$acknowledgeConflicts`, an
 * approval names in `acknowledgedConflicts` (a list) the `_key` of every disclosure of the claim's
 * expert that bears on the claim (rules/conflicts.ts): not ended before `$disclosureCutoff`, and
 * naming no topics (text), the claim's topic, or the claim has none. Other decisions pass.
 */
export const APPROVAL_ACKNOWLEDGES = `select(!$acknowledgeConflicts || _type != "factCheck.approval" => true, count(^.expert->disclosures[(!defined(until) || until >= $disclosureCutoff) && (!((count(coalesce(topics, [])) >= 0) == true) || count(coalesce(topics, [])[string::startsWith(@, "") == true && @ != ""]) == 0 || !(string::startsWith(^.^.topic, "") == true && ^.^.topic != "") || ^.^.topic in topics) && !((count(coalesce(^.acknowledgedConflicts, [])) >= 0) == true && string::startsWith(_key, "") == true && _key != "" && _key in coalesce(^.acknowledgedConflicts, []))]) == 0)`

/**
 * With a claim (as projected by CLAIM_FACTS) as `@`: the claim passes every rule. Its expert is an
 * `expert` with a current credential verified as it is now, its sources are `citation`s, and the
 * latest decision on its current fingerprint by a fact-checker must be an approval. Used as a filter
 * condition: an element is kept only when it is `true`, so missing data (null) fails the claim.
 */
export const CLAIM_PASSES = `(
  kind in $claimKinds
  && expert->_type == "expert"
  && count(expert->credentials[${CREDENTIAL_IS_CURRENT_FOR_CLAIM} && ${CREDENTIAL_FITS_CLAIM}]) > 0
  && count(coalesce(citations, [])[defined(_ref) && _ref != ""]) == count((coalesce(citations, [])[defined(_ref) && _ref != ""]->)[_type == "citation" && retracted != true && ${CITATION_IS_WELL_FORMED}])
  && (!(kind in $evidenceKinds) || count((coalesce(citations, [])[defined(_ref) && _ref != ""]->)[!(kind in ${NOT_EVIDENCE_KINDS_GROQ}) && (count($minimumEvidence[claimKind == ^.^.kind]) == 0 || evidenceLevel in $minimumEvidence[claimKind == ^.^.kind][0].levels)]) > 0)
  && (*[_type in ${DECISION_TYPES_GROQ} && article._ref == ^.articleId][claimKey == ^._key && defined(fingerprint) && fingerprint == ^.fingerprint && count(checkedBy.roles[@ in $factCheckerRoles]) > 0 && !(_id in path("drafts.**")) && ${APPROVAL_ACKNOWLEDGES}] | order(checkedAt desc))[0]._type == "factCheck.approval"
)`

/** With an article as `@`: the keys of its claims, every claim once. */
export const CLAIM_KEYS = `coalesce(body, [])[_type == "block"]{"keys": coalesce(markDefs, [])[_type == "medicalClaim"]._key}.keys[]`

/** With an article as `@`: no two claims share a key, and every claim passes. */
export const CLAIMS_PASS = `(
  count(${CLAIM_KEYS}) == count(array::unique(${CLAIM_KEYS}))
  && count(coalesce(body, [])[_type == "block" && count(coalesce(markDefs, [])[_type == "medicalClaim"]) != count(coalesce(markDefs, [])[_type == "medicalClaim"]${CLAIM_FACTS}[${CLAIM_PASSES}])]) == 0
)`

/**
 * With a block as `@`: the text a reader sees of it, every child's `text` joined (numbers and
 * booleans as text, as array::join writes them); null when `children` is not a list, a child is
 * not an object or a `text` is an object or a list (the rules' blockText gives null too).
 */
export const REVIEW_BLOCK_TEXT = `array::join(coalesce(children, [])[]{"t": coalesce(text, "")}.t, "")`

/**
 * With a body item as `@`: what it adds to the review fingerprint with `reviewCovers: 'article'`
 * (rules/fingerprints.ts reviewFingerprint), each field led by `|`: a text block as
 * `b|style|list item|text` followed by `c|key` for each claim it marks and `l|address` for each
 * link (in the order of its annotations), any other item as `o|type|alternative text|caption`.
 */
export const REVIEW_ITEM_AS_ARTICLE = `select(
  _type == "block" => "|b|" + ${FIELD}coalesce(style, "")${FIELD_END} + "|" + ${FIELD}coalesce(listItem, "")${FIELD_END} + "|" + ${FIELD}${REVIEW_BLOCK_TEXT}${FIELD_END} + array::join(coalesce(markDefs, [])[]{"c": select(_type == "medicalClaim" => "|c|" + ${FIELD}coalesce(_key, "")${FIELD_END}, _type == "link" => "|l|" + ${FIELD}coalesce(href, "")${FIELD_END}, "")}.c, ""),
  "|o|" + ${FIELD}coalesce(_type, "")${FIELD_END} + "|" + ${FIELD}coalesce(alt, "")${FIELD_END} + "|" + ${FIELD}coalesce(caption, "")${FIELD_END}
)`

/**
 * With a body item as `@`: what it adds with `reviewCovers: 'claims'`: for a text block,
 * `c|key|claim text|block text` for each claim it marks (a key that is not text cannot be pinned);
 * nothing for other items. A block whose text cannot be pinned voids the fingerprint even when it
 * marks no claim, as in the rules.
 */
export const REVIEW_ITEM_AS_CLAIMS = `select(
  _type != "block" => "",
  select(defined(${REVIEW_BLOCK_TEXT}) => "") + array::join(coalesce(markDefs, [])[]{"c": select(_type == "medicalClaim" => "|c|" + ${FIELD}_key${FIELD_END} + "|" + ${FIELD}array::join(coalesce(^.children, [])[^._key in marks]{"t": coalesce(text, "")}.t, "")${FIELD_END} + "|" + ${FIELD}array::join(coalesce(^.children, [])[]{"t": coalesce(text, "")}.t, "")${FIELD_END}, "")}.c, "")
)`

/**
 * With an article as `@`: the article's part of its review fingerprint, after the reviewer and the
 * scope (`$reviewCovers`): title and dek (with the article scope), then each body item in order;
 * null when a field cannot be pinned (then no review matches).
 */
export const REVIEW_CONTENT = `select(
  $reviewCovers == "claims" => array::join(coalesce(body, [])[]{"s": ${REVIEW_ITEM_AS_CLAIMS}}.s, ""),
  "|" + ${FIELD}coalesce(title, "")${FIELD_END} + "|" + ${FIELD}coalesce(dek, "")${FIELD_END} + array::join(coalesce(body, [])[]{"s": ${REVIEW_ITEM_AS_ARTICLE}}.s, "")
)`

/**
 * With a medical review as `@`: `reviewFingerprint` up to the article's part: the reviewer's id,
 * the reviewer's name (when the reference finds an `expert`) and the scope.
 */
export const REVIEW_FINGERPRINT_HEAD = `${FIELD}coalesce(reviewer._ref, "")${FIELD_END} + "|" + ${FIELD}coalesce(select(reviewer->_type == "expert" => reviewer->name), "")${FIELD_END} + "|" + $reviewCovers`


/**
 * With a medical review as `@`: its recorder may record it: a medical reviewer, or a fact-checker
 * who gives the evidence of the review (text that is not blank). That the recorder did not edit
 * the article GROQ cannot see (see the top of this file).
 */
export const REVIEW_RECORDER_ALLOWED = `(
  count(checkedBy.roles[@ in $medicalReviewerRoles]) > 0
  || (count(checkedBy.roles[@ in $factCheckerRoles]) > 0 && count(string::split(evidence, "")[!(@ in ${BLANK_CHARACTERS})]) > 0)
)`

/**
 * With an article as `@`: the medical review the rules choose: among the published reviews of the
 * article whose fingerprint is the article's as it reads now and whose recorder may record them,
 * the latest (by `checkedAt`); null when there is none. The article is projected once (`_id` and
 * its part of the fingerprint) and is `^` of the reviews' filter, so its text is read once.
 */
export const REVIEW_OF_ARTICLE = `([@]{_id, "content": ${REVIEW_CONTENT}}{
  "review": (*[_type == ${REVIEW_TYPE_GROQ} && article._ref == ^._id][${IS_PUBLISHED} && defined(fingerprint) && fingerprint == ${REVIEW_FINGERPRINT_HEAD} + ^.content && ${REVIEW_RECORDER_ALLOWED}] | order(checkedAt desc))[0]
}[0].review)`

/**
 * The characters of a date, digits written `0`: `${DIGITS_AS_ZERO}<value>${DIGITS_AS_ZERO_END}`
 * starts with `0000-00-00` exactly when the value starts with YYYY-MM-DD (null for a value that
 * is not text). Two constants, like FIELD, so TypeGen can read the queries.
 */
export const DIGITS_AS_ZERO = `array::join(string::split(array::join(string::split(array::join(string::split(array::join(string::split(array::join(string::split(array::join(string::split(array::join(string::split(array::join(string::split(array::join(string::split(`
export const DIGITS_AS_ZERO_END = `, "1"), "0"), "2"), "0"), "3"), "0"), "4"), "0"), "5"), "0"), "6"), "0"), "7"), "0"), "8"), "0"), "9"), "0")`

/**
 * With a medical review as `@`: the latest next-review date it may set (latestNextReview of
 * rules/policy.ts): the UTC day of `checkedAt` plus `$maxReviewIntervalDays`, as YYYY-MM-DD.
 */
export const LATEST_NEXT_REVIEW = `string::split(string(dateTime(checkedAt) + $maxReviewIntervalDays * 86400), "T")[0]`

/**
 * With a medical review as `@` and its article as `^`: it counts: the reviewer is the expert for at
 * most half of the article's claims (when `$independentReviewer`); its reviewer is an `expert` with a current credential,
 * verified as it is now, that qualifies a reviewer; its next-review date starts with YYYY-MM-DD,
 * is today or later, and no later than LATEST_NEXT_REVIEW (dates compare on their first ten
 * characters, as in the rules).
 */
export const REVIEW_COUNTS = `(
  select($independentReviewer => count((coalesce(^.body, [])[_type == "block"]{"e": coalesce(markDefs, [])[_type == "medicalClaim"].expert._ref}.e[])[@ == ^.reviewer._ref]) * 2 <= count(coalesce(^.body, [])[_type == "block"]{"k": coalesce(markDefs, [])[_type == "medicalClaim"]._key}.k[]), true)
  && reviewer->_type == "expert"
  && count(reviewer->credentials[${CREDENTIAL_IS_CURRENT_FOR_REVIEW} && ${CREDENTIAL_FITS_REVIEW}]) > 0
  && string::startsWith(${DIGITS_AS_ZERO}nextReviewDue${DIGITS_AS_ZERO_END}, "0000-00-00")
  && nextReviewDue >= $today
  && (nextReviewDue <= ${LATEST_NEXT_REVIEW} || string::startsWith(nextReviewDue, ${LATEST_NEXT_REVIEW}))
)`

/**
 * With an article as `@`: its medical review when it counts, as a list of none or one: the review
 * the check accepts and the site shows (`MEDICAL_REVIEW[0]`).
 */
export const MEDICAL_REVIEW = `[${REVIEW_OF_ARTICLE}][${REVIEW_COUNTS}]`

/** With an article as `@`: it has a medical review that counts (when one is required). */
export const REVIEW_PASSES = `(!$requireMedicalReview || count(${MEDICAL_REVIEW}) > 0)`

/** With an article as `@`: it satisfies the publish rules (as far as documents can tell; see the top of this file). */
export const ARTICLE_IS_COMPLIANT = `(${CLAIMS_PASS} && ${REVIEW_PASSES})`

/**
 * Appended to a filter, keeps the articles that satisfy the rules: `*[<cheap filter>]${ONLY_COMPLIANT}`.
 * A second filter rather than `&&`: groq-js (and so the local lake) evaluates both sides of `&&`,
 * so the check would otherwise run on every document the first conditions already rule out.
 */
export const ONLY_COMPLIANT = `[${ARTICLE_IS_COMPLIANT}]`

/** A published document of type `article` (put cheap conditions such as a slug beside it). */
export const PUBLISHED_ARTICLE = `_type == "article" && ${IS_PUBLISHED}`
