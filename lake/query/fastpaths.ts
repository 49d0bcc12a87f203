/**
 * Fast paths: GROQ fragments the lake answers in plain JavaScript instead of interpreting them, and
 * the answers it keeps between queries.
 *
 * A fast path is registered (as groq-js registers its functions) with the GROQ text it answers,
 * on `@`, a document of the dataset. The planner (./plan.ts) parses that fragment with each
 * query's parameters and answers it per document through the fast path wherever the same tree
 * stands: a condition where a filter only asks whether it is `true` (a filter's condition, a side
 * of `&&` or `||` there, a `select` condition), a value wherever `@` is a document (a projection
 * of documents, a filter's condition). The fast path answers, or says null for "not sure", and
 * then groq-js evaluates the fragment as written for that document, so results never differ from
 * groq-js's.
 *
 * Answers are kept per perspective view (lake/dataset.ts View) and per the parameters that do not
 * move with the clock, and stay until something they read changes:
 *  - every document an answer read (by id, through `get`) and every set of documents referencing
 *    an id it asked for (`referencing`) is noted; a write to a document drops the answers that read
 *    it, or that asked for documents referencing anything it referenced before or after the write;
 *  - parameters that move with the clock (today's date, the year, the earliest verification date
 *    that still counts, ...) are compared through a Clock, which notes for each answer the range of
 *    values over which every comparison it made keeps its outcome: the moment the answer next
 *    changes. A query on a later day reuses the answer while its values are inside that range.
 */
import type {Doc} from '../dataset.ts'

/** What an answer reads besides the document: documents by id, and the documents referencing an id (both in the query's perspective). */
export interface AnswerSource {
  get(id: string): Doc | undefined
  /** Every document of the perspective whose `_ref`s include `id` (a superset is fine), sorted by `_id`. */
  referencing(id: string): Doc[]
}

/** A compiled condition's value (./native.ts): true, false, null (GROQ's), or UNSURE when a fast path could not decide. */
export const UNSURE = Symbol('unsure')
export type Truth = boolean | null | typeof UNSURE

/** A value a time parameter may take: a date as text, or a year. */
type TimeValue = string | number

interface Bound {
  value: TimeValue
  inclusive: boolean
}

/** The values of one time parameter over which an answer holds. */
interface Range {
  lo: Bound | null
  hi: Bound | null
}

const below = (a: TimeValue, b: TimeValue): boolean => a < b

function inRange(range: Range, value: TimeValue): boolean {
  const {lo, hi} = range
  if (lo && (typeof lo.value !== typeof value || (lo.inclusive ? below(value, lo.value) : !below(lo.value, value)))) return false
  if (hi && (typeof hi.value !== typeof value || (hi.inclusive ? below(hi.value, value) : !below(value, hi.value)))) return false
  return true
}

/**
 * The time parameters of one evaluation, compared as GROQ compares them (text with text, numbers
 * with numbers), noting over which values of each parameter every comparison made keeps its
 * outcome.
 */
export class Clock {
  private readonly values: Readonly<Record<string, TimeValue>>
  readonly ranges = new Map<string, Range>()

  constructor(values: Readonly<Record<string, TimeValue>>) {
    this.values = values
  }

  private value(name: string): TimeValue {
    const value = this.values[name]
    if (value === undefined) throw new Error(`Clock: no time parameter "${name}"`)
    return value
  }

  private range(name: string): Range {
    let range = this.ranges.get(name)
    if (!range) this.ranges.set(name, (range = {lo: null, hi: null}))
    return range
  }

  private raise(name: string, bound: Bound): void {
    const range = this.range(name)
    const lo = range.lo
    if (!lo || below(lo.value, bound.value) || (lo.value === bound.value && !bound.inclusive)) range.lo = bound
  }

  private lower(name: string, bound: Bound): void {
    const range = this.range(name)
    const hi = range.hi
    if (!hi || below(bound.value, hi.value) || (hi.value === bound.value && !bound.inclusive)) range.hi = bound
  }

  /** `<param> <= value` (a value of the parameter's type). */
  atMost(name: string, value: TimeValue): boolean {
    const holds = !below(value, this.value(name))
    if (holds) this.lower(name, {value, inclusive: true})
    else this.raise(name, {value, inclusive: false})
    return holds
  }

  /** `<param> >= value` (a value of the parameter's type). */
  atLeast(name: string, value: TimeValue): boolean {
    const holds = !below(this.value(name), value)
    if (holds) this.raise(name, {value, inclusive: true})
    else this.lower(name, {value, inclusive: false})
    return holds
  }

  /** The parameter's value itself, for a comparison whose outcome is kept for this value only. */
  exactly(name: string): TimeValue {
    const value = this.value(name)
    this.raise(name, {value, inclusive: true})
    this.lower(name, {value, inclusive: true})
    return value
  }
}

