import {EditIcon} from '@sanity/icons/Edit'
import {defineField, defineType} from 'sanity'
import {joinDefined} from '../lib/helpers.ts'

/** What a preview says of an entry that has no date yet (a draft's new entry). */
export const UNDATED_CORRECTION = 'Dated when published'

/**
 * One entry of an article's corrections log, as readers read it: "Updated <date>: what changed,
 * why". The date is not the editor's to set: the local Content Lake stamps `correctedAt` with its
 * own clock when the entry first appears in the published article and keeps it from then on
 * (lake/correction-stamps.ts). On a hosted project, which stamps nothing, the date is the one this
 * type's initial value writes when the entry is added.
 */
export const correction = defineType({
  name: 'correction',
  title: 'Correction',
  type: 'object',
  icon: EditIcon,
  initialValue: () => ({correctedAt: new Date().toISOString()}),
  fields: [
    defineField({
      name: 'summary',
      title: 'What changed',
      type: 'text',
      rows: 2,
      description: 'As readers will read it after "Updated <date>:", e.g. "We corrected the recommended retinol strength from 5% to 0.5%."',
      validation: (rule) => rule.required().error('Say what changed, as readers will read it.'),
    }),
    defineField({
      name: 'reason',
      title: 'Why',
      type: 'text',
      rows: 2,
      description: 'Optional, shown after the summary, e.g. "The earlier figure was a typing error."',
    }),
    defineField({
      name: 'correctedAt',
      title: 'Date shown to readers',
      type: 'datetime',
      readOnly: true,
      description:
        'Dated when published: the Content Lake sets it when the article is published with this correction, and keeps it. A draft shows only the dates of corrections already published.',
    }),
  ],
  preview: {
    select: {summary: 'summary', reason: 'reason', correctedAt: 'correctedAt'},
    prepare({summary, reason, correctedAt}) {
      const day = typeof correctedAt === 'string' && correctedAt ? correctedAt.slice(0, 10) : undefined
      return {
        title: summary || 'Empty correction',
        subtitle: joinDefined([day ? `Updated ${day}` : UNDATED_CORRECTION, reason]),
        media: EditIcon,
      }
    },
  },
})
