/**
 * The planner: rewrites a parsed tree so that groq-js evaluates it against the dataset's indexes
 * instead of scanning (see ./run.ts for the whole pipeline).
 *
 * groq-js evaluates `*` by scanning every document and `->` by scanning again. Before evaluating,
 * the parsed tree is rewritten:
 *  - `*[cond]` whose condition constrains `_type`, `_id`, `slug.current`, `references(...)`,
 *    `x._ref`, `sanity::versionOf(...)` or `sanity::partOfRelease(...)` to constants gets the
 *    matching documents (from the indexes, see ./constraints.ts) as a literal base instead of `*`;
 *    the condition itself stays, so the result is exactly what a full scan gives.
 *  - `*[... x._ref == ^._id ...]` / `_id == ^.ref` / `_id in ^.list[]._ref` / `references(^._id)`
 *    inside projections (the value depends on the outer document) get their candidates per outer
 *    document through a lookup hook (groq-js calls `dereference` for `->`; special ids starting
 *    with NUL reach the lake).
 *  - A subquery in a filter's condition over documents that reads nothing of the document or of
 *    any scope around it (`_id in *[_type == "article"].body[].markDefs[].expert._ref`) is
 *    evaluated once, before the filter, and its value stands in its place (./hoist.ts), so the
 *    indexes narrow the filter by it as by a parameter.
 *  - `&&` and `||` in filter conditions are evaluated lazily (see lazyCondition).
 *  - `->` resolves through the id map (`dereference` option).
 *  - A registered fast path's fragment (./fastpaths.ts; the site's compliance check of
 *    ./compliance.ts is one), exactly as parsed with the query's parameters, wherever a filter over
 *    documents of the dataset holds it (its condition, a side of `&&`/`||` there, a `select`
 *    there), is answered per document in plain JavaScript, the answer kept by the view until what
 *    it read changes; where the fast path is not sure of a document, groq-js evaluates the fragment
 *    as written.
 *  - `L match text::query($q)`: the search string becomes a groq-js `match` pattern (every term a
 *    prefix, `-term` excluded) and `@` in `L` becomes every string in the document.
 */
import './compliance.ts'
import type {DatasetState, Doc, View} from '../dataset.ts'
import {Clock, fastPaths, UNSURE, type AnswerSource, type FastPath, type KeptAnswers, type Prepared} from './fastpaths.ts'
import {BASE_ONLY_TYPES, CANDIDATES_HOOK, FAST_PATH_HOOK, ID_SEPARATOR, STATIC_HOOK, STRINGS_HOOK, THIS_ID, hookCall, attributePath, constantOf, isDocumentList, lazyCondition, type Hidden, type Node} from './nodes.ts'
import {compileScore} from './score.ts'
import {compileCondition, compileOrder, type CompileContext, type Condition} from './native.ts'
import {parseQuery} from './parse.ts'
import type {KeptList} from './maintained.ts'
import {rawIdsShownAs, staticIds as staticIdsOf} from './constraints.ts'
import {isTextQuery, textQueryTerms} from './text.ts'
import {isPlainData, replaceClosed} from './hoist.ts'
import {RELEASE_TYPE} from '../../plugins/medical-claims/rules/ids.ts'

/** Below this many candidates a filter is evaluated afresh rather than kept (./maintained.ts). */
const KEPT_LIST_MIN = 64

interface DynamicSlot {
  /** id: `_id == ^.x`; ids: `_id in ^.x[]._ref` (the ids joined with ID_SEPARATOR); ref: `x._ref == ^._id`, `references(^._id)`. */
  kind: 'id' | 'ids' | 'ref'
  staticIds: Set<string> | null
}

export interface PlanStats {
  /** `*` evaluated over the whole view (no index applied). */
  fullScans: number
  /** `*[...]` narrowed by indexes. */
  planned: number
  /** `*[...]` narrowed per outer document. */
  dynamic: number
  /** Conditions answered by a fast path (./fastpaths.ts), such as the compliance check. */
  fastPaths: number
  /** Values answered by a fast path, such as the medical review that counts. */
  fastValues: number
  /** Filters and orders over candidate lists evaluated in plain JavaScript (./native.ts). */
  native: number
  /** Subqueries of filter conditions evaluated once for the whole filter (./hoist.ts). */
  hoisted: number
  /** Fast-path answers taken from those the view kept, and answers computed afresh. */
  answersKept: number
  answersComputed: number
}

/** JSON text of parsed nodes (parsed trees are cached and never changed, so each is written once). */
const nodeJson = new WeakMap<object, string>()

function jsonOf(node: Node): string {
  let json = nodeJson.get(node)
  if (json === undefined) nodeJson.set(node, (json = JSON.stringify(node)))
  return json
}

