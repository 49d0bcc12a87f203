import {BlockContentIcon} from '@sanity/icons/BlockContent'
import {defineArrayMember, defineType} from 'sanity'
import {CLAIM_TYPE} from '../../plugins/medical-claims/rules/constants.ts'

/**
 * The article body: Portable Text with headings, quotes, lists, links, inline figures and the
 * `medicalClaim` annotation over the text that states a claim.
 */
export const articleBody = defineType({
  name: 'articleBody',
  title: 'Body',
  type: 'array',
  icon: BlockContentIcon,
  of: [
    defineArrayMember({
      type: 'block',
      styles: [
        {title: 'Normal', value: 'normal'},
        {title: 'Heading 2', value: 'h2'},
        {title: 'Heading 3', value: 'h3'},
        {title: 'Quote', value: 'blockquote'},
      ],
      lists: [
        {title: 'Bullet list', value: 'bullet'},
        {title: 'Numbered list', value: 'number'},
      ],
      marks: {
        decorators: [
          {title: 'Strong', value: 'strong'},
          {title: 'Emphasis', value: 'em'},
        ],
        annotations: [defineArrayMember({type: 'link'}), defineArrayMember({type: CLAIM_TYPE})],
      },
    }),
    defineArrayMember({type: 'figure'}),
  ],
})
