/**
 * The data API of a dataset: queries, mutations and actions (both through the lake's one write
 * path), documents by id, export and import as NDJSON, and listeners (server-sent events).
 */
import type {Doc} from '../dataset.ts'
import {LakeError, badRequest, forbidden} from '../errors.ts'
import {signedInAs} from '../role-refusals.ts'
import {readBody, readJson} from '../http/body.ts'
import {decodeList, decodeSegment, queryParams, truthy} from '../http/params.ts'
import type {Router} from '../http/router.ts'
import {sendJson, sendJsonText} from '../http/send.ts'
import {type Context, isHttp2} from '../http/types.ts'
import {applyActions} from '../actions.ts'
import {isReleaseAction} from '../releases.ts'
import {applyMutations, type MutationResult} from '../mutations.ts'
import {parsePerspective, parseQuery} from '../query/index.ts'
import {MAX_LISTENERS_PER_USER, listenerQueryRefusal} from '../listen.ts'
import type {RouteDeps} from './access.ts'
import {MAX_LISTENER_QUERY_LENGTH, MAX_TRANSACTION_DOCUMENTS, MAX_UNREAD_ANSWER_CHARS_PER_USER, transactionTooLarge} from '../limits.ts'
import type {LakeUser} from '../users.ts'

/** How long a query that selects the documents a mutation changes may take (see the mutate route). */
export const WRITE_SELECTION_MS = 2_000

/** The longest delay a Node timer takes (about 24.8 days); a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Disconnects a listener when the token it was opened with expires (or at once, if it has). */
function closeAtExpiry(listener: {disconnect(reason: string): void}, expiresAt: number, res: {once(event: 'close', fn: () => void): unknown}): void {
  let timer: NodeJS.Timeout | undefined
  const arm = () => {
    const wait = expiresAt - Date.now()
    if (wait <= 0) return listener.disconnect('The token this listener was opened with has expired: sign in again with a current token.')
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS))
    timer.unref()
  }
  res.once('close', () => clearTimeout(timer))
  arm()
}

/** Export answers are written in pieces of about this many characters. */
const EXPORT_CHUNK = 64 * 1024

/** The request's `x-sanity-lineage` (what @sanity/client sends from inside a Function), for the Functions its write starts. */
function lineageOf(ctx: Context): {lineage?: string} {
  const value = ctx.req.headers['x-sanity-lineage']
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? {lineage: value} : {}
}

