import type {CITATION_KINDS, CLAIM_KINDS, CLAIM_TOPICS, CREDENTIAL_KINDS, EVIDENCE_LEVELS, PROFESSIONS, SPECIALTIES, VERIFICATION_STATUSES} from './constants.ts'
import type {Issuer, IssuerAuthority} from './issuers.ts'

export type ClaimKind = (typeof CLAIM_KINDS)[number]['value']
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number]['value']
export type Profession = (typeof PROFESSIONS)[number]['value']
export type Specialty = (typeof SPECIALTIES)[number]['value']
export type ClaimTopic = (typeof CLAIM_TOPICS)[number]['value']
export type CitationKind = (typeof CITATION_KINDS)[number]['value']
export type EvidenceLevel = (typeof EVIDENCE_LEVELS)[number]['value']
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number]['value']

export interface Reference {
  _type?: 'reference'
  _ref: string
  _key?: string
  _weak?: boolean
}

/** A segment of a Sanity path: a field name, an array index or an array item's key. */
export type PathSegment = string | number | {_key: string}
export type Path = PathSegment[]

/** The `medicalClaim` annotation (a mark definition inside a body block). */
export interface ClaimMark {
  _type: 'medicalClaim'
  _key: string
  kind?: ClaimKind
  /** What the claim is about; decides, with its kind, who may vouch for it. */
  topic?: ClaimTopic
  expert?: Reference
  citations?: Reference[]
}

export interface Span {
  _type: 'span'
  _key?: string
  text: string
  marks?: string[]
}

/** A child of a block other than a span (an inline object); it may carry text and marks too. */
export interface InlineChild {
  _type: string
  _key?: string
  text?: string
  marks?: string[]
}

export interface TextBlock {
  _type: 'block'
  _key: string
  style?: string
  listItem?: string
  /** Spans and inline objects; the site renders the text of every child, so the rules read every child's text. */
  children?: Array<Span | InlineChild>
  markDefs?: Array<ClaimMark | {_type: string; _key: string}>
}

export type BodyItem = TextBlock | {_type: string; _key: string}

export interface ArticleDoc {
  _id: string
  _type: string
  _rev?: string
  title?: string
  dek?: string
  body?: BodyItem[]
}

export interface Verification {
  status?: VerificationStatus
  verifiedBy?: string
  verifiedAt?: string
  evidence?: string
  /** What was verified: `credentialFingerprint` of the holder's name and the credential when it was verified. */
  fingerprint?: string
}

export interface Credential {
  _key?: string
  _type?: 'credential'
  kind?: CredentialKind
  profession?: Profession
  title?: string
  specialty?: Specialty | string
  /** The issuer's id in the registry (rules/issuers.ts): what decides what the credential permits. */
  issuer?: string
  /** The issuing body in words: for an issuer the registry does not list, or as older data has it. */
  issuingBody?: string
  jurisdiction?: string
  identifier?: string
  issuedOn?: string
  /** Last day (YYYY-MM-DD, UTC) on which the credential is valid. */
  expiresOn?: string
  verification?: Verification
}

export interface ExpertDoc {
  _id: string
  _type: string
  name?: string
  postnominals?: string[]
  credentials?: Credential[]
  /** Conflict-of-interest disclosures (rules/conflicts.ts says which bear on a claim). */
  disclosures?: Array<{_key?: string; topics?: string[]; until?: string; [field: string]: unknown}>
}

export interface CitationDoc {
  _id: string
  _type: string
  kind?: CitationKind
  /** How strong the source's evidence is. */
  evidenceLevel?: EvidenceLevel
  title?: string
  doi?: string
  pmid?: string
  url?: string
  authors?: string[]
  journal?: string
  publisher?: string
  year?: number
  retracted?: boolean
}

/** Who made a fact-check decision, as recorded on the decision document. */
export interface FactChecker {
  id: string
  name?: string
  roles?: string[]
}

/** A `factCheck.approval` or `factCheck.rejection` document. */
export interface FactCheckDecisionDoc {
  _id: string
  _type: 'factCheck.approval' | 'factCheck.rejection'
  /** Weak reference to the article's published id. */
  article: Reference
  claimKey: string
  fingerprint: string
  checkedBy: FactChecker
  checkedAt: string
  note?: string
  /** Required on rejections. */
  reason?: string
  /** On approvals: the `_key`s of the expert's disclosures bearing on the claim that the fact-checker was shown (`acknowledgeConflicts`). */
  acknowledgedConflicts?: string[]
}

