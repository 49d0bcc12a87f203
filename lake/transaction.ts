/**
 * A transaction being built: an overlay of pending document states on the dataset, which the
 * mutations (./mutations.ts) and actions (./actions.ts) of one request write into, and the lake's
 * write path (./store.ts) checks and commits.
 */
import {randomBytes} from 'node:crypto'
import type {DatasetState, Doc} from './dataset.ts'
import {badRequest} from './errors.ts'

export interface Change {
  id: string
  before: Doc | null
  after: Doc | null
  /** Whether the write authored content (edits, creates) rather than moved it (publish, unpublish, delete). */
  authored: boolean
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function randomId(length = 22): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += ID_ALPHABET[byte % ID_ALPHABET.length]
  return out
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}

/** Pending document states of one transaction, over the dataset's committed state. */
export class TxBuilder {
  readonly ds: DatasetState
  readonly id: string
  readonly now: string
  private readonly state = new Map<string, Doc | null>()
  private readonly authoredIds = new Set<string>()
  private readonly systemWrites = new Set<string>()
  /** Set by the lake's scheduler: this transaction publishes a scheduled release at its time. */
  scheduledPublish = false
  /** The last revision of a document that existed, from the history (set by the write path). */
  lastExisting: (id: string) => Doc | null = () => null

  constructor(ds: DatasetState, id: string, now: string) {
    this.ds = ds
    this.id = id
    this.now = now
  }

  get(id: string): Doc | null {
    if (this.state.has(id)) return this.state.get(id) ?? null
    return this.ds.docs.get(id) ?? null
  }

  /** Writes a document (system fields are set here) or, with null, deletes it. */
  put(id: string, doc: Doc | null, authored: boolean): Doc | null {
    const current = this.get(id)
    if (!doc) {
      if (!current && !this.ds.docs.has(id)) {
        this.state.delete(id)
        return null
      }
      this.state.set(id, null)
      if (authored) this.authoredIds.add(id)
      return null
    }
    if (typeof doc._type !== 'string' || doc._type.length === 0) {
      throw badRequest(`Document "${id}" has no _type: give it _type, the name of its schema type (such as "article").`)
    }
    const createdAt = typeof doc._createdAt === 'string' ? doc._createdAt : (current?._createdAt as string | undefined) ?? this.now
    const {_originalId: _ignored, ...content} = doc as Doc & {_originalId?: unknown}
    const next: Doc = {...content, _id: id, _type: doc._type, _rev: this.id, _createdAt: createdAt, _updatedAt: this.now}
    this.state.set(id, next)
    if (authored) this.authoredIds.add(id)
    return next
  }

  /** Ids this transaction has written (or deleted) so far. */
  pendingIds(): IterableIterator<string> {
    return this.state.keys()
  }

  /** Lets this transaction change a release document or a locked version (lake/releases.ts: the release actions alone call it). */
  allowSystemWrite(id: string): void {
    this.systemWrites.add(id)
  }

  systemWriteAllowed(id: string): boolean {
    return this.systemWrites.has(id)
  }

  changes(): Change[] {
    const out: Change[] = []
    for (const [id, after] of this.state) {
      const before = this.ds.docs.get(id) ?? null
      if (!before && !after) continue
      out.push({id, before, after, authored: this.authoredIds.has(id)})
    }
    return out
  }
}

