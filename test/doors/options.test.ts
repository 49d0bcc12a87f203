/**
 * One set of claim options, four doors. With options that differ from the defaults (a registered
 * nurse's licence qualifies for benefit claims, and editors fact-check each other's articles
 * instead of the `fact-checker` role), the Studio (the plugin's validation and the Publish action's
 * decision, loaded from the lake with @sanity/client), the lake (a real startLake: the publish is
 * accepted or refused, and the published state shows it), the audit (its CLI on the lake) and the
 * site queries (the compliant-only GROQ with parameters from the options) give the same verdict
 * on each article. With the defaults, every door gives the opposite verdict on both articles, so a
 * door that silently used the defaults would fail the first run. Without options, each door reads
 * medical-claims.options.ts; bad options stop each door at start with how to fix them.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import type {SanityClient} from '@sanity/client'
import {createSourceFromConfig, validateDocument, type SanityDocument, type Source} from 'sanity'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parseAuditArgs, runAuditCli} from '../../audit/cli.ts'
import {Lake} from '../../lake/store.ts'
import type {UsersFile} from '../../lake/users.ts'
import {randomToken} from '../../lake/users.ts'
import {startLake} from '../../lake/server.ts'
import {projectClaimOptions} from '../../medical-claims.options.ts'
import {loadPolicyInput} from '../../plugins/medical-claims/data.ts'
import {applyClaimRules, medicalClaims, VALIDATION_CODE_PREFIX} from '../../plugins/medical-claims/index.ts'
import {getDraftId} from '../../plugins/medical-claims/rules/ids.ts'
import {DEFAULT_OPTIONS, MedicalClaimsOptionsError, resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {claimFingerprint, evaluateArticle, extractClaims, publishDecision, reviewFingerprint} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, AcceptanceRule, MedicalClaimsOptions} from '../../plugins/medical-claims/rules/types.ts'
import {complianceParams} from '../../queries/compliance.ts'
import {siteQueries, type QueryClient} from '../../queries/fetch.ts'
import {createLakeClient} from '../../queries/lakeClient.ts'
import {schemaTypes} from '../../schemas/index.ts'
import {startSite} from '../../site/server.ts'
import {loadStudio} from '../fixtures/studio.ts'
import {startTestLake, tempDir, type TestLake} from '../lake/helpers.ts'

/** A registered nurse on a regulator's register, accepted for benefit claims besides the default clinicians. */
const NURSE_LICENCE: AcceptanceRule = {claimKinds: ['benefit'], authorities: ['regulator'], professions: ['registeredNurse']}
const CHANGED: Partial<MedicalClaimsOptions> = {
  factCheckerRoles: ['editor'],
  acceptance: [...DEFAULT_OPTIONS.acceptance, NURSE_LICENCE],
}

const USERS: UsersFile['users'] = [
  {id: 'p-morgan', name: 'Morgan', email: 'm@example.test', role: 'administrator', token: randomToken(40)},
  {id: 'p-priya', name: 'Priya', email: 'p@example.test', role: 'editor', token: randomToken(40)},
  {id: 'p-tom', name: 'Tom', email: 't@example.test', role: 'editor', token: randomToken(40)},
  {id: 'p-dana', name: 'Dana', email: 'd@example.test', role: 'fact-checker', token: randomToken(40)},
  {id: 'p-sam', name: 'Sam', email: 's@example.test', role: 'medical-reviewer', token: randomToken(40)},
]
const [, , TOM, DANA] = USERS

const licence = (profession: string) => ({
  _key: 'licence',
  _type: 'credential',
  kind: 'licence',
  profession,
  issuer: profession === 'physician' ? 'us-state-medical-board' : 'us-state-nursing-board',
  jurisdiction: 'US-CA',
  title: `Licence (${profession})`,
  issuedOn: '2015-01-01',
  expiresOn: '2099-12-31',
  verification: {status: 'verified', evidence: 'Register lookup'}, // who and when: stamped by the lake
})
const EXPERTS = [
  {_id: 'expert-physician', _type: 'expert', name: 'Dr. Ada Lind', slug: {_type: 'slug', current: 'ada-lind'}, credentials: [licence('physician')]},
  {_id: 'expert-nurse', _type: 'expert', name: 'Noor Haddad', postnominals: ['RN'], slug: {_type: 'slug', current: 'noor-haddad'}, credentials: [licence('registeredNurse')]},
]
const CITATION = {_id: 'citation-trial', _type: 'citation', kind: 'journalArticle', title: 'A randomised trial', year: 2024, peerReviewed: true, retracted: false}

