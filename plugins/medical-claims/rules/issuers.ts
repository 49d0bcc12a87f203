/**
 * The registry of bodies that issue health-professional credentials: regulators (a licence or a
 * registration to practise), specialty boards, certifying bodies, boards outside the recognised
 * systems, and universities. The publish rules read what a credential permits from its issuer's
 * entry here (rules/acceptance.ts), never from words an editor typed. Pure data and functions.
 *
 * Shipped entries hold facts only: a register's identifier format or URL is given where it is
 * known for sure, and left out otherwise (a project may add it by replacing the entry).
 * Specialist registers kept by a regulator (the GMC's Specialist and GP Registers, the Medical
 * Board of Australia's specialist registration, Sweden's specialist certificates) are not issuers
 * of their own: such a credential names the regulator and carries its specialty.
 *
 * The US National Provider Identifier is not an issuer either: an NPI says who a provider is, not
 * that they may practise. It is checked by `isValidNpi` alone.
 */
import {PROFESSIONS, SPECIALTIES} from './constants.ts'
import type {Profession, Specialty} from './types.ts'

/** What an issuer's credential means. */
export type IssuerAuthority = 'regulator' | 'specialtyBoard' | 'certifyingBody' | 'unrecognisedBoard' | 'academic'

export const ISSUER_AUTHORITIES: ReadonlyArray<{value: IssuerAuthority; title: string}> = Object.freeze([
  {value: 'regulator', title: 'Regulator (licence or registration to practise)'},
  {value: 'specialtyBoard', title: 'Specialty board'},
  {value: 'certifyingBody', title: 'Certifying body'},
  {value: 'unrecognisedBoard', title: 'Board outside the recognised systems'},
  {value: 'academic', title: 'University'},
] as const)

export interface IdentifierFormat {
  /** What the register calls its number, e.g. "GMC reference number". */
  label: string
  /** A valid-shaped example for help text, e.g. "1234567". Must itself pass `check`. */
  example: string
  /** The shape, matched against the whole identifier (as if anchored at both ends). */
  check: RegExp
  /** The shape in words, for messages: "7 digits". */
  shape?: string
}

export interface Issuer {
  /** Stable id, lowercase with dashes, led by the ISO 3166-1 alpha-2 country: "gb-gmc", "us-abms-abd", "au-ahpra-medical", "ca-on-cpso". */
  id: string
  /** Its own name, e.g. "General Medical Council". */
  name: string
  /** Short name readers know, e.g. "GMC". */
  shortName?: string
  /** ISO 3166-1 alpha-2 country ("GB", "US", "CA", "AU", "IE", "NZ", "DE", "FR", "NL", "ES", "IT", "SE"). */
  country: string
  /** True for a kind of issuer that exists once per state/province: the credential must then name its jurisdiction as "US-CA" etc. */
  regional?: boolean
  /** For an issuer that is itself regional (e.g. the College of Physicians and Surgeons of Ontario): its subdivision, "CA-ON". */
  region?: string
  authority: IssuerAuthority
  /** The professions it registers or certifies. */
  professions: Profession[]
  /** The specialties it certifies (specialty boards), if it is specific. */
  specialties?: Specialty[]
  /** The format of its register identifier, when it publishes one. */
  identifier?: IdentifierFormat
  /** Where a verifier looks the person up (public register URL), when there is one. */
  registerUrl?: string
  /** Other spellings editors write in a free-text "issuing body" field, lowercase, used to map legacy data. */
  aliases?: string[]
}

const GMC_NUMBER: IdentifierFormat = {label: 'GMC reference number', example: '1234567', check: /\d{7}/, shape: '7 digits'}

/** Ahpra registration numbers: the board's three letters, then ten digits. */
function ahpraNumber(prefix: string): IdentifierFormat {
  return {label: 'Ahpra registration number', example: `${prefix}0001234567`, check: new RegExp(`${prefix}\\d{10}`, 'i'), shape: `"${prefix}" then 10 digits`}
}
const AHPRA_REGISTER = 'https://www.ahpra.gov.au/Registration/Registers-of-Practitioners.aspx'
function ahpraBoard(key: string, name: string, prefix: string, professions: Profession[], aliases: string[]): Issuer {
  return {id: `au-ahpra-${key}`, name, country: 'AU', authority: 'regulator', professions, identifier: ahpraNumber(prefix), registerUrl: AHPRA_REGISTER, aliases: [`ahpra ${key}`, ...aliases]}
}

