/**
 * Builds the Studio into dist/ (`npm run build`, and the test command's build step) without
 * touching a running `npm run dev`: the Sanity CLI writes its runtime files (.sanity/runtime) into
 * the folder it runs in, and the dev server reloads the open Studio when they change. So the build
 * runs in .cache/build-root, a folder of links to the project's files, with its own runtime folder.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, readdirSync, rmSync, symlinkSync} from 'node:fs'
import path from 'node:path'
import {CACHE_DIR, ROOT, offlineEnv} from './env.ts'

/** What the build folder does not link: the CLI's own runtime, build outputs, data and caches. */
const NOT_LINKED = new Set(['.sanity', '.git', '.cache', '.data', 'dist', 'test-results'])

/** Builds into `outDir`, from a folder of links named `rootName` under .cache/ (one per caller that may run beside another). */
export function buildStudio(outDir = path.join(ROOT, 'dist'), rootName = 'build-root'): number {
  const root = path.join(CACHE_DIR, rootName)
  rmSync(root, {recursive: true, force: true})
  mkdirSync(root, {recursive: true})
  for (const entry of readdirSync(ROOT)) if (!NOT_LINKED.has(entry)) symlinkSync(path.join(ROOT, entry), path.join(root, entry))
  const cli = path.join(ROOT, 'node_modules', '@sanity', 'cli', 'bin', 'run.js')
  const result = spawnSync(process.execPath, [cli, 'build', outDir, '--yes'], {cwd: root, stdio: 'inherit', env: offlineEnv()})
  return result.status ?? 1
}

if (import.meta.main) process.exit(buildStudio(process.argv[2] ? path.resolve(process.argv[2]) : undefined))