/**
 * A `factCheck.review` document: an expert's medical review of an article, pinned to what a reader
 * reads of the article when it was recorded (`reviewFingerprint`), with the date the article is
 * next due for review. Who recorded it and when are stamped by the server.
 */
export interface ReviewDecisionDoc {
  _id: string
  _type: 'factCheck.review'
  /** Weak reference to the article's published id. */
  article: Reference
  /** The expert who reviewed the article. */
  reviewer: Reference
  fingerprint: string
  /** YYYY-MM-DD: the article must be reviewed again by then. */
  nextReviewDue: string
  /** How the review reached the fact-checker who recorded it (required when the recorder is not a medical reviewer). */
  evidence?: string
  checkedBy: FactChecker
  checkedAt: string
}

/** Any decision the rules read. */
export type DecisionDoc = FactCheckDecisionDoc | ReviewDecisionDoc

/** A claim as the rules see it: the annotation plus the text it covers. */
export interface Claim {
  key: string
  kind?: ClaimKind
  topic?: ClaimTopic
  /** What a reader sees as the claim: the text of every child of its block that carries its mark, in order. */
  text: string
  /** The text of the whole block around it (every child), so a word added outside the claim changes it too. */
  context: string
  expertId?: string
  citationIds: string[]
  blockKey: string
  blockIndex: number
  path: Path
}

/**
 * Who may vouch: a credential meets a requirement when every listed constraint holds. The issuer's
 * side (authorities, issuers, countries) is read from the registry (rules/issuers.ts), never from
 * a word an editor picked, and the credential's profession must then be one its issuer registers.
 * An empty requirement takes any verified, current credential.
 */
export interface CredentialRequirement {
  /** What the issuer is: `regulator` for a licence or registration to practise, whatever the register calls it. */
  authorities?: IssuerAuthority[]
  /** Particular issuers, by registry id. */
  issuers?: string[]
  /** The issuer's country (ISO 3166-1 alpha-2, e.g. "GB"). */
  countries?: string[]
  professions?: Profession[]
  specialties?: Specialty[]
  /** Who it accepts, in words, for messages ("a physician on a medical register"). */
  label?: string
}

/** Which credentials may vouch for which claims: the claims it covers (kinds and topics; all when left out) and who qualifies. */
export interface AcceptanceRule extends CredentialRequirement {
  claimKinds?: ClaimKind[]
  /** Claims on these topics only; a rule with topics never covers a claim without one. */
  topics?: ClaimTopic[]
}

export interface MedicalClaimsOptions {
  /** Document types that carry medical claims in a Portable Text `body`. */
  articleTypes: string[]
  /** Sanity role names whose holders may approve or reject claims. */
  factCheckerRoles: string[]
  /** Roles that may mark credentials verified besides fact-checkers. */
  credentialVerifierRoles: string[]
  /** How many days a verification of a credential counts: after that, a fact-checker checks the register again. */
  reverifyAfterDays: number
  /** Another interval for the credentials of some issuers, by registry id (e.g. {"gb-gmc": 730}). */
  reverifyAfterDaysByIssuer: Record<string, number>
  /** Who may vouch for which claims: a claim's expert qualifies with a credential meeting any rule that covers the claim. */
  acceptance: AcceptanceRule[]
  /** Issuers the project adds to the shipped registry (rules/issuers.ts), or shipped ones it corrects (same id). */
  issuers: Issuer[]
  /** Credentials that qualify an expert as the article's medical reviewer (any one). */
  reviewerCredentials: CredentialRequirement[]
  /** Roles whose holders record medical reviews themselves (fact-checkers may too, on the reviewer's behalf, with the evidence). */
  medicalReviewerRoles: string[]
  /** What a medical review is pinned to: everything a reader reads of the article (title, dek, every body item), or its claims alone. */
  reviewCovers: 'article' | 'claims'
  /** The longest a review may set its next review date ahead of the day it was recorded, in days. */
  maxReviewIntervalDays: number
  /** Claim kinds that must cite at least one source that is evidence (not an interview). */
  evidenceRequiredFor: ClaimKind[]
  /** For a claim kind, the weakest evidence that counts (EVIDENCE_LEVELS, strongest first); kinds left out take any level. */
  minimumEvidence: Partial<Record<ClaimKind, EvidenceLevel>>
  /** Whether a current medical review is required for publishing. */
  requireMedicalReview: boolean
  /** Whether an approval counts only when it acknowledges every disclosure of the expert that bears on the claim (a new one voids it). */
  acknowledgeConflicts: boolean
  /** Whether the medical reviewer must be independent of the article's sources: the expert for at most half of its claims (off by default; recommended). */
  independentReviewer: boolean
  /** How text that reads like an unmarked medical claim is reported. */
  unmarkedClaims: 'off' | 'warning' | 'error'
}

