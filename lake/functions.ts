/**
 * Sanity Functions, emulated by the lake in its hosted-like mode, the way Firebase's emulators run
 * Cloud Functions: the project's Blueprint (sanity.blueprint.ts) is read, each document Function is
 * run after every committed write whose documents its event matches (`on` create, update or
 * delete; `filter` and `projection` evaluated by groq-js in delta mode, with `before()` and
 * `after()`; drafts and release versions only when it asks for them), and each scheduled Function
 * at the minutes its schedule names. A handler gets the envelope Sanity delivers:
 * `{context: {clientOptions: {apiHost, projectId, dataset, token}, eventResourceType,
 * eventResourceId, functionResourceType, functionResourceId, lineage}, event: {data}}`, with the
 * Function's `env` set, the token of its robot (a lake user per robot of the Blueprint), and
 * `X_SANITY_LINEAGE` set so that @sanity/client passes it on: a chain of Functions started by one
 * write stops after 16, as on Sanity's side.
 *
 * Invocations run one at a time, in commit order; `idle()` resolves when none is waiting.
 */
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {evaluate, parse} from 'groq-js'
import type {ExprNode} from 'groq-js'
import {isDraftId, isVersionId} from '../plugins/medical-claims/rules/ids.ts'
import type {Doc} from './dataset.ts'
import type {CommittedWrite, Lake} from './store.ts'
import {randomId} from './transaction.ts'

/** How deep a chain of Functions may go (Sanity's recursion limit). */
export const MAX_LINEAGE_DEPTH = 16

type Handler = (envelope: {context: Record<string, unknown>; event?: {data: unknown}}) => unknown

interface Resource {
  type: string
  name: string
  src?: string
  env?: Record<string, string>
  robotToken?: string
  memberships?: Array<{roleNames?: string[]}>
  event?: {on?: string[]; filter?: string; projection?: string; includeDrafts?: boolean; includeAllVersions?: boolean; minute?: string; hour?: string; dayOfMonth?: string; month?: string; dayOfWeek?: string}
}

interface DocumentFunction {
  name: string
  on: Set<string>
  query: ExprNode
  hasProjection: boolean
  includeDrafts: boolean
  includeAllVersions: boolean
  handler: Handler
  env: Record<string, string>
  robot: string | null
}

interface ScheduledFunction {
  name: string
  cron: Required<Pick<NonNullable<Resource['event']>, 'minute' | 'hour' | 'dayOfMonth' | 'month' | 'dayOfWeek'>>
  handler: Handler
  env: Record<string, string>
  robot: string | null
}

export interface FunctionRun {
  name: string
  documentId?: string
  ok: boolean
  error?: string
  skipped?: 'lineage'
}

export interface FunctionsEmulatorOptions {
  lake: Lake
  /** The lake's address, as the Functions' clients reach it. */
  apiHost: string
  projectId: string
  /** The token of a robot of the Blueprint (by its resource name); null when the lake has no such robot user. */
  robotToken(robot: string): string | null
  /** A token for Functions that name no robot (Sanity gives them an editor's). */
  defaultToken: string
  onError?: (line: string) => void
}

/** The robots of a Blueprint's resources: name and role. */
export function blueprintRobots(resources: ReadonlyArray<Resource>): Array<{name: string; role: string}> {
  return resources.filter((r) => r.type === 'sanity.access.robot').map((r) => ({name: r.name, role: r.memberships?.[0]?.roleNames?.[0] ?? 'editor'}))
}

/** The Blueprint's resources (its default export, called as the Sanity CLI calls it). */
export async function loadBlueprint(file: string): Promise<Resource[]> {
  const module = (await import(pathToFileURL(file).href)) as {default?: unknown}
  const blueprint = typeof module.default === 'function' ? (module.default as () => {resources?: Resource[]})() : (module.default as {resources?: Resource[]} | undefined)
  return blueprint?.resources ?? []
}

/** `$.resources.<name>.token` -> `<name>`. */
function robotOf(reference: string | undefined): string | null {
  const match = reference ? /^\$\.resources\.([^.]+)\.token$/.exec(reference) : null
  return match ? match[1] : null
}

async function handlerAt(root: string, src: string): Promise<Handler> {
  const module = (await import(pathToFileURL(path.resolve(root, src, 'index.ts')).href)) as {handler?: Handler; default?: Handler}
  const handler = module.handler ?? module.default
  if (typeof handler !== 'function') throw new Error(`The Function at ${src} exports no handler: export const handler = documentEventHandler(...).`)
  return handler
}

