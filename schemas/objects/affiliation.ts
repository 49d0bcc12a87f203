import {CaseIcon} from '@sanity/icons/Case'
import {defineField, defineType} from 'sanity'

/** An organisation an expert works for or with, and the role they hold there. */
export const affiliation = defineType({
  name: 'affiliation',
  title: 'Affiliation',
  type: 'object',
  icon: CaseIcon,
  fields: [
    defineField({
      name: 'organisation',
      title: 'Organisation',
      type: 'string',
      validation: (rule) => rule.required().error('Name the organisation (clinic, hospital, university, company).'),
    }),
    defineField({name: 'role', title: 'Role', type: 'string', description: 'e.g. "Founder and dermatologist".'}),
  ],
  preview: {
    select: {title: 'organisation', subtitle: 'role'},
    prepare({title, subtitle}) {
      return {title: title || 'Unnamed organisation', subtitle, media: CaseIcon}
    },
  },
})
