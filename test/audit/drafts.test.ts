/**
 * `npm run audit -- <source> --drafts`: every article draft judged as if it were published now,
 * against the published experts, citations and decisions, with its article's editors. The pure
 * core (audit/drafts.ts) on the seed, then the command on export files, a real local lake (export
 * and history API) and the lake read as a hosted project (the real script, in a child process).
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {auditDataset, exitCodeFor} from '../../audit/audit.ts'
import {EXIT, runAuditCli} from '../../audit/cli.ts'
import {datasetOf} from '../../audit/dataset.ts'
import {auditDrafts, type DraftsReport} from '../../audit/drafts.ts'
import {formatJson, formatText} from '../../audit/format.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {loadSeed, type SeedDocument} from '../fixtures/seed.ts'
import {APPROVER_EDITED_ID, extendedSeed, mutate, startTestLake, type LakeFixture} from '../site/lakeFixture.ts'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const WINTER = 'article-winter-skincare'
const OLIVE = 'article-olive-oil-skin'
/** The seed's own draft: an article never published. */
const NEW_DRAFT = 'drafts.article-micro-needling'
/** The olive-oil article's claim whose expert the broken draft drops. */
const OLIVE_CLAIM = 'claim-olive-oil-safety'

type Body = Array<{markDefs?: Array<{_type: string; _key: string; expert?: unknown}>}>

/** A draft of a published article of the seed: its content as published, changed by `edit`. */
function draftOf(seed: ReadonlyArray<SeedDocument>, id: string, edit: (body: Body) => void = () => undefined): SeedDocument {
  const published = seed.find((doc) => doc._id === id)
  if (!published) throw new Error(`The seed has no ${id}`)
  const draft: SeedDocument = structuredClone({...published, _id: `drafts.${id}`})
  edit(draft.body as Body)
  return draft
}

/** Drops the expert of one claim. */
const dropExpert = (claimKey: string) => (body: Body) => {
  for (const block of body) for (const mark of block.markDefs ?? []) if (mark._key === claimKey) delete mark.expert
}

function drafts(documents: unknown[], editors: Map<string, string[]> | null = null): DraftsReport {
  return auditDrafts({dataset: datasetOf(documents, ['article'], 'drafts'), editors, now: SEED_NOW, source: 'test documents'})
}

