/**
 * Who may vouch for which claims. A credential qualifies by what its issuer is and registers (read
 * from the registry in ./issuers.ts), its profession and its specialty; a rule says which claims
 * (kinds and topics) such a credential covers. Nothing here reads a word an editor picks for the
 * credential's kind: a GMC registration and a US state licence are both a regulator's right to
 * practise. Pure, like the rest of the rules.
 */
import {CLAIM_KINDS, CLAIM_TOPICS, PROFESSIONS, SPECIALTIES} from './constants.ts'
import {ISSUER_AUTHORITIES, type Issuer, issuerRegistry} from './issuers.ts'
import {orList, withArticle} from './words.ts'
import type {AcceptanceRule, ClaimKind, ClaimTopic, Credential, CredentialRequirement, Profession} from './types.ts'

const CLINICIANS: Profession[] = ['physician', 'nursePractitioner', 'physicianAssistant']

/** A physician, nurse practitioner or physician assistant on a register that grants the right to practise. */
export const REGISTERED_CLINICIAN: CredentialRequirement = {
  authorities: ['regulator'],
  professions: CLINICIANS,
  label: 'a physician, nurse practitioner or physician assistant licensed or registered by a regulator (such as a state medical board, the GMC, AHPRA or a provincial college)',
}
/** A physician certified in a specialty by a recognised board (ABMS and AOA boards, the Royal College of Canada, the Australasian College of Dermatologists, ...). */
export const BOARD_CERTIFIED_PHYSICIAN: CredentialRequirement = {
  authorities: ['specialtyBoard'],
  professions: ['physician'],
  label: 'a physician certified by a recognised specialty board (such as an ABMS member board or the Royal College of Physicians and Surgeons of Canada)',
}
/** A nurse or midwife on a regulator's register. */
export const REGISTERED_NURSE: CredentialRequirement = {
  authorities: ['regulator'],
  professions: ['registeredNurse', 'nursePractitioner', 'midwife'],
  label: 'a nurse or midwife licensed or registered by a regulator (such as a state board of nursing, the NMC, AHPRA or a provincial college)',
}
/** A dietitian registered with a regulator (HCPC, CORU, a provincial college, a US state) or credentialed by a certifying body (CDR's RDN, Dietitians Australia's APD). */
export const REGISTERED_DIETITIAN: CredentialRequirement = {
  authorities: ['regulator', 'certifyingBody'],
  professions: ['dietitian'],
  label: 'a registered dietitian (on a regulator\'s register, or credentialed by CDR or Dietitians Australia)',
}
export const REGISTERED_PHARMACIST: CredentialRequirement = {
  authorities: ['regulator'],
  professions: ['pharmacist'],
  label: 'a pharmacist registered with a regulator',
}
/** A midwife on a regulator's register (the NMC, a state board, AHPRA's nursing and midwifery board, a provincial college). */
export const REGISTERED_MIDWIFE: CredentialRequirement = {
  authorities: ['regulator'],
  professions: ['midwife'],
  label: 'a midwife registered with a regulator',
}
export const REGISTERED_DENTIST: CredentialRequirement = {authorities: ['regulator'], professions: ['dentist'], label: 'a dentist registered with a regulator'}
export const REGISTERED_PSYCHOLOGIST: CredentialRequirement = {
  authorities: ['regulator'],
  professions: ['psychologist'],
  label: 'a psychologist registered with a regulator',
}
/** Any verified, current credential. */
export const ANY_CREDENTIAL: CredentialRequirement = {label: 'any verified credential'}

/** Claims that state what a treatment does, risks, compares or counts: a clinician's judgement. */
export const CLINICAL_KINDS: ClaimKind[] = ['benefit', 'risk', 'contraindication', 'recommendation', 'comparison', 'statistic', 'mechanism']
/** Claims about how a procedure is done and what it is like: nurses carry out and explain these every day. */
export const PRACTICE_KINDS: ClaimKind[] = ['procedureFact', 'aftercare', 'patientExperience']
const ALL_BUT_COST = CLAIM_KINDS.map((k) => k.value as ClaimKind).filter((k) => k !== 'cost')

/** The default acceptance: clinicians for clinical claims, nurses for practice, dietitians, pharmacists, midwives, dentists and psychologists in their own field, anyone verified for costs. */
export const DEFAULT_ACCEPTANCE: AcceptanceRule[] = [
  {claimKinds: ALL_BUT_COST, ...REGISTERED_CLINICIAN},
  {claimKinds: ALL_BUT_COST, ...BOARD_CERTIFIED_PHYSICIAN},
  {claimKinds: PRACTICE_KINDS, ...REGISTERED_NURSE},
  {claimKinds: ALL_BUT_COST, topics: ['nutrition'], ...REGISTERED_DIETITIAN},
  {claimKinds: ALL_BUT_COST, topics: ['medicines'], ...REGISTERED_PHARMACIST},
  {claimKinds: ALL_BUT_COST, topics: ['reproductiveHealth'], ...REGISTERED_MIDWIFE},
  {claimKinds: ALL_BUT_COST, topics: ['oralHealth'], ...REGISTERED_DENTIST},
  {claimKinds: ALL_BUT_COST, topics: ['mentalHealth'], ...REGISTERED_PSYCHOLOGIST},
  {claimKinds: ['cost'], ...ANY_CREDENTIAL},
]