/**
 * `B{..., "k": [e0, e1, ...]} | order(k[i] desc, ...) [a...b]`, the Studio's document lists and
 * search: the same as `(B | order(ei desc, ...))[a...b]{...}` when each ordering term is an
 * attribute path of the element (the projection keeps the order of its elements and gives each
 * the same key): sorted before it is projected (natively, over documents), so only the page is
 * projected. Null when the query has another shape.
 */
function orderBeforeProjection(slice: Node): Node | null {
  const order = slice.base as Node
  if (order?.type !== 'PipeFuncCall' || order.name !== 'order') return null
  const map = order.base as Node
  if (map?.type !== 'Map' || (map.expr as Node)?.type !== 'Projection') return null
  const projection = map.expr as Node
  if ((projection.base as Node)?.type !== 'This' || (projection.expr as Node)?.type !== 'Object') return null
  const attributes = (projection.expr as Node).attributes as Array<{type: string; name?: string; value?: Node}>
  /** The expression the projection gives attribute `name`, when it is the last word on it. */
  const projected = (name: string): Node | null => {
    for (let i = attributes.length - 1; i >= 0; i--) {
      const attribute = attributes[i]
      if (attribute.type !== 'ObjectAttributeValue') return null
      if (attribute.name === name) return attribute.value ?? null
    }
    return null
  }
  const args: Node[] = []
  for (const arg of order.args as Node[]) {
    const direction = arg.type === 'Asc' || arg.type === 'Desc' ? arg.type : null
    let term = direction ? (arg.base as Node) : arg
    let value: Node | null = null
    if (term?.type === 'AccessElement' && typeof term.index === 'number') {
      const list = attributePath(term.base as Node)
      const array = list?.length === 1 ? projected(list[0]) : null
      const elements = array?.type === 'Array' ? (array.elements as Array<{value: Node; isSplat: boolean}>) : null
      if (!elements || elements.some((el) => el.isSplat)) return null
      value = elements[term.index as number]?.value ?? null
    } else {
      const path = attributePath(term)
      value = path?.length === 1 ? projected(path[0]) : null
    }
    if (!value || !attributePath(value)) return null
    term = value
    args.push(direction ? ({...arg, base: term} as Node) : term)
  }
  const sorted = {...order, base: map.base, args} as Node
  return {...map, base: {...slice, base: sorted}} as Node
}

/** A registered fast path whose parameters this query has. */
interface ActivePath {
  fastPath: FastPath
  prepared: Prepared<unknown>
  /** The fragment as groq-js parses it with the query's parameters (as JSON), once needed. */
  tree?: {type: string; json: string} | null
  kept?: KeptAnswers
  /** Answers given in this query, by document id. */
  memo: Map<string, unknown>
}

export class Planner {
  readonly ds: DatasetState
  readonly view: View
  readonly params: Record<string, unknown>
  readonly slots: DynamicSlot[] = []
  readonly stats: PlanStats = {fullScans: 0, planned: 0, dynamic: 0, fastPaths: 0, fastValues: 0, native: 0, hoisted: 0, answersKept: 0, answersComputed: 0}
  private readonly paths: ActivePath[] = []
  /** Whether `score()` over documents is computed here (./score.ts); off with the fast paths. */
  private readonly nativeScore: boolean
  /**
   * Evaluates a rewritten subtree at the query's top scope (set by runQuery, which holds the
   * evaluation's options); null when it cannot (then the subtree is left where it stands).
   * `everything`: the subtree scans the whole view.
   */
  evaluateClosed: ((planned: Node, everything: boolean) => {value: unknown} | null) | null = null

  constructor(ds: DatasetState, view: View, params: Record<string, unknown>, native = true) {
    this.ds = ds
    this.view = view
    this.params = params
    this.compileContext.params = params
    this.nativeScore = native
    if (!native) return
    for (const fastPath of fastPaths()) {
      const prepared = fastPath.prepare(params)
      if (prepared) this.paths.push({fastPath, prepared, memo: new Map()})
    }
  }

  // Fast paths ------------------------------------------------------------------------------------

  private fragmentTree(path: ActivePath): {type: string; json: string} | null {
    if (path.tree !== undefined) return path.tree
    let tree: {type: string; json: string} | null = null
    try {
      if (path.fastPath.kind === 'value') {
        const parsed = parseQuery(path.fastPath.fragment, this.params) as Node
        tree = {type: parsed.type, json: jsonOf(parsed)}
      } else {
        const parsed = parseQuery(`*[${path.fastPath.fragment}]`, this.params) as Node
        if (parsed.type === 'Filter') tree = {type: (parsed.expr as Node).type, json: jsonOf(parsed.expr as Node)}
      }
    } catch {
      tree = null
    }
    path.tree = tree
    return tree
  }

