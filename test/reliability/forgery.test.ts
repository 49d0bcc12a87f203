/**
 * Forgery and bypass: an editor writing an approval, a fact-checker approving an article they
 * edited, approving then editing a claim, publishing a failing article through every API path, a
 * token for another dataset, an expired or unknown token. Every one is refused, nothing of it is
 * written, and the refusal is in the lake's refusal log (`/lake/audit`).
 * (test/lake/roles.test.ts and enforce.test.ts cover the single paths; this goes through them all.)
 */
import {connect} from 'node:http2'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startLake} from '../../lake/server.ts'
import type {UsersFile} from '../../lake/users.ts'
import {approvalFor, article, ARTICLE_ID, articleWithClaim, citation, EXPERT_ID, expertNamed, publishWorld, REVIEW_ID, reviewFor} from '../lake/fixtures.ts'
import {startTestLake, tempDir, type TestLake} from '../lake/helpers.ts'
import {type AuditEntry, refusals, writeUsers} from './helpers.ts'

let t: TestLake
let users: UsersFile
const SCOPED = 'scoped-token-for-the-other-dataset-0123456789'
const EXPIRED = 'expired-token-of-priya-000000000000000000000'
const LASTING = 'token-of-tom-valid-until-2099-0000000000000'

const token = (id: string) => {
  const u = users.users.find((x) => x.id === id)
  if (!u) throw new Error(`no user ${id}`)
  return u.token
}
const API = '/v2025-02-19'
const mutate = (who: string | null, mutations: unknown[], query = '') => t.request('POST', `${API}/data/mutate/production${query}`, {token: who === null ? null : token(who), body: {mutations}})
const actions = (who: string, list: unknown[]) => t.request('POST', `${API}/data/actions/production`, {token: token(who), body: {actions: list}})
const importFile = (who: string, docs: unknown[], mode = 'create') =>
  t.request('POST', `${API}/data/import/production?mode=${mode}`, {token: token(who), rawBody: docs.map((d) => JSON.stringify(d)).join('\n')})
const doc = async (id: string) => t.running.lake.dataset('production').docs.get(id) ?? null

/** The refusals logged since `mark` (a count of entries), oldest first. */
async function logSince(mark: number): Promise<AuditEntry[]> {
  const all = await refusals((m, p) => t.request(m, p, {token: token('p-morgan')}))
  return all.slice(0, all.length - mark).reverse()
}
async function logSize(): Promise<number> {
  return (await refusals((m, p) => t.request(m, p, {token: token('p-morgan')}))).length
}

/** Runs a refused write: checks the status and the error's type, that the log grew by exactly this refusal, and returns the entry. */
async function refused(
  send: () => Promise<{status: number; body: unknown}>,
  expected: {status: number; type?: string; user: string; reason: RegExp},
): Promise<AuditEntry> {
  const mark = await logSize()
  const res = await send()
  expect({status: res.status, body: res.body}).toMatchObject({status: expected.status, body: {statusCode: expected.status, ...(expected.type ? {error: {type: expected.type}} : {})}})
  const logged = await logSince(mark)
  expect(logged).toHaveLength(1)
  expect(logged[0]).toMatchObject({user: expected.user, status: expected.status, reason: expect.stringMatching(expected.reason)})
  return logged[0]
}

beforeAll(async () => {
  const dataDir = tempDir('reliability-forgery-')
  users = writeUsers(
    dataDir,
    [
      {id: 'p-morgan', role: 'administrator'},
      {id: 'p-priya', role: 'editor'},
      {id: 'p-tom', role: 'editor'},
      {id: 'p-sam', role: 'editor'},
      {id: 'p-dana', role: 'fact-checker'},
      {id: 'p-finn', role: 'fact-checker'},
      {id: 'p-val', role: 'viewer'},
      {id: 'p-gone', role: 'editor', expiresAt: '2021-01-01T00:00:00Z'},
    ],
    [
      {token: SCOPED, userId: 'p-priya', label: 'other dataset only', datasets: ['other']},
      {token: EXPIRED, userId: 'p-priya', label: 'expired', expiresAt: '2020-06-30T12:00:00Z'},
      {token: LASTING, userId: 'p-tom', label: 'long-lived', expiresAt: '2099-01-01T00:00:00Z'},
    ],
  )
  t = await startTestLake({dataDir})
  expect(t.running.enforcement).toBe(true)
  const admin = t.client('p-morgan')
  await publishWorld(admin as never, t.client('p-dana') as never, [
    expertNamed('expert-other', 'Dr. Other'),
    {...citation, _id: 'citation-other'},
  ])
  await admin.request({method: 'PUT', url: '/projects/localdev/datasets/other'})
})
afterAll(async () => {
  await t?.close()
})