/** ABMS member boards (physician specialty certification); ABMS's Certification Matters looks up all of them. */
function abmsBoard(code: string, name: string, specialties: Specialty[]): Issuer {
  return {id: `us-abms-${code}`, name, shortName: code.toUpperCase(), country: 'US', authority: 'specialtyBoard', professions: ['physician'], specialties, registerUrl: 'https://www.certificationmatters.org'}
}

/**
 * Initials several bodies use, which never map a free-text issuing body alone: ABPS (Plastic
 * Surgery; Physician Specialties, outside ABMS), ABO (Ophthalmology; Orthodontics), ABP
 * (Pediatrics; Prosthodontics, Periodontology).
 */
const SHARED_INITIALS: ReadonlySet<string> = new Set(['abps', 'abo', 'abp'])

const SHIPPED: Issuer[] = [
  // United States: licences come from a board in each state; the credential names the state ("US-CA").
  {
    id: 'us-state-medical-board', name: 'US state medical board', country: 'US', regional: true, authority: 'regulator',
    // MDs and DOs (some states have a separate osteopathic board: the same kind of licence); most states license physician assistants through it too.
    professions: ['physician', 'physicianAssistant'], registerUrl: 'https://www.docinfo.org',
    aliases: ['state medical board', 'state board of medicine', 'board of medicine', 'state board of medical examiners', 'state board of osteopathic medicine', 'osteopathic medical board'],
  },
  {
    id: 'us-state-nursing-board', name: 'US state board of nursing', country: 'US', regional: true, authority: 'regulator',
    professions: ['registeredNurse', 'nursePractitioner'], registerUrl: 'https://www.nursys.com', aliases: ['state board of nursing', 'board of nursing'],
  },
  {id: 'us-state-pharmacy-board', name: 'US state board of pharmacy', country: 'US', regional: true, authority: 'regulator', professions: ['pharmacist'], aliases: ['state board of pharmacy', 'board of pharmacy']},
  // Not every state licenses dietitians; where one does, this is its board (some states call it a council or a committee).
  {id: 'us-state-dietetics-board', name: 'US state dietetics licensing board', country: 'US', regional: true, authority: 'regulator', professions: ['dietitian'], aliases: ['state dietetics board', 'state board of dietetics', 'board of dietetics']},
  abmsBoard('abd', 'American Board of Dermatology', ['dermatology']),
  abmsBoard('abps', 'American Board of Plastic Surgery', ['plasticSurgery']),
  abmsBoard('abfm', 'American Board of Family Medicine', ['familyMedicine']),
  abmsBoard('abim', 'American Board of Internal Medicine', ['internalMedicine', 'cardiology', 'endocrinology', 'oncology', 'infectiousDisease']),
  abmsBoard('abog', 'American Board of Obstetrics and Gynecology', ['obstetricsGynaecology']),
  // With the paediatric subspecialties that share a field name (paediatric cardiology, endocrinology, infectious diseases).
  abmsBoard('abp', 'American Board of Pediatrics', ['paediatrics', 'cardiology', 'endocrinology', 'infectiousDisease']),
  abmsBoard('abpn', 'American Board of Psychiatry and Neurology', ['psychiatry']),
  abmsBoard('abai', 'American Board of Allergy and Immunology', ['allergyImmunology']),
  abmsBoard('abs', 'American Board of Surgery', ['surgery']),
  abmsBoard('abo', 'American Board of Ophthalmology', ['ophthalmology']),
  {...abmsBoard('abohns', 'American Board of Otolaryngology – Head and Neck Surgery', ['otolaryngology']), aliases: ['american board of otolaryngology']},
  {id: 'us-aoa-aobd', name: 'American Osteopathic Board of Dermatology', shortName: 'AOBD', country: 'US', authority: 'specialtyBoard', professions: ['physician'], specialties: ['dermatology']},
  {id: 'us-cdr', name: 'Commission on Dietetic Registration', shortName: 'CDR', country: 'US', authority: 'certifyingBody', professions: ['dietitian']},
  {id: 'us-nccpa', name: 'National Commission on Certification of Physician Assistants', shortName: 'NCCPA', country: 'US', authority: 'certifyingBody', professions: ['physicianAssistant']},
  {id: 'us-aanpcb', name: 'American Academy of Nurse Practitioners Certification Board', shortName: 'AANPCB', country: 'US', authority: 'certifyingBody', professions: ['nursePractitioner'], aliases: ['aanp certification board', 'aanp certification program']},
  {id: 'us-ancc', name: 'American Nurses Credentialing Center', shortName: 'ANCC', country: 'US', authority: 'certifyingBody', professions: ['registeredNurse', 'nursePractitioner']},
  {id: 'us-amcb', name: 'American Midwifery Certification Board', shortName: 'AMCB', country: 'US', authority: 'certifyingBody', professions: ['midwife']},
  {id: 'us-bps', name: 'Board of Pharmacy Specialties', shortName: 'BPS', country: 'US', authority: 'certifyingBody', professions: ['pharmacist']},
  // A member board of the American Board of Physician Specialties, outside ABMS and the AOA. Not ABIM, which is Internal Medicine.
  {id: 'us-aboim', name: 'American Board of Integrative Medicine', shortName: 'ABOIM', country: 'US', authority: 'unrecognisedBoard', professions: ['physician'], specialties: ['integrativeMedicine']},
  {id: 'us-abcs', name: 'American Board of Cosmetic Surgery', shortName: 'ABCS', country: 'US', authority: 'unrecognisedBoard', professions: ['physician'], specialties: ['aestheticMedicine']},

  // United Kingdom.
  {
    // Its Specialist and GP Registers are part of the same register: a specialist registration is this issuer with a specialty on the credential.
    // It has registered physician associates (the enum's physician assistants) since December 2024.
    id: 'gb-gmc', name: 'General Medical Council', shortName: 'GMC', country: 'GB', authority: 'regulator', professions: ['physician', 'physicianAssistant'],
    identifier: GMC_NUMBER, registerUrl: 'https://www.gmc-uk.org/registration-and-licensing/the-medical-register',
    aliases: ['gmc specialist register', 'gmc gp register', 'list of registered medical practitioners'],
  },
  {
    // The NMC keeps no separate register of nurse practitioners: a UK nurse practitioner is a registered nurse, so the NMC is their regulator.
    id: 'gb-nmc', name: 'Nursing and Midwifery Council', shortName: 'NMC', country: 'GB', authority: 'regulator', professions: ['registeredNurse', 'midwife', 'nursePractitioner'],
    identifier: {label: 'NMC PIN', example: '12A3456E', check: /\d{2}[A-Z]\d{4}[A-Z]/i, shape: 'two digits, a letter, four digits and a letter'},
    registerUrl: 'https://www.nmc.org.uk/registration/search-the-register/',
  },
  {
    id: 'gb-hcpc', name: 'Health and Care Professions Council', shortName: 'HCPC', country: 'GB', authority: 'regulator', professions: ['dietitian', 'physiotherapist', 'psychologist'],
    // The letters of the registrant's profession (HCPC's fifteen codes), then up to six digits.
    identifier: {
      label: 'HCPC registration number', example: 'DT012345', check: /(?:AS|BS|CH|CS|DT|HAD|ODP|OR|OT|PA|PH|PO|PYL|RA|SL)\d{1,6}/i,
      shape: "the profession's letters (DT for dietitians, PH for physiotherapists, PYL for practitioner psychologists) then up to six digits",
    },
    registerUrl: 'https://www.hcpc-uk.org/check-the-register/', aliases: ['health professions council'],
  },
  {id: 'gb-gphc', name: 'General Pharmaceutical Council', shortName: 'GPhC', country: 'GB', authority: 'regulator', professions: ['pharmacist'], identifier: {...GMC_NUMBER, label: 'GPhC registration number', example: '2012345'}},
  // Pharmacists in Northern Ireland (the GPhC covers Great Britain).
  {id: 'gb-psni', name: 'Pharmaceutical Society of Northern Ireland', shortName: 'PSNI', country: 'GB', authority: 'regulator', professions: ['pharmacist']},
  {id: 'gb-gdc', name: 'General Dental Council', shortName: 'GDC', country: 'GB', authority: 'regulator', professions: ['dentist']},

  // Ireland.
  {id: 'ie-medical-council', name: 'Medical Council', country: 'IE', authority: 'regulator', professions: ['physician'], aliases: ['medical council of ireland', 'irish medical council']},
  {id: 'ie-nmbi', name: 'Nursing and Midwifery Board of Ireland', shortName: 'NMBI', country: 'IE', authority: 'regulator', professions: ['registeredNurse', 'midwife', 'nursePractitioner'], aliases: ['an bord altranais']},
  // CORU (the Health and Social Care Professionals Council) registers dietitians through its Dietitians Registration Board.
  {id: 'ie-coru', name: 'CORU', country: 'IE', authority: 'regulator', professions: ['dietitian'], aliases: ['health and social care professionals council', 'dietitians registration board']},
  {id: 'ie-psi', name: 'Pharmaceutical Society of Ireland', shortName: 'PSI', country: 'IE', authority: 'regulator', professions: ['pharmacist']},
  {id: 'ie-dental-council', name: 'Dental Council', country: 'IE', authority: 'regulator', professions: ['dentist'], aliases: ['dental council of ireland']},

  // Canada: colleges regulate province by province; the four largest colleges of physicians are listed by name.
  {
    id: 'ca-rcpsc', name: 'Royal College of Physicians and Surgeons of Canada', shortName: 'RCPSC', country: 'CA', authority: 'specialtyBoard', professions: ['physician'],
    specialties: ['dermatology', 'plasticSurgery', 'internalMedicine', 'obstetricsGynaecology', 'paediatrics', 'psychiatry', 'endocrinology', 'cardiology', 'oncology', 'ophthalmology', 'otolaryngology', 'allergyImmunology', 'infectiousDisease', 'emergencyMedicine', 'anaesthesiology', 'surgery', 'publicHealth'],
    aliases: ['royal college of physicians and surgeons', 'royal college (canada)'],
  },
  {id: 'ca-cfpc', name: 'College of Family Physicians of Canada', shortName: 'CFPC', country: 'CA', authority: 'specialtyBoard', professions: ['physician'], specialties: ['familyMedicine']},
  {id: 'ca-on-cpso', name: 'College of Physicians and Surgeons of Ontario', shortName: 'CPSO', country: 'CA', region: 'CA-ON', authority: 'regulator', professions: ['physician'], registerUrl: 'https://doctors.cpso.on.ca'},
  {id: 'ca-bc-cpsbc', name: 'College of Physicians and Surgeons of British Columbia', shortName: 'CPSBC', country: 'CA', region: 'CA-BC', authority: 'regulator', professions: ['physician']},
  {id: 'ca-qc-cmq', name: 'Collège des médecins du Québec', shortName: 'CMQ', country: 'CA', region: 'CA-QC', authority: 'regulator', professions: ['physician'], aliases: ['college of physicians of quebec']},
  {id: 'ca-ab-cpsa', name: 'College of Physicians & Surgeons of Alberta', shortName: 'CPSA', country: 'CA', region: 'CA-AB', authority: 'regulator', professions: ['physician']},
  {id: 'ca-on-cno', name: 'College of Nurses of Ontario', shortName: 'CNO', country: 'CA', region: 'CA-ON', authority: 'regulator', professions: ['registeredNurse', 'nursePractitioner']},
  {id: 'ca-bc-bccnm', name: 'British Columbia College of Nurses and Midwives', shortName: 'BCCNM', country: 'CA', region: 'CA-BC', authority: 'regulator', professions: ['registeredNurse', 'nursePractitioner', 'midwife']},
  {id: 'ca-on-cdo', name: 'College of Dietitians of Ontario', shortName: 'CDO', country: 'CA', region: 'CA-ON', authority: 'regulator', professions: ['dietitian']},
  // The other provinces and territories (Québec's nurses and dietitians are regulated by an "ordre").
  {id: 'ca-college-of-physicians', name: 'Canadian provincial college of physicians and surgeons', country: 'CA', regional: true, authority: 'regulator', professions: ['physician'], aliases: ['provincial college of physicians and surgeons', 'college of physicians and surgeons']},
  {id: 'ca-college-of-nurses', name: 'Canadian provincial college of nurses', country: 'CA', regional: true, authority: 'regulator', professions: ['registeredNurse', 'nursePractitioner'], aliases: ['provincial college of nurses', 'college of registered nurses']},
  {id: 'ca-college-of-dietitians', name: 'Canadian provincial college of dietitians', country: 'CA', regional: true, authority: 'regulator', professions: ['dietitian'], aliases: ['provincial college of dietitians']},

  // Australia: Ahpra runs registration for the National Boards; each board is the issuer. Specialist registration is the Medical Board's, with a specialty.
  ahpraBoard('medical', 'Medical Board of Australia', 'MED', ['physician'], []),
  ahpraBoard('nursing', 'Nursing and Midwifery Board of Australia', 'NMW', ['registeredNurse', 'nursePractitioner', 'midwife'], ['nmba']),
  ahpraBoard('pharmacy', 'Pharmacy Board of Australia', 'PHA', ['pharmacist'], []),
  ahpraBoard('psychology', 'Psychology Board of Australia', 'PSY', ['psychologist'], ['psyba']),
  ahpraBoard('physiotherapy', 'Physiotherapy Board of Australia', 'PHY', ['physiotherapist'], []),
  ahpraBoard('dental', 'Dental Board of Australia', 'DEN', ['dentist'], []),
  {id: 'au-acd', name: 'Australasian College of Dermatologists', shortName: 'ACD', country: 'AU', authority: 'specialtyBoard', professions: ['physician'], specialties: ['dermatology']},
  {id: 'au-racgp', name: 'Royal Australian College of General Practitioners', shortName: 'RACGP', country: 'AU', authority: 'specialtyBoard', professions: ['physician'], specialties: ['familyMedicine']},
  // Dietitians are not registered by Ahpra: the Accredited Practising Dietitian (APD) credential is Dietitians Australia's.
  {id: 'au-dietitians-australia', name: 'Dietitians Australia', country: 'AU', authority: 'certifyingBody', professions: ['dietitian'], aliases: ['dietitians association of australia']},

  // New Zealand.
  {id: 'nz-mcnz', name: 'Medical Council of New Zealand', shortName: 'MCNZ', country: 'NZ', authority: 'regulator', professions: ['physician'], registerUrl: 'https://www.mcnz.org.nz/registration/register-of-doctors/'},
  {id: 'nz-ncnz', name: 'Nursing Council of New Zealand', shortName: 'NCNZ', country: 'NZ', authority: 'regulator', professions: ['registeredNurse', 'nursePractitioner']},
  {id: 'nz-midwifery-council', name: 'Midwifery Council of New Zealand', country: 'NZ', authority: 'regulator', professions: ['midwife'], aliases: ['midwifery council']},
  {id: 'nz-pharmacy-council', name: 'Pharmacy Council of New Zealand', country: 'NZ', authority: 'regulator', professions: ['pharmacist']},
  {id: 'nz-dietitians-board', name: 'Dietitians Board', country: 'NZ', authority: 'regulator', professions: ['dietitian'], aliases: ['new zealand dietitians board', 'dietitians board of new zealand']},

  // Germany: a state authority grants the Approbation (the licence); the state chamber registers physicians and recognises specialist titles (Facharzt).
  // North Rhine-Westphalia has two chambers (Nordrhein, Westfalen-Lippe), so "DE-NW" names the state, not the chamber.
  {
    id: 'de-landesaerztekammer', name: 'German state chamber of physicians (Landesärztekammer)', country: 'DE', regional: true, authority: 'regulator', professions: ['physician'],
    aliases: ['landesärztekammer', 'landesaerztekammer', 'ärztekammer', 'aerztekammer', 'state chamber of physicians'],
  },
  {id: 'de-approbationsbehoerde', name: 'German state licensing authority (Approbationsbehörde)', country: 'DE', regional: true, authority: 'regulator', professions: ['physician', 'dentist', 'pharmacist'], aliases: ['approbationsbehörde', 'approbationsbehoerde']},
  // France.
  {id: 'fr-cnom', name: 'Ordre des médecins', shortName: 'CNOM', country: 'FR', authority: 'regulator', professions: ['physician'], registerUrl: 'https://annuaire.sante.fr', aliases: ['conseil national de l’ordre des médecins', 'ordre national des médecins', 'french medical council']},
  {id: 'fr-oni', name: 'Ordre national des infirmiers', shortName: 'ONI', country: 'FR', authority: 'regulator', professions: ['registeredNurse'], registerUrl: 'https://annuaire.sante.fr', aliases: ['ordre des infirmiers']},
  // Netherlands: one register for the professions the BIG Act regulates (nurse specialists, verpleegkundig specialisten, among nurses). Dietitians are not in it.
  {
    id: 'nl-big', name: 'BIG-register', shortName: 'BIG', country: 'NL', authority: 'regulator',
    professions: ['physician', 'registeredNurse', 'nursePractitioner', 'midwife', 'pharmacist', 'dentist', 'physiotherapist', 'psychologist'],
    identifier: {label: 'BIG number', example: '12345678901', check: /\d{11}/, shape: '11 digits'}, registerUrl: 'https://www.bigregister.nl', aliases: ['big registration'],
  },
  // Spain: practising requires membership (colegiación) of the provincial college.
  {id: 'es-colegio-medicos', name: 'Spanish provincial college of physicians (Colegio Oficial de Médicos)', country: 'ES', regional: true, authority: 'regulator', professions: ['physician'], aliases: ['colegio oficial de médicos', 'colegio de médicos', 'organización médica colegial', 'cgcom']},
  {id: 'es-colegio-enfermeria', name: 'Spanish provincial college of nurses (Colegio Oficial de Enfermería)', country: 'ES', regional: true, authority: 'regulator', professions: ['registeredNurse'], aliases: ['colegio oficial de enfermería', 'colegio de enfermería']},
  // Italy: each province's order keeps the register (albo); the national federations coordinate them.
  {id: 'it-omceo', name: 'Italian provincial order of physicians and dentists (Ordine dei Medici Chirurghi e degli Odontoiatri)', shortName: 'OMCeO', country: 'IT', regional: true, authority: 'regulator', professions: ['physician', 'dentist'], aliases: ['ordine dei medici', 'fnomceo']},
  {id: 'it-opi', name: 'Italian provincial order of nursing professions (Ordine delle Professioni Infermieristiche)', shortName: 'OPI', country: 'IT', regional: true, authority: 'regulator', professions: ['registeredNurse'], aliases: ['ordine delle professioni infermieristiche', 'fnopi']},
  // Sweden: Socialstyrelsen issues the licence (legitimation) and physicians' specialist certificates; IVO supervises practice but issues nothing.
  {
    id: 'se-socialstyrelsen', name: 'Socialstyrelsen', country: 'SE', authority: 'regulator',
    professions: ['physician', 'registeredNurse', 'midwife', 'pharmacist', 'dentist', 'dietitian', 'psychologist', 'physiotherapist'],
    aliases: ['national board of health and welfare', 'swedish national board of health and welfare'],
  },
]

