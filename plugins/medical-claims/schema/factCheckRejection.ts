import {CloseCircleIcon} from '@sanity/icons/CloseCircle'
import {defineField, defineType} from 'sanity'
import {REJECTION_TYPE} from '../rules/constants.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'
import {decisionFields} from './decisionFields.ts'
import {decisionPreview} from './decisionPreview.ts'

/** A fact-checker's rejection of one claim, with the reason the editor must act on. */
export function factCheckRejectionType(options: MedicalClaimsOptions) {
  return defineType({
    name: REJECTION_TYPE,
    title: 'Fact-check rejection',
    type: 'document',
    icon: CloseCircleIcon,
    readOnly: true,
    // Records, not content: kept out of the Studio's global search (they are listed with their article).
    __experimental_omnisearch_visibility: false,
    fields: [
      ...decisionFields(options),
      defineField({
        name: 'reason',
        title: 'Reason',
        type: 'text',
        rows: 3,
        description: 'What is wrong with the claim, so the editor can fix it.',
        validation: (rule) =>
          rule
            .required()
            .custom((value) => (typeof value === 'string' && value.trim() === '' ? 'Say why the claim is rejected, so the editor knows what to fix.' : true))
            .error('Say why the claim is rejected, so the editor knows what to fix.'),
      }),
    ],
    preview: decisionPreview('Rejected'),
  })
}
