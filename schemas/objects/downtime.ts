import {ClockIcon} from '@sanity/icons/Clock'
import {defineField, defineType} from 'sanity'
import {joinDefined} from '../lib/helpers.ts'
import {durationInHours} from './duration.ts'

/** Recovery time after a procedure: shortest and longest typical downtime, plus what it looks like. */
export const downtime = defineType({
  name: 'downtime',
  title: 'Downtime',
  type: 'object',
  icon: ClockIcon,
  fields: [
    defineField({name: 'min', title: 'Shortest', type: 'duration'}),
    defineField({
      name: 'max',
      title: 'Longest',
      type: 'duration',
      validation: (rule) =>
        rule.custom((value, context) => {
          const max = durationInHours(value)
          const min = durationInHours((context.parent as {min?: unknown} | undefined)?.min)
          return max !== undefined && min !== undefined && max < min
            ? 'The longest downtime is shorter than the shortest: swap them or correct one.'
            : true
        }),
    }),
    defineField({
      name: 'note',
      title: 'What to expect',
      type: 'text',
      rows: 2,
      description: 'e.g. "Redness and swelling that fade on their own".',
    }),
  ],
  preview: {
    select: {minAmount: 'min.amount', minUnit: 'min.unit', maxAmount: 'max.amount', maxUnit: 'max.unit', note: 'note'},
    prepare({minAmount, minUnit, maxAmount, maxUnit, note}) {
      const from = joinDefined([minAmount, minUnit], ' ')
      const to = joinDefined([maxAmount, maxUnit], ' ')
      return {title: from && to ? `${from} to ${to}` : from || to || 'Downtime', subtitle: note, media: ClockIcon}
    },
  },
})
