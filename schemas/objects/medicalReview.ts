import {ClipboardIcon} from '@sanity/icons/Clipboard'
import {defineField, defineType} from 'sanity'
import {isAfter, joinDefined, parentOf} from '../lib/helpers.ts'

/** The article's medical review: who reviewed it, when, and when it is due again. */
export const medicalReview = defineType({
  name: 'medicalReview',
  title: 'Medical review',
  type: 'object',
  icon: ClipboardIcon,
  fields: [
    defineField({
      name: 'reviewer',
      title: 'Reviewer',
      type: 'reference',
      to: [{type: 'expert'}],
      description: 'A credentialed clinician who reviewed the whole article.',
      validation: (rule) =>
        rule.custom((value, context) => {
          const parent = parentOf(context)
          return !value && (parent.reviewedAt || parent.nextReviewDue)
            ? 'Review dates are set but no reviewer: choose the expert who reviewed the article, or clear the dates.'
            : true
        }),
    }),
    defineField({
      name: 'reviewedAt',
      title: 'Reviewed on',
      type: 'date',
      validation: (rule) =>
        rule.custom((value, context) =>
          !value && parentOf(context).reviewer ? 'A reviewer is set: add the date the review took place.' : true,
        ),
    }),
    defineField({
      name: 'nextReviewDue',
      title: 'Next review due',
      type: 'date',
      validation: (rule) =>
        rule.custom((value, context) => {
          const parent = parentOf(context)
          const reviewedAt = parent.reviewedAt
          if (!value) return parent.reviewer ? 'Set when the article is due for its next medical review (usually a year after this one).' : true
          if (typeof reviewedAt !== 'string') return true
          return isAfter(value, reviewedAt) === false
            ? `The next review (${value}) must be after the review date (${reviewedAt}): move it later.`
            : true
        }),
    }),
  ],
  preview: {
    select: {reviewer: 'reviewer.name', reviewedAt: 'reviewedAt', nextReviewDue: 'nextReviewDue'},
    prepare({reviewer, reviewedAt, nextReviewDue}) {
      return {
        title: reviewer ? `Reviewed by ${reviewer}` : 'Not reviewed',
        subtitle: joinDefined([reviewedAt ? `on ${reviewedAt}` : undefined, nextReviewDue ? `next due ${nextReviewDue}` : undefined]),
        media: ClipboardIcon,
      }
    },
  },
})
