/**
 * The publish rules for medical claims: one pure module, shared by the Studio plugin, the local
 * Content Lake, the audit command and the tests. No I/O, no React, no Studio runtime. How a
 * credential stands is in ./credentials.ts, what an attestation covers in ./fingerprints.ts.
 */
import {CITATION_TYPE, CLAIM_KINDS, CLAIM_TOPICS, CLAIM_TYPE, EXPERT_TYPE, REVIEW_TYPE} from './constants.ts'
import {meetsRequirement, registryOf, rulesFor} from './acceptance.ts'
import {type CredentialCheck, checkCredentialsOn, credentialMessage, utcDay} from './credentials.ts'
import {claimFingerprintOf, reviewContent, reviewFingerprintOf} from './fingerprints.ts'
import {getPublishedId, referencedId} from './ids.ts'
import {documentsById, findDocument, notFoundReason} from './lookup.ts'
import {resolveOptions} from './options.ts'
import {otherPeopleNamed} from './attribution.ts'
import {bearingDisclosureKeys, disclosureCutoff} from './conflicts.ts'
import {citationProblems, isEvidenceKind, levelTitle, meetsEvidenceLevel, minimumEvidenceFor} from './evidence.ts'
import {asSentence, capitalized, orList, withArticle} from './words.ts'
import type {
  BodyItem,
  CitationDoc,
  Claim,
  ClaimMark,
  ClaimStatus,
  ClaimVerdict,
  Credential,
  ExpertDoc,
  FactCheckDecisionDoc,
  IssueCode,
  MedicalClaimsOptions,
  Path,
  PolicyInput,
  PolicyIssue,
  ReviewDecisionDoc,
  TextBlock,
  Verdict,
} from './types.ts'

export {claimFingerprint, credentialFingerprint, reviewFingerprint} from './fingerprints.ts'
export {checkCredentials, credentialStanding, statusAndDatesStanding, utcDay} from './credentials.ts'
export {describeRequirement, meetsRequirement, rulesFor} from './acceptance.ts'

function isTextBlock(item: BodyItem): item is TextBlock {
  return item._type === 'block'
}

function isClaimMark(def: {_type: string; _key: string}): def is ClaimMark {
  return def._type === CLAIM_TYPE
}

/** The text a reader sees of one child of a block, whatever its type (the site renders every child's text). */
function childText(child: unknown): string {
  if (typeof child !== 'object' || child === null) return ''
  const text = (child as {text?: unknown}).text
  if (typeof text === 'string') return text
  return typeof text === 'number' || typeof text === 'boolean' ? String(text) : ''
}

function carriesMark(child: unknown, key: string): boolean {
  if (typeof child !== 'object' || child === null) return false
  const marks = (child as {marks?: unknown}).marks
  return Array.isArray(marks) && marks.includes(key)
}

/** The most claims one document may mark (the rules judge each one). */
export const MAX_CLAIMS_PER_DOCUMENT = 2_000
/**
 * The most characters the rules read to judge a document's claims: each claim is pinned to the
 * whole text of its block (its fingerprint), so a block's text counts once for every claim in it.
 * A 200-claim article of 1,000-character paragraphs reads 200,000.
 */
export const MAX_CLAIM_TEXT_LOAD = 2_000_000

/**
 * What judging a body's claims reads, counted without building any fingerprint: how many claims,
 * and the characters of their blocks' text (a block's counted once per claim in it).
 */
export function claimLoad(body: unknown): {claims: number; characters: number} {
  let claims = 0
  let characters = 0
  if (!Array.isArray(body)) return {claims, characters}
  for (const block of body as BodyItem[]) {
    if (!block || typeof block !== 'object' || !isTextBlock(block) || !Array.isArray(block.markDefs)) continue
    let marks = 0
    for (const def of block.markDefs) if (def && typeof def === 'object' && isClaimMark(def)) marks++
    if (marks === 0) continue
    let length = 0
    for (const child of Array.isArray(block.children) ? block.children : []) length += childText(child).length + 1
    claims += marks
    characters += marks * length
  }
  return {claims, characters}
}

/** Why a body holds more claims, or claim text, than the rules judge (null when it does not): what to change, in a sentence. */
export function claimLoadProblem(body: unknown): string | null {
  const {claims, characters} = claimLoad(body)
  if (claims > MAX_CLAIMS_PER_DOCUMENT) {
    return `it marks ${claims.toLocaleString('en-US')} medical claims, and a document may mark at most ${MAX_CLAIMS_PER_DOCUMENT.toLocaleString('en-US')}. Split it into several articles.`
  }
  if (characters > MAX_CLAIM_TEXT_LOAD) {
    return `its claims are pinned to ${characters.toLocaleString('en-US')} characters of text (each claim to the whole paragraph it is in, so a long paragraph with many claims counts many times), and the rules read at most ${MAX_CLAIM_TEXT_LOAD.toLocaleString('en-US')}. Split long paragraphs that hold many claims.`
  }
  return null
}

