/**
 * Subqueries that do not depend on where they stand. groq-js evaluates a filter's condition once
 * per document, and a subquery in it with it: `*[_type == "expert" && _id in *[_type ==
 * "article"].body[].markDefs[].expert._ref]` reads every article once per expert. When such a
 * subquery reads nothing of the document or of any scope around it (it is closed), its value is
 * the same each time, so the planner evaluates it once and puts the value in its place
 * (./plan.ts); the constant then narrows the filter through the indexes, as a parameter does.
 */
import {BASE_ONLY_TYPES, type Node} from './nodes.ts'

/** Functions whose value is not fixed by their arguments alone: evaluated where they stand. */
function dependsOnContext(node: Node): boolean {
  const ns = node.namespace as string
  const name = node.name as string
  if (ns === 'delta') return true
  if (ns === 'dateTime' && name === 'now') return true
  return ns === 'global' && ['now', 'before', 'after', 'operation'].includes(name)
}

function containsParent(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false
  if (Array.isArray(node)) return node.some(containsParent)
  if ((node as Node).type === 'Parent') return true
  if ((node as Node).type === 'Value') return false
  return Object.values(node as Record<string, unknown>).some(containsParent)
}

/**
 * Whether `node`, evaluated `depth` scopes inside the subtree being checked, reads nothing outside
 * that subtree: no `@` or bare attribute at its top, no `^` reaching past it, no function that
 * reads the context. False for any node this does not know.
 */
export function isClosed(node: Node | undefined, depth = 0): boolean {
  if (!node || typeof node !== 'object') return true
  const at = (child: unknown, d = depth) => child === undefined || child === null || isClosed(child as Node, d)
  if (BASE_ONLY_TYPES.has(node.type)) return at(node.base)
  switch (node.type) {
    case 'Everything':
    case 'Value':
    case 'Parameter':
      return true
    case 'This':
      return depth > 0
    case 'Parent':
      return (node.n as number) < depth
    case 'AccessAttribute':
      return node.base ? at(node.base) : depth > 0
    case 'Filter':
    case 'Projection':
      return at(node.base) && at(node.expr, depth + 1)
    case 'PipeFuncCall':
      return at(node.base) && (node.args as Node[]).every((arg) => at(arg, depth + 1))
    case 'Map':
    case 'FlatMap':
      // groq-js evaluates a traversal in a hidden scope, where `^` skips levels: left where it stands.
      return !containsParent(node.expr) && at(node.base)
    case 'And':
    case 'Or':
    case 'OpCall':
      return at(node.left) && at(node.right)
    case 'InRange':
      return at(node.base) && at(node.left) && at(node.right)
    case 'FuncCall':
      if (dependsOnContext(node)) return false
      // `references(x)` tests `@`.
      if (node.namespace === 'global' && node.name === 'references' && depth === 0) return false
      return (node.args as Node[]).every((arg) => at(arg))
    case 'Array':
      return (node.elements as Node[]).every((element) => at(element.value))
    case 'Object':
      return (node.attributes as Node[]).every((attribute) => {
        if (attribute.type === 'ObjectAttributeValue' || attribute.type === 'ObjectSplat') return at(attribute.value)
        if (attribute.type === 'ObjectConditionalSplat') return at(attribute.condition) && at(attribute.value)
        return false
      })
    case 'Select':
      return (node.alternatives as Node[]).every((alt) => at(alt.condition) && at(alt.value)) && at(node.fallback)
    default:
      return false
  }
}

/** Whether `node` reads the dataset (holds `*`). */
export function readsDataset(node: unknown): boolean {
  if (!node || typeof node !== 'object') return false
  if (Array.isArray(node)) return node.some(readsDataset)
  if ((node as Node).type === 'Everything') return true
  // A literal holds data, not nodes.
  if ((node as Node).type === 'Value') return false
  return Object.values(node as Record<string, unknown>).some(readsDataset)
}

/** Parts of nodes that are not expressions (an array's element, an object's attribute, a select's branch): never replaced by a value. */
const NOT_EXPRESSIONS = new Set(['ArrayElement', 'ObjectAttributeValue', 'ObjectSplat', 'ObjectConditionalSplat', 'SelectAlternative'])

/**
 * `node` with each largest closed subtree that reads the dataset replaced by `replace(subtree)`
 * (a Value node, or null to leave it and look no further inside). `skip(subtree)` leaves a
 * subtree as it is, unsearched (a fast path's fragment, which must keep its exact form). Nodes
 * on the way are copied; untouched parts are shared.
 */
export function replaceClosed(node: Node, replace: (subtree: Node) => Node | null, skip: (subtree: Node) => boolean): Node {
  if (!node || typeof node !== 'object' || !readsDataset(node) || skip(node)) return node
  if (!NOT_EXPRESSIONS.has(node.type) && isClosed(node)) return replace(node) ?? node
  let copy: Record<string, unknown> | null = null
  for (const [key, value] of Object.entries(node)) {
    let next: unknown = value
    if (Array.isArray(value)) {
      const mapped = value.map((item) => (item && typeof item === 'object' && typeof item.type === 'string' ? replaceClosed(item as Node, replace, skip) : item))
      if (mapped.some((m, i) => m !== value[i])) next = mapped
    } else if (value && typeof value === 'object' && typeof (value as {type?: unknown}).type === 'string') {
      next = replaceClosed(value as Node, replace, skip)
    }
    if (next !== value) (copy ??= {...node})[key] = next
  }
  return (copy ?? node) as Node
}

/**
 * Whether a value groq-js gave can stand in a Value node as it is: JSON data only (a date-time or
 * a path is a class instance there, which a Value node would read as a plain object).
 */
export function isPlainData(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true
  if (typeof value === 'number') return Number.isFinite(value)
  if (depth > 64 || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1))
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  for (const key in value) if (!isPlainData((value as Record<string, unknown>)[key], depth + 1)) return false
  return true
}
