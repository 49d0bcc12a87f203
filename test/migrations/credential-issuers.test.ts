import {describe, expect, it} from 'vitest'
import migration from '../../migrations/credential-issuers/index.ts'
import {migrateExpertCredentials} from '../../migrations/credential-issuers/credentials.ts'
import {registryOf} from '../../plugins/medical-claims/rules/acceptance.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {checkExpertForClaim, credentialStanding} from '../../plugins/medical-claims/rules/policy.ts'
import type {Credential, ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {NOW, pinned} from '../fixtures/policy-factories.ts'

const options = resolveOptions({})
const registry = registryOf(options)
const verified = {status: 'verified' as const, verifiedBy: 'Dana (p-dana)', verifiedAt: '2026-06-01T09:00:00Z', evidence: 'Register lookup.'}

/** An expert as older data has it: no issuer, the issuing body and the specialty in words, verified as it is. */
function oldExpert(id: string, name: string, credential: Omit<Credential, 'verification'>): ExpertDoc {
  return {_id: id, _type: 'expert', name, credentials: [pinned({_key: 'c1', _type: 'credential', ...credential, verification: verified}, name)]}
}

const gmc = oldExpert('expert-okafor', 'Dr. Amara Okafor', {kind: 'registration', profession: 'physician', title: 'GMC registration', specialty: 'Dermatology', issuingBody: 'General Medical Council'})
const abd = oldExpert('expert-park', 'Dr. Lee Park', {kind: 'boardCertification', profession: 'physician', title: 'Board certification', specialty: 'dermatology', issuingBody: 'American Board of Dermatology'})
const unknown = oldExpert('expert-doe', 'Dr. Chris Doe', {kind: 'boardCertification', profession: 'physician', title: 'Fellowship', specialty: 'Family practice', issuingBody: 'International Academy of Aesthetics'})

describe('the credential-issuers migration', () => {
  it('records the issuer from the issuing body and the specialty from the list', () => {
    const {credentials, changes, leftAlone} = migrateExpertCredentials(gmc, registry)
    expect(credentials?.[0]).toMatchObject({issuer: 'gb-gmc', specialty: 'dermatology', issuingBody: 'General Medical Council'})
    expect(changes).toEqual([{expertId: 'expert-okafor', credentialKey: 'c1', set: {issuer: 'gb-gmc', specialty: 'dermatology'}, verification: 'voided'}])
    expect(leftAlone).toEqual([])
    expect(migrateExpertCredentials(abd, registry).changes[0].set).toEqual({issuer: 'us-abms-abd'})
  })

  it('guesses nothing: an issuing body the registry does not name is reported, its specialty still mapped', () => {
    const {credentials, changes, leftAlone} = migrateExpertCredentials(unknown, registry)
    expect(credentials?.[0].issuer).toBeUndefined()
    expect(changes[0].set).toEqual({specialty: 'familyMedicine'})
    expect(leftAlone).toEqual([{expertId: 'expert-doe', credentialKey: 'c1', reason: expect.stringMatching(/the registry names no issuer "International Academy of Aesthetics"/)}])
  })

  it('voids the verification by default, so a fact-checker verifies what it now says; carries it when asked, saying so', () => {
    const voided = migrateExpertCredentials(gmc, registry).credentials!
    expect(credentialStanding(voided[0], NOW, gmc, options)).toBe('changed')
    const carried = migrateExpertCredentials(gmc, registry, {carryVerification: true, migratedOn: '2026-12-01'}).credentials!
    expect(credentialStanding(carried[0], NOW, gmc, options)).toBe('valid')
    expect(carried[0].verification).toMatchObject({verifiedBy: verified.verifiedBy, verifiedAt: verified.verifiedAt})
    expect(carried[0].verification?.evidence).toBe('Register lookup. Issuer and specialty recorded from the verified details by the credential-issuers migration on 2026-12-01.')
    // The UK consultant, refused before the migration (no issuer), qualifies after it.
    expect(checkExpertForClaim(gmc, {kind: 'contraindication', topic: 'skin'}, options, NOW).ok).toBe(false)
    expect(checkExpertForClaim({...gmc, credentials: carried}, {kind: 'contraindication', topic: 'skin'}, options, NOW).ok).toBe(true)
  })

  it('does not carry a verification that no longer matched', () => {
    const edited = {...gmc, credentials: [{...gmc.credentials![0], title: 'Edited after it was verified'}]}
    expect(migrateExpertCredentials(edited, registry, {carryVerification: true}).changes[0].verification).toBe('voided')
  })

  it('as a Sanity migration, patches experts whose credentials change and leaves the rest', () => {
    const document = (migration.migrate as {document: (doc: unknown, context: unknown) => unknown}).document
    expect(document(gmc, {})).toMatchObject({path: ['credentials'], op: {type: 'set'}})
    const done = {...gmc, credentials: migrateExpertCredentials(gmc, registry).credentials}
    expect(document(done, {})).toBeUndefined()
    expect(migration.documentTypes).toEqual(['expert'])
  })
})
