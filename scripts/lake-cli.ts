/**
 * Runs a Sanity CLI command against a running local lake (`npm run lake`), e.g.
 *
 *   node scripts/lake-cli.ts dataset export production backup.tar.gz --no-assets
 *   node scripts/lake-cli.ts dataset import backup.tar.gz --dataset production --replace
 *
 * Options before the CLI arguments: --lake-port 4443, --data .data/lake, --as <user id or role>
 * (default: the first administrator). Run it from the project folder (sanity.cli.ts names project
 * `localdev`) or pass --project-id. The CLI has no API-host setting; see lake/cli-proxy.ts. A write
 * the lake refuses prints as the lake's message, once, without a stack (lake/cli-preload.ts), and
 * the command exits with the CLI's non-zero code.
 */
import {spawn} from 'node:child_process'
import path from 'node:path'
import {cliEnv, startCliProxy} from '../lake/cli-proxy.ts'
import {localUser, type LakeUser} from '../lake/users.ts'

const ROOT = path.resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name)
  if (i === -1) return fallback
  const value = args[i + 1]
  args.splice(i, 2)
  return value ?? fallback
}
const lakePort = Number(option('--lake-port', '4443'))
const dataDir = path.resolve(option('--data', path.join(ROOT, '.data', 'lake')))
const as = option('--as', 'administrator')

let user: LakeUser
try {
  user = localUser(dataDir, [as])
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(2)
}
if (args.length === 0) {
  process.stderr.write('Usage: node scripts/lake-cli.ts [--lake-port 4443] [--data .data/lake] [--as role|id] <sanity CLI arguments>\n')
  process.exit(2)
}

const proxy = await startCliProxy({lakePort})
const cli = path.join(ROOT, 'node_modules', '@sanity', 'cli', 'bin', 'run.js')
const child = spawn(process.execPath, [cli, ...args], {
  cwd: process.cwd(),
  stdio: 'inherit',
  env: cliEnv(proxy.url, user.token),
})
child.on('exit', (code) => {
  void proxy.close().then(() => process.exit(code ?? 1))
})
