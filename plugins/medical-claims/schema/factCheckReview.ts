import {ClipboardIcon} from '@sanity/icons/Clipboard'
import {defineField, defineType} from 'sanity'
import {articleField, checkedByFields} from './decisionFields.ts'
import {EXPERT_TYPE, REVIEW_TYPE} from '../rules/constants.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'

/**
 * An expert's medical review of an article (see ReviewDecisionDoc in ../rules/types.ts): recorded
 * by a medical reviewer, or by a fact-checker on the reviewer's behalf with the evidence, through
 * the "Record medical review" action; pinned to what a reader reads of the article at that moment.
 * The server stamps who recorded it and when; the Studio shows it read-only.
 */
export function factCheckReviewType(options: MedicalClaimsOptions) {
  return defineType({
    name: REVIEW_TYPE,
    title: 'Medical review',
    type: 'document',
    icon: ClipboardIcon,
    readOnly: true,
    // Records, not content: kept out of the Studio's global search (they are listed with their article).
    __experimental_omnisearch_visibility: false,
    fields: [
      articleField(options, 'The article that was reviewed (its published id).', 'A review must name the article it reviewed.'),
      defineField({
        name: 'reviewer',
        title: 'Reviewer',
        type: 'reference',
        weak: true,
        to: [{type: EXPERT_TYPE}],
        description: 'The credentialed clinician who reviewed the whole article.',
        validation: (rule) => rule.required().error('A review must name the expert who reviewed the article.'),
      }),
      defineField({
        name: 'nextReviewDue',
        title: 'Next review due',
        type: 'date',
        validation: (rule) => rule.required().error('A review must say when the article is next due for review.'),
      }),
      defineField({
        name: 'evidence',
        title: 'Evidence of the review',
        type: 'text',
        rows: 3,
        description: "How the review reached the person who recorded it (the reviewer's signed form or message).",
      }),
      defineField({
        name: 'fingerprint',
        title: 'Fingerprint',
        type: 'string',
        description: 'What a reader read of the article when it was reviewed; any change to it voids the review.',
        validation: (rule) => rule.required().error('A review must record the fingerprint of the article it reviewed.'),
      }),
      defineField({
        name: 'checkedBy',
        title: 'Recorded by',
        type: 'object',
        fields: checkedByFields(),
      }),
      defineField({name: 'checkedAt', title: 'Recorded at', type: 'datetime'}),
    ],
    preview: {
      select: {reviewer: 'reviewer.name', recorder: 'checkedBy.name', checkedAt: 'checkedAt', due: 'nextReviewDue'},
      prepare(value: Record<string, unknown>) {
        const reviewer = typeof value.reviewer === 'string' && value.reviewer ? value.reviewer : 'unknown reviewer'
        const when = typeof value.checkedAt === 'string' ? value.checkedAt.slice(0, 10) : 'unknown date'
        const recorder = typeof value.recorder === 'string' && value.recorder ? ` · recorded by ${value.recorder}` : ''
        return {
          title: `Reviewed by ${reviewer}`,
          subtitle: `on ${when}${typeof value.due === 'string' ? `, next due ${value.due}` : ''}${recorder}`,
          media: ClipboardIcon,
        }
      },
    },
  })
}