/** Whether one cron field (`*`, `n`, `a,b`, `a-b`, `*\/n`) admits a value. */
function cronField(field: string, value: number): boolean {
  return field.split(',').some((part) => {
    const [range, stepText] = part.split('/')
    const step = stepText ? Number(stepText) : 1
    if (range === '*') return value % step === 0
    const [from, to] = range.split('-').map(Number)
    return value >= from && value <= (to ?? from) && (value - from) % step === 0
  })
}

/** Whether a schedule (UTC) fires at this minute. */
export function cronMatches(cron: ScheduledFunction['cron'], at: Date): boolean {
  return (
    cronField(cron.minute, at.getUTCMinutes()) &&
    cronField(cron.hour, at.getUTCHours()) &&
    cronField(cron.dayOfMonth, at.getUTCDate()) &&
    cronField(cron.month, at.getUTCMonth() + 1) &&
    cronField(cron.dayOfWeek, at.getUTCDay())
  )
}

export class FunctionsEmulator {
  readonly runs: FunctionRun[] = []
  private readonly options: FunctionsEmulatorOptions
  private readonly documentFunctions: DocumentFunction[]
  private readonly scheduledFunctions: ScheduledFunction[]
  private queue: Promise<void> = Promise.resolve()
  private pending = 0
  private timer: NodeJS.Timeout | null = null
  private unsubscribe: (() => void) | null = null

  private constructor(options: FunctionsEmulatorOptions, documentFunctions: DocumentFunction[], scheduledFunctions: ScheduledFunction[]) {
    this.options = options
    this.documentFunctions = documentFunctions
    this.scheduledFunctions = scheduledFunctions
  }

  /** Reads the Blueprint at `file` and its Functions' code (relative to the Blueprint's folder). */
  static async load(file: string, options: FunctionsEmulatorOptions): Promise<FunctionsEmulator> {
    const root = path.dirname(file)
    const resources = await loadBlueprint(file)
    const documentFunctions: DocumentFunction[] = []
    const scheduledFunctions: ScheduledFunction[] = []
    for (const resource of resources) {
      const src = resource.src ?? `functions/${resource.name}`
      if (resource.type === 'sanity.function.document') {
        const event = resource.event ?? {}
        documentFunctions.push({
          name: resource.name,
          on: new Set(event.on ?? ['publish']),
          query: parse(`*[${event.filter ?? ''}]${event.projection ?? ''}`, {mode: 'delta'}),
          hasProjection: Boolean(event.projection),
          includeDrafts: event.includeDrafts === true,
          includeAllVersions: event.includeAllVersions === true || (event.on ?? ['publish']).includes('publish'),
          handler: await handlerAt(root, src),
          env: resource.env ?? {},
          robot: robotOf(resource.robotToken),
        })
      } else if (resource.type === 'sanity.function.cron') {
        const e = resource.event ?? {}
        scheduledFunctions.push({
          name: resource.name,
          cron: {minute: e.minute ?? '*', hour: e.hour ?? '*', dayOfMonth: e.dayOfMonth ?? '*', month: e.month ?? '*', dayOfWeek: e.dayOfWeek ?? '*'},
          handler: await handlerAt(root, src),
          env: resource.env ?? {},
          robot: robotOf(resource.robotToken),
        })
      }
    }
    return new FunctionsEmulator(options, documentFunctions, scheduledFunctions)
  }

  /** The Functions it runs, by kind. */
  names(): {document: string[]; scheduled: string[]} {
    return {document: this.documentFunctions.map((f) => f.name), scheduled: this.scheduledFunctions.map((f) => f.name)}
  }

  /** Follows the lake's writes, and runs the scheduled Functions at their minutes. */
  start(): void {
    this.unsubscribe = this.options.lake.onCommit((write) => this.onCommit(write))
    const tick = () => {
      const now = new Date()
      for (const fn of this.scheduledFunctions) if (cronMatches(fn.cron, now)) this.enqueue(() => this.runScheduledFunction(fn))
      this.timer = setTimeout(tick, 60_000 - (Date.now() % 60_000))
      this.timer.unref()
    }
    this.timer = setTimeout(tick, 60_000 - (Date.now() % 60_000))
    this.timer.unref()
  }

  stop(): void {
    this.unsubscribe?.()
    if (this.timer) clearTimeout(this.timer)
  }

