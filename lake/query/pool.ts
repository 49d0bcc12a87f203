/**
 * The query workers: GROQ is evaluated on worker threads (./worker.ts), never on the server's own
 * thread, so `/ping`, writes, listeners and other users' queries go on while a slow query runs.
 *
 *  - Each worker holds a replica of the datasets, loaded from SQLite when it starts and kept up to
 *    date with every committed change (posted in commit order, before the write is acknowledged).
 *  - A query runs on an idle worker. Past its time limit the worker is stopped (that stops the
 *    evaluation wherever it is), the query answers `queryTimeoutError`, and a fresh worker
 *    replaces it. A worker that runs out of its heap limit ends the same way.
 *  - Fairness: a user has at most `perUser` queries running; more wait in that user's own queue
 *    (at most `queuedPerUser`, then 429), and users take turns. `workers` stay warm; while a
 *    query has been running for a while and no worker is idle, another starts (up to
 *    `maxWorkers`), so other users' queries find one free. Extra workers stop when idle.
 *  - Affinity: a worker keeps what a query's first run built (the compliance of every article, the
 *    answers kept for a fast path), so a query whose run on a worker took long goes back to that
 *    worker: while it is busy the query waits for it, for at most as long as that run took (running
 *    it on another worker would cost that again), and other queries take the other workers.
 */
import {Worker} from 'node:worker_threads'
import {LakeError} from '../errors.ts'
import type {Doc} from '../dataset.ts'
import type {AnswerForm, ToServer, ToWorker, WorkerData} from './protocol.ts'
import type {QueryOptions, QueryOutcome, QueryText} from './run.ts'

export const QUERY_DEFAULTS = {
  workers: 2,
  maxWorkers: 6,
  timeoutMs: 60_000,
  perUser: 2,
  queuedPerUser: 500,
  memoryMb: 4096,
} as const

export interface QueryPoolOptions {
  /** The lake's SQLite file, which new workers load their replica from. */
  dbFile: string
  projectId: string
  /** Workers kept running (default 2). */
  workers?: number
  /** Most workers at once (default 6). */
  maxWorkers?: number
  /** A query's time limit in milliseconds (default 60,000). */
  timeoutMs?: number
  /** Queries one user may have running at once (default 2). */
  perUser?: number
  /** Queries one user may have waiting (default 500); more are refused with 429. */
  queuedPerUser?: number
  /** Heap limit of each worker in MiB (default 4096). */
  memoryMb?: number
  warn?: (line: string) => void
}

interface Job {
  n: number
  /** When it was queued (Date.now()). */
  queuedAt: number
  /** What affinity knows it by: dataset, text, parameters and perspective. */
  key: string
  user: string
  dataset: string
  query: string
  options: Omit<QueryOptions, 'projectId'>
  form: AnswerForm
  resolve: (answer: QueryOutcome | QueryText) => void
  reject: (error: LakeError) => void
}

interface Slot {
  /** The worker's number (the pool counts from 1), which answers tell. */
  id: number
  worker: Worker
  /** When its current job started (Date.now()). */
  startedAt: number
  ready: boolean
  job: Job | null
  idleSince: number
  timers: NodeJS.Timeout[]
}

/** A query running this long with no idle worker left starts another worker (if there is room). */
const SPARE_AFTER_MS = 200
/** A query whose run took this long (ms) goes back to the worker that ran it (see Affinity above). */
const AFFINITY_AFTER_MS = 100
/** Queries remembered with their worker. */
const AFFINITY_ENTRIES = 1_000
/** Workers beyond the warm ones stop after this long idle. */
const IDLE_STOP_MS = 30_000
const WORKER_FILE = new URL('./worker.ts', import.meta.url)

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`Query pool option ${name} must be a whole number of at least 1 (got ${String(value)})`)
  return value
}

export class QueryPool {
  private readonly options: Required<Omit<QueryPoolOptions, 'warn'>> & {warn: (line: string) => void}
  private readonly slots = new Set<Slot>()
  /** Waiting jobs per user; the Map's order is the users' turn order. */
  private readonly waiting = new Map<string, Job[]>()
  private readonly running = new Map<string, number>()
  private nextJob = 1
  private failuresInARow = 0
  private lastFailure = ''
  private closed = false
  private readonly reaper: NodeJS.Timeout
  private nextSlot = 1
  /** Per query (dataset, text, options): the worker whose run of it took long, and how long. */
  private readonly affinity = new Map<string, {slot: Slot; ms: number}>()
  /** Set while a job waits for its worker: dispatches again when its wait is over. */
  private holdTimer: NodeJS.Timeout | null = null

