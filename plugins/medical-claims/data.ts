/**
 * Loads what the publish rules need about an article, with one GROQ query plus the history API.
 * Shared by the document validator, the action and badge hooks and the fact-check queue tool.
 * No React and no Studio runtime here, so the validator can run under `sanity documents validate`.
 */
import {createClient} from '@sanity/client'
import type {ExpertDisclosures} from './conflicts.ts'
import {APPROVAL_TYPE, CITATION_TYPE, DECISION_TYPES, EXPERT_TYPE, REJECTION_TYPE, REVIEW_TYPE, WITHDRAWAL_TYPE} from './rules/constants.ts'
import {RELEASE_IDS_QUERY, editorHistoryIds, editorsByArticle, historyIdBatches, historyTransactionsPath, parseHistoryAuthors, releaseNamesOf} from './rules/editors.ts'
import {getPublishedId, getVersionId, isDraftId, isVersionId, referencedId} from './rules/ids.ts'
import {articleRefs, buildPolicyInput, type ArticleRefs} from './rules/input.ts'
import {evaluateArticle, extractClaims} from './rules/policy.ts'
import {resolveOptions} from './rules/options.ts'
import {KeyedCache, RevisionCache, type Revisioned} from './queueCache.ts'
import {documentsById, findDocument} from './rules/lookup.ts'
import {IS_PUBLISHED, ONLY_COMPLIANT, complianceParams} from '../../queries/compliance.ts'
import type {
  ArticleDoc,
  CitationDoc,
  ClaimVerdict,
  DecisionDoc,
  ExpertDoc,
  FactCheckDecisionDoc,
  MedicalClaimsOptions,
  PolicyInput,
  Verdict,
} from './rules/types.ts'

/** Prefix of fact-check decision ids: `factcheck-<uuid>` (no dots, so the documents are public and never drafts). */
export const DECISION_ID_PREFIX = 'factcheck-'

/** The part of a Sanity client the loaders use (so tests and scripts can pass any client). */
export interface PolicyClient {
  fetch<R = unknown>(
    query: string,
    params?: Record<string, unknown>,
    options?: {perspective?: 'raw' | 'published' | 'drafts'; signal?: AbortSignal; tag?: string},
  ): Promise<R>
  request(options: {url: string; signal?: AbortSignal; tag?: string}): Promise<unknown>
  config(): {dataset?: string}
}

/** A stable string for a set of refs (cache and effect key). */
export function refsKey(refs: ArticleRefs): string {
  return `${refs.versionId ?? refs.articleId}|${refs.expertIds.join(',')}|${refs.citationIds.join(',')}`
}

/**
 * One query for the published experts, citations and decisions (claim decisions and medical
 * reviews) an article needs, and the reviewers its reviews name (which the article itself does not
 * refer to, so they are reached through the reviews). Whole documents are returned: the fact-check
 * panel and the review dialog show more than the rules read (an expert's disclosures, shown beside
 * the claims they bear on: ./conflicts.ts).
 */
export const POLICY_CONTEXT_QUERY = `{
  "experts": *[_type == $expertType && _id in $expertIds],
  "citations": *[_type == $citationType && _id in $citationIds],
  "decisions": *[_type in $decisionTypes && article._ref in $articleIds] | order(checkedAt desc),
  "reviewers": *[_type == $reviewType && article._ref in $articleIds].reviewer->
}`

/** The decisions on claims (approvals and rejections), without the medical reviews. */
const CLAIM_DECISION_TYPES = [APPROVAL_TYPE, REJECTION_TYPE]

/** An expert as loaded: what the rules read, and the disclosures the fact-check panel shows beside claims. */
export type LoadedExpert = ExpertDoc & ExpertDisclosures

/** What the rules need besides the article itself. */
export interface PolicyContext {
  /** The experts of the article's claims and the reviewers of its medical reviews. */
  experts: LoadedExpert[]
  citations: CitationDoc[]
  /** Claim decisions and medical reviews, newest first. */
  decisions: DecisionDoc[]
  /** Ids of the users who edited the article (empty when the history API cannot tell). */
  editors: string[]
}

interface ContextQueryResult {
  experts?: LoadedExpert[] | null
  citations?: CitationDoc[] | null
  decisions?: DecisionDoc[] | null
  reviewers?: Array<LoadedExpert | null> | null
}

