/** The issuer registry (rules/issuers.ts): its shipped entries, names for legacy data, identifier shapes and a project's own issuers. */
import {describe, expect, it} from 'vitest'
import {PROFESSIONS, SPECIALTIES} from '../../plugins/medical-claims/rules/constants.ts'
import {
  ISSUER_AUTHORITIES,
  ISSUERS,
  type Issuer,
  identifierProblem,
  issuerForName,
  issuerProblems,
  issuerRegistry,
  isValidNpi,
} from '../../plugins/medical-claims/rules/issuers.ts'

const registry = issuerRegistry()
const issuer = (id: string): Issuer => {
  const found = registry.get(id)
  if (!found) throw new Error(`No shipped issuer "${id}"`)
  return found
}
const PROFESSION_VALUES: string[] = PROFESSIONS.map((p) => p.value)
const SPECIALTY_VALUES: string[] = SPECIALTIES.map((s) => s.value)
const AUTHORITY_VALUES: string[] = ISSUER_AUTHORITIES.map((a) => a.value)
/** Initials two bodies share: deliberately matched to neither. */
const SHARED_INITIALS = ['ABPS', 'ABO', 'ABP']
const withFormat = ISSUERS.filter((i) => i.identifier)

/** A sentence: a capital first, one full stop at the end, nothing left blank. */
function expectSentence(message: string | null): void {
  expect(message).toMatch(/^[A-Z].*[.]$/s)
  expect(message).not.toMatch(/undefined|null|""|\.\.$|\s{2}/)
}

describe('the shipped issuers', () => {
  it('have unique ids', () => {
    const ids = ISSUERS.map((i) => i.id)
    expect(ids.filter((id, n) => ids.indexOf(id) !== n)).toEqual([])
    expect(registry.size).toBe(ISSUERS.length)
  })

  it.each(ISSUERS.map((i) => [i.id, i] as const))('%s is well-formed', (id, entry) => {
    expect(id).toMatch(/^[a-z]{2}(-[a-z0-9]+)+$/)
    expect(id.startsWith(`${entry.country.toLowerCase()}-`)).toBe(true)
    expect(entry.country).toMatch(/^(GB|US|CA|AU|IE|NZ|DE|FR|NL|ES|IT|SE)$/)
    expect(entry.name.trim()).not.toBe('')
    expect(AUTHORITY_VALUES).toContain(entry.authority)
    expect(entry.professions.length).toBeGreaterThan(0)
    for (const profession of entry.professions) expect(PROFESSION_VALUES).toContain(profession)
    for (const specialty of entry.specialties ?? []) expect(SPECIALTY_VALUES).toContain(specialty)
    if (entry.region) {
      expect(entry.regional).not.toBe(true)
      expect(entry.region).toMatch(new RegExp(`^${entry.country}-[A-Z0-9]{1,3}$`))
      expect(id.startsWith(`${entry.region.toLowerCase()}-`)).toBe(true)
    }
    for (const alias of entry.aliases ?? []) expect(alias).toBe(alias.toLowerCase())
    if (entry.registerUrl) expect(entry.registerUrl).toMatch(/^https:\/\/[^\s]+$/)
  })

  it('pass the checks a project entry gets', () => {
    expect(issuerProblems(ISSUERS)).toEqual([])
  })

  it('are frozen', () => {
    expect(Object.isFrozen(ISSUERS)).toBe(true)
    expect(Object.isFrozen(issuer('gb-gmc'))).toBe(true)
    expect(Object.isFrozen(issuer('gb-gmc').professions)).toBe(true)
  })

  it.each(withFormat.map((i) => [i.id, i] as const))('%s: its example passes its own check', (_id, entry) => {
    expect(identifierProblem(entry, entry.identifier!.example)).toBeNull()
  })

  it.each([
    ['us-state-medical-board', {authority: 'regulator', regional: true, professions: ['physician', 'physicianAssistant']}],
    ['us-state-nursing-board', {authority: 'regulator', regional: true, professions: ['registeredNurse', 'nursePractitioner']}],
    ['us-state-pharmacy-board', {regional: true, professions: ['pharmacist']}],
    ['us-state-dietetics-board', {regional: true, professions: ['dietitian']}],
    ['us-abms-abd', {authority: 'specialtyBoard', specialties: ['dermatology']}],
    ['us-abms-abps', {authority: 'specialtyBoard', specialties: ['plasticSurgery']}],
    ['us-abms-abohns', {authority: 'specialtyBoard', specialties: ['otolaryngology']}],
    ['us-aoa-aobd', {authority: 'specialtyBoard', specialties: ['dermatology']}],
    ['us-cdr', {authority: 'certifyingBody', professions: ['dietitian']}],
    ['us-nccpa', {authority: 'certifyingBody', professions: ['physicianAssistant']}],
    ['us-aboim', {authority: 'unrecognisedBoard', specialties: ['integrativeMedicine']}],
    ['us-abcs', {authority: 'unrecognisedBoard'}],
    ['gb-gmc', {authority: 'regulator', country: 'GB'}],
    ['gb-nmc', {professions: ['registeredNurse', 'midwife', 'nursePractitioner']}],
    ['gb-hcpc', {professions: ['dietitian', 'physiotherapist', 'psychologist']}],
    ['ie-coru', {professions: ['dietitian']}],
    ['ca-rcpsc', {authority: 'specialtyBoard'}],
    ['ca-cfpc', {authority: 'specialtyBoard', specialties: ['familyMedicine']}],
    ['ca-on-cpso', {region: 'CA-ON'}],
    ['ca-bc-cpsbc', {region: 'CA-BC'}],
    ['ca-qc-cmq', {region: 'CA-QC'}],
    ['ca-ab-cpsa', {region: 'CA-AB'}],
    ['ca-college-of-physicians', {regional: true}],
    ['au-ahpra-medical', {authority: 'regulator', professions: ['physician']}],
    ['au-acd', {authority: 'specialtyBoard', specialties: ['dermatology']}],
    ['au-dietitians-australia', {authority: 'certifyingBody', professions: ['dietitian']}],
    ['nz-mcnz', {country: 'NZ'}],
    ['de-landesaerztekammer', {regional: true, country: 'DE'}],
    ['nl-big', {country: 'NL'}],
  ])('cover %s', (id, expected) => {
    expect(issuer(id)).toMatchObject(expected)
  })

  it('keep the NPI out: an NPI says who a provider is, not that they may practise', () => {
    expect(ISSUERS.some((i) => i.id.includes('npi'))).toBe(false)
  })
})

