import {DocumentTextIcon} from '@sanity/icons/DocumentText'
import {defineArrayMember, defineField, defineType, getDraftId, getPublishedId} from 'sanity'
import {ARTICLE_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {claimsLine} from '../lib/claims.ts'

/**
 * A health article. Medical claims live in the body as `medicalClaim` annotations; the
 * medical-claims plugin decides from them (and the medical reviews recorded for the article,
 * `factCheck.review` documents) whether it may be published.
 */
export const article = defineType({
  name: ARTICLE_TYPE,
  title: 'Article',
  type: 'document',
  icon: DocumentTextIcon,
  groups: [
    {name: 'content', title: 'Content', default: true},
    {name: 'media', title: 'Media'},
    {name: 'relations', title: 'Related'},
    {name: 'meta', title: 'Publishing'},
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      group: 'content',
      validation: (rule) => rule.required().error('Every article needs a title.'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: ['content', 'meta'],
      description: 'The last part of the article URL. Generate it from the title.',
      options: {source: 'title', maxLength: 96},
      validation: (rule) => rule.required().error('The article needs a slug for its URL: click "Generate" next to the field.'),
    }),
    defineField({
      name: 'dek',
      title: 'Dek',
      type: 'text',
      rows: 2,
      group: 'content',
      description: 'One or two sentences under the title that sum the article up.',
      validation: (rule) => rule.max(300).warning('Keep the dek under 300 characters; it is shown under the title and in teasers.'),
    }),
    defineField({
      name: 'author',
      title: 'Author',
      type: 'reference',
      to: [{type: 'writer'}],
      group: ['content', 'meta'],
    }),
    defineField({
      name: 'body',
      title: 'Body',
      type: 'articleBody',
      group: 'content',
      description: 'Select the text of each medical claim and mark it with "Medical claim".',
    }),
    defineField({
      name: 'heroImage',
      title: 'Hero image',
      type: 'figure',
      group: 'media',
    }),
    defineField({
      name: 'procedures',
      title: 'Procedures covered',
      type: 'array',
      group: 'relations',
      of: [defineArrayMember({type: 'reference', to: [{type: 'procedure'}]})],
      validation: (rule) => rule.unique().error('A procedure is listed twice: remove the duplicate.'),
    }),
    defineField({
      name: 'relatedArticles',
      title: 'Related articles',
      type: 'array',
      group: 'relations',
      of: [
        defineArrayMember({
          type: 'reference',
          to: [{type: ARTICLE_TYPE}],
          options: {
            filter: ({document}) => ({
              filter: '!(_id in [$published, $draft])',
              params: {published: getPublishedId(document._id), draft: getDraftId(document._id)},
            }),
          },
        }),
      ],
      validation: (rule) => [
        rule.unique().error('An article is listed twice: remove the duplicate.'),
        rule.custom((refs, context) => {
          const self = context.document?._id ? getPublishedId(context.document._id) : undefined
          if (!self || !Array.isArray(refs)) return true
          const selfRefs = refs.filter((ref) => (ref as {_ref?: string})._ref === self)
          return selfRefs.length > 0
            ? {message: 'An article cannot be related to itself: remove it from "Related articles".', path: [{_key: (selfRefs[0] as {_key: string})._key}]}
            : true
        }),
      ],
    }),
    defineField({
      name: 'category',
      title: 'Category',
      type: 'reference',
      to: [{type: 'category'}],
      group: 'meta',
    }),
    defineField({
      name: 'publishedAt',
      title: 'Published at',
      type: 'datetime',
      group: 'meta',
      description: 'Shown to readers as the publication date. Publishing sets it when empty; the local Content Lake keeps the moment the article was first published, whatever is written here.',
    }),
    defineField({
      name: 'corrections',
      title: 'Corrections',
      type: 'array',
      group: 'meta',
      description:
        'What changed after publication, as readers will read it ("Updated <date>: what changed"), newest first on the site. Each is dated when the article is published with it; the date cannot be edited.',
      of: [defineArrayMember({type: 'correction'})],
    }),
  ],
  orderings: [
    {title: 'Published, newest first', name: 'publishedAtDesc', by: [{field: 'publishedAt', direction: 'desc'}]},
    {title: 'Title', name: 'titleAsc', by: [{field: 'title', direction: 'asc'}]},
  ],
  preview: {
    select: {title: 'title', author: 'author.name', category: 'category.title', media: 'heroImage', body: 'body'},
    prepare({title, author, category, media, body}) {
      return {
        title: title || 'Untitled article',
        subtitle: [category, author ? `by ${author}` : undefined, claimsLine(body)].filter(Boolean).join(' · '),
        media: media?.asset ? media : DocumentTextIcon,
      }
    },
  },
})