function contextParams(articleIds: string[], expertIds: string[], citationIds: string[], decisionTypes: ReadonlyArray<string> = DECISION_TYPES): Record<string, unknown> {
  return {
    expertType: EXPERT_TYPE,
    citationType: CITATION_TYPE,
    reviewType: REVIEW_TYPE,
    decisionTypes: [...decisionTypes],
    expertIds,
    citationIds,
    articleIds,
  }
}

/**
 * The experts of a context query: those the claims name, then the reviewers the reviews name (once
 * each, published experts only: a review naming a document of another type finds no reviewer).
 */
function expertsOf(result: ContextQueryResult | null | undefined): LoadedExpert[] {
  const experts = [...(result?.experts ?? [])]
  const seen = new Set(experts.map((expert) => expert._id))
  for (const reviewer of result?.reviewers ?? []) {
    if (!reviewer || reviewer._type !== EXPERT_TYPE || typeof reviewer._id !== 'string' || seen.has(reviewer._id)) continue
    seen.add(reviewer._id)
    experts.push(reviewer)
  }
  return experts
}

/**
 * A history API request. Sanity hands custom validators a proxy of the Studio's client that limits
 * concurrent fetches; on it `request` cannot reach the client's private fields and throws a
 * TypeError. Then the request goes through a client made from the same configuration.
 */
async function historyRequest(client: PolicyClient, options: {url: string; signal?: AbortSignal; tag?: string}): Promise<unknown> {
  try {
    return await client.request(options)
  } catch (err) {
    if (!(err instanceof TypeError) || options.signal?.aborted) throw err
    const config = client.config() as Parameters<typeof createClient>[0]
    return createClient({...config, useCdn: false}).request(options)
  }
}

/** Why the editors of an article could not be read: the rules cannot count its approvals, so nothing passes on it. */
export class EditorsUnknownError extends Error {
  constructor(reason: string) {
    super(`Could not read who edited this article from the history API (${reason}), so its approvals cannot be counted yet. Reload to try again.`)
    this.name = 'EditorsUnknownError'
  }
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The names of every release the client can read (archived and published ones included). */
async function releaseNames(client: PolicyClient, signal?: AbortSignal): Promise<string[]> {
  const ids = await client.fetch<unknown>(RELEASE_IDS_QUERY, {}, {perspective: 'raw', signal, tag: 'medical-claims.releases'})
  return releaseNamesOf(Array.isArray(ids) ? ids : [])
}

/** History requests for release versions in flight at once (a queue of many articles asks many). */
const VERSION_REQUESTS_AT_ONCE = 4

/**
 * The authors of the articles' versions in the named releases (rules/editors.ts editorHistoryIds:
 * a version discarded since still names its authors), HISTORY_ID_CHARS_PER_REQUEST characters of ids per request,
 * VERSION_REQUESTS_AT_ONCE at a time.
 */
async function versionEditors(client: PolicyClient, dataset: string, articleIds: ReadonlyArray<string>, names: ReadonlyArray<string>, signal?: AbortSignal): Promise<Map<string, string[]>> {
  const out = new Map<string, Set<string>>(articleIds.map((id) => [getPublishedId(id), new Set<string>()]))
  const batches = historyIdBatches(articleIds.flatMap((id) => names.map((name) => getVersionId(id, name))))
  let next = 0
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]
      const body = await historyRequest(client, {url: historyTransactionsPath(dataset, batch), signal, tag: 'medical-claims.editors'})
      for (const [id, editors] of editorsByArticle(body, [...new Set(batch.map((v) => getPublishedId(v)))])) for (const editor of editors) out.get(id)?.add(editor)
    }
  }
  await Promise.all(Array.from({length: Math.min(VERSION_REQUESTS_AT_ONCE, batches.length)}, worker))
  return new Map([...out].map(([id, editors]) => [id, [...editors].sort()]))
}

/**
 * The users who edited an article (its published document, its draft, its release versions: the
 * one it is, and its version in every release the dataset knows, discarded ones included), from
 * the history API. When the API cannot answer (missing grant, network) this throws
 * EditorsUnknownError: "the approver did not edit the article" cannot be checked, so the check
 * fails closed instead of treating the article as having no editors.
 */
