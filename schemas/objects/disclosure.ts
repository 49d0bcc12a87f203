import {WarningOutlineIcon} from '@sanity/icons/WarningOutline'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {DISCLOSURE_WINDOW_MONTHS, RELATIONSHIP_KINDS} from '../../plugins/medical-claims/conflicts.ts'
import {CLAIM_TOPICS} from '../../plugins/medical-claims/rules/constants.ts'
import {isAfter, joinDefined, listValues, optionList, parentOf} from '../lib/helpers.ts'

/** The relationship kinds live beside the decision of which disclosures bear on a claim (plugins/medical-claims/conflicts.ts). */
export {RELATIONSHIP_KINDS}

/**
 * A conflict-of-interest disclosure: a relationship that readers should know about. Beside a claim
 * the expert vouches for (the fact-check panel, the article's footnotes), it shows while it is
 * current and concerns the claim's topic, or names none (plugins/medical-claims/conflicts.ts).
 */
export const disclosure = defineType({
  name: 'disclosure',
  title: 'Disclosure',
  type: 'object',
  icon: WarningOutlineIcon,
  fieldsets: [{name: 'period', title: 'Period', options: {columns: 2}}],
  fields: [
    defineField({
      name: 'statement',
      title: 'Statement',
      type: 'text',
      rows: 2,
      description: 'As it will be shown to readers, e.g. "Paid consultant for a micro-needling device maker".',
      validation: (rule) => rule.required().error('Write the disclosure statement readers will see.'),
    }),
    defineField({
      name: 'relationship',
      title: 'Relationship',
      type: 'string',
      options: {list: optionList(RELATIONSHIP_KINDS)},
      validation: (rule) => rule.required().error(`Choose the kind of relationship (${listValues(RELATIONSHIP_KINDS)}).`),
    }),
    defineField({
      name: 'organisation',
      title: 'Organisation',
      type: 'string',
      description: 'The company or body the relationship is with, e.g. "Glow Labs". With the relationship, readers see "has received speaking fees from Glow Labs" beside the claims it bears on.',
    }),
    defineField({
      name: 'topics',
      title: 'Topics it concerns',
      type: 'array',
      description: "The topics of claims this relationship bears on (an emollient maker: skin). It is shown beside the expert's claims on these topics, and beside claims whose topic is not set. Leave empty when it bears on everything the expert vouches for.",
      of: [defineArrayMember({type: 'string'})],
      options: {list: optionList(CLAIM_TOPICS)},
      validation: (rule) => [
        rule.unique().error('A topic is listed twice: remove the duplicate.'),
        rule.custom((value) => {
          const unknown = (Array.isArray(value) ? value : []).filter((t) => !CLAIM_TOPICS.some((topic) => topic.value === t))
          return unknown.length === 0 ? true : `Not a topic: ${unknown.map(String).join(', ')}. Choose among ${listValues(CLAIM_TOPICS)}.`
        }),
      ],
    }),
    defineField({name: 'since', title: 'Since', type: 'date', fieldset: 'period'}),
    defineField({
      name: 'until',
      title: 'Until',
      type: 'date',
      fieldset: 'period',
      description: `When the relationship ended; leave empty while it lasts. A disclosure that ended more than ${DISCLOSURE_WINDOW_MONTHS} months ago no longer shows, beside claims or on the expert's page: publishers usually disclose relationships of the past ${DISCLOSURE_WINDOW_MONTHS} months.`,
      validation: (rule) =>
        rule.custom((value, context) => {
          const since = parentOf(context).since
          if (typeof value !== 'string' || typeof since !== 'string') return true
          return isAfter(since, value) === true ? `The end date (${value}) is before the start date (${since}): correct one of them.` : true
        }),
    }),
  ],
  preview: {
    select: {statement: 'statement', relationship: 'relationship', organisation: 'organisation', since: 'since', until: 'until'},
    prepare({statement, relationship, organisation, since, until}) {
      const kind = RELATIONSHIP_KINDS.find((k) => k.value === relationship)?.title
      const period = since && until ? `${since} to ${until}` : since ? `since ${since}` : until ? `until ${until}` : undefined
      return {title: statement || 'Empty disclosure', subtitle: joinDefined([kind, organisation, period]), media: WarningOutlineIcon}
    },
  },
})
