import {useCallback, useMemo, useSyncExternalStore} from 'react'
import type {ArticleDoc, BodyItem} from '../rules/types.ts'

/**
 * The article body as the editor is typing it, before the form has it.
 *
 * Studio's Portable Text editor hands the form a keystroke's patches only once typing pauses (a
 * quarter of a second, a second while typing goes on), so a verdict computed from the document
 * trails every keystroke by that much and then by the form's re-render. The body input reports
 * what the editor holds at each keystroke here, with the body the form had when the keystroke
 * came (`basedOn`); the verdict reads the editor's body while the article it is given still holds
 * that same body (the same array: nothing else has changed it since). Once the form catches up,
 * or anything else changes the body, the article's own body is read again: an entry can only
 * stand in for the value it was typed over.
 */
interface LiveBody {
  basedOn: unknown
  body: BodyItem[]
}

const entries = new Map<string, LiveBody>()
const listeners = new Map<string, Set<() => void>>()

function notify(articleId: string): void {
  for (const listener of listeners.get(articleId) ?? []) listener()
}

/** Records what the editor holds for the article's body, typed over the form's `basedOn`. */
export function recordLiveBody(articleId: string, basedOn: unknown, body: BodyItem[]): void {
  const entry = entries.get(articleId)
  if (entry && entry.basedOn === basedOn && entry.body === body) return
  entries.set(articleId, {basedOn, body})
  notify(articleId)
}

/** Forgets the article's entry (its editor is gone). */
export function clearLiveBody(articleId: string): void {
  if (entries.delete(articleId)) notify(articleId)
}

function subscribe(articleId: string, listener: () => void): () => void {
  let set = listeners.get(articleId)
  if (!set) listeners.set(articleId, (set = new Set()))
  set.add(listener)
  return () => {
    set.delete(listener)
    if (set.size === 0) listeners.delete(articleId)
  }
}

/**
 * The article with the editor's body in place of its own while that body is typed over the
 * article's (pure): `pending` says the document does not hold it yet.
 */
export function withLiveBody<T extends ArticleDoc>(article: T, entry: LiveBody | undefined): {article: T; pending: boolean} {
  if (!entry || entry.basedOn !== article.body || entry.body === article.body) return {article, pending: false}
  return {article: {...article, body: entry.body}, pending: true}
}

const none = () => () => undefined

/** `article` as the editor is typing it (see withLiveBody); follows each recorded keystroke. */
export function useLiveArticle<T extends ArticleDoc>(articleId: string | null, article: T | null): {article: T | null; pending: boolean} {
  const subscribeTo = useCallback((listener: () => void) => (articleId ? subscribe(articleId, listener) : none()), [articleId])
  const read = useCallback(() => (articleId ? entries.get(articleId) : undefined), [articleId])
  const entry = useSyncExternalStore(subscribeTo, read, read)
  return useMemo(() => (article ? withLiveBody(article, entry) : {article, pending: false}), [article, entry])
}