export async function fetchEditors(client: PolicyClient, articleId: string, signal?: AbortSignal): Promise<string[]> {
  const dataset = client.config().dataset
  if (!dataset) throw new EditorsUnknownError('the client has no dataset')
  try {
    // The article's own ids and the release names at once; its versions in those releases after.
    const [body, names] = await Promise.all([
      historyRequest(client, {url: historyTransactionsPath(dataset, editorHistoryIds(articleId)), signal, tag: 'medical-claims.editors'}),
      releaseNames(client, signal),
    ])
    const editors = new Set(parseHistoryAuthors(body))
    if (names.length > 0) for (const editor of (await versionEditors(client, dataset, [articleId], names, signal)).get(getPublishedId(articleId)) ?? []) editors.add(editor)
    return [...editors].sort()
  } catch (err) {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted')
    throw new EditorsUnknownError(reasonOf(err))
  }
}

/** Articles per history request when loading the editors of many (each brings its published and draft ids). */
export const EDITOR_BATCH = 50

/**
 * The editors of many articles (as fetchEditors), a few history requests for all of them
 * (EDITOR_BATCH articles each, then their versions in the known releases). An article whose
 * requests failed maps to null: its editors are unknown.
 */
export async function fetchEditorsOf(client: PolicyClient, articleIds: ReadonlyArray<string>, signal?: AbortSignal): Promise<Map<string, string[] | null>> {
  const out = new Map<string, string[] | null>()
  const dataset = client.config().dataset
  const ids = [...new Set(articleIds.map((id) => getPublishedId(id)))].sort()
  if (!dataset) {
    for (const id of ids) out.set(id, null)
    return out
  }
  const batches: string[][] = []
  for (let i = 0; i < ids.length; i += EDITOR_BATCH) batches.push(ids.slice(i, i + EDITOR_BATCH))
  const names = ids.length > 0 ? releaseNames(client, signal).catch(() => null) : Promise.resolve([])
  await Promise.all(
    batches.map(async (batch) => {
      try {
        const body = await historyRequest(client, {url: historyTransactionsPath(dataset, batch.flatMap((id) => editorHistoryIds(id))), signal, tag: 'medical-claims.editors'})
        for (const [id, editors] of editorsByArticle(body, batch)) out.set(id, editors)
      } catch {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted')
        for (const id of batch) out.set(id, null)
      }
    }),
  )
  // Then their versions in every known release, for the articles whose own history answered.
  const known = await names
  const answered = ids.filter((id) => out.get(id) != null)
  if (known === null) for (const id of answered) out.set(id, null)
  else if (known.length > 0 && answered.length > 0) {
    try {
      for (const [id, editors] of await versionEditors(client, dataset, answered, known, signal)) out.set(id, [...new Set([...(out.get(id) ?? []), ...editors])].sort())
    } catch {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted')
      for (const id of answered) out.set(id, null)
    }
  }
  return out
}

/** Fetches the experts, citations, decisions and editors an article's rules need. */
export async function fetchPolicyContext(client: PolicyClient, refs: ArticleRefs, signal?: AbortSignal): Promise<PolicyContext> {
  const [result, editors] = await Promise.all([
    client.fetch<ContextQueryResult>(POLICY_CONTEXT_QUERY, contextParams([refs.articleId], refs.expertIds, refs.citationIds), {
      perspective: 'published',
      signal,
      tag: 'medical-claims.context',
    }),
    fetchEditors(client, refs.versionId ?? refs.articleId, signal),
  ])
  return {
    experts: expertsOf(result),
    citations: result?.citations ?? [],
    decisions: result?.decisions ?? [],
    editors,
  }
}

/** Builds a PolicyInput from an article and its loaded context (rules/input.ts picks what concerns the article). */
export function policyInput(article: ArticleDoc, context: PolicyContext, now: Date | string, options?: MedicalClaimsOptions): PolicyInput {
  const byId = new Map<string, unknown>()
  for (const doc of [...context.experts, ...context.citations]) byId.set(doc._id, doc)
  return buildPolicyInput(article, {get: (id) => byId.get(id), decisions: context.decisions}, context.editors, now, options)
}

