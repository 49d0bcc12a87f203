/**
 * `npm run site`: the reference site over the local Content Lake, until Ctrl-C.
 *
 *   node scripts/site.ts [--lake https://localhost:4443] [--token <token>] [--dataset production] [--port 3000] [--data .data/lake]
 *
 * The token can also come from SANITY_TOKEN. Without either, against a lake on this machine, the
 * site reads the local lake's users.json and signs in as its viewer (read-only).
 */
import path from 'node:path'
import {parseArgs} from 'node:util'
import {localUser} from '../lake/users.ts'
import {isLoopbackHost} from '../queries/lakeClient.ts'
import {startSite} from '../site/server.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const USAGE =
  'Usage: node scripts/site.ts [--lake https://localhost:4443] [--token <token>] [--dataset production] [--port 3000] [--host 127.0.0.1] [--data .data/lake]\n'

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
      data: {type: 'string', default: path.join(ROOT, '.data', 'lake')},
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
const lakeHost = (() => {
  try {
    return new URL(values.lake as string).hostname
  } catch {
    return fail(`--lake must be a URL such as https://localhost:4443 (got ${JSON.stringify(values.lake)}).`)
  }
})()
let token = (values.token as string | undefined) ?? process.env.SANITY_TOKEN
if (!token) {
  if (!isLoopbackHost(lakeHost)) fail(`The lake at ${values.lake as string} needs a token: pass --token <token> or set SANITY_TOKEN.`)
  try {
    // The local lake's read-only user; an older data folder without one falls back to an editor's token.
    const user = localUser(path.resolve(values.data as string), ['viewer', 'editor'])
    token = user.token
    process.stdout.write(`Reading as ${user.name} (${user.role}), from ${path.join(values.data as string, 'users.json')}.\n`)
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)} Or pass --token <token>.`)
  }
}

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
