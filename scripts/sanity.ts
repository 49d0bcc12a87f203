/**
 * Runs the Sanity CLI (`npm run sanity -- <args>`) offline, with its caches inside the project. The
 * CLI process loads lake/cli-preload.ts, so an API's refusal prints as its message, without a stack.
 *
 * With no hosted project configured (SANITY_STUDIO_PROJECT_ID unset or `localdev`), the commands
 * that talk to a dataset (dataset, documents, exec, migration) reach the local lake with no login
 * step: at SANITY_STUDIO_API_HOST (default https://localhost:4443, where `npm run dev` serves it),
 * signed in as the local user SANITY_LOCAL_USER names (an id or a role; default the
 * administrator), read from the lake's users.json in SANITY_LAKE_DATA (default .data/lake).
 */
import {spawn} from 'node:child_process'
import path from 'node:path'
import {cliEnv, cliNodeOptions, startCliProxy, type CliProxy} from '../lake/cli-proxy.ts'
import {localUser} from '../lake/users.ts'
import {ROOT, offlineEnv} from './env.ts'

/** The CLI's command groups that read or write a dataset. */
const DATASET_COMMANDS = new Set(['dataset', 'datasets', 'documents', 'document', 'exec', 'migration', 'migrations'])

const cli = path.join(ROOT, 'node_modules', '@sanity', 'cli', 'bin', 'run.js')
const args = process.argv.slice(2)
const base = offlineEnv()
const projectId = process.env.SANITY_STUDIO_PROJECT_ID
/** Migration subcommands that only read the project's files. */
const FILE_ONLY = new Set(['list', 'create'])
const local = (!projectId || projectId === 'localdev') && DATASET_COMMANDS.has(args[0] ?? '') && !(args[0]?.startsWith('migration') && FILE_ONLY.has(args[1] ?? ''))

let env: NodeJS.ProcessEnv = {...base, NODE_OPTIONS: cliNodeOptions(base.NODE_OPTIONS)}
let proxy: CliProxy | undefined
if (local) {
  const apiHost = process.env.SANITY_STUDIO_API_HOST || 'https://localhost:4443'
  let lakePort: number
  try {
    const url = new URL(apiHost)
    lakePort = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  } catch {
    process.stderr.write(`SANITY_STUDIO_API_HOST is "${apiHost}", which is not an address: set it to the local lake's, e.g. https://localhost:4443.\n`)
    process.exit(2)
  }
  const dataDir = path.resolve(ROOT, process.env.SANITY_LAKE_DATA || path.join('.data', 'lake'))
  const wanted = process.env.SANITY_LOCAL_USER || 'administrator'
  let token: string
  try {
    token = localUser(dataDir, [wanted]).token
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)} (SANITY_LOCAL_USER names the user, SANITY_LAKE_DATA the lake's data folder.)\n`)
    process.exit(2)
  }
  proxy = await startCliProxy({lakePort})
  env = cliEnv(proxy.url, token, base)
}

const child = spawn(process.execPath, [cli, ...args], {cwd: ROOT, stdio: 'inherit', env})
child.on('exit', (code) => {
  void (proxy?.close() ?? Promise.resolve()).then(() => process.exit(code ?? 1))
})
