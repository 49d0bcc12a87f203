/**
 * The Sanity CLI as a real client of the lake: `sanity dataset export` and `sanity dataset import`
 * round-trip a dataset. The CLI has no API-host setting, so it runs with HTTPS_PROXY pointing at the
 * lake's CONNECT proxy (lake/cli-proxy.ts), which tunnels *.api.sanity.io to the lake. Also the
 * importNdjson function: validation first, then one transaction.
 */
import {spawn} from 'node:child_process'
import {mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {type CliProxy, cliEnv, startCliProxy} from '../../lake/cli-proxy.ts'
import {approval, article, citation, expert, review, reviewerExpert} from './fixtures.ts'
import {ROOT, startTestLake, tempDir, type TestLake} from './helpers.ts'

const CLI = path.join(ROOT, 'node_modules', '@sanity', 'cli', 'bin', 'run.js')

let t: TestLake
let proxy: CliProxy
let work: string

const seedDocs = [
  expert,
  reviewerExpert,
  citation,
  article,
  approval,
  review,
  {_id: 'drafts.article-draft', _type: 'article', title: 'Draft only'},
  {_id: 'category-1', _type: 'category', title: 'Skin', _createdAt: '2025-01-01T00:00:00.000Z'},
]

function runCli(args: string[], as = 'administrator'): Promise<{code: number | null; output: string}> {
  const home = path.join(work, 'home')
  mkdirSync(home, {recursive: true})
  const env = {...cliEnv(proxy.url, t.user(as).token), HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TMPDIR: work}
  return new Promise((resolve) => {
    // The lake runs in this process: the CLI must be spawned asynchronously.
    const child = spawn(process.execPath, [CLI, ...args], {cwd: work, env})
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

/** The CLI's output as words: without colours, and without the "›" margins and line breaks it wraps messages in. */
const words = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').replace(/[›\s]+/g, ' ').trim()

/**
 * A refusal from the lake, as the CLI prints it: a non-zero exit, the lake's message once after
 * the CLI's one "Error:", no "Error: Error:" and no stack trace (lake/cli-preload.ts).
 */
function expectRefusalPrinted({code, output}: {code: number | null; output: string}, message: string): void {
  expect(code).not.toBe(0)
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '')
  expect(plain).not.toContain('    at ')
  expect(plain).not.toMatch(/\.js:\d+:\d+|node:internal|executeRequest/)
  const said = words(output)
  expect(said).not.toContain('Error: Error')
  expect(said).toContain(`Error: ${words(message)}`)
  expect(said.split(words(message)).length - 1).toBe(1)
}

function run(command: string, args: string[], cwd: string): Promise<number | null> {
  return new Promise((resolve) => spawn(command, args, {cwd, stdio: 'ignore'}).on('exit', resolve))
}

const strip = ({_rev, _updatedAt, ...rest}: Record<string, unknown>) => rest

beforeAll(async () => {
  work = tempDir('lake-cli-')
  const seedFile = path.join(work, 'seed.ndjson')
  writeFileSync(seedFile, seedDocs.map((d) => JSON.stringify(d)).join('\n'))
  t = await startTestLake({seedFile})
  proxy = await startCliProxy({lakePort: t.running.port})
})
afterAll(async () => {
  await proxy?.close()
  await t?.close()
  rmSync(work, {recursive: true, force: true})
})

describe('sanity CLI against the lake', () => {
  let exported: Array<Record<string, unknown>> = []

  it('sanity dataset export writes every document', async () => {
    const out = path.join(work, 'production.tar.gz')
    const {code, output} = await runCli(['dataset', 'export', 'production', out, '--project-id', 'localdev', '--no-assets', '--overwrite'])
    expect(output).toContain('Export finished')
    expect(code).toBe(0)
    const extract = path.join(work, 'extract')
    mkdirSync(extract)
    expect(await run('tar', ['-xzf', out, '-C', extract], work)).toBe(0)
    const folder = readdirSync(extract)[0]
    exported = readFileSync(path.join(extract, folder, 'data.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(exported.map((d) => d._id).sort()).toEqual(seedDocs.map((d) => d._id).sort())
    const lakeDocs = t.running.lake.exportDocuments('production')
    expect([...exported].sort((a, b) => String(a._id).localeCompare(String(b._id)))).toEqual(lakeDocs)
  }, 120_000)

  it("sanity dataset import refuses a file that records a fact-check in another user's name, and imports nothing", async () => {
    await t.client('administrator').request({method: 'PUT', url: '/projects/localdev/datasets/roundtrip'})
    const file = path.join(work, 'roundtrip.ndjson')
    writeFileSync(file, exported.map((d) => JSON.stringify(d)).join('\n'))
    const result = await runCli(['dataset', 'import', file, '--dataset', 'roundtrip', '--project-id', 'localdev'])
    expectRefusalPrinted(
      result,
      'Permission denied. You are signed in as Morgan Reyes (p-morgan), an administrator, but "factcheck-article-good-claim-1" names "p-dana" in checkedBy.id: a fact-check decision is recorded in the name of the user who writes it, so nothing was written. Sign in as that user, or leave checkedBy out and the lake fills it in.',
    )
    expect(t.running.lake.exportDocuments('roundtrip')).toEqual([])
  }, 120_000)

  it("sanity dataset import by a fact-checker of an article: the lake's refusal, once, without a stack", async () => {
    await t.client('administrator').request({method: 'PUT', url: '/projects/localdev/datasets/refusals'})
    const file = path.join(work, 'article-by-fact-checker.ndjson')
    writeFileSync(file, JSON.stringify({_id: 'article-cli', _type: 'article', title: 'Imported by a fact-checker'}))
    const result = await runCli(['dataset', 'import', file, '--dataset', 'refusals', '--project-id', 'localdev'], 'fact-checker')
    expectRefusalPrinted(
      result,
      'Permission denied. You are signed in as Dana Whitfield (p-dana), a fact-checker. Fact-checkers may record their own fact-check decisions and medical reviews, and verify experts\' credentials; they may not create an article, so "article-cli" was not created. Ask an editor to create it.',
    )
    expect(t.running.lake.exportDocuments('refusals')).toEqual([])
  }, 120_000)

  it('sanity dataset import of a document that exists (no --replace): the reason once, not repeated by its wrapping', async () => {
    const before = t.running.lake.exportDocuments('production')
    const file = path.join(work, 'existing.ndjson')
    writeFileSync(file, JSON.stringify({_id: 'category-1', _type: 'category', title: 'Skin, again'}))
    const result = await runCli(['dataset', 'import', file, '--dataset', 'production', '--project-id', 'localdev'])
    expectRefusalPrinted(
      result,
      'Mutation(s) failed with 1 error(s):\n- Document by ID "category-1" already exists: use createOrReplace to replace it or createIfNotExists to keep it.',
    )
    expect(t.running.lake.exportDocuments('production')).toEqual(before)
  }, 120_000)

  it('sanity dataset import loads the rest of the export unchanged, with the importer recorded as the verifier', async () => {
    const file = path.join(work, 'roundtrip-content.ndjson')
    // Without the approval and the review, the published article they attest cannot come along either.
    const attested = (d: Record<string, unknown>) => d._type === 'factCheck.approval' || d._type === 'factCheck.review' || d._id === article._id
    const content = exported.filter((d) => !attested(d))
    writeFileSync(file, content.map((d) => JSON.stringify(d)).join('\n'))
    const {code, output} = await runCli(['dataset', 'import', file, '--dataset', 'roundtrip', '--project-id', 'localdev'])
    expect(output).toContain(`Imported ${content.length} documents`)
    expect(code).toBe(0)
    const imported = t.running.lake.exportDocuments('roundtrip')
    const withoutVerifier = (d: Record<string, unknown>) => {
      const {credentials, ...rest} = strip(d) as Record<string, unknown> & {credentials?: Array<{verification?: Record<string, unknown>}>}
      if (!credentials) return rest
      return {...rest, credentials: credentials.map((c) => ({...c, verification: {...c.verification, verifiedBy: undefined, verifiedAt: undefined}}))}
    }
    const source = t.running.lake.exportDocuments('production').filter((d) => !attested(d))
    expect(imported.map(withoutVerifier)).toEqual(source.map(withoutVerifier))
    expect(imported.find((d) => d._id === 'category-1')?._createdAt).toBe('2025-01-01T00:00:00.000Z')
    const verification = (imported.find((d) => d._type === 'expert') as unknown as {credentials: Array<{verification: {verifiedBy: string}}>}).credentials[0].verification
    expect(verification.verifiedBy).toBe('Morgan Reyes (p-morgan)')
  }, 120_000)
})

describe('importNdjson', () => {
  it('refuses the whole file on a bad line, naming it, and imports nothing', async () => {
    const lake = t.running.lake
    const before = lake.exportDocuments('production').length
    const bad = ['{"_id":"imp-1","_type":"post"}', '{"_id":"imp-2","_type":"post"', '{"_id":"imp-3","_type":"post"}'].join('\n')
    await expect(lake.importNdjson('production', bad)).rejects.toMatchObject({statusCode: 400, message: expect.stringContaining('line 2 is not valid JSON')})
    await expect(lake.importNdjson('production', '{"_id":"imp-1","_type":"post"}\n\n{"_id":"imp-4"}')).rejects.toMatchObject({
      message: expect.stringContaining('line 3 (document "imp-4") has no _type'),
    })
    await expect(lake.importNdjson('production', '{"_type":"post"}')).rejects.toMatchObject({message: expect.stringContaining('line 1 has no valid _id: its _id is missing.')})
    expect(lake.exportDocuments('production')).toHaveLength(before)
  })

  it('imports in one transaction; modes create, missing and replace', async () => {
    const lake = t.running.lake
    const text = '{"_id":"imp-1","_type":"post","n":1}\n{"_id":"imp-2","_type":"post","n":2}\n'
    const first = await lake.importNdjson('production', text)
    expect(first).toMatchObject({created: 2, transactionId: expect.any(String)})
    await expect(lake.importNdjson('production', text)).rejects.toMatchObject({statusCode: 409})
    expect(await lake.importNdjson('production', '{"_id":"imp-2","_type":"post","n":20}\n{"_id":"imp-3","_type":"post"}', {mode: 'missing'})).toMatchObject({created: 1, skipped: 1})
    expect(await lake.importNdjson('production', '{"_id":"imp-2","_type":"post","n":20}', {mode: 'replace'})).toMatchObject({replaced: 1})
    expect(lake.dataset('production').docs.get('imp-2')?.n).toBe(20)
    const log = await t.request('GET', `/v1/data/history/production/transactions/imp-1`)
    expect(log.text.trim().split('\n').map((l) => (JSON.parse(l) as {id: string}).id)).toEqual([first.transactionId])
  })

  it('is also reachable over HTTP (POST /data/import/:dataset)', async () => {
    const res = await t.request('POST', '/v1/data/import/production?mode=missing', {rawBody: '{"_id":"imp-9","_type":"post"}\n'})
    expect(res.body).toMatchObject({created: 1})
  })
})