describe('an editor writing an approval', () => {
  const own = (id: string) => ({...approvalFor(article), _id: id, checkedBy: {id: 'p-priya', name: 'Priya', roles: ['editor']}})
  const posing = (id: string) => ({...approvalFor(article), _id: id, checkedBy: {id: 'p-dana', name: 'Dana', roles: ['fact-checker']}})
  const existing = approvalFor(article)

  it.each([
    ['create, as herself', () => mutate('p-priya', [{create: own('fc-priya-1')}])],
    ['create, posing as the fact-checker', () => mutate('p-priya', [{create: posing('fc-priya-2')}])],
    ['createOrReplace of an existing approval', () => mutate('p-priya', [{createOrReplace: {...existing, note: 'rewritten'}}])],
    ['createIfNotExists', () => mutate('p-priya', [{createIfNotExists: posing('fc-priya-3')}])],
    ['patch of an existing approval', () => mutate('p-priya', [{patch: {id: existing._id, set: {checkedAt: '2030-01-01T00:00:00Z'}}}])],
    ['patch by query', () => mutate('p-priya', [{patch: {query: '*[_type == "factCheck.approval"]', set: {note: 'x'}}}])],
    ['delete of an approval', () => mutate('p-priya', [{delete: {id: existing._id}}])],
    ['inside a transaction with an allowed write', () => mutate('p-priya', [{create: {_id: 'drafts.note-ok', _type: 'post'}}, {create: posing('fc-priya-4')}])],
    ['as a draft through the actions API', () => actions('p-priya', [{actionType: 'sanity.action.document.create', publishedId: 'fc-priya-5', attributes: {...posing('drafts.fc-priya-5'), _id: 'drafts.fc-priya-5'}}])],
    ['through the import endpoint', () => importFile('p-priya', [posing('fc-priya-6')])],
    ['through the import endpoint, replacing', () => importFile('p-priya', [{...existing, note: 'replaced'}], 'replace')],
  ])('%s: 403, nothing written, logged', async (_name, send) => {
    const before = await doc(existing._id)
    await refused(send, {status: 403, type: 'permissionDenied', user: 'p-priya', reason: /^Permission denied\. You are signed in as p-priya, an editor(\. .*(may not (create|delete)|only they may change)|, but ".*" names "p-dana" in checkedBy\.id: a fact-check decision is recorded in the name of the user who writes it)/})
    expect(await doc(existing._id)).toEqual(before)
    for (const id of ['fc-priya-1', 'fc-priya-2', 'fc-priya-3', 'fc-priya-4', 'drafts.fc-priya-5', 'fc-priya-6', 'drafts.note-ok']) expect(await doc(id)).toBeNull()
  })

  it('a fact-checker may not write one in another checker\'s name, nor claim a role they lack', async () => {
    await refused(() => mutate('p-dana', [{create: {...approvalFor(article), _id: 'fc-as-finn', checkedBy: {id: 'p-finn', name: 'Finn', roles: ['fact-checker']}}}]), {
      status: 403,
      user: 'p-dana',
      reason: /You are signed in as p-dana, a fact-checker, but "fc-as-finn" names "p-finn" in checkedBy\.id: a fact-check decision is recorded in the name of the user who writes it/,
    })
    await refused(() => mutate('p-dana', [{create: {...approvalFor(article), _id: 'fc-admin', checkedBy: {id: 'p-dana', name: 'Dana', roles: ['fact-checker', 'administrator']}}}]), {
      status: 403,
      user: 'p-dana',
      reason: /lists the role "administrator", which you do not hold/,
    })
  })
})

