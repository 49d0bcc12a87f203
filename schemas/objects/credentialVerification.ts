import {CheckmarkCircleIcon} from '@sanity/icons/CheckmarkCircle'
import {defineField, defineType} from 'sanity'
import {VERIFICATION_STATUSES} from '../../plugins/medical-claims/rules/constants.ts'
import {optionList, parentOf} from '../lib/helpers.ts'

/** Who checked a credential, when, and where: the record a fact-checker leaves after looking it up. */
export const credentialVerification = defineType({
  name: 'credentialVerification',
  title: 'Verification',
  type: 'object',
  icon: CheckmarkCircleIcon,
  fields: [
    defineField({
      name: 'status',
      title: 'Status',
      type: 'string',
      options: {list: optionList(VERIFICATION_STATUSES), layout: 'radio', direction: 'horizontal'},
      initialValue: 'unverified',
      validation: (rule) => rule.required().error('Set the verification status (unverified, verified or revoked).'),
    }),
    defineField({
      name: 'verifiedBy',
      title: 'Verified by',
      type: 'string',
      description: 'Name or user id of the person who checked the credential.',
      validation: (rule) =>
        rule.custom((value, context) =>
          parentOf(context).status === 'verified' && !value?.trim()
            ? 'Say who verified this credential (name or user id).'
            : true,
        ).warning(),
    }),
    defineField({
      name: 'verifiedAt',
      title: 'Verified at',
      type: 'datetime',
      validation: (rule) =>
        rule.custom((value, context) =>
          parentOf(context).status === 'verified' && !value
            ? 'A verified credential needs the date and time it was checked: set "Verified at", or set the status back to unverified.'
            : true,
        ),
    }),
    defineField({
      name: 'fingerprint',
      title: 'What was verified',
      type: 'string',
      description:
        "The expert's name and the credential as they were verified, written by the Studio when a fact-checker verifies it. The verification counts only while the credential and the name still match it.",
      readOnly: true,
      hidden: true,
    }),
    defineField({
      name: 'evidence',
      title: 'Evidence',
      type: 'text',
      rows: 3,
      description: "Where it was checked, e.g. the issuing board's public lookup page and the reference it returned.",
      validation: (rule) =>
        rule.custom((value, context) =>
          parentOf(context).status === 'verified' && !value?.trim()
            ? 'A verified credential needs evidence: note where it was checked (e.g. the board lookup page and reference).'
            : true,
        ),
    }),
  ],
  preview: {
    select: {status: 'status', verifiedBy: 'verifiedBy', verifiedAt: 'verifiedAt'},
    prepare({status, verifiedBy, verifiedAt}) {
      const title = VERIFICATION_STATUSES.find((s) => s.value === status)?.title ?? 'Unverified'
      return {
        title,
        subtitle: status === 'verified' ? `by ${verifiedBy ?? 'unknown'}${verifiedAt ? ` on ${String(verifiedAt).slice(0, 10)}` : ''}` : undefined,
        media: CheckmarkCircleIcon,
      }
    },
  },
})
