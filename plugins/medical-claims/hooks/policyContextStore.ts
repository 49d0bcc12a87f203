/**
 * A small shared store for what the rules need about open articles, so the Publish action, the
 * other actions and the badge of one article share one load and one listener. An article's data
 * is reloaded when one of its decisions or medical reviews, experts (its reviewers' too) or
 * citations changes (listener), when the listener (re)connects (what changed before it was up
 * sent no event), or when the plugin itself writes a decision (`invalidateArticle`).
 */
import {DECISION_TYPES} from '../rules/constants.ts'
import {fetchPolicyContext, refsKey, type PolicyClient, type PolicyContext} from '../data.ts'
import type {ArticleRefs} from '../rules/input.ts'

/** The optional listening part of a client (Sanity's client has it; test doubles may not). */
interface ListenSubscription {
  unsubscribe(): void
}
interface Listenable {
  listen?: (
    query: string,
    params?: Record<string, unknown>,
    options?: Record<string, unknown>,
  ) => {subscribe(observer: {next?: (event: unknown) => void; error?: (error: unknown) => void}): ListenSubscription}
}
export type StoreClient = PolicyClient & Listenable

const generations = new Map<string, number>()
const subscribers = new Map<string, Set<() => void>>()
const loads = new WeakMap<object, Map<string, Promise<PolicyContext>>>()

/** How many times an article's data was invalidated (part of the cache key). */
export function articleGeneration(articleId: string): number {
  return generations.get(articleId) ?? 0
}

/** Subscribes to invalidations of one article (for useSyncExternalStore). */
export function subscribeArticle(articleId: string, onChange: () => void): () => void {
  let set = subscribers.get(articleId)
  if (!set) {
    set = new Set()
    subscribers.set(articleId, set)
  }
  set.add(onChange)
  return () => {
    set.delete(onChange)
    if (set.size === 0) subscribers.delete(articleId)
  }
}

/** Forgets an article's loaded data and tells its hooks to load again. */
export function invalidateArticle(articleId: string): void {
  generations.set(articleId, articleGeneration(articleId) + 1)
  subscribers.get(articleId)?.forEach((notify) => notify())
}

/** The article's context, loading it once per client, refs and generation. */
export function loadPolicyContext(client: StoreClient, refs: ArticleRefs): Promise<PolicyContext> {
  let byKey = loads.get(client)
  if (!byKey) {
    byKey = new Map()
    loads.set(client, byKey)
  }
  const key = `${refsKey(refs)}#${articleGeneration(refs.articleId)}`
  let pending = byKey.get(key)
  if (!pending) {
    // Older generations of this article are no longer wanted.
    for (const existing of byKey.keys()) {
      if (existing.startsWith(`${refs.versionId ?? refs.articleId}|`) && existing !== key) byKey.delete(existing)
    }
    pending = fetchPolicyContext(client, refs)
    byKey.set(key, pending)
    pending.catch(() => byKey.delete(key))
  }
  return pending
}

/** The listener of the documents an article's verdict depends on. */
export const WATCH_QUERY = `*[(_type in $decisionTypes && article._ref == $articleId) || _id in $ids]`

interface Watch {
  count: number
  subscription: ListenSubscription
}
const watches = new WeakMap<object, Map<string, Watch>>()

/**
 * Listens (one listener per client and refs, shared) for changes to an article's decisions and
 * reviews, and to the experts and citations in `refs` (pass refs that include the reviewers, see
 * articleRefs), and invalidates the article when one happens. Returns the unsubscribe.
 */
export function watchArticle(client: StoreClient, refs: ArticleRefs): () => void {
  if (typeof client.listen !== 'function') return () => undefined
  let byKey = watches.get(client)
  if (!byKey) {
    byKey = new Map()
    watches.set(client, byKey)
  }
  const key = refsKey(refs)
  let watch = byKey.get(key)
  if (!watch) {
    const subscription = client
      .listen(
        WATCH_QUERY,
        {decisionTypes: [...DECISION_TYPES], articleId: refs.articleId, ids: [...refs.expertIds, ...refs.citationIds]},
        {events: ['welcome', 'mutation'], includeResult: false, visibility: 'query'},
      )
      .subscribe({
        next: (event) => {
          const type = typeof event === 'object' && event !== null ? (event as {type?: unknown}).type : undefined
          // A decision that landed after the article's data was read but before the listener was
          // up (or while it reconnected) sends no mutation event: each welcome reads the data again.
          if (type === 'mutation' || type === 'welcome') invalidateArticle(refs.articleId)
        },
        // A broken listener only means no live refresh; the data loaded stays valid.
        error: () => undefined,
      })
    watch = {count: 0, subscription}
    byKey.set(key, watch)
  }
  watch.count++
  const current = watch
  const map = byKey
  return () => {
    current.count--
    if (current.count === 0) {
      current.subscription.unsubscribe()
      map.delete(key)
    }
  }
}