/** Who may be an article's medical reviewer by default: a physician on a medical register, or certified by a recognised specialty board. */
export const DEFAULT_REVIEWER_CREDENTIALS: CredentialRequirement[] = [
  {authorities: ['regulator'], professions: ['physician'], label: 'a physician licensed or registered by a medical regulator'},
  {...BOARD_CERTIFIED_PHYSICIAN},
]

/** Whether a rule covers a claim of this kind and topic. */
export function ruleCovers(rule: AcceptanceRule, kind: string, topic: string | undefined): boolean {
  if (rule.claimKinds && rule.claimKinds.length > 0 && !rule.claimKinds.includes(kind as ClaimKind)) return false
  if (rule.topics && rule.topics.length > 0 && !(topic !== undefined && rule.topics.includes(topic as ClaimTopic))) return false
  return true
}

/** The rules that cover a claim of this kind and topic. */
export function rulesFor(rules: ReadonlyArray<AcceptanceRule>, kind: string, topic: string | undefined): AcceptanceRule[] {
  return rules.filter((rule) => ruleCovers(rule, kind, topic))
}

function constrainsIssuer(requirement: CredentialRequirement): boolean {
  return Boolean(requirement.authorities?.length || requirement.issuers?.length || requirement.countries?.length)
}

/** Whether an issuer is one a requirement names (by authority, id and country; the requirement must constrain the issuer). */
function issuerFits(issuer: Issuer, requirement: CredentialRequirement): boolean {
  if (requirement.authorities?.length && !requirement.authorities.includes(issuer.authority)) return false
  if (requirement.issuers?.length && !requirement.issuers.includes(issuer.id)) return false
  if (requirement.countries?.length && !requirement.countries.includes(issuer.country)) return false
  return true
}

/**
 * Whether a credential meets a requirement. When the requirement names what the issuer must be,
 * the credential's issuer must be in the registry, fit, and register the credential's profession
 * (a GMC entry cannot make its holder a dietitian).
 */
export function meetsRequirement(credential: Credential, requirement: CredentialRequirement, registry: ReadonlyMap<string, Issuer>): boolean {
  const profession = credential.profession
  if (requirement.professions?.length && !requirement.professions.includes(profession as Profession)) return false
  if (requirement.specialties?.length && !requirement.specialties.includes(credential.specialty as never)) return false
  if (!constrainsIssuer(requirement)) return true
  const issuer = typeof credential.issuer === 'string' ? registry.get(credential.issuer) : undefined
  return issuer !== undefined && issuerFits(issuer, requirement) && issuer.professions.includes(profession as Profession)
}

/**
 * A requirement as data GROQ can test (queries/compliance.ts): `anyIssuer` when it does not
 * constrain the issuer, else every `issuer|profession` pair the registry allows (the pairs then
 * carry the professions too).
 */
export interface FlatRequirement {
  anyIssuer: boolean
  pairs: string[]
  professions: string[]
  specialties: string[]
}

export function flattenRequirement(requirement: CredentialRequirement, registry: ReadonlyMap<string, Issuer>): FlatRequirement {
  const professions = [...(requirement.professions ?? [])]
  const pairs: string[] = []
  const anyIssuer = !constrainsIssuer(requirement)
  if (!anyIssuer) {
    for (const issuer of registry.values()) {
      if (!issuerFits(issuer, requirement)) continue
      for (const profession of issuer.professions) if (professions.length === 0 || professions.includes(profession)) pairs.push(`${issuer.id}|${profession}`)
    }
  }
  return {anyIssuer, pairs, professions, specialties: [...(requirement.specialties ?? [])]}
}

const PROFESSION_TITLES = new Map<string, string>(PROFESSIONS.map((p) => [p.value, p.title.toLowerCase()]))
const SPECIALTY_TITLES = new Map<string, string>(SPECIALTIES.map((s) => [s.value, s.title.toLowerCase()]))
const AUTHORITY_TITLES = new Map<string, string>(ISSUER_AUTHORITIES.map((a) => [a.value, a.title.toLowerCase()]))