describe('identifierProblem', () => {
  it.each([
    ['gb-gmc', '1234567', true],
    ['gb-gmc', ' 1234567 ', true],
    ['gb-gmc', '123456', false],
    ['gb-gmc', '12345678', false],
    ['gb-gmc', 'GMC1234567', false],
    ['gb-nmc', '12A3456E', true],
    ['gb-nmc', '123456E', false],
    ['gb-nmc', '12A34567', false],
    ['gb-hcpc', 'DT012345', true],
    ['gb-hcpc', 'PH12345', true],
    ['gb-hcpc', 'PYL123456', true],
    ['gb-hcpc', 'DT1234567', false],
    ['gb-hcpc', '012345', false],
    ['gb-gphc', '2012345', true],
    ['gb-gphc', '201234', false],
    ['au-ahpra-medical', 'MED0001234567', true],
    ['au-ahpra-medical', 'MED000123456', false],
    ['au-ahpra-medical', 'NMW0001234567', false],
    ['au-ahpra-nursing', 'NMW0001234567', true],
    ['au-ahpra-psychology', 'PSY0001234567', true],
    ['nl-big', '12345678901', true],
    ['nl-big', '1234567890', false],
  ])('%s %j: %s', (id, identifier, ok) => {
    const problem = identifierProblem(issuer(id), identifier)
    if (ok) expect(problem).toBeNull()
    else expect(problem).not.toBeNull()
  })

  it('has nothing to say without a format, an issuer or an identifier', () => {
    expect(identifierProblem(issuer('us-state-medical-board'), 'A12345')).toBeNull()
    expect(identifierProblem(undefined, 'anything')).toBeNull()
    expect(identifierProblem(issuer('gb-gmc'), undefined)).toBeNull()
    expect(identifierProblem(issuer('gb-gmc'), '  ')).toBeNull()
  })

  it('says what is wrong and how to fix it, naming the label and an example', () => {
    expect(identifierProblem(issuer('gb-gmc'), '123456')).toBe(
      'The GMC reference number "123456" is not in the register\'s format: it is 7 digits, such as "1234567". ' +
        'Copy it exactly as the register shows it (https://www.gmc-uk.org/registration-and-licensing/the-medical-register).',
    )
    for (const entry of withFormat) {
      const message = identifierProblem(entry, 'x')
      expectSentence(message)
      expect(message).toContain(entry.identifier!.label)
      expect(message).toContain(`"${entry.identifier!.example}"`)
    }
  })

  it('falls back to the example when a format has no shape in words', () => {
    const own: Issuer = {id: 'gb-own', name: 'Own Register', country: 'GB', authority: 'regulator', professions: ['physician'], identifier: {label: 'own number', example: 'X1', check: /X\d/}}
    expect(identifierProblem(own, 'Y1')).toBe('The own number "Y1" is not in the register\'s format: it looks like "X1". Copy it exactly as the register shows it.')
  })
})