function frozen(issuer: Issuer): Issuer {
  for (const key of ['professions', 'specialties', 'aliases'] as const) if (issuer[key]) Object.freeze(issuer[key])
  if (issuer.identifier) Object.freeze(issuer.identifier)
  return Object.freeze(issuer)
}

/**
 * The shipped issuers. No universities are shipped (a project adds the ones its experts' degrees
 * come from, with authority "academic").
 */
export const ISSUERS: ReadonlyArray<Issuer> = Object.freeze(SHIPPED.map(frozen))

const PROFESSION_VALUES: readonly string[] = PROFESSIONS.map((p) => p.value)
const SPECIALTY_VALUES: readonly string[] = SPECIALTIES.map((s) => s.value)
const AUTHORITY_VALUES: readonly string[] = ISSUER_AUTHORITIES.map((a) => a.value)
const ISSUER_KEYS = ['id', 'name', 'shortName', 'country', 'regional', 'region', 'authority', 'professions', 'specialties', 'identifier', 'registerUrl', 'aliases']
const IDENTIFIER_KEYS = ['label', 'example', 'check', 'shape']
const ID_SHAPE = /^[a-z]{2}(?:-[a-z0-9]+)+$/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0
}

/** Whether an identifier matches a format's check as a whole. */
function fitsFormat(format: IdentifierFormat, identifier: string): boolean {
  return new RegExp(`^(?:${format.check.source})$`, format.check.flags.replace(/[gy]/g, '')).test(identifier)
}