  /** Resolves when no invocation is waiting or running. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.queue
  }

  /** Runs a scheduled Function now (what its schedule would do at its minute). */
  async runScheduled(name: string): Promise<void> {
    const fn = this.scheduledFunctions.find((f) => f.name === name)
    if (!fn) throw new Error(`No scheduled Function "${name}" in the Blueprint (it has ${this.scheduledFunctions.map((f) => f.name).join(', ') || 'none'}).`)
    this.enqueue(() => this.runScheduledFunction(fn))
    await this.idle()
  }

  private enqueue(job: () => Promise<void>): void {
    this.pending++
    this.queue = this.queue.then(job).finally(() => {
      this.pending--
    })
  }

  private onCommit(write: CommittedWrite): void {
    const [chain, depthText] = (write.lineage ?? '').split(':')
    const depth = write.lineage ? Number(depthText) || 0 : 0
    for (const change of write.changes) {
      const event = !change.before ? 'create' : !change.after ? 'delete' : 'update'
      for (const fn of this.documentFunctions) {
        if (!fn.on.has(event) && !(fn.on.has('publish') && event !== 'delete')) continue
        if (isDraftId(change.id) && !fn.includeDrafts) continue
        if (isVersionId(change.id) && !fn.includeAllVersions) continue
        if (depth >= MAX_LINEAGE_DEPTH) {
          this.runs.push({name: fn.name, documentId: change.id, ok: false, skipped: 'lineage'})
          this.options.onError?.(`the Function ${fn.name} was not run for ${change.id}: its chain reached ${MAX_LINEAGE_DEPTH} invocations (a Function that starts itself)`)
          continue
        }
        const lineage = `${chain || randomId(12)}:${depth + 1}`
        this.enqueue(() => this.runDocumentFunction(fn, write.dataset, change.before, change.after, change.id, lineage))
      }
    }
  }

  private async runDocumentFunction(fn: DocumentFunction, dataset: string, before: Doc | null, after: Doc | null, documentId: string, lineage: string): Promise<void> {
    const doc = after ?? before
    let data: unknown
    try {
      const result = await (await evaluate(fn.query, {dataset: [doc], before, after})).get()
      if (!Array.isArray(result) || result.length === 0) return
      data = fn.hasProjection ? result[0] : doc
    } catch (error) {
      this.runs.push({name: fn.name, documentId, ok: false, error: `its filter or projection failed: ${error instanceof Error ? error.message : String(error)}`})
      return
    }
    const context = {
      ...this.baseContext(fn.robot, dataset, lineage),
      eventResourceType: 'dataset',
      eventResourceId: `${this.options.projectId}.${dataset}`,
      functionResourceType: 'project',
      functionResourceId: this.options.projectId,
    }
    await this.invoke(fn, {context, event: {data}}, documentId)
  }

  // A scheduled Function belongs to no dataset: like Sanity's, its context names none (its Blueprint's env does).
  private async runScheduledFunction(fn: ScheduledFunction): Promise<void> {
    await this.invoke(fn, {context: this.baseContext(fn.robot, null, `${randomId(12)}:1`)})
  }

  private baseContext(robot: string | null, dataset: string | null, lineage: string): Record<string, unknown> {
    const token = (robot ? this.options.robotToken(robot) : null) ?? this.options.defaultToken
    const clientOptions = dataset === null ? {apiHost: this.options.apiHost, token} : {apiHost: this.options.apiHost, projectId: this.options.projectId, dataset, token}
    return {clientOptions, lineage, resources: {}}
  }

  private async invoke(fn: {name: string; handler: Handler; env: Record<string, string>}, envelope: Parameters<Handler>[0], documentId?: string): Promise<void> {
    // The Function's environment for the length of the call (calls run one at a time).
    const saved = new Map<string, string | undefined>()
    // The lake's own writes (its seed) are trusted as hosted imports by a migration robot would be.
    const trusted = [fn.env.VOUCHED_TRUSTED_AUTHORS, 'system'].filter(Boolean).join(',')
    const env = {...fn.env, VOUCHED_TRUSTED_AUTHORS: trusted, X_SANITY_LINEAGE: String(envelope.context.lineage)}
    for (const [key, value] of Object.entries(env)) {
      saved.set(key, process.env[key])
      process.env[key] = value
    }
    try {
      await fn.handler(envelope)
      this.runs.push({name: fn.name, ...(documentId ? {documentId} : {}), ok: true})
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      this.runs.push({name: fn.name, ...(documentId ? {documentId} : {}), ok: false, error: message})
      this.options.onError?.(`the Function ${fn.name} failed${documentId ? ` for ${documentId}` : ''}: ${message}`)
    } finally {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
  }
}