  /** The index of the fast path of this kind whose fragment `node` is, or -1. */
  private fastPathIndex(node: Node, kind: 'condition' | 'value'): number {
    for (let i = 0; i < this.paths.length; i++) {
      if ((this.paths[i].fastPath.kind ?? 'condition') !== kind) continue
      const tree = this.fragmentTree(this.paths[i])
      if (tree !== null && node.type === tree.type && jsonOf(node) === tree.json) return i
    }
    return -1
  }

  /** The fragment of a fast path, answered by it (by groq-js where it is not sure), if `node` is one. */
  private fastPathFor(node: Node, kind: 'condition' | 'value'): Node | null {
    const i = this.fastPathIndex(node, kind)
    if (i >= 0) {
      if (kind === 'condition') this.stats.fastPaths++
      else this.stats.fastValues++
      const asWritten = kind === 'condition' ? lazyCondition(this.rewrite(node, false)) : this.rewriteChildren(node, false)
      return {type: 'FuncCall', namespace: 'global', name: 'coalesce', args: [hookCall(`${FAST_PATH_HOOK}${i}:`, THIS_ID), asWritten]} as unknown as Node
    }
    return null
  }

  /** Whether any value fast path is active (then rewrite() tracks where `@` is a document). */
  private get valuePaths(): boolean {
    return (this.hasValuePaths ??= this.paths.some((path) => path.fastPath.kind === 'value'))
  }

  private hasValuePaths: boolean | undefined
  /** Whether `@` is a document of the dataset where rewrite() is (a projection of documents, a filter's condition). */
  private documentScope = false

  /**
   * Whether each element `node` gives (or the one element) is a document of the dataset where it
   * stands: a list of documents, a slice of one, an element of one, or `@` where `@` is one.
   */
  private atDocuments(node: Node): boolean {
    if (node.type === 'This') return this.documentScope
    if (isDocumentList(node)) return true
    return (node.type === 'Slice' || node.type === 'AccessElement' || node.type === 'Group') && this.atDocuments(node.base as Node)
  }

  /** Runs `fn` with `@` known (or not) to be a document of the dataset. */
  private inScope<T>(documents: boolean, fn: () => T): T {
    const outer = this.documentScope
    this.documentScope = documents
    try {
      return fn()
    } finally {
      this.documentScope = outer
    }
  }

  private readonly compileContext: CompileContext = {
    params: {},
    constant: (node) => this.textQueryConstant(node),
    fastPath: (node) => {
      const i = this.fastPathIndex(node, 'condition')
      if (i < 0) return null
      this.stats.fastPaths++
      return (doc) => {
        const answer = this.fastAnswer(i, doc._id)
        return answer === null ? UNSURE : (answer as boolean)
      }
    },
  }

  private paramsJsonCache: string | null | undefined

  private paramsJson(): string | null {
    if (this.paramsJsonCache === undefined) {
      try {
        this.paramsJsonCache = JSON.stringify(this.params)
      } catch {
        this.paramsJsonCache = null
      }
    }
    return this.paramsJsonCache
  }

  /**
   * `*[C1][C2]...` over many candidates (from the indexes, by C1) whose conditions all compile:
   * the list the view keeps up to date for it (./maintained.ts), or null.
   */
  private keptFilter(node: Node): {list: KeptList; docs: Doc[]} | null {
    // An order over a filter asks first; the filter itself may ask again when rewritten.
    if (this.keptFilters.has(node)) return this.keptFilters.get(node) ?? null
    const kept = this.buildKeptFilter(node)
    this.keptFilters.set(node, kept)
    return kept
  }

  private readonly keptFilters = new Map<Node, {list: KeptList; docs: Doc[]} | null>()

  private buildKeptFilter(node: Node): {list: KeptList; docs: Doc[]} | null {
    const conditions: Node[] = []
    let inner = node
    while (inner.type === 'Filter') {
      conditions.push(inner.expr as Node)
      inner = inner.base as Node
    }
    if (inner.type !== 'Everything' || conditions.length === 0 || !this.view.keeps) return null
    conditions.reverse()
    const params = this.paramsJson()
    if (params === null) return null
    const staticIds = staticIdsOf(this.ds, this.view, this.params, conditions[0])
    if (!staticIds || staticIds.size < KEPT_LIST_MIN) return null
    const compiled: Condition[] = []
    for (const condition of conditions) {
      const c = compileCondition(condition, this.compileContext)
      if (!c) return null
      compiled.push(c)
    }
    const condition: Condition =
      compiled.length === 1
        ? compiled[0]
        : (doc) => {
            let unsure = false
            for (const c of compiled) {
              const value = c(doc)
              if (value === UNSURE) unsure = true
              else if (value !== true) return false
            }
            return unsure ? UNSURE : true
          }
    const list = this.view.keptList(jsonOf(node), params)
    const docs = list.documents(this.view, condition, () => this.view.candidates(staticIds))
    if (!docs) return null
    this.stats.planned++
    this.stats.native++
    return {list, docs}
  }

