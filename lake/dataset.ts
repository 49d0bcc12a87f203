/**
 * One dataset in memory: every document by id, plus the indexes the query planner and the
 * enforcement use (by `_type`, by `slug.current`, reverse references) and perspective views
 * (raw, published, drafts or a release stack overlaid on published), kept up to date on every write.
 */

import {DRAFTS_PREFIX, VERSIONS_PREFIX, getPublishedId, getReleaseName, isDraftId, isPublishedId, isVersionId} from '../plugins/medical-claims/rules/ids.ts'
import {KeptAnswers, addTo, removeFrom} from './query/fastpaths.ts'
import {KeptList} from './query/maintained.ts'

export type Doc = Record<string, unknown> & {_id: string; _type: string; _rev?: string}

/** Document ids (`drafts.`, `versions.<release>.`) follow the rules' one definition. */
export * from '../plugins/medical-claims/rules/ids.ts'

/** Every `_ref` string found anywhere in a value. */
export function collectRefs(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, out)
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === '_ref' && typeof inner === 'string') out.add(inner)
      else if (inner && typeof inner === 'object') collectRefs(inner, out)
    }
  }
  return out
}

function slugOf(doc: Doc): string | null {
  const slug = doc.slug as {current?: unknown} | undefined
  return slug && typeof slug === 'object' && typeof slug.current === 'string' ? slug.current : null
}

const byId = (a: Doc, b: Doc): number => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)

/**
 * The documents a query sees. `raw`: all. `published`: no drafts or versions. A stack (e.g.
 * `['drafts']` or `['rSummer', 'drafts']`): for each base id, the first existing of its versions
 * in stack order, else the published document; the result takes the base id as `_id` and keeps the
 * real id in `_originalId`.
 */
export class View {
  readonly kind: 'raw' | 'published' | 'stack'
  readonly stack: string[]
  private readonly ds: DatasetState
  private entries: Map<string, Doc> | null = null
  private list: Doc[] | null = null
  /** Fast paths' answers kept for this view (./query/fastpaths.ts), by fast path and parameters. */
  private readonly kept = new Map<string, KeptAnswers>()
  /** Filtered lists the planner keeps up to date (./query/maintained.ts), by filter (as JSON) and parameters (as JSON). */
  private readonly lists = new Map<string, Map<string, KeptList>>()
  private listCount = 0

  constructor(ds: DatasetState, kind: 'raw' | 'published' | 'stack', stack: string[] = []) {
    this.ds = ds
    this.kind = kind
    this.stack = stack
  }

  private entryFor(base: string): Doc | undefined {
    for (const layer of this.stack) {
      const id = layer === 'drafts' ? `${DRAFTS_PREFIX}${base}` : `${VERSIONS_PREFIX}${layer}.${base}`
      const doc = this.ds.docs.get(id)
      if (doc) return {...doc, _id: base, _originalId: id}
    }
    const published = this.ds.docs.get(base)
    return published ? {...published, _originalId: base} : undefined
  }

  private belongs(rawId: string): boolean {
    if (isDraftId(rawId)) return this.stack.includes('drafts')
    const release = getReleaseName(rawId)
    if (release !== null) return this.stack.includes(release)
    return true
  }

  private ensureEntries(): Map<string, Doc> {
    if (this.entries) return this.entries
    const entries = new Map<string, Doc>()
    for (const rawId of this.ds.docs.keys()) {
      if (!this.belongs(rawId)) continue
      const base = getPublishedId(rawId)
      if (entries.has(base)) continue
      const entry = this.entryFor(base)
      if (entry) entries.set(base, entry)
    }
    this.entries = entries
    return entries
  }

  /** The document with this id as the view shows it. */
  get(id: string): Doc | undefined {
    if (this.kind === 'raw') return this.ds.docs.get(id)
    if (this.kind === 'published') return isPublishedId(id) ? this.ds.docs.get(id) : undefined
    return this.ensureEntries().get(id)
  }

  /** All documents, sorted by `_id` (cached until the next write). */
  all(): Doc[] {
    if (this.list) return this.list
    let list: Doc[]
    if (this.kind === 'raw') list = [...this.ds.docs.values()]
    else if (this.kind === 'published') list = [...this.ds.docs.values()].filter((d) => isPublishedId(d._id))
    else list = [...this.ensureEntries().values()]
    list.sort(byId)
    this.list = list
    return list
  }

  /** The view's documents for a set of raw ids (a superset of matches), sorted by `_id`. */
  candidates(rawIds: Iterable<string>): Doc[] {
    const out: Doc[] = []
    if (this.kind === 'stack') {
      const seen = new Set<string>()
      for (const rawId of rawIds) {
        const base = getPublishedId(rawId)
        if (seen.has(base)) continue
        seen.add(base)
        const doc = this.get(base)
        if (doc) out.push(doc)
      }
    } else {
      for (const rawId of rawIds) {
        const doc = this.get(rawId)
        if (doc) out.push(doc)
      }
    }
    return out.sort(byId)
  }