export function mountData(router: Router, {lake, access, maxBody}: RouteDeps): void {
  const datasetName = (m: RegExpExecArray) => decodeSegment(m[1], 'The dataset name')
  /** Whether any of the user's grants lets them create or update documents. */
  const mayChangeDocuments = (user: LakeUser) => lake.grantsForUser(user).some((grant) => grant.permissions.includes('create') || grant.permissions.includes('update'))
  const readOnlyRefusal = (user: LakeUser) =>
    forbidden(`Permission denied. You are signed in as ${signedInAs(user)}, whose role may not change documents, so nothing was written. Sign in as a user whose role may, or ask an administrator for one.`)

  /** Characters of query answers each user has been sent and not yet taken (by user id): see MAX_UNREAD_ANSWER_CHARS_PER_USER. */
  const unread = new Map<string, number>()
  const owe = (userId: string, chars: number) => {
    const left = (unread.get(userId) ?? 0) + chars
    if (left > 0) unread.set(userId, left)
    else unread.delete(userId)
  }

  const handleQuery = async (ctx: Context, m: RegExpExecArray) => {
    const dataset = datasetName(m)
    const {principal} = access.dataset(ctx, dataset)
    let query: unknown
    let params: Record<string, unknown>
    let perspective = ctx.search.get('perspective')
    if (ctx.method === 'POST') {
      const body = await readJson(ctx.req, maxBody)
      query = body.query
      params = body.params && typeof body.params === 'object' && !Array.isArray(body.params) ? (body.params as Record<string, unknown>) : {}
      const opts = body.options as {perspective?: unknown} | undefined
      if (typeof body.perspective === 'string') perspective = body.perspective
      else if (typeof opts?.perspective === 'string') perspective = opts.perspective
      if (Array.isArray(body.perspective)) perspective = (body.perspective as unknown[]).join(',')
    } else {
      query = ctx.search.get('query')
      params = queryParams(ctx.search)
    }
    if (typeof query !== 'string' || query.trim() === '') throw badRequest('Missing "query"', 'queryParseError')
    const userId = principal.user.id
    if ((unread.get(userId) ?? 0) > MAX_UNREAD_ANSWER_CHARS_PER_USER) {
      throw new LakeError(429, 'rateLimitError', `Answers to earlier queries of user "${userId}" (over ${MAX_UNREAD_ANSWER_CHARS_PER_USER / 1024 / 1024} MiB) have not been read yet: read them (or close those connections) before asking more.`)
    }
    // The answer comes encoded from the query worker and is spliced into the body as it is.
    const answer = await lake.queryText(dataset, query, {params, perspective: parsePerspective(perspective), identity: userId})
    const echo = ctx.search.get('returnQuery') !== 'false' ? `,"query":${JSON.stringify(query)}` : ''
    const text = `{"result":${answer.json},"ms":${JSON.stringify(answer.ms)},"syncTags":[]${echo}}`
    // Owed until it has all left the server (or the connection is gone).
    owe(userId, text.length)
    let settled = false
    const settle = () => {
      if (settled) return
      settled = true
      owe(userId, -text.length)
    }
    ctx.res.once('finish', settle)
    ctx.res.once('close', settle)
    sendJsonText(ctx.res, 200, text)
  }

  router
    .on('GET', /^\/data\/query\/([^/]+)$/, handleQuery)
    .on('POST', /^\/data\/query\/([^/]+)$/, handleQuery)
    .on('POST', /^\/data\/mutate\/([^/]+)$/, async (ctx, m) => {
      const dataset = datasetName(m)
      const {principal} = access.dataset(ctx, dataset)
      const body = await readJson(ctx.req, maxBody)
      const returnDocuments = truthy(ctx.search.get('returnDocuments'))
      const returnIds = truthy(ctx.search.get('returnIds'))
      const dryRun = truthy(ctx.search.get('dryRun')) || body.dryRun === true
      const transactionId = typeof body.transactionId === 'string' ? body.transactionId : (ctx.search.get('transactionId') ?? undefined)
      // A patch or delete by query selects its documents inside the write, while every other write
      // waits: a user who may change nothing is refused before the query runs, and the query has
      // WRITE_SELECTION_MS to answer, a wait for a query worker included.
      const queryIds = async (query: string, params: Record<string, unknown>): Promise<string[]> => {
        if (!mayChangeDocuments(principal.user)) throw readOnlyRefusal(principal.user)
        let timer: NodeJS.Timeout | undefined
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new LakeError(400, 'queryTimeoutError', `The query that selects the documents to change did not answer within ${WRITE_SELECTION_MS / 1000} s, so nothing was written (other writes wait while it runs). Narrow it (filter by _type or _id first), or select the ids with a query first and change them by id.`)),
            WRITE_SELECTION_MS,
          )
        })
        const {result} = await Promise.race([lake.query(dataset, query, {params, identity: principal.user.id, timeoutMs: WRITE_SELECTION_MS}), late]).finally(() => clearTimeout(timer))
        const list = Array.isArray(result) ? result : result === null ? [] : [result]
        return list.map((item) => (typeof item === 'string' ? item : (item as {_id?: unknown})?._id)).filter((id): id is string => typeof id === 'string')
      }
      if (Array.isArray(body.mutations) && body.mutations.length > MAX_TRANSACTION_DOCUMENTS) {
        throw transactionTooLarge(`This request has ${body.mutations.length.toLocaleString('en-US')} mutations`, `Send them in several requests of at most ${MAX_TRANSACTION_DOCUMENTS.toLocaleString('en-US')} mutations each.`)
      }
      const outcome = await lake.write(dataset, principal.user, {transactionId, dryRun, kind: 'mutate', mutations: body.mutations, ...lineageOf(ctx)}, (tx) =>
        applyMutations(tx, body.mutations, queryIds).then((results) => ({results, tx})),
      )
      const {results, tx} = outcome.result
      const out: Record<string, unknown> = {
        transactionId: outcome.transactionId,
        results: results.map((r: MutationResult) => {
          if (!returnDocuments) return {id: r.id, operation: r.operation}
          const doc = r.operation === 'delete' ? (outcome.changes.find((c) => c.id === r.id)?.before ?? null) : tx.get(r.id)
          return {id: r.id, operation: r.operation, document: doc}
        }),
      }
      if (returnIds) out.documentIds = results.map((r: MutationResult) => r.id)
      sendJson(ctx.res, 200, out)
    })
    .on('POST', /^\/data\/actions\/([^/]+)$/, async (ctx, m) => {
      const dataset = datasetName(m)
      const {principal} = access.dataset(ctx, dataset)
      const body = await readJson(ctx.req, maxBody)
      const transactionId = typeof body.transactionId === 'string' ? body.transactionId : undefined
      const dryRun = body.dryRun === true || truthy(ctx.search.get('dryRun'))
      if (Array.isArray(body.actions) && body.actions.length > MAX_TRANSACTION_DOCUMENTS) {
        throw transactionTooLarge(`This request has ${body.actions.length.toLocaleString('en-US')} actions`, `Send them in several requests of at most ${MAX_TRANSACTION_DOCUMENTS.toLocaleString('en-US')} actions each.`)
      }
      let kinds: string[] = []
      const write = () =>
        lake.write(dataset, principal.user, {transactionId, dryRun, kind: 'actions', mutations: body.actions, ...lineageOf(ctx)}, (tx) => {
          kinds = applyActions(tx, body.actions)
        })
      if (dryRun && Array.isArray(body.actions) && body.actions.length > 0 && body.actions.every(isReleaseAction)) {
        // The Releases tool asks with dry runs whether the user may take an action at all, and remembers a refusal
        // for every release: a refusal by role answers 403 (insufficientPermissionsError); any other (the release's
        // state, the publish rules) is reported with a 200, and checked again when the action runs.
        try {
          const outcome = await write()
          sendJson(ctx.res, 200, {transactionId: outcome.transactionId, dryRun: true, actions: kinds})
        } catch (err) {
          if (!(err instanceof LakeError)) throw err
          if (err.statusCode === 403) throw new LakeError(403, 'insufficientPermissionsError', err.message, err.extra)
          sendJson(ctx.res, 200, {transactionId: transactionId ?? null, dryRun: true, actions: kinds, refused: {type: err.type, description: err.explanation()}})
        }
        return
      }
      const outcome = await write()
      sendJson(ctx.res, 200, {transactionId: outcome.transactionId, ...(dryRun ? {dryRun: true, actions: kinds} : {})})
    })
    .on('GET', /^\/data\/doc\/([^/]+)\/(.+)$/, (ctx, m) => {
      const {ds} = access.dataset(ctx, datasetName(m))
      const ids = decodeList(m[2], 'The list of document ids')
      const documents: Doc[] = []
      const omitted: Array<{id: string; reason: string}> = []
      for (const id of ids) {
        const doc = ds.docs.get(id)
        if (doc) documents.push(doc)
        else omitted.push({id, reason: 'existence'})
      }
      sendJson(ctx.res, 200, {documents, omitted})
    })
    .on('GET', /^\/data\/listen\/([^/]+)$/, (ctx, m) => {
      const dataset = datasetName(m)
      const {principal} = access.dataset(ctx, dataset)
      const query = ctx.search.get('query')
      if (!query) throw badRequest('Missing "query"', 'queryParseError')
      if (query.length > MAX_LISTENER_QUERY_LENGTH) {
        throw badRequest(`This listener query is ${query.length.toLocaleString('en-US')} characters long, and a listener's query may be at most ${MAX_LISTENER_QUERY_LENGTH.toLocaleString('en-US')} (it is read on the server's thread): move long lists into parameters ($ids), or listen more broadly and narrow the results in a query.`, 'queryParseError')
      }
      const params = queryParams(ctx.search)
      const tree = parseQuery(query, params)
      const refusal = listenerQueryRefusal(tree)
      if (refusal) throw badRequest(refusal, 'queryParseError')
      if (lake.hub.countFor(principal.user.id) >= MAX_LISTENERS_PER_USER) {
        throw new LakeError(429, 'rateLimitError', `Too many listeners open for user "${principal.user.id}" (at most ${MAX_LISTENERS_PER_USER}). Close listeners you no longer need (a Studio tab holds some) before opening more.`)
      }
      const flag = (name: string, fallback: boolean) => (ctx.search.has(name) ? truthy(ctx.search.get(name)) : fallback)
      const headers: Record<string, string> = {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      }
      if (!isHttp2(ctx.req)) headers.connection = 'keep-alive'
      ctx.res.writeHead(200, headers)
      const res = ctx.res
      const listener = lake.hub.add(
        dataset,
        {
          write: (chunk: string) => res.write(chunk),
          end: () => res.end(),
          pending: () => res.writableLength,
          abort: () => res.destroy(),
          on: (_event: 'close', fn: () => void) => {
            ctx.req.on('close', fn)
            res.on('close', fn)
          },
        },
        {
          tree,
          params,
          identity: principal.user.id,
          // @sanity/client sends includeResult=true by default and omits false flags entirely, so absent means false.
          includeResult: flag('includeResult', false),
          includePreviousRevision: flag('includePreviousRevision', false),
          includeMutations: flag('includeMutations', true),
          includeAllVersions: flag('includeAllVersions', false),
          effectFormat: ctx.search.get('effectFormat') === 'mendoza' ? 'mendoza' : null,
          visibility: ctx.search.get('visibility') ?? 'query',
        },
      )
      listener.welcome()
      // A listener lasts no longer than the token it was opened with.
      if (principal.expiresAt !== undefined) closeAtExpiry(listener, principal.expiresAt, res)
    })
    .on('GET', /^\/data\/export\/([^/]+)$/, async (ctx, m) => {
      const dataset = datasetName(m)
      access.dataset(ctx, dataset)
      const types = (ctx.search.get('types') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean)
      const docs = lake.exportDocuments(dataset, types)
      const res = ctx.res
      let gone = false
      res.once('close', () => (gone = true))
      res.writeHead(200, {'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store'})
      let chunk = ''
      for (const doc of docs) {
        chunk += `${JSON.stringify(doc)}\n`
        if (chunk.length > EXPORT_CHUNK) {
          const ok = res.write(chunk)
          chunk = ''
          // A client that leaves mid-export ends it (waiting for 'drain' alone would wait forever).
          if (!ok && !gone) await new Promise<void>((resolve) => (res.once('drain', resolve), res.once('close', resolve)))
          if (gone) return
        }
      }
      res.end(chunk)
    })
    .on('POST', /^\/data\/import\/([^/]+)$/, async (ctx, m) => {
      const dataset = datasetName(m)
      const {principal} = access.dataset(ctx, dataset)
      // A user who may change nothing is refused before the file is read.
      if (!mayChangeDocuments(principal.user)) throw readOnlyRefusal(principal.user)
      const body = await readBody(ctx.req, maxBody)
      const mode = (ctx.search.get('mode') ?? 'create') as 'create' | 'replace' | 'missing'
      const outcome = await lake.importNdjson(dataset, body.toString('utf8'), {mode, user: principal.user})
      sendJson(ctx.res, 200, outcome)
    })
}
