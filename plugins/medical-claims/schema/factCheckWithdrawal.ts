import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {WITHDRAWAL_TYPE} from '../rules/constants.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'

/**
 * The lake's record of a published article it withdrew from the site because a correction (a
 * rejection, a revoked credential, a retracted source, or time) broke it. Written by the lake
 * only; the Studio shows it on the article and in the fact-check queue.
 */
export function factCheckWithdrawalType(options: MedicalClaimsOptions) {
  return defineType({
    name: WITHDRAWAL_TYPE,
    title: 'Withdrawal',
    type: 'document',
    icon: WarningOutlineIcon,
    readOnly: true,
    // Records, not content: kept out of the Studio's global search (they are listed with their article).
    __experimental_omnisearch_visibility: false,
    fields: [
      defineField({name: 'article', title: 'Article', type: 'reference', weak: true, to: options.articleTypes.map((type) => ({type}))}),
      defineField({name: 'articleTitle', title: 'Article title', type: 'string'}),
      defineField({name: 'withdrawnAt', title: 'Withdrawn at', type: 'datetime'}),
      defineField({
        name: 'cause',
        title: 'Cause',
        type: 'object',
        fields: [
          defineField({name: 'kinds', title: 'Corrections', type: 'array', of: [defineArrayMember({type: 'string'})]}),
          defineField({name: 'transactionId', title: 'Transaction', type: 'string'}),
          defineField({name: 'author', title: 'By', type: 'string'}),
        ],
      }),
      defineField({
        name: 'reasons',
        title: 'Why',
        type: 'array',
        of: [
          defineArrayMember({
            type: 'object',
            name: 'withdrawalReason',
            fields: [
              defineField({name: 'code', title: 'Code', type: 'string'}),
              defineField({name: 'message', title: 'Message', type: 'text'}),
              defineField({name: 'claimKey', title: 'Claim', type: 'string'}),
            ],
            preview: {select: {title: 'message', subtitle: 'code'}},
          }),
        ],
      }),
    ],
    preview: {
      select: {title: 'articleTitle', withdrawnAt: 'withdrawnAt', kinds: 'cause.kinds'},
      prepare(value: Record<string, unknown>) {
        const when = typeof value.withdrawnAt === 'string' ? value.withdrawnAt.slice(0, 10) : 'unknown date'
        const kinds = Array.isArray(value.kinds) ? value.kinds.join(', ') : ''
        return {title: `Withdrawn: ${typeof value.title === 'string' ? value.title : 'article'}`, subtitle: `${when}${kinds ? ` · ${kinds}` : ''}`}
      },
    },
  })
}
