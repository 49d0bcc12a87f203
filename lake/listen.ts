/**
 * `/data/listen/:dataset` listeners: server-sent events. A listener first gets `welcome`, then one
 * `mutation` event per changed document that matches its GROQ filter before or after the change.
 * Every event carries `mutations` that rebuild the document exactly (`createOrReplace` of the new
 * version, or `delete`), so a client applying them (the Studio's buffered document does) always
 * ends with the server's document; `effects` are whole-value mendoza patches when asked for.
 * `transactionTotalEvents` counts the events of the transaction this listener receives: the
 * Studio waits for that many before it applies a multi-document transaction.
 */
import type {ExprNode} from 'groq-js'
import {type Doc, isVersionId} from './dataset.ts'
import {matchesListenerQuery} from './query/index.ts'
import type {Change} from './transaction.ts'

export interface SseSink {
  write(chunk: string): unknown
  end(): unknown
  on(event: 'close', listener: () => void): unknown
}

export interface ListenerSpec {
  tree: ExprNode
  params: Record<string, unknown>
  identity: string
  includeResult: boolean
  includePreviousRevision: boolean
  includeMutations: boolean
  includeAllVersions: boolean
  effectFormat: 'mendoza' | null
  visibility: string
}

export interface CommittedTransaction {
  id: string
  author: string
  timestamp: string
  changes: Change[]
}

function withoutRev(doc: Doc | null): Record<string, unknown> | null {
  if (!doc) return null
  const {_rev: _ignored, ...rest} = doc
  return rest
}

export class Listener {
  readonly spec: ListenerSpec
  private readonly sink: SseSink
  private queue: Promise<void> = Promise.resolve()
  private closed = false
  private readonly keepAlive: NodeJS.Timeout
  readonly name: string
  private readonly onClose: () => void

  constructor(sink: SseSink, spec: ListenerSpec, name: string, onClose: () => void, keepAliveMs = 15_000) {
    this.sink = sink
    this.spec = spec
    this.name = name
    this.onClose = onClose
    this.keepAlive = setInterval(() => this.raw(': keep-alive\n\n'), keepAliveMs)
    this.keepAlive.unref()
    sink.on('close', () => this.close())
  }

  private raw(chunk: string): void {
    if (this.closed) return
    try {
      this.sink.write(chunk)
    } catch {
      this.close()
    }
  }

  send(event: string, data: unknown, id?: string): void {
    this.raw(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
  }

  welcome(): void {
    this.send('welcome', {listenerName: this.name})
  }

  /** Queues the events of a committed transaction (keeps order across transactions). */
  deliver(tx: CommittedTransaction): void {
    this.queue = this.queue.then(() => this.deliverNow(tx)).catch(() => undefined)
  }

  private async matches(doc: Doc | null): Promise<boolean> {
    if (!doc) return false
    try {
      return await matchesListenerQuery(this.spec.tree, doc, this.spec.params, this.spec.identity)
    } catch {
      return false
    }
  }

  private async deliverNow(tx: CommittedTransaction): Promise<void> {
    if (this.closed) return
    const events: Array<Record<string, unknown>> = []
    for (const change of tx.changes) {
      if (!this.spec.includeAllVersions && isVersionId(change.id)) continue
      const before = (await this.matches(change.before)) ? change.before : null
      const after = (await this.matches(change.after)) ? change.after : null
      if (!before && !after) continue
      const transition = !before ? 'appear' : !after ? 'disappear' : 'update'
      const event: Record<string, unknown> = {
        eventId: `${tx.id}#${change.id}`,
        documentId: change.id,
        transactionId: tx.id,
        transition,
        identity: tx.author,
        resultRev: tx.id,
        timestamp: tx.timestamp,
        visibility: this.spec.visibility === 'transaction' ? 'transaction' : 'query',
      }
      if (change.before?._rev) event.previousRev = change.before._rev
      if (this.spec.includeMutations) {
        event.mutations = change.after ? [{createOrReplace: change.after}] : [{delete: {id: change.id}}]
      }
      if (this.spec.effectFormat === 'mendoza') {
        event.effects = {apply: [0, withoutRev(change.after)], revert: [0, withoutRev(change.before)]}
      }
      if (this.spec.includeResult && change.after) event.result = change.after
      if (this.spec.includePreviousRevision && change.before) event.previous = change.before
      events.push(event)
    }
    events.forEach((event, i) => {
      event.transactionTotalEvents = events.length
      event.transactionCurrentEvent = i + 1
      this.send('mutation', event, event.eventId as string)
    })
  }

  /** Tells the client the server is going away, then ends the stream. */
  disconnect(reason: string): void {
    this.send('disconnect', {reason})
    this.close()
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    clearInterval(this.keepAlive)
    try {
      this.sink.end()
    } catch {
      // already gone
    }
    this.onClose()
  }
}

export class ListenerHub {
  private readonly byDataset = new Map<string, Set<Listener>>()
  private counter = 0

  add(dataset: string, sink: SseSink, spec: ListenerSpec): Listener {
    let set = this.byDataset.get(dataset)
    if (!set) this.byDataset.set(dataset, (set = new Set()))
    const listeners = set
    const listener = new Listener(sink, spec, `lake-listener-${++this.counter}`, () => listeners.delete(listener))
    listeners.add(listener)
    return listener
  }

  publish(dataset: string, tx: CommittedTransaction): void {
    for (const listener of this.byDataset.get(dataset) ?? []) listener.deliver(tx)
  }

  count(dataset?: string): number {
    if (dataset) return this.byDataset.get(dataset)?.size ?? 0
    let n = 0
    for (const set of this.byDataset.values()) n += set.size
    return n
  }

  /** Closes every listener of a dataset (deleted dataset) or all of them (shutdown). */
  disconnectAll(reason: string, dataset?: string): void {
    const sets = dataset ? [this.byDataset.get(dataset) ?? new Set<Listener>()] : [...this.byDataset.values()]
    for (const set of sets) for (const listener of [...set]) listener.disconnect(reason)
  }
}