/** Loads everything the rules need for an article and returns the PolicyInput. */
export async function loadPolicyInput(
  client: PolicyClient,
  article: ArticleDoc,
  now: Date | string,
  options?: MedicalClaimsOptions,
  signal?: AbortSignal,
): Promise<PolicyInput> {
  const context = await fetchPolicyContext(client, articleRefs(article), signal)
  return policyInput(article, context, now, options)
}

/* ------------------------------------------------------------------------------------------ */
/* The fact-check queue: every claim waiting for a fact-checker, across articles.              */
/* ------------------------------------------------------------------------------------------ */

/** The id and revision of every article of the target types, drafts and published (versions of releases are left out). */
export const QUEUE_ARTICLE_IDS_QUERY = `*[_type in $articleTypes && !(_id in path("versions.**"))]{_id, _rev}`

/**
 * The published articles that pass the publish rules as the site's queries check them
 * (queries/compliance.ts, with its parameters): every claim of such an article is approved, so
 * none waits for a fact-checker, and the queue need not read them. The lake answers this check
 * natively, so it costs a fraction of reading every article.
 */
export const QUEUE_COMPLIANT_IDS_QUERY = `*[_type in $articleTypes && ${IS_PUBLISHED}]${ONLY_COMPLIANT}._id`

/** The articles the queue reads: what its rules read of them, and when they last changed. */
export const QUEUE_ARTICLES_QUERY = `*[_id in $ids]{
  _id, _type, _rev, _updatedAt, title, dek, body
}`

/**
 * What the queue reads of a decision: the fields the rules read of it, and its revision (what the
 * queue keeps it by). A field the decision lacks stays missing, as in the whole document; the rest
 * (the fact-checker's note, the system dates) is left on the server: 9.5 MB became 7.6 MB at 50k.
 */
const QUEUE_DECISION_FIELDS = `{_id, _type, ${(['_rev', 'article', 'claimKey', 'fingerprint', 'checkedBy', 'checkedAt', 'reason', 'acknowledgedConflicts'] as const).map((field) => `defined(${field}) => {${field}}`).join(', ')}}`

/** The decisions on the claims of these articles, and the same by id. */
export const QUEUE_DECISIONS_QUERY = `*[_type in $decisionTypes && article._ref in $articleIds]${QUEUE_DECISION_FIELDS}`
const QUEUE_DECISIONS_BY_ID_QUERY = `*[_type in $decisionTypes && _id in $ids]${QUEUE_DECISION_FIELDS}`

/** The id and revision of every decision on the claims of these articles. */
const QUEUE_DECISION_REVISIONS_QUERY = `*[_type in $decisionTypes && article._ref in $articleIds]{_id, _rev}`

/** The id and revision of these experts and sources. */
const QUEUE_SOURCE_REVISIONS_QUERY = `*[(_type == $expertType && _id in $expertIds) || (_type == $citationType && _id in $citationIds)]{_id, _rev}`

/**
 * The published experts and sources these articles' marks name, in one read beside the articles
 * (which it does not wait for). Each subquery reads no document around it, so the lake evaluates
 * it once and looks the ids up in its id index. A mark that names a draft's id finds nothing
 * here: what the rules need and this did not bring is read by id afterwards.
 */
export const QUEUE_SOURCES_NAMED_QUERY = `{
  "experts": *[_type == $expertType && _id in *[_id in $ids].body[].markDefs[].expert._ref && !(_id in path("drafts.**"))],
  "citations": *[_type == $citationType && _id in *[_id in $ids].body[].markDefs[].citations[]._ref && !(_id in path("drafts.**"))]
}`

/** Documents of these types by id (what the queue did not hold at their revision). */
const QUEUE_DOCUMENTS_QUERY = `*[_type in $types && _id in $ids]`

export interface QueueArticle extends ArticleDoc {
  _updatedAt?: string
}

/** One claim waiting for a fact-checker. */
export interface QueueItem {
  /** The article's published id (for intent links). */
  articleId: string
  articleType: string
  articleTitle: string
  /** When the article (its draft when there is one) last changed. */
  updatedAt: string
  claim: ClaimVerdict
  /** The claim's expert, with the disclosures the queue shows beside the claim. */
  expert?: LoadedExpert
  /**
   * Set when the history API could not say who edited the article: an approval of this claim
   * cannot be counted (its author may have edited the article), so it is listed to check again.
   */
  editorsUnknown?: string
  /**
   * Who edited the article, so the queue can tell whether the signed-in fact-checker may decide on
   * the claim in place; null when the history API could not say (then nobody decides there).
   */
  editors?: string[] | null
}

