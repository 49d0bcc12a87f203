import {DEFAULT_ACCEPTANCE, DEFAULT_REVIEWER_CREDENTIALS, registryOf, requirementProblems} from './acceptance.ts'
import {CLAIM_KINDS, FACT_CHECKER_ROLE, MEDICAL_REVIEWER_ROLE} from './constants.ts'
import {minimumEvidenceProblems} from './evidence.ts'
import {issuerProblems} from './issuers.ts'
import type {MedicalClaimsOptions} from './types.ts'

export const DEFAULT_OPTIONS: MedicalClaimsOptions = {
  articleTypes: ['article'],
  factCheckerRoles: [FACT_CHECKER_ROLE],
  credentialVerifierRoles: ['administrator'],
  reverifyAfterDays: 365,
  reverifyAfterDaysByIssuer: {},
  acceptance: DEFAULT_ACCEPTANCE,
  issuers: [],
  reviewerCredentials: DEFAULT_REVIEWER_CREDENTIALS,
  medicalReviewerRoles: [MEDICAL_REVIEWER_ROLE],
  reviewCovers: 'article',
  maxReviewIntervalDays: 730,
  evidenceRequiredFor: ['benefit', 'risk', 'contraindication', 'recommendation', 'comparison', 'statistic', 'mechanism'],
  minimumEvidence: {},
  requireMedicalReview: true,
  independentReviewer: false,
  acknowledgeConflicts: false,
  unmarkedClaims: 'warning',
}

const CLAIM_KIND_VALUES = CLAIM_KINDS.map((k) => k.value) as string[]
const OPTION_KEYS = Object.keys(DEFAULT_OPTIONS)

/** Where a project's options live, for messages: the module every door reads them from. */
export const OPTIONS_MODULE = 'medical-claims.options.ts'

