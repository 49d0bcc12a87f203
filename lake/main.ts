/**
 * `npm run lake`: runs the local Content Lake until Ctrl-C.
 *
 *   node lake/main.ts [--port 4443] [--data .data/lake] [--host 127.0.0.1] [--seed seed/dataset.ndjson] [--quiet]
 *
 * Prints the URL and a sign-in token for each local user.
 */
import path from 'node:path'
import {parseArgs} from 'node:util'
import {startLake} from './server.ts'

const ROOT = path.resolve(import.meta.dirname, '..')

const {values} = parseArgs({
  options: {
    port: {type: 'string', default: '4443'},
    data: {type: 'string', default: path.join(ROOT, '.data', 'lake')},
    host: {type: 'string', default: '127.0.0.1'},
    seed: {type: 'string'},
    studio: {type: 'string'},
    quiet: {type: 'boolean', default: false},
    help: {type: 'boolean', default: false},
  },
})

if (values.help) {
  process.stdout.write('Usage: node lake/main.ts [--port 4443] [--data .data/lake] [--host 127.0.0.1] [--seed file.ndjson] [--studio dist] [--quiet]\n')
  process.exit(0)
}

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('--port must be a port number between 0 and 65535 (0 picks a free one).\n')
  process.exit(2)
}

const lake = await startLake({
  port,
  dataDir: path.resolve(values.data),
  host: values.host,
  seedFile: values.seed ? path.resolve(values.seed) : undefined,
  studioDir: values.studio ? path.resolve(values.studio) : undefined,
  quiet: values.quiet,
})

const projectUrl = lake.url.replace('://', '://localdev.')
const lines = [
  `Local Content Lake: ${lake.url}  (project "localdev": ${projectUrl})`,
  `Certificate: ${lake.certFile} (self-signed; open ${projectUrl}/v1/ping once in the browser to accept it)`,
  'Sign-in tokens (Authorization: Bearer <token>, or Studio URL #token=<token>):',
  ...lake.users.map((u) => `  ${`${u.name} (${u.role})`.padEnd(36)} ${u.token}`),
  'Ctrl-C stops the lake.',
]
process.stdout.write(`${lines.join('\n')}\n`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await lake.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