  /**
   * `<candidates>[<condition>]` with the condition compiled to plain JavaScript (./native.ts): the
   * documents it holds true, as a literal list; null when the condition does not compile. Where a
   * fast path is not sure of a document, that document is left to groq-js with the condition as
   * written (`rewritten`).
   */
  private filterNatively(candidates: Doc[], condition: Node, rewritten: () => Node): Node | null {
    const compiled: Condition | null = compileCondition(condition, this.compileContext)
    if (!compiled) return null
    this.stats.native++
    const kept: Doc[] = []
    let unsure = false
    for (const doc of candidates) {
      const value = compiled(doc)
      if (value === true) kept.push(doc)
      else if (value === UNSURE) {
        kept.push(doc)
        unsure = true
      }
    }
    const list = {type: 'Value', value: kept} as unknown as Node
    return unsure ? ({type: 'Filter', base: list, expr: rewritten()} as unknown as Node) : list
  }

  /**
   * A filter's condition rewritten; where `@` is a document of the dataset (`documents`), a fast
   * path's fragment is answered by it wherever only its truth counts: the condition itself, a
   * side of `&&` or `||`, a `select` there.
   */
  private rewriteCondition(node: Node, documents: boolean): Node {
    if (!node || typeof node !== 'object') return node
    if (documents && this.paths.length > 0) {
      const fast = this.fastPathFor(node, 'condition')
      if (fast) return fast
      switch (node.type) {
        case 'Group':
          return {...node, base: this.rewriteCondition(node.base as Node, true)} as Node
        case 'And':
        case 'Or':
          return {...node, left: this.rewriteCondition(node.left as Node, true), right: this.rewriteCondition(node.right as Node, true)} as Node
        case 'Select': {
          const alternatives = (node.alternatives as Array<Node & {condition: Node; value: Node}>).map((alt) => ({
            ...alt,
            condition: this.rewriteCondition(alt.condition, true),
            value: this.rewriteCondition(alt.value, true),
          }))
          const fallback = node.fallback ? this.rewriteCondition(node.fallback as Node, true) : node.fallback
          return {...node, alternatives, fallback} as Node
        }
      }
    }
    return this.inScope(documents, () => this.rewrite(node, false))
  }

  /** A fast path's answer for the document with this id: true, false, or null to let groq-js decide. Kept by the view until what it read changes. */
  fastAnswer(index: number, id: string): unknown {
    const path = this.paths[index]
    if (!path) return null
    const known = path.memo.get(id)
    if (known !== undefined) return known
    const doc = this.view.get(id)
    let answer: unknown = null
    if (doc) {
      const {time, params} = path.prepared
      const source: AnswerSource = {get: (ref) => this.view.get(ref), referencing: (ref) => this.view.candidates(this.ds.idsReferencing(ref))}
      const evaluate = (tracking: AnswerSource, clock: Clock) => path.fastPath.answer(doc, tracking, params, clock)
      // A release stack keeps nothing: the answer holds for this query.
      const kept = this.view.keeps ? (path.kept ??= this.view.keptAnswers(`${path.fastPath.name}\n${path.prepared.key}`)) : null
      const found = kept?.lookup(id, time)
      if (found) {
        answer = found.value
        this.stats.answersKept++
      } else {
        this.stats.answersComputed++
        answer = kept ? kept.answer(doc, source, evaluate, time) : evaluate(source, new Clock(time))
      }
    }
    path.memo.set(id, answer)
    return answer
  }

  // Dynamic constraints (depending on an outer document) -----------------------------------------

  /** `E` moved from the filter condition's scope to the scope the filter base is evaluated in. */
  private lift(node: Node | undefined, hidden: boolean): Node | null {
    if (!node) return null
    switch (node.type) {
      case 'Value':
      case 'Parameter':
        return node
      case 'Parent': {
        const n = node.n as number
        if (hidden) return node
        return (n - 1 === 0 ? {type: 'This'} : {type: 'Parent', n: n - 1}) as Node
      }
      case 'AccessAttribute': {
        if (!node.base) return null
        const base = this.lift(node.base as Node, hidden)
        return base ? ({...node, base} as Node) : null
      }
      case 'AccessElement':
      case 'Deref':
      case 'Group': {
        const base = this.lift(node.base as Node, hidden)
        return base ? ({...node, base} as Node) : null
      }
      // An id built from the outer document (`"drafts." + ^.article._ref`): both sides moved out.
      case 'OpCall': {
        if (node.op !== '+') return null
        const left = this.lift(node.left as Node, hidden)
        const right = left ? this.lift(node.right as Node, hidden) : null
        return left && right ? ({...node, left, right} as Node) : null
      }
      default:
        return null
    }
  }

  private usesParent(node: Node): boolean {
    if (node.type === 'Parent') return true
    if (node.type === 'OpCall' && node.op === '+') return this.usesParent(node.left as Node) || this.usesParent(node.right as Node)
    return node.base ? this.usesParent(node.base as Node) : false
  }