/** Keeps one document per published id, preferring the draft. */
export function latestArticles(docs: ReadonlyArray<QueueArticle>): QueueArticle[] {
  const byId = new Map<string, QueueArticle>()
  for (const doc of docs) {
    if (!doc?._id || isVersionId(doc._id)) continue
    const id = getPublishedId(doc._id)
    const existing = byId.get(id)
    if (!existing || isDraftId(doc._id)) byId.set(id, doc)
  }
  return [...byId.values()]
}

/** The options without their article-level checks, resolved once per options object. */
const CLAIMS_ONLY = new WeakMap<MedicalClaimsOptions, MedicalClaimsOptions>()
function claimsOnlyOptions(options: MedicalClaimsOptions): MedicalClaimsOptions {
  let resolved = CLAIMS_ONLY.get(options)
  if (!resolved) {
    resolved = resolveOptions({...options, unmarkedClaims: 'off', requireMedicalReview: false})
    CLAIMS_ONLY.set(options, resolved)
  }
  return resolved
}

/**
 * Builds the queue from loaded data (pure): the claims whose status is `awaitingFactCheck`,
 * oldest article first, then in reading order.
 */
export function buildQueue(
  articles: ReadonlyArray<QueueArticle>,
  context: Omit<PolicyContext, 'editors'> & {editorsByArticle?: ReadonlyMap<string, string[] | null>},
  now: Date | string,
  options: MedicalClaimsOptions,
): QueueItem[] {
  // Only claims are listed: the article-level checks (unmarked claims, the medical review) decide
  // no claim's status, so they are left out here.
  const claimsOnly = claimsOnlyOptions(options)
  // Looked up once for every article (the rules take maps as they are).
  const experts = documentsById(context.experts)
  const citations = documentsById(context.citations)
  const decisionsOf = new Map<string, DecisionDoc[]>()
  for (const decision of context.decisions) {
    const articleId = referencedId(decision.article?._ref)
    if (!articleId) continue
    const list = decisionsOf.get(articleId)
    if (list) list.push(decision)
    else decisionsOf.set(articleId, [decision])
  }
  const items: Array<QueueItem & {order: number}> = []
  for (const article of latestArticles(articles)) {
    const articleId = getPublishedId(article._id)
    const verdict: Verdict = evaluateArticle({
      article,
      experts,
      citations,
      decisions: decisionsOf.get(articleId) ?? [],
      editors: context.editorsByArticle?.get(articleId) ?? [],
      now,
      options: claimsOnly,
    })
    const unknown = context.editorsByArticle?.get(articleId) === null
    for (const claim of verdict.claims) {
      // Editors unknown: an approval may be its author's own, so approved claims wait for a check too.
      const listed = claim.status === 'awaitingFactCheck' || (unknown && claim.status === 'approved')
      if (!listed) continue
      items.push({
        articleId,
        articleType: article._type,
        articleTitle: article.title?.trim() || 'Untitled article',
        updatedAt: article._updatedAt ?? '',
        claim,
        expert: claim.claim.expertId ? findDocument(experts, claim.claim.expertId, EXPERT_TYPE) : undefined,
        ...(unknown ? {editorsUnknown: 'Could not read who edited this article from the history API, so its approvals cannot be counted yet.'} : {}),
        order: claim.claim.blockIndex,
      })
    }
  }
  items.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : a.order - b.order))
  return items.map(({order: _order, ...item}) => item)
}

/**
 * What the queue read last time (./queueCache.ts): given to loadFactCheckQueue again, only what
 * changed since is read whole. The editors of an article are kept while its draft and published
 * document keep their revisions (each edit is a new revision); unknown editors are asked again.
 */
export interface QueueCache {
  articles: RevisionCache<QueueArticle>
  decisions: RevisionCache<DecisionDoc>
  sources: RevisionCache<LoadedExpert | CitationDoc>
  editors: KeyedCache<string[]>
}

export function newQueueCache(): QueueCache {
  return {articles: new RevisionCache(), decisions: new RevisionCache(), sources: new RevisionCache(), editors: new KeyedCache()}
}