/** Thrown when the options cannot be used; the message says how to fix them and where. */
export class MedicalClaimsOptionsError extends Error {
  readonly problems: string[]
  constructor(problems: string[], source: string = OPTIONS_MODULE) {
    super(
      `medicalClaims(): invalid options.\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        `Fix them in ${source}, or leave an option out to use its default.`,
    )
    this.name = 'MedicalClaimsOptionsError'
    this.problems = problems
  }
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0)
}

/** The objects resolveOptions returned: passing one back returns it unchanged, without checking it again. */
const RESOLVED = new WeakSet<object>()

/**
 * Merges options over the defaults and checks them. `acceptance` replaces the default rules
 * whole (spread `DEFAULT_ACCEPTANCE` from ./acceptance.ts to add to them). The result is
 * checked once: passing it back (evaluateArticle does, for every article of an audit) is free.
 * `where.source` names the file the options came from in the error's how-to-fix line.
 */
export function resolveOptions(options: Partial<MedicalClaimsOptions> = {}, where: {source?: string} = {}): MedicalClaimsOptions {
  if (typeof options === 'object' && options !== null && RESOLVED.has(options)) return options as MedicalClaimsOptions
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new MedicalClaimsOptionsError(['options must be an object, for example {factCheckerRoles: ["fact-checker"]}.'], where.source)
  }
  const problems: string[] = []
  for (const key of Object.keys(options)) {
    if (key === 'acceptedCredentials') {
      problems.push(
        'the option "acceptedCredentials" (credentials per claim kind, by credential kind) was replaced by "acceptance": a list of rules such as ' +
          "{claimKinds: ['benefit'], topics: ['nutrition'], authorities: ['regulator'], professions: ['dietitian']}. Move each requirement into a rule with its claim kinds, and say what the issuer must be with \"authorities\" instead of \"kinds\" (README: Configuration).",
      )
    } else if (!OPTION_KEYS.includes(key)) problems.push(`unknown option "${key}"; known options are ${OPTION_KEYS.join(', ')}.`)
  }
  const merged: MedicalClaimsOptions = {...DEFAULT_OPTIONS, ...options}
  for (const key of ['articleTypes', 'factCheckerRoles'] as const) {
    if (!isStringList(merged[key]) || merged[key].length === 0) {
      problems.push(`${key} must be a non-empty array of names, e.g. ${JSON.stringify(DEFAULT_OPTIONS[key])}.`)
    }
  }
  if (!isStringList(merged.credentialVerifierRoles)) {
    problems.push(`credentialVerifierRoles must be an array of role names, e.g. ["administrator"].`)
  }
  const days = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 3660
  if (!days(merged.reverifyAfterDays)) {
    problems.push(`reverifyAfterDays must be a whole number of days from 1 to 3660 (got ${JSON.stringify(merged.reverifyAfterDays)}); publishers usually check registers again every 365 to 730 days.`)
  }
  if (typeof merged.reverifyAfterDaysByIssuer !== 'object' || merged.reverifyAfterDaysByIssuer === null || Array.isArray(merged.reverifyAfterDaysByIssuer)) {
    problems.push('reverifyAfterDaysByIssuer must map issuer ids to days, e.g. {"gb-gmc": 730}.')
  } else {
    for (const [issuer, value] of Object.entries(merged.reverifyAfterDaysByIssuer)) {
      if (!days(value)) problems.push(`reverifyAfterDaysByIssuer["${issuer}"] must be a whole number of days from 1 to 3660 (got ${JSON.stringify(value)}).`)
    }
  }
  const extraIssuers = issuerProblems(merged.issuers)
  problems.push(...extraIssuers)
  if (extraIssuers.length === 0) {
    const registry = registryOf(merged)
    problems.push(...requirementProblems('acceptance', merged.acceptance, registry, true))
    problems.push(...requirementProblems('reviewerCredentials', merged.reviewerCredentials, registry, false))
    if (typeof merged.reverifyAfterDaysByIssuer === 'object' && merged.reverifyAfterDaysByIssuer !== null) {
      for (const issuer of Object.keys(merged.reverifyAfterDaysByIssuer)) {
        if (!registry.has(issuer)) problems.push(`reverifyAfterDaysByIssuer names "${issuer}", which is not in the issuer registry: use a registry id such as "gb-gmc", or add the issuer under "issuers".`)
      }
    }
  }
  if (!Array.isArray(merged.evidenceRequiredFor) || !merged.evidenceRequiredFor.every((k) => CLAIM_KIND_VALUES.includes(k))) {
    problems.push(`evidenceRequiredFor must list claim kinds from ${CLAIM_KIND_VALUES.join(', ')}.`)
  }
  problems.push(...minimumEvidenceProblems(merged.minimumEvidence, CLAIM_KIND_VALUES))
  if (!isStringList(merged.medicalReviewerRoles)) {
    problems.push(`medicalReviewerRoles must be an array of role names, e.g. ${JSON.stringify(DEFAULT_OPTIONS.medicalReviewerRoles)}.`)
  }
  if (merged.reviewCovers !== 'article' && merged.reviewCovers !== 'claims') {
    problems.push(`reviewCovers must be "article" (title, dek and every body item) or "claims" (the claims alone); got ${JSON.stringify(merged.reviewCovers)}.`)
  }
  if (!Number.isInteger(merged.maxReviewIntervalDays) || merged.maxReviewIntervalDays < 1 || merged.maxReviewIntervalDays > 3660) {
    problems.push(`maxReviewIntervalDays must be a whole number of days from 1 to 3660 (got ${JSON.stringify(merged.maxReviewIntervalDays)}); publishers usually review every 365 to 730 days.`)
  }
  if (typeof merged.requireMedicalReview !== 'boolean') problems.push('requireMedicalReview must be true or false.')
  if (typeof merged.independentReviewer !== 'boolean') problems.push('independentReviewer must be true or false.')
  if (typeof merged.acknowledgeConflicts !== 'boolean') problems.push('acknowledgeConflicts must be true or false.')
  if (!['off', 'warning', 'error'].includes(merged.unmarkedClaims)) {
    problems.push(`unmarkedClaims must be "off", "warning" or "error" (got ${JSON.stringify(merged.unmarkedClaims)}).`)
  }
  if (problems.length > 0) throw new MedicalClaimsOptionsError(problems, where.source)
  RESOLVED.add(merged)
  return merged
}

