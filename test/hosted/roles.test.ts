/**
 * The custom roles of the hosted kit (roles/definitions.ts), applied with `npm run roles` through
 * the Access API of the lake in its hosted-like mode, as on an Enterprise project: then no member
 * but the guard's robot can put a non-compliant article on the site, and the guard still withdraws
 * what a correction breaks. Each refusal is checked in the state afterwards, not only its status.
 */
import {spawn} from 'node:child_process'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {WITHDRAWAL_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {ARTICLE_ID, approvalFor, articleWithClaim, reviewFor, expert} from '../lake/fixtures.ts'
import {ROOT, type TestLake} from '../lake/helpers.ts'
import {startHostedWorld} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let priya: SanityClient
let dana: SanityClient

function roles(args: string[]): Promise<{code: number | null; output: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'roles.ts'), '--api-host', t.running.url, ...args], {
      cwd: ROOT,
      env: {...process.env, SANITY_AUTH_TOKEN: t.user('administrator').token, SANITY_STUDIO_PROJECT_ID: ''},
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('exit', (code) => resolve({code, output}))
  })
}

async function refused(promise: Promise<unknown>): Promise<{statusCode: number; message: string}> {
  return (await promise.then(
    () => {
      throw new Error('expected the write to be refused')
    },
    (e: unknown) => e,
  )) as {statusCode: number; message: string}
}

const MEMBERS = ['--member', 'p-priya=vouched-editor', '--member', 'p-tom=vouched-editor', '--member', 'p-dana=vouched-fact-checker']

beforeAll(async () => {
  ;({t, admin, priya, dana} = await startHostedWorld())
}, 60_000)
afterAll(async () => {
  await t?.close()
})

describe('npm run roles', () => {
  it('prints what it would do, and does nothing without --apply', async () => {
    const {code, output} = await roles(MEMBERS)
    expect(code).toBe(0)
    expect(output).toContain('Would apply (run with --apply to do it) to the project localdev:')
    expect(output).toContain('create the role "vouched-editor"')
    expect(output).toContain('take the role "editor" away from p-priya')
    const listed = await t.request('GET', '/v2025-07-11/access/project/localdev/roles')
    expect((listed.body as Array<{name: string}>).map((r) => r.name)).toEqual(['administrator', 'editor', 'viewer'])
  }, 60_000)

  it('applies the roles, then finds nothing left to do', async () => {
    const applied = await roles([...MEMBERS, '--apply'])
    expect(applied.code).toBe(0)
    expect(applied.output).toContain('done: give p-priya the role "vouched-editor"')
    const held = await t.request('GET', '/v2025-07-11/access/project/localdev/users/p-priya/roles')
    expect(held.body).toEqual([{name: 'vouched-editor'}])
    const again = await roles([...MEMBERS, '--apply'])
    expect(again.output).toContain('has the Vouched roles already; nothing to do')
  }, 60_000)

  it('refuses a member or a role it does not know, saying what it takes', async () => {
    const {code, output} = await roles(['--member', 'p-priya=editor-in-chief'])
    expect(code).toBe(1)
    expect(output).toContain('"editor-in-chief" is not a role of the kit (vouched-editor, vouched-fact-checker)')
    const malformed = await roles(['--member', 'p-priya'])
    expect(malformed.output).toContain('--member takes <userId>=<role>')
  }, 60_000)
})

describe('with the roles applied, nothing non-compliant is published', () => {
  it('an editor cannot publish an article, raw or through the Actions API, nor put it in a release that publishes', async () => {
    const bad = articleWithClaim('article-editor', 'Retinol reduces fine lines.')
    expect((await refused(priya.createOrReplace(bad as never))).statusCode).toBe(403)
    await priya.create({...bad, _id: 'drafts.article-editor'} as never)
    const publish = await refused(priya.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-editor', publishedId: 'article-editor'} as never))
    expect(publish.statusCode).toBe(403)
    expect(publish.message).toContain('a published document')
    await priya.action({actionType: 'sanity.action.release.create', releaseId: 'rEditor', metadata: {title: 'Mine', releaseType: 'asap'}} as never)
    await priya.action({actionType: 'sanity.action.document.create', publishedId: bad._id, attributes: {...bad, _id: `versions.rEditor.${bad._id}`}, ifExists: 'fail'} as never)
    expect((await refused(priya.action({actionType: 'sanity.action.release.publish', releaseId: 'rEditor'} as never))).statusCode).toBe(403)
    expect(await admin.getDocument('article-editor')).toBeUndefined()
    expect(await admin.getDocument('drafts.article-editor')).toBeDefined()
  })

  it('an editor cannot edit a published article, nor record a decision, nor verify a credential', async () => {
    expect((await refused(priya.patch(ARTICLE_ID).set({title: 'Changed'}).commit())).statusCode).toBe(403)
    expect((await refused(priya.create({...approvalFor(articleWithClaim('article-editor')), _id: 'factcheck-by-editor'} as never))).statusCode).toBe(403)
    expect((await refused(priya.patch(expert._id).set({'credentials[_key=="lic"].verification.status': 'verified'}).commit())).statusCode).toBe(403)
    expect(await admin.getDocument(ARTICLE_ID)).toMatchObject({title: `Article ${ARTICLE_ID}`})
    expect(await admin.getDocument('factcheck-by-editor')).toBeUndefined()
  })

  it('a fact-checker records decisions in its own name only, and cannot publish articles', async () => {
    const doc = articleWithClaim('article-editor', 'Retinol reduces fine lines.')
    const forged = {...approvalFor(doc, {id: 'p-sam', name: 'Sam', roles: ['medical-reviewer']}), _id: 'factcheck-in-sams-name'}
    expect((await refused(dana.create(forged as never))).statusCode).toBe(403)
    await dana.create(approvalFor(doc) as never)
    await dana.create(reviewFor(doc) as never)
    expect((await refused(dana.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.article-editor', publishedId: 'article-editor'} as never))).statusCode).toBe(403)
    expect(await admin.getDocument('factcheck-in-sams-name')).toBeUndefined()
    expect(await admin.getDocument('article-editor')).toBeUndefined()
  })

  it("the guard's robot, holding only its own role, still withdraws what a correction breaks", async () => {
    await dana.patch(expert._id).set({'credentials[_key=="lic"].verification.status': 'revoked'}).commit()
    await t.running.functions!.idle()
    expect(t.running.functions!.runs.filter((r) => !r.ok)).toEqual([])
    expect(await admin.getDocument(ARTICLE_ID)).toBeUndefined()
    expect(await admin.getDocument(`drafts.${ARTICLE_ID}`)).toBeDefined()
    const [record] = await admin.fetch<Array<{cause: {author: string}; reasons: Array<{code: string}>}>>(`*[_type == "${WITHDRAWAL_TYPE}" && article._ref == $id]`, {id: ARTICLE_ID})
    expect(record.reasons.map((r) => r.code)).toContain('expert.credentialRevoked')
    // Written by the robot, as the history says.
    const history = await t.request('GET', `/v2025-02-19/data/history/production/transactions/${ARTICLE_ID}?excludeContent=true`)
    expect(history.text).toContain('robot-vouched-guard-robot')
  })
})
