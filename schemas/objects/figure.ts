import {ImageIcon} from '@sanity/icons/Image'
import {defineField, defineType} from 'sanity'

/**
 * An image with the text a reader and a screen reader need: alternative text, caption and credit.
 * Used for hero images, inline body figures and portraits. The asset itself is optional, so that
 * content (and the seed) can be written before the pictures are uploaded.
 */
export const figure = defineType({
  name: 'figure',
  title: 'Figure',
  type: 'image',
  icon: ImageIcon,
  options: {hotspot: true},
  fields: [
    defineField({
      name: 'alt',
      title: 'Alternative text',
      type: 'string',
      description: 'What the picture shows, for readers who cannot see it. Required.',
      validation: (rule) =>
        rule
          .required()
          .error('Alternative text is missing: describe what the image shows (for screen readers and search engines).'),
    }),
    defineField({
      name: 'caption',
      title: 'Caption',
      type: 'string',
    }),
    defineField({
      name: 'credit',
      title: 'Credit',
      type: 'string',
      description: 'Photographer and agency, e.g. "Kovalchynskyy Mykola/Shutterstock".',
    }),
  ],
  preview: {
    select: {alt: 'alt', caption: 'caption', credit: 'credit', media: 'asset'},
    prepare({alt, caption, credit, media}) {
      return {
        title: caption || alt || 'Figure',
        subtitle: credit ? `Credit: ${credit}` : 'No credit',
        media: media ?? ImageIcon,
      }
    },
  },
})
