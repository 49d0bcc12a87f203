/**
 * Finding the documents a claim or a review refers to. Types are part of identity: a reference
 * finds a document only when it has the type the reference is for (an expert, a citation), so a
 * document of another type with the same id counts as not found.
 */
import {getPublishedId, referencedId} from './ids.ts'

export type DocumentsById<T> = ReadonlyMap<string, T>

/** Documents by published id (a map is taken as it is). */
export function documentsById<T extends {_id: string}>(docs: ReadonlyArray<T> | ReadonlyMap<string, T>): DocumentsById<T> {
  if (docs instanceof Map) return docs
  const map = new Map<string, T>()
  for (const doc of docs as ReadonlyArray<T>) if (doc && typeof doc._id === 'string') map.set(getPublishedId(doc._id), doc)
  return map
}

/** The document a reference names (ids.ts referencedId), when it exists and has the type. */
export function findDocument<T extends {_type: string}>(docs: DocumentsById<T>, ref: string, type: string): T | undefined {
  const id = referencedId(ref)
  const doc = id === undefined ? undefined : docs.get(id)
  return doc && doc._type === type ? doc : undefined
}

/**
 * Why a reference finds nothing, for a message: "is not a published expert (deleted, unpublished
 * or never one)", or, for a draft's or a version's id, that it must name the published document.
 */
export function notFoundReason(ref: string, what: string): string {
  if (referencedId(ref) !== undefined) return `is not a published ${what} (deleted, unpublished or never one)`
  return `is the id of a draft or a release version, which a reader's site cannot follow; the reference must name the published ${what} (${getPublishedId(ref)})`
}