describe('a fact-checker approving an article they edited', () => {
  const samArticle = articleWithClaim('drafts.article-sam', 'Azelaic acid fades dark spots.')
  const samApproval = (id: string) => ({...approvalFor(samArticle), _id: id, checkedBy: {id: 'p-sam', name: 'Sam', roles: ['fact-checker']}})

  it('Sam edits as an editor, becomes a fact-checker, and may not approve that article (any path); Dana may', async () => {
    const sam = t.client('p-sam')
    await sam.create(samArticle)
    await sam.patch(ARTICLE_ID).set({publishedAt: '2026-11-30T09:00:00.000Z'}).commit()
    // Sam becomes a fact-checker.
    const file = path.join(t.dataDir, 'users.json')
    const content = JSON.parse(readFileSync(file, 'utf8')) as UsersFile
    for (const u of content.users) if (u.id === 'p-sam') u.role = 'fact-checker'
    writeFileSync(file, JSON.stringify(content, null, 2))
    await t.restart()

    const reason = /signed in as p-sam, a fact-checker\. You edited "article-sam" .*, so another fact-checker must check its claims/
    await refused(() => mutate('p-sam', [{create: samApproval('fc-sam-1')}]), {status: 403, type: 'permissionDenied', user: 'p-sam', reason})
    await refused(() => mutate('p-sam', [{createOrReplace: samApproval('fc-sam-2')}]), {status: 403, user: 'p-sam', reason})
    await refused(() => importFile('p-sam', [samApproval('fc-sam-3')]), {status: 403, user: 'p-sam', reason})
    // The published article Sam edited (its published document, not a draft).
    await refused(() => mutate('p-sam', [{create: {...approvalFor(article), _id: 'fc-sam-4', checkedBy: {id: 'p-sam', name: 'Sam', roles: ['fact-checker']}}}]), {
      status: 403,
      user: 'p-sam',
      reason: /You edited "article-good"/,
    })
    // Not even an administrator may record Sam's approval of it: a decision is only ever in its writer's name.
    await refused(() => mutate('p-morgan', [{create: samApproval('fc-sam-5')}]), {status: 403, user: 'p-morgan', reason: /You are signed in as p-morgan, an administrator, but "fc-sam-5" names "p-sam"/})
    for (const id of ['fc-sam-1', 'fc-sam-2', 'fc-sam-3', 'fc-sam-4', 'fc-sam-5']) expect(await doc(id)).toBeNull()

    // Another fact-checker approves; the editor publishes.
    const res = await mutate('p-dana', [{create: {...approvalFor(samArticle), _id: 'fc-dana-sam'}}, {create: {...reviewFor(samArticle), checkedBy: undefined}}])
    expect(res.status).toBe(200)
    const published = await actions('p-priya', [{actionType: 'sanity.action.document.publish', draftId: 'drafts.article-sam', publishedId: 'article-sam'}])
    expect(published.status).toBe(200)
  })
})

