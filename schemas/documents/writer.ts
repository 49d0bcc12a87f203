import {ComposeIcon} from '@sanity/icons/Compose'
import {defineField, defineType} from 'sanity'

/** A staff writer (the article's byline). */
export const writer = defineType({
  name: 'writer',
  title: 'Writer',
  type: 'document',
  icon: ComposeIcon,
  fields: [
    defineField({
      name: 'name',
      title: 'Name',
      type: 'string',
      validation: (rule) => rule.required().error('Enter the writer\u2019s name as it appears in the byline.'),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      options: {source: 'name', maxLength: 96},
    }),
    defineField({name: 'bio', title: 'Bio', type: 'text', rows: 3}),
    defineField({name: 'photo', title: 'Photo', type: 'figure'}),
  ],
  preview: {
    select: {title: 'name', bio: 'bio', media: 'photo'},
    prepare({title, bio, media}) {
      return {title: title || 'Unnamed writer', subtitle: bio, media: media?.asset ? media : ComposeIcon}
    },
  },
})