/** Newest first; the same order whether read whole or partly from the cache. */
function newestFirst(decisions: DecisionDoc[]): DecisionDoc[] {
  const at = (d: DecisionDoc) => (typeof d.checkedAt === 'string' ? d.checkedAt : '')
  return decisions.sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}

/** These experts (with the disclosures the queue shows) and sources, as published; nothing is asked for none. */
async function readSources(client: PolicyClient, expertIds: string[], citationIds: string[], signal?: AbortSignal): Promise<{experts: LoadedExpert[]; citations: CitationDoc[]}> {
  if (expertIds.length + citationIds.length === 0) return {experts: [], citations: []}
  const result = await client.fetch<ContextQueryResult>(POLICY_CONTEXT_QUERY, contextParams([], expertIds, citationIds, CLAIM_DECISION_TYPES), {perspective: 'published', signal, tag: 'medical-claims.queue-context'})
  return {experts: expertsOf(result), citations: result?.citations ?? []}
}

/** The published experts and sources the marks of these articles (raw ids) name. */
async function readSourcesNamed(client: PolicyClient, articleIds: string[], signal?: AbortSignal): Promise<{experts: LoadedExpert[]; citations: CitationDoc[]}> {
  const result = await client.fetch<{experts?: LoadedExpert[] | null; citations?: CitationDoc[] | null} | null>(
    QUEUE_SOURCES_NAMED_QUERY,
    {expertType: EXPERT_TYPE, citationType: CITATION_TYPE, ids: articleIds},
    {perspective: 'raw', signal, tag: 'medical-claims.queue-context'},
  )
  return {experts: result?.experts ?? [], citations: result?.citations ?? []}
}

/**
 * Loads every article of the target types and returns the claims waiting for a fact-checker. With
 * a cache from an earlier load, only the documents that changed since are read whole.
 */
