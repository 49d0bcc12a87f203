/**
 * Static constraints: the raw ids that include every document a filter condition can keep, read
 * from the dataset's indexes (`_type`, `_id`, `slug.current`, references), or null when the
 * condition does not pin any of them. The planner (./plan.ts) hands groq-js those documents instead
 * of the whole dataset; the condition itself still runs on them.
 */
import type {DatasetState} from '../dataset.ts'
import {attributePath, constantOf, type Node} from './nodes.ts'

const unionCache = new WeakMap<DatasetState, {version: number; unions: Map<string, Set<string>>}>()

/** The ids of documents of any of these types (`_type in [...]`), kept until the dataset changes. */
function typesUnion(ds: DatasetState, types: unknown[]): Set<string> {
  let cache = unionCache.get(ds)
  if (!cache || cache.version !== ds.version) {
    cache = {version: ds.version, unions: new Map()}
    unionCache.set(ds, cache)
  }
  const key = JSON.stringify(types)
  let ids = cache.unions.get(key)
  if (!ids) {
    ids = new Set<string>()
    for (const type of types) if (typeof type === 'string') for (const id of ds.idsOfType(type)) ids.add(id)
    if (cache.unions.size > 32) cache.unions.clear()
    cache.unions.set(key, ids)
  }
  return ids
}

/** Raw ids that include every document satisfying `expr`, or null when unknown. */
export function staticIds(ds: DatasetState, params: Record<string, unknown>, expr: Node): Set<string> | null {
  switch (expr.type) {
    case 'Group':
      return staticIds(ds, params, expr.base as Node)
    case 'And': {
      const left = staticIds(ds, params, expr.left as Node)
      const right = staticIds(ds, params, expr.right as Node)
      if (!left) return right
      if (!right) return left
      const [small, large] = left.size <= right.size ? [left, right] : [right, left]
      const out = new Set<string>()
      for (const id of small) if (large.has(id)) out.add(id)
      return out
    }
    case 'Or': {
      const left = staticIds(ds, params, expr.left as Node)
      if (!left) return null
      const right = staticIds(ds, params, expr.right as Node)
      if (!right) return null
      return new Set([...left, ...right])
    }
    case 'OpCall':
      return comparisonIds(ds, params, expr)
    case 'FuncCall': {
      if (expr.namespace !== 'global' || expr.name !== 'references') return null
      const ids = new Set<string>()
      for (const arg of expr.args as Node[]) {
        const c = constantOf(params, arg)
        if (!c) return null
        const values = Array.isArray(c.value) ? c.value : [c.value]
        for (const v of values) if (typeof v === 'string') for (const id of ds.idsReferencing(v)) ids.add(id)
      }
      return ids
    }
    default:
      return null
  }
}

function comparisonIds(ds: DatasetState, params: Record<string, unknown>, expr: Node): Set<string> | null {
  const op = expr.op as string
  const left = expr.left as Node
  const right = expr.right as Node
  if (op === '==') {
    let path = attributePath(left)
    let c = constantOf(params, right)
    if (!path || !c) {
      path = attributePath(right)
      c = constantOf(params, left)
    }
    if (!path || !c) return null
    return idsWhereEquals(ds, path, c.value)
  }
  if (op === 'in') {
    const path = attributePath(left)
    const c = constantOf(params, right)
    if (!path || !c || !Array.isArray(c.value)) return null
    if (path.length === 1 && path[0] === '_type') return typesUnion(ds, c.value)
    const out = new Set<string>()
    for (const v of c.value) {
      const ids = idsWhereEquals(ds, path, v)
      if (!ids) return null
      for (const id of ids) out.add(id)
    }
    return out
  }
  return null
}

function idsWhereEquals(ds: DatasetState, path: string[], value: unknown): Set<string> | null {
  const key = path.join('.')
  if (key === '_type') return typeof value === 'string' ? ds.idsOfType(value) : new Set()
  if (key === '_id') return typeof value === 'string' ? new Set([value]) : new Set()
  if (key === 'slug.current') return typeof value === 'string' ? ds.idsWithSlug(value) : new Set()
  if (path.length >= 2 && path[path.length - 1] === '_ref') {
    return typeof value === 'string' ? ds.idsReferencing(value) : new Set()
  }
  return null
}
