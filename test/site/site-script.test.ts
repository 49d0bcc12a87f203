/**
 * `npm run site` finds its way by itself: against a lake on this machine, with no token given, it
 * reads the local lake's users.json and reads as the read-only viewer; a lake elsewhere needs a token.
 */
import {spawn} from 'node:child_process'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {localUser} from '../../lake/users.ts'
import {startTestLake, tempDir, type TestLake} from '../lake/helpers.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
let t: TestLake

beforeAll(async () => {
  t = await startTestLake({seedFile: path.join(ROOT, 'seed', 'dataset.ndjson')})
})
afterAll(async () => {
  await t?.close()
})

/** Runs scripts/site.ts until it prints its address (or exits); returns what it printed, and its address. */
function runSite(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{output: string; code: number | null; url?: string}> {
  return new Promise((resolve) => {
    const {SANITY_TOKEN: _dropped, ...rest} = process.env
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'site.ts'), ...args], {env: {...rest, ...env}})
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const url = /Reference site: (\S+)/.exec(output)?.[1]
      if (url) resolve({output, code: null, url: `${url}|${child.pid}`})
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => resolve({output, code}))
  })
}

describe('npm run site', () => {
  it("reads a local lake as its viewer, found in the lake's users.json", async () => {
    const run = await runSite(['--lake', t.running.url, '--data', t.dataDir, '--port', '0'])
    const [url, pid] = (run.url ?? '').split('|')
    try {
      expect(run.output).toContain(`Reading as Reference site (viewer), from ${path.join(t.dataDir, 'users.json')}.`)
      const home = await fetch(url)
      expect(home.status).toBe(200)
      expect(await home.text()).toContain('A dermatologist’s winter skin-care routine')
    } finally {
      if (pid) process.kill(Number(pid), 'SIGTERM')
    }
  }, 60_000)

  it('says what to do when there is no users.json, and needs a token for a lake elsewhere', async () => {
    const missing = await runSite(['--lake', t.running.url, '--data', tempDir(), '--port', '0'])
    expect(missing.code).toBe(2)
    expect(missing.output).toMatch(/No users\.json in .*: start the lake first \(npm run dev or npm run lake\), or pass --data <folder>\. Or pass --token <token>\./)
    const remote = await runSite(['--lake', 'https://lake.example.com', '--port', '0'])
    expect(remote.code).toBe(2)
    expect(remote.output).toContain('The lake at https://lake.example.com needs a token: pass --token <token> or set SANITY_TOKEN.')
  }, 60_000)

  it('prefers the viewer, then an editor; a user it cannot find is named', () => {
    expect(localUser(t.dataDir, ['viewer']).id).toBe('p-site')
    expect(localUser(t.dataDir, ['nobody', 'editor']).role).toBe('editor')
    expect(() => localUser(t.dataDir, ['nobody'])).toThrow(`No local user "nobody" in ${path.join(t.dataDir, 'users.json')}.`)
  })
})
