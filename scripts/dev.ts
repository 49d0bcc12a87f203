/**
 * `npm run dev`: the whole editorial flow on this machine. Starts the local Content Lake (made and
 * seeded on first run) and the Studio pointed at it, prints sign-in links for each local user, and
 * stops both on Ctrl-C. With SANITY_STUDIO_PROJECT_ID set, runs the Studio against that hosted
 * project instead and starts no lake.
 *
 *   npm run dev -- [--port 3333] [--lake-port 4443] [--data .data/lake]
 */
import {spawn} from 'node:child_process'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {ROOT, offlineEnv} from './env.ts'

const {values} = parseArgs({
  options: {
    port: {type: 'string', default: '3333'},
    'lake-port': {type: 'string', default: '4443'},
    data: {type: 'string', default: path.join(ROOT, '.data', 'lake')},
  },
})
const studioPort = Number(values.port)
const lakePort = Number(values['lake-port'])
for (const [flag, port] of [['--port', studioPort], ['--lake-port', lakePort]] as const) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`${flag} must be a port number between 1 and 65535.\n`)
    process.exit(2)
  }
}

const hosted = Boolean(process.env.SANITY_STUDIO_PROJECT_ID)
let lake: {url: string; users: Array<{id: string; name: string; role: string; token: string}>; close(): Promise<void>} | undefined
if (!hosted) {
  const {startLake} = await import('../lake/server.ts')
  lake = await startLake({port: lakePort, dataDir: path.resolve(values.data), seedFile: path.join(ROOT, 'seed', 'dataset.ndjson')})
}

const studio = spawn(
  process.execPath,
  [path.join(ROOT, 'scripts', 'sanity.ts'), 'dev', '--port', String(studioPort), '--host', 'localhost'],
  {cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: offlineEnv(lake ? {SANITY_STUDIO_API_HOST: lake.url} : {})},
)

let announced = false
studio.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk)
  if (announced || !/localhost:\d+/.test(chunk.toString())) return
  announced = true
  const studioUrl = `http://localhost:${studioPort}/`
  const lines = ['', `Studio: ${studioUrl}`]
  if (lake) {
    lines.push(
      `Local Content Lake: ${lake.url} (data in ${path.relative(ROOT, path.resolve(values.data)) || '.'})`,
      `First time in this browser: open ${lake.url.replace('://', '://localdev.')}/v1/ping and accept its self-signed certificate.`,
      'Sign in as:',
      ...lake.users.map((u) => `  ${`${u.name} (${u.role})`.padEnd(36)} ${studioUrl}#token=${u.token}`),
    )
  } else {
    lines.push(`Hosted project ${process.env.SANITY_STUDIO_PROJECT_ID}, dataset ${process.env.SANITY_STUDIO_DATASET ?? 'production'}: sign in with your Sanity account.`)
  }
  process.stdout.write(`${lines.join('\n')}\n\nCtrl-C stops everything.\n`)
})

let stopping = false
async function stop(code: number): Promise<void> {
  if (stopping) return
  stopping = true
  studio.kill('SIGTERM')
  await lake?.close()
  process.exit(code)
}
process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))
studio.on('exit', (code) => void stop(code ?? 0))
