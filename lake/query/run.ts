/**
 * Running a GROQ query: parse (./parse.ts), plan against the dataset's indexes (./plan.ts), evaluate
 * with groq-js.
 *
 * Documents are always handed over sorted by `_id`, with or without planning. groq-js's
 * synchronous evaluator runs the planned tree (several times faster than its asynchronous one);
 * what it cannot evaluate goes to the asynchronous one.
 */
import {evaluate, evaluateSync} from 'groq-js'
import type {ExprNode} from 'groq-js'
import type {DatasetState, Doc} from '../dataset.ts'
import {LakeError, badRequest} from '../errors.ts'
import {MAX_QUERY_ANSWER_CHARS, answerTooLarge} from '../limits.ts'
import {CANDIDATES_HOOK, FAST_PATH_HOOK, HOOK, STATIC_HOOK, STRINGS_HOOK, type Node} from './nodes.ts'
import {isStackOverflow, parseQuery, type Perspective} from './parse.ts'
import {Planner, type PlanStats} from './plan.ts'
import {documentTokens} from './text.ts'

export interface QueryOptions {
  params?: Record<string, unknown>
  perspective?: Perspective
  identity?: string
  projectId?: string
  /** Skip the planner (reference implementation for tests and benchmarks). */
  plan?: boolean
  /** Answer the fast paths (./compliance.ts) and `score()` over documents (./score.ts) natively (default); false leaves them to groq-js (for tests and benchmarks). */
  native?: boolean
  /** A shorter time limit than the lake's, in milliseconds, for this query (on the query workers). */
  timeoutMs?: number
}

export interface QueryOutcome {
  result: unknown
  ms: number
  stats: PlanStats
  /** The query worker that answered (./pool.ts numbers them from 1); absent when run in process. */
  worker?: number
}

/** Runs a GROQ query against a dataset. Throws LakeError (400) for parse and evaluation errors. */
export async function runQuery(ds: DatasetState, query: string, options: QueryOptions = {}): Promise<QueryOutcome> {
  const started = performance.now()
  const params = options.params ?? {}
  const tree = parseQuery(query, params)
  const view = ds.view(options.perspective ?? 'raw')
  const planner = new Planner(ds, view, params, options.native !== false)
  const dereference = ({_ref}: {_ref: string}): unknown => {
    if (_ref.startsWith(HOOK)) {
      if (_ref.startsWith(CANDIDATES_HOOK)) {
        const rest = _ref.slice(CANDIDATES_HOOK.length)
        const colon = rest.indexOf(':')
        return planner.candidatesFor(Number(rest.slice(0, colon)), rest.slice(colon + 1))
      }
      if (_ref.startsWith(STATIC_HOOK)) return planner.staticCandidates(Number(_ref.slice(STATIC_HOOK.length)))
      if (_ref.startsWith(FAST_PATH_HOOK)) {
        const rest = _ref.slice(FAST_PATH_HOOK.length)
        const colon = rest.indexOf(':')
        return planner.fastAnswer(Number(rest.slice(0, colon)), rest.slice(colon + 1))
      }
      if (_ref.startsWith(STRINGS_HOOK)) {
        const doc = view.get(_ref.slice(STRINGS_HOOK.length))
        return doc ? documentTokens(doc) : []
      }
      return null
    }
    return view.get(_ref) ?? null
  }
  const evaluateOptions = {
    params,
    identity: options.identity,
    dereference: options.plan === false ? undefined : dereference,
    sanity: {projectId: options.projectId ?? 'localdev', dataset: ds.name},
  }
  // A closed subquery of a filter's condition, evaluated once while planning (./hoist.ts).
  planner.evaluateClosed = (subtree, everything) => {
    const value = syncResult(subtree as ExprNode, {...evaluateOptions, dataset: everything ? view.all() : []})
    return value === NEEDS_ASYNC ? null : {value}
  }
  let planned: ExprNode
  try {
    planned = options.plan === false ? tree : planner.rewrite(tree as Node, false)
  } catch (err) {
    // The planner walks the tree recursively, like groq-js's parser: a tree just shallow enough to parse may still be too deep here.
    if (!isStackOverflow(err)) throw err
    throw badRequest(`Query evaluation failed: the query nests too deeply to evaluate (${(err as Error).message})`, 'queryExecutionError')
  }
  const needsAll = options.plan === false || planner.stats.fullScans > 0
  let result: unknown
  try {
    // groq-js evaluates synchronously (many times faster: no promise per node) every node and
    // function this lake's queries use; a query that needs the asynchronous evaluator (a few
    // functions, `match` on streams) throws, and is evaluated again asynchronously. Evaluation
    // has no side effects, so running it twice is safe, and both give the same result.
    const evaluation = {...evaluateOptions, dataset: needsAll ? view.all() : []}
    result = syncResult(planned, evaluation)
    if (result === NEEDS_ASYNC) result = await (await evaluate(planned, evaluation)).get()
  } catch (err) {
    if (err instanceof LakeError) throw err
    const message = isStackOverflow(err) ? `the query nests too deeply to evaluate (${(err as Error).message})` : err instanceof Error ? err.message : String(err)
    throw badRequest(`Query evaluation failed: ${message}`, 'queryExecutionError')
  }
  return {result: result === undefined ? null : result, ms: Math.round((performance.now() - started) * 100) / 100, stats: planner.stats}
}

/** A query's answer as the JSON text the HTTP API sends. */
export interface QueryText {
  json: string
  ms: number
  stats: PlanStats
  /** The query worker that answered, as in QueryOutcome. */
  worker?: number
}

/**
 * Runs a query and encodes its answer as JSON where it ran: a query worker hands the server one
 * string, which crosses threads as a copy of its bytes, instead of a graph of objects to clone and
 * then encode on the server's own thread (a list of 10,000 documents: about 9 MB either way).
 */
export async function runQueryText(ds: DatasetState, query: string, options: QueryOptions = {}): Promise<QueryText> {
  const {result, ms, stats} = await runQuery(ds, query, options)
  const json = JSON.stringify(result) ?? 'null'
  if (json.length > MAX_QUERY_ANSWER_CHARS) throw answerTooLarge(json.length)
  return {json, ms, stats}
}

const NEEDS_ASYNC = Symbol('needs the asynchronous evaluator')

/** The query's result from groq-js's synchronous evaluator, or NEEDS_ASYNC when it cannot evaluate the query. */
function syncResult(tree: ExprNode, options: Parameters<typeof evaluateSync>[1]): unknown {
  try {
    return evaluateSync(tree, options).data
  } catch {
    // Any failure (an unsupported node, or a genuine evaluation error) is left to the
    // asynchronous evaluator, which is the reference: it raises the error the client sees.
    return NEEDS_ASYNC
  }
}

/** Whether a document matches a listener query (`*[filter]`, `*`, with or without projection). */
export async function matchesListenerQuery(tree: ExprNode, doc: Doc, params: Record<string, unknown>, identity?: string): Promise<boolean> {
  const value = await evaluate(tree, {dataset: [doc], params, identity})
  const result = await value.get()
  if (Array.isArray(result)) return result.length > 0
  return result !== null && result !== undefined && result !== false
}