  private containsParent(node: unknown): boolean {
    if (!node || typeof node !== 'object') return false
    if ((node as Node).type === 'Parent') return true
    if ((node as Node).type === 'Value') return false
    return Object.values(node as Record<string, unknown>).some((v) => (Array.isArray(v) ? v.some((i) => this.containsParent(i)) : this.containsParent(v)))
  }

  /**
   * `^.list[]._ref` (a list of ids from the outer document) as one string key: the lifted list
   * joined with ID_SEPARATOR. Only a Map whose element expression does not look outside its own
   * element, over (an array coercion of) a path from the outer document.
   */
  private liftIdList(node: Node, hidden: boolean): Node | null {
    let inner = node
    while (inner.type === 'Group') inner = inner.base as Node
    if (inner.type !== 'Map' || this.containsParent(inner.expr)) return null
    let base = inner.base as Node
    const coerce = base.type === 'ArrayCoerce'
    if (coerce) base = base.base as Node
    if (!this.usesParent(base)) return null
    const lifted = this.lift(base, hidden)
    if (!lifted) return null
    const list = {...inner, base: coerce ? {type: 'ArrayCoerce', base: lifted} : lifted} as Node
    return {type: 'FuncCall', namespace: 'array', name: 'join', args: [list, {type: 'Value', value: ID_SEPARATOR}]} as unknown as Node
  }

  /**
   * A subquery of a filter's condition (evaluated with `@` the filtered document) moved to the
   * filter base's scope, when its value does not depend on the filtered document: `^` reaching
   * past it loses a level, and nothing may reach the filtered document itself (`@` or an attribute
   * at the top, or a `^` landing on it). `depth` counts the scopes entered inside the subquery.
   * Null when it cannot be moved (a `^` inside a traversal, which groq-js evaluates in a hidden
   * scope, or a node this does not know).
   */
  private liftScope(node: Node, depth: number): Node | null {
    if (!node || typeof node !== 'object') return node
    const at = (child: unknown, d: number): Node | null | undefined => (child === undefined ? undefined : this.liftScope(child as Node, d))
    if (BASE_ONLY_TYPES.has(node.type)) {
      const base = at(node.base, depth)
      return base ? ({...node, base} as Node) : null
    }
    switch (node.type) {
      case 'Everything':
      case 'Value':
      case 'Parameter':
        return node
      case 'This':
        return depth === 0 ? null : node
      case 'Parent': {
        const n = node.n as number
        if (n < depth) return node
        if (n === depth) return null
        return (n - 1 === 0 ? {type: 'This'} : {type: 'Parent', n: n - 1}) as Node
      }
      case 'AccessAttribute': {
        if (!node.base) return depth === 0 ? null : node
        const base = at(node.base, depth)
        return base ? ({...node, base} as Node) : null
      }
      case 'Filter':
      case 'Projection': {
        const base = at(node.base, depth)
        const expr = base && at(node.expr, depth + 1)
        return base && expr ? ({...node, base, expr} as Node) : null
      }
      case 'PipeFuncCall': {
        const base = at(node.base, depth)
        if (!base) return null
        const args: Node[] = []
        for (const arg of node.args as Node[]) {
          const lifted = at(arg, depth + 1)
          if (!lifted) return null
          args.push(lifted)
        }
        return {...node, base, args} as Node
      }
      case 'Map':
      case 'FlatMap': {
        if (this.containsParent(node.expr)) return null
        const base = at(node.base, depth)
        return base ? ({...node, base} as Node) : null
      }
      case 'And':
      case 'Or':
      case 'OpCall': {
        const left = at(node.left, depth)
        const right = left && at(node.right, depth)
        return left && right ? ({...node, left, right} as Node) : null
      }
      case 'FuncCall': {
        const args: Node[] = []
        for (const arg of node.args as Node[]) {
          const lifted = at(arg, depth)
          if (!lifted) return null
          args.push(lifted)
        }
        return {...node, args} as Node
      }
      default:
        return null
    }
  }

  /** `_id in <subquery's ids>` whose subquery does not depend on the filtered document: the ids, joined, in the filter base's scope. */
  private liftSubqueryIds(node: Node, hidden: boolean): Node | null {
    if (hidden || !this.containsEverything(node)) return null
    const moved = this.liftScope(node, 0)
    if (!moved) return null
    // Planned like any other part of the query (its `*` must reach the documents).
    const lifted = this.rewrite(moved, hidden)
    const strings = {type: 'Filter', base: {type: 'ArrayCoerce', base: lifted}, expr: {type: 'FuncCall', namespace: 'global', name: 'defined', args: [{type: 'This'}]}}
    return {type: 'FuncCall', namespace: 'array', name: 'join', args: [strings, {type: 'Value', value: ID_SEPARATOR}]} as unknown as Node
  }

