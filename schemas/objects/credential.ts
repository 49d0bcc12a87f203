import {StarIcon} from '@sanity/icons/Star'
import {defineField, defineType} from 'sanity'
import {projectClaimOptions} from '../../medical-claims.options.ts'
import {registryOf} from '../../plugins/medical-claims/rules/acceptance.ts'
import {CREDENTIAL_KINDS, CREDENTIAL_TYPE, PROFESSIONS, SPECIALTIES} from '../../plugins/medical-claims/rules/constants.ts'
import {type CredentialDetailProblem, credentialDetailProblems, standingLabel, standingWithoutHolder} from '../../plugins/medical-claims/rules/credentials.ts'
import {isValidNpi} from '../../plugins/medical-claims/rules/issuers.ts'
import type {Credential} from '../../plugins/medical-claims/rules/types.ts'
import {isAfter, joinDefined, listValues, optionList, parentOf} from '../lib/helpers.ts'

/** The issuers an editor picks from: the shipped registry with the project's own, by country then name. */
const REGISTRY = registryOf(projectClaimOptions)
const ISSUER_OPTIONS = [...REGISTRY.values()]
  .sort((a, b) => a.country.localeCompare(b.country) || a.name.localeCompare(b.name))
  .map((issuer) => ({value: issuer.id, title: `${issuer.country} · ${issuer.name}${issuer.shortName ? ` (${issuer.shortName})` : ''}`}))

/** A validation for one field of a credential: the rules' problems with the credential's details on that field. */
function detailRule(field: CredentialDetailProblem['field'], severity: CredentialDetailProblem['severity'] = 'error') {
  return (_value: unknown, context: {parent?: unknown}) => {
    const problems = credentialDetailProblems(parentOf(context) as Credential, REGISTRY).filter((p) => p.field === field && p.severity === severity)
    return problems.length === 0 ? true : problems.map((p) => p.message).join(' ')
  }
}

export const IDENTIFIER_TYPES = [
  {value: 'npi', title: 'NPI (US National Provider Identifier)'},
  {value: 'licenceNumber', title: 'Licence number'},
  {value: 'other', title: 'Other'},
] as const