function identifierFormatProblems(at: string, value: unknown): string[] {
  if (!isRecord(value)) return [`${at}.identifier must be an object such as {label: "GMC reference number", example: "1234567", check: /\\d{7}/, shape: "7 digits"}.`]
  const problems: string[] = []
  for (const key of Object.keys(value)) if (!IDENTIFIER_KEYS.includes(key)) problems.push(`${at}.identifier has an unknown key "${key}"; its keys are ${IDENTIFIER_KEYS.join(', ')}.`)
  if (!isText(value.label)) problems.push(`${at}.identifier.label must say what the register calls its number, e.g. "GMC reference number".`)
  if (!isText(value.example)) problems.push(`${at}.identifier.example must be a valid-shaped number for help text, e.g. "1234567".`)
  if (!(value.check instanceof RegExp)) problems.push(`${at}.identifier.check must be a regular expression for the whole number, e.g. /\\d{7}/.`)
  else if (isText(value.example) && !fitsFormat(value as unknown as IdentifierFormat, value.example.trim())) {
    problems.push(`${at}.identifier.example "${value.example}" does not match its own check ${String(value.check)}: correct one of them.`)
  }
  if (value.shape !== undefined && !isText(value.shape)) problems.push(`${at}.identifier.shape must describe the number in words, e.g. "7 digits", or be left out.`)
  return problems
}