  /**
   * Whether this view keeps fast-path answers and lists: the raw, published and drafts views
   * (release stacks come and go, and each would keep its own copy).
   */
  get keeps(): boolean {
    return this.kind !== 'stack' || (this.stack.length === 1 && this.stack[0] === 'drafts')
  }

  /**
   * What the view may keep of answers, and of lists, in documents (twice the dataset), so that
   * any client's queries cost bounded memory. A new store or list starts only with room for one
   * covering every document.
   */
  private budget(): number {
    return 2 * this.ds.docs.size + 10_000
  }

  private roomLeft(total: number): boolean {
    return total + this.ds.docs.size <= this.budget()
  }

  /**
   * The answers a fast path keeps in this view for one key of its parameters. Past 8 keys, or past
   * the budget, the oldest key's answers go (and the lists, which hear of dropped answers from them).
   */
  keptAnswers(key: string): KeptAnswers {
    let kept = this.kept.get(key)
    if (kept) return kept
    let total = 0
    for (const other of this.kept.values()) total += other.size
    while (this.kept.size > 0 && (this.kept.size >= 8 || !this.roomLeft(total))) {
      const oldest = this.kept.keys().next().value as string
      total -= this.kept.get(oldest)?.size ?? 0
      this.kept.delete(oldest)
      this.lists.clear()
      this.listCount = 0
    }
    this.kept.set(key, (kept = new KeptAnswers((id) => this.touchLists([id]))))
    return kept
  }

  /** What the view keeps, in documents: fast-path answers and kept lists. */
  keptSizes(): {answers: number; lists: number} {
    let answers = 0
    let lists = 0
    for (const kept of this.kept.values()) answers += kept.size
    for (const byParams of this.lists.values()) for (const list of byParams.values()) lists += list.size
    return {answers, lists}
  }

  /** The kept list of a filter (its JSON) for some parameters (their JSON); past 64 lists, or past the budget, the oldest filter's lists go first. */
  keptList(filter: string, params: string): KeptList {
    let byParams = this.lists.get(filter)
    let list = byParams?.get(params)
    if (list) return list
    let total = 0
    for (const lists of this.lists.values()) for (const other of lists.values()) total += other.size
    while (this.lists.size > 0 && (this.listCount >= 64 || !this.roomLeft(total))) {
      const oldest = this.lists.keys().next().value as string
      for (const other of this.lists.get(oldest)?.values() ?? []) {
        total -= other.size
        this.listCount--
      }
      this.lists.delete(oldest)
    }
    byParams = this.lists.get(filter)
    if (!byParams) this.lists.set(filter, (byParams = new Map()))
    byParams.set(params, (list = new KeptList()))
    this.listCount++
    return list
  }

  /** The document shown under `id` changed (what it referenced before and after: `refs`): kept answers and lists hear of it. */
  private changed(id: string, refs: Iterable<string>): void {
    const stale: string[] = [id]
    for (const kept of this.kept.values()) for (const reader of kept.changed(id, refs)) stale.push(reader)
    this.touchLists(stale)
  }

  /** Kept lists judge these documents again when next used. */
  private touchLists(ids: readonly string[]): void {
    if (this.listCount === 0) return
    for (const byParams of this.lists.values()) for (const list of byParams.values()) for (const id of ids) list.touch(id)
  }

  /** Called after a raw document changed, with the `_ref`s it held before (the dataset's index holds those after). */
  invalidate(rawId: string, refsBefore: readonly string[]): void {
    this.list = null
    if (this.kind === 'stack') {
      if (!this.entries) return
      const base = getPublishedId(rawId)
      const before = this.entries.get(base)
      const entry = this.entryFor(base)
      if (entry) this.entries.set(base, entry)
      else this.entries.delete(base)
      if (this.kept.size === 0 && this.listCount === 0) return
      // What the view showed under this id, before and after: the document changed, or another of its versions.
      const refs = new Set<string>()
      const original = (doc: Doc | undefined) => (doc ? (doc._originalId as string) : null)
      const beforeId = original(before)
      if (beforeId === rawId) for (const ref of refsBefore) refs.add(ref)
      else if (beforeId !== null) for (const ref of this.ds.refsOf(beforeId)) refs.add(ref)
      const afterId = original(entry)
      if (afterId !== null) for (const ref of this.ds.refsOf(afterId)) refs.add(ref)
      if (beforeId === afterId && beforeId !== rawId) return
      this.changed(base, refs)
      return
    }
    if (this.kind === 'published' && !isPublishedId(rawId)) return
    if (this.kept.size === 0 && this.listCount === 0) return
    const refs = new Set<string>(refsBefore)
    for (const ref of this.ds.refsOf(rawId)) refs.add(ref)
    this.changed(rawId, refs)
  }
}