  private containsEverything(node: unknown): boolean {
    if (!node || typeof node !== 'object') return false
    if ((node as Node).type === 'Everything') return true
    if ((node as Node).type === 'Value') return false
    return Object.values(node as Record<string, unknown>).some((v) => (Array.isArray(v) ? v.some((i) => this.containsEverything(i)) : this.containsEverything(v)))
  }

  /** A conjunct of `expr` that pins `_id` or a reference to a value from the outer document. */
  private dynamicConstraint(expr: Node, hidden: boolean): {kind: DynamicSlot['kind']; key: Node} | null {
    if (expr.type === 'Group') return this.dynamicConstraint(expr.base as Node, hidden)
    if (expr.type === 'And') {
      return this.dynamicConstraint(expr.left as Node, hidden) ?? this.dynamicConstraint(expr.right as Node, hidden)
    }
    if (expr.type === 'OpCall' && expr.op === '==') {
      for (const [a, b] of [
        [expr.left as Node, expr.right as Node],
        [expr.right as Node, expr.left as Node],
      ]) {
        const path = attributePath(a)
        if (!path || !this.usesParent(b)) continue
        const key = this.lift(b, hidden)
        if (!key) continue
        if (path.length === 1 && path[0] === '_id') return {kind: 'id', key}
        if (path.length >= 2 && path[path.length - 1] === '_ref') return {kind: 'ref', key}
      }
      return null
    }
    if (expr.type === 'OpCall' && expr.op === 'in') {
      const path = attributePath(expr.left as Node)
      if (!path || path.length !== 1 || path[0] !== '_id') return null
      const key = this.liftIdList(expr.right as Node, hidden) ?? this.liftSubqueryIds(expr.right as Node, hidden)
      return key ? {kind: 'ids', key} : null
    }
    if (expr.type === 'FuncCall' && expr.namespace === 'global' && expr.name === 'references') {
      const args = expr.args as Node[]
      if (args.length !== 1 || !this.usesParent(args[0])) return null
      const key = this.lift(args[0], hidden)
      return key ? {kind: 'ref', key} : null
    }
    return null
  }

  private readonly staticCandidatesCache = new Map<number, Doc[]>()

  /** Every candidate of a dynamic slot's static conditions (its fallback), computed once per query when first needed. */
  staticCandidates(slotIndex: number): Doc[] {
    const slot = this.slots[slotIndex]
    if (!slot?.staticIds) return []
    let docs = this.staticCandidatesCache.get(slotIndex)
    if (!docs) {
      docs = this.view.candidates(slot.staticIds)
      this.staticCandidatesCache.set(slotIndex, docs)
    }
    return docs
  }

  /** Candidates for a dynamic slot: called through `dereference` with the outer document's value. */
  candidatesFor(slotIndex: number, value: string): Doc[] {
    const slot = this.slots[slotIndex]
    if (!slot) return []
    let ids: Set<string>
    if (slot.kind === 'id') ids = rawIdsShownAs(this.ds, this.view, value)
    else if (slot.kind === 'ids') {
      ids = new Set()
      for (const id of value.split(ID_SEPARATOR)) if (id) rawIdsShownAs(this.ds, this.view, id, ids)
    } else ids = this.ds.idsReferencing(value)
    if (slot.staticIds) {
      const narrowed = new Set<string>()
      for (const id of ids) if (slot.staticIds.has(id)) narrowed.add(id)
      ids = narrowed
    }
    return this.view.candidates(ids)
  }

  // Rewriting ---------------------------------------------------------------------------------------

  /**
   * A filter over documents with each closed subquery of its condition (./hoist.ts) evaluated
   * now and put in its place as a value. A fast path's fragment keeps its form; a subquery that
   * fails to evaluate here, or whose value is not plain data, stays as written.
   */
  private hoistClosed(node: Node): Node {
    if (!this.evaluateClosed || !isDocumentList(node.base as Node)) return node
    const expr = replaceClosed(
      node.expr as Node,
      (subtree) => {
        if (isDocumentList(subtree)) return null
        const scans = this.stats.fullScans
        const planned = this.rewrite(subtree, false)
        const evaluated = this.evaluateClosed?.(planned, this.stats.fullScans > scans)
        if (!evaluated || !isPlainData(evaluated.value)) return null
        this.stats.hoisted++
        return {type: 'Value', value: evaluated.value} as unknown as Node
      },
      (subtree) => this.paths.length > 0 && (this.fastPathIndex(subtree, 'condition') >= 0 || this.fastPathIndex(subtree, 'value') >= 0),
    )
    return expr === node.expr ? node : ({...node, expr} as Node)
  }

