/**
 * Credentials: how one stands on a day (its status, its dates, and whether its verification still
 * matches what was verified: rules/fingerprints.ts), whether an expert holds one that meets a
 * requirement, and the sentences that say why not. Pure, like the rest of the rules.
 */
import {memoized} from './memo.ts'
import {describeRequirement, meetsRequirement} from './acceptance.ts'
import {CREDENTIAL_KINDS, PROFESSIONS, SPECIALTIES} from './constants.ts'
import {type Issuer, identifierProblem} from './issuers.ts'
import {verificationCoversDetails, verificationMatches} from './fingerprints.ts'
import {capitalized, orList, withArticle} from './words.ts'
import {DEFAULT_OPTIONS} from './options.ts'
import type {Credential, CredentialRequirement, CredentialStanding, ExpertDoc, IssueCode, MedicalClaimsOptions} from './types.ts'

/** The UTC calendar day (YYYY-MM-DD) of a moment. */
export function utcDay(now: Date | string): string {
  const date = typeof now === 'string' ? new Date(now) : now
  if (Number.isNaN(date.getTime())) throw new Error(`Invalid time "${String(now)}": pass a Date or an ISO 8601 string.`)
  return date.toISOString().slice(0, 10)
}

/** How long a verification counts: the options that say it. */
export type VerificationPolicy = Pick<MedicalClaimsOptions, 'reverifyAfterDays' | 'reverifyAfterDaysByIssuer'>

/**
 * The earliest day a verification of this credential may have been made and still count on
 * `today`: the options' interval (the issuer's own, where the options set one) before it.
 */
export function verifiedSince(credential: Pick<Credential, 'issuer'>, policy: VerificationPolicy, today: string): string {
  const own = typeof credential.issuer === 'string' && Object.hasOwn(policy.reverifyAfterDaysByIssuer, credential.issuer) ? policy.reverifyAfterDaysByIssuer[credential.issuer] : undefined
  return daysBefore(`${today}|${own ?? policy.reverifyAfterDays}`)
}

/** "<today>|<days>" to the day `days` before `today` (kept: the rules ask it for every credential of every claim). */
const daysBefore = memoized((key) => {
  const [today, days] = key.split('|')
  return new Date(Date.parse(`${today}T00:00:00Z`) - Number(days) * 86_400_000).toISOString().slice(0, 10)
})

/**
 * How a credential of an expert stands on a given day. A credential is valid through the end of
 * its `expiresOn` day (UTC), and from the start of its `issuedOn` day; its verification counts
 * only while it is recent enough (`reverifyAfterDays`: registers change, so publishers check them
 * again) and while its fingerprint matches the credential and the holder's name as they are now
 * (otherwise it is `changed`: it must be verified again). `options` default to the defaults.
 */
export function credentialStanding(
  credential: Credential,
  now: Date | string,
  holder: Pick<ExpertDoc, 'name'> | undefined,
  options: VerificationPolicy = DEFAULT_OPTIONS,
): CredentialStanding {
  return standingOn(credential, utcDay(now), holder, options)
}

/**
 * How a credential stands by its status, dates and the age of its verification alone, for
 * credentials whose verification was matched already (the site's queries select only credentials
 * whose verification matches).
 */
export function statusAndDatesStanding(credential: Credential, now: Date | string, options: VerificationPolicy = DEFAULT_OPTIONS): Exclude<CredentialStanding, 'changed'> {
  return statusAndDatesOn(credential, utcDay(now), options)
}

function statusAndDatesOn(credential: Credential, today: string, policy: VerificationPolicy): Exclude<CredentialStanding, 'changed'> {
  const status = credential.verification?.status
  if (status === 'revoked') return 'revoked'
  if (credential.expiresOn && credential.expiresOn.slice(0, 10) < today) return 'expired'
  if (credential.issuedOn && credential.issuedOn.slice(0, 10) > today) return 'notYetValid'
  if (status !== 'verified') return 'unverified'
  const at = credential.verification?.verifiedAt
  if (!(typeof at === 'string' && at >= verifiedSince(credential, policy, today))) return 'verificationDue'
  return 'valid'
}

function standingOn(credential: Credential, today: string, holder: Pick<ExpertDoc, 'name'> | undefined, policy: VerificationPolicy): CredentialStanding {
  const standing = statusAndDatesOn(credential, today, policy)
  return standing === 'valid' && !verificationMatches(credential, holder) ? 'changed' : standing
}