describe('approving, then editing the claim', () => {
  const changedText = () => {
    const changed = structuredClone(article) as typeof article & {body: Array<{children: Array<{text: string}>}>}
    changed.body[0].children[0].text = 'Retinol erases every wrinkle.'
    return changed
  }
  const textPath = 'body[_key=="b1"].children[_key=="s1"].text'

  it.each([
    ['patch of the claim text on the published article', 'p-priya', () => mutate('p-priya', [{patch: {id: ARTICLE_ID, set: {[textPath]: 'Retinol erases every wrinkle.'}}}])],
    ['patch of the claim expert', 'p-priya', () => mutate('p-priya', [{patch: {id: ARTICLE_ID, set: {'body[_key=="b1"].markDefs[_key=="claim-1"].expert': {_type: 'reference', _ref: 'expert-other'}}}}])],
    ['patch of the claim citations', 'p-tom', () => mutate('p-tom', [{patch: {id: ARTICLE_ID, set: {'body[_key=="b1"].markDefs[_key=="claim-1"].citations': [{_type: 'reference', _ref: 'citation-other', _key: 'c1'}]}}}])],
    ['createOrReplace with the new text', 'p-tom', () => mutate('p-tom', [{createOrReplace: changedText()}])],
    ['import, replacing', 'p-priya', () => importFile('p-priya', [changedText()], 'replace')],
    ['edit of the draft, then publish', 'p-priya', async () => {
      const edit = await actions('p-priya', [{actionType: 'sanity.action.document.edit', draftId: `drafts.${ARTICLE_ID}`, publishedId: ARTICLE_ID, patch: {set: {[textPath]: 'Retinol erases every wrinkle.'}}}])
      expect(edit.status).toBe(200)
      return actions('p-priya', [{actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE_ID}`, publishedId: ARTICLE_ID}])
    }],
  ])('%s: 409 (the approval is for the old claim), nothing written, logged', async (_name, user, send) => {
    const before = await doc(ARTICLE_ID)
    const entry = await refused(send, {status: 409, type: 'publishRulesViolation', user, reason: /Refused by the publish rules/})
    expect(entry.reason).toMatch(/changed after (Dana|p-dana)[^.]* approved it .*needs a fresh approval/)
    expect(await doc(ARTICLE_ID)).toEqual(before)
    await t.request('POST', `${API}/data/actions/production`, {token: token('p-morgan'), body: {actions: [{actionType: 'sanity.action.document.discard', draftId: `drafts.${ARTICLE_ID}`}]}})
  })
})

describe('publishing a failing article through every API path', () => {
  const failing = articleWithClaim('article-bad', 'Collagen drinks reverse ageing.') // no approval
  const draft = {...failing, _id: 'drafts.article-bad'}

  beforeAll(async () => {
    expect((await mutate('p-priya', [{createOrReplace: draft}])).status).toBe(200)
  })

  const paths: Array<[string, string, () => Promise<{status: number; body: unknown}>]> = [
    ['actions: publish the draft', 'p-priya', () => actions('p-priya', [{actionType: 'sanity.action.document.publish', draftId: 'drafts.article-bad', publishedId: 'article-bad'}])],
    ['mutate: create', 'p-priya', () => mutate('p-priya', [{create: failing}])],
    ['mutate: createOrReplace', 'p-tom', () => mutate('p-tom', [{createOrReplace: failing}])],
    ['mutate: createIfNotExists', 'p-tom', () => mutate('p-tom', [{createIfNotExists: failing}])],
    ['mutate: a hand-made publish (copy the draft, delete it)', 'p-priya', () => mutate('p-priya', [{createOrReplace: failing}, {delete: {id: 'drafts.article-bad'}}])],
    ['mutate: dryRun', 'p-priya', () => mutate('p-priya', [{create: failing}], '?dryRun=true')],
    ['mutate: returnDocuments', 'p-priya', () => mutate('p-priya', [{create: failing}], '?returnDocuments=true&returnIds=true')],
    ['mutate: patch of a published article by id', 'p-priya', () => mutate('p-priya', [{patch: {id: ARTICLE_ID, set: {title: 'Retinol cures everything'}}}])],
    ['mutate: deleting the medical review it needs', 'p-dana', () => mutate('p-dana', [{delete: {id: REVIEW_ID}}])],
    ['mutate: patch by query', 'p-priya', () => mutate('p-priya', [{patch: {query: `*[_id == "${ARTICLE_ID}"]`, unset: ['body[0].markDefs[0].expert']}}])],
    // Its author (administrators may not touch another user's decision at all: 403).
    ['mutate: deleting the approval it needs', 'p-dana', () => mutate('p-dana', [{delete: {id: approvalFor(article)._id}}])],
    ['mutate: deleting the expert it cites', 'p-morgan', () => mutate('p-morgan', [{delete: {id: EXPERT_ID}}])],
    ['mutate: as an administrator', 'p-morgan', () => mutate('p-morgan', [{create: failing}])],
    ['import: create', 'p-priya', () => importFile('p-priya', [failing])],
    ['import: replace', 'p-morgan', () => importFile('p-morgan', [{...article, body: failing.body}], 'replace')],
    ['another API version prefix (/vX)', 'p-priya', () => t.request('POST', '/vX/data/mutate/production', {token: token('p-priya'), body: {mutations: [{create: failing}]}})],
    ['no API version prefix', 'p-priya', () => t.request('POST', '/data/mutate/production', {token: token('p-priya'), body: {mutations: [{create: failing}]}})],
    ['a long-lived extra token', 'p-tom', () => t.request('POST', `${API}/data/mutate/production`, {token: LASTING, body: {mutations: [{create: failing}]}})],
    ['over HTTP/2', 'p-priya', () => http2Post(`${API}/data/mutate/production`, token('p-priya'), {mutations: [{create: failing}]})],
  ]

  it.each(paths)('%s: 409, nothing written, logged', async (_name, user, send) => {
    const good = await doc(ARTICLE_ID)
    await refused(send, {status: 409, type: 'publishRulesViolation', user, reason: /Refused by the publish rules/})
    expect(await doc('article-bad')).toBeNull()
    expect(await doc('drafts.article-bad')).not.toBeNull()
    expect(await doc(ARTICLE_ID)).toEqual(good)
  })

  it('the actions that only write drafts and versions cannot name the published id', async () => {
    for (const action of [
      {actionType: 'sanity.action.document.create', publishedId: 'article-bad', attributes: {...failing}},
      {actionType: 'sanity.action.document.replaceDraft', publishedId: 'article-bad', attributes: {...failing}},
      {actionType: 'sanity.action.document.version.replace', document: {...failing}},
      {actionType: 'sanity.action.document.version.create', publishedId: 'article-bad', document: {...failing}},
      {actionType: 'sanity.action.document.edit', publishedId: 'article-bad', draftId: 'article-bad', patch: {set: {title: 'x'}}},
    ]) {
      const res = await actions('p-priya', [action])
      expect(res.status).toBe(400)
      expect(await doc('article-bad')).toBeNull()
    }
  })
})

describe('tokens', () => {
  const endpoints: Array<[string, string, unknown?]> = [
    ['GET', `${API}/data/query/production?query=count(*)`],
    ['POST', `${API}/data/query/production`, {query: 'count(*)'}],
    ['GET', `${API}/data/doc/production/${ARTICLE_ID}`],
    ['POST', `${API}/data/mutate/production`, {mutations: [{create: {_type: 'post'}}]}],
    ['POST', `${API}/data/actions/production`, {actions: [{actionType: 'sanity.action.document.create', publishedId: 'p1', attributes: {_type: 'post'}}]}],
    ['POST', `${API}/data/import/production`, undefined],
    ['GET', `${API}/data/export/production`],
    ['GET', `${API}/data/listen/production?query=*`],
    ['GET', `${API}/data/history/production/transactions/${ARTICLE_ID}`],
    ['GET', `${API}/data/history/production/documents/${ARTICLE_ID}`],
    ['GET', '/v1/projects/localdev/datasets/production/acl'],
  ]
  const send = (method: string, url: string, body: unknown, tok: string | null) =>
    url.includes('/import/') ? t.request(method, url, {token: tok, rawBody: '{"_id":"imp-x","_type":"post"}'}) : t.request(method, url, {token: tok, body})

  it.each(endpoints)('a token for another dataset: %s %s -> 403, logged', async (method, url, body) => {
    await refused(() => send(method, url, body, SCOPED), {status: 403, type: 'permissionDenied', user: 'p-priya', reason: /may not access dataset "production"/})
  })

  it('the same token works on its own dataset', async () => {
    expect((await t.request('GET', `${API}/data/query/other?query=count(*)`, {token: SCOPED})).status).toBe(200)
    expect((await t.request('POST', `${API}/data/mutate/other`, {token: SCOPED, body: {mutations: [{create: {_id: 'in-other', _type: 'post'}}]}})).status).toBe(200)
  })

  it.each(endpoints)('an expired token: %s %s -> 401 saying it expired, logged', async (method, url, body) => {
    const entry = await refused(() => send(method, url, body, EXPIRED), {status: 401, type: 'unauthorizedError', user: 'anonymous', reason: /token of p-priya expired at 2020-06-30T12:00:00.000Z/})
    expect(entry.status).toBe(401)
  })

  it('a user whose own token expired is refused too; its other users are not', async () => {
    await refused(() => t.request('GET', '/v1/users/me', {token: token('p-gone')}), {status: 401, user: 'anonymous', reason: /token of p-gone expired/})
    expect((await t.request('GET', '/v1/users/me', {token: LASTING})).body).toMatchObject({id: 'p-tom'})
    expect((await t.request('GET', '/v1/users/me', {token: token('p-priya')})).body).toMatchObject({id: 'p-priya'})
  })

  it.each([
    ['an unknown token', 'unknown-token-unknown-token-unknown-token-00', /unknown token/],
    ['no token', null, /no token/],
  ])('%s -> 401 on every endpoint, logged', async (_name, tok, reason) => {
    for (const [method, url, body] of endpoints) await refused(() => send(method, url, body, tok), {status: 401, user: 'anonymous', reason})
  })

  it('a malformed Authorization header is no token', async () => {
    for (const header of ['Basic cDpx', 'Bearer', `Bearer ${token('p-morgan')} extra`, `bearer\t${'x'.repeat(10_000)}`]) {
      const res = await t.request('GET', `${API}/data/query/production?query=count(*)`, {token: null, headers: {authorization: header}})
      expect(res.status).toBe(401)
    }
  })

  it('users.json with an unreadable expiresAt stops the lake with a message that says how to fix it', async () => {
    const dataDir = tempDir('reliability-users-')
    writeUsers(dataDir, [{id: 'p-morgan', role: 'administrator', expiresAt: 'next tuesday'}])
    await expect(startLake({port: 0, dataDir, quiet: true, policy: null})).rejects.toThrow(/users\[0\]\.expiresAt must be an ISO date-time/)
  })
})

/** A POST over HTTP/2 (the other clients here speak HTTP/1.1). */
function http2Post(pathname: string, bearer: string, body: unknown): Promise<{status: number; body: unknown}> {
  return new Promise((resolve, reject) => {
    const session = connect(t.running.url, {ca: t.running.cert})
    session.on('error', reject)
    const req = session.request({':method': 'POST', ':path': pathname, authorization: `Bearer ${bearer}`, 'content-type': 'application/json'})
    let text = ''
    let status = 0
    req.on('response', (headers) => (status = Number(headers[':status'])))
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (text += chunk))
    req.on('end', () => {
      session.close()
      resolve({status, body: JSON.parse(text) as unknown})
    })
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}
