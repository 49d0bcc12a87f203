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
/** An editor's request that the publish gate (a Function with its own token) publish an article's draft, and the gate's answer. */
export const PUBLISH_REQUEST_TYPE = 'factCheck.publishRequest'
/** Where a publish request stands: waiting for the gate, published by it, or refused with the reasons. */
export const PUBLISH_REQUEST_STATUSES = ['pending', 'published', 'refused'] as const

/**
 * Kinds of medical claim an editor can mark in an article body: what sort of statement it is,
 * which decides the evidence it needs. What it is about (nutrition, medicines, ...) is its topic
 * (CLAIM_TOPICS), which decides with the kind who may vouch for it.
 */
export const CLAIM_KINDS = [
  {value: 'benefit', title: 'Benefit', phrase: 'a benefit claim'},
  {value: 'risk', title: 'Risk, side effect or safety', phrase: 'a claim about a risk or side effect'},
  {value: 'contraindication', title: 'Contraindication', phrase: 'a contraindication'},
  {value: 'recommendation', title: 'Recommendation', phrase: 'a recommendation'},
  {value: 'comparison', title: 'Comparison', phrase: 'a comparison'},
  {value: 'statistic', title: 'Statistic', phrase: 'a statistic'},
  {value: 'mechanism', title: 'How it works', phrase: 'a claim about how it works'},
  {value: 'procedureFact', title: 'Procedure fact', phrase: 'a procedure fact'},
  {value: 'aftercare', title: 'Aftercare', phrase: 'an aftercare claim'},
  {value: 'cost', title: 'Cost', phrase: 'a cost claim'},
  {value: 'patientExperience', title: 'Patient experience', phrase: 'a claim about what patients experience'},
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
  {value: 'midwife', title: 'Midwife'},
  {value: 'pharmacist', title: 'Pharmacist'},
  {value: 'dietitian', title: 'Dietitian'},
  {value: 'dentist', title: 'Dentist'},
  {value: 'psychologist', title: 'Psychologist'},
  {value: 'physiotherapist', title: 'Physiotherapist'},
  {value: 'researcher', title: 'Researcher'},
  {value: 'other', title: 'Other'},
] as const

/** The field of practice a credential is in (a board certification's specialty, a specialist register's entry). */
export const SPECIALTIES = [
  {value: 'dermatology', title: 'Dermatology'},
  {value: 'plasticSurgery', title: 'Plastic surgery'},
  {value: 'familyMedicine', title: 'Family medicine / general practice'},
  {value: 'internalMedicine', title: 'Internal medicine'},
  {value: 'obstetricsGynaecology', title: 'Obstetrics and gynaecology'},
  {value: 'paediatrics', title: 'Paediatrics'},
  {value: 'psychiatry', title: 'Psychiatry'},
  {value: 'endocrinology', title: 'Endocrinology'},
  {value: 'cardiology', title: 'Cardiology'},
  {value: 'oncology', title: 'Oncology'},
  {value: 'ophthalmology', title: 'Ophthalmology'},
  {value: 'otolaryngology', title: 'Otolaryngology (ENT)'},
  {value: 'allergyImmunology', title: 'Allergy and immunology'},
  {value: 'infectiousDisease', title: 'Infectious disease'},
  {value: 'emergencyMedicine', title: 'Emergency medicine'},
  {value: 'anaesthesiology', title: 'Anaesthesiology'},
  {value: 'surgery', title: 'General surgery'},
  {value: 'publicHealth', title: 'Public health'},
  {value: 'nutritionDietetics', title: 'Nutrition and dietetics'},
  {value: 'pharmacy', title: 'Pharmacy'},
  {value: 'nursing', title: 'Nursing'},
  {value: 'integrativeMedicine', title: 'Integrative medicine'},
  {value: 'aestheticMedicine', title: 'Aesthetic medicine'},
] as const

/** What a claim is about: the field a reader's question falls in, which decides who may vouch for it. */
export const CLAIM_TOPICS = [
  {value: 'skin', title: 'Skin, hair and nails'},
  {value: 'cosmeticProcedures', title: 'Cosmetic procedures'},
  {value: 'nutrition', title: 'Food and nutrition'},
  {value: 'medicines', title: 'Medicines and supplements'},
  {value: 'mentalHealth', title: 'Mental health'},
  {value: 'reproductiveHealth', title: 'Pregnancy and reproductive health'},
  {value: 'childHealth', title: "Children's health"},
  {value: 'heartHealth', title: 'Heart and circulation'},
  {value: 'infections', title: 'Infections'},
  {value: 'oralHealth', title: 'Teeth and mouth'},
  {value: 'general', title: 'General health'},
] as const

/** Kinds of source a citation can be. An expert interview records what the expert said: it attributes a claim, it is not evidence for it. */
export const CITATION_KINDS = [
  {value: 'journalArticle', title: 'Journal article'},
  {value: 'guideline', title: 'Clinical guideline'},
  {value: 'book', title: 'Book'},
  {value: 'website', title: 'Website'},
  {value: 'expertInterview', title: 'Expert interview'},
] as const

/** Kinds of citation that never count as evidence for a claim. */
export const NOT_EVIDENCE_KINDS = ['expertInterview'] as const

/**
 * How strong a source's evidence is, strongest first (the usual hierarchy of evidence-based
 * medicine). Options can require a minimum level per kind of claim.
 */
export const EVIDENCE_LEVELS = [
  {value: 'guideline', title: 'Clinical guideline or consensus statement'},
  {value: 'systematicReview', title: 'Systematic review or meta-analysis'},
  {value: 'trial', title: 'Randomised controlled trial'},
  {value: 'observational', title: 'Observational study (cohort, case-control, case series)'},
  {value: 'expertOpinion', title: 'Expert opinion, narrative review or reference work'},
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