function draft(id: string, expertId: string, text: string): ArticleDoc & {slug: {_type: 'slug'; current: string}; publishedAt: string} {
  return {
    _id: getDraftId(id),
    _type: 'article',
    title: `Article ${id}`,
    slug: {_type: 'slug', current: id},
    publishedAt: '2026-11-01T09:00:00.000Z',
    body: [
      {
        _type: 'block',
        _key: 'b1',
        style: 'normal',
        markDefs: [{_type: 'medicalClaim', _key: 'k1', kind: 'benefit', expert: {_type: 'reference', _ref: expertId}, citations: [{_type: 'reference', _ref: CITATION._id, _key: 'c1'}]}],
        children: [{_type: 'span', _key: 's1', text, marks: ['k1']}],
      },
    ],
  }
}

/** The medical review of an article as it reads, by the physician, for the medical reviewer to record (the lake stamps who and when). */
function review(article: ArticleDoc) {
  const articleId = article._id.replace(/^drafts\./, '')
  return {
    _id: `review-${articleId}`,
    _type: 'factCheck.review',
    article: {_type: 'reference', _ref: articleId, _weak: true},
    reviewer: {_type: 'reference', _ref: EXPERTS[0]._id, _weak: true},
    fingerprint: reviewFingerprint(article, EXPERTS[0]._id, EXPERTS[0]),
    nextReviewDue: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
  }
}

/** Backed by a nurse, approved by Tom (an editor who did not edit it): passes only with the changed options. */
const NURSE_ARTICLE = draft('article-nurse', 'expert-nurse', 'Cold compresses ease swelling after the treatment.')
/** Backed by a physician, approved by Dana (fact-checker): passes only with the defaults. */
const CHECKER_ARTICLE = draft('article-checker', 'expert-physician', 'Daily sunscreen lowers the risk of sunburn.')
const ARTICLES = [NURSE_ARTICLE, CHECKER_ARTICLE]
const CHECKERS: Record<string, (typeof USERS)[number]> = {'article-nurse': TOM, 'article-checker': DANA}

function approval(article: ArticleDoc, checker: (typeof USERS)[number]) {
  const [claim] = extractClaims(article.body)
  const articleId = article._id.replace(/^drafts\./, '')
  return {
    _id: `factcheck-${articleId}-${claim.key}`,
    _type: 'factCheck.approval',
    article: {_type: 'reference', _ref: articleId, _weak: true},
    claimKey: claim.key,
    fingerprint: claimFingerprint(claim, {experts: EXPERTS as never, citations: [CITATION] as never}),
    checkedBy: {id: checker.id, name: checker.name, roles: [checker.role]},
    checkedAt: '2026-11-10T10:00:00.000Z',
  }
}

