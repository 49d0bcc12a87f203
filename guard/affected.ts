/**
 * Which published articles a written document bears on: the article itself, the articles whose
 * claims name an expert or cite a source (or whose medical reviews name the expert as reviewer),
 * or the article a fact-check decision or review is about. Records the guard itself writes
 * (withdrawals, publish requests) bear on nothing, so its own writes never start it again.
 */
import {CITATION_TYPE, DECISION_TYPES, EXPERT_TYPE, REVIEW_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {getPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'

/** What a document event delivers to the guard: the Function's projection (GUARD_PROJECTION). */
export interface WrittenDocument {
  _id?: unknown
  _type?: unknown
  /** Its type before the write (a document retyped away from what the rules read still bears on what relied on it). */
  typeBefore?: unknown
  /** The article a decision or review is about (its `_ref`), after the write and before it. */
  article?: unknown
  articleBefore?: unknown
}

/** The documents whose writes the guard's document Function sees: articles, experts, sources and fact-check decisions (published ones: drafts and release versions change nothing on the site). */
export function guardFilter(options: Pick<MedicalClaimsOptions, 'articleTypes'>): string {
  const types = JSON.stringify([...options.articleTypes, EXPERT_TYPE, CITATION_TYPE, ...DECISION_TYPES])
  return `_type in ${types} || before()._type in ${types}`
}

/** The projection the guard's document Function asks for: enough to find what the document bears on. */
export const GUARD_PROJECTION = '{_id, _type, "typeBefore": before()._type, "article": article._ref, "articleBefore": before().article._ref}'

const DECISION_TYPE_SET: ReadonlySet<string> = new Set(DECISION_TYPES)

/** Published (not draft, not release version) documents: what the site reads. */
export const PUBLISHED_ONLY = '!(_id in path("drafts.**")) && !(_id in path("versions.**"))'

/** The published articles that name a document (an expert or a source), directly or as the reviewer of one of their reviews. */
export const ARTICLES_RELYING_ON = `*[_type in $articleTypes && ${PUBLISHED_ONLY} && (references($id) || _id in *[_type == "${REVIEW_TYPE}" && reviewer._ref == $id].article._ref)]._id`

export type Affected = {kind: 'none'} | {kind: 'articles'; ids: string[]} | {kind: 'query'; query: string; params: Record<string, unknown>}

/** What a written document bears on, as ids or as the query that finds them. */
export function affectedBy(doc: WrittenDocument, options: Pick<MedicalClaimsOptions, 'articleTypes'>): Affected {
  const id = typeof doc._id === 'string' ? doc._id : null
  if (!id) return {kind: 'none'}
  const kinds = [doc._type, doc.typeBefore].filter((t): t is string => typeof t === 'string').map((type) => affectedAs(id, type, doc, options))
  const ids = new Set<string>()
  for (const kind of kinds) {
    if (kind.kind === 'query') return kind
    if (kind.kind === 'articles') kind.ids.forEach((a) => ids.add(a))
  }
  return ids.size > 0 ? {kind: 'articles', ids: [...ids]} : {kind: 'none'}
}

function affectedAs(id: string, type: string, doc: WrittenDocument, options: Pick<MedicalClaimsOptions, 'articleTypes'>): Affected {
  if (options.articleTypes.includes(type)) return {kind: 'articles', ids: [getPublishedId(id)]}
  if (type === EXPERT_TYPE || type === CITATION_TYPE) {
    return {kind: 'query', query: ARTICLES_RELYING_ON, params: {id: getPublishedId(id), articleTypes: [...options.articleTypes]}}
  }
  if (DECISION_TYPE_SET.has(type)) {
    // A decision moved to another article leaves the first without it: both are checked.
    const ids = [doc.article, doc.articleBefore].filter((ref): ref is string => typeof ref === 'string' && ref !== '').map(getPublishedId)
    return ids.length > 0 ? {kind: 'articles', ids: [...new Set(ids)]} : {kind: 'none'}
  }
  return {kind: 'none'}
}