/**
 * Every medical claim in a Portable Text body, in reading order, with the text it covers (every
 * child of its block that carries its mark, whatever the child's type) and the text of its block.
 */
export function extractClaims(body: ReadonlyArray<BodyItem> | undefined | null): Claim[] {
  const claims: Claim[] = []
  if (!Array.isArray(body)) return claims
  for (let blockIndex = 0; blockIndex < body.length; blockIndex++) {
    const block = body[blockIndex]
    if (!block || !isTextBlock(block) || !Array.isArray(block.markDefs)) continue
    const children: unknown[] = Array.isArray(block.children) ? block.children : []
    let context: string | undefined
    for (const def of block.markDefs) {
      if (!def || !isClaimMark(def)) continue
      context ??= children.map(childText).join('')
      let text = ''
      for (const child of children) if (carriesMark(child, def._key)) text += childText(child)
      const citationIds: string[] = []
      if (def.citations != null && !Array.isArray(def.citations)) throw new TypeError(`the citations of claim "${def._key}" are not a list`)
      for (const citation of def.citations ?? []) {
        const ref = citation?._ref
        if (ref) citationIds.push(ref)
      }
      claims.push({
        key: def._key,
        kind: def.kind,
        topic: def.topic,
        text,
        context,
        expertId: def.expert?._ref || undefined,
        citationIds,
        blockKey: block._key,
        blockIndex,
        path: ['body', {_key: block._key}, 'markDefs', {_key: def._key}],
      })
    }
  }
  return claims
}

const KIND_TITLES = new Map<string, string>(CLAIM_KINDS.map((k) => [k.value, k.title]))
const KIND_CHOICES = orList(CLAIM_KINDS.map((k) => `"${k.title}"`))
const KIND_PHRASES = new Map<string, string>(CLAIM_KINDS.map((k) => [k.value, k.phrase]))
const TOPIC_TITLES = new Map<string, string>(CLAIM_TOPICS.map((t) => [t.value, t.title.toLowerCase()]))

/** A claim of a kind in words, with its article: "an aftercare claim", "a statistic" ("a claim" for an unknown kind). */
export function claimKindPhrase(kind: string | undefined): string {
  return (kind && KIND_PHRASES.get(kind)) || 'a claim'
}

/** A claim's kind and topic in words, for who may vouch for it: "a benefit claim on food and nutrition". */
function claimOfTopic(claim: Claim): string {
  const topic = claim.topic ? TOPIC_TITLES.get(claim.topic) : undefined
  return topic ? `${claimKindPhrase(claim.kind)} on ${topic}` : claimKindPhrase(claim.kind)
}

/** White space other than single spaces: what snippet() has to collapse. */
const LOOSE_SPACE = /[^\S ]| {2}/

function snippet(text: string, max = 60): string {
  const clean = (LOOSE_SPACE.test(text) ? text.replace(/\s+/g, ' ') : text).trim()
  if (clean.length === 0) return '(empty claim)'
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean
}

/** Whether an expert may vouch for a claim of this kind and topic on the day of `now`, and if not, why (a claim without a kind qualifies nobody). */
export function checkExpertForClaim(
  expert: ExpertDoc,
  claim: Pick<Claim, 'kind' | 'topic'>,
  options: Partial<MedicalClaimsOptions> | MedicalClaimsOptions | undefined,
  now: Date | string,
): CredentialCheck {
  const resolved = resolveOptions(options)
  const rules = claim.kind ? rulesFor(resolved.acceptance, claim.kind, claim.topic) : []
  return checkCredentialsOn(expert, rules, utcDay(now), registryOf(resolved), resolved)
}

/** Whether an expert may be an article's medical reviewer on the day of `now`, and if not, why. */
export function checkReviewer(expert: ExpertDoc, options: Partial<MedicalClaimsOptions> | MedicalClaimsOptions | undefined, now: Date | string): CredentialCheck {
  const resolved = resolveOptions(options)
  return checkCredentialsOn(expert, resolved.reviewerCredentials, utcDay(now), registryOf(resolved), resolved)
}

/** Whether a credential is of a sort the medical reviewer may hold (whatever its standing). */
export function fitsReviewerCredentials(credential: Credential, options: Partial<MedicalClaimsOptions> | MedicalClaimsOptions | undefined): boolean {
  const resolved = resolveOptions(options)
  const registry = registryOf(resolved)
  return resolved.reviewerCredentials.some((requirement) => meetsRequirement(credential, requirement, registry))
}