/** A fast path's parameters: its own shape, the values of its time parameters, and a key of the rest. */
export interface Prepared<P> {
  params: P
  /** The parameters that move with the clock, by name, as the Clock reads them. */
  time: Readonly<Record<string, TimeValue>>
  /** The other parameters, as text: answers are kept per key. */
  key: string
}

export interface FastPath<P = unknown> {
  name: string
  /** The GROQ text it answers, on `@`, a document of the dataset. */
  fragment: string
  /**
   * 'condition' (the default): the fragment is a condition, answered where only its truth counts.
   * 'value': an expression answered wherever `@` is a document of the dataset; its value is
   * never null as groq-js evaluates it (a list, say), so null can mean "not sure".
   */
  kind?: 'condition' | 'value'
  /** The query's parameters as the fast path reads them; null when they have another shape (then groq-js evaluates the fragment everywhere). */
  prepare(params: Record<string, unknown>): Prepared<P> | null
  /**
   * The fragment's value for one document, or null when it is not sure. A condition answers true
   * or false exactly as groq-js gives it in a filter; a value answers exactly groq-js's value.
   */
  answer(doc: Doc, source: AnswerSource, params: P, clock: Clock): unknown
}

const registry: FastPath[] = []

/** Registers a fast path; the planner offers it to every query planned from then on. */
export function registerFastPath<P>(fastPath: FastPath<P>): void {
  if (registry.some((known) => known.name === fastPath.name)) throw new Error(`A fast path named "${fastPath.name}" is registered already`)
  registry.push(fastPath as FastPath)
}

export function fastPaths(): readonly FastPath[] {
  return registry
}

interface Kept {
  value: unknown
  ranges: Map<string, Range>
  reads: string[]
  referenced: string[]
}

/** A map of sets: adds `id` under `key`. */
export function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key)
  if (!set) index.set(key, (set = new Set()))
  set.add(id)
}

/** A map of sets: removes `id` from under `key`, and the key once its set is empty. */
export function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key)
  if (!set) return
  set.delete(id)
  if (set.size === 0) index.delete(key)
}

/** Answers of one fast path in one view, for one key of its parameters, with what each read. */
export class KeptAnswers {
  private readonly kept = new Map<string, Kept>()
  private readonly readers = new Map<string, Set<string>>()
  private readonly referencers = new Map<string, Set<string>>()
  /**
   * Told when an answer replaces another kept for the same document (one for other time
   * parameters): what depended on the old one (a kept list) no longer hears of what it read.
   */
  private readonly replaced: (id: string) => void

  constructor(replaced: (id: string) => void = () => {}) {
    this.replaced = replaced
  }

  /** How many answers it keeps (its memory, for the view's budget). */
  get size(): number {
    return this.kept.size
  }

  /** The kept answer for the document with this id, if it holds at these time parameters. */
  lookup(id: string, time: Readonly<Record<string, TimeValue>>): {value: unknown} | undefined {
    const kept = this.kept.get(id)
    if (!kept) return undefined
    for (const [name, range] of kept.ranges) {
      const value = time[name]
      if (value === undefined || !inRange(range, value)) return undefined
    }
    return kept
  }

  /** Answers for the document with this id, noting what the answer reads, and keeps the answer. */
  answer(doc: Doc, source: AnswerSource, evaluate: (source: AnswerSource, clock: Clock) => unknown, time: Readonly<Record<string, TimeValue>>): unknown {
    const reads = new Set<string>([doc._id])
    const referenced = new Set<string>()
    const tracking: AnswerSource = {
      get(id) {
        reads.add(id)
        return source.get(id)
      },
      referencing(id) {
        referenced.add(id)
        return source.referencing(id)
      },
    }
    const clock = new Clock(time)
    const value = evaluate(tracking, clock)
    if (this.kept.has(doc._id)) {
      this.forget(doc._id)
      this.replaced(doc._id)
    }
    const kept: Kept = {value, ranges: clock.ranges, reads: [...reads], referenced: [...referenced]}
    this.kept.set(doc._id, kept)
    for (const id of kept.reads) addTo(this.readers, id, doc._id)
    for (const id of kept.referenced) addTo(this.referencers, id, doc._id)
    return value
  }

  private forget(id: string): void {
    const kept = this.kept.get(id)
    if (!kept) return
    this.kept.delete(id)
    for (const read of kept.reads) removeFrom(this.readers, read, id)
    for (const ref of kept.referenced) removeFrom(this.referencers, ref, id)
  }

  /**
   * A document of the view changed (or appeared, or went): drops the answers that read it, or
   * asked for documents referencing what it referenced before or after. Returns the ids of the
   * documents whose answers were dropped.
   */
  changed(id: string, refs: Iterable<string>): Set<string> {
    const stale = new Set<string>()
    if (this.kept.size === 0) return stale
    for (const reader of this.readers.get(id) ?? []) stale.add(reader)
    for (const ref of refs) for (const reader of this.referencers.get(ref) ?? []) stale.add(reader)
    for (const reader of stale) this.forget(reader)
    return stale
  }
}