export type IssueSeverity = 'error' | 'warning'

export type IssueCode =
  | 'claim.duplicateKey'
  | 'claim.kindMissing'
  | 'claim.unattributed'
  | 'claim.expertNotFound'
  | 'expert.noCredential'
  | 'expert.credentialUnverified'
  | 'expert.credentialChanged'
  | 'expert.verificationDue'
  | 'expert.credentialRevoked'
  | 'expert.credentialExpired'
  | 'expert.credentialNotYetValid'
  | 'expert.credentialNotAccepted'
  | 'claim.evidenceMissing'
  | 'claim.citationNotFound'
  | 'claim.citationRetracted'
  | 'claim.citationInvalid'
  | 'claim.evidenceTooWeak'
  | 'claim.notApproved'
  | 'claim.approvalStale'
  | 'claim.rejected'
  | 'claim.approverNotFactChecker'
  | 'claim.approverEditedArticle'
  | 'claim.conflictsNotAcknowledged'
  | 'review.missing'
  | 'review.stale'
  | 'review.recorderNotAllowed'
  | 'review.recorderEditedArticle'
  | 'review.evidenceMissing'
  | 'review.intervalTooLong'
  | 'review.reviewerNotFound'
  | 'review.reviewerUncredentialed'
  | 'review.reviewerNotIndependent'
  | 'review.overdue'
  | 'claim.namesAnotherPerson'
  | 'body.unmarkedClaim'
  | 'body.claimsTooLarge'

/** How a single credential stands at a given moment. */
export type CredentialStanding = 'valid' | 'unverified' | 'changed' | 'verificationDue' | 'revoked' | 'expired' | 'notYetValid'

export interface PolicyIssue {
  code: IssueCode
  severity: IssueSeverity
  /** The claim's key, when the issue concerns one claim. */
  claimKey?: string
  /** Where to look in the article (Sanity path). */
  path: Path
  /** A sentence an editor understands, saying what is wrong and what to do. */
  message: string
}

/** Where a claim stands in the workflow. */
export type ClaimStatus = 'needsAttribution' | 'needsCredential' | 'needsEvidence' | 'awaitingFactCheck' | 'rejected' | 'approved'

export interface ClaimVerdict {
  claim: Claim
  /** The `_key`s of the expert's disclosures that bear on the claim (what an approval acknowledges). */
  conflicts: string[]
  /** What an approval must be pinned to (null when a field the fingerprint covers holds something other than text). */
  fingerprint: string | null
  status: ClaimStatus
  issues: PolicyIssue[]
}

export interface Verdict {
  publishable: boolean
  issues: PolicyIssue[]
  claims: ClaimVerdict[]
}

/** Everything the rules need: no I/O happens inside them. */
export interface PolicyInput {
  article: ArticleDoc
  experts: ReadonlyArray<ExpertDoc> | ReadonlyMap<string, ExpertDoc>
  citations: ReadonlyArray<CitationDoc> | ReadonlyMap<string, CitationDoc>
  /** Fact-check decisions on its claims and medical reviews of it. */
  decisions: ReadonlyArray<DecisionDoc>
  /** Ids of the users who edited the article (from its transaction history). */
  editors: ReadonlyArray<string>
  /** The moment of publishing (or of the check). */
  now: Date | string
  options?: Partial<MedicalClaimsOptions>
}