/** Whether a user may approve or reject claims of an article, and if not, why. */
export function factCheckPermission(input: {
  userId: string | undefined
  roles: ReadonlyArray<string>
  editors: ReadonlyArray<string>
  options?: Partial<MedicalClaimsOptions> | MedicalClaimsOptions
}): {allowed: boolean; reason?: string} {
  const options = resolveOptions(input.options)
  if (!input.userId) return {allowed: false, reason: 'Sign in to fact-check claims.'}
  if (!input.roles.some((r) => options.factCheckerRoles.includes(r))) {
    return {allowed: false, reason: `Only fact-checkers (role ${orList(options.factCheckerRoles.map((r) => `"${r}"`))}) approve or reject claims.`}
  }
  if (input.editors.includes(input.userId)) {
    return {allowed: false, reason: 'You edited this article, so another fact-checker must check its claims.'}
  }
  return {allowed: true}
}

export interface ReviewRoles {
  /** Holds a medical reviewer role: records reviews in their own name, evidence optional. */
  reviewer: boolean
  /** Holds a fact-checker role: records reviews on a reviewer's behalf, with the evidence. */
  factChecker: boolean
}

/** Which of the roles that record reviews a user holds. */
export function reviewRoles(roles: ReadonlyArray<string>, options: MedicalClaimsOptions): ReviewRoles {
  return {
    reviewer: roles.some((role) => options.medicalReviewerRoles.includes(role)),
    factChecker: roles.some((role) => options.factCheckerRoles.includes(role)),
  }
}

export interface ReviewPermission {
  allowed: boolean
  reason?: string
  /** The user records on a reviewer's behalf, so the review needs its evidence. */
  evidenceRequired: boolean
}

/**
 * Whether a user may record a medical review of an article, and if not, why (the lake checks
 * the same at the write: a medical reviewer, or a fact-checker with the evidence, who did not edit the article). `editors` null means the
 * history API could not say who edited it: then nobody may, until it can (fail closed).
 */
export function reviewPermission(input: {
  userId: string | undefined
  roles: ReadonlyArray<string>
  editors: ReadonlyArray<string> | null
  options?: Partial<MedicalClaimsOptions> | MedicalClaimsOptions
}): ReviewPermission {
  const options = resolveOptions(input.options)
  const {reviewer, factChecker} = reviewRoles(input.roles, options)
  const evidenceRequired = !reviewer
  if (!input.userId) return {allowed: false, reason: 'Sign in to record a medical review.', evidenceRequired}
  if (!reviewer && !factChecker) {
    const roles = [...options.medicalReviewerRoles, ...options.factCheckerRoles].map((role) => `"${role}"`)
    return {allowed: false, reason: `Only medical reviewers and fact-checkers (role ${orList(roles)}) record medical reviews.`, evidenceRequired}
  }
  if (input.editors === null) {
    return {
      allowed: false,
      reason: 'Could not read who edited this article, so whether you may record its medical review cannot be checked yet. Reload to try again.',
      evidenceRequired,
    }
  }
  if (input.editors.includes(input.userId)) {
    return {allowed: false, reason: 'You edited this article, so someone who did not edit it must record its medical review.', evidenceRequired}
  }
  return {allowed: true, evidenceRequired}
}

interface ApprovalOutcome {
  status: 'approved' | 'rejected' | 'awaiting'
  code?: IssueCode
  message?: string
}

function checkerName(decision: FactCheckDecisionDoc): string {
  return decision.checkedBy?.name?.trim() || decision.checkedBy?.id || 'someone'
}