export {asSentence, orList, withArticle} from './words.ts'

function expertLabel(expert: ExpertDoc): string {
  const name = expert.name?.trim() || expert._id
  return expert.postnominals && expert.postnominals.length > 0 ? `${name}, ${expert.postnominals.join(', ')}` : name
}

const CREDENTIAL_KIND_TITLES = new Map<string, string>(CREDENTIAL_KINDS.map((k) => [k.value, k.title.toLowerCase()]))
const PROFESSION_TITLES = new Map<string, string>(PROFESSIONS.map((p) => [p.value, p.title.toLowerCase()]))
const SPECIALTY_VALUES = new Set<string>(SPECIALTIES.map((s) => s.value))

function credentialLabel(credential: Credential): string {
  return credential.title?.trim() || CREDENTIAL_KIND_TITLES.get(credential.kind ?? '') || 'credential'
}

const STANDING_CODES: Record<Exclude<CredentialStanding, 'valid'>, IssueCode> = {
  changed: 'expert.credentialChanged',
  unverified: 'expert.credentialUnverified',
  verificationDue: 'expert.verificationDue',
  notYetValid: 'expert.credentialNotYetValid',
  expired: 'expert.credentialExpired',
  revoked: 'expert.credentialRevoked',
}
/** Which failing credential to talk about first: the one closest to being usable. */
const STANDING_ORDER: Array<Exclude<CredentialStanding, 'valid'>> = ['changed', 'verificationDue', 'unverified', 'notYetValid', 'expired', 'revoked']

export interface CredentialCheck {
  ok: boolean
  code?: IssueCode
  detail?: string
}

/** Whether an expert holds a valid credential meeting any of the requirements, and if not, why. */
export function checkCredentials(
  expert: ExpertDoc,
  requirements: ReadonlyArray<CredentialRequirement>,
  now: Date | string,
  registry: ReadonlyMap<string, Issuer>,
  options: VerificationPolicy = DEFAULT_OPTIONS,
): CredentialCheck {
  return checkCredentialsOn(expert, requirements, utcDay(now), registry, options)
}

export function checkCredentialsOn(
  expert: ExpertDoc,
  requirements: ReadonlyArray<CredentialRequirement>,
  today: string,
  registry: ReadonlyMap<string, Issuer>,
  policy: VerificationPolicy,
): CredentialCheck {
  // The common case first: a fitting credential that is valid today. Only a failure needs the details below.
  for (const credential of expert.credentials ?? []) {
    if (credential && standingOn(credential, today, expert, policy) === 'valid' && requirements.some((r) => meetsRequirement(credential, r, registry))) return {ok: true}
  }
  const credentials = (expert.credentials ?? []).filter(Boolean)
  if (credentials.length === 0) return {ok: false, code: 'expert.noCredential'}
  const fitting = credentials.filter((c) => requirements.some((r) => meetsRequirement(c, r, registry)))
  if (fitting.length === 0) {
    return {ok: false, code: 'expert.credentialNotAccepted', detail: orList(requirements.map(describeRequirement))}
  }
  const standings = fitting.map((c) => ({credential: c, standing: standingOn(c, today, expert, policy)}))
  if (standings.some((s) => s.standing === 'valid')) return {ok: true}
  for (const standing of STANDING_ORDER) {
    const found = standings.find((s) => s.standing === standing)
    if (found) {
      const label = credentialLabel(found.credential)
      const verifiedOn = typeof found.credential.verification?.verifiedAt === 'string' ? found.credential.verification.verifiedAt.slice(0, 10) : undefined
      const detail =
        standing === 'expired'
          ? `${label} (expired ${found.credential.expiresOn})`
          : standing === 'notYetValid'
            ? `${label} (valid from ${found.credential.issuedOn})`
            : standing === 'verificationDue'
              ? `"${label}" ${verifiedOn ? `was last verified on ${verifiedOn}` : 'has no date of verification'}`
              : label
      return {ok: false, code: STANDING_CODES[standing], detail}
    }
  }
  return {ok: false, code: 'expert.credentialUnverified'}
}

