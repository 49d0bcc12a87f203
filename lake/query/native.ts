/**
 * Plain JavaScript for the simple GROQ the site and the Studio filter and sort documents with, so
 * that the planner (./plan.ts) can filter and order a list of candidate documents itself instead
 * of having groq-js interpret the condition once per document.
 *
 * Only a small part of GROQ compiles, each piece with groq-js's exact meaning on JSON documents:
 * attribute paths from `@` (`a.b.c`; an attribute of anything but an object is null), constants
 * and parameters, `==` and `!=` (equal only for two strings, numbers or booleans with the same
 * value, or two nulls), `in` a constant list or `path("...")` (a non-string on the left is null),
 * `defined()`, `coalesce()`, `!`, `&&` and `||` with GROQ's three-valued logic, and the fragments
 * of registered fast paths (./fastpaths.ts). Anything else does not compile, and groq-js
 * evaluates the query as written.
 */
import {constantOf, type Node} from './nodes.ts'
import type {Doc} from '../dataset.ts'
import {UNSURE, type Truth} from './fastpaths.ts'
import {attr, equal, totalCompare} from './values.ts'

/** A compiled condition's value for a document. */
export type Condition = (doc: Doc) => Truth
type Value = (doc: Doc) => unknown

/** groq-js's path pattern: `*` one segment, `**` any run, anything else literal. */
function pathPattern(pattern: string): RegExp {
  const parts = pattern.split('.').map((part) => (part === '*' ? '[^.]+' : part === '**' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  return new RegExp(`^${parts.join('.')}$`)
}

/** A scalar or null as groq-js holds a JSON value (undefined is null). */
const json = (value: unknown): unknown => (value === undefined ? null : value)

export interface CompileContext {
  params: Record<string, unknown>
  /**
   * A fast path's answer for a document, if `node` is the fragment of one (compiled by the
   * planner). Asked only where null and false mean the same (a filter keeps neither): a fast path
   * answers false where groq-js may give null.
   */
  fastPath(node: Node): Condition | null
  /** The value a condition has for every document, when the planner knows it (a search for everything is true); null otherwise. */
  constant?(node: Node): boolean | null
}

/** A value expression on `@`, or null when it does not compile. */
export function compileValue(node: Node | undefined, ctx: CompileContext): Value | null {
  if (!node) return null
  switch (node.type) {
    case 'Group':
      return compileValue(node.base as Node, ctx)
    case 'This':
      return (doc) => doc
    case 'AccessAttribute': {
      const name = node.name as string
      if (!node.base) return (doc) => attr(doc, name)
      const base = compileValue(node.base as Node, ctx)
      return base ? (doc) => attr(base(doc), name) : null
    }
    case 'Value':
    case 'Parameter':
    case 'Array': {
      const constant = constantOf(ctx.params, node)
      if (!constant) return null
      const value = json(constant.value)
      return () => value
    }
    case 'FuncCall': {
      if (node.namespace !== 'global' || node.name !== 'coalesce') return null
      const args = (node.args as Node[]).map((arg) => compileValue(arg, ctx))
      if (args.some((arg) => arg === null)) return null
      const values = args as Value[]
      return (doc) => {
        for (const value of values) {
          const v = value(doc)
          if (v !== null) return v
        }
        return null
      }
    }
    default:
      return null
  }
}

/** `left || right` (decides: true) or `left && right` (false) with GROQ's three-valued logic, the right side skipped when the left decides. */
export function either(left: Condition, right: Condition, decides: boolean): Condition {
  return (doc) => {
    const a = left(doc)
    if (a === decides) return decides
    const b = right(doc)
    if (b === decides) return decides
    if (a === UNSURE || b === UNSURE) return UNSURE
    return a === null || b === null ? null : !decides
  }
}

/** `!base`: null and not-sure stay as they are. */
export function negated(base: Condition): Condition {
  return (doc) => {
    const value = base(doc)
    return value === UNSURE || value === null ? value : !value
  }
}

/**
 * A condition on `@`, or null when it does not compile. `truthOnly`: only whether it is true
 * counts (a filter's condition, and the sides of `&&` and `||` there), where null and false are
 * the same.
 */
export function compileCondition(node: Node | undefined, ctx: CompileContext, truthOnly = true): Condition | null {
  if (!node) return null
  if (truthOnly) {
    const fast = ctx.fastPath(node)
    if (fast) return fast
  }
  const constant = ctx.constant?.(node)
  if (typeof constant === 'boolean') return () => constant
  switch (node.type) {
    case 'Group':
      return compileCondition(node.base as Node, ctx, truthOnly)
    case 'Value': {
      const value = node.value
      return typeof value === 'boolean' ? () => value : () => null
    }
    case 'And':
    case 'Or': {
      // A side that decides for every document decides (`true || x` is true, `false && x` false, whatever x is).
      const decider = node.type === 'Or'
      if (ctx.constant?.(node.left as Node) === decider || ctx.constant?.(node.right as Node) === decider) return () => decider
      const left = compileCondition(node.left as Node, ctx, truthOnly)
      const right = left && compileCondition(node.right as Node, ctx, truthOnly)
      if (!left || !right) return null
      return either(left, right, node.type === 'Or')
    }
    case 'Not': {
      const base = compileCondition(node.base as Node, ctx, false)
      return base ? negated(base) : null
    }
    case 'OpCall': {
      const op = node.op as string
      if (op === '==' || op === '!=') {
        const left = compileValue(node.left as Node, ctx)
        const right = left && compileValue(node.right as Node, ctx)
        if (!left || !right) return null
        return op === '==' ? (doc) => equal(left(doc), right(doc)) : (doc) => !equal(left(doc), right(doc))
      }
      if (op === 'in') {
        const left = compileValue(node.left as Node, ctx)
        if (!left) return null
        const right = node.right as Node
        if (right.type === 'FuncCall' && right.namespace === 'global' && right.name === 'path') {
          const pattern = constantOf(ctx.params, (right.args as Node[])[0])
          if (!pattern || typeof pattern.value !== 'string' || (right.args as Node[]).length !== 1) return null
          const re = pathPattern(pattern.value)
          return (doc) => {
            const value = left(doc)
            return typeof value === 'string' ? re.test(value) : null
          }
        }
        const list = constantOf(ctx.params, right)
        if (!list) return null
        if (!Array.isArray(list.value)) return () => null
        const items = list.value.map(json)
        return (doc) => {
          const value = left(doc)
          return items.some((item) => equal(value, item))
        }
      }
      return null
    }
    case 'FuncCall': {
      if (node.namespace !== 'global' || node.name !== 'defined' || (node.args as Node[]).length !== 1) return null
      const value = compileValue((node.args as Node[])[0], ctx)
      return value ? (doc) => value(doc) !== null : null
    }
    default:
      return null
  }
}

/** `order(...)`'s terms compiled: documents sorted as groq-js sorts them (stable, by totalCompare per term), or null when a term does not compile. */
export function compileOrder(args: Node[], ctx: CompileContext): ((docs: readonly Doc[]) => Doc[]) | null {
  const terms: Array<{value: Value; desc: boolean}> = []
  for (const arg of args) {
    const desc = arg.type === 'Desc'
    const inner = arg.type === 'Desc' || arg.type === 'Asc' ? (arg.base as Node) : arg
    const value = compileValue(inner, ctx)
    if (!value) return null
    terms.push({value, desc})
  }
  return (docs) => {
    const keyed = docs.map((doc, index) => ({doc, index, keys: terms.map((term) => term.value(doc))}))
    keyed.sort((a, b) => {
      for (let i = 0; i < terms.length; i++) {
        let c = totalCompare(a.keys[i], b.keys[i])
        if (terms[i].desc) c = -c
        if (c !== 0) return c
      }
      return a.index - b.index
    })
    return keyed.map((entry) => entry.doc)
  }
}