describe('isValidNpi', () => {
  it.each([
    ['1234567893', true],
    ['1234567890', false],
    ['123456789', false],
    ['12345678930', false],
    ['123456789X', false],
    [' 1234567893', false],
  ])('%j: %s', (npi, ok) => {
    expect(isValidNpi(npi)).toBe(ok)
  })
})

describe('issuerForName', () => {
  it.each([
    ['GMC', 'gb-gmc'],
    ['general medical council ', 'gb-gmc'],
    ['  General   Medical Council', 'gb-gmc'],
    ['gb-gmc', 'gb-gmc'],
    ['The American Board of Dermatology', 'us-abms-abd'],
    ['American Board of Dermatology', 'us-abms-abd'],
    ['American Board of Otolaryngology - Head and Neck Surgery', 'us-abms-abohns'],
    ['ABIM', 'us-abms-abim'],
    ['American Board of Integrative Medicine', 'us-aboim'],
    ['College of Physicians and Surgeons of Alberta', 'ca-ab-cpsa'],
    ['College des medecins du Quebec', 'ca-qc-cmq'],
    ['Landesaerztekammer', 'de-landesaerztekammer'],
    ['Board of Stuff', undefined],
    ['', undefined],
    [undefined, undefined],
    ...SHARED_INITIALS.map((initials) => [initials, undefined] as [string, undefined]),
  ])('%j -> %s', (text, id) => {
    expect(issuerForName(registry, text)?.id).toBe(id)
  })

  it('maps every shipped id, name, short name and alias back to its own issuer', () => {
    const wrong: string[] = []
    for (const entry of ISSUERS) {
      for (const name of [entry.id, entry.name, entry.shortName, ...(entry.aliases ?? [])]) {
        if (!name || SHARED_INITIALS.includes(name)) continue
        if (issuerForName(registry, name) !== entry) wrong.push(`${name} -> ${issuerForName(registry, name)?.id}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('maps a name two issuers share to neither', () => {
    const extra: Issuer = {id: 'gb-own', name: 'Own Register', country: 'GB', authority: 'regulator', professions: ['physician'], aliases: ['gmc']}
    expect(issuerForName(issuerRegistry([extra]), 'gmc')).toBeUndefined()
    expect(issuerForName(issuerRegistry([extra]), 'General Medical Council')?.id).toBe('gb-gmc')
  })
})

describe('a project\'s own issuers', () => {
  const good: Issuer = {id: 'us-uw', name: 'University of Washington', country: 'US', authority: 'academic', professions: ['researcher']}

  it('adds them, and replaces a shipped entry with the same id', () => {
    const gmc = {...issuer('gb-gmc'), registerUrl: 'https://www.gmc-uk.org/', aliases: ['the gmc register']}
    const own = issuerRegistry([good, gmc])
    expect(own.get('us-uw')).toBe(good)
    expect(own.get('gb-gmc')).toBe(gmc)
    expect(own.size).toBe(ISSUERS.length + 1)
    expect(issuerForName(own, 'the gmc register')).toBe(gmc)
    expect(registry.get('gb-gmc')?.registerUrl).not.toBe('https://www.gmc-uk.org/')
  })

  it.each([
    ['not an array', {id: 'gb-x'}, /^issuers must be an array/],
    ['an id without a country', [{...good, id: 'uw'}], /issuers\[0\] \("uw"\)\.id must be lowercase words joined by dashes, led by the country's two letters/],
    ['an id in capitals', [{...good, id: 'US-UW'}], /\.id must be lowercase/],
    ['an id of another country', [{...good, id: 'gb-uw'}], /\.id "gb-uw" must start with its country "us-"/],
    ['a missing name', [{...good, name: ' '}], /\.name must be the issuer's own name/],
    ['a missing country', [{...good, country: undefined}], /\.country must be an ISO 3166-1 alpha-2 code/],
    ['a lowercase country', [{...good, country: 'us'}], /\.country must be an ISO 3166-1 alpha-2 code in capitals/],
    ['an unknown authority', [{...good, authority: 'college'}], /\.authority must be one of regulator, specialtyBoard, certifyingBody, unrecognisedBoard, academic \(got "college"\)/],
    ['an unknown profession', [{...good, professions: ['doctor']}], /\.professions has "doctor", which is not one of the professions; use one of physician, /],
    ['no professions', [{...good, professions: []}], /\.professions must be a non-empty array of professions/],
    ['an unknown specialty', [{...good, specialties: ['dermatology', 'skin']}], /\.specialties has "skin", which is not one of the specialties/],
    ['a duplicate id', [good, {...good}], /issuers\[1\] \("us-uw"\) repeats the id of issuers\[0\]/],
    ['an unknown key', [{...good, speciality: ['dermatology']}], /has an unknown key "speciality"/],
    ['a region outside its country', [{...good, id: 'us-ca-board', region: 'CA-ON'}], /\.region "CA-ON" is not in its country US/],
    ['regional and a region', [{...good, id: 'us-ca-board', region: 'US-CA', regional: true}], /has both regional and region/],
    ['an alias in capitals', [{...good, aliases: ['UW']}], /\.aliases has "UW": write each alias as a non-empty lowercase name/],
    ['a register over http', [{...good, registerUrl: 'http://example.org'}], /\.registerUrl must be the public register's https:\/\/ address/],
    ['an example its check refuses', [{...good, identifier: {label: 'UW id', example: '12', check: /\d{3}/}}], /\.identifier\.example "12" does not match its own check \/\\d\{3\}\//],
    ['a check that is not a pattern', [{...good, identifier: {label: 'UW id', example: '123', check: '\\d{3}'}}], /\.identifier\.check must be a regular expression/],
    ['an entry that is not an object', ['us-uw'], /issuers\[0\] must be an object with id, name, country, authority and professions/],
  ])('reports %s', (_case, extra, message) => {
    const problems = issuerProblems(extra)
    expect(problems.some((p) => message.test(p)), problems.join('\n')).toBe(true)
    for (const problem of problems) expect(problem).toMatch(/[.]$/)
  })

  it('finds nothing wrong with a good entry', () => {
    expect(issuerProblems([good, {...issuer('gb-gmc'), name: 'GMC'}])).toEqual([])
  })

  it('refuses a bad entry with a message saying what is wrong and how to fix it', () => {
    expect(() => issuerRegistry([{...good, professions: ['doctor' as never]}])).toThrowError(
      /Invalid issuers\.\n {2}- issuers\[0\] \("us-uw"\)\.professions has "doctor", which is not one of the professions; use one of physician, [^\n]*\nFix these entries in the project's "issuers" list/,
    )
  })

  it('checks identifiers with a project pattern as a whole, whatever its flags', () => {
    const own: Issuer = {...good, identifier: {label: 'UW id', example: 'UW123', check: /uw\d{3}/gi}}
    expect(identifierProblem(own, 'UW123')).toBeNull()
    expect(identifierProblem(own, 'UW123')).toBeNull()
    expect(identifierProblem(own, 'xUW1234')).not.toBeNull()
  })
})