function approvalOutcome(
  claim: Claim,
  fingerprint: string | null,
  decisions: ReadonlyArray<FactCheckDecisionDoc>,
  editors: ReadonlySet<string>,
  options: MedicalClaimsOptions,
  conflicts: ReadonlyArray<string>,
): ApprovalOutcome {
  const subject = () => `claim "${snippet(claim.text)}"`
  const matching: FactCheckDecisionDoc[] = []
  let latestOther: FactCheckDecisionDoc | undefined
  for (const decision of decisions) {
    if (fingerprint !== null && decision.fingerprint === fingerprint) matching.push(decision)
    else if (!latestOther || decision.checkedAt > latestOther.checkedAt) latestOther = decision
  }
  if (matching.length > 1) matching.sort((a, b) => (a.checkedAt < b.checkedAt ? 1 : a.checkedAt > b.checkedAt ? -1 : 0))
  let firstInvalid: ApprovalOutcome | undefined
  for (const decision of matching) {
    const roles = decision.checkedBy?.roles ?? []
    if (!roles.some((r) => options.factCheckerRoles.includes(r))) {
      firstInvalid ??= {
        status: 'awaiting',
        code: 'claim.approverNotFactChecker',
        message: `The check of ${subject()} by ${checkerName(decision)} does not count: they are not a fact-checker. A fact-checker must approve it.`,
      }
      continue
    }
    if (editors.has(decision.checkedBy.id)) {
      firstInvalid ??= {
        status: 'awaiting',
        code: 'claim.approverEditedArticle',
        message: `The check of ${subject()} by ${checkerName(decision)} does not count: they edited this article. Another fact-checker must approve it.`,
      }
      continue
    }
    if (decision._type === 'factCheck.approval' && options.acknowledgeConflicts && conflicts.length > 0) {
      const acknowledged = decision.acknowledgedConflicts
      // As GROQ reads it: a list (missing is an empty one) naming every bearing disclosure's key.
      const list = acknowledged === undefined || acknowledged === null ? [] : acknowledged
      if (!Array.isArray(list) || conflicts.some((key) => key === '' || !list.includes(key))) {
        firstInvalid ??= {
          status: 'awaiting',
          code: 'claim.conflictsNotAcknowledged',
          message: `The approval of ${subject()} by ${checkerName(decision)} does not count: the expert has a conflict of interest bearing on it that the approval does not acknowledge (disclosed since, or not shown then). A fact-checker must approve it again, with the conflict in view.`,
        }
        continue
      }
    }
    if (decision._type === 'factCheck.rejection') {
      const reason = asSentence(decision.reason?.trim() || 'no reason given')
      return {
        status: 'rejected',
        code: 'claim.rejected',
        message: `${checkerName(decision)} rejected ${subject()}: ${reason} Revise the claim; it then needs a fresh approval.`,
      }
    }
    return {status: 'approved'}
  }
  if (firstInvalid) return firstInvalid
  if (latestOther && latestOther._type === 'factCheck.approval') {
    return {
      status: 'awaiting',
      code: 'claim.approvalStale',
      message: `C${subject().slice(1)} changed after ${checkerName(latestOther)} approved it (${latestOther.checkedAt.slice(0, 10)}): its text, its paragraph, its kind, its expert or its sources differ now, so it needs a fresh approval.`,
    }
  }
  return {
    status: 'awaiting',
    code: 'claim.notApproved',
    message: `C${subject().slice(1)} is waiting for a fact-checker's approval.`,
  }
}

function issue(code: IssueCode, path: Path, message: string, claimKey?: string, severity: PolicyIssue['severity'] = 'error'): PolicyIssue {
  return claimKey === undefined ? {code, severity, path, message} : {code, severity, claimKey, path, message}
}

/**
 * Words and figures that make a sentence read like a medical claim: efficacy and safety words,
 * percentages, doses and sun protection factors. One expression, so a sentence is scanned once;
 * the first signal in the sentence is the one reported.
 */
const CLAIM_SIGNAL = new RegExp(
  [
    String.raw`\b(?:`,
    String.raw`(?:reduc|treat|cur|prevent|improv|heal|stimulat|promot|boost|lower|increas|rejuvenat|correct|relie|eliminat|repair|tighten|restor|minimi[sz])(?:e|es|ed|ing|s)?\b`,
    String.raw`|(?:safe|safer|safest|unsafe|effective|proven|clinically|risks?|side effects?|infection|allerg(?:y|ies|ic)|contraindicat\w*|dangerous|harmful)\b`,
    String.raw`|\d+(?:\.\d+)?\s?(?:%|(?:mg|mcg|µg|ml|iu|units?|spf)\b)`,
    String.raw`|spf\s?\d+`,
    ')',
  ].join(''),
  'i',
)

export interface UnmarkedClaim {
  blockKey: string
  path: Path
  text: string
  signal: string
}

/**
 * Sentences outside any marked claim that read like medical claims (a heuristic: efficacy and
 * safety words, percentages, dosages). Only text blocks with a normal or blockquote style are read.
 */