describe('auditDrafts', () => {
  const seed = loadSeed()
  const documents = [...seed, draftOf(seed, WINTER), draftOf(seed, OLIVE, dropExpert(OLIVE_CLAIM))]

  it('passes a compliant draft of a published article', () => {
    const winter = drafts(documents).drafts.find((d) => d.id === `drafts.${WINTER}`)
    expect(winter).toMatchObject({publishedId: WINTER, hasPublishedVersion: true, status: 'pass', verdict: 'would pass if published now', issues: []})
  })

  it('fails a draft whose claim lost its expert, with the rules’ message, while the published article still passes', () => {
    const olive = drafts(documents).drafts.find((d) => d.id === `drafts.${OLIVE}`)
    expect(olive?.status).toBe('fail')
    expect(olive?.verdict).toBe('would fail if published now')
    expect(olive?.issues).toEqual([expect.objectContaining({code: 'claim.unattributed', claimKey: OLIVE_CLAIM, message: expect.stringMatching(/is not attributed to an expert\. Choose the expert who vouches for it\./)})])
    expect(olive?.drift.map((d) => d.changed)).toEqual([['expert']])
    const published = auditDataset({dataset: datasetOf(documents, ['article']), editors: null, now: SEED_NOW, source: 'test documents'})
    expect(published.articles.find((a) => a.id === OLIVE)?.status).toBe('pass')
    expect(exitCodeFor(published)).toBe(0)
  })

  it('includes a draft with no published version', () => {
    const report = drafts(documents)
    const fresh = report.drafts.find((d) => d.id === NEW_DRAFT)
    expect(fresh).toMatchObject({publishedId: 'article-micro-needling', hasPublishedVersion: false, status: 'fail'})
    expect(fresh?.issues.length).toBeGreaterThan(0)
    expect(report.totals).toMatchObject({drafts: 3, passing: 1, failing: 2, neverPublished: 1})
    expect(report.drafts.map((d) => d.id)).toEqual([NEW_DRAFT, `drafts.${OLIVE}`, `drafts.${WINTER}`])
    expect(exitCodeFor(report)).toBe(1)
  })

  it('judges a draft against the published experts and decisions, not their drafts', () => {
    const expert = seed.find((doc) => doc._id === 'expert-rebecca-bialas')
    const approval = seed.find((doc) => doc._type === 'factCheck.approval' && (doc.article as {_ref: string})._ref === WINTER)
    if (!expert || !approval) throw new Error('The seed has no expert-rebecca-bialas or no approval of the winter article')
    const report = drafts([
      ...seed.filter((doc) => doc !== approval),
      draftOf(seed, WINTER),
      // The winter article's expert being edited (no credentials yet): the published expert still vouches.
      {...expert, _id: 'drafts.expert-rebecca-bialas', credentials: []},
      // One of its approvals only as a draft: it does not count.
      {...approval, _id: `drafts.${approval._id}`},
    ])
    const winter = report.drafts.find((d) => d.id === `drafts.${WINTER}`)
    expect(winter?.status).toBe('fail')
    expect(winter?.issues.filter((i) => i.severity === 'error').map((i) => `${i.code}@${i.claimKey ?? ''}`)).toEqual([`claim.notApproved@${String(approval.claimKey)}`])
  })

  it('counts the editors of the article (published and draft) as the draft’s editors', () => {
    // The history says the fact-checker who approved the winter article's claims (and recorded its
    // medical review) edited it.
    const report = drafts(documents, new Map([[WINTER, ['p-dana']]]))
    const winter = report.drafts.find((d) => d.id === `drafts.${WINTER}`)
    expect(winter?.status).toBe('fail')
    expect(new Set(winter?.issues.map((i) => i.code))).toEqual(new Set(['claim.approverEditedArticle', 'review.recorderEditedArticle']))
    expect(report.editorCheck).toBe('history')
  })

  it('keeps only drafts and the ids of published articles; release versions are counted, not audited', () => {
    const dataset = datasetOf([...documents, {...draftOf(seed, WINTER), _id: `versions.rSpring.${WINTER}`}], ['article'], 'drafts')
    expect(dataset.articles.size).toBe(0)
    expect([...dataset.drafts.keys()].sort()).toEqual([NEW_DRAFT, `drafts.${OLIVE}`, `drafts.${WINTER}`])
    expect([...dataset.publishedIds].sort()).toEqual([OLIVE, 'article-omega-3-hair-skin-nails', WINTER])
    expect(dataset.articlesWithApprovals()).toEqual(['article-micro-needling', OLIVE, WINTER])
    const report = auditDrafts({dataset, editors: null, now: SEED_NOW, source: 'x'})
    expect(report.releaseVersions).toBe(1)
    expect(report.drafts.map((d) => d.id)).not.toContain(`versions.rSpring.${WINTER}`)
    expect(formatText(report)).toContain('1 release version of articles (versions.*) not audited.')
    expect(() => auditDataset({dataset, editors: null, now: SEED_NOW, source: 'x'})).toThrow(/auditDrafts/)
  })

  it('labels the text report as drafts that would pass or fail if published now', () => {
    const text = formatText(drafts(documents))
    expect(text).toMatch(/^Medical-claims audit of the drafts in test documents\nDrafts judged as if published now: /)
    expect(text).toContain(`WOULD FAIL if published now  drafts.${OLIVE}  "Olive oil on your skin: what dermatologists think"  (slug: olive-oil-on-skin; published as ${OLIVE})`)
    expect(text).toContain(`      claim ${OLIVE_CLAIM}: "According to Kazlouskaya`)
    expect(text).toContain('        ✗ claim.unattributed: Claim "According to Kazlouskaya')
    expect(text).toContain(`WOULD PASS if published now  drafts.${WINTER}`)
    expect(text).toMatch(new RegExp(`WOULD FAIL if published now  ${NEW_DRAFT.replace('.', '\\.')}  "[^"]+"  \\(slug: [^;]+; never published\\)`))
    expect(text).toMatch(/\n2 drafts would fail if published now\. 3 drafts \(1 never published\): 1 would pass, 2 would fail, 1 with drift; \d+ blocking issues, \d+ warnings\.\n$/)
  })

  it('gives machines the drafts report as JSON, one draft a line', () => {
    const report = drafts(documents)
    const json = formatJson(report)
    const parsed = JSON.parse(json) as DraftsReport
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)))
    expect(Object.keys(parsed)).toEqual([
      'checkedAt', 'day', 'source', 'scope', 'judged', 'editorCheck', 'editorCheckNote', 'documents', 'unpublished', 'releaseVersions', 'totals', 'withdrawals', 'drafts',
    ])
    expect(parsed.scope).toBe('drafts')
    expect(parsed.judged).toMatch(/^as if published now/)
    expect(json.split('\n').filter((line) => line.includes('"id":"drafts.')).length).toBe(3)
    expect(Object.keys(parsed.drafts[0])).toEqual(['id', 'type', 'title', 'slug', 'status', 'issues', 'drift', 'forged', 'publishedId', 'hasPublishedVersion', 'verdict'])
  })
})

