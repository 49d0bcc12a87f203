import {CreditCardIcon} from '@sanity/icons/CreditCard'
import {defineField, defineType} from 'sanity'
import {joinDefined, maxNotBelowMin, optionList, parentOf} from '../lib/helpers.ts'

export const COST_BASES = [
  {value: 'perSession', title: 'Per session'},
  {value: 'perCourse', title: 'Per course of treatment'},
] as const

/** A typical price range in one currency. */
export const costRange = defineType({
  name: 'costRange',
  title: 'Cost range',
  type: 'object',
  icon: CreditCardIcon,
  options: {columns: 2},
  fields: [
    defineField({
      name: 'min',
      title: 'From',
      type: 'number',
      validation: (rule) => rule.min(0).error('A price cannot be negative.'),
    }),
    defineField({
      name: 'max',
      title: 'To',
      type: 'number',
      validation: (rule) =>
        rule.custom(maxNotBelowMin((max, min) => `The upper price (${max}) is below the lower price (${min}): swap them or correct one.`)),
    }),
    defineField({
      name: 'currency',
      title: 'Currency',
      type: 'string',
      description: 'Three-letter ISO 4217 code, e.g. USD, EUR, GBP.',
      validation: (rule) =>
        rule.custom((value, context) => {
          const parent = parentOf(context)
          if (!value) {
            return typeof parent.min === 'number' || typeof parent.max === 'number'
              ? 'Prices need a currency: enter a three-letter ISO 4217 code such as USD.'
              : true
          }
          return /^[A-Z]{3}$/.test(value) ? true : `"${value}" is not an ISO 4217 code: use three capital letters, e.g. USD or EUR.`
        }),
    }),
    defineField({
      name: 'basis',
      title: 'Price is',
      type: 'string',
      options: {list: optionList(COST_BASES)},
      initialValue: 'perSession',
    }),
  ],
  preview: {
    select: {min: 'min', max: 'max', currency: 'currency', basis: 'basis'},
    prepare({min, max, currency, basis}) {
      const range = typeof min === 'number' && typeof max === 'number' ? `${min}–${max}` : (min ?? max ?? '?')
      return {
        title: joinDefined([currency, range], ' '),
        subtitle: COST_BASES.find((b) => b.value === basis)?.title,
        media: CreditCardIcon,
      }
    },
  },
})