  constructor(options: QueryPoolOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as QueryPoolOptions
    const o: QueryPool['options'] = {...QUERY_DEFAULTS, warn: () => undefined, ...given}
    for (const key of ['workers', 'maxWorkers', 'timeoutMs', 'perUser', 'queuedPerUser', 'memoryMb'] as const) positiveInteger(key, o[key])
    if (o.maxWorkers < o.workers) throw new Error(`Query pool option maxWorkers (${o.maxWorkers}) must be at least workers (${o.workers})`)
    this.options = o
    for (let i = 0; i < o.workers; i++) this.spawn()
    this.reaper = setInterval(() => this.stopIdleExtras(), 5_000)
    this.reaper.unref()
  }

  get timeoutMs(): number {
    return this.options.timeoutMs
  }

  /** How many workers exist (running, idle or starting). */
  get size(): number {
    return this.slots.size
  }

  /** Runs a query on a worker; its answer as values. */
  run(dataset: string, query: string, options: QueryOptions = {}): Promise<QueryOutcome> {
    return this.enqueue(dataset, query, options, 'value') as Promise<QueryOutcome>
  }

  /** Runs a query on a worker; its answer as JSON text, encoded on the worker. */
  runText(dataset: string, query: string, options: QueryOptions = {}): Promise<QueryText> {
    return this.enqueue(dataset, query, options, 'json') as Promise<QueryText>
  }

  private enqueue(dataset: string, query: string, options: QueryOptions, form: AnswerForm): Promise<QueryOutcome | QueryText> {
    if (this.closed) return Promise.reject(new LakeError(503, 'serviceUnavailableError', 'The lake is shutting down'))
    const user = options.identity ?? 'anonymous'
    const queue = this.waiting.get(user) ?? []
    if (queue.length >= this.options.queuedPerUser) {
      return Promise.reject(
        new LakeError(
          429,
          'rateLimitError',
          `Too many queries waiting for user "${user}" (${queue.length} waiting, ${this.running.get(user) ?? 0} running; at most ${this.options.queuedPerUser} may wait). Wait for earlier queries to finish before sending more.`,
        ),
      )
    }
    const {projectId: _projectId, ...rest} = options
    const key = `${dataset}\n${query}\n${JSON.stringify(rest.params ?? null)}\n${rest.perspective ?? ''}`
    return new Promise<QueryOutcome | QueryText>((resolve, reject) => {
      queue.push({n: this.nextJob++, queuedAt: Date.now(), key, user, dataset, query, options: rest, form, resolve, reject})
      this.waiting.set(user, queue)
      this.dispatch()
    })
  }

  /** Committed changes of a dataset, in commit order: every worker applies them before its next query. */
  apply(dataset: string, changes: ReadonlyArray<{id: string; after: Doc | null}>): void {
    if (changes.length === 0) return
    this.broadcast({t: 'put', dataset, changes: changes.map((c) => [c.id, c.after])})
  }

  createDataset(dataset: string): void {
    this.broadcast({t: 'create', dataset})
  }

