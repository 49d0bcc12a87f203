/**
 * `npm run sanity -- <command>` with no hosted project: the commands that talk to a dataset reach
 * the local lake (here on another port than the default) signed in as a local user, with no login.
 */
import {spawn} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
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

  it('creates a dataset and imports an NDJSON file into it', async () => {
    const created = await sanity(['dataset', 'create', 'staging', '--visibility', 'public'])
    expect(created.output).not.toMatch(/login/i)
    expect(created.code).toBe(0)
    const file = path.join(t.dataDir, 'import.ndjson')
    writeFileSync(file, `${JSON.stringify({_id: 'page-imported', _type: 'page', title: 'Imported'})}\n${JSON.stringify({_id: 'page-imported-2', _type: 'page', title: 'Imported too'})}\n`)
    const imported = await sanity(['dataset', 'import', file, 'staging', '--replace'])
    expect(imported.output).not.toMatch(/login/i)
    expect(imported.code).toBe(0)
    const staging = t.client('administrator', {dataset: 'staging'})
    expect(await staging.fetch('*[_type == "page"]{_id, title} | order(_id)')).toEqual([
      {_id: 'page-imported', title: 'Imported'},
      {_id: 'page-imported-2', title: 'Imported too'},
    ])
  }, 180_000)

  it('creates a document from a file, then deletes it', async () => {
    const file = path.join(t.dataDir, 'page.json')
    writeFileSync(file, JSON.stringify({_id: 'page-from-cli', _type: 'page', title: 'From the CLI'}))
    const created = await sanity(['documents', 'create', file])
    expect(created.code).toBe(0)
    expect(await t.client('administrator').getDocument('page-from-cli')).toMatchObject({title: 'From the CLI'})
    const deleted = await sanity(['documents', 'delete', 'page-from-cli'])
    expect(deleted.code).toBe(0)
    expect(await t.client('administrator').getDocument('page-from-cli')).toBeUndefined()
  }, 180_000)

  it('refuses, with the lake\'s reason, a document create the signed-in role may not make', async () => {
    const file = path.join(t.dataDir, 'forged-approval.json')
    writeFileSync(file, JSON.stringify({_id: 'forged-approval', _type: 'factCheck.approval', claimKey: 'k', checkedBy: {id: 'p-dana'}}))
    const {code, output} = await sanity(['documents', 'create', file], {SANITY_LOCAL_USER: 'p-priya'})
    expect(output).toMatch(/Permission denied/)
    expect(code).not.toBe(0)
    expect(await t.client('administrator').getDocument('forged-approval')).toBeUndefined()
  }, 180_000)

  it('validates the documents of the dataset against the Studio schema', async () => {
    // A raw API write the Studio would not have let through: an expert with no name.
    await t.client('administrator').create({_id: 'expert-nameless', _type: 'expert'} as never)
    const {code, output} = await sanity(['documents', 'validate', '--yes', '--level', 'error'])
    await t.client('administrator').delete('expert-nameless')
    expect(output).not.toMatch(/fetch failed|login/i)
    expect(output).toMatch(/Validated 3 documents/)
    expect(output).toContain('expert-nameless')
    expect(output).toMatch(/Errors: +1 document/)
    expect(code).toBe(1)
  }, 300_000)

  it('runs a script with exec and getCliClient, which reads the lake', async () => {
    // A script in the project, where it finds the project's packages.
    mkdirSync(path.join(ROOT, 'test-results'), {recursive: true})
    const script = path.join(ROOT, 'test-results', 'count-experts.ts')
    writeFileSync(script, `import {getCliClient} from 'sanity/cli'\nconst client = getCliClient({apiVersion: '2025-02-19'})\nconsole.log('experts:', await client.fetch('count(*[_type == "expert"])'))\n`)
    const {code, output} = await sanity(['exec', script, '--with-user-token'])
    expect(output).toContain('experts: 2')
    expect(code).toBe(0)
  }, 180_000)

  it('says what to do when the lake has no such user', async () => {
    const {code, output} = await sanity(['dataset', 'list'], {SANITY_LOCAL_USER: 'nobody'})
    expect(output).toContain('No local user "nobody"')
    expect(output).toContain('SANITY_LOCAL_USER names the user')
    expect(code).toBe(2)
  }, 120_000)
})
