/**
 * `npm run sanity -- <command>` with no hosted project: the commands that talk to a dataset reach
 * the local lake (here on another port than the default) signed in as a local user, with no login.
 */
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {gunzipSync} from 'node:zlib'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {expert} from '../lake/fixtures.ts'
import {ROOT, startTestLake, type TestLake} from '../lake/helpers.ts'

let t: TestLake

function sanity(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{code: number | null; output: string}> {
  const env = {...process.env, SANITY_STUDIO_PROJECT_ID: '', SANITY_STUDIO_API_HOST: t.running.url, SANITY_LAKE_DATA: t.dataDir, ...extra}
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'sanity.ts'), ...args], {cwd: ROOT, env})
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({code, output})
    })
  })
}

beforeAll(async () => {
  t = await startTestLake()
  await t.client('administrator').create(expert as never)
  // An expert as older data has it: the issuing body in words, no issuer id.
  await t.client('administrator').create({_id: 'expert-legacy', _type: 'expert', name: 'Dr. Amara Okafor', credentials: [{_key: 'c1', _type: 'credential', kind: 'registration', profession: 'physician', title: 'GMC registration', specialty: 'Dermatology', issuingBody: 'General Medical Council'}]} as never)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

describe('npm run sanity against the local lake', () => {
  it('lists the datasets, signed in as the administrator, with no login', async () => {
    const {code, output} = await sanity(['dataset', 'list'])
    expect(output).not.toMatch(/login/i)
    expect(output).toContain('production')
    expect(code).toBe(0)
  }, 120_000)

  it('queries documents as the user SANITY_LOCAL_USER names', async () => {
    const {code, output} = await sanity(['documents', 'query', '*[_type == "expert"]._id'], {SANITY_LOCAL_USER: 'p-priya'})
    expect(output).toContain(expert._id)
    expect(code).toBe(0)
  }, 120_000)

  it('gets one document, and exports the dataset to a file', async () => {
    const got = await sanity(['documents', 'get', expert._id])
    expect(got.output).toContain(`"name": "${expert.name}"`)
    expect(got.code).toBe(0)
    const file = path.join(t.dataDir, 'export.tar.gz')
    const exported = await sanity(['dataset', 'export', 'production', file, '--no-assets', '--overwrite'])
    expect(exported.code).toBe(0)
    const lines = gunzipSync(readFileSync(file)).toString('utf8')
    expect(lines).toContain(`"_id":"${expert._id}"`)
  }, 120_000)

  it('dry-runs the credential-issuers migration: what it would write, nothing written', async () => {
    const {code, output} = await sanity(['migration', 'run', 'credential-issuers', '--no-progress'])
    expect(output).toContain('expert-legacy')
    expect(output).toContain('gb-gmc')
    expect(code).toBe(0)
    const stored = await t.client('administrator').getDocument<{credentials: Array<{issuer?: string}>}>('expert-legacy')
    expect(stored?.credentials[0].issuer).toBeUndefined()
  }, 120_000)

  it('says what to do when the lake has no such user', async () => {
    const {code, output} = await sanity(['dataset', 'list'], {SANITY_LOCAL_USER: 'nobody'})
    expect(output).toContain('No local user "nobody"')
    expect(output).toContain('SANITY_LOCAL_USER names the user')
    expect(code).toBe(2)
  }, 120_000)
})