export function detectUnmarkedClaims(body: ReadonlyArray<BodyItem> | undefined | null): UnmarkedClaim[] {
  const found: UnmarkedClaim[] = []
  if (!Array.isArray(body)) return found
  for (const block of body) {
    if (!block || !isTextBlock(block)) continue
    if (block.style && block.style !== 'normal' && block.style !== 'blockquote') continue
    const claimKeys = new Set<string>()
    for (const def of block.markDefs ?? []) if (def && isClaimMark(def)) claimKeys.add(def._key)
    let text = ''
    for (const child of Array.isArray(block.children) ? block.children : []) {
      // A marked child ends a stretch of unmarked text; keep sentences from running across it.
      const marks = (child as {marks?: unknown} | null)?.marks
      const marked = claimKeys.size > 0 && Array.isArray(marks) && marks.some((m) => claimKeys.has(m))
      text += marked ? '\n' : childText(child)
    }
    for (const sentence of text.split(/(?<=[.!?])\s+|\n/)) {
      const trimmed = sentence.trim()
      if (trimmed.length < 12) continue
      const match = CLAIM_SIGNAL.exec(trimmed)
      if (match) found.push({blockKey: block._key, path: ['body', {_key: block._key}], text: trimmed, signal: match[0]})
    }
  }
  return found
}

/** Evaluates an article against the publish rules. Pure: the same input gives the same verdict. */
export function evaluateArticle(input: PolicyInput): Verdict {
  const options = resolveOptions(input.options)
  const registry = registryOf(options)
  const today = utcDay(input.now)
  const thisYear = Number(today.slice(0, 4))
  const conflictCutoff = disclosureCutoff(input.now)
  const experts = documentsById<ExpertDoc>(input.experts)
  const citations = documentsById<CitationDoc>(input.citations)
  const findCitation = (id: string) => findDocument(citations, id, CITATION_TYPE)
  const editors = new Set(input.editors)
  const articleId = getPublishedId(input.article._id)
  const decisionsByClaim = new Map<string, FactCheckDecisionDoc[]>()
  const reviews: ReviewDecisionDoc[] = []
  for (const decision of input.decisions) {
    if (!decision || referencedId(decision.article?._ref) !== articleId) continue
    if (decision._type === REVIEW_TYPE) {
      reviews.push(decision)
      continue
    }
    const list = decisionsByClaim.get(decision.claimKey)
    if (list) list.push(decision)
    else decisionsByClaim.set(decision.claimKey, [decision])
  }

  const issues: PolicyIssue[] = []
  const claimVerdicts: ClaimVerdict[] = []
  // A body past what the rules read is not judged claim by claim: it cannot pass.
  const tooLarge = claimLoadProblem(input.article.body)
  if (tooLarge) return {publishable: false, issues: [issue('body.claimsTooLarge', ['body'], `This article cannot be checked: ${tooLarge}`)], claims: []}
  const claims = extractClaims(input.article.body)
  const seenKeys = new Set<string>()

  for (const claim of claims) {
    const claimIssues: PolicyIssue[] = []
    let subjectText: string | undefined
    const subject = () => (subjectText ??= `claim "${snippet(claim.text)}"`)
    const add = (code: IssueCode, message: string) => claimIssues.push(issue(code, claim.path, message, claim.key))
    const expert = claim.expertId ? findDocument(experts, claim.expertId, EXPERT_TYPE) : undefined
    const fingerprint = claimFingerprintOf(claim, expert, findCitation)
    const conflicts = expert ? bearingDisclosureKeys(expert, claim, conflictCutoff) : []
    let status: ClaimStatus = 'needsAttribution'

    if (seenKeys.has(claim.key)) {
      add('claim.duplicateKey', `Two claims share the key "${claim.key}", so their fact-checks cannot be told apart. Remove the claim mark from ${subject()} and mark it again.`)
    }
    seenKeys.add(claim.key)
    if (!claim.kind) add('claim.kindMissing', `Choose the kind of ${subject()}: ${KIND_CHOICES}.`)
    else if (!KIND_TITLES.has(claim.kind)) {
      add('claim.kindMissing', `C${subject().slice(1)} has the kind "${String(claim.kind)}", which is not a kind of claim. Choose one of ${KIND_CHOICES}.`)
    }

    if (!claim.expertId) {
      add('claim.unattributed', `C${subject().slice(1)} is not attributed to an expert. Choose the expert who vouches for it.`)
    } else if (!expert) {
      add('claim.expertNotFound', `The expert named for ${subject()} (${claim.expertId}) ${notFoundReason(claim.expertId, 'expert')}. Choose the expert again, or another.`)
    }

    if (claimIssues.length === 0 && expert && claim.kind) {
      status = 'approved'
      const check = checkCredentialsOn(expert, rulesFor(options.acceptance, claim.kind, claim.topic), today, registry, options)
      if (!check.ok && check.code) {
        add(check.code, credentialMessage(check, expert, `${claimOfTopic(claim)} ("${snippet(claim.text)}")`, 'attribute the claim to another expert'))
        status = 'needsCredential'
      }
      const needsEvidence = options.evidenceRequiredFor.includes(claim.kind)
      const minimum = minimumEvidenceFor(options, claim.kind)
      let sourceIssues = 0
      let interviews = 0
      let weaker = 0
      let evidence = 0
      for (const citationId of claim.citationIds) {
        const citation = findCitation(citationId)
        const named = () => (typeof citation?.title === 'string' && citation.title.trim() ? `"${citation.title.trim()}"` : `The source ${citationId}`)
        if (!citation) {
          add('claim.citationNotFound', `A source cited for ${subject()} (${citationId}) ${notFoundReason(citationId, 'citation')}. Remove it from the claim and cite it again, or cite another.`)
          sourceIssues++
        } else if (citation.retracted) {
          add('claim.citationRetracted', `${named()}, cited for ${subject()}, has been retracted. Remove it and cite current evidence.`)
          sourceIssues++
        } else {
          const problems = citationProblems(citation, thisYear)
          if (problems.length > 0) {
            add('claim.citationInvalid', `${named()}, cited for ${subject()}, cannot back it: ${orList(problems)}. Complete the source's record, or remove it from the claim.`)
            sourceIssues++
          } else if (!isEvidenceKind(citation)) interviews++
          else if (!meetsEvidenceLevel(citation, minimum)) weaker++
          else evidence++
        }
      }
      if (needsEvidence && evidence === 0 && sourceIssues === 0) {
        const what = capitalized(claimKindPhrase(claim.kind))
        if (weaker > 0 && minimum) {
          add('claim.evidenceTooWeak', `${what} needs evidence at least as strong as ${withArticle(levelTitle(minimum))}, and no source cited for ${subject()} is: cite a stronger source, or give the cited one its level of evidence.`)
        } else if (interviews > 0) {
          add('claim.evidenceMissing', `${what} needs evidence, and an interview records what an expert said, not that it is so: cite a study, guideline or reference work for ${subject()}.`)
        } else {
          add('claim.evidenceMissing', `${what} needs evidence: cite at least one source (a study, guideline or reference work) for ${subject()}.`)
        }
      }
      if (status === 'approved' && claimIssues.length > 0) status = 'needsEvidence'

      if (claimIssues.length === 0) {
        const outcome = approvalOutcome(claim, fingerprint, decisionsByClaim.get(claim.key) ?? [], editors, options, conflicts)
        if (outcome.status !== 'approved' && outcome.code && outcome.message) add(outcome.code, outcome.message)
        status = outcome.status === 'approved' ? 'approved' : outcome.status === 'rejected' ? 'rejected' : 'awaitingFactCheck'
      }
    }
    if (expert) {
      const others = otherPeopleNamed(claim, expert.name)
      if (others.length > 0) {
        const who = expert.name?.trim() || expert._id
        claimIssues.push(
          issue(
            'claim.namesAnotherPerson',
            claim.path,
            `The sentence of ${subject()} names ${orList(others)}, but the claim is attributed to ${who}. If ${others.length === 1 ? 'that person' : 'one of them'} said it, attribute the claim to them; if not, check the sentence.`,
            claim.key,
            'warning',
          ),
        )
      }
    }
    issues.push(...claimIssues)
    claimVerdicts.push({claim, fingerprint, conflicts, status, issues: claimIssues})
  }

  if (options.requireMedicalReview) issues.push(...reviewIssues(input.article, reviews, experts, editors, options, today, claims))

  if (options.unmarkedClaims !== 'off') {
    for (const unmarked of detectUnmarkedClaims(input.article.body)) {
      issues.push(
        issue(
          'body.unmarkedClaim',
          unmarked.path,
          `"${snippet(unmarked.text, 80)}" reads like a medical claim ("${unmarked.signal}") but is not marked as one. Mark it as a medical claim, or leave it if it is not a claim.`,
          undefined,
          options.unmarkedClaims,
        ),
      )
    }
  }

  return {publishable: !issues.some((i) => i.severity === 'error'), issues, claims: claimVerdicts}
}

