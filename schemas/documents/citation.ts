import {BookIcon} from '@sanity/icons/Book'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {CITATION_KINDS, CITATION_TYPE, EVIDENCE_LEVELS} from '../../plugins/medical-claims/rules/constants.ts'
import {DOI_PATTERN, FIRST_YEAR, PMID_PATTERN, WEB_ADDRESS_PATTERN} from '../../plugins/medical-claims/rules/evidence.ts'
import {listValues, optionList, parentOf} from '../lib/helpers.ts'

export {CITATION_KINDS} from '../../plugins/medical-claims/rules/constants.ts'

export {DOI_PATTERN, PMID_PATTERN} from '../../plugins/medical-claims/rules/evidence.ts'

/** A source that supports a medical claim. Retracted sources stay on record but cannot back a claim. */
export const citation = defineType({
  name: CITATION_TYPE,
  title: 'Citation',
  type: 'document',
  icon: BookIcon,
  groups: [
    {name: 'source', title: 'Source', default: true},
    {name: 'identifiers', title: 'Identifiers'},
    {name: 'status', title: 'Status'},
  ],
  fields: [
    defineField({
      name: 'kind',
      title: 'Kind',
      type: 'string',
      group: 'source',
      options: {list: optionList(CITATION_KINDS)},
      validation: (rule) => rule.required().error(`Choose the kind of source (${listValues(CITATION_KINDS)}).`),
    }),
    defineField({
      name: 'evidenceLevel',
      title: 'Level of evidence',
      type: 'string',
      group: 'source',
      description: 'How strong the evidence is. The project can require a minimum level for some kinds of claim; an expert interview is never evidence.',
      options: {list: optionList(EVIDENCE_LEVELS)},
      hidden: ({parent}) => parent?.kind === 'expertInterview' && !parent?.evidenceLevel,
    }),
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      group: 'source',
      validation: (rule) => rule.required().error('Enter the title of the source (article, guideline, book, page or interview).'),
    }),
    defineField({
      name: 'authors',
      title: 'Authors',
      type: 'array',
      group: 'source',
      of: [defineArrayMember({type: 'string'})],
      options: {layout: 'tags'},
    }),
    defineField({
      name: 'journal',
      title: 'Journal',
      type: 'string',
      group: 'source',
      hidden: ({parent}) => parent?.kind !== 'journalArticle' && !parent?.journal,
    }),
    defineField({
      name: 'publisher',
      title: 'Publisher',
      type: 'string',
      group: 'source',
      description: 'Publisher, organisation or outlet.',
    }),
    defineField({
      name: 'year',
      title: 'Year',
      type: 'number',
      group: 'source',
      validation: (rule) =>
        rule.custom((value) => {
          if (value === undefined) return true
          const thisYear = new Date().getUTCFullYear()
          return Number.isInteger(value) && value >= FIRST_YEAR && value <= thisYear
            ? true
            : `The year must be a whole number from ${FIRST_YEAR} to ${thisYear}: enter the year of publication.`
        }),
    }),
    defineField({
      name: 'doi',
      title: 'DOI',
      type: 'string',
      group: 'identifiers',
      description: 'Without the https://doi.org/ prefix, e.g. 10.1000/xyz123.',
      validation: (rule) =>
        rule.custom((value) =>
          value === undefined || DOI_PATTERN.test(value)
            ? true
            : 'This is not a DOI: it must look like 10.1234/abc (remove any https://doi.org/ prefix and spaces).',
        ),
    }),
    defineField({
      name: 'pmid',
      title: 'PubMed ID',
      type: 'string',
      group: 'identifiers',
      validation: (rule) =>
        rule.custom((value) => (value === undefined || PMID_PATTERN.test(value) ? true : 'A PubMed ID is 1 to 8 digits: enter the number only.')),
    }),
    defineField({
      name: 'url',
      title: 'URL',
      type: 'url',
      group: 'identifiers',
      validation: (rule) => [
        rule.uri({scheme: ['http', 'https']}).error('Enter a full web address starting with https:// or http://.'),
        rule.custom((value) => (value === undefined || WEB_ADDRESS_PATTERN.test(value) ? true : 'Enter a full web address starting with https:// or http://, without spaces.')),
      ],
    }),
    defineField({
      name: 'accessedAt',
      title: 'Accessed on',
      type: 'date',
      group: 'identifiers',
      description: 'When the source was read or the interview took place.',
    }),
    defineField({
      name: 'peerReviewed',
      title: 'Peer reviewed',
      type: 'boolean',
      group: 'status',
      initialValue: false,
    }),
    defineField({
      name: 'retracted',
      title: 'Retracted',
      type: 'boolean',
      group: 'status',
      initialValue: false,
      description: 'A retracted source cannot support a claim; articles citing it are blocked from publishing.',
    }),
    defineField({
      name: 'retractionNotice',
      title: 'Retraction notice',
      type: 'text',
      rows: 2,
      group: 'status',
      hidden: ({parent}) => !parent?.retracted,
      validation: (rule) =>
        rule.custom((value, context) =>
          parentOf(context).retracted === true && !value?.trim() ? 'The source is marked retracted: summarise the retraction notice (who retracted it, when, why).' : true,
        ),
    }),
    defineField({
      name: 'retractionUrl',
      title: 'Retraction notice URL',
      type: 'url',
      group: 'status',
      hidden: ({parent}) => !parent?.retracted,
      validation: (rule) => rule.uri({scheme: ['http', 'https']}).error('Enter a full web address starting with https:// or http://.'),
    }),
  ],
  preview: {
    select: {title: 'title', kind: 'kind', year: 'year', journal: 'journal', publisher: 'publisher', retracted: 'retracted'},
    prepare({title, kind, year, journal, publisher, retracted}) {
      const kindTitle = CITATION_KINDS.find((k) => k.value === kind)?.title
      return {
        title: `${retracted ? '[RETRACTED] ' : ''}${title || 'Untitled source'}`,
        subtitle: [kindTitle, journal || publisher, year].filter(Boolean).join(' · '),
        media: BookIcon,
      }
    },
  },
})
