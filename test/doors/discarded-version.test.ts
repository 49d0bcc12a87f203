/**
 * An administrator works on an article in a release, discards that version, archives the release,
 * and then approves the article's claim. The version is gone from the dataset, but its history
 * still names them: they edited the article, so their approval counts at no door. The lake refuses
 * the publish; with the article published around it (as a hosted dataset may hold it), the audit,
 * the hosted guard's judging and the Studio's rules each find the approver among the editors,
 * having learnt the release from the releases the dataset keeps (rules/editors.ts).
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {runAuditCli} from '../../audit/cli.ts'
import {judgePublished} from '../../guard/judge.ts'
import {loadPolicyInput} from '../../plugins/medical-claims/data.ts'
import {getDraftId, getVersionId} from '../../plugins/medical-claims/rules/ids.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {approvalFor, articleWithClaim, citation, expert, reviewFor, reviewerExpert} from '../lake/fixtures.ts'
import {startTestLake, type TestLake} from '../lake/helpers.ts'

const ID = 'article-spring-edit'
const RELEASE = 'rSpringEdit'
const MORGAN = {id: 'p-morgan', name: 'Morgan', roles: ['administrator']}
const EDITED = 'claim.approverEditedArticle'
// Administrators fact-check too here, so the approval fails for the edit alone.
const GIVEN = {factCheckerRoles: ['fact-checker', 'administrator']}
const options = resolveOptions(GIVEN)

let t: TestLake
let admin: SanityClient
const doc = articleWithClaim(ID, 'Peptides support collagen.')

beforeAll(async () => {
  t = await startTestLake({claimOptions: GIVEN})
  admin = t.client('p-morgan')
  const priya = t.client('p-priya')
  await admin.transaction().createIfNotExists(expert as never).createIfNotExists(reviewerExpert as never).createIfNotExists(citation as never).commit()
  await priya.create({...doc, _id: getDraftId(ID)} as never)
  // Morgan edits the article in a release, then discards the version and archives the release.
  await admin.action({actionType: 'sanity.action.release.create', releaseId: RELEASE, metadata: {title: 'Spring edit', releaseType: 'asap'}} as never)
  await admin.action({actionType: 'sanity.action.document.create', publishedId: ID, attributes: {...doc, title: 'Spring title', _id: getVersionId(ID, RELEASE)}, ifExists: 'fail'} as never)
  await admin.action({actionType: 'sanity.action.document.version.discard', versionId: getVersionId(ID, RELEASE)} as never)
  await admin.action({actionType: 'sanity.action.release.archive', releaseId: RELEASE} as never)
  expect(await admin.getDocument(getVersionId(ID, RELEASE))).toBeUndefined()
  // Morgan's approval cannot be written through the lake (he edited the article); it is placed around it, as a hosted dataset may hold it.
  await t.running.lake.importNdjson('production', `${JSON.stringify(approvalFor(doc, MORGAN))}\n`, {mode: 'create', enforce: false})
  await t.client('p-dana').create(reviewFor(doc) as never)
}, 60_000)
afterAll(async () => {
  await t?.close()
})

describe("an approver who edited a release version since discarded is the article's editor at every door", () => {
  it('the lake refuses the publish, saying the approver edited the article', async () => {
    const refusal = await t
      .client('p-priya')
      .action({actionType: 'sanity.action.document.publish', draftId: getDraftId(ID), publishedId: ID} as never)
      .then(() => null, (error: {statusCode?: number; message?: string; details?: {type?: string}}) => error)
    expect(refusal).toMatchObject({statusCode: 409, details: {type: 'publishRulesViolation'}})
    expect(await admin.getDocument(ID)).toBeUndefined()
  })

  it("the Studio's rules read the release's version from the history and hold the claim back", async () => {
    const draft = (await admin.getDocument(getDraftId(ID))) as unknown as ArticleDoc
    const input = await loadPolicyInput(t.client('p-priya') as never, draft, new Date(), options)
    expect(input.editors).toContain('p-morgan')
    const verdict = evaluateArticle(input)
    expect(verdict.publishable).toBe(false)
    expect(verdict.claims[0].issues.map((issue) => issue.code)).toEqual([EDITED])
  })

  describe('published around the lake', () => {
    beforeAll(async () => {
      await t.running.lake.importNdjson('production', `${JSON.stringify(doc)}\n`, {mode: 'replace', enforce: false})
    })

    it('the audit fails the article: its approver edited it', async () => {
      const optionsFile = path.join(t.dataDir, 'claim-options.json')
      writeFileSync(optionsFile, JSON.stringify(GIVEN))
      let stdout = ''
      await runAuditCli(['--lake', t.running.url, '--token', t.user('p-morgan').token, '--json', '--options', optionsFile, '--progress-every', '0'], {
        stdout: {write: (text: string) => (stdout += text)},
        stderr: {write: () => undefined},
        env: {},
      })
      const report = JSON.parse(stdout) as {editorCheck: string; articles: Array<{id: string; status: string; issues: Array<{code: string}>}>}
      expect(report.editorCheck).toBe('history')
      const result = report.articles.find((article) => article.id === ID)
      expect(result).toMatchObject({status: 'fail'})
      expect(result!.issues.map((issue) => issue.code)).toEqual([EDITED])
    })

    it("the hosted guard's judging fails it too", async () => {
      const [result] = await judgePublished(admin as never, [ID], {now: new Date(), options, trustedAuthors: ['system']})
      expect(result).toMatchObject({id: ID, status: 'fail'})
      expect(result.issues.map((issue) => issue.code)).toEqual([EDITED])
    })
  })
})
