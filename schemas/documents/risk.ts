import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {optionList} from '../lib/helpers.ts'

export const LIKELIHOODS = [
  {value: 'rare', title: 'Rare'},
  {value: 'uncommon', title: 'Uncommon'},
  {value: 'common', title: 'Common'},
] as const

export const SEVERITIES = [
  {value: 'mild', title: 'Mild'},
  {value: 'moderate', title: 'Moderate'},
  {value: 'severe', title: 'Severe'},
] as const

/** A risk or side effect of one or more procedures. */
export const risk = defineType({
  name: 'risk',
  title: 'Risk',
  type: 'document',
  icon: WarningOutlineIcon,
  groups: [
    {name: 'overview', title: 'Overview', default: true},
    {name: 'course', title: 'Course & mitigation'},
  ],
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      group: 'overview',
      validation: (rule) => rule.required().error('Name the risk, e.g. "Infection".'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'overview',
      options: {source: 'name', maxLength: 96},
    }),
    defineField({name: 'description', title: 'Description', type: 'text', rows: 3, group: 'overview'}),
    defineField({
      name: 'likelihood',
      title: 'Likelihood',
      type: 'string',
      group: 'overview',
      options: {list: optionList(LIKELIHOODS), layout: 'radio', direction: 'horizontal'},
    }),
    defineField({
      name: 'severity',
      title: 'Severity',
      type: 'string',
      group: 'overview',
      options: {list: optionList(SEVERITIES), layout: 'radio', direction: 'horizontal'},
    }),
    defineField({name: 'onset', title: 'Onset', type: 'string', group: 'course', description: 'When it usually appears, e.g. "During or right after treatment".'}),
    defineField({name: 'duration', title: 'Duration', type: 'string', group: 'course', description: 'How long it usually lasts.'}),
    defineField({name: 'mitigation', title: 'How to reduce it', type: 'text', rows: 3, group: 'course'}),
    defineField({
      name: 'procedures',
      title: 'Procedures',
      type: 'array',
      group: 'overview',
      of: [defineArrayMember({type: 'reference', to: [{type: 'procedure'}]})],
      validation: (rule) => rule.unique().error('A procedure is listed twice: remove the duplicate.'),
    }),
  ],
  preview: {
    select: {name: 'name', likelihood: 'likelihood', severity: 'severity'},
    prepare({name, likelihood, severity}) {
      const l = LIKELIHOODS.find((x) => x.value === likelihood)?.title
      const s = SEVERITIES.find((x) => x.value === severity)?.title
      return {title: name || 'Unnamed risk', subtitle: [l, s].filter(Boolean).join(' · '), media: WarningOutlineIcon}
    },
  },
})
