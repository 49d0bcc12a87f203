/**
 * Who edited an article: the users whose transactions touched its published document, its draft
 * or any of its release versions. The rules need them ("the approver did not edit the article"),
 * and every door finds them the same way here; only reading the history is each door's own (the
 * Studio and the audit ask the history API, the lake its transaction log).
 */
import {RELEASE_DOCUMENT_PREFIX, getDraftId, getPublishedId, getReleaseName, getVersionId, isVersionId, type PublishedId} from './ids.ts'

/**
 * The ids whose history names an article's editors: its published id, its draft and its release
 * versions: those among `knownIds` (the ids a door has seen) and, for each name in `releaseNames`
 * (the releases a door knows of, archived and published ones included), the article's version in
 * that release, which may have been discarded since (its history keeps its authors; the lake reads
 * every version ever written). Versions come sorted.
 */
export function editorHistoryIds(articleId: string, knownIds: Iterable<string> = [], releaseNames: Iterable<string> = []): string[] {
  const published = getPublishedId(articleId)
  const versions = new Set<string>()
  for (const id of knownIds) if (isVersionId(id) && getPublishedId(id) === published) versions.add(id)
  for (const name of releaseNames) versions.add(getVersionId(published, name))
  if (isVersionId(articleId)) versions.add(articleId)
  return [published, getDraftId(published), ...[...versions].sort()]
}

/** The GROQ that names every release a dataset knows (active, scheduled, archived, published): their document ids. */
export const RELEASE_IDS_QUERY = 'releases::all()[]._id'

/** Release names from release document ids (`_.releases.<name>`) and version ids (`versions.<name>.<id>`); anything else is skipped. Sorted. */
export function releaseNamesOf(ids: Iterable<unknown>): string[] {
  const names = new Set<string>()
  for (const id of ids) {
    if (typeof id !== 'string') continue
    if (id.startsWith(RELEASE_DOCUMENT_PREFIX)) {
      const name = id.slice(RELEASE_DOCUMENT_PREFIX.length)
      if (name && !name.includes('.')) names.add(name)
    } else {
      const name = getReleaseName(id)
      if (name) names.add(name)
    }
  }
  return [...names].sort()
}

/** The most characters of ids (encoded, with their commas) one history request names: the Studio's own bound, a URL of a few kilobytes. */
export const HISTORY_ID_CHARS_PER_REQUEST = 6000

/** Splits history ids into requests of at most HISTORY_ID_CHARS_PER_REQUEST characters of ids each (an id longer than that goes alone). */
export function historyIdBatches(ids: ReadonlyArray<string>, maxChars = HISTORY_ID_CHARS_PER_REQUEST): string[][] {
  const batches: string[][] = []
  let batch: string[] = []
  let chars = 0
  for (const id of ids) {
    const length = encodeURIComponent(id).length + 1
    if (batch.length > 0 && chars + length > maxChars) {
      batches.push(batch)
      batch = []
      chars = 0
    }
    batch.push(id)
    chars += length
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}

/**
 * The history API's address for who wrote some documents: their transactions without content or
 * mutations, each listing only the asked documents it touched (a transaction that imported a whole
 * dataset would otherwise list every id in it, in every answer):
 * `/data/history/<dataset>/transactions/<id>,<id>?excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true`.
 */
export function historyTransactionsPath(dataset: string, ids: ReadonlyArray<string>): string {
  return `/data/history/${encodeURIComponent(dataset)}/transactions/${ids.map(encodeURIComponent).join(',')}?excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true`
}

/** The user ids found in a history API answer (NDJSON text, an array, or one object), sorted. Never throws. */
export function parseHistoryAuthors(body: unknown): string[] {
  const authors = new Set<string>()
  const visit = (entry: unknown) => {
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      const author = (entry as {author?: unknown}).author
      if (typeof author === 'string' && author.length > 0) authors.add(author)
    }
  }
  if (typeof body === 'string') {
    for (const line of body.split('\n')) {
      const trimmed = line.trim()
      if (!trimmed) continue
      try {
        visit(JSON.parse(trimmed))
      } catch {
        // A line that is not JSON carries no author.
      }
    }
  } else if (Array.isArray(body)) {
    body.forEach(visit)
  } else {
    visit(body)
  }
  return [...authors].sort()
}

/** A write not yet in the history: its author edits every article whose documents it changes. */
export interface PendingWrite {
  author: string
  changedIds: Iterable<string>
}

/**
 * The editors of an article from a door's own history: the authors of each of its history ids
 * (see editorHistoryIds), plus the author of a pending write that changes any of them. Sorted.
 */
export function articleEditors(
  articleId: string,
  authorsOf: (id: string) => Iterable<string>,
  options: {knownIds?: Iterable<string>; pending?: PendingWrite} = {},
): string[] {
  const published: PublishedId = getPublishedId(articleId)
  const changed = options.pending ? [...options.pending.changedIds] : []
  const ids = editorHistoryIds(published, [...(options.knownIds ?? []), ...changed])
  const editors = new Set<string>()
  for (const id of ids) for (const author of authorsOf(id)) editors.add(author)
  if (options.pending && changed.some((id) => getPublishedId(id) === published)) editors.add(options.pending.author)
  return [...editors].sort()
}

/**
 * The editors of several articles from one history API answer for all their history ids (see
 * editorHistoryIds): each transaction's author counts for every article among its `documentIDs`.
 * An article the answer says nothing about has no editors. Never throws; entries that are not
 * JSON or lack an author or document ids carry no editor.
 */
export function editorsByArticle(body: unknown, articleIds: ReadonlyArray<string>): Map<string, string[]> {
  const wanted = new Map<string, Set<string>>()
  for (const id of articleIds) wanted.set(getPublishedId(id), new Set())
  const visit = (entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return
    const {author, documentIDs} = entry as {author?: unknown; documentIDs?: unknown}
    if (typeof author !== 'string' || !author || !Array.isArray(documentIDs)) return
    for (const id of documentIDs) if (typeof id === 'string') wanted.get(getPublishedId(id))?.add(author)
  }
  if (typeof body === 'string') {
    for (const line of body.split('\n')) {
      if (!line.trim()) continue
      try {
        visit(JSON.parse(line))
      } catch {
        // A line that is not JSON carries no author.
      }
    }
  } else if (Array.isArray(body)) body.forEach(visit)
  else visit(body)
  return new Map([...wanted].map(([id, authors]) => [id, [...authors].sort()]))
}

