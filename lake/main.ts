/**
 * `npm run lake`: runs the local Content Lake until Ctrl-C.
 *
 *   node lake/main.ts [--port 4443] [--data .data/lake] [--host 127.0.0.1] [--seed seed/dataset.ndjson] [--quiet] [--emulate-hosted]
 *                     [--query-timeout 60] [--query-workers 2] [--queries-per-user 2]
 *
 * Prints the URL and a sign-in token for each local user.
 */
import path from 'node:path'
import {parseArgs} from 'node:util'
import {QUERY_DEFAULTS} from './query/pool.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

const {values} = parseArgs({
  options: {
    port: {type: 'string', default: '4443'},
    data: {type: 'string', default: path.join(ROOT, '.data', 'lake')},
    host: {type: 'string', default: '127.0.0.1'},
    seed: {type: 'string'},
    studio: {type: 'string'},
    quiet: {type: 'boolean', default: false},
    'emulate-hosted': {type: 'boolean', default: false},
    'query-timeout': {type: 'string', default: String(QUERY_DEFAULTS.timeoutMs / 1000)},
    'query-workers': {type: 'string', default: String(QUERY_DEFAULTS.workers)},
    'queries-per-user': {type: 'string', default: String(QUERY_DEFAULTS.perUser)},
    help: {type: 'boolean', default: false},
  },
})

if (values.help) {
  process.stdout.write(
    [
      'Usage: node lake/main.ts [--port 4443] [--data .data/lake] [--host 127.0.0.1] [--seed file.ndjson] [--studio dist] [--quiet] [--emulate-hosted]',
      '  --emulate-hosted             behave like the hosted Content Lake (no built-in rules; hosted and custom roles)',
      '                               and run the Functions of sanity.blueprint.ts on its writes',
      `  --query-timeout <seconds>    a query's time limit (default ${QUERY_DEFAULTS.timeoutMs / 1000})`,
      `  --query-workers <n>          query worker threads kept running (default ${QUERY_DEFAULTS.workers}; up to ${QUERY_DEFAULTS.maxWorkers} while busy)`,
      `  --queries-per-user <n>       queries one user may have running at once (default ${QUERY_DEFAULTS.perUser})`,
      '',
    ].join('\n'),
  )
  process.exit(0)
}

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('--port must be a port number between 0 and 65535 (0 picks a free one).\n')
  process.exit(2)
}

/** A flag's value as a number in [min, max], or exit 2 saying what is allowed. */
function numberFlag(name: string, value: string, min: number, max: number, integer: boolean): number {
  const n = Number(value)
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    process.stderr.write(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${value}").\n`)
    process.exit(2)
  }
  return n
}
const queryTimeout = numberFlag('query-timeout', values['query-timeout'], 0.1, 3600, false)
const queryWorkers = numberFlag('query-workers', values['query-workers'], 1, 64, true)
const perUser = numberFlag('queries-per-user', values['queries-per-user'], 1, 64, true)

/**
 * The lake imports its publish rules and the project's claim options statically (lake/enforce.ts,
 * medical-claims.options.ts): if either cannot be loaded, or anything else stops the start, the
 * lake does not run at all and says why.
 */
async function start() {
  try {
    const {startLake} = await import('./server.ts')
    return await startLake(startOptions)
  } catch (err) {
    process.stderr.write(`The lake did not start: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  }
}

const startOptions = {
  port,
  dataDir: path.resolve(values.data),
  host: values.host,
  seedFile: values.seed ? path.resolve(values.seed) : undefined,
  studioDir: values.studio ? path.resolve(values.studio) : undefined,
  quiet: values.quiet,
  emulateHosted: values['emulate-hosted'],
  queries: {
    timeoutMs: Math.round(queryTimeout * 1000),
    workers: queryWorkers,
    maxWorkers: Math.max(queryWorkers, QUERY_DEFAULTS.maxWorkers),
    perUser,
    warn: (line: string) => process.stderr.write(`[lake] ${line}\n`),
  },
}
const lake = await start()

const projectUrl = lake.url.replace('://', '://localdev.')
const lines = [
  `Local Content Lake: ${lake.url}  (project "localdev": ${projectUrl})`,
  `Certificate: ${lake.certFile} (self-signed; open ${projectUrl}/v1/ping once in the browser to accept it)`,
  'Sign-in tokens (Authorization: Bearer <token>, or Studio URL #token=<token>):',
  ...lake.users.map((u) => `  ${`${u.name} (${u.role})`.padEnd(36)} ${u.token}`),
  'Ctrl-C stops the lake.',
]
process.stdout.write(`${lines.join('\n')}\n`)

// The last guard: an error no request handling caught is logged, and the lake keeps serving (every
// request's own handling answers its errors; this is for what escapes it, so it never goes down).
const report = (what: string) => (err: unknown) => {
  let text: string
  try {
    text = err instanceof Error ? (err.stack ?? err.message) : String(err)
  } catch {
    text = 'an error that cannot be shown'
  }
  process.stderr.write(`[lake] ${what} (still serving): ${text}\n`)
}
process.on('uncaughtException', report('uncaught exception'))
process.on('unhandledRejection', report('unhandled rejection'))

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await lake.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