export async function loadFactCheckQueue(
  client: PolicyClient,
  options: MedicalClaimsOptions,
  now: Date | string,
  signal?: AbortSignal,
  cache: QueueCache = newQueueCache(),
): Promise<QueueItem[]> {
  const published = {perspective: 'published' as const, signal}
  // Only drafts and the published articles that do not pass can have claims waiting: the rest are
  // left out before anything of them but their ids is read (the check is the site's, which cannot
  // read the history; where an approval's author edited a published article, the guard or the
  // lake has withdrawn it, which makes it a draft here).
  const [rows, compliant] = await Promise.all([
    client.fetch<Revisioned[] | null>(QUEUE_ARTICLE_IDS_QUERY, {articleTypes: options.articleTypes}, {perspective: 'raw', signal, tag: 'medical-claims.queue-ids'}),
    client.fetch<string[] | null>(QUEUE_COMPLIANT_IDS_QUERY, {...complianceParams(options, now), articleTypes: options.articleTypes}, {perspective: 'raw', signal, tag: 'medical-claims.queue-passing'}),
  ])
  const passing = new Set(compliant ?? [])
  // Where an article has a draft, the queue judges the draft (latestArticles): its published
  // document is not read.
  const drafted = new Set<string>((rows ?? []).filter((row) => typeof row?._id === 'string' && isDraftId(row._id)).map((row) => getPublishedId(row._id)))
  const candidates = (rows ?? []).filter((row) => typeof row?._id === 'string' && !passing.has(row._id) && (isDraftId(row._id) || !drafted.has(row._id)))
  const candidateArticles = [...new Set(candidates.map((row) => getPublishedId(row._id)))]
  // What an article's editors depend on: the revisions of its draft and its published document,
  // whether or not that one passes (a new revision of it may come from a new editor).
  const revisions = new Map<string, string[]>()
  for (const row of rows ?? []) {
    if (typeof row?._id !== 'string') continue
    const id = getPublishedId(row._id)
    revisions.set(id, [...(revisions.get(id) ?? []), `${row._id}@${row._rev ?? ''}`].sort())
  }
  const editorsKey = (id: string) => (revisions.get(id) ?? []).join(',')
  // With nothing kept yet, the experts and sources the claims may name are read beside the
  // articles, asked for first: the smallest of the three reads is then not queued behind the others.
  const early = cache.sources.empty ? readSourcesNamed(client, candidates.map((row) => row._id), signal) : null
  early?.catch(() => undefined)
  // Their claims' decisions too (a claim's status does not depend on the article's medical review,
  // so the queue leaves the reviews out: each pins the article's whole text).
  const decided = cache.decisions.read({
    whole: async () => (await client.fetch<DecisionDoc[] | null>(QUEUE_DECISIONS_QUERY, {decisionTypes: CLAIM_DECISION_TYPES, articleIds: candidateArticles}, {...published, tag: 'medical-claims.queue-decisions'})) ?? [],
    revisions: async () => (await client.fetch<Revisioned[] | null>(QUEUE_DECISION_REVISIONS_QUERY, {decisionTypes: CLAIM_DECISION_TYPES, articleIds: candidateArticles}, {...published, tag: 'medical-claims.queue-decisions'})) ?? [],
    byId: async (ids) => (await client.fetch<DecisionDoc[] | null>(QUEUE_DECISIONS_BY_ID_QUERY, {decisionTypes: CLAIM_DECISION_TYPES, ids}, {...published, tag: 'medical-claims.queue-decisions'})) ?? [],
  })
  decided.catch(() => undefined)
  // The articles too: these two, the largest reads, are asked for before the history requests, so
  // they are on their way (to the lake's query workers) while the history is read.
  const read = cache.articles.current(candidates, async (ids) => (await client.fetch<QueueArticle[] | null>(QUEUE_ARTICLES_QUERY, {ids}, {perspective: 'raw', signal, tag: 'medical-claims.queue'})) ?? [])
  // The editors of every candidate, in a few history requests, while its documents load: the
  // rules need them where an approval's author may have edited the article, and the queue to tell
  // whether the signed-in fact-checker may decide on a claim in place.
  const editors = (async () => {
    const known = new Map<string, string[] | null>()
    const ask: string[] = []
    for (const id of candidateArticles) {
      const kept = cache.editors.get(id, editorsKey(id))
      if (kept) known.set(id, kept)
      else ask.push(id)
    }
    for (const [id, found] of ask.length > 0 ? await fetchEditorsOf(client, ask, signal) : []) known.set(id, found)
    cache.editors.replace([...known].filter((entry): entry is [string, string[]] => entry[1] !== null).map(([id, found]) => [id, editorsKey(id), found]))
    return known
  })()
  editors.catch(() => undefined)
  read.catch(() => undefined)
  const docs = await read
  const articles = latestArticles(docs)
  const expertIds = new Set<string>()
  const citationIds = new Set<string>()
  for (const article of articles) {
    const refs = articleRefs(article)
    refs.expertIds.forEach((id) => expertIds.add(id))
    refs.citationIds.forEach((id) => citationIds.add(id))
  }
  // The experts and sources the claims name (what the decisions were pinned over).
  const sourceParams = contextParams([], [...expertIds].sort(), [...citationIds].sort(), CLAIM_DECISION_TYPES)
  const sources = await cache.sources.read({
    whole: async () => {
      if (!early) {
        const all = await readSources(client, [...expertIds].sort(), [...citationIds].sort(), signal)
        return [...all.experts, ...all.citations]
      }
      // Those the claims name of what was read early (what the rules read of the marks is what
      // was read, unless a document is missing, or an article changed
      // between the two reads); any other, by id.
      const read = await early
      const found = new Set([...read.experts, ...read.citations].map((doc) => doc._id))
      const unread = (ids: Set<string>) => [...ids].filter((id) => !found.has(id)).sort()
      const rest = await readSources(client, unread(expertIds), unread(citationIds), signal)
      return [...[...read.experts, ...rest.experts].filter((doc) => expertIds.has(doc._id)), ...[...read.citations, ...rest.citations].filter((doc) => citationIds.has(doc._id))]
    },
    revisions: async () => (await client.fetch<Revisioned[] | null>(QUEUE_SOURCE_REVISIONS_QUERY, sourceParams, {...published, tag: 'medical-claims.queue-context'})) ?? [],
    byId: async (ids) => (await client.fetch<Array<LoadedExpert | CitationDoc> | null>(QUEUE_DOCUMENTS_QUERY, {types: [EXPERT_TYPE, CITATION_TYPE], ids}, {...published, tag: 'medical-claims.queue-context'})) ?? [],
  })
  const experts = sources.filter((doc): doc is LoadedExpert => doc._type === EXPERT_TYPE)
  const citations = sources.filter((doc): doc is CitationDoc => doc._type === CITATION_TYPE)
  const decisions = newestFirst([...(await decided)])
  const editorsByArticle = await editors
  const items = buildQueue(articles, {experts, citations, decisions, editorsByArticle}, now, options)
  return items.map((item) => ({...item, editors: editorsByArticle.get(item.articleId) ?? null}))
}

