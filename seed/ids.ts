/** Document ids and fixed moments of the seed. Ids have no dots except the `drafts.` prefix. */

/** The moment the seed describes: reviews are current and credentials valid (apart from the deliberate exceptions). */
export const SEED_NOW = '2026-11-01T12:00:00.000Z'

/** When the local fact-checker verified the seed's credentials. */
export const CREDENTIALS_VERIFIED_AT = '2026-09-01T10:00:00.000Z'

/** The fact-checker who verified credentials and approved claims (see seed/people.ts). */
export const FACT_CHECKER = {id: 'p-dana', name: 'Dana Whitfield', roles: ['fact-checker']} as const

export const WRITER = {sarahJoseph: 'writer-sarah-joseph'} as const

export const CATEGORY = {skinCare: 'category-skin-care', nutrition: 'category-nutrition'} as const

export const EXPERT = {
  dianeHoward: 'expert-diane-howard',
  avaShamban: 'expert-ava-shamban',
  rahiSarbaziha: 'expert-rahi-sarbaziha',
  brannonClaytor: 'expert-brannon-claytor',
  rebeccaBialas: 'expert-rebecca-bialas',
  viktoryiaKazlouskaya: 'expert-viktoryia-kazlouskaya',
  /** Fictional: vouches for the omega-3 article's claims (the source names no expert for them). */
  lenaMarsh: 'expert-lena-marsh',
  /** Fictional: a verified credential that expired on 2025-06-30. */
  owenPryce: 'expert-owen-pryce',
  /** Fictional: a credential nobody has verified yet. */
  jamieOrtiz: 'expert-jamie-ortiz',
} as const

export const CITATION = {
  interviewHoward: 'citation-interview-diane-howard',
  interviewShamban: 'citation-interview-ava-shamban',
  interviewSarbaziha: 'citation-interview-rahi-sarbaziha',
  interviewClaytor: 'citation-interview-brannon-claytor',
  interviewBialas: 'citation-interview-rebecca-bialas',
  interviewKazlouskaya: 'citation-interview-viktoryia-kazlouskaya',
  /** Fictional journal article (test DOI prefix 10.5555). */
  collagenStudy: 'citation-example-collagen-remodelling',
  /** Fictional review (test DOI prefix 10.5555). */
  mediterraneanReview: 'citation-example-mediterranean-review',
  /** Fictional and retracted (test DOI prefix 10.5555). */
  retractedHairStudy: 'citation-example-retracted-hair-study',
  /** Fictional review of dry skin in winter (test DOI prefix 10.5555). */
  drySkinReview: 'citation-example-dry-skin-review',
  /** Fictional trial of olive oil on the skin (test DOI prefix 10.5555). */
  oliveOilTrial: 'citation-example-olive-oil-trial',
} as const

export const PROCEDURE = {microNeedling: 'procedure-micro-needling'} as const

export const RISK = {
  skinIrritation: 'risk-skin-irritation',
  rednessSwelling: 'risk-redness-swelling',
  infection: 'risk-infection',
  bleedingBruising: 'risk-bleeding-bruising',
  hyperpigmentation: 'risk-post-inflammatory-hyperpigmentation',
} as const

export const ARTICLE = {
  /** Exists only as a draft: `drafts.article-micro-needling`. */
  microNeedling: 'article-micro-needling',
  winterSkincare: 'article-winter-skincare',
  oliveOil: 'article-olive-oil-skin',
  omega3: 'article-omega-3-hair-skin-nails',
} as const

/**
 * Each article's medical review: the reviewing expert, when the fact-checker recorded it on the
 * reviewer's behalf, and when the article is next due for review.
 */
export const REVIEWS: Record<string, {reviewer: string; recordedAt: string; nextReviewDue: string}> = {
  [ARTICLE.microNeedling]: {reviewer: EXPERT.avaShamban, recordedAt: '2026-10-01T16:00:00.000Z', nextReviewDue: '2027-10-01'},
  [ARTICLE.winterSkincare]: {reviewer: EXPERT.avaShamban, recordedAt: '2026-09-18T16:00:00.000Z', nextReviewDue: '2027-09-18'},
  [ARTICLE.oliveOil]: {reviewer: EXPERT.avaShamban, recordedAt: '2026-09-25T16:00:00.000Z', nextReviewDue: '2027-09-25'},
  [ARTICLE.omega3]: {reviewer: EXPERT.avaShamban, recordedAt: '2026-10-02T16:00:00.000Z', nextReviewDue: '2027-10-02'},
}
