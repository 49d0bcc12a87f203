/**
 * The Studio build leaves a running `npm run dev` alone: the Sanity CLI writes its runtime files
 * into the folder it runs in (.sanity/runtime), and the dev server reloads the open Studio when they
 * change, so the build runs in a folder of its own and only writes the output folder.
 */
import {existsSync, mkdtempSync, readdirSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, it} from 'vitest'
import {buildStudio} from '../../scripts/build.ts'
import {ROOT} from '../../scripts/env.ts'

const runtime = path.join(ROOT, '.sanity', 'runtime')
const snapshot = () => (existsSync(runtime) ? readdirSync(runtime).map((f) => `${f}:${statSync(path.join(runtime, f)).mtimeMs}`) : null)

describe('the Studio build', () => {
  it("writes the built Studio and leaves the project's .sanity/runtime (the dev server's) untouched", () => {
    const before = snapshot()
    const out = mkdtempSync(path.join(tmpdir(), 'vouched-build-'))
    expect(buildStudio(out)).toBe(0)
    expect(existsSync(path.join(out, 'index.html'))).toBe(true)
    expect(snapshot()).toEqual(before)
  }, 180_000)
})
