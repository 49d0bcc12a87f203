import {TagIcon} from '@sanity/icons/Tag'
import {defineField, defineType} from 'sanity'

/** A section of the site that articles belong to, e.g. "Skin care". */
export const category = defineType({
  name: 'category',
  title: 'Category',
  type: 'document',
  icon: TagIcon,
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      validation: (rule) => rule.required().error('Enter the category name, e.g. "Skin care".'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      options: {source: 'title', maxLength: 96},
      validation: (rule) => rule.required().error('The category needs a slug for its URL: click "Generate".'),
    }),
    defineField({name: 'description', title: 'Description', type: 'text', rows: 2}),
  ],
  preview: {
    select: {title: 'title', subtitle: 'description'},
    prepare({title, subtitle}) {
      return {title: title || 'Untitled category', subtitle, media: TagIcon}
    },
  },
})
