/** Runs the Sanity CLI (`npm run sanity -- <args>`) offline, with its caches inside the project. */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {ROOT, offlineEnv} from './env.ts'

const cli = path.join(ROOT, 'node_modules', '@sanity', 'cli', 'bin', 'run.js')
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {cwd: ROOT, stdio: 'inherit', env: offlineEnv()})
process.exit(result.status ?? 1)