interface Run {
  code: number
  stdout: string
  stderr: string
}

async function audit(argv: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const code = await runAuditCli(argv, {stdout: {write: (text: string) => (stdout += text)}, stderr: {write: (text: string) => (stderr += text)}, env})
  return {code, stdout, stderr}
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vouched-audit-drafts-'))
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function writeNdjson(name: string, documents: unknown[]): string {
  const file = path.join(dir, name)
  writeFileSync(file, documents.map((d) => JSON.stringify(d)).join('\n') + '\n')
  return file
}

describe('npm run audit -- --file <export> --drafts', () => {
  const seed = loadSeed()
  const published = seed.filter((doc) => !doc._id.startsWith('drafts.'))

  it('exits 0 when every draft would pass, 1 when any would fail; without --drafts the published articles decide', async () => {
    const passing = writeNdjson('passing-drafts.ndjson', [...published, draftOf(seed, WINTER)])
    const pass = await audit(['--file', passing, '--drafts', '--now', SEED_NOW])
    expect(pass.code).toBe(EXIT.pass)
    expect(pass.stdout).toContain('Every draft would pass if published now. 1 draft: 1 would pass, 0 would fail')

    const failing = writeNdjson('failing-drafts.ndjson', [...published, draftOf(seed, WINTER), draftOf(seed, OLIVE, dropExpert(OLIVE_CLAIM))])
    const fail = await audit(['--file', failing, '--drafts', '--now', SEED_NOW])
    expect(fail.code).toBe(EXIT.fail)
    expect(fail.stdout).toContain(`WOULD FAIL if published now  drafts.${OLIVE}`)
    expect(fail.stdout).toContain('✗ claim.unattributed: Claim "According to Kazlouskaya')
    expect(fail.stdout).toContain('1 draft would fail if published now.')

    const publishedOnly = await audit(['--file', failing, '--now', SEED_NOW])
    expect(publishedOnly.code).toBe(EXIT.pass)
    expect(publishedOnly.stdout).toContain('All published articles pass.')
  })

  it('reports in JSON with the same exit code', async () => {
    const file = writeNdjson('json-drafts.ndjson', [...seed, draftOf(seed, OLIVE, dropExpert(OLIVE_CLAIM))])
    const run = await audit(['--file', file, '--drafts', '--json', '--now', SEED_NOW])
    expect(run.code).toBe(EXIT.fail)
    const report = JSON.parse(run.stdout) as DraftsReport
    expect(report).toMatchObject({scope: 'drafts', checkedAt: SEED_NOW, editorCheck: 'unavailable', totals: {drafts: 2, failing: 2, neverPublished: 1}})
    expect(report.drafts.map((d) => [d.id, d.hasPublishedVersion, d.verdict])).toEqual([
      [NEW_DRAFT, false, 'would fail if published now'],
      [`drafts.${OLIVE}`, true, 'would fail if published now'],
    ])
    expect(report.source).toBe(`export file ${file}`)
  })

  it('says there are no drafts to check in an export without drafts (exit 0)', async () => {
    const file = writeNdjson('no-drafts.ndjson', published)
    const text = await audit(['--file', file, '--drafts', '--now', SEED_NOW])
    expect(text.code).toBe(EXIT.pass)
    expect(text.stdout).toContain('\nNo drafts to check: the source has no drafts of articles (drafts.<id>).\n')
    const json = await audit(['--file', file, '--drafts', '--json', '--now', SEED_NOW])
    expect(json.code).toBe(EXIT.pass)
    expect(JSON.parse(json.stdout)).toMatchObject({scope: 'drafts', totals: {drafts: 0, failing: 0}, drafts: []})
  })

  it('keeps exit 3 for a source it cannot read, and 2 for bad usage', async () => {
    expect((await audit(['--file', path.join(dir, 'missing.ndjson'), '--drafts'])).code).toBe(EXIT.source)
    const usage = await audit(['--drafts'])
    expect(usage.code).toBe(EXIT.usage)
    expect(usage.stderr).toContain('Say what to audit')
    expect((await audit(['--file', 'a.ndjson', '--drafts=yes'])).code).toBe(EXIT.usage)
  })

  it('says how to use it in --help', async () => {
    const run = await audit(['--help'])
    expect(run.stdout).toContain('Usage: npm run audit -- <source> [--drafts]')
    expect(run.stdout).toContain('--drafts                     check the drafts (drafts.<id>) instead of the published articles')
    expect(run.stdout).toContain('With --drafts: 0 every draft would pass if published now (or there are none), 1 some would fail.')
  })
})

describe('a local lake with drafts', () => {
  let fixture: LakeFixture

  beforeAll(async () => {
    // The extended seed, with the olive-oil article's claims approved by Priya (an editor who
    // checks facts too), like the article she approved and edited.
    const seed = extendedSeed().map((doc) =>
      doc._type === 'factCheck.approval' && (doc.article as {_ref: string})._ref === OLIVE ? {...doc, checkedBy: {id: 'p-priya', name: 'Priya Natarajan', roles: ['fact-checker']}} : doc,
    )
    fixture = await startTestLake(seed, false)
    const write = async (user: string, mutations: unknown[]) => expect((await mutate(fixture, fixture.tokens[user], mutations)).status).toBe(200)
    // Tom drafts the winter article as published: compliant.
    await write('p-tom', [{createOrReplace: draftOf(seed, WINTER)}])
    // Priya drafts the olive-oil article whose claims she approved: its draft's history names her.
    await write('p-priya', [{createOrReplace: draftOf(seed, OLIVE)}])
    // Priya edits the published article she approved; Tom drafts it: its published history names her.
    await write('p-priya', [{patch: {id: APPROVER_EDITED_ID, set: {publishedAt: '2026-11-02T09:00:00.000Z'}}}])
    await write('p-tom', [{createOrReplace: draftOf(seed, APPROVER_EDITED_ID)}])
  })
  afterAll(async () => {
    await fixture?.close()
  })

  it('judges each draft with the history of its draft and its published article (exit 1)', async () => {
    const run = await audit(['--lake', fixture.lake.url, '--token', fixture.tokens['p-morgan'], '--drafts', '--now', SEED_NOW, '--json'])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(EXIT.fail)
    const report = JSON.parse(run.stdout) as DraftsReport
    expect(report).toMatchObject({scope: 'drafts', editorCheck: 'history', source: `local lake ${fixture.lake.url} (dataset production)`})
    const verdicts = Object.fromEntries(report.drafts.map((d) => [d.id, [d.status, [...new Set(d.issues.filter((i) => i.severity === 'error').map((i) => i.code))]]]))
    expect(verdicts[`drafts.${WINTER}`]).toEqual(['pass', []])
    expect(verdicts[`drafts.${OLIVE}`]).toEqual(['fail', ['claim.approverEditedArticle']])
    expect(verdicts[`drafts.${APPROVER_EDITED_ID}`]).toEqual(['fail', ['claim.approverEditedArticle']])
    expect(verdicts[NEW_DRAFT]?.[0]).toBe('fail')
    expect(report.drafts.find((d) => d.id === NEW_DRAFT)?.hasPublishedVersion).toBe(false)
    expect(report.drafts.every((d) => d.forged.length === 0)).toBe(true)
  })

  it('reads drafts of a hosted project too (@sanity/client), through the real script', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'audit.ts'), '--drafts', '--now', SEED_NOW, '--json'], {
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
    expect(code).toBe(EXIT.fail)
    const report = JSON.parse(stdout) as DraftsReport
    expect(report).toMatchObject({scope: 'drafts', editorCheck: 'history', source: 'hosted project localdev (dataset production)'})
    expect(report.drafts.map((d) => d.id).sort()).toEqual([`drafts.${APPROVER_EDITED_ID}`, NEW_DRAFT, `drafts.${OLIVE}`, `drafts.${WINTER}`])
    // Read as a hosted project, the decisions the lake's seed import wrote (author `system`) in the
    // checkers' names count as forged: drafts that rely on them fail, the compliant one included.
    const winter = report.drafts.find((d) => d.id === `drafts.${WINTER}`)
    expect(winter?.status).toBe('fail')
    expect(winter?.forged.length).toBeGreaterThan(0)
    for (const draft of report.drafts) for (const decision of draft.forged) expect(decision.writtenBy).toEqual(['system'])
  })
})
