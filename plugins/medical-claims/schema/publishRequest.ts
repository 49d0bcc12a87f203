import {PublishIcon} from '@sanity/icons/Publish'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {PUBLISH_REQUEST_STATUSES, PUBLISH_REQUEST_TYPE} from '../rules/constants.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'

/**
 * An editor's request that the publish gate publish an article's draft (projects whose editors may
 * not publish articles themselves: README, "Publishing on a hosted project"). The editor writes the
 * article and the draft revision; the gate Function checks the rules, publishes with its own token
 * if they pass, and writes the outcome here. Written by the "Request publication" action and the
 * gate only; the Studio shows the outcome on the article.
 */
export function publishRequestType(options: MedicalClaimsOptions) {
  return defineType({
    name: PUBLISH_REQUEST_TYPE,
    title: 'Publish request',
    type: 'document',
    icon: PublishIcon,
    readOnly: true,
    __experimental_omnisearch_visibility: false,
    fields: [
      defineField({name: 'article', title: 'Article', type: 'reference', weak: true, to: options.articleTypes.map((type) => ({type}))}),
      defineField({name: 'draftRev', title: 'Draft revision', type: 'string', description: 'The revision of the draft to publish: a draft changed since is not published.'}),
      defineField({name: 'status', title: 'Status', type: 'string', options: {list: PUBLISH_REQUEST_STATUSES.map((value) => ({value, title: value[0].toUpperCase() + value.slice(1)}))}}),
      defineField({name: 'decidedAt', title: 'Decided at', type: 'datetime'}),
      defineField({
        name: 'reasons',
        title: 'Why it was refused',
        type: 'array',
        of: [
          defineArrayMember({
            type: 'object',
            name: 'publishRequestReason',
            fields: [defineField({name: 'code', title: 'Code', type: 'string'}), defineField({name: 'message', title: 'Message', type: 'text'})],
            preview: {select: {title: 'message', subtitle: 'code'}},
          }),
        ],
      }),
    ],
    preview: {
      select: {title: 'article.title', status: 'status', decidedAt: 'decidedAt'},
      prepare(value: Record<string, unknown>) {
        const status = typeof value.status === 'string' ? value.status : 'pending'
        return {title: `Publish request: ${typeof value.title === 'string' ? value.title : 'article'}`, subtitle: `${status}${typeof value.decidedAt === 'string' ? ` · ${value.decidedAt.slice(0, 10)}` : ''}`}
      },
    },
  })
}
