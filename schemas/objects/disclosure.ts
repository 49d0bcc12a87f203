import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import {defineField, defineType} from 'sanity'
import {joinDefined, listValues, optionList} from '../lib/helpers.ts'

export const RELATIONSHIP_KINDS = [
  {value: 'employment', title: 'Employment'},
  {value: 'consulting', title: 'Consulting or advisory'},
  {value: 'speaking', title: 'Speaking fees'},
  {value: 'ownership', title: 'Ownership or equity'},
  {value: 'researchFunding', title: 'Research funding'},
  {value: 'royalties', title: 'Royalties or licensing'},
  {value: 'productLine', title: 'Own product line'},
  {value: 'other', title: 'Other'},
] as const

/** A conflict-of-interest disclosure: a relationship that readers should know about. */
export const disclosure = defineType({
  name: 'disclosure',
  title: 'Disclosure',
  type: 'object',
  icon: WarningOutlineIcon,
  fields: [
    defineField({
      name: 'statement',
      title: 'Statement',
      type: 'text',
      rows: 2,
      description: 'As it will be shown to readers, e.g. "Paid consultant for a micro-needling device maker".',
      validation: (rule) => rule.required().error('Write the disclosure statement readers will see.'),
    }),
    defineField({
      name: 'relationship',
      title: 'Relationship',
      type: 'string',
      options: {list: optionList(RELATIONSHIP_KINDS)},
      validation: (rule) => rule.required().error(`Choose the kind of relationship (${listValues(RELATIONSHIP_KINDS)}).`),
    }),
    defineField({name: 'since', title: 'Since', type: 'date'}),
  ],
  preview: {
    select: {statement: 'statement', relationship: 'relationship', since: 'since'},
    prepare({statement, relationship, since}) {
      const kind = RELATIONSHIP_KINDS.find((k) => k.value === relationship)?.title
      return {title: statement || 'Empty disclosure', subtitle: joinDefined([kind, since ? `since ${since}` : undefined]), media: WarningOutlineIcon}
    },
  },
})
