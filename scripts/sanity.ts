/**
 * Runs the Sanity CLI (`npm run sanity -- <args>`) offline, with its caches inside the project. The
 * CLI process loads lake/cli-preload.ts, so an API's refusal prints as its message, without a stack.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {cliNodeOptions} from '../lake/cli-proxy.ts'
import {ROOT, offlineEnv} from './env.ts'

const cli = path.join(ROOT, 'node_modules', '@sanity', 'cli', 'bin', 'run.js')
const env = offlineEnv()
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {cwd: ROOT, stdio: 'inherit', env: {...env, NODE_OPTIONS: cliNodeOptions(env.NODE_OPTIONS)}})
process.exit(result.status ?? 1)
