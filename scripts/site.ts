/**
 * `npm run site`: the reference site over the local Content Lake, until Ctrl-C.
 *
 *   node scripts/site.ts [--lake https://localhost:4443] [--token <token>] [--dataset production] [--port 3000]
 *
 * The token can also come from SANITY_TOKEN; `npm run lake` prints one per local user.
 */
import {parseArgs} from 'node:util'
import {startSite} from '../site/server.ts'

const USAGE = 'Usage: node scripts/site.ts [--lake https://localhost:4443] [--token <token>] [--dataset production] [--port 3000] [--host 127.0.0.1]\n'

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`)
  process.exit(2)
}

let values: Record<string, string | boolean | undefined>
try {
  values = parseArgs({
    options: {
      lake: {type: 'string', default: process.env.SANITY_LAKE_URL ?? 'https://localhost:4443'},
      token: {type: 'string'},
      dataset: {type: 'string', default: 'production'},
      port: {type: 'string', default: '3000'},
      host: {type: 'string', default: '127.0.0.1'},
      help: {type: 'boolean', default: false},
    },
  }).values
} catch (error) {
  fail(error instanceof Error ? error.message : String(error))
}

if (values.help) {
  process.stdout.write(USAGE)
  process.exit(0)
}
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a port number between 0 and 65535.')
const token = (values.token as string | undefined) ?? process.env.SANITY_TOKEN
if (!token) fail('The lake needs a token: pass --token <token> (npm run lake prints one per user) or set SANITY_TOKEN.')

const site = await startSite({
  lakeUrl: values.lake as string,
  token,
  dataset: values.dataset as string,
  port,
  host: values.host as string,
  onRequest: ({method, path, status, ms}) => process.stdout.write(`${method} ${path} ${status} ${ms} ms\n`),
})
process.stdout.write(`Reference site: ${site.url} (articles from ${values.lake as string}, dataset ${values.dataset as string})\nCtrl-C stops it.\n`)

const stop = async () => {
  await site.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
