import {CLAIM_KINDS, CREDENTIAL_KINDS, FACT_CHECKER_ROLE, MEDICAL_REVIEWER_ROLE, PROFESSIONS} from './constants.ts'
import type {CredentialRequirement, MedicalClaimsOptions} from './types.ts'

/** A licensed clinician: a physician, nurse practitioner or physician assistant with a licence or board certification. */
const LICENSED_CLINICIAN: CredentialRequirement = {
  kinds: ['licence', 'boardCertification'],
  professions: ['physician', 'nursePractitioner', 'physicianAssistant'],
}
/** A nurse with a licence or registration. */
const NURSE: CredentialRequirement = {
  kinds: ['licence', 'registration'],
  professions: ['registeredNurse', 'nursePractitioner'],
}
/** Any verified, current credential. */
const ANY_CREDENTIAL: CredentialRequirement = {}

export const DEFAULT_OPTIONS: MedicalClaimsOptions = {
  articleTypes: ['article'],
  factCheckerRoles: [FACT_CHECKER_ROLE],
  credentialVerifierRoles: ['administrator'],
  acceptedCredentials: {
    benefit: [LICENSED_CLINICIAN],
    risk: [LICENSED_CLINICIAN],
    contraindication: [LICENSED_CLINICIAN],
    procedureFact: [LICENSED_CLINICIAN, NURSE],
    aftercare: [LICENSED_CLINICIAN, NURSE],
    cost: [ANY_CREDENTIAL],
    patientExperience: [LICENSED_CLINICIAN, NURSE],
  },
  reviewerCredentials: [{kinds: ['boardCertification', 'licence'], professions: ['physician']}],
  medicalReviewerRoles: [MEDICAL_REVIEWER_ROLE],
  reviewCovers: 'article',
  maxReviewIntervalDays: 730,
  evidenceRequiredFor: ['benefit', 'risk', 'contraindication'],
  requireMedicalReview: true,
  unmarkedClaims: 'warning',
}

const CLAIM_KIND_VALUES = CLAIM_KINDS.map((k) => k.value) as string[]
const CREDENTIAL_KIND_VALUES = CREDENTIAL_KINDS.map((k) => k.value) as string[]
const PROFESSION_VALUES = PROFESSIONS.map((p) => p.value) as string[]
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

function checkRequirements(where: string, value: unknown, problems: string[]): void {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${where} must be a non-empty array of requirements such as {kinds: ['licence'], professions: ['physician']}.`)
    return
  }
  value.forEach((req, i) => {
    if (typeof req !== 'object' || req === null || Array.isArray(req)) {
      problems.push(`${where}[${i}] must be an object like {kinds: [...], professions: [...]}.`)
      return
    }
    for (const key of Object.keys(req)) {
      if (key !== 'kinds' && key !== 'professions') {
        problems.push(`${where}[${i}] has an unknown key "${key}"; use "kinds" and/or "professions".`)
      }
    }
    const {kinds, professions} = req as CredentialRequirement
    for (const kind of kinds ?? []) {
      if (!CREDENTIAL_KIND_VALUES.includes(kind)) {
        problems.push(`${where}[${i}].kinds has "${kind}"; allowed credential kinds are ${CREDENTIAL_KIND_VALUES.join(', ')}.`)
      }
    }
    for (const profession of professions ?? []) {
      if (!PROFESSION_VALUES.includes(profession)) {
        problems.push(`${where}[${i}].professions has "${profession}"; allowed professions are ${PROFESSION_VALUES.join(', ')}.`)
      }
    }
  })
}

/** The objects resolveOptions returned: passing one back returns it unchanged, without checking it again. */
const RESOLVED = new WeakSet<object>()

/**
 * Merges options over the defaults and checks them. `acceptedCredentials` merges per claim kind,
 * so a project can change what one kind needs without restating the others. The result is
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
    if (!OPTION_KEYS.includes(key)) problems.push(`unknown option "${key}"; known options are ${OPTION_KEYS.join(', ')}.`)
  }
  const merged: MedicalClaimsOptions = {
    ...DEFAULT_OPTIONS,
    ...options,
    acceptedCredentials: {...DEFAULT_OPTIONS.acceptedCredentials, ...(options.acceptedCredentials ?? {})},
  }
  for (const key of ['articleTypes', 'factCheckerRoles'] as const) {
    if (!isStringList(merged[key]) || merged[key].length === 0) {
      problems.push(`${key} must be a non-empty array of names, e.g. ${JSON.stringify(DEFAULT_OPTIONS[key])}.`)
    }
  }
  if (!isStringList(merged.credentialVerifierRoles)) {
    problems.push(`credentialVerifierRoles must be an array of role names, e.g. ["administrator"].`)
  }
  if (typeof merged.acceptedCredentials !== 'object' || merged.acceptedCredentials === null) {
    problems.push('acceptedCredentials must map claim kinds to arrays of credential requirements.')
  } else {
    for (const [kind, reqs] of Object.entries(merged.acceptedCredentials)) {
      if (!CLAIM_KIND_VALUES.includes(kind)) {
        problems.push(`acceptedCredentials has unknown claim kind "${kind}"; claim kinds are ${CLAIM_KIND_VALUES.join(', ')}.`)
        continue
      }
      checkRequirements(`acceptedCredentials.${kind}`, reqs, problems)
    }
  }
  checkRequirements('reviewerCredentials', merged.reviewerCredentials, problems)
  if (!Array.isArray(merged.evidenceRequiredFor) || !merged.evidenceRequiredFor.every((k) => CLAIM_KIND_VALUES.includes(k))) {
    problems.push(`evidenceRequiredFor must list claim kinds from ${CLAIM_KIND_VALUES.join(', ')}.`)
  }
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
  if (!['off', 'warning', 'error'].includes(merged.unmarkedClaims)) {
    problems.push(`unmarkedClaims must be "off", "warning" or "error" (got ${JSON.stringify(merged.unmarkedClaims)}).`)
  }
  if (problems.length > 0) throw new MedicalClaimsOptionsError(problems, where.source)
  RESOLVED.add(merged)
  return merged
}

