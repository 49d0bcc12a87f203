import {UserIcon} from '@sanity/icons/User'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {projectClaimOptions} from '../../medical-claims.options.ts'
import {EXPERT_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {credentialsSummary} from '../../plugins/medical-claims/rules/credentials.ts'
import type {Credential} from '../../plugins/medical-claims/rules/types.ts'

/** A credentialed expert whom articles quote and to whom medical claims are attributed. */
export const expert = defineType({
  name: EXPERT_TYPE,
  title: 'Expert',
  type: 'document',
  icon: UserIcon,
  groups: [
    {name: 'profile', title: 'Profile', default: true},
    {name: 'credentials', title: 'Credentials'},
    {name: 'disclosures', title: 'Disclosures'},
  ],
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      group: 'profile',
      description: 'Full name as readers see it, with "Dr." where used, e.g. "Dr. Ava Shamban".',
      validation: (rule) => rule.required().error('Enter the expert\u2019s full name.'),
    }),
    defineField({
      name: 'postnominals',
      title: 'Post-nominal letters',
      type: 'array',
      group: 'profile',
      description: 'Degrees and designations shown after the name, e.g. MD, PhD, RN.',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'profile',
      options: {source: 'name', maxLength: 96},
    }),
    defineField({name: 'photo', title: 'Photo', type: 'figure', group: 'profile'}),
    defineField({name: 'bio', title: 'Bio', type: 'text', rows: 4, group: 'profile'}),
    defineField({
      name: 'specialties',
      title: 'Specialties',
      type: 'array',
      group: 'profile',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
    }),
    defineField({
      name: 'affiliations',
      title: 'Affiliations',
      type: 'array',
      group: 'profile',
      of: [defineArrayMember({type: 'affiliation'})],
    }),
    defineField({
      name: 'credentials',
      title: 'Credentials',
      type: 'array',
      group: 'credentials',
      description: 'Licences, board certifications, registrations and degrees. A claim attributed to this expert can be published only when one of these is verified, current and fits the kind of claim.',
      of: [defineArrayMember({type: 'credential'})],
    }),
    defineField({
      name: 'disclosures',
      title: 'Conflict-of-interest disclosures',
      type: 'array',
      group: 'disclosures',
      of: [defineArrayMember({type: 'disclosure'})],
    }),
  ],
  preview: {
    select: {name: 'name', postnominals: 'postnominals', specialties: 'specialties', credentials: 'credentials', media: 'photo'},
    prepare({name, postnominals, specialties, credentials, media}) {
      const letters = Array.isArray(postnominals) && postnominals.length > 0 ? `, ${postnominals.join(', ')}` : ''
      const list = Array.isArray(credentials) ? (credentials as Credential[]).filter(Boolean) : []
      // Each credential as it stands today: verified as it reads now, not revoked, expired or not yet valid.
      const credentialText = credentialsSummary({name: typeof name === 'string' ? name : undefined, credentials: list}, new Date(), projectClaimOptions)
      const specialtyText = Array.isArray(specialties) && specialties.length > 0 ? `${specialties[0]} · ` : ''
      return {
        title: `${name || 'Unnamed expert'}${letters}`,
        subtitle: `${specialtyText}${credentialText}`,
        media: media?.asset ? media : UserIcon,
      }
    },
  },
})