const REVIEW_PATH: Path = []

/**
 * The latest next-review date (YYYY-MM-DD) a review recorded at `recordedAt` may set: the UTC day
 * it was recorded plus `maxReviewIntervalDays`. Null when `recordedAt` is not a date-time.
 */
export function latestNextReview(recordedAt: string, options?: Partial<MedicalClaimsOptions>): string | null {
  const time = Date.parse(recordedAt)
  if (Number.isNaN(time)) return null
  const day = Date.parse(`${new Date(time).toISOString().slice(0, 10)}T00:00:00Z`)
  return new Date(day + resolveOptions(options).maxReviewIntervalDays * 86_400_000).toISOString().slice(0, 10)
}

function reviewerNotFoundMessage(ref: string | undefined): string {
  return ref ? `The medical reviewer (${ref}) ${notFoundReason(ref, 'expert')}. Record the review again, naming a published reviewer.` : 'The medical review names no reviewer. Record a review by a published reviewer.'
}

function recorderName(review: ReviewDecisionDoc): string {
  return review.checkedBy?.name?.trim() || review.checkedBy?.id || 'someone'
}

/** Why a review that matches the article as it is now does not count, or null when it counts. */
function reviewRecordProblem(review: ReviewDecisionDoc, editors: ReadonlySet<string>, options: MedicalClaimsOptions): PolicyIssue | null {
  const {reviewer, factChecker} = reviewRoles(review.checkedBy?.roles ?? [], options)
  const by = recorderName(review)
  if (!reviewer && !factChecker) {
    return issue('review.recorderNotAllowed', REVIEW_PATH, `The medical review recorded by ${by} does not count: only medical reviewers, or fact-checkers on a reviewer's behalf, record reviews. Have one record it.`)
  }
  if (editors.has(review.checkedBy.id)) {
    return issue('review.recorderEditedArticle', REVIEW_PATH, `The medical review recorded by ${by} does not count: they edited this article. Someone who did not edit it must record the review.`)
  }
  if (!reviewer && !(typeof review.evidence === 'string' && review.evidence.trim())) {
    return issue('review.evidenceMissing', REVIEW_PATH, `The medical review recorded by ${by} on the reviewer's behalf does not count: it gives no evidence of the review (the reviewer's signed form or message). Record it again with the evidence.`)
  }
  return null
}

