/**
 * The fields every fact-check decision document has (see FactCheckDecisionDoc in ../types.ts).
 * Decisions are written by the fact-check panel through the client; the Studio shows them read-only.
 */
import {defineArrayMember, defineField} from 'sanity'
import type {MedicalClaimsOptions} from '../rules/types.ts'

/** The weak reference to the article a decision or a review is about (its published id). */
export function articleField(options: MedicalClaimsOptions, description: string, required: string) {
  return defineField({
    name: 'article',
    title: 'Article',
    type: 'reference',
    weak: true,
    to: options.articleTypes.map((type) => ({type})),
    description,
    validation: (rule) => rule.required().error(required),
  })
}

/** Who recorded a decision or a review (stamped by the server): id, name, roles. */
export function checkedByFields() {
  return [
    defineField({name: 'id', title: 'User id', type: 'string', validation: (rule) => rule.required().error('Record the id of the user who recorded it.')}),
    defineField({name: 'name', title: 'Name', type: 'string'}),
    defineField({name: 'roles', title: 'Roles', type: 'array', of: [defineArrayMember({type: 'string'})]}),
  ]
}

export function decisionFields(options: MedicalClaimsOptions) {
  return [
    articleField(options, 'The article whose claim was checked (its published id).', 'A decision must name the article it checked.'),
    defineField({
      name: 'claimKey',
      title: 'Claim key',
      type: 'string',
      description: "The key of the claim's mark in the article body.",
      validation: (rule) => rule.required().error('A decision must name the claim (its key) it checked.'),
    }),
    defineField({
      name: 'fingerprint',
      title: 'Fingerprint',
      type: 'string',
      description: 'Expert, citations and text of the claim as checked; a change to any of them voids the decision.',
      validation: (rule) => rule.required().error('A decision must record the fingerprint of the claim it checked.'),
    }),
    defineField({
      name: 'checkedBy',
      title: 'Checked by',
      type: 'object',
      fields: checkedByFields(),
      validation: (rule) => rule.required().error('Record who checked the claim.'),
    }),
    defineField({
      name: 'checkedAt',
      title: 'Checked at',
      type: 'datetime',
      validation: (rule) => rule.required().error('Record when the claim was checked.'),
    }),
    defineField({name: 'note', title: 'Note', type: 'text', rows: 3}),
  ]
}