export function credentialMessage(check: CredentialCheck, expert: ExpertDoc, subject: string, instead: string): string {
  const who = expertLabel(expert)
  switch (check.code) {
    case 'expert.noCredential':
      return `${who} has no credential on file, so cannot vouch for ${subject}. Add the expert's credential and have it verified, or ${instead}.`
    case 'expert.credentialNotAccepted':
      return check.detail
        ? `${who} holds no credential that qualifies for ${subject}: it needs ${check.detail}. ${capitalized(instead)}.`
        : `No credential qualifies for ${subject} under this project's options. ${capitalized(instead)}, or accept credentials for it in the options.`
    case 'expert.credentialUnverified':
      return `${who}'s credential "${check.detail}" is not verified yet, so cannot back ${subject}. A fact-checker must verify it on the expert's page, or ${instead}.`
    case 'expert.credentialChanged':
      return `${who}'s credential "${check.detail}" changed after it was verified (the credential or the expert's name was edited), so cannot back ${subject}. A fact-checker must verify it again on the expert's page, or ${instead}.`
    case 'expert.credentialNotYetValid':
      return `${who}'s credential ${check.detail} is not valid yet, so cannot back ${subject}. Wait until it is, or ${instead}.`
    case 'expert.verificationDue':
      return `${who}'s credential ${check.detail}, longer ago than this project accepts (registers change), so cannot back ${subject}. A fact-checker must check the register again and verify it on the expert's page, or ${instead}.`
    case 'expert.credentialExpired':
      return `${who}'s credential ${check.detail} has expired, so cannot back ${subject}. Record the renewed credential and verify it, or ${instead}.`
    case 'expert.credentialRevoked':
      return `${who}'s credential "${check.detail}" was revoked, so cannot back ${subject}. ${capitalized(instead)}.`
    default:
      return `${who} cannot vouch for ${subject}; ${instead}.`
  }
}

/** How a credential stands, in a few words for previews and lists ("Expired on 2025-06-30"). */
export function standingLabel(credential: Pick<Credential, 'expiresOn' | 'issuedOn'>, standing: CredentialStanding): string {
  switch (standing) {
    case 'valid':
      return 'Verified'
    case 'expired':
      return `Expired on ${credential.expiresOn?.slice(0, 10) ?? 'an earlier day'}`
    case 'notYetValid':
      return `Not valid until ${credential.issuedOn?.slice(0, 10) ?? 'a later day'}`
    case 'revoked':
      return 'Revoked'
    case 'changed':
      return 'Changed since it was verified'
    case 'verificationDue':
      return 'Due for verification again'
    default:
      return 'Not verified'
  }
}

/**
 * How a credential stands when its holder's name is not at hand (a credential's own preview): a
 * verification still counts for the credential's own details; the holder's name is checked where
 * the expert is read whole.
 */
export function standingWithoutHolder(credential: Credential, now: Date | string, options: VerificationPolicy = DEFAULT_OPTIONS): CredentialStanding {
  const standing = statusAndDatesStanding(credential, now, options)
  return standing === 'valid' && !verificationCoversDetails(credential) ? 'changed' : standing
}

/** An expert's credentials in one line for lists: "2 of 3 credentials current · 1 expired on 2025-06-30". */
export function credentialsSummary(expert: Pick<ExpertDoc, 'name' | 'credentials'>, now: Date | string, options: VerificationPolicy = DEFAULT_OPTIONS): string {
  const list = (expert.credentials ?? []).filter(Boolean)
  if (list.length === 0) return 'No credentials'
  const standings = list.map((credential) => ({credential, standing: credentialStanding(credential, now, expert, options)}))
  const current = standings.filter((s) => s.standing === 'valid').length
  const others = standings.filter((s) => s.standing !== 'valid').map((s) => standingLabel(s.credential, s.standing).toLowerCase())
  const head = list.length === 1 ? (current === 1 ? 'Credential current' : '') : `${current} of ${list.length} credentials current`
  const line = [head, ...others].filter(Boolean).join(' · ')
  return line.charAt(0).toUpperCase() + line.slice(1)
}

/** A problem with what a credential says of itself, on the field to fix. */
export interface CredentialDetailProblem {
  field: 'issuer' | 'profession' | 'jurisdiction' | 'identifier' | 'specialty'
  message: string
  severity: 'error' | 'warning'
}

