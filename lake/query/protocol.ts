/** The messages between the server (./pool.ts) and its query workers (./worker.ts). */
import type {Doc} from '../dataset.ts'
import type {QueryOptions, QueryOutcome, QueryText} from './run.ts'

export interface WorkerData {
  /** The lake's SQLite file, read once (read-only) for the worker's replica. */
  dbFile: string
  projectId: string
}

/** What a query worker is told: changes in commit order, and queries. */
export type ToWorker =
  | {t: 'put'; dataset: string; changes: Array<[string, Doc | null]>}
  | {t: 'create'; dataset: string}
  | {t: 'drop'; dataset: string}
  | {t: 'query'; n: number; dataset: string; query: string; options: Omit<QueryOptions, 'projectId'>; form: AnswerForm}

/** How a query's answer comes back: as values (for the server's own use) or as JSON text (for an HTTP answer). */
export type AnswerForm = 'value' | 'json'

/** What a query worker answers. */
export type ToServer =
  | {t: 'ready'}
  | {t: 'failed'; message: string}
  | {t: 'result'; n: number; outcome: QueryOutcome}
  | {t: 'text'; n: number; answer: QueryText}
  | {t: 'error'; n: number; error: {statusCode: number; type: string; description: string; extra: Record<string, unknown>}}