export class DatasetState {
  readonly name: string
  readonly docs = new Map<string, Doc>()
  readonly byType = new Map<string, Set<string>>()
  readonly bySlug = new Map<string, Set<string>>()
  /** target id -> ids of documents that reference it (weak references included). */
  readonly refsTo = new Map<string, Set<string>>()
  /** published id -> ids of its release versions. */
  readonly versionsOf = new Map<string, Set<string>>()
  /** published id -> ids of every release version it ever had (a published or discarded version's authors still edited it). */
  private readonly versionsEver = new Map<string, Set<string>>()
  private readonly refsFrom = new Map<string, string[]>()
  private readonly views = new Map<string, View>()
  /** Incremented on every change. */
  version = 0

  constructor(name: string) {
    this.name = name
  }

  private unindex(doc: Doc): void {
    removeFrom(this.byType, doc._type, doc._id)
    const slug = slugOf(doc)
    if (slug !== null) removeFrom(this.bySlug, slug, doc._id)
    for (const target of this.refsFrom.get(doc._id) ?? []) removeFrom(this.refsTo, target, doc._id)
    this.refsFrom.delete(doc._id)
    if (isVersionId(doc._id)) removeFrom(this.versionsOf, getPublishedId(doc._id), doc._id)
  }

  private index(doc: Doc): void {
    if (typeof doc._type === 'string') addTo(this.byType, doc._type, doc._id)
    const slug = slugOf(doc)
    if (slug !== null) addTo(this.bySlug, slug, doc._id)
    if (isVersionId(doc._id)) {
      addTo(this.versionsOf, getPublishedId(doc._id), doc._id)
      addTo(this.versionsEver, getPublishedId(doc._id), doc._id)
    }
    const refs = [...collectRefs(doc)]
    if (refs.length > 0) {
      this.refsFrom.set(doc._id, refs)
      for (const target of refs) addTo(this.refsTo, target, doc._id)
    }
  }

  /** Replaces (or with null, removes) a document and updates indexes and views. */
  put(id: string, doc: Doc | null): void {
    const previous = this.docs.get(id)
    const refsBefore = this.refsFrom.get(id) ?? []
    if (previous) this.unindex(previous)
    if (doc) {
      this.docs.set(id, doc)
      this.index(doc)
    } else {
      this.docs.delete(id)
    }
    this.version++
    for (const view of this.views.values()) view.invalidate(id, refsBefore)
  }

  /** Bulk load (startup): no view maintenance. */
  load(doc: Doc): void {
    this.docs.set(doc._id, doc)
    this.index(doc)
    this.version++
  }

  /** The view for a perspective: 'raw', 'published', or a stack like ['drafts'] / ['rX', 'drafts']. */
  view(perspective: 'raw' | 'published' | string[]): View {
    const key = Array.isArray(perspective) ? `stack:${perspective.join(',')}` : perspective
    let view = this.views.get(key)
    if (!view) {
      view = Array.isArray(perspective) ? new View(this, 'stack', perspective) : new View(this, perspective)
      // Keep a handful of views; release stacks come and go.
      if (this.views.size > 16) {
        for (const k of this.views.keys()) {
          if (k !== 'raw' && k !== 'published' && k !== 'stack:drafts') {
            this.views.delete(k)
            break
          }
        }
      }
      this.views.set(key, view)
    }
    return view
  }

  idsOfType(type: string): Set<string> {
    return this.byType.get(type) ?? new Set()
  }

  idsWithSlug(slug: string): Set<string> {
    return this.bySlug.get(slug) ?? new Set()
  }

  /** The `_ref`s the document with this id holds. */
  refsOf(id: string): readonly string[] {
    return this.refsFrom.get(id) ?? []
  }

  idsReferencing(id: string): Set<string> {
    return this.refsTo.get(id) ?? new Set()
  }

  /** The ids of the release versions of the document with this published id. */
  versionIds(publishedId: string): Set<string> {
    return this.versionsOf.get(publishedId) ?? new Set()
  }

  /** Remembers a release version the history holds (at start-up). */
  rememberVersion(id: string): void {
    if (isVersionId(id)) addTo(this.versionsEver, getPublishedId(id), id)
  }

  /** The ids of every release version the document with this published id has had, existing or not. */
  versionIdsEver(publishedId: string): Set<string> {
    return this.versionsEver.get(publishedId) ?? new Set()
  }

  /** The id of every release version (`versions.<release>.<id>`), from the index of versions. */
  *allVersionIds(): IterableIterator<string> {
    for (const ids of this.versionsOf.values()) yield* ids
  }
}
