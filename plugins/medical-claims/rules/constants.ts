/** Document and object type names the plugin owns or reads. */
export const ARTICLE_TYPE = 'article'
export const EXPERT_TYPE = 'expert'
export const CITATION_TYPE = 'citation'
export const CLAIM_TYPE = 'medicalClaim'
export const CREDENTIAL_TYPE = 'credential'
export const APPROVAL_TYPE = 'factCheck.approval'
export const REJECTION_TYPE = 'factCheck.rejection'
/** The decisions on one claim. */
export const FACT_CHECK_TYPES = [APPROVAL_TYPE, REJECTION_TYPE] as const
/** A medical review of a whole article, recorded by a medical reviewer or by a fact-checker on the reviewer's behalf. */
export const REVIEW_TYPE = 'factCheck.review'
/** Every decision the rules read: claim decisions and medical reviews (stamped by the server, never written by editors). */
export const DECISION_TYPES = [APPROVAL_TYPE, REJECTION_TYPE, REVIEW_TYPE] as const
/** The lake's record of a published article it withdrew after a correction (written by the lake only). */
export const WITHDRAWAL_TYPE = 'factCheck.withdrawal'

/** Kinds of medical claim an editor can mark in an article body. */
export const CLAIM_KINDS = [
  {value: 'benefit', title: 'Benefit'},
  {value: 'risk', title: 'Risk or side effect'},
  {value: 'contraindication', title: 'Contraindication'},
  {value: 'procedureFact', title: 'Procedure fact'},
  {value: 'aftercare', title: 'Aftercare'},
  {value: 'cost', title: 'Cost'},
  {value: 'patientExperience', title: 'Patient experience'},
] as const

export const CREDENTIAL_KINDS = [
  {value: 'boardCertification', title: 'Board certification'},
  {value: 'licence', title: 'Licence'},
  {value: 'degree', title: 'Degree'},
  {value: 'registration', title: 'Registration'},
] as const

/** The profession a credential qualifies its holder for. */
export const PROFESSIONS = [
  {value: 'physician', title: 'Physician'},
  {value: 'nursePractitioner', title: 'Nurse practitioner'},
  {value: 'physicianAssistant', title: 'Physician assistant'},
  {value: 'registeredNurse', title: 'Registered nurse'},
  {value: 'pharmacist', title: 'Pharmacist'},
  {value: 'dietitian', title: 'Dietitian'},
  {value: 'researcher', title: 'Researcher'},
  {value: 'other', title: 'Other'},
] as const

export const VERIFICATION_STATUSES = [
  {value: 'unverified', title: 'Unverified'},
  {value: 'verified', title: 'Verified'},
  {value: 'revoked', title: 'Revoked'},
] as const

/** Sanity role that fact-checks by default (a custom role on hosted projects). */
export const FACT_CHECKER_ROLE = 'fact-checker'
/** Sanity role whose holders record medical reviews themselves, by default. */
export const MEDICAL_REVIEWER_ROLE = 'medical-reviewer'

/** The Content Lake API version the Studio plugin, the audit, the site and the tests are written for. */
export const API_VERSION = '2025-02-19'
