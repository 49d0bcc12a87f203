/**
 * `npm ci` is quiet on the Node versions the README names for installing: npm warns `EBADENGINE`
 * for each installed package whose `engines.node` refuses the Node running npm, so every package
 * of the lockfile (the project too) must accept them. Optional packages are left out: npm skips
 * those it cannot install without a word.
 */
import {readFileSync} from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import {describe, expect, it} from 'vitest'
import {ROOT} from '../lake/helpers.ts'

interface LockEntry {
  version?: string
  optional?: boolean
  engines?: Record<string, string> | string[]
}

const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {packages: Record<string, LockEntry>}

/** The packages npm ci would warn about on this Node version, with the Node versions each accepts. */
function refusing(version: string): Array<{name: string; range: string}> {
  const refused: Array<{name: string; range: string}> = []
  for (const [where, entry] of Object.entries(lock.packages)) {
    const range = entry.engines && !Array.isArray(entry.engines) ? entry.engines.node : undefined
    if (entry.optional || !range || semver.satisfies(version, range)) continue
    refused.push({name: where.replace(/^.*node_modules\//, '') || '(the project)', range})
  }
  return refused
}

describe('npm ci', () => {
  it('warns about no package on Node 22.13 or later, nor on the Node the project runs on', () => {
    for (const version of ['22.13.0', '24.0.0', process.versions.node]) expect(refusing(version), `on Node ${version}`).toEqual([])
  })

  it('on Node 20 warns only about packages that need Node 22 (they run on the Node 24 it installs)', () => {
    const refused = refusing('20.19.0')
    expect(refused.length).toBeGreaterThan(0)
    for (const {name, range} of refused) expect(semver.satisfies('22.13.0', range), `${name} ${range}`).toBe(true)
  })
})
