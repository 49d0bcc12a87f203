import {NumberIcon} from '@sanity/icons/Number'
import {defineField, defineType} from 'sanity'
import {maxNotBelowMin} from '../lib/helpers.ts'

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
        rule.custom(maxNotBelowMin((max, min) => `"To" (${max}) is smaller than "From" (${min}): swap them or correct one.`)),
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
