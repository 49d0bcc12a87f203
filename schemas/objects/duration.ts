import {ClockIcon} from '@sanity/icons/Clock'
import {defineField, defineType} from 'sanity'
import {listValues, optionList} from '../lib/helpers.ts'

export const DURATION_UNITS = [
  {value: 'hours', title: 'Hours'},
  {value: 'days', title: 'Days'},
  {value: 'weeks', title: 'Weeks'},
] as const

const HOURS_PER_UNIT: Record<string, number> = {hours: 1, days: 24, weeks: 24 * 7}

/** A duration in hours for comparisons, or undefined when incomplete. */
export function durationInHours(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const {amount, unit} = value as {amount?: unknown; unit?: unknown}
  if (typeof amount !== 'number' || typeof unit !== 'string' || !(unit in HOURS_PER_UNIT)) return undefined
  return amount * HOURS_PER_UNIT[unit]
}

/** An amount of time with its unit, e.g. 2 days. */
export const duration = defineType({
  name: 'duration',
  title: 'Duration',
  type: 'object',
  icon: ClockIcon,
  options: {columns: 2},
  fields: [
    defineField({
      name: 'amount',
      title: 'Amount',
      type: 'number',
      validation: (rule) => rule.min(0).error('A duration cannot be negative.'),
    }),
    defineField({
      name: 'unit',
      title: 'Unit',
      type: 'string',
      options: {list: optionList(DURATION_UNITS)},
      validation: (rule) =>
        rule.custom((value, context) => {
          const amount = (context.parent as {amount?: unknown} | undefined)?.amount
          return typeof amount === 'number' && !value ? `Choose a unit for the amount (${listValues(DURATION_UNITS)}).` : true
        }),
    }),
  ],
  preview: {
    select: {amount: 'amount', unit: 'unit'},
    prepare({amount, unit}) {
      return {title: `${amount ?? '?'} ${unit ?? ''}`.trim(), media: ClockIcon}
    },
  },
})
