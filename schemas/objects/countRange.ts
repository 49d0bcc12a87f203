import {NumberIcon} from '@sanity/icons/Number'
import {defineField, defineType} from 'sanity'
import {parentOf} from '../lib/helpers.ts'

/** A range of whole numbers, e.g. sessions needed or passes per session. */
export const countRange = defineType({
  name: 'countRange',
  title: 'Range',
  type: 'object',
  icon: NumberIcon,
  options: {columns: 2},
  fields: [
    defineField({
      name: 'min',
      title: 'From',
      type: 'number',
      validation: (rule) => rule.integer().min(0).error('Use a whole number of 0 or more.'),
    }),
    defineField({
      name: 'max',
      title: 'To',
      type: 'number',
      validation: (rule) => [
        rule.integer().min(0).error('Use a whole number of 0 or more.'),
        rule.custom((value, context) => {
          const min = parentOf(context).min
          return typeof value === 'number' && typeof min === 'number' && value < min
            ? `"To" (${value}) is smaller than "From" (${min}): swap them or correct one.`
            : true
        }),
      ],
    }),
  ],
  preview: {
    select: {min: 'min', max: 'max'},
    prepare({min, max}) {
      return {title: min === max ? String(min ?? '?') : `${min ?? '?'}–${max ?? '?'}`, media: NumberIcon}
    },
  },
})
