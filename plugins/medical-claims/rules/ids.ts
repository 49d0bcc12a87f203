/**
 * Document ids: the one home of the `drafts.` and `versions.<release>.` rules, for the rules, the
 * Studio plugin, the lake, the audit, the site and the seed.
 *
 *   article-1                   the published document (also the id its draft and versions share)
 *   drafts.article-1            its draft
 *   versions.rSpring.article-1  its version in the release `rSpring`
 *
 * The id types are plain strings with a brand, so a function that needs a published id says so
 * and only `getPublishedId` (or a check) makes one; any of them is still a string.
 */

export const DRAFTS_PREFIX = 'drafts.'
export const VERSIONS_PREFIX = 'versions.'
/** The id prefix of a Content Release's own document: `_.releases.<name>`. */
export const RELEASE_DOCUMENT_PREFIX = '_.releases.'
/** The type of a Content Release's own document. */
export const RELEASE_TYPE = 'system.release'

export type PublishedId = string & {readonly __idKind: 'published'}
export type DraftId = string & {readonly __idKind: 'draft'}
export type VersionId = string & {readonly __idKind: 'version'}

export function isDraftId(id: string): id is DraftId {
  return id.startsWith(DRAFTS_PREFIX)
}

export function isVersionId(id: string): id is VersionId {
  return id.startsWith(VERSIONS_PREFIX)
}

/** A published id: neither `drafts.` nor `versions.`. */
export function isPublishedId(id: string): id is PublishedId {
  return !isDraftId(id) && !isVersionId(id)
}

/** The published id of any id: `drafts.x`, `versions.<release>.x` and `x` all give `x`. */
export function getPublishedId(id: string): PublishedId {
  if (isDraftId(id)) return id.slice(DRAFTS_PREFIX.length) as PublishedId
  if (isVersionId(id)) {
    const rest = id.slice(VERSIONS_PREFIX.length)
    const dot = rest.indexOf('.')
    return (dot === -1 ? rest : rest.slice(dot + 1)) as PublishedId
  }
  return id as PublishedId
}

/**
 * The document a reference names, as the rules read references: its `_ref` when that is a
 * published id. A reference to a draft's or a release version's id names nothing: what a reader
 * sees is published, and GROQ's `->` over published documents finds nothing there either, so the
 * rules, the lake, the audit and the site agree. (The Studio's reference inputs write published ids.)
 */
export function referencedId(ref: unknown): PublishedId | undefined {
  return typeof ref === 'string' && ref !== '' && isPublishedId(ref) ? ref : undefined
}

/** The draft id of any id of a document: `drafts.<published id>`. */
export function getDraftId(id: string): DraftId {
  return `${DRAFTS_PREFIX}${getPublishedId(id)}` as DraftId
}

/** The id of a document's version in a release: `versions.<release>.<published id>`. */
export function getVersionId(id: string, release: string): VersionId {
  return `${VERSIONS_PREFIX}${release}.${getPublishedId(id)}` as VersionId
}

/** The release name of a `versions.<release>.<id>` id; null for any other id. */
export function getReleaseName(id: string): string | null {
  if (!isVersionId(id)) return null
  const rest = id.slice(VERSIONS_PREFIX.length)
  const dot = rest.indexOf('.')
  return dot === -1 ? null : rest.slice(0, dot)
}

/** Whether `id` is the published document, the draft or a release version of `publishedId`. */
export function isIdOf(id: string, publishedId: string): boolean {
  return getPublishedId(id) === publishedId
}