type Verdicts = Record<string, boolean>
interface Doors {
  studioValidation: Verdicts
  studioPublish: Verdicts
  lake: Verdicts
  lakePublished: Verdicts
  audit: Verdicts
  site: Verdicts
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vouched-doors-'))
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

/** The Studio's schema with the plugin configured with `options`, as sanity.config.ts builds it. */
async function studioSource(options: MedicalClaimsOptions, client: SanityClient): Promise<Source> {
  const user = USERS[1]
  return createSourceFromConfig({
    name: 'doors',
    projectId: 'localdev',
    dataset: 'production',
    plugins: [medicalClaims(options)],
    schema: {types: applyClaimRules(schemaTypes, options)},
    currentUser: {id: user.id, name: user.name, email: user.email, role: user.role, roles: [{name: user.role, title: user.role}]},
    getClient: ({apiVersion}: {apiVersion: string}) => client.withConfig({apiVersion}) as never,
  })
}

/** Runs every door on both articles with `given` options (the lake and the audit get them as the project would pass them). */
async function doorsWith(given: Partial<MedicalClaimsOptions>): Promise<Doors> {
  const options = resolveOptions(given)
  const dataDir = tempDir()
  writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify({users: USERS} satisfies UsersFile))
  const t: TestLake = await startTestLake({dataDir, claimOptions: given})
  const doors: Doors = {studioValidation: {}, studioPublish: {}, lake: {}, lakePublished: {}, audit: {}, site: {}}
  try {
    const admin = t.client('p-morgan')
    const priya = t.client('p-priya')
    await admin.transaction().create(EXPERTS[0] as never).create(EXPERTS[1] as never).create(CITATION).commit()
    for (const article of ARTICLES) await priya.create(article as never)
    for (const article of ARTICLES) {
      const checker = CHECKERS[article._id.replace(/^drafts\./, '')]
      // A fact-checker under these options records their own decision; anyone else's was written
      // around the Studio and the lake's API (as a hosted dataset may hold it): imported as trusted data.
      if (options.factCheckerRoles.includes(checker.role)) await t.client(checker.id).create(approval(article, checker) as never)
      else await t.running.lake.importNdjson('production', `${JSON.stringify(approval(article, checker))}\n`, {mode: 'create', enforce: false})
      await t.client('p-sam').create(review(article) as never)
    }

    // The Studio: the plugin's validation (Sanity's engine, the plugin's schema) and the Publish action's decision.
    const source = await studioSource(options, priya)
    for (const article of ARTICLES) {
      const stored = (await priya.getDocument(article._id)) as unknown as ArticleDoc
      const markers = await validateDocument({
        document: stored as unknown as SanityDocument,
        workspace: {schema: source.schema, i18n: source.i18n, getClient: source.getClient} as never,
        getDocumentExists: async () => true,
        environment: 'studio',
      })
      const blocking = (markers as Array<{level: string; code?: string}>).filter((m) => m.level === 'error' && String(m.code).startsWith(VALIDATION_CODE_PREFIX))
      doors.studioValidation[article.slug.current] = blocking.length === 0
      const input = await loadPolicyInput(priya as never, stored, new Date(), options)
      expect(input.editors).toContain('p-priya')
      doors.studioPublish[article.slug.current] = !publishDecision(evaluateArticle(input)).disabled
    }

    // The lake: Priya publishes each draft; the rules accept or refuse it.
    for (const article of ARTICLES) {
      const publishedId = article._id.replace(/^drafts\./, '')
      doors.lake[article.slug.current] = await priya
        .action({actionType: 'sanity.action.document.publish', draftId: article._id, publishedId})
        .then(() => true)
        .catch((error: {statusCode?: number; details?: {type?: string}}) => {
          expect(error.details?.type).toBe('publishRulesViolation')
          return false
        })
      doors.lakePublished[article.slug.current] = Boolean(await admin.getDocument(publishedId))
    }

    // What the lake refused is now published around the rules (as on a hosted project), so the
    // audit and the site judge both articles as published documents.
    const refused = ARTICLES.filter((article) => !doors.lake[article.slug.current])
    await t.running.lake.importNdjson(
      'production',
      refused.map((article) => JSON.stringify({...article, _id: article._id.replace(/^drafts\./, '')})).join('\n'),
      {mode: 'replace', enforce: false},
    )

    // The audit: its CLI on the lake, with the options as a file.
    const optionsFile = path.join(dir, `options-${Object.keys(given).length}.json`)
    writeFileSync(optionsFile, JSON.stringify(given))
    let stdout = ''
    await runAuditCli(['--lake', t.running.url, '--token', t.user('p-morgan').token, '--json', '--options', optionsFile, '--progress-every', '0'], {
      stdout: {write: (text: string) => (stdout += text)},
      stderr: {write: () => undefined},
      env: {},
    })
    const report = JSON.parse(stdout) as {editorCheck: string; articles: Array<{slug: string; status: string}>}
    expect(report.editorCheck).toBe('history')
    for (const result of report.articles) doors.audit[result.slug] = result.status === 'pass'

    // The site: the compliant-only GROQ, with parameters built from the options.
    const site = siteQueries(createLakeClient({url: t.running.url, token: t.user('p-morgan').token, dataset: 'production'}), {options: given})
    const compliant = await site.compliantArticleIds()
    for (const article of ARTICLES) doors.site[article.slug.current] = compliant.includes(article._id.replace(/^drafts\./, ''))
  } finally {
    await t.close()
  }
  return doors
}

const everyDoor = (verdicts: Verdicts): Doors => ({
  studioValidation: verdicts,
  studioPublish: verdicts,
  lake: verdicts,
  lakePublished: verdicts,
  audit: verdicts,
  site: verdicts,
})

describe('the four doors read the same options', () => {
  it('with changed options, every door passes the nurse-backed article and refuses the one approved by a default fact-checker', async () => {
    expect(await doorsWith(CHANGED)).toEqual(everyDoor({'article-nurse': true, 'article-checker': false}))
  })

  it('with the default options, every door gives the opposite verdicts', async () => {
    expect(await doorsWith({})).toEqual(everyDoor({'article-nurse': false, 'article-checker': true}))
  })

  it("takes the lake's roles from the options: editors record their own decisions, the fact-checker role may not", async () => {
    const dataDir = tempDir()
    writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify({users: USERS} satisfies UsersFile))
    const t = await startTestLake({dataDir, claimOptions: CHANGED})
    try {
      expect(t.running.lake.grantsFor('fact-checker')).toEqual([])
      await expect(t.client('p-tom').create(approval(NURSE_ARTICLE, TOM) as never)).resolves.toMatchObject({_id: 'factcheck-article-nurse-k1'})
      await expect(t.client('p-dana').create(approval(CHECKER_ARTICLE, DANA) as never)).rejects.toMatchObject({statusCode: 403})
      // Editors now verify credentials too; the default fact-checker does not.
      await t.client('p-morgan').create({...EXPERTS[1], credentials: [{...licence('registeredNurse'), verification: {status: 'unverified'}}]} as never)
      const verified = {status: 'verified', verifiedBy: 'p-tom', verifiedAt: '2026-11-01T00:00:00.000Z', evidence: 'Register'}
      await t.client('p-tom').patch('expert-nurse').set({'credentials[_key=="licence"].verification': verified}).commit()
      await expect(t.client('p-dana').patch('expert-nurse').set({name: 'Someone else'}).commit()).rejects.toMatchObject({statusCode: 403})
    } finally {
      await t.close()
    }
  })
})

