/**
 * A query worker (worker thread): holds a replica of every dataset and evaluates GROQ with
 * ./run.ts, so that a slow query never holds up the server's own thread.
 *
 * At start it reads the datasets from the lake's SQLite file (read-only), then applies, in order,
 * every change the server posts after spawning it. A change is a document's whole new state, so
 * applying one that the snapshot already holds is harmless. Messages are handled one at a time in
 * the order they were posted: a query sees every write the server acknowledged before sending it.
 */
import {DatabaseSync} from 'node:sqlite'
import {parentPort, workerData} from 'node:worker_threads'
import {DatasetState, type Doc} from '../dataset.ts'
import {toLakeError} from '../errors.ts'
import type {ToServer, ToWorker, WorkerData} from './protocol.ts'
import {runQuery, runQueryText} from './run.ts'

const port = parentPort
if (!port) throw new Error('lake/query/worker.ts runs as a worker thread (see ./pool.ts)')
const {dbFile, projectId} = workerData as WorkerData

const datasets = new Map<string, DatasetState>()

function loadSnapshot(): void {
  const db = new DatabaseSync(dbFile, {readOnly: true})
  try {
    const names = db.prepare('SELECT name FROM datasets').all() as Array<{name: string}>
    const docs = db.prepare('SELECT json FROM documents WHERE dataset = ?')
    for (const {name} of names) {
      const ds = new DatasetState(name)
      for (const row of docs.iterate(name) as Iterable<{json: string}>) ds.load(JSON.parse(row.json) as Doc)
      datasets.set(name, ds)
    }
  } finally {
    db.close()
  }
}

const send = (message: ToServer): void => port.postMessage(message)

async function handle(message: ToWorker): Promise<void> {
  switch (message.t) {
    case 'put': {
      const ds = datasets.get(message.dataset)
      if (!ds) return
      for (const [id, doc] of message.changes) ds.put(id, doc)
      return
    }
    case 'create':
      if (!datasets.has(message.dataset)) datasets.set(message.dataset, new DatasetState(message.dataset))
      return
    case 'drop':
      datasets.delete(message.dataset)
      return
    case 'query': {
      const ds = datasets.get(message.dataset)
      try {
        if (!ds) throw new Error(`the query worker has no dataset "${message.dataset}"`)
        const options = {...message.options, projectId}
        if (message.form === 'json') send({t: 'text', n: message.n, answer: await runQueryText(ds, message.query, options)})
        else send({t: 'result', n: message.n, outcome: await runQuery(ds, message.query, options)})
      } catch (err) {
        const error = toLakeError(err)
        send({t: 'error', n: message.n, error: {statusCode: error.statusCode, type: error.type, description: error.message, extra: error.extra}})
      }
    }
  }
}

try {
  loadSnapshot()
} catch (err) {
  send({t: 'failed', message: err instanceof Error ? err.message : String(err)})
  process.exit(1)
}

let chain: Promise<void> = Promise.resolve()
port.on('message', (message: ToWorker) => {
  chain = chain.then(() => handle(message))
})
send({t: 'ready'})