  dropDataset(dataset: string): void {
    this.broadcast({t: 'drop', dataset})
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.reaper)
    if (this.holdTimer) clearTimeout(this.holdTimer)
    for (const [, jobs] of this.waiting) for (const job of jobs) job.reject(new LakeError(503, 'serviceUnavailableError', 'The lake is shutting down'))
    this.waiting.clear()
    const stopping: Array<Promise<number>> = []
    for (const slot of [...this.slots]) {
      if (slot.job) slot.job.reject(new LakeError(503, 'serviceUnavailableError', 'The lake is shutting down'))
      stopping.push(this.remove(slot))
    }
    await Promise.all(stopping)
  }

  // --- workers ---------------------------------------------------------------------------------

  private broadcast(message: ToWorker): void {
    for (const slot of this.slots) slot.worker.postMessage(message)
  }

  private spawn(): void {
    if (this.closed || this.slots.size >= this.options.maxWorkers) return
    const data: WorkerData = {dbFile: this.options.dbFile, projectId: this.options.projectId}
    const worker = new Worker(WORKER_FILE, {workerData: data, resourceLimits: {maxOldGenerationSizeMb: this.options.memoryMb}})
    const slot: Slot = {id: this.nextSlot++, worker, startedAt: 0, ready: false, job: null, idleSince: Date.now(), timers: []}
    this.slots.add(slot)
    worker.on('message', (message: ToServer) => this.onMessage(slot, message))
    worker.on('error', (err) => this.onExit(slot, err))
    worker.on('exit', (code) => this.onExit(slot, code === 0 ? null : new Error(`exited with code ${code}`)))
  }

  private onMessage(slot: Slot, message: ToServer): void {
    switch (message.t) {
      case 'ready':
        slot.ready = true
        slot.idleSince = Date.now()
        this.failuresInARow = 0
        this.dispatch()
        return
      case 'failed':
        this.lastFailure = message.message
        return
      case 'result':
      case 'text':
      case 'error': {
        const job = slot.job
        if (!job || job.n !== message.n) return
        const ms = Date.now() - slot.startedAt
        this.finish(slot)
        if (message.t !== 'error') this.remember(job, slot, ms)
        if (message.t === 'result') job.resolve({...message.outcome, worker: slot.id})
        else if (message.t === 'text') job.resolve({...message.answer, worker: slot.id})
        else job.reject(new LakeError(message.error.statusCode, message.error.type, message.error.description, message.error.extra))
        this.dispatch()
      }
    }
  }

  /** A worker ended: stopped by the pool, timed out, out of memory, or crashed. */
  private onExit(slot: Slot, err: Error | null): void {
    if (!this.slots.has(slot)) return
    this.slots.delete(slot)
    for (const timer of slot.timers) clearTimeout(timer)
    const job = slot.job
    slot.job = null
    if (job) {
      this.release(job.user)
      const code = (err as {code?: string} | null)?.code
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
        job.reject(
          new LakeError(400, 'queryMemoryLimitError', `Query evaluation failed: the query needed more than ${this.options.memoryMb} MiB of memory. Narrow it (filter before projecting, slice the results).`),
        )
      } else {
        job.reject(new LakeError(500, 'internalError', `The query worker stopped unexpectedly (${err?.message ?? 'no reason given'}); the query was not answered. Try again.`))
      }
    }
    if (!slot.ready) {
      this.failuresInARow++
      this.lastFailure = this.lastFailure || err?.message || 'no reason given'
      this.options.warn(`a query worker failed to start: ${this.lastFailure}`)
    } else if (err && !this.closed) {
      this.options.warn(`a query worker stopped: ${err.message}`)
    }
    if (this.closed) return
    if (this.failuresInARow >= 3) {
      // Something stops every worker from starting (the data file, memory): answer instead of retrying forever.
      for (const [, jobs] of this.waiting) {
        for (const waiting of jobs) waiting.reject(new LakeError(503, 'serviceUnavailableError', `Query workers cannot start: ${this.lastFailure}`))
      }
      this.waiting.clear()
      this.failuresInARow = 0
      return
    }
    if (this.slots.size < this.options.workers) this.spawn()
    this.dispatch()
  }

  private remove(slot: Slot): Promise<number> {
    this.slots.delete(slot)
    for (const timer of slot.timers) clearTimeout(timer)
    slot.job = null
    return slot.worker.terminate()
  }

  private stopIdleExtras(): void {
    const now = Date.now()
    for (const slot of this.slots) {
      if (this.slots.size <= this.options.workers) return
      if (slot.ready && !slot.job && now - slot.idleSince > IDLE_STOP_MS) void this.remove(slot)
    }
  }

  // --- scheduling ------------------------------------------------------------------------------

  private release(user: string): void {
    const count = (this.running.get(user) ?? 1) - 1
    if (count <= 0) this.running.delete(user)
    else this.running.set(user, count)
  }

  private finish(slot: Slot): void {
    for (const timer of slot.timers) clearTimeout(timer)
    slot.timers = []
    if (slot.job) this.release(slot.job.user)
    slot.job = null
    slot.idleSince = Date.now()
  }

  /** After a run: a long one sends the query back to this worker next time; a short one leaves it where it was. */
  private remember(job: Job, slot: Slot, ms: number): void {
    if (ms < AFFINITY_AFTER_MS) return
    this.affinity.delete(job.key)
    if (this.affinity.size >= AFFINITY_ENTRIES) this.affinity.delete(this.affinity.keys().next().value as string)
    this.affinity.set(job.key, {slot, ms})
  }

  /**
   * Whether the job is left for another worker than `slot`: the one that ran it long before. While
   * that one is idle it takes the job ('idle'); while it is busy the job waits for it, for as long
   * as that run took in all (the milliseconds left); otherwise, or once that is over, 0.
   */
  private heldFor(job: Job, slot: Slot, now: number): number | 'idle' {
    const known = this.affinity.get(job.key)
    if (!known || known.slot === slot || !this.slots.has(known.slot) || !known.slot.ready) return 0
    if (!known.slot.job) return 'idle'
    return Math.max(0, known.ms - (now - job.queuedAt))
  }

  /** The next job for this worker whose user may start another query; users take turns, and a job waiting for its own worker is passed over. */
  private nextJobToRun(slot: Slot): Job | null {
    const now = Date.now()
    let soonest = Infinity
    for (const [user, jobs] of this.waiting) {
      if ((this.running.get(user) ?? 0) >= this.options.perUser) continue
      const index = jobs.findIndex((job) => {
        const wait = this.heldFor(job, slot, now)
        if (typeof wait === 'number' && wait > 0) soonest = Math.min(soonest, wait)
        return wait === 0
      })
      if (index === -1) continue
      const [job] = jobs.splice(index, 1)
      this.waiting.delete(user)
      if (jobs.length > 0) this.waiting.set(user, jobs)
      return job
    }
    if (soonest !== Infinity && !this.holdTimer) {
      this.holdTimer = setTimeout(() => {
        this.holdTimer = null
        this.dispatch()
      }, soonest + 1)
      this.holdTimer.unref()
    }
    return null
  }

  private idleSlot(except?: ReadonlySet<Slot>): Slot | null {
    for (const slot of this.slots) if (slot.ready && !slot.job && !except?.has(slot)) return slot
    return null
  }

  private starting(): number {
    let count = 0
    for (const slot of this.slots) if (!slot.ready) count++
    return count
  }

  private dispatch(): void {
    const passed = new Set<Slot>()
    for (;;) {
      const slot = this.idleSlot(passed)
      if (!slot) break
      const job = this.nextJobToRun(slot)
      if (job) this.start(slot, job)
      else passed.add(slot)
    }
    // Work that could start but finds no worker: start one (unless one is already starting).
    if (!this.idleSlot() && this.starting() === 0 && this.hasRunnableJob()) this.spawn()
  }

  private hasRunnableJob(): boolean {
    for (const [user, jobs] of this.waiting) if (jobs.length > 0 && (this.running.get(user) ?? 0) < this.options.perUser) return true
    return false
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job
    slot.startedAt = Date.now()
    this.running.set(job.user, (this.running.get(job.user) ?? 0) + 1)
    const limit = Math.min(job.options.timeoutMs ?? this.options.timeoutMs, this.options.timeoutMs)
    const timeout = setTimeout(() => {
      if (slot.job !== job) return
      this.release(job.user)
      slot.job = null
      job.reject(
        new LakeError(
          400,
          'queryTimeoutError',
          `Query timed out: it ran longer than the lake's limit of ${limit / 1000} s and was stopped. Narrow it (filter by _type or _id first, avoid a subquery over every document per document).`,
        ),
      )
      void this.remove(slot).then(() => {
        if (this.slots.size < this.options.workers) this.spawn()
        this.dispatch()
      })
    }, limit)
    // A query still running after a moment, with no idle worker left: start another for other users.
    const spare = setTimeout(() => {
      if (slot.job === job && !this.idleSlot() && this.starting() === 0) this.spawn()
    }, SPARE_AFTER_MS)
    timeout.unref()
    spare.unref()
    slot.timers = [timeout, spare]
    const message: ToWorker = {t: 'query', n: job.n, dataset: job.dataset, query: job.query, options: job.options, form: job.form}
    slot.worker.postMessage(message)
  }
}