/** An article the lake withdrew from the site and nobody has published since: to review again. */
export interface WithdrawnArticle {
  articleId: string
  articleType: string
  title: string
  withdrawnAt: string
  kinds: string[]
  author: string
  reasons: string[]
}

// Both lookups are by an id built from the record (the lake's planner answers them from its id index).
const WITHDRAWN_QUERY = `*[_type == $withdrawal && !defined(*[_id == ^.article._ref][0]._id)] | order(withdrawnAt desc){
  "articleId": article._ref,
  "articleType": coalesce(*[_id == "drafts." + ^.article._ref][0]._type, $articleTypes[0]),
  "title": coalesce(articleTitle, article._ref),
  withdrawnAt,
  "kinds": coalesce(cause.kinds, []),
  "author": coalesce(cause.author, ""),
  "reasons": coalesce(reasons[].message, [])
}`

/** The newest withdrawal of each article that is still off the site, newest first. */
export async function loadWithdrawnArticles(client: PolicyClient, options: MedicalClaimsOptions, signal?: AbortSignal): Promise<WithdrawnArticle[]> {
  const rows = await client.fetch<WithdrawnArticle[] | null>(WITHDRAWN_QUERY, {withdrawal: WITHDRAWAL_TYPE, articleTypes: options.articleTypes}, {
    perspective: 'raw',
    signal,
    tag: 'medical-claims.withdrawn',
  })
  const seen = new Set<string>()
  return (rows ?? []).filter((row) => typeof row.articleId === 'string' && !seen.has(row.articleId) && seen.add(row.articleId))
}

/* ------------------------------------------------------------------------------------------ */
/* Writing decisions.                                                                          */
/* ------------------------------------------------------------------------------------------ */

function randomUuid(): string {
  const webCrypto = globalThis.crypto
  if (webCrypto && typeof webCrypto.randomUUID === 'function') return webCrypto.randomUUID()
  const bytes = new Uint8Array(16)
  if (webCrypto && typeof webCrypto.getRandomValues === 'function') webCrypto.getRandomValues(bytes)
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** A fresh decision id: `factcheck-<uuid>`. */
export function newDecisionId(): string {
  return `${DECISION_ID_PREFIX}${randomUuid()}`
}

/** A decision as the fact-check panel makes it; `fingerprint` is the claim as the fact-checker saw it. */
export interface DecisionInput extends Pick<FactCheckDecisionDoc, 'claimKey' | 'fingerprint' | 'checkedBy' | 'checkedAt' | 'note' | 'reason' | 'acknowledgedConflicts'> {
  decision: 'approve' | 'reject'
  articleId: string
}

/** The decision document to create (pure). A rejection without a reason is refused. */
export function buildDecision(input: DecisionInput, id: string = newDecisionId()): FactCheckDecisionDoc {
  const note = input.note?.trim()
  const reason = input.reason?.trim()
  if (input.decision === 'reject' && !reason) throw new Error('A rejection needs a reason: say what is wrong with the claim so the editor can fix it.')
  const base = {
    _id: id,
    article: {_type: 'reference' as const, _ref: getPublishedId(input.articleId), _weak: true},
    claimKey: input.claimKey,
    fingerprint: input.fingerprint,
    checkedBy: {
      id: input.checkedBy.id,
      ...(input.checkedBy.name ? {name: input.checkedBy.name} : {}),
      roles: [...(input.checkedBy.roles ?? [])],
    },
    checkedAt: input.checkedAt,
    ...(note ? {note} : {}),
  }
  // An approval names the disclosures bearing on the claim that the fact-checker was shown beside it.
  return input.decision === 'approve'
    ? {...base, _type: APPROVAL_TYPE, ...(input.acknowledgedConflicts?.length ? {acknowledgedConflicts: [...input.acknowledgedConflicts]} : {})}
    : {...base, _type: REJECTION_TYPE, reason}
}