  private planFilterOverEverything(node: Node, hidden: Hidden): Node {
    // The condition as groq-js will evaluate it, rewritten only when needed (it may hold a fast path's whole fragment).
    let rewritten: Node | undefined
    const condition = () => (rewritten ??= lazyCondition(this.rewriteCondition(node.expr as Node, true)))
    const staticIds = staticIdsOf(this.ds, this.view, this.params, node.expr as Node)
    const dynamic = hidden === null ? null : this.dynamicConstraint(node.expr as Node, hidden)
    if (dynamic) {
      const slotIndex = this.slots.push({kind: dynamic.kind, staticIds}) - 1
      this.stats.dynamic++
      let fallback: Node
      if (dynamic.kind === 'id') fallback = {type: 'Value', value: []} as unknown as Node
      else if (staticIds) {
        // Rarely needed (the lookup key was not a string): computed only when used, see staticCandidates.
        fallback = {type: 'Deref', base: {type: 'Value', value: {_ref: `${STATIC_HOOK}${slotIndex}`}}} as unknown as Node
      } else {
        this.stats.fullScans++
        fallback = {type: 'Everything'} as Node
      }
      const lookup = hookCall(`${CANDIDATES_HOOK}${slotIndex}:`, dynamic.key)
      return {...node, base: {type: 'FuncCall', namespace: 'global', name: 'coalesce', args: [lookup, fallback]}, expr: condition()} as unknown as Node
    }
    if (staticIds) {
      this.stats.planned++
      const candidates = this.view.candidates(staticIds)
      return this.filterNatively(candidates, node.expr as Node, condition) ?? ({...node, base: {type: 'Value', value: candidates}, expr: condition()} as unknown as Node)
    }
    this.stats.fullScans++
    return {...node, expr: condition()} as Node
  }

  /** `L match text::query(Q)` with a constant Q that has no terms (a search for everything, "*"): true for every document. Null otherwise. */
  private textQueryConstant(node: Node): boolean | null {
    if (node?.type !== 'OpCall' || node.op !== 'match') return null
    const right = node.right as Node
    const terms = isTextQuery(right) ? textQueryTerms(right, this.params) : null
    return terms && terms.positive.length === 0 && terms.negative.length === 0 ? true : null
  }

  /** `L match text::query(Q)` -> groq-js `match` with a prefix pattern; `@` in L becomes the document's strings. */
  private planTextQuery(node: Node, hidden: Hidden): Node {
    const target = this.textTarget(this.rewrite(node.left as Node, hidden))
    const terms = textQueryTerms(node.right as Node, this.params)
    if (!terms) {
      const queryArg = ((node.right as Node).args as Node[])[0]
      return {type: 'OpCall', op: 'match', left: target, right: queryArg ? this.rewrite(queryArg, hidden) : {type: 'Value', value: ''}} as unknown as Node
    }
    const {positive, negative} = terms
    let result: Node = positive.length
      ? ({type: 'OpCall', op: 'match', left: target, right: {type: 'Value', value: positive.join(' ')}} as unknown as Node)
      : ({type: 'Value', value: true} as unknown as Node)
    for (const term of negative) {
      result = {
        type: 'And',
        left: result,
        right: {type: 'Not', base: {type: 'OpCall', op: 'match', left: target, right: {type: 'Value', value: term}}},
      } as unknown as Node
    }
    return result
  }

  private textTarget(node: Node): Node {
    const strings = hookCall(STRINGS_HOOK, THIS_ID)
    if (node.type === 'This') return strings
    if (node.type === 'Array') {
      const elements = (node.elements as Array<{type: string; value: Node; isSplat: boolean}>).map((el) =>
        el.value.type === 'This' ? {type: 'ArrayElement', value: strings, isSplat: true} : el,
      )
      return {...node, elements} as Node
    }
    return node
  }

