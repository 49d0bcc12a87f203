/**
 * `npm run audit` end to end: arguments and exit codes, an export file, progress on large
 * datasets, and a real local lake (export + history API), read as the local lake and as a
 * hosted project (through @sanity/client, in a child process trusting the lake's certificate).
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {AuditReport} from '../../audit/audit.ts'
import {EXIT, runAuditCli} from '../../audit/cli.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {SEED_PATH, loadSeed} from '../fixtures/seed.ts'
import {APPROVER_EDITED_ID, DRIFTED_ID, extendedSeed, mutate, startTestLake, type LakeFixture} from '../site/lakeFixture.ts'

const ROOT = path.resolve(import.meta.dirname, '..', '..')

interface Run {
  code: number
  stdout: string
  stderr: string
}

async function audit(argv: string[], env: Record<string, string | undefined> = {}, tty = false): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runAuditCli(argv, {
    stdout: {write: (text: string) => (stdout += text)},
    stderr: {write: (text: string) => (stderr += text), isTTY: tty},
    env,
  })
  return {code, stdout, stderr}
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vouched-audit-'))
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function writeNdjson(name: string, documents: unknown[]): string {
  const file = path.join(dir, name)
  writeFileSync(file, documents.map((d) => JSON.stringify(d)).join('\n') + '\n')
  return file
}

describe('usage', () => {
  it.each([
    {argv: [], message: /Say what to audit: --lake <url>, --file <export.ndjson>, or --project/},
    {argv: ['--file', 'a.ndjson', '--lake', 'https://localhost:4443'], message: /one source at a time \(got --lake and --file\)/},
    {argv: ['--lake', 'https://localhost:4443'], message: /The lake needs a token: --token <token>/},
    {argv: ['--lake', 'localhost:4443', '--token', 't'], message: /--lake needs the lake's URL/},
    {argv: ['--project', 'abc123'], message: /A hosted project needs a dataset/},
    {argv: ['--project', 'abc123', '--dataset', 'production'], message: /needs a read token: SANITY_TOKEN/},
    {argv: ['--project', 'Not_An_Id', '--dataset', 'production', '--token', 't'], message: /is not a Sanity project id/},
    {argv: ['--file', 'a.ndjson', '--dataset', 'x'], message: /--dataset and --project go with a hosted project/},
    {argv: ['--file', 'a.ndjson', '--now', 'yesterday'], message: /--now must be an ISO date/},
    {argv: ['--file', 'a.ndjson', '--progress-every', 'often'], message: /--progress-every must be a whole number/},
    {argv: ['--file', 'a.ndjson', '--verbose'], message: /Unknown option '--verbose'/},
    {argv: ['--file', 'a.ndjson', '--options', '/nonexistent/options.json'], message: /Could not read --options/},
  ])('$argv -> exit 2', async ({argv, message}) => {
    const run = await audit(argv)
    expect(run.code).toBe(EXIT.usage)
    expect(run.stderr).toMatch(message)
    expect(run.stderr).toContain('Usage: npm run audit')
    expect(run.stdout).toBe('')
  })

  it('refuses options the plugin would refuse, with its message', async () => {
    const file = path.join(dir, 'bad-options.json')
    writeFileSync(file, JSON.stringify({factCheckerRoles: []}))
    const run = await audit(['--file', SEED_PATH, '--options', file])
    expect(run.code).toBe(EXIT.usage)
    expect(run.stderr).toMatch(/--options: medicalClaims\(\): invalid options\.\n\s+- factCheckerRoles must be a non-empty array/)
  })

  it('takes the hosted project from the environment', async () => {
    const run = await audit([], {SANITY_PROJECT_ID: 'abc123', SANITY_DATASET: 'production'})
    expect(run.code).toBe(EXIT.usage)
    expect(run.stderr).toMatch(/needs a read token: SANITY_TOKEN/)
  })

  it('prints help', async () => {
    const run = await audit(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Exit: 0 all published articles pass, 1 some fail, 2 bad usage, 3 the source could not be read.')
  })
})

describe('an export file', () => {
  it('passes the seed (exit 0)', async () => {
    const run = await audit(['--file', SEED_PATH, '--now', SEED_NOW])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('PASS  article-winter-skincare')
    expect(run.stdout).toContain('All published articles pass.')
  })

  it('fails a dataset with an article changed after approval (exit 1), in text and JSON', async () => {
    const file = writeNdjson('extended.ndjson', extendedSeed())
    const text = await audit(['--file', file, '--now', SEED_NOW])
    expect(text.code).toBe(1)
    expect(text.stdout).toContain(`FAIL  ${DRIFTED_ID}`)
    expect(text.stdout).toContain('drift: text changed after Dana Whitfield approved it on 2026-09-21')
    const json = await audit(['--file', file, '--now', SEED_NOW, '--json'])
    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout) as AuditReport
    expect(report.articles.filter((a) => a.status === 'fail').map((a) => a.id)).toEqual([DRIFTED_ID])
    expect(report.checkedAt).toBe(SEED_NOW)
  })

  it('uses the options file', async () => {
    const file = path.join(dir, 'options.json')
    // In 2028 the seed's reviews are overdue and its verifications (2026-09-01) older than a year: the file lifts both.
    writeFileSync(file, JSON.stringify({requireMedicalReview: false, reverifyAfterDays: 730}))
    expect((await audit(['--file', SEED_PATH, '--now', '2028-01-01T00:00:00Z'])).code).toBe(1)
    expect((await audit(['--file', SEED_PATH, '--now', '2028-01-01T00:00:00Z', '--options', file])).code).toBe(0)
  })

  it('shows progress on stderr for large datasets, and keeps stdout clean', async () => {
    const filler = Array.from({length: 2500}, (_, i) => ({_id: `note-${i}`, _type: 'note', text: `filler ${i}`}))
    const file = writeNdjson('large.ndjson', [...loadSeed(), ...filler])
    const lines = await audit(['--file', file, '--now', SEED_NOW, '--json', '--progress-every', '1000'])
    expect(lines.code).toBe(0)
    expect(lines.stderr).toContain('Read 1000 documents…\nRead 2000 documents…\n')
    expect(JSON.parse(lines.stdout).documents).toBe(2546)
    const tty = await audit(['--file', file, '--now', SEED_NOW, '--progress-every', '1000'], {}, true)
    expect(tty.stderr).toContain('\rRead 2000 documents…')
    const quiet = await audit(['--file', file, '--now', SEED_NOW, '--progress-every', '0'])
    expect(quiet.stderr).toBe('')
  })

  it.each([
    {name: 'a missing file', file: () => path.join(dir, 'missing.ndjson'), message: /No export file at/},
    {name: 'a tar archive', file: () => writeNdjson('export.tar.gz', []), message: /is a tar archive \(sanity dataset export\)\. Extract its data\.ndjson/},
    {
      name: 'a line that is not JSON',
      file: () => {
        const file = path.join(dir, 'broken.ndjson')
        writeFileSync(file, `${JSON.stringify({_id: 'a', _type: 'article'})}\n{not json\n`)
        return file
      },
      message: /broken\.ndjson, line 2, is not JSON/,
    },
  ])('exits 3 for $name', async ({file, message}) => {
    const run = await audit(['--file', file()])
    expect(run.code).toBe(EXIT.source)
    expect(run.stderr).toMatch(message)
  })
})

describe('a local lake', () => {
  let fixture: LakeFixture

  beforeAll(async () => {
    // Without enforcement, like the hosted Content Lake: Priya edits an article whose claims she
    // approved (a field its medical review does not cover, so only her approvals are in question).
    fixture = await startTestLake(extendedSeed(), false)
    const edit = await mutate(fixture, fixture.tokens['p-priya'], [{patch: {id: APPROVER_EDITED_ID, set: {publishedAt: '2026-11-02T09:00:00.000Z'}}}])
    expect(edit.status).toBe(200)
  })
  afterAll(async () => {
    await fixture?.close()
  })

  it('reads the export and the history: drift and approver edits fail (exit 1)', async () => {
    const run = await audit(['--lake', fixture.lake.url, '--token', fixture.tokens['p-morgan'], '--now', SEED_NOW, '--json'])
    expect(run.code).toBe(1)
    const report = JSON.parse(run.stdout) as AuditReport
    expect(report.editorCheck).toBe('history')
    expect(report.source).toBe(`local lake ${fixture.lake.url} (dataset production)`)
    expect(report.articles.filter((a) => a.status === 'fail').map((a) => a.id).sort()).toEqual([APPROVER_EDITED_ID, DRIFTED_ID])
    const edited = report.articles.find((a) => a.id === APPROVER_EDITED_ID)
    expect(new Set(edited?.issues.map((i) => i.code))).toEqual(new Set(['claim.approverEditedArticle']))
  })

  it('takes the token from SANITY_TOKEN', async () => {
    const run = await audit(['--lake', fixture.lake.url, '--now', SEED_NOW], {SANITY_TOKEN: fixture.tokens['p-dana']})
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`FAIL  ${DRIFTED_ID}`)
  })

  it('exits 3 when the lake refuses the token or cannot be reached', async () => {
    const refused = await audit(['--lake', fixture.lake.url, '--token', 'wrong-token'])
    expect(refused.code).toBe(EXIT.source)
    expect(refused.stderr).toMatch(/refused GET \/data\/export\/production: Unauthorized.*\(check the token\)/)
    const unreachable = await audit(['--lake', 'https://localhost:1', '--token', 't'])
    expect(unreachable.code).toBe(EXIT.source)
    expect(unreachable.stderr).toMatch(/Could not reach the Content Lake at https:\/\/localhost:1/)
  })

  it('reads it as a hosted project too (@sanity/client), through the real script and its exit code', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'audit.ts'), '--now', SEED_NOW, '--json'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SANITY_PROJECT_ID: 'localdev',
        SANITY_DATASET: 'production',
        SANITY_TOKEN: fixture.tokens['p-morgan'],
        SANITY_API_HOST: fixture.lake.url,
        NODE_EXTRA_CA_CERTS: fixture.lake.certFile,
      },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as AuditReport
    expect(report.source).toBe('hosted project localdev (dataset production)')
    expect(report.editorCheck).toBe('history')
    // Read as a hosted project, the lake's own seeding is no one's to trust: the approvals the seed
    // import wrote (history author `system`) in the fact-checker's name count as forged.
    const forged = report.articles.filter((a) => a.forged.length > 0)
    expect(forged.length).toBeGreaterThan(0)
    for (const article of forged) {
      expect(article.status).toBe('fail')
      for (const decision of article.forged) expect(decision.writtenBy).toEqual(['system'])
    }
    const failing = report.articles.filter((a) => a.status === 'fail').map((a) => a.id)
    expect(failing).toEqual(expect.arrayContaining([APPROVER_EDITED_ID, DRIFTED_ID]))
    expect(failing.filter((id) => id !== APPROVER_EDITED_ID && id !== DRIFTED_ID).sort()).toEqual(forged.map((a) => a.id).filter((id) => id !== APPROVER_EDITED_ID && id !== DRIFTED_ID).sort())
  })

  it('as the local lake, trusts what the lake itself wrote (its seed), and reads who wrote every decision', async () => {
    const {code, stdout} = await audit(['--lake', fixture.lake.url, '--token', fixture.tokens['p-morgan'], '--now', SEED_NOW, '--json'])
    expect(code).toBe(1)
    const report = JSON.parse(stdout) as AuditReport
    expect(report.articles.every((a) => a.forged.length === 0)).toBe(true)
    expect(report.articles.filter((a) => a.status === 'fail').map((a) => a.id).sort()).toEqual([APPROVER_EDITED_ID, DRIFTED_ID])
  })
})
