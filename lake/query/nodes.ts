/**
 * Tree helpers the planner shares: the node type, the hooks through which a rewritten tree calls
 * back into the lake (groq-js's `dereference`), and rewrites that keep a filter's meaning.
 */
import type {ExprNode} from 'groq-js'

export type Node = ExprNode & Record<string, unknown>
/** true: the scope the node is evaluated in is hidden (inside Map/FlatMap); null: unknown. */
export type Hidden = boolean | null

export const HOOK = '\u0000'
export const CANDIDATES_HOOK = `${HOOK}c:`
export const STRINGS_HOOK = `${HOOK}s:`
export const STATIC_HOOK = `${HOOK}a:`
/** `${FAST_PATH_HOOK}<index of the query's fast path>:<document id>` */
export const FAST_PATH_HOOK = `${HOOK}k`
/** Joins a list of ids in a lookup key (document ids never contain it). */
export const ID_SEPARATOR = '\u0001'

/** `{"_ref": <prefix> + <key>}->`: a call into the lake through groq-js's `dereference` hook (see runQuery). */
export function hookCall(prefix: string, key: unknown): Node {
  return {
    type: 'Deref',
    base: {
      type: 'Object',
      attributes: [{type: 'ObjectAttributeValue', name: '_ref', value: {type: 'OpCall', op: '+', left: {type: 'Value', value: prefix}, right: key}}],
    },
  } as unknown as Node
}

/** Node types whose only child expression is `base`, evaluated in the node's own scope (`!x`, `(x)`, `x->`, `x[1]`, `x[0...3]`, ...). */
export const BASE_ONLY_TYPES: ReadonlySet<string> = new Set(['Group', 'ArrayCoerce', 'Deref', 'Not', 'Neg', 'Pos', 'Asc', 'Desc', 'AccessElement', 'Slice'])

/** `@._id` */
export const THIS_ID = {type: 'AccessAttribute', name: '_id'}

/** An expression whose value is documents of the dataset as they are (so `@._id` finds `@` again): `*`, filtered or ordered. */
export function isDocumentList(node: Node): boolean {
  switch (node.type) {
    case 'Everything':
      return true
    case 'Group':
    case 'Filter':
      return isDocumentList(node.base as Node)
    case 'PipeFuncCall':
      return node.name === 'order' && isDocumentList(node.base as Node)
    default:
      return false
  }
}


/**
 * A condition whose value only counts when it is `true` (a filter's condition), with `&&` and `||`
 * evaluated lazily: groq-js evaluates both sides of `&&`/`||`, so `a && b` becomes
 * `select(a => b, false)` and `a || b` becomes `select(a => true, b)`. In that position the two
 * give `true` for exactly the same elements (`null` and `false` both drop an element), and the
 * right side is skipped whenever the left side decides. Elsewhere (`!(a && b)`, values) `null`
 * and `false` differ, so nothing else is rewritten.
 */
export function lazyCondition(node: Node): Node {
  switch (node.type) {
    case 'Group':
      return {...node, base: lazyCondition(node.base as Node)} as Node
    case 'And':
      return {
        type: 'Select',
        alternatives: [{type: 'SelectAlternative', condition: lazyCondition(node.left as Node), value: lazyCondition(node.right as Node)}],
        fallback: {type: 'Value', value: false},
      } as unknown as Node
    case 'Or':
      return {
        type: 'Select',
        alternatives: [{type: 'SelectAlternative', condition: lazyCondition(node.left as Node), value: {type: 'Value', value: true}}],
        fallback: lazyCondition(node.right as Node),
      } as unknown as Node
    default:
      return node
  }
}

/** The value of a constant expression (a literal, a parameter, an array of constants); null when not constant. */
export function constantOf(params: Record<string, unknown>, node: Node | undefined): {value: unknown} | null {
  if (!node) return null
  if (node.type === 'Value') return {value: node.value}
  if (node.type === 'Parameter') {
    const name = node.name as string
    return Object.prototype.hasOwnProperty.call(params, name) ? {value: params[name]} : null
  }
  if (node.type === 'Group') return constantOf(params, node.base as Node)
  if (node.type === 'Array') {
    const out: unknown[] = []
    for (const el of node.elements as Array<{value: Node; isSplat: boolean}>) {
      const c = constantOf(params, el.value)
      if (!c) return null
      if (el.isSplat) {
        if (!Array.isArray(c.value)) return null
        for (const item of c.value) out.push(item)
      } else out.push(c.value)
    }
    return {value: out}
  }
  return null
}

/** `a.b.c` relative to the current element, as ['a','b','c']; null for anything else. */
export function attributePath(node: Node | undefined): string[] | null {
  if (!node || node.type !== 'AccessAttribute') return null
  const name = node.name as string
  if (!node.base) return [name]
  if ((node.base as Node).type === 'This') return [name]
  const inner = attributePath(node.base as Node)
  return inner ? [...inner, name] : null
}
