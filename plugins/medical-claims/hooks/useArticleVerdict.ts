import {useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react'
import {useClient} from 'sanity'
import {policyInput, refsKey, type PolicyContext} from '../data.ts'
import {API_VERSION} from '../rules/constants.ts'
import {articleRefs} from '../rules/input.ts'
import {evaluateArticle} from '../rules/policy.ts'
import type {ArticleDoc, MedicalClaimsOptions, Verdict} from '../rules/types.ts'
import {getPublishedId} from '../rules/ids.ts'
import {useLiveArticle} from './liveBody.ts'
import {articleGeneration, invalidateArticle, loadPolicyContext, subscribeArticle, watchArticle, type StoreClient} from './policyContextStore.ts'

/** The document versions a document action or badge receives (a subset of EditStateFor). */
export interface ArticleVersions {
  id: string
  type: string
  draft?: unknown
  published?: unknown
  version?: unknown
}

export interface ArticleVerdictState {
  /** The version of the article the verdict is about (release version, draft, else published). */
  article: ArticleDoc | null
  context: PolicyContext | null
  verdict: Verdict | null
  /** True while the verdict counts text the editor typed that the document does not hold yet. */
  pending: boolean
  /** True until the first context for the current refs arrives. */
  loading: boolean
  error: string | null
  /** Reload the experts, citations and decisions (after writing a decision, for example). */
  refresh: () => void
}

function isArticle(value: unknown): value is ArticleDoc {
  return typeof value === 'object' && value !== null && typeof (value as ArticleDoc)._id === 'string'
}

const noSubscription = () => () => undefined

interface Loaded {
  refsKey: string
  generation: number
  context?: PolicyContext
  error?: string
}

/**
 * The rules' verdict on the article a document action or badge is about. The context (experts,
 * citations, decisions, editors) loads through the shared store; the verdict is recomputed on
 * every edit of the article without reloading.
 */
export function useArticleVerdict(props: ArticleVersions, options: MedicalClaimsOptions): ArticleVerdictState {
  const client = useClient({apiVersion: API_VERSION}) as unknown as StoreClient
  const candidate = props.version ?? props.draft ?? props.published ?? null
  const own = isArticle(candidate) ? candidate : null
  // What the editor has typed and the form does not hold yet counts at once (hooks/liveBody.ts).
  const {article, pending} = useLiveArticle(own ? getPublishedId(own._id) : null, own)
  const refs = useMemo(() => (article ? articleRefs(article) : null), [article])
  const key = refs ? refsKey(refs) : null
  const articleId = refs?.articleId ?? null

  const subscribe = useCallback(
    (notify: () => void) => (articleId ? subscribeArticle(articleId, notify) : noSubscription()),
    [articleId],
  )
  const getGeneration = useCallback(() => (articleId ? articleGeneration(articleId) : 0), [articleId])
  const generation = useSyncExternalStore(subscribe, getGeneration, getGeneration)
  const [loaded, setLoaded] = useState<Loaded | null>(null)

  useEffect(() => {
    if (!refs || !key) return undefined
    let cancelled = false
    loadPolicyContext(client, refs).then(
      (context) => {
        if (!cancelled) setLoaded({refsKey: key, generation, context})
      },
      (error: unknown) => {
        if (!cancelled) setLoaded({refsKey: key, generation, error: error instanceof Error ? error.message : String(error)})
      },
    )
    return () => {
      cancelled = true
    }
    // `refs` is derived from `key`: the key is the dependency that matters.
  }, [client, key, generation])

  // After an invalidation the previous context of the same refs stays in use until the new one
  // arrives (no flicker); when the refs change, the old context does not answer for the new ones.
  const current = loaded && loaded.refsKey === key ? loaded : null
  const context = current?.context ?? null
  const error = current && current.generation === generation ? (current.error ?? null) : null

  // The listener covers the reviewers too, once the reviews naming them have loaded.
  const decisions = context?.decisions
  const watched = useMemo(() => (article ? articleRefs(article, decisions ?? []) : null), [article, decisions])
  const watchedKey = watched ? refsKey(watched) : null
  useEffect(() => {
    if (!watched || !watchedKey) return undefined
    return watchArticle(client, watched)
    // `watched` is derived from `watchedKey`: the key is the dependency that matters.
  }, [client, watchedKey])

  const verdict = useMemo(
    () => (article && context ? evaluateArticle(policyInput(article, context, new Date(), options)) : null),
    [article, context, options],
  )
  const refresh = useCallback(() => {
    if (articleId) invalidateArticle(articleId)
  }, [articleId])

  return {article, context, verdict, pending, loading: Boolean(article) && !context && !error, error, refresh}
}

/**
 * The verdict state for an action's open dialog: while the dialog is open and the article's data
 * reloads (after a fix, a decision, a listener event), the last loaded state stands in, so the
 * dialog neither closes nor starts over. A closed dialog always sees the fresh state.
 */
export function useSteadyVerdict(fresh: ArticleVerdictState, open: boolean): ArticleVerdictState {
  const last = useRef<ArticleVerdictState | null>(null)
  const loaded = Boolean(fresh.verdict && fresh.context)
  if (loaded) last.current = fresh
  return open && !loaded && last.current ? {...last.current, refresh: fresh.refresh} : fresh
}
