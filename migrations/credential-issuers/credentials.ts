/**
 * The data of the credential-issuers migration, pure: an expert's credentials with the issuer's
 * registry id read from the free-text issuing body (by the registry's names, short names and
 * aliases), and the specialty written as a value of the list (by its title). Nothing is guessed:
 * an issuing body the registry does not name is left as it is and reported.
 *
 * A credential's verification covers its issuer once it has one (rules/fingerprints.ts), so a new
 * issuer voids the verification, and a fact-checker verifies it again (the Fact-check queue lists
 * it). With `carryVerification`, a verification that matched the credential as it was is pinned to
 * the credential as the migration leaves it, and its evidence says so: use it only when the
 * registry's name for the issuer is what the verifier looked up.
 */
import {SPECIALTIES} from '../../plugins/medical-claims/rules/constants.ts'
import {credentialFingerprint, verificationMatches} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {type Issuer, issuerForName} from '../../plugins/medical-claims/rules/issuers.ts'
import type {Credential, ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'

/** Specialties as older records write them, beside the list's own titles. */
const SPECIALTY_ALIASES: Record<string, string> = {
  'general practice': 'familyMedicine',
  'family practice': 'familyMedicine',
  'aesthetic nursing': 'aestheticMedicine',
  'nutrition': 'nutritionDietetics',
  'dietetics': 'nutritionDietetics',
  'plastic and reconstructive surgery': 'plasticSurgery',
}
const SPECIALTY_BY_WORDS = new Map<string, string>([
  ...SPECIALTIES.map((s) => [s.title.toLowerCase(), s.value] as [string, string]),
  ...SPECIALTIES.map((s) => [s.value.toLowerCase(), s.value] as [string, string]),
  ...Object.entries(SPECIALTY_ALIASES),
])
const SPECIALTY_VALUES = new Set<string>(SPECIALTIES.map((s) => s.value))

export interface CredentialChange {
  expertId: string
  credentialKey: string | undefined
  /** What was written, field by field. */
  set: Partial<Pick<Credential, 'issuer' | 'specialty'>>
  /** What happens to its verification. */
  verification: 'none' | 'carried' | 'voided'
}

export interface CredentialLeftAlone {
  expertId: string
  credentialKey: string | undefined
  /** Why the migration could not say (the issuing body the registry does not name). */
  reason: string
}

export interface ExpertMigration {
  credentials: Credential[] | undefined
  changes: CredentialChange[]
  leftAlone: CredentialLeftAlone[]
}

/** The expert's credentials as the migration leaves them, with what changed and what it could not map. */
export function migrateExpertCredentials(
  expert: Pick<ExpertDoc, '_id' | 'name' | 'credentials'>,
  registry: ReadonlyMap<string, Issuer>,
  options: {carryVerification?: boolean; migratedOn?: string} = {},
): ExpertMigration {
  const changes: CredentialChange[] = []
  const leftAlone: CredentialLeftAlone[] = []
  if (!Array.isArray(expert.credentials)) return {credentials: expert.credentials, changes, leftAlone}
  const credentials = expert.credentials.map((credential) => {
    if (!credential || typeof credential !== 'object') return credential
    const set: CredentialChange['set'] = {}
    if (!credential.issuer) {
      const issuer = issuerForName(registry, credential.issuingBody)
      if (issuer) set.issuer = issuer.id
      else {
        leftAlone.push({
          expertId: expert._id,
          credentialKey: credential._key,
          reason: credential.issuingBody?.trim()
            ? `the registry names no issuer "${credential.issuingBody.trim()}": choose the issuer by hand, or add it to the project's issuers`
            : 'it names no issuing body: choose the issuer by hand',
        })
      }
    }
    if (typeof credential.specialty === 'string' && credential.specialty && !SPECIALTY_VALUES.has(credential.specialty)) {
      const value = SPECIALTY_BY_WORDS.get(credential.specialty.trim().toLowerCase())
      if (value) set.specialty = value
    }
    if (Object.keys(set).length === 0) return credential
    const migrated: Credential = {...credential, ...set}
    let verification: CredentialChange['verification'] = 'none'
    if (credential.verification?.status === 'verified') {
      if (options.carryVerification && verificationMatches(credential, expert)) {
        const fingerprint = credentialFingerprint(expert.name, migrated)
        const note = `Issuer and specialty recorded from the verified details by the credential-issuers migration${options.migratedOn ? ` on ${options.migratedOn}` : ''}.`
        migrated.verification = {
          ...credential.verification,
          ...(fingerprint === null ? {} : {fingerprint}),
          evidence: [credential.verification.evidence?.trim(), note].filter(Boolean).join(' '),
        }
        verification = 'carried'
      } else verification = 'voided'
    }
    changes.push({expertId: expert._id, credentialKey: credential._key, set, verification})
    return migrated
  })
  return {credentials, changes, leftAlone}
}