function listProblems(at: string, key: string, value: unknown, allowed: readonly string[], what: string, required: boolean): string[] {
  if (value === undefined && !required) return []
  if (!Array.isArray(value) || (required && value.length === 0)) {
    return [`${at}.${key} must be ${required ? 'a non-empty' : 'an'} array of ${what}: ${allowed.join(', ')}.`]
  }
  return value
    .filter((item) => typeof item !== 'string' || !allowed.includes(item))
    .map((item) => `${at}.${key} has ${JSON.stringify(item)}, which is not one of the ${what}; use one of ${allowed.join(', ')}.`)
}

function entryProblems(at: string, entry: Record<string, unknown>): string[] {
  const problems: string[] = []
  for (const key of Object.keys(entry)) if (!ISSUER_KEYS.includes(key)) problems.push(`${at} has an unknown key "${key}"; an issuer's keys are ${ISSUER_KEYS.join(', ')}.`)
  const {id, country} = entry
  const countryOk = typeof country === 'string' && /^[A-Z]{2}$/.test(country)
  if (!countryOk) problems.push(`${at}.country must be an ISO 3166-1 alpha-2 code in capitals, e.g. "GB" or "US".`)
  if (typeof id !== 'string' || !ID_SHAPE.test(id)) {
    problems.push(`${at}.id must be lowercase words joined by dashes, led by the country's two letters, e.g. "gb-gmc" or "ca-on-cpso".`)
  } else if (countryOk && !id.startsWith(`${country.toLowerCase()}-`)) {
    problems.push(`${at}.id "${id}" must start with its country "${country.toLowerCase()}-", e.g. "${country.toLowerCase()}-${id.split('-').slice(1).join('-')}".`)
  }
  if (!isText(entry.name)) problems.push(`${at}.name must be the issuer's own name, e.g. "General Medical Council".`)
  if (entry.shortName !== undefined && !isText(entry.shortName)) problems.push(`${at}.shortName must be a short name readers know, e.g. "GMC", or be left out.`)
  if (entry.regional !== undefined && typeof entry.regional !== 'boolean') problems.push(`${at}.regional must be true or false, or be left out.`)
  if (entry.region !== undefined) {
    if (typeof entry.region !== 'string' || !/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(entry.region)) problems.push(`${at}.region must be an ISO 3166-2 subdivision code such as "CA-ON".`)
    else if (countryOk && !entry.region.startsWith(`${country}-`)) problems.push(`${at}.region "${entry.region}" is not in its country ${country}: correct the region or the country.`)
    if (entry.regional === true) problems.push(`${at} has both regional and region: an issuer is either one kind of body per region (regional: true) or one region's body (region), not both.`)
  }
  if (typeof entry.authority !== 'string' || !AUTHORITY_VALUES.includes(entry.authority)) {
    problems.push(`${at}.authority must be one of ${AUTHORITY_VALUES.join(', ')} (got ${JSON.stringify(entry.authority)}).`)
  }
  problems.push(...listProblems(at, 'professions', entry.professions, PROFESSION_VALUES, 'professions', true))
  problems.push(...listProblems(at, 'specialties', entry.specialties, SPECIALTY_VALUES, 'specialties', false))
  if (entry.identifier !== undefined) problems.push(...identifierFormatProblems(at, entry.identifier))
  if (entry.registerUrl !== undefined && (typeof entry.registerUrl !== 'string' || !URL.canParse(entry.registerUrl) || !entry.registerUrl.startsWith('https://'))) {
    problems.push(`${at}.registerUrl must be the public register's https:// address, or be left out.`)
  }
  if (entry.aliases !== undefined) {
    if (!Array.isArray(entry.aliases)) problems.push(`${at}.aliases must be an array of lowercase names, e.g. ["gmc", "general medical council"].`)
    else {
      for (const alias of entry.aliases) {
        if (!isText(alias) || alias !== alias.toLowerCase()) problems.push(`${at}.aliases has ${JSON.stringify(alias)}: write each alias as a non-empty lowercase name.`)
      }
    }
  }
  return problems
}