const latestFirst = (a: ReviewDecisionDoc, b: ReviewDecisionDoc) => (a.checkedAt < b.checkedAt ? 1 : a.checkedAt > b.checkedAt ? -1 : 0)

/**
 * The medical review: the latest review recorded for the article as a reader reads it now (see
 * reviewFingerprint), by a user allowed to record it, by a qualified reviewer, and not yet due again.
 */
function reviewIssues(
  article: PolicyInput['article'],
  reviews: ReviewDecisionDoc[],
  experts: ReadonlyMap<string, ExpertDoc>,
  editors: ReadonlySet<string>,
  options: MedicalClaimsOptions,
  today: string,
  claims: ReadonlyArray<Claim>,
): PolicyIssue[] {
  if (reviews.length === 0) {
    return [issue('review.missing', REVIEW_PATH, 'The article needs a medical review: a medical reviewer, or a fact-checker on the reviewer\'s behalf, records it with "Record medical review".')]
  }
  reviews.sort(latestFirst)
  const reviewerOf = (review: ReviewDecisionDoc) => (review.reviewer?._ref ? findDocument(experts, review.reviewer._ref, EXPERT_TYPE) : undefined)
  let firstProblem: PolicyIssue | undefined
  let chosen: ReviewDecisionDoc | undefined
  // What a reader reads is the same for every review of the article: read it once.
  const content = reviewContent(article, options.reviewCovers)
  for (const review of reviews) {
    const reviewer = reviewerOf(review)
    if (typeof review.fingerprint !== 'string' || review.fingerprint !== reviewFingerprintOf(content, review.reviewer?._ref, reviewer, options.reviewCovers)) continue
    const problem = reviewRecordProblem(review, editors, options)
    if (problem) {
      firstProblem ??= problem
      continue
    }
    chosen = review
    break
  }
  if (!chosen) {
    if (firstProblem) return [firstProblem]
    const latest = reviews[0]
    const ref = latest.reviewer?._ref
    if (!reviewerOf(latest)) {
      return [issue('review.reviewerNotFound', REVIEW_PATH, reviewerNotFoundMessage(ref))]
    }
    const what = options.reviewCovers === 'claims' ? 'its claims differ' : 'its title, dek or text differ'
    return [
      issue(
        'review.stale',
        REVIEW_PATH,
        `The article changed after its medical review (recorded by ${recorderName(latest)} on ${String(latest.checkedAt).slice(0, 10)}): ${what} now, or its reviewer's name changed, so it needs a new review.`,
      ),
    ]
  }
  const found: PolicyIssue[] = []
  const reviewer = reviewerOf(chosen)
  if (!reviewer) {
    found.push(issue('review.reviewerNotFound', REVIEW_PATH, reviewerNotFoundMessage(chosen.reviewer?._ref)))
  } else {
    const check = checkCredentialsOn(reviewer, options.reviewerCredentials, today, registryOf(options), options)
    if (!check.ok) {
      found.push(issue('review.reviewerUncredentialed', REVIEW_PATH, credentialMessage(check, reviewer, 'the medical review', 'have another reviewer review the article')))
    }
    if (options.independentReviewer) {
      // The claims the reviewer vouches for, by the reference as stored (GROQ compares it so).
      const own = claims.filter((claim) => claim.expertId !== undefined && claim.expertId === chosen.reviewer?._ref).length
      if (own * 2 > claims.length) {
        const who = reviewer.name?.trim() || reviewer._id
        found.push(
          issue(
            'review.reviewerNotIndependent',
            REVIEW_PATH,
            `${who}, the article's medical reviewer, is also the expert for ${own} of its ${claims.length} ${claims.length === 1 ? 'claim' : 'claims'}: a review checks the article's sources, so it must come from someone who is not most of them. Have another qualified expert review the article, or attribute more of its claims to other experts.`,
          ),
        )
      }
    }
  }
  const due = typeof chosen.nextReviewDue === 'string' ? chosen.nextReviewDue.slice(0, 10) : ''
  const latestDue = typeof chosen.checkedAt === 'string' ? latestNextReview(chosen.checkedAt, options) : null
  if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) {
    found.push(issue('review.missing', REVIEW_PATH, 'The medical review gives no date for the next review. Record the review again with the date it is next due.'))
  } else if (due < today) {
    found.push(issue('review.overdue', REVIEW_PATH, `The medical review was due again on ${due}. Have the article reviewed and record the new review.`))
  } else if (latestDue === null || due > latestDue) {
    found.push(
      issue(
        'review.intervalTooLong',
        REVIEW_PATH,
        `The medical review sets the next review for ${due}, more than ${options.maxReviewIntervalDays} days after it was recorded. Record it again with a date on or before ${latestDue ?? 'that'}.`,
      ),
    )
  }
  return found
}

