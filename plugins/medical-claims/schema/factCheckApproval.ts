import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {defineType} from 'sanity'
import {APPROVAL_TYPE} from '../rules/constants.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'
import {decisionFields} from './decisionFields.ts'
import {decisionPreview} from './decisionPreview.ts'

/** A fact-checker's approval of one claim, as it read when approved (its fingerprint). */
export function factCheckApprovalType(options: MedicalClaimsOptions) {
  return defineType({
    name: APPROVAL_TYPE,
    title: 'Fact-check approval',
    type: 'document',
    icon: CheckmarkCircleIcon,
    readOnly: true,
    // Records, not content: kept out of the Studio's global search (they are listed with their article).
    __experimental_omnisearch_visibility: false,
    fields: decisionFields(options),
    preview: decisionPreview('Approved'),
  })
}