/** A requirement in words: its label, or one built from its constraints ("a physician, with a credential from a regulator, in dermatology"). */
export function describeRequirement(requirement: CredentialRequirement): string {
  if (requirement.label?.trim()) return requirement.label.trim()
  const professions = (requirement.professions ?? []).map((p) => PROFESSION_TITLES.get(p) ?? p)
  const parts = [professions.length > 0 ? withArticle(orList(professions)) : 'an expert']
  const from: string[] = []
  if (requirement.authorities?.length) from.push(withArticle(orList(requirement.authorities.map((a) => AUTHORITY_TITLES.get(a) ?? a))))
  if (requirement.issuers?.length) from.push(orList(requirement.issuers))
  if (requirement.countries?.length) from.push(`in ${orList(requirement.countries)}`)
  if (from.length > 0) parts.push(`with a credential from ${from.join(' ')}`)
  if (requirement.specialties?.length) parts.push(`in ${orList(requirement.specialties.map((s) => SPECIALTY_TITLES.get(s) ?? s))}`)
  return parts.length === 1 && professions.length === 0 ? 'any verified credential' : parts.join(', ')
}

const KIND_VALUES = CLAIM_KINDS.map((k) => k.value) as string[]
const TOPIC_VALUES = CLAIM_TOPICS.map((t) => t.value) as string[]
const PROFESSION_VALUES = PROFESSIONS.map((p) => p.value) as string[]
const SPECIALTY_VALUES = SPECIALTIES.map((s) => s.value) as string[]
const AUTHORITY_VALUES = ISSUER_AUTHORITIES.map((a) => a.value) as string[]
const REQUIREMENT_KEYS = ['authorities', 'issuers', 'countries', 'professions', 'specialties', 'label']
const RULE_KEYS = [...REQUIREMENT_KEYS, 'claimKinds', 'topics']

function checkList(where: string, value: unknown, allowed: string[] | null, what: string, problems: string[]): void {
  if (value === undefined) return
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    problems.push(`${where} must be an array of ${what}${allowed ? ` (${allowed.join(', ')})` : ''}.`)
    return
  }
  if (!allowed) return
  for (const item of value) if (!allowed.includes(item)) problems.push(`${where} has "${item}", which is not one of the ${what}: ${allowed.join(', ')}.`)
}

/** Problems with a list of requirements (or acceptance rules, `rules: true`), as sentences. */
export function requirementProblems(where: string, value: unknown, registry: ReadonlyMap<string, Issuer>, rules: boolean): string[] {
  const problems: string[] = []
  const example = rules ? "{claimKinds: ['benefit'], authorities: ['regulator'], professions: ['physician']}" : "{authorities: ['regulator'], professions: ['physician']}"
  if (!Array.isArray(value) || value.length === 0) return [`${where} must be a non-empty array of ${rules ? 'rules' : 'requirements'} such as ${example}.`]
  value.forEach((item, i) => {
    const at = `${where}[${i}]`
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(`${at} must be an object such as ${example}.`)
      return
    }
    const keys = rules ? RULE_KEYS : REQUIREMENT_KEYS
    for (const key of Object.keys(item)) {
      if (key === 'kinds') problems.push(`${at} has "kinds": credential kinds no longer decide acceptance. Use "authorities" (${AUTHORITY_VALUES.join(', ')}) to say what the issuer must be.`)
      else if (!keys.includes(key)) problems.push(`${at} has an unknown key "${key}"; use ${keys.map((k) => `"${k}"`).join(', ')}.`)
    }
    const req = item as AcceptanceRule
    checkList(`${at}.authorities`, req.authorities, AUTHORITY_VALUES, 'issuer authorities', problems)
    checkList(`${at}.professions`, req.professions, PROFESSION_VALUES, 'professions', problems)
    checkList(`${at}.specialties`, req.specialties, SPECIALTY_VALUES, 'specialties', problems)
    checkList(`${at}.countries`, req.countries, null, 'two-letter country codes', problems)
    checkList(`${at}.issuers`, req.issuers, null, 'issuer ids', problems)
    for (const id of Array.isArray(req.issuers) ? req.issuers : []) {
      if (typeof id === 'string' && !registry.has(id)) problems.push(`${at}.issuers has "${id}", which is not in the issuer registry: add it under "issuers" or use a shipped id such as "gb-gmc".`)
    }
    if (req.label !== undefined && typeof req.label !== 'string') problems.push(`${at}.label must be text.`)
    if (rules) {
      checkList(`${at}.claimKinds`, req.claimKinds, KIND_VALUES, 'claim kinds', problems)
      checkList(`${at}.topics`, req.topics, TOPIC_VALUES, 'claim topics', problems)
    }
  })
  return problems
}

/** The registry a resolved set of options reads, built once per options object. */
const REGISTRIES = new WeakMap<object, ReadonlyMap<string, Issuer>>()

export function registryOf(options: {issuers: ReadonlyArray<Issuer>}): ReadonlyMap<string, Issuer> {
  let registry = REGISTRIES.get(options)
  if (!registry) {
    registry = issuerRegistry(options.issuers)
    REGISTRIES.set(options, registry)
  }
  return registry
}
