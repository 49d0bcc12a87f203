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
import {MAX_LISTENER_BACKLOG_CHARS} from './limits.ts'
import type {Change} from './transaction.ts'

export interface SseSink {
  write(chunk: string): unknown
  end(): unknown
  on(event: 'close', listener: () => void): unknown
  /** Characters written and not yet sent to the client (when the sink can tell). */
  pending?(): number
  /** Drops the connection and what it holds unsent. */
  abort?(): void
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
    // A client that does not read its events would have the lake hold every change for it.
    if ((this.sink.pending?.() ?? 0) > MAX_LISTENER_BACKLOG_CHARS) {
      this.abort()
      return
    }
    try {
      this.sink.write(chunk)
    } catch {
      this.close()
    }
  }

  /** Closes the listener and drops what it holds unsent (its client may listen again). */
  private abort(): void {
    this.close()
    try {
      this.sink.abort?.()
    } catch {
      // Already gone.
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

/** Listeners one user may hold open at once, across datasets (a Studio tab opens about ten to twenty). */
export const MAX_LISTENERS_PER_USER = 200

/** The longest list (a parameter's value, a literal) a listener's filter may read once per element of another. */
const LIST_READ_PER_ELEMENT = 100

/** Nodes that evaluate a part of themselves once per element of their base. */
const ITERATING = new Set(['Filter', 'Map', 'FlatMap', 'PipeFuncCall'])

/** Whether `node` iterates over something other than the changed document (which a listener's `*` is). */
const iterates = (node: {type?: unknown; base?: {type?: unknown}}): boolean => ITERATING.has(node.type as string) && node.base?.type !== 'Everything'

/**
 * Whether a list is a part of the element being iterated over (`markDefs`, `@.children`, not
 * `^.body` or `$a`): iterating over parts of each element costs what the document holds.
 */
function partOfElement(node: unknown): boolean {
  let root = node as {type?: unknown; base?: unknown} | undefined
  while (root && typeof root === 'object' && root.base) root = root.base as typeof root
  return root?.type === 'This' || root?.type === 'AccessAttribute'
}

/**
 * Whether an iteration over another list stands in the per-element part of an iteration: its cost
 * is their sizes multiplied. Walked with a list of its own, so a deeply nested query cannot
 * exhaust the server's stack.
 */
function nestedIteration(tree: unknown): boolean {
  const pending: Array<[node: unknown, inside: boolean]> = [[tree, false]]
  while (pending.length > 0) {
    const [node, inside] = pending.pop()!
    if (!node || typeof node !== 'object') continue
    if (Array.isArray(node)) {
      for (const child of node) pending.push([child, inside])
      continue
    }
    const n = node as {type?: unknown; base?: unknown; value?: unknown}
    // A long list read per element (`$b[@ in $a]`, the parameter's value in place) costs its size each time too.
    if (n.type === 'Value') {
      if (inside && Array.isArray(n.value) && n.value.length > LIST_READ_PER_ELEMENT) return true
      continue
    }
    if (iterates(n as never)) {
      if (inside && !partOfElement(n.base)) return true
      for (const [key, child] of Object.entries(n)) pending.push([child, key === 'base' ? inside : true])
      continue
    }
    for (const child of Object.values(n)) pending.push([child, inside])
  }
  return false
}

/** The words of a `match` pattern as groq-js reads them (each becomes a regular expression, `*` as `.*`). */
const PATTERN_WORDS = /([^!@#$%^&(),\\/?";:{}|[\]+<>\s-])+/g

/** The texts of a pattern written in the query or given as a parameter (`"a*"`, `["a*", "b"]`, `$q`), or null for any other. */
function patternsOf(node: unknown): string[] | null {
  const n = node as {type?: unknown; value?: unknown; elements?: Array<{type?: unknown; isSplat?: unknown; value?: {type?: unknown; value?: unknown}}>} | undefined
  const texts = (values: unknown[]) => (values.every((v) => typeof v === 'string') ? (values as string[]) : null)
  if (n?.type === 'Value') return typeof n.value === 'string' ? [n.value] : Array.isArray(n.value) ? texts(n.value) : null
  if (n?.type === 'Array' && Array.isArray(n.elements) && n.elements.every((e) => e.type === 'ArrayElement' && !e.isSplat && e.value?.type === 'Value')) return texts(n.elements.map((e) => e.value?.value))
  return null
}

/**
 * Why a `match` in a listener's filter is refused, or null: its pattern must be written in the
 * query (or a parameter) with at most one `*` per word. groq-js turns each `*` into `.*` of a
 * regular expression, and `a*a*a*a*a*a*a*a*a*b` against a word of 40 letters backtracks for
 * seconds, on the server's thread, for every document each write changes.
 */
function costlyMatch(tree: unknown): string | null {
  const pending: unknown[] = [tree]
  while (pending.length > 0) {
    const node = pending.pop()
    if (!node || typeof node !== 'object') continue
    if (Array.isArray(node)) {
      pending.push(...node)
      continue
    }
    const n = node as {type?: unknown; op?: unknown; right?: {type?: unknown; value?: unknown}}
    if (n.type === 'OpCall' && n.op === 'match') {
      const patterns = patternsOf(n.right)
      if (!patterns) return 'A listener\'s filter may use `match` only with a pattern written in the query or given as a parameter (text, or a list of texts): the lake runs the filter on every document each write changes. Listen with a simpler filter and match in a query.'
      const wild = patterns.flatMap((p) => p.match(PATTERN_WORDS) ?? []).find((word) => word.split('*').length > 2)
      if (wild) return `A listener's filter may use at most one * in each word of a \`match\` pattern ("${wild.slice(0, 40)}" has more): each * makes the match try every split of a word, on every document each write changes. Use one *, or match in a query.`
    }
    pending.push(...Object.values(n))
  }
  return null
}

/**
 * Why the lake will not listen with this query, or null. A listener's filter runs on the server's
 * own thread for every document each write changes, so it may iterate over a list (a parameter,
 * an array of the document) but not over one list per element of another, whose cost is their
 * sizes multiplied: `*[count($a[count($a[@ > 0]) > 0]) > 0]` with 150 numbers held every write
 * for 9 s.
 */
export function listenerQueryRefusal(tree: ExprNode): string | null {
  const pattern = costlyMatch(tree)
  if (pattern) return pattern
  if (!nestedIteration(tree)) return null
  return 'This listener query iterates over a list inside an iteration over another list (such as $a[count($b[...]) > 0] or $a[@ in $b]): the lake runs a listener\'s filter on every document each write changes, so it may iterate over one list at a time. Listen with a simpler filter (on the document\'s own fields, `_id in $ids`, `_type == $type`) and narrow the results in a query.'
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

  /** The listeners open for a user (by identity), across datasets. */
  countFor(identity: string): number {
    let n = 0
    for (const set of this.byDataset.values()) for (const listener of set) if (listener.spec.identity === identity) n++
    return n
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
