import {TargetIcon} from '@sanity/icons/Target'
import {defineArrayMember, defineField, defineType} from 'sanity'
import {CLAIM_KINDS, CLAIM_TOPICS, CLAIM_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {listValues, optionList} from '../lib/helpers.ts'

/**
 * The `medicalClaim` annotation: marks the span of body text that states a medical claim.
 * The annotation's `_key` is the claim's stable key. Fact-check state is not stored here: the
 * medical-claims plugin keeps it in separate `factCheck.*` documents and decides publishability.
 * An unattributed claim may be saved; the plugin's publish rules block it.
 */
export const medicalClaim = defineType({
  name: CLAIM_TYPE,
  title: 'Medical claim',
  type: 'object',
  icon: TargetIcon,
  fields: [
    defineField({
      name: 'kind',
      title: 'Kind of claim',
      type: 'string',
      options: {list: optionList(CLAIM_KINDS), layout: 'dropdown'},
      validation: (rule) =>
        rule.required().error(`Choose what the marked text claims (one of: ${listValues(CLAIM_KINDS)}); the kind decides which credentials and evidence are needed.`),
    }),
    defineField({
      name: 'topic',
      title: 'Topic',
      type: 'string',
      options: {list: optionList(CLAIM_TOPICS), layout: 'dropdown'},
      description: 'What the claim is about. With the kind, it decides who may vouch for it: a dietitian for nutrition, a pharmacist for medicines.',
      validation: (rule) =>
        rule.custom((value) =>
          value === undefined || CLAIM_TOPICS.some((t) => t.value === value) ? true : `"${String(value)}" is not a topic: choose one of ${listValues(CLAIM_TOPICS)}.`,
        ),
    }),
    defineField({
      name: 'expert',
      title: 'Attributed to',
      type: 'reference',
      to: [{type: 'expert'}],
      description: 'The credentialed expert who vouches for this statement. May be left empty while drafting; publishing is blocked until it is set.',
    }),
    defineField({
      name: 'citations',
      title: 'Evidence',
      type: 'array',
      description: 'Sources that support the claim. Benefits, risks, contraindications, recommendations, comparisons, statistics and claims about how it works need one before publishing (by default).',
      of: [defineArrayMember({type: 'reference', to: [{type: 'citation'}]})],
      validation: (rule) => rule.unique().error('The same citation is listed twice: remove the duplicate.'),
    }),
  ],
  preview: {
    select: {kind: 'kind', topic: 'topic', expert: 'expert.name', citations: 'citations'},
    prepare({kind, topic, expert, citations}) {
      const kindTitle = CLAIM_KINDS.find((k) => k.value === kind)?.title ?? 'Claim without kind'
      const topicTitle = CLAIM_TOPICS.find((t) => t.value === topic)?.title
      const count = Array.isArray(citations) ? citations.length : 0
      return {
        title: topicTitle ? `${kindTitle} · ${topicTitle}` : kindTitle,
        subtitle: `${expert ? `Attributed to ${expert}` : 'Unattributed'} · ${count} citation${count === 1 ? '' : 's'}`,
        media: TargetIcon,
      }
    },
  },
})
