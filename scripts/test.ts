/**
 * The test command: type-check, build the Studio offline, then run every vitest suite (rules,
 * schema and seed, plugin, local lake over HTTP, the Sanity CLI against the lake), then the
 * browser tests in Chromium, one file at a time. Stops at the first failing step.
 */
import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {ROOT, offlineEnv} from './env.ts'

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name)
const steps: Array<{title: string; command: string; args: string[]}> = [
  {title: 'Type-check', command: bin('tsc'), args: ['-p', 'tsconfig.json']},
  // In a folder of its own, so a running `npm run dev` is left alone (scripts/build.ts).
  {title: 'Build the Studio offline (sanity build)', command: process.execPath, args: [path.join(ROOT, 'scripts', 'build.ts')]},
  // The browser suites after the others, so their Chromiums and lakes never compete with them for the CPU.
  {title: 'Tests (vitest)', command: bin('vitest'), args: ['run', '--project', 'unit', '--passWithNoTests', ...process.argv.slice(2)]},
  {title: 'Browser tests (vitest, Chromium)', command: bin('vitest'), args: ['run', '--project', 'browser', '--passWithNoTests', ...process.argv.slice(2)]},
]

for (const step of steps) {
  process.stdout.write(`\n=== ${step.title}\n`)
  const started = Date.now()
  const result = spawnSync(step.command, step.args, {cwd: ROOT, stdio: 'inherit', env: offlineEnv()})
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    process.stdout.write(`\n${step.title} failed after ${seconds} s (exit ${result.status ?? result.signal}).\n`)
    process.exit(result.status ?? 1)
  }
  process.stdout.write(`=== ${step.title}: ok in ${seconds} s\n`)
}
