/**
 * `npm run dev`: the whole editorial flow on this machine, one link per user. Builds the Studio
 * (a few seconds, into .cache/dev-studio), starts the local Content Lake (made and seeded on first
 * run) serving it, prints one sign-in link per local user, and stops on Ctrl-C. The links open the
 * Studio at https://localdev.localhost:<lake port>/, the host the API answers on too, so the
 * browser asks about the lake's self-signed certificate once, on the page the user opened.
 *
 * `--hot` runs Sanity's dev server instead (http://localhost:<port>, reloading on every change),
 * pointed at the lake; then the browser must accept the lake's certificate on a page of the lake's
 * own first, which the Studio says when it cannot reach the lake. With SANITY_STUDIO_PROJECT_ID
 * set, runs the dev server against that hosted project and starts no lake.
 *
 *   npm run dev -- [--hot] [--port 3333] [--lake-port 4443] [--data .data/lake]
 */
import {spawn} from 'node:child_process'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {buildStudio} from './build.ts'
import {CACHE_DIR, ROOT, offlineEnv} from './env.ts'

const {values} = parseArgs({
  options: {
    hot: {type: 'boolean', default: false},
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
const hot = values.hot || hosted
const dataDir = path.resolve(values.data)
const studioDir = path.join(CACHE_DIR, 'dev-studio')

if (!hot) {
  process.stdout.write('Building the Studio…\n')
  const status = buildStudio(studioDir, 'dev-build-root')
  if (status !== 0) {
    process.stderr.write(`The Studio did not build (exit ${status}); the errors are above. \`npm run dev -- --hot\` runs Sanity's dev server instead.\n`)
    process.exit(status)
  }
}

type Lake = {url: string; users: Array<{id: string; name: string; role: string; token: string}>; close(): Promise<void>}
let lake: Lake | undefined
if (!hosted) {
  const {startLake} = await import('../lake/server.ts')
  lake = await startLake({port: lakePort, dataDir, seedFile: path.join(ROOT, 'seed', 'dataset.ndjson'), ...(hot ? {} : {studioDir})})
}

/** The lake's address with the project id in front of the host: where the Studio's client calls it. */
const projectUrl = (url: string) => url.replace('://', '://localdev.')

function signInLines(studioUrl: string, users: Lake['users']): string[] {
  return ['Sign in as:', ...users.map((u) => `  ${`${u.name} (${u.role})`.padEnd(36)} ${studioUrl}#token=${u.token}`)]
}

function announce(lines: string[]): void {
  process.stdout.write(`\n${lines.join('\n')}\n\nCtrl-C stops everything.\n`)
}

let studio: ReturnType<typeof spawn> | undefined
if (!hot && lake) {
  const studioUrl = `${projectUrl(lake.url)}/`
  announce([
    `Vouched on the local Content Lake: ${studioUrl} (data in ${path.relative(ROOT, dataDir) || '.'})`,
    ...signInLines(studioUrl, lake.users),
    "The first time, the browser warns that the lake's certificate is self-signed (the lake made it on this machine):",
    'accept it on that page (Advanced, then Proceed). Nothing else asks again.',
  ])
} else {
  studio = spawn(process.execPath, [path.join(ROOT, 'scripts', 'sanity.ts'), 'dev', '--port', String(studioPort), '--host', 'localhost'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: offlineEnv(lake ? {SANITY_STUDIO_API_HOST: lake.url} : {}),
  })
  let announced = false
  studio.stdout?.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk)
    if (announced || !/localhost:\d+/.test(chunk.toString())) return
    announced = true
    const studioUrl = `http://localhost:${studioPort}/`
    announce(
      lake
        ? [
            `Studio (reloads on every change): ${studioUrl}`,
            `Local Content Lake: ${lake.url} (data in ${path.relative(ROOT, dataDir) || '.'})`,
            `First time in this browser: open ${projectUrl(lake.url)}/v1/ping and accept its self-signed certificate.`,
            ...signInLines(studioUrl, lake.users),
          ]
        : [`Studio: ${studioUrl}`, `Hosted project ${process.env.SANITY_STUDIO_PROJECT_ID}, dataset ${process.env.SANITY_STUDIO_DATASET ?? 'production'}: sign in with your Sanity account.`],
    )
  })
}

let stopping = false
async function stop(code: number): Promise<void> {
  if (stopping) return
  stopping = true
  studio?.kill('SIGTERM')
  await lake?.close()
  process.exit(code)
}
process.on('SIGINT', () => void stop(0))
process.on('SIGTERM', () => void stop(0))
studio?.on('exit', (code) => void stop(code ?? 0))