/** A professional credential of an expert: what it is, who issued it, and whether it was verified. */
export const credential = defineType({
  name: CREDENTIAL_TYPE,
  title: 'Credential',
  type: 'object',
  icon: StarIcon,
  fieldsets: [
    {name: 'identifier', title: 'Register identifier', options: {columns: 2}},
    {name: 'validity', title: 'Validity', options: {columns: 2}},
  ],
  fields: [
    defineField({
      name: 'issuer',
      title: 'Issuer',
      type: 'string',
      description: 'The regulator, board or certifying body that issued it. What the credential permits is read from the issuer, not from its kind.',
      options: {list: ISSUER_OPTIONS},
      validation: (rule) => [rule.custom(detailRule('issuer')).error(), rule.custom(detailRule('issuer', 'warning')).warning()],
    }),
    defineField({
      name: 'issuingBody',
      title: 'Issuing body (not listed)',
      type: 'string',
      description: 'Only for an issuer the list does not have: its name as it appears on the credential.',
      hidden: ({parent}) => Boolean(parent?.issuer) && !parent?.issuingBody,
    }),
    defineField({
      name: 'kind',
      title: 'What the issuer calls it',
      type: 'string',
      options: {list: optionList(CREDENTIAL_KINDS)},
      description: 'A licence, a registration, a board certification or a degree: shown to readers; it does not decide what the credential permits.',
      validation: (rule) => rule.required().error(`Choose what the issuer calls the credential (${listValues(CREDENTIAL_KINDS)}).`),
    }),
    defineField({
      name: 'profession',
      title: 'Profession',
      type: 'string',
      options: {list: optionList(PROFESSIONS)},
      validation: (rule) => [
        rule.required().error(`Choose the profession this credential qualifies for (${listValues(PROFESSIONS)}).`),
        rule.custom(detailRule('profession')).error(),
      ],
    }),
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      description: 'As a reader would see it, e.g. "Board certification in dermatology".',
      validation: (rule) => rule.required().error('Give the credential a title, e.g. "Board certification in dermatology".'),
    }),
    defineField({
      name: 'specialty',
      title: 'Specialty',
      type: 'string',
      options: {list: optionList(SPECIALTIES)},
      description: 'The specialty it certifies or registers (a board certification, a specialist register entry).',
      validation: (rule) => rule.custom(detailRule('specialty', 'warning')).warning(),
    }),
    defineField({
      name: 'jurisdiction',
      title: 'Jurisdiction',
      type: 'string',
      description: 'Country, state or province where it applies, e.g. "US-CA", "CA-ON", "GB". Required for a state or provincial body.',
      validation: (rule) => rule.custom(detailRule('jurisdiction', 'warning')).warning(),
    }),
    defineField({
      name: 'identifierType',
      title: 'Identifier type',
      type: 'string',
      fieldset: 'identifier',
      options: {list: optionList(IDENTIFIER_TYPES)},
    }),
    defineField({
      name: 'identifier',
      title: 'Identifier',
      type: 'string',
      fieldset: 'identifier',
      description: 'Licence number, NPI or other reference on the register.',
      validation: (rule) =>
        rule.custom((value, context) => {
          if (!value) return true
          if (parentOf(context).identifierType === 'npi') {
            return isValidNpi(value.trim()) ? true : 'This is not a valid NPI: an NPI has 10 digits and its last digit checks the others. Check the number on the NPI registry, or change the identifier type.'
          }
          return detailRule('identifier')(value, context)
        }),
    }),
    defineField({name: 'issuedOn', title: 'Issued on', type: 'date', fieldset: 'validity'}),
    defineField({
      name: 'expiresOn',
      title: 'Expires on',
      type: 'date',
      fieldset: 'validity',
      description: 'Last day on which the credential is valid. Leave empty if it does not expire.',
      validation: (rule) =>
        rule.custom((value, context) => {
          const issuedOn = parentOf(context).issuedOn
          if (!value || typeof issuedOn !== 'string') return true
          return isAfter(value, issuedOn) === false
            ? `The expiry date (${value}) must be after the issue date (${issuedOn}): correct one of them.`
            : true
        }),
    }),
    defineField({
      name: 'verification',
      title: 'Verification',
      type: 'credentialVerification',
    }),
  ],
  preview: {
    select: {
      title: 'title',
      issuer: 'issuer',
      issuingBody: 'issuingBody',
      status: 'verification.status',
      fingerprint: 'verification.fingerprint',
      verifiedAt: 'verification.verifiedAt',
      kind: 'kind',
      profession: 'profession',
      specialty: 'specialty',
      jurisdiction: 'jurisdiction',
      identifier: 'identifier',
      issuedOn: 'issuedOn',
      expiresOn: 'expiresOn',
    },
    prepare({title, issuer, issuingBody, status, fingerprint, verifiedAt, expiresOn, ...details}) {
      const credential = {...details, title, issuer, issuingBody, expiresOn, verification: {status, fingerprint, verifiedAt}} as Credential
      const issuerName = typeof issuer === 'string' ? (REGISTRY.get(issuer)?.shortName ?? REGISTRY.get(issuer)?.name ?? issuer) : issuingBody
      const standing = standingWithoutHolder(credential, new Date(), projectClaimOptions)
      const until = (standing === 'valid' || standing === 'unverified' || standing === 'changed') && typeof expiresOn === 'string' ? `valid through ${expiresOn}` : undefined
      return {
        title: title || 'Untitled credential',
        subtitle: joinDefined([issuerName, standingLabel(credential, standing), until]),
        media: StarIcon,
      }
    },
  },
})
