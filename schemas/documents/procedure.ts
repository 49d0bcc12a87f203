import {ActivityIcon} from '@sanity/icons/Activity'
import {defineArrayMember, defineField, defineType} from 'sanity'

/** A treatment or procedure that articles cover, with the practical facts readers look for. */
export const procedure = defineType({
  name: 'procedure',
  title: 'Procedure',
  type: 'document',
  icon: ActivityIcon,
  groups: [
    {name: 'overview', title: 'Overview', default: true},
    {name: 'practical', title: 'Cost & sessions'},
    {name: 'safety', title: 'Safety'},
  ],
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      group: 'overview',
      validation: (rule) => rule.required().error('Enter the name of the procedure.'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'overview',
      options: {source: 'name', maxLength: 96},
      validation: (rule) => rule.required().error('The procedure needs a slug: click "Generate".'),
    }),
    defineField({
      name: 'aliases',
      title: 'Also known as',
      type: 'array',
      group: 'overview',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
      validation: (rule) => rule.unique().error('An alias is listed twice: remove the duplicate.'),
    }),
    defineField({name: 'summary', title: 'Summary', type: 'text', rows: 3, group: 'overview'}),
    defineField({
      name: 'devices',
      title: 'Devices',
      type: 'array',
      group: 'overview',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
    }),
    defineField({name: 'typicalCost', title: 'Typical cost', type: 'costRange', group: 'practical'}),
    defineField({name: 'sessionsNeeded', title: 'Sessions needed', type: 'countRange', group: 'practical'}),
    defineField({name: 'passesPerSession', title: 'Passes per session', type: 'countRange', group: 'practical'}),
    defineField({name: 'downtime', title: 'Downtime', type: 'downtime', group: 'practical'}),
    defineField({
      name: 'contraindications',
      title: 'Contraindications',
      type: 'array',
      group: 'safety',
      description: 'Conditions or medicines that rule the procedure out, one per item.',
      of: [defineArrayMember({type: 'string'})],
      validation: (rule) => rule.unique().error('A contraindication is listed twice: remove the duplicate.'),
    }),
    defineField({
      name: 'risks',
      title: 'Risks',
      type: 'array',
      group: 'safety',
      of: [defineArrayMember({type: 'reference', to: [{type: 'risk'}]})],
      validation: (rule) => rule.unique().error('A risk is listed twice: remove the duplicate.'),
    }),
  ],
  preview: {
    select: {name: 'name', aliases: 'aliases', min: 'typicalCost.min', max: 'typicalCost.max', currency: 'typicalCost.currency'},
    prepare({name, aliases, min, max, currency}) {
      const alias = Array.isArray(aliases) && aliases.length > 0 ? `aka ${aliases[0]}` : undefined
      const cost = typeof min === 'number' && typeof max === 'number' ? `${currency ?? ''} ${min}–${max}`.trim() : undefined
      return {title: name || 'Unnamed procedure', subtitle: [alias, cost].filter(Boolean).join(' · '), media: ActivityIcon}
    },
  },
})
