/**
 * The built Studio with the medical-claims plugin (this project's `sanity build`) beside a bare
 * Studio of the same versions (defineConfig with structureTool, no schema, no plugin, built from
 * a folder under .cache/bench/ with the same node_modules): output size (all files, the
 * JavaScript, and the JavaScript gzipped) and build time. Both build offline with the CLI's caches
 * in .cache/ (scripts/env.ts) into folders under .cache/bench/, so dist/ is left alone.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {offlineEnv} from '../scripts/env.ts'
import {BENCH_CACHE, removeDir, ROOT} from './lake.ts'
import {bytes, ms, times, type Row} from './stats.ts'

const CLI = path.join(ROOT, 'node_modules', '@sanity', 'cli', 'bin', 'run.js')
const BUILDS = 3

const BARE_CONFIG = `import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'

/** A bare Studio: the same sanity version as the project, structureTool, no schema and no plugin. */
export default defineConfig({
  name: 'default',
  title: 'Bare Studio',
  projectId: 'localdev',
  dataset: 'production',
  plugins: [structureTool()],
  schema: {types: []},
})
`

const BARE_CLI_CONFIG = `import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {projectId: 'localdev', dataset: 'production'},
  deployment: {autoUpdates: false},
})
`

interface Build {
  ms: number
  totalBytes: number
  jsBytes: number
  jsGzipBytes: number
  files: number
}

function files(dir: string): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
}

function build(cwd: string, outDir: string): Build {
  const start = performance.now()
  const result = spawnSync(process.execPath, [CLI, 'build', outDir, '--yes'], {cwd, env: offlineEnv(), stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024})
  const elapsed = performance.now() - start
  if (result.status !== 0) throw new Error(`sanity build in ${cwd} failed (exit ${result.status}):\n${result.stdout?.toString().slice(-2000)}\n${result.stderr?.toString().slice(-2000)}`)
  let totalBytes = 0
  let jsBytes = 0
  let jsGzipBytes = 0
  const list = files(outDir)
  for (const file of list) {
    const size = statSync(file).size
    totalBytes += size
    if (/\.m?js$/.test(file)) {
      jsBytes += size
      jsGzipBytes += gzipSync(readFileSync(file)).length
    }
  }
  return {ms: elapsed, totalBytes, jsBytes, jsGzipBytes, files: list.length}
}

export function benchStudio(): Row[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {dependencies: Record<string, string>}
  const bareDir = path.join(BENCH_CACHE, 'bare-studio')
  mkdirSync(bareDir, {recursive: true})
  writeFileSync(path.join(bareDir, 'sanity.config.ts'), BARE_CONFIG)
  writeFileSync(path.join(bareDir, 'sanity.cli.ts'), BARE_CLI_CONFIG)
  const deps = Object.fromEntries(['sanity', 'react', 'react-dom', 'styled-components'].map((name) => [name, pkg.dependencies[name]]))
  writeFileSync(path.join(bareDir, 'package.json'), `${JSON.stringify({name: 'bare-studio', private: true, type: 'module', dependencies: deps}, null, 2)}\n`)

  // Alternating builds, so the file cache and the machine's other load treat both alike; the median time counts.
  const bareBuilds: Build[] = []
  const projectBuilds: Build[] = []
  for (let i = 0; i < BUILDS; i++) {
    bareBuilds.push(build(bareDir, path.join(BENCH_CACHE, 'studio-bare-dist')))
    projectBuilds.push(build(ROOT, path.join(BENCH_CACHE, 'studio-project-dist')))
  }
  removeDir(path.join(BENCH_CACHE, 'studio-bare-dist'))
  removeDir(path.join(BENCH_CACHE, 'studio-project-dist'))
  const median = (list: Build[]) => [...list].sort((a, b) => a.ms - b.ms)[Math.floor((list.length - 1) / 2)]
  const bare = median(bareBuilds)
  const project = median(projectBuilds)
  const sizeRow = (label: string, key: 'totalBytes' | 'jsBytes' | 'jsGzipBytes'): Row => ({
    name: `Studio ${label}: with the plugin vs bare (+${bytes(project[key] - bare[key])}, sanity ${pkg.dependencies.sanity})`,
    median: bytes(project[key]),
    p99: '',
    baseline: bytes(bare[key]),
    ratio: times(project[key], bare[key]),
    target: '',
    ok: null,
    data: {project: project[key], bare: bare[key], ratio: project[key] / bare[key]},
  })
  return [
    sizeRow(`output, ${project.files} files`, 'totalBytes'),
    sizeRow('JavaScript', 'jsBytes'),
    sizeRow('JavaScript, gzipped', 'jsGzipBytes'),
    {
      name: `Studio build time (sanity build, median of ${BUILDS} each): with the plugin vs bare`,
      median: ms(project.ms),
      p99: '',
      baseline: ms(bare.ms),
      ratio: times(project.ms, bare.ms),
      target: '',
      ok: null,
      data: {project: project.ms, bare: bare.ms, ratio: project.ms / bare.ms, projectRuns: projectBuilds.map((b) => b.ms).join(','), bareRuns: bareBuilds.map((b) => b.ms).join(',')},
    },
  ]
}
