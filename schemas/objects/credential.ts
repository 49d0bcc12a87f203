import {StarIcon} from '@sanity/icons/Star'
import {defineField, defineType} from 'sanity'
import {CREDENTIAL_KINDS, CREDENTIAL_TYPE, PROFESSIONS, VERIFICATION_STATUSES} from '../../plugins/medical-claims/rules/constants.ts'
import {standingLabel, standingWithoutHolder} from '../../plugins/medical-claims/rules/credentials.ts'
import type {Credential} from '../../plugins/medical-claims/rules/types.ts'
import {isAfter, joinDefined, listValues, optionList, parentOf} from '../lib/helpers.ts'

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
    {name: 'identifier', title: 'Identifier', options: {columns: 2}},
    {name: 'validity', title: 'Validity', options: {columns: 2}},
  ],
  fields: [
    defineField({
      name: 'kind',
      title: 'Kind',
      type: 'string',
      options: {list: optionList(CREDENTIAL_KINDS)},
      validation: (rule) => rule.required().error(`Choose the kind of credential (${listValues(CREDENTIAL_KINDS)}).`),
    }),
    defineField({
      name: 'profession',
      title: 'Profession',
      type: 'string',
      options: {list: optionList(PROFESSIONS)},
      validation: (rule) => rule.required().error(`Choose the profession this credential qualifies for (${listValues(PROFESSIONS)}).`),
    }),
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      description: 'As a reader would see it, e.g. "Board certification in dermatology".',
      validation: (rule) => rule.required().error('Give the credential a title, e.g. "Board certification in dermatology".'),
    }),
    defineField({name: 'specialty', title: 'Specialty', type: 'string'}),
    defineField({
      name: 'issuingBody',
      title: 'Issuing body',
      type: 'string',
      description: 'The board, regulator or university that issued it.',
      validation: (rule) => rule.required().error('Name the body that issued the credential (board, regulator or university).'),
    }),
    defineField({
      name: 'jurisdiction',
      title: 'Jurisdiction',
      type: 'string',
      description: 'Country or state where it applies, e.g. "US-CA".',
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
          if (parentOf(context).identifierType === 'npi' && !/^\d{10}$/.test(value.trim())) {
            return 'An NPI has exactly 10 digits: check the number, or change the identifier type.'
          }
          return true
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
      issuingBody: 'issuingBody',
      status: 'verification.status',
      fingerprint: 'verification.fingerprint',
      kind: 'kind',
      profession: 'profession',
      specialty: 'specialty',
      jurisdiction: 'jurisdiction',
      identifier: 'identifier',
      issuedOn: 'issuedOn',
      expiresOn: 'expiresOn',
    },
    prepare({title, issuingBody, status, fingerprint, expiresOn, ...details}) {
      const credential = {...details, title, issuingBody, expiresOn, verification: {status, fingerprint}} as Credential
      const standing = standingWithoutHolder(credential, new Date())
      const until = (standing === 'valid' || standing === 'unverified' || standing === 'changed') && typeof expiresOn === 'string' ? `valid through ${expiresOn}` : undefined
      return {
        title: title || 'Untitled credential',
        subtitle: joinDefined([issuingBody, standingLabel(credential, standing), until]),
        media: StarIcon,
      }
    },
  },
})