describe("the Studio's validation knows who edited the article", () => {
  it("reads the history through the proxy Sanity gives validators, so an editor's own approval does not count", async () => {
    const dataDir = tempDir()
    writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify({users: USERS} satisfies UsersFile))
    const t = await startTestLake({dataDir, claimOptions: CHANGED})
    try {
      const options = resolveOptions(CHANGED)
      await t.client('p-morgan').transaction().create(EXPERTS[0] as never).create(EXPERTS[1] as never).create(CITATION).commit()
      // Tom (an editor, a fact-checker under these options) writes the article; his approval of it
      // is placed around the lake's API, as a hosted dataset may hold it.
      await t.client('p-tom').create(NURSE_ARTICLE as never)
      await t.running.lake.importNdjson('production', `${JSON.stringify(approval(NURSE_ARTICLE, TOM))}\n`, {mode: 'create', enforce: false})
      const tom = t.client('p-tom')
      const source = await studioSource(options, tom)
      const markers = await validateDocument({
        document: (await tom.getDocument(NURSE_ARTICLE._id)) as unknown as SanityDocument,
        workspace: {schema: source.schema, i18n: source.i18n, getClient: source.getClient} as never,
        getDocumentExists: async () => true,
        environment: 'studio',
      })
      const codes = (markers as Array<{code?: string; level: string}>).filter((m) => m.level === 'error').map((m) => m.code)
      expect(codes).toContain(`${VALIDATION_CODE_PREFIX}claim.approverEditedArticle`)
      expect(codes).not.toContain('validation.exception')
    } finally {
      await t.close()
    }
  })
})

describe('without options, every door reads medical-claims.options.ts', () => {
  it('the Studio, the lake, the audit and the site', async () => {
    const studio = await loadStudio([])
    expect(studio.source.tools.find((tool) => tool.name === 'fact-check')?.options).toBe(projectClaimOptions)

    const lakeDir = tempDir()
    const lake = new Lake(lakeDir, {policy: null, queries: 'in-process'})
    try {
      expect(lake.claimOptions).toBe(projectClaimOptions)
    } finally {
      lake.close()
      rmSync(lakeDir, {recursive: true, force: true})
    }

    const config = parseAuditArgs(['--file', 'export.ndjson'], {})
    expect(config !== 'help' && config.options).toBe(projectClaimOptions)

    const seen: Array<Record<string, unknown>> = []
    const client: QueryClient = {fetch: async (_query, params) => (seen.push(params), [])}
    const now = new Date('2026-11-24T12:00:00.000Z')
    await siteQueries(client, {now: () => now}).compliantArticleIds()
    expect(seen[0]).toEqual(complianceParams(projectClaimOptions, now))
  })
})

describe('bad options stop every door at start, saying how to fix them', () => {
  const bad = {factCheckerRoles: []}
  const howToFix = /factCheckerRoles must be a non-empty array[\s\S]*Fix them in/

  it('the Studio', () => {
    expect(() => medicalClaims(bad)).toThrow(MedicalClaimsOptionsError)
    expect(() => medicalClaims(bad)).toThrow(howToFix)
  })

  it('the lake', async () => {
    const dataDir = tempDir()
    try {
      await expect(startLake({port: 0, quiet: true, dataDir, claimOptions: bad})).rejects.toThrow(howToFix)
    } finally {
      rmSync(dataDir, {recursive: true, force: true})
    }
  })

  it('the audit', async () => {
    const file = path.join(dir, 'bad-options.json')
    writeFileSync(file, JSON.stringify(bad))
    let stderr = ''
    const code = await runAuditCli(['--file', 'export.ndjson', '--options', file], {stdout: {write: () => undefined}, stderr: {write: (text: string) => (stderr += text)}, env: {}})
    expect(code).toBe(2)
    expect(stderr).toMatch(howToFix)
    expect(stderr).toContain(`Fix them in ${file}`)
  })

  it('the site', async () => {
    const client: QueryClient = {fetch: async () => []}
    await expect(startSite({client, port: 0, options: bad})).rejects.toThrow(howToFix)
  })
})