export interface VerdictSummary {
  total: number
  approved: number
  unattributed: number
  needsCredential: number
  needsEvidence: number
  awaiting: number
  /** Of the awaiting ones: approved once, then changed (the approval no longer matches). */
  stale: number
  rejected: number
  /** Blocking issues, claims and article-level together. */
  blocking: number
  warnings: number
}

/** Counts for badges and lists. */
export function summarizeVerdict(verdict: Verdict): VerdictSummary {
  const count = (status: ClaimStatus) => verdict.claims.filter((c) => c.status === status).length
  return {
    total: verdict.claims.length,
    approved: count('approved'),
    unattributed: count('needsAttribution'),
    needsCredential: count('needsCredential'),
    needsEvidence: count('needsEvidence'),
    awaiting: count('awaitingFactCheck'),
    stale: verdict.claims.filter((c) => c.status === 'awaitingFactCheck' && c.issues.some((i) => i.code === 'claim.approvalStale')).length,
    rejected: count('rejected'),
    blocking: verdict.issues.filter((i) => i.severity === 'error').length,
    warnings: verdict.issues.filter((i) => i.severity === 'warning').length,
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** The medical review's problem in a few words, for the Publish button's sentence. */
const REVIEW_SUMMARIES: Partial<Record<IssueCode, string>> = {
  'review.missing': 'no medical review',
  'review.stale': 'the medical review is out of date (the article changed)',
  'review.overdue': 'the medical review is overdue',
  'review.intervalTooLong': 'the next medical review is set too far ahead',
}

/** What the Publish button should do, and the sentence that says why. */
export function publishDecision(verdict: Verdict): {disabled: boolean; title: string; reasons: PolicyIssue[]} {
  const reasons = verdict.issues.filter((i) => i.severity === 'error')
  if (reasons.length === 0) return {disabled: false, title: 'Every claim is attributed, credentialed and approved.', reasons}
  const s = summarizeVerdict(verdict)
  const parts: string[] = []
  if (s.unattributed) parts.push(`${plural(s.unattributed, 'claim')} ${s.unattributed === 1 ? 'needs' : 'need'} an expert`)
  if (s.needsCredential) parts.push(`${plural(s.needsCredential, 'claim')} ${s.needsCredential === 1 ? 'lacks' : 'lack'} a credentialed expert`)
  if (s.needsEvidence) parts.push(`${plural(s.needsEvidence, 'claim')} ${s.needsEvidence === 1 ? 'needs' : 'need'} evidence`)
  if (s.rejected) parts.push(`${plural(s.rejected, 'claim')} rejected`)
  if (s.awaiting) parts.push(`${plural(s.awaiting, 'claim')} awaiting fact-check`)
  const review = reasons.find((r) => r.code.startsWith('review.'))
  if (review) parts.push(REVIEW_SUMMARIES[review.code] ?? 'the medical review does not count')
  const other = reasons.filter((r) => !r.claimKey && !r.code.startsWith('review.')).length
  if (other) parts.push(`${plural(other, 'article issue')}`)
  return {disabled: true, title: `Cannot publish: ${parts.join(', ')}.`, reasons}
}

