/**
 * The rules' core (plugins/medical-claims/rules/) stays pure: its files import only each other
 * (and Node built-ins, if any), never the Studio (sanity, react, @sanity/*, styled-components),
 * the lake, the audit, the site or any other package, so every door can load it as it is.
 */
import {readFileSync, readdirSync} from 'node:fs'
import {builtinModules} from 'node:module'
import path from 'node:path'
import {describe, expect, it} from 'vitest'

const RULES = path.resolve(import.meta.dirname, '..', '..', 'plugins', 'medical-claims', 'rules')
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)])

/** Every module specifier in a file: static imports and re-exports, side-effect imports, dynamic imports and require(). */
function specifiers(source: string): string[] {
  const found: string[] = []
  const patterns = [
    /^\s*(?:import|export)\s+(?:type\s+)?(?:(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+[\w$]+))?)\s+from\s+)?['"]([^'"]+)['"]/gm,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ]
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1])
  return found
}

function allowed(file: string, specifier: string): boolean {
  if (BUILTINS.has(specifier)) return true
  if (!specifier.startsWith('.')) return false
  const target = path.resolve(path.dirname(file), specifier)
  return target.startsWith(`${RULES}${path.sep}`)
}

const files = readdirSync(RULES, {recursive: true, encoding: 'utf8'})
  .filter((name) => /\.(ts|tsx|js|mjs|cjs)$/.test(name))
  .map((name) => path.join(RULES, name))
  .sort()

describe('the rules import nothing outside rules/', () => {
  it('has its files where the test looks', () => {
    expect(files.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['policy.ts', 'types.ts', 'constants.ts', 'options.ts', 'ids.ts', 'editors.ts', 'input.ts']))
  })

  it('finds every form of import', () => {
    const sample = [
      `import {a} from './a.ts'`,
      `import type {\n  B,\n  C,\n} from "../b.ts"`,
      `import D, {e} from '@sanity/ui'`,
      `export * from 'sanity'`,
      `export * as f from './f.ts'`,
      `import 'react'`,
      `/** Read from the lake, not from 'x'. */`,
      `const c = await import('../../lake/store.ts')`,
      `require("styled-components")`,
    ].join('\n')
    expect(specifiers(sample)).toEqual(['./a.ts', '../b.ts', '@sanity/ui', 'sanity', './f.ts', 'react', '../../lake/store.ts', 'styled-components'])
  })

  it.each(files.map((file) => [path.relative(RULES, file), file]))('%s', (_name, file) => {
    const outside = specifiers(readFileSync(file, 'utf8')).filter((specifier) => !allowed(file, specifier))
    expect(outside, `rules/ must stay pure: move what needs these imports out of rules/, or the pure part into it`).toEqual([])
  })
})
