/**
 * What the fact-check queue read last time, kept by revision, so that opening it again reads only
 * what changed: the lake answers the ids and revisions of what the queue needs (small), and only
 * documents whose revision differs from the one kept are fetched whole. The queue it builds is the
 * one a full read builds; nothing is shown from the cache that the lake does not still hold at
 * that revision. Each load keeps only what it used, so the cache never outgrows one queue.
 */

export interface Revisioned {
  _id: string
  _rev?: string
}

/** Documents by id, each at the revision it was read at. */
export class RevisionCache<T extends Revisioned> {
  private docs = new Map<string, T>()

  /**
   * The documents with these ids and revisions: those kept at the same revision, and the others
   * from `fetchMissing` (by id). Afterwards the cache holds exactly what was returned.
   */
  async current(wanted: ReadonlyArray<Revisioned>, fetchMissing: (ids: string[]) => Promise<T[]>): Promise<T[]> {
    const kept: T[] = []
    const missing: string[] = []
    for (const {_id, _rev} of wanted) {
      const doc = this.docs.get(_id)
      if (doc && _rev !== undefined && doc._rev === _rev) kept.push(doc)
      else missing.push(_id)
    }
    const fetched = missing.length > 0 ? await fetchMissing(missing) : []
    this.replace([...kept, ...fetched])
    return [...kept, ...fetched]
  }

  /**
   * The documents as they are now: read whole while it holds none (`whole`); after that, their ids
   * and revisions (`revisions`), and whole only those it does not hold at that revision (`byId`).
   */
  async read(reads: {whole: () => Promise<T[]>; revisions: () => Promise<Revisioned[]>; byId: (ids: string[]) => Promise<T[]>}): Promise<T[]> {
    if (this.docs.size > 0) return this.current(await reads.revisions(), reads.byId)
    const docs = await reads.whole()
    this.replace(docs)
    return docs
  }

  /** Whether it holds nothing (the next read() reads whole). */
  get empty(): boolean {
    return this.docs.size === 0
  }

  /** Keeps exactly these documents. */
  replace(docs: ReadonlyArray<T>): void {
    const next = new Map<string, T>()
    for (const doc of docs) if (typeof doc?._id === 'string') next.set(doc._id, doc)
    this.docs = next
  }
}

/** Values computed from documents, kept while the documents they came from keep their revisions. */
export class KeyedCache<V> {
  private values = new Map<string, {key: string; value: V}>()

  get(id: string, key: string): V | undefined {
    const entry = this.values.get(id)
    return entry && entry.key === key ? entry.value : undefined
  }

  /** Keeps exactly these values. */
  replace(entries: Iterable<[id: string, key: string, value: V]>): void {
    this.values = new Map([...entries].map(([id, key, value]) => [id, {key, value}]))
  }
}
