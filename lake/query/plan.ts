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
 *  - `&&` and `||` in filter conditions are evaluated lazily (see lazyCondition).
 *  - `->` resolves through the id map (`dereference` option).
 *  - The site's compliance check (ONLY_COMPLIANT of queries/compliance.ts, exactly as parsed with
 *    the query's parameters) filtering documents of the dataset is answered per article by
 *    ./compliance.ts in plain JavaScript, once per article per query; where that module is not
 *    sure of an article (unusual value shapes), groq-js evaluates the check as written.
 *  - `L match text::query($q)`: the search string becomes a groq-js `match` pattern (every term a
 *    prefix, `-term` excluded) and `@` in `L` becomes every string in the document.
 */
import {articleIsCompliant, complianceTree, nativeComplianceParams, type ComplianceSource, type NativeComplianceParams} from './compliance.ts'
import type {DatasetState, Doc, View} from '../dataset.ts'
import {CANDIDATES_HOOK, COMPLIANCE_HOOK, ID_SEPARATOR, STATIC_HOOK, STRINGS_HOOK, THIS_ID, hookCall, attributePath, constantOf, isDocumentList, lazyCondition, type Hidden, type Node} from './nodes.ts'
import {rawIdsShownAs, staticIds as staticIdsOf} from './constraints.ts'
import {compileTextQuery} from './text.ts'

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
  /** Compliance checks answered by ./compliance.ts. */
  nativeCompliance: number
}

export class Planner {
  readonly ds: DatasetState
  readonly view: View
  readonly params: Record<string, unknown>
  readonly slots: DynamicSlot[] = []
  readonly stats: PlanStats = {fullScans: 0, planned: 0, dynamic: 0, nativeCompliance: 0}
  private readonly compliance: NativeComplianceParams | null
  private complianceCheck: {type: string; json: string} | null | undefined
  private readonly complianceMemo = new Map<string, boolean | null>()

  constructor(ds: DatasetState, view: View, params: Record<string, unknown>, native = true) {
    this.ds = ds
    this.view = view
    this.params = params
    this.compliance = native ? nativeComplianceParams(params) : null
  }

  // The compliance check ----------------------------------------------------------------------------

  private isComplianceCheck(expr: Node): boolean {
    if (this.complianceCheck === undefined) this.complianceCheck = complianceTree(this.params)
    const check = this.complianceCheck
    return check !== null && expr.type === check.type && JSON.stringify(expr) === check.json
  }

  /** `<documents>[<compliance check>]` -> the same filter with the check answered by ./compliance.ts (groq-js's when it is not sure). */
  private planComplianceFilter(node: Node, hidden: Hidden): Node | null {
    if (!this.compliance || !isDocumentList(node.base as Node) || !this.isComplianceCheck(node.expr as Node)) return null
    this.stats.nativeCompliance++
    const hook = hookCall(COMPLIANCE_HOOK, THIS_ID)
    const asWritten = lazyCondition(this.rewrite(node.expr as Node, false))
    return {
      ...node,
      base: this.rewrite(node.base as Node, hidden),
      expr: {type: 'FuncCall', namespace: 'global', name: 'coalesce', args: [hook, asWritten]},
    } as unknown as Node
  }

  /** The compliance check for the document with this id: true, false, or null to let groq-js decide. Once per article per query. */
  compliant(id: string): boolean | null {
    const known = this.complianceMemo.get(id)
    if (known !== undefined) return known
    const doc = this.view.get(id)
    const source: ComplianceSource = {get: (ref) => this.view.get(ref), referencing: (ref) => this.view.candidates(this.ds.idsReferencing(ref))}
    const answer = doc && this.compliance ? articleIsCompliant(doc, source, this.compliance) : null
    this.complianceMemo.set(id, answer)
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
      const key = this.liftIdList(expr.right as Node, hidden)
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

  private planFilterOverEverything(node: Node, hidden: Hidden): Node {
    const expr = lazyCondition(this.rewrite(node.expr as Node, false))
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
      return {...node, base: {type: 'FuncCall', namespace: 'global', name: 'coalesce', args: [lookup, fallback]}, expr} as unknown as Node
    }
    if (staticIds) {
      this.stats.planned++
      return {...node, base: {type: 'Value', value: this.view.candidates(staticIds)}, expr} as unknown as Node
    }
    this.stats.fullScans++
    return {...node, expr} as Node
  }

  /** `L match text::query(Q)` -> groq-js `match` with a prefix pattern; `@` in L becomes the document's strings. */
  private planTextQuery(node: Node, hidden: Hidden): Node {
    const target = this.textTarget(this.rewrite(node.left as Node, hidden))
    const queryArg = ((node.right as Node).args as Node[])[0]
    const c = queryArg ? constantOf(this.params, queryArg) : null
    if (!c || typeof c.value !== 'string') {
      return {type: 'OpCall', op: 'match', left: target, right: queryArg ? this.rewrite(queryArg, hidden) : {type: 'Value', value: ''}} as unknown as Node
    }
    const {positive, negative} = compileTextQuery(c.value)
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
    switch (node.type) {
      case 'Everything':
        this.stats.fullScans++
        return node
      case 'Filter': {
        const compliance = this.planComplianceFilter(node, hidden)
        if (compliance) return compliance
        if ((node.base as Node).type === 'Everything') return this.planFilterOverEverything(node, hidden)
        return {...node, base: this.rewrite(node.base as Node, hidden), expr: lazyCondition(this.rewrite(node.expr as Node, false))} as Node
      }
      case 'Map':
      case 'FlatMap':
        return {...node, base: this.rewrite(node.base as Node, hidden), expr: this.rewrite(node.expr as Node, true)} as Node
      case 'Projection':
        return {...node, base: this.rewrite(node.base as Node, hidden), expr: this.rewrite(node.expr as Node, false)} as Node
      case 'PipeFuncCall':
        return {
          ...node,
          base: this.rewrite(node.base as Node, hidden),
          args: (node.args as Node[]).map((a) => this.rewrite(a, false)),
        } as Node
      case 'OpCall': {
        const right = node.right as Node
        if (node.op === 'match' && right?.type === 'FuncCall' && right.namespace === 'text' && right.name === 'query') {
          return this.planTextQuery(node, hidden)
        }
        return this.rewriteChildren(node, hidden)
      }
      case 'FuncCall': {
        const ns = node.namespace as string
        const name = node.name as string
        if (ns === 'releases' && name === 'all') this.stats.fullScans++
        if (ns === 'sanity' && name === 'partOfVariant') return {type: 'Value', value: false} as unknown as Node
        if (ns === 'text' && name === 'semanticSimilarity') return {type: 'Value', value: 0} as unknown as Node
        if (ns === 'text' && name === 'query') return {type: 'Value', value: null} as unknown as Node
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