/**
 * What is inconsistent in a credential's own details, by the issuer registry: a profession its
 * issuer does not register, a regional issuer without its state or province, an identifier
 * that does not have its register's shape, a specialty outside the list, no issuer at all.
 */
export function credentialDetailProblems(credential: Credential, registry: ReadonlyMap<string, Issuer>): CredentialDetailProblem[] {
  const problems: CredentialDetailProblem[] = []
  const issuerId = credential.issuer
  const issuer = typeof issuerId === 'string' && issuerId ? registry.get(issuerId) : undefined
  if (!issuerId) {
    problems.push({
      field: 'issuer',
      severity: credential.issuingBody?.trim() ? 'warning' : 'error',
      message: credential.issuingBody?.trim()
        ? `Choose the issuer of "${credential.issuingBody.trim()}" from the list: a credential whose issuer is not listed qualifies its holder only where the options accept any verified credential (costs, by default). If it is missing from the list, add it to the project's issuers.`
        : 'Choose the body that issued the credential (a regulator, a board or a university) from the list, or name it under "Issuing body" if it is not listed.',
    })
  } else if (!issuer) {
    problems.push({field: 'issuer', severity: 'error', message: `"${issuerId}" is not an issuer in the registry: choose the issuer from the list, or add it to the project's issuers.`})
  }
  if (issuer) {
    const profession = credential.profession
    if (profession && !issuer.professions.includes(profession)) {
      const registers = orList(issuer.professions.map((p) => PROFESSION_TITLES.get(p) ?? p))
      problems.push({
        field: 'profession',
        severity: 'error',
        message: `${issuer.shortName ?? issuer.name} registers ${registers || 'no profession the rules know'}, not ${withArticle(PROFESSION_TITLES.get(profession) ?? profession)}: correct the profession or the issuer.`,
      })
    }
    const jurisdiction = credential.jurisdiction?.trim()
    if (issuer.regional && !(jurisdiction && jurisdiction.toUpperCase().startsWith(`${issuer.country}-`))) {
      // A warning: the credential still counts, but whoever verifies it again needs the register to look in.
      problems.push({
        field: 'jurisdiction',
        severity: 'warning',
        message: `${issuer.name} is a body per state or province: give its jurisdiction as "${issuer.country}-" and the region's code (e.g. "${issuer.country === 'US' ? 'US-CA' : issuer.country === 'CA' ? 'CA-ON' : `${issuer.country}-XX`}").`,
      })
    }
    const identifier = credential.identifier?.trim()
    const problem = identifier ? identifierProblem(issuer, identifier) : null
    if (problem) problems.push({field: 'identifier', severity: 'error', message: problem})
  }
  if (typeof credential.specialty === 'string' && credential.specialty && !SPECIALTY_VALUES.has(credential.specialty)) {
    problems.push({
      field: 'specialty',
      severity: 'warning',
      message: `"${credential.specialty}" is not one of the listed specialties, so rules that name a specialty will not count it: choose the specialty from the list.`,
    })
  }
  return problems
}


const SPECIALTY_TITLES = new Map<string, string>(SPECIALTIES.map((s) => [s.value, s.title]))

/**
 * Who issued a credential, as a reader reads it: the registry's name for its issuer, with its
 * short name ("General Medical Council (GMC)") unless `short` is false, else the free-text issuing body
 * (which also names the body when the registry entry stands for one per state or province).
 */
export function issuedBy(credential: {issuer?: string | null; issuingBody?: string | null}, registry: ReadonlyMap<string, Issuer>, short = true): string | undefined {
  const issuer = typeof credential.issuer === 'string' ? registry.get(credential.issuer) : undefined
  const written = typeof credential.issuingBody === 'string' && credential.issuingBody.trim() ? credential.issuingBody.trim() : undefined
  // A registry entry that stands for one body per state or province names none of them: the body as written does.
  if (issuer && !(issuer.regional && written)) return short && issuer.shortName ? `${issuer.name} (${issuer.shortName})` : issuer.name
  return written
}

/** A specialty as a reader reads it: its title from the list, or the text as written (older records). */
export function specialtyTitle(specialty: string | null | undefined): string | undefined {
  if (typeof specialty !== 'string' || !specialty.trim()) return undefined
  return SPECIALTY_TITLES.get(specialty) ?? specialty
}