  rewrite(node: Node, hidden: Hidden): Node {
    if (!node || typeof node !== 'object') return node
    if (this.documentScope && this.valuePaths) {
      const fast = this.fastPathFor(node, 'value')
      if (fast) return fast
    }
    switch (node.type) {
      case 'Everything':
        this.stats.fullScans++
        return node
      case 'Filter': {
        const kept = this.keptFilter(node)
        if (kept) return {type: 'Value', value: kept.docs} as unknown as Node
        node = this.hoistClosed(node)
        if ((node.base as Node).type === 'Everything') return this.planFilterOverEverything(node, hidden)
        const documents = isDocumentList(node.base as Node)
        const base = this.rewrite(node.base as Node, hidden)
        const expr = () => lazyCondition(this.rewriteCondition(node.expr as Node, documents))
        if (documents && base.type === 'Value' && Array.isArray(base.value)) {
          const native = this.filterNatively(base.value as Doc[], node.expr as Node, expr)
          if (native) return native
        }
        return {...node, base, expr: expr()} as Node
      }
      case 'Map':
      case 'FlatMap': {
        const base = this.rewrite(node.base as Node, hidden)
        return {...node, base, expr: this.inScope(this.atDocuments(node.base as Node), () => this.rewrite(node.expr as Node, true))} as Node
      }
      case 'Projection': {
        const base = this.rewrite(node.base as Node, hidden)
        return {...node, base, expr: this.inScope(this.atDocuments(node.base as Node), () => this.rewrite(node.expr as Node, false))} as Node
      }
      case 'PipeFuncCall': {
        // `<documents> | score(...)`, scored here when every argument compiles (./score.ts).
        if (node.name === 'score' && this.nativeScore && isDocumentList(node.base as Node)) {
          const score = compileScore(node.args as Node[], this.compileContext)
          const base = score ? this.rewrite(node.base as Node, hidden) : null
          const scored = base && base.type === 'Value' && Array.isArray(base.value) ? score?.(base.value as Doc[]) : null
          if (scored) {
            this.stats.native++
            return {type: 'Value', value: scored} as unknown as Node
          }
          if (base) return {...node, base, args: this.inScope(false, () => (node.args as Node[]).map((a) => this.rewrite(a, false)))} as Node
        }
        // `<candidates> | order(...)`, sorted here when the terms compile; over a kept list, kept sorted.
        const order = node.name === 'order' && isDocumentList(node.base as Node) ? compileOrder(node.args as Node[], this.compileContext) : null
        const kept = order && (node.base as Node).type === 'Filter' ? this.keptFilter(node.base as Node) : null
        if (order && kept) {
          this.stats.native++
          return {type: 'Value', value: kept.list.ordered(jsonOf(node), kept.docs, order)} as unknown as Node
        }
        const base = this.rewrite(node.base as Node, hidden)
        if (order && base.type === 'Value' && Array.isArray(base.value)) {
          this.stats.native++
          return {type: 'Value', value: order(base.value as Doc[])} as unknown as Node
        }
        return {...node, base, args: this.inScope(false, () => (node.args as Node[]).map((a) => this.rewrite(a, false)))} as Node
      }
      case 'Slice': {
        const sorted = orderBeforeProjection(node)
        return sorted ? this.rewrite(sorted, hidden) : this.rewriteChildren(node, hidden)
      }
      case 'OpCall': {
        if (node.op === 'match' && isTextQuery(node.right as Node)) {
          return this.planTextQuery(node, hidden)
        }
        return this.rewriteChildren(node, hidden)
      }
      case 'FuncCall': {
        const ns = node.namespace as string
        const name = node.name as string
        if (ns === 'releases' && name === 'all') {
          // groq-js yields every document of type "system.release" in the dataset's order: the type index's filter.
          const releases = {type: 'Filter', base: {type: 'Everything'}, expr: {type: 'OpCall', op: '==', left: {type: 'AccessAttribute', name: '_type'}, right: {type: 'Value', value: RELEASE_TYPE}}}
          return this.rewrite(releases as unknown as Node, hidden)
        }
        if (ns === 'sanity' && name === 'partOfVariant') return {type: 'Value', value: false} as unknown as Node
        if (ns === 'text' && name === 'semanticSimilarity') return {type: 'Value', value: 0} as unknown as Node
        if (ns === 'text' && name === 'query') return {type: 'Value', value: null} as unknown as Node
        if (ns === 'global' && name === 'count' && (node.args as Node[]).length === 1) {
          const list = this.rewrite((node.args as Node[])[0], hidden)
          if (list.type === 'Value' && Array.isArray(list.value)) return {type: 'Value', value: list.value.length} as unknown as Node
          return {...node, args: [list]} as Node
        }
        const sameScope =
          (ns === 'global' && ['count', 'coalesce', 'defined', 'length', 'references', 'boost', 'select', 'string', 'lower', 'upper', 'round'].includes(name)) ||
          ns === 'pt' ||
          ns === 'math' ||
          ns === 'string'
        return {...node, args: (node.args as Node[]).map((a) => this.rewrite(a, sameScope ? hidden : null))} as Node
      }
      default:
        return this.rewriteChildren(node, hidden)
    }
  }

  private rewriteChildren(node: Node, hidden: Hidden): Node {
    let copy: Record<string, unknown> | null = null
    for (const [key, value] of Object.entries(node)) {
      let next: unknown = value
      if (Array.isArray(value)) {
        const mapped = value.map((item) => (item && typeof item === 'object' && typeof item.type === 'string' ? this.rewrite(item as Node, hidden) : item))
        if (mapped.some((m, i) => m !== value[i])) next = mapped
      } else if (value && typeof value === 'object' && typeof (value as {type?: unknown}).type === 'string') {
        next = this.rewrite(value as Node, hidden)
      }
      if (next !== value) {
        const target: Record<string, unknown> = copy ?? {...node}
        target[key] = next
        copy = target
      }
    }
    return (copy ?? node) as Node
  }
}