/** Problems with a project's extra issuers, as sentences (empty when fine). */
export function issuerProblems(extra: unknown): string[] {
  if (!Array.isArray(extra)) return ['issuers must be an array of issuer entries such as {id: "gb-gmc", name: "General Medical Council", country: "GB", authority: "regulator", professions: ["physician"]}.']
  const problems: string[] = []
  const seen = new Map<string, number>()
  extra.forEach((entry: unknown, index) => {
    const id = isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined
    const at = id ? `issuers[${index}] ("${id}")` : `issuers[${index}]`
    if (!isRecord(entry)) {
      problems.push(`${at} must be an object with id, name, country, authority and professions.`)
      return
    }
    problems.push(...entryProblems(at, entry))
    if (id !== undefined) {
      const first = seen.get(id)
      if (first !== undefined) problems.push(`${at} repeats the id of issuers[${first}]: give each issuer its own id, or merge the two entries.`)
      else seen.set(id, index)
    }
  })
  return problems
}

/** The shipped issuers plus a project's own (a project's entry with a shipped id replaces it). */
export function issuerRegistry(extra: ReadonlyArray<Issuer> = []): ReadonlyMap<string, Issuer> {
  const problems = issuerProblems(extra)
  if (problems.length > 0) {
    throw new Error(
      `Invalid issuers.\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Fix these entries in the project\'s "issuers" list, or remove them to use the shipped registry alone.',
    )
  }
  const registry = new Map<string, Issuer>(ISSUERS.map((issuer) => [issuer.id, issuer]))
  for (const issuer of extra) registry.set(issuer.id, issuer)
  return registry
}

/** A name as matched: case, accents, punctuation, spacing, "&" and a leading "the" make no difference. */
function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '')
}

/** Names to issuers, in three tiers (ids, own names, short names and aliases); a name two issuers share in a tier maps to neither. */
type NameIndex = Array<Map<string, Issuer | null>>
const INDEXES = new WeakMap<ReadonlyMap<string, Issuer>, NameIndex>()

function nameIndex(registry: ReadonlyMap<string, Issuer>): NameIndex {
  let index = INDEXES.get(registry)
  if (index) return index
  index = [new Map(), new Map(), new Map()]
  const add = (tier: number, name: string | undefined, issuer: Issuer) => {
    if (!name) return
    const key = nameKey(name)
    if (!key || (tier === 2 && SHARED_INITIALS.has(key))) return
    const known = index![tier].get(key)
    index![tier].set(key, known === undefined || known === issuer ? issuer : null)
  }
  for (const issuer of registry.values()) {
    add(0, issuer.id, issuer)
    add(1, issuer.name, issuer)
    add(2, issuer.shortName, issuer)
    for (const alias of issuer.aliases ?? []) add(2, alias, issuer)
  }
  INDEXES.set(registry, index)
  return index
}

/** The issuer a legacy free-text issuing body names (by id, name, shortName or alias, case- and space-insensitive), or undefined. */
export function issuerForName(registry: ReadonlyMap<string, Issuer>, text: string | undefined): Issuer | undefined {
  if (typeof text !== 'string') return undefined
  const key = nameKey(text)
  if (!key) return undefined
  for (const tier of nameIndex(registry)) {
    const found = tier.get(key)
    if (found !== undefined) return found ?? undefined
  }
  return undefined
}

/**
 * Whether an identifier has the shape its issuer's register uses: null when fine, when there is no
 * identifier, or when the issuer publishes no format; else a sentence saying what is wrong and how
 * to fix it, naming the register's label and an example.
 */
export function identifierProblem(issuer: Issuer | undefined, identifier: string | undefined): string | null {
  const format = issuer?.identifier
  if (!format || typeof identifier !== 'string') return null
  const value = identifier.trim()
  if (!value || fitsFormat(format, value)) return null
  const looks = format.shape ? `it is ${format.shape}, such as "${format.example}"` : `it looks like "${format.example}"`
  const where = issuer.registerUrl ? ` (${issuer.registerUrl})` : ''
  return `The ${format.label} "${value}" is not in the register's format: ${looks}. Copy it exactly as the register shows it${where}.`
}

/** US NPI check digit (Luhn over "80840" + the first 9 digits). */
export function isValidNpi(npi: string): boolean {
  if (typeof npi !== 'string' || !/^\d{10}$/.test(npi)) return false
  const digits = `80840${npi}`
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}
