import {LinkIcon} from '@sanity/icons/Link'
import {defineField, defineType} from 'sanity'

/** A hyperlink annotation in Portable Text. */
export const link = defineType({
  name: 'link',
  title: 'Link',
  type: 'object',
  icon: LinkIcon,
  fields: [
    defineField({
      name: 'href',
      title: 'URL',
      type: 'url',
      validation: (rule) =>
        rule
          .required()
          .uri({scheme: ['http', 'https', 'mailto']})
          .error('Enter a full address starting with https://, http:// or mailto:.'),
    }),
    defineField({
      name: 'openInNewTab',
      title: 'Open in a new tab',
      type: 'boolean',
      initialValue: false,
    }),
  ],
  preview: {
    select: {href: 'href'},
    prepare({href}) {
      return {title: href || 'Link without address', media: LinkIcon}
    },
  },
})
