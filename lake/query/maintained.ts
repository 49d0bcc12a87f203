/**
 * Lists the planner keeps up to date instead of recomputing: the documents of a view for which a
 * filter's compiled condition (./native.ts) holds, and those documents in the orders queries ask
 * for.
 *
 * A kept list is built once over the filter's candidates, then, after writes, only the documents
 * that changed are judged again: a compiled condition reads nothing but the document itself and
 * fast paths' answers, so a document's place in the list changes only when the document changes
 * (View.invalidate) or a fast-path answer about it is dropped (KeptAnswers.changed). A list is kept
 * per filter and per query parameters (parameters that move with the clock included), so a query
 * on a new day builds its list again, from the answers the fast paths kept.
 */
import type {Doc, View} from '../dataset.ts'
import {UNSURE, type Truth} from './fastpaths.ts'

type Condition = (doc: Doc) => Truth

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export class KeptList {
  private built = false
  /** Ids of the documents the condition holds true for, and those a fast path was not sure of. */
  private readonly ids = new Set<string>()
  private readonly unsure = new Set<string>()
  private readonly dirty = new Set<string>()
  private sortedIds: string[] | null = null
  private docs: Doc[] | null = null
  private readonly orders = new Map<string, {docs: Doc[]; of: Doc[]}>()

  /** How many documents it holds (its memory, for the view's budget). */
  get size(): number {
    return this.ids.size + this.unsure.size
  }

  /** A document of the view changed, or an answer about it was dropped. */
  touch(id: string): void {
    if (this.built) this.dirty.add(id)
  }

  /**
   * The documents, sorted by `_id`, that the condition holds true for; null when a fast path is
   * not sure of some document (then groq-js evaluates the filter as written).
   */
  documents(view: View, condition: Condition, candidates: () => Doc[]): Doc[] | null {
    if (!this.built) {
      for (const doc of candidates()) this.judge(doc._id, condition(doc))
      this.built = true
      this.docs = null
    } else if (this.dirty.size > 0) {
      for (const id of this.dirty) {
        const doc = view.get(id)
        const before = this.ids.has(id)
        this.judge(id, doc ? condition(doc) : false)
        // Membership changed, or the document listed changed: the list is rebuilt.
        if (before || this.ids.has(id)) {
          if (before !== this.ids.has(id)) this.sortedIds = null
          this.docs = null
        }
      }
      this.dirty.clear()
    }
    if (this.unsure.size > 0) return null
    if (this.docs === null) {
      this.sortedIds ??= [...this.ids].sort(byId)
      this.docs = this.sortedIds.map((id) => view.get(id) as Doc)
    }
    return this.docs
  }

  private judge(id: string, value: ReturnType<Condition>): void {
    this.ids.delete(id)
    this.unsure.delete(id)
    if (value === true) this.ids.add(id)
    else if (value === UNSURE) this.unsure.add(id)
  }

  /** The list in an order (by the order's key), sorted again only when the list changed. */
  ordered(key: string, docs: Doc[], sort: (docs: readonly Doc[]) => Doc[]): Doc[] {
    const known = this.orders.get(key)
    if (known && known.of === docs) return known.docs
    const sorted = sort(docs)
    if (this.orders.size >= 8 && !known) this.orders.delete(this.orders.keys().next().value as string)
    this.orders.set(key, {docs: sorted, of: docs})
    return sorted
  }
}
