/**
 * Finding the documents a claim or a review refers to. Types are part of identity: a reference
 * finds a document only when it has the type the reference is for (an expert, a citation), so a
 * document of another type with the same id counts as not found.
 */
import {getPublishedId} from './ids.ts'

export type DocumentsById<T> = ReadonlyMap<string, T>

/** Documents by published id (a map is taken as it is). */
export function documentsById<T extends {_id: string}>(docs: ReadonlyArray<T> | ReadonlyMap<string, T>): DocumentsById<T> {
  if (docs instanceof Map) return docs
  const map = new Map<string, T>()
  for (const doc of docs as ReadonlyArray<T>) if (doc && typeof doc._id === 'string') map.set(getPublishedId(doc._id), doc)
  return map
}

/** The document a reference names, when it exists and has the type; by the id as given, then by its published id. */
export function findDocument<T extends {_type: string}>(docs: DocumentsById<T>, id: string, type: string): T | undefined {
  const doc = docs.get(id) ?? docs.get(getPublishedId(id))
  return doc && doc._type === type ? doc : undefined
}
