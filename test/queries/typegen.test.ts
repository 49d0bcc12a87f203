/**
 * The committed schema.json and sanity.types.ts must be what `npm run typegen` produces now:
 * the schema is extracted again with the Sanity CLI (offline, as scripts/sanity.ts runs it) and the
 * types generated again with the `typegen` settings of sanity.cli.ts, both into .cache/, and compared.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, rmSync} from 'node:fs'
import path from 'node:path'
import {runTypegenGenerate} from '@sanity/codegen'
import {describe, expect, it} from 'vitest'
import cliConfig from '../../sanity.cli.ts'
import {offlineEnv} from '../../scripts/env.ts'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
/** Relative to the project: `sanity schema extract --path` resolves paths against it. */
const CHECK_DIR = path.join('.cache', 'typegen-check')
const STALE = 'run `npm run typegen` and commit schema.json and sanity.types.ts'

describe('Sanity TypeGen output', () => {
  it('is configured in sanity.cli.ts to type the queries into sanity.types.ts', () => {
    expect(cliConfig.typegen).toMatchObject({path: './queries/**/*.ts', schema: './schema.json', generates: './sanity.types.ts'})
  })

  it('is up to date with the schema and the queries', {timeout: 180_000}, async () => {
    rmSync(path.join(ROOT, CHECK_DIR), {recursive: true, force: true})
    mkdirSync(path.join(ROOT, CHECK_DIR), {recursive: true})
    const schemaPath = path.join(CHECK_DIR, 'schema.json')
    const extract = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'sanity.ts'), 'schema', 'extract', '--path', schemaPath], {
      cwd: ROOT,
      env: offlineEnv(),
      encoding: 'utf8',
    })
    expect(extract.status, `sanity schema extract failed:\n${extract.stdout}\n${extract.stderr}`).toBe(0)

    type SchemaType = {name: string}
    const fresh = JSON.parse(readFileSync(path.join(ROOT, schemaPath), 'utf8')) as SchemaType[]
    const committed = JSON.parse(readFileSync(path.join(ROOT, 'schema.json'), 'utf8')) as SchemaType[]
    if (JSON.stringify(fresh) !== JSON.stringify(committed)) {
      const names = (list: SchemaType[]) => new Set(list.map((t) => t.name))
      const added = [...names(fresh)].filter((n) => !names(committed).has(n))
      const removed = [...names(committed)].filter((n) => !names(fresh).has(n))
      const changed = fresh.filter((t) => {
        const before = committed.find((c) => c.name === t.name)
        return before !== undefined && JSON.stringify(before) !== JSON.stringify(t)
      })
      throw new Error(
        `schema.json is stale: ${STALE}.\n  types added: ${added.join(', ') || 'none'}\n  types removed: ${removed.join(', ') || 'none'}\n  types changed: ${changed.map((t) => t.name).join(', ') || 'none'}` +
          (fresh.every((t) => t.name.startsWith('sanity.') || ['geopoint', 'slug'].includes(t.name))
            ? '\n  The extracted schema has no types of this Studio: does sanity.config.ts export named `projectId`/`dataset` strings? The CLI then reads the module itself, not its default export, as the config.'
            : ''),
      )
    }

    const typesPath = path.join(CHECK_DIR, 'sanity.types.ts')
    await runTypegenGenerate({config: {...cliConfig.typegen, schema: `./${schemaPath}`, generates: `./${typesPath}`}, workDir: ROOT})
    const normalise = (code: string) => code.replace(/^\/\/ Source: .*schema\.json$/m, '// Source: schema.json')
    const generated = normalise(readFileSync(path.join(ROOT, typesPath), 'utf8'))
    const current = normalise(readFileSync(path.join(ROOT, 'sanity.types.ts'), 'utf8'))
    // Compared as text with a message, not with toEqual: a diff of this file is unreadable.
    if (generated !== current) {
      const a = generated.split('\n')
      const b = current.split('\n')
      const line = a.findIndex((text, i) => text !== b[i])
      throw new Error(`sanity.types.ts is stale (first difference at line ${line + 1}): ${STALE}.\n  generated: ${a[line]?.slice(0, 160)}\n  committed: ${b[line]?.slice(0, 160)}`)
    }
  })
})
