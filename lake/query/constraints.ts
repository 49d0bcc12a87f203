/**
 * Static constraints: the raw ids that include every document a filter condition can keep, read
 * from the dataset's indexes (`_type`, `_id`, `slug.current`, references, release versions), or
 * null when the condition does not pin any of them. The planner (./plan.ts) hands groq-js those
 * documents instead of the whole dataset; the condition itself still runs on them.
 *
 * The ids are raw ids: for every document of the view the condition keeps, the id of the raw
 * document the view shows (so that the planner may intersect them). `_type`, slugs and references
 * are read from that raw document; `_id` is not, since a stack view (drafts, releases) shows a
 * document under its published id: `_id == "x"` there is `x`, `drafts.x` or `versions.<r>.x`, and
 * `sanity::versionOf` and `sanity::partOfRelease` depend on the view in the same way.
 */
import {DRAFTS_PREFIX, VERSIONS_PREFIX, getPublishedId, isPublishedId, type DatasetState, type View} from '../dataset.ts'
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

/** Raw ids that include every document of `view` satisfying `expr`, or null when unknown. */
export function staticIds(ds: DatasetState, view: View, params: Record<string, unknown>, expr: Node): Set<string> | null {
  switch (expr.type) {
    case 'Group':
      return staticIds(ds, view, params, expr.base as Node)
    case 'And': {
      const left = staticIds(ds, view, params, expr.left as Node)
      const right = staticIds(ds, view, params, expr.right as Node)
      if (!left) return right
      if (!right) return left
      const [small, large] = left.size <= right.size ? [left, right] : [right, left]
      const out = new Set<string>()
      for (const id of small) if (large.has(id)) out.add(id)
      return out
    }
    case 'Or': {
      const left = staticIds(ds, view, params, expr.left as Node)
      if (!left) return null
      const right = staticIds(ds, view, params, expr.right as Node)
      if (!right) return null
      return new Set([...left, ...right])
    }
    case 'OpCall':
      return comparisonIds(ds, view, params, expr)
    case 'FuncCall': {
      if (expr.namespace === 'sanity') return systemFunctionIds(ds, view, params, expr)
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

function comparisonIds(ds: DatasetState, view: View, params: Record<string, unknown>, expr: Node): Set<string> | null {
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
    return idsWhereEquals(ds, view, path, c.value)
  }
  if (op === 'in') {
    const path = attributePath(left)
    const c = constantOf(params, right)
    if (!path || !c || !Array.isArray(c.value)) return null
    if (path.length === 1 && path[0] === '_type') return typesUnion(ds, c.value)
    const out = new Set<string>()
    for (const v of c.value) {
      const ids = idsWhereEquals(ds, view, path, v)
      if (!ids) return null
      for (const id of ids) out.add(id)
    }
    return out
  }
  return null
}

function idsWhereEquals(ds: DatasetState, view: View, path: string[], value: unknown): Set<string> | null {
  const key = path.join('.')
  if (key === '_type') return typeof value === 'string' ? ds.idsOfType(value) : new Set()
  if (key === '_id') return typeof value === 'string' ? rawIdsShownAs(ds, view, value) : new Set()
  if (key === 'slug.current') return typeof value === 'string' ? ds.idsWithSlug(value) : new Set()
  if (path.length >= 2 && path[path.length - 1] === '_ref') {
    return typeof value === 'string' ? ds.idsReferencing(value) : new Set()
  }
  return null
}

// `sanity::versionOf` and `sanity::partOfRelease` ------------------------------------------------

/** groq-js's `sanity::versionOf(base)` on a document with this `_id`: the id itself, its draft, or a version in any release. */
export function isVersionOf(id: string, base: string): boolean {
  if (id === base) return true
  const parts = id.split('.')
  if (parts.length >= 2 && parts[0] === 'drafts' && parts.slice(1).join('.') === base) return true
  return parts.length >= 3 && parts[0] === 'versions' && parts.slice(2).join('.') === base
}

/** groq-js's `sanity::partOfRelease(release)` on a document with this `_id`: `versions.<release>.<anything>`. */
export function isPartOfRelease(id: string, release: string): boolean {
  const parts = id.split('.')
  return parts.length >= 3 && parts[0] === 'versions' && parts[1] === release
}

/**
 * `sanity::versionOf(C)` / `sanity::partOfRelease(C)` with C a constant string; null (groq-js
 * scans) for anything else, including a constant that is not a string.
 */
function systemFunctionIds(ds: DatasetState, view: View, params: Record<string, unknown>, expr: Node): Set<string> | null {
  if (expr.name !== 'versionOf' && expr.name !== 'partOfRelease') return null
  const args = expr.args as Node[]
  const c = args.length === 1 ? constantOf(params, args[0]) : null
  if (!c || typeof c.value !== 'string') return null
  return expr.name === 'versionOf' ? versionOfIds(ds, view, c.value) : partOfReleaseIds(ds, view, c.value)
}

/** The raw ids whose document `view` can show as `_id == id`: the id itself, and in a stack view its draft and versions too. */
export function rawIdsShownAs(ds: DatasetState, view: View, id: string, out: Set<string> = new Set()): Set<string> {
  if (view.kind !== 'stack') return out.add(id)
  return family(ds, id, out)
}

/** `base`, `drafts.<base>` and every `versions.<release>.<base>`. */
function family(ds: DatasetState, base: string, out: Set<string>): Set<string> {
  out.add(base)
  out.add(`${DRAFTS_PREFIX}${base}`)
  for (const id of ds.versionIds(base)) out.add(id)
  return out
}

function versionOfIds(ds: DatasetState, view: View, base: string): Set<string> {
  // Published: only `base` has a published id among the ids that match.
  if (view.kind === 'published') return new Set([base])
  // Raw: `base`, `drafts.<base>`, and `versions.<release>.<base>`, which the index of versions holds under `base`.
  const ids = family(ds, base, new Set())
  if (view.kind === 'raw') return ids
  // A stack shows documents under published ids: `base`, and, only when ids nest prefixes
  // (`drafts.drafts.x`, `drafts.versions.r.x`), also `drafts.<base>` or `versions.<r>.<base>`.
  for (const shown of nestedIds(ds)) if (isVersionOf(shown, base)) family(ds, shown, ids)
  return ids
}

function partOfReleaseIds(ds: DatasetState, view: View, release: string): Set<string> {
  const ids = new Set<string>()
  if (view.kind === 'published') return ids
  if (view.kind === 'raw') {
    const prefix = `${VERSIONS_PREFIX}${release}.`
    for (const id of ds.allVersionIds()) if (id.startsWith(prefix) && isPartOfRelease(id, release)) ids.add(id)
    return ids
  }
  // A stack shows `versions.<release>.x` only as the published id of a nested id (`drafts.versions.<release>.x`).
  for (const shown of nestedIds(ds)) if (isPartOfRelease(shown, release)) family(ds, shown, ids)
  return ids
}

const nestedCache = new WeakMap<DatasetState, {version: number; ids: Set<string>}>()

/**
 * The ids a stack view can show that start with `drafts.` or `versions.`: `getPublishedId` of ids
 * that nest prefixes (`drafts.x` for `drafts.drafts.x`, `versions.r.x` for `drafts.versions.r.x` or
 * `versions.s.versions.r.x`). Usually none; found by one pass over the ids, kept until the dataset
 * changes, and needed only by a stack view.
 */
function nestedIds(ds: DatasetState): Set<string> {
  let cache = nestedCache.get(ds)
  if (!cache || cache.version !== ds.version) {
    const ids = new Set<string>()
    for (const id of ds.docs.keys()) {
      // Most ids are published ids: two character tests, no new string.
      if (id.charCodeAt(0) !== 100 /* d */ && id.charCodeAt(0) !== 118 /* v */) continue
      if (isPublishedId(id)) continue
      const published = getPublishedId(id)
      if (!isPublishedId(published)) ids.add(published)
    }
    cache = {version: ds.version, ids}
    nestedCache.set(ds, cache)
  }
  return cache.ids
}
