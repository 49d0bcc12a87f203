/** Authentication, roles and dataset scopes; the ACL the Studio reads agrees with what the lake enforces. */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {grantsPermissionOn} from 'sanity'
import {checkWrite, grantsForRole} from '../../lake/permissions.ts'
import {knownRoles, loadOrCreateUsers, randomToken, type LakeUser, type UsersFile} from '../../lake/users.ts'
import {startTestLake, tempDir, type TestLake} from './helpers.ts'

let t: TestLake
const scopedToken = randomToken(40)

const approval = (id: string, checkerId: string, roles = ['fact-checker']) => ({
  _id: id,
  _type: 'factCheck.approval',
  article: {_type: 'reference', _ref: 'some-article', _weak: true},
  claimKey: 'claim-1',
  fingerprint: 'fp',
  checkedBy: {id: checkerId, name: checkerId, roles},
  checkedAt: '2026-01-01T00:00:00.000Z',
})

const expert = {
  _id: 'expert-x',
  _type: 'expert',
  name: 'Dr. X',
  bio: 'Bio',
  credentials: [{_key: 'lic', _type: 'credential', kind: 'licence', profession: 'physician', issuer: 'us-state-medical-board', verification: {status: 'unverified'}}],
}

beforeAll(async () => {
  const dataDir = tempDir()
  const users: UsersFile = {
    users: [
      {id: 'p-morgan', name: 'Morgan', email: 'm@example.test', role: 'administrator', token: randomToken(40)},
      {id: 'p-priya', name: 'Priya', email: 'p@example.test', role: 'editor', token: randomToken(40)},
      {id: 'p-dana', name: 'Dana', email: 'd@example.test', role: 'fact-checker', token: randomToken(40)},
      {id: 'p-finn', name: 'Finn', email: 'f@example.test', role: 'fact-checker', token: randomToken(40)},
      {id: 'p-val', name: 'Val', email: 'v@example.test', role: 'viewer', token: randomToken(40)},
    ],
    tokens: [{token: scopedToken, userId: 'p-priya', label: 'other dataset only', datasets: ['other']}],
  }
  writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify(users))
  t = await startTestLake({dataDir, policy: null})
  const admin = t.client('p-morgan')
  await admin.transaction().create({_id: 'article-1', _type: 'article', title: 'A'}).create(expert).commit()
})
afterAll(async () => {
  await t?.close()
})

const c = (id: string): SanityClient => t.client(id)

describe('authentication', () => {
  it('answers 401 without a token or with an unknown one, in the error shape', async () => {
    for (const token of [null, 'not-a-real-token-not-a-real-token-123']) {
      for (const url of ['/v1/users/me', '/v2025-02-19/data/query/production?query=*', '/v1/projects/localdev']) {
        const res = await t.request('GET', url, {token})
        expect(res.status).toBe(401)
        expect(res.body).toMatchObject({error: {type: 'unauthorizedError', description: expect.stringContaining('Unauthorized')}, statusCode: 401})
      }
    }
    expect((await t.request('GET', '/v1/ping', {token: null})).status).toBe(200)
    expect((await t.request('GET', '/v1/auth/providers', {token: null})).body).toMatchObject({providers: []})
  })

  it('answers preflights and reflects localhost origins only', async () => {
    const pre = await t.request('OPTIONS', '/v1/data/query/production', {
      token: null,
      headers: {origin: 'http://localhost:3333', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type'},
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:3333')
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true')
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization')
    const foreign = await t.request('GET', '/v1/ping', {token: null, headers: {origin: 'https://evil.example'}})
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('tells the Studio who is signed in, with roles', async () => {
    expect(await c('p-dana').request({url: '/users/me'})).toMatchObject({id: 'p-dana', role: 'fact-checker', roles: [{name: 'fact-checker'}]})
    const project = await c('p-priya').request<{members: Array<{id: string; role: string}>}>({url: '/projects/localdev'})
    expect(project.members.map((m) => m.id)).toContain('p-val')
    expect(await c('p-priya').request({url: '/projects/localdev/datasets'})).toEqual([expect.objectContaining({name: 'production', aclMode: 'public'})])
  })
})

describe('dataset scope of a token', () => {
  it('refuses production (403) but serves the dataset it names', async () => {
    await c('p-morgan').request({method: 'PUT', url: '/projects/localdev/datasets/other'})
    const prod = await t.request('GET', '/v1/data/query/production?query=count(*)', {token: scopedToken})
    expect(prod.status).toBe(403)
    expect(prod.body).toMatchObject({error: {type: 'permissionDenied'}})
    const other = await t.request('GET', '/v1/data/query/other?query=count(*)', {token: scopedToken})
    expect(other.status).toBe(200)
  })
})

describe('roles', () => {
  it('editor: content yes, fact-check decisions no (403, audited)', async () => {
    await c('p-priya').create({_id: 'drafts.post-e', _type: 'post', title: 'ok'})
    await expect(c('p-priya').create(approval('fc-by-editor', 'p-priya', ['editor']))).rejects.toMatchObject({
      statusCode: 403,
      message: expect.stringContaining('may not create'),
    })
    const audit = await c('p-morgan').request<Array<{user: string; status: number; endpoint: string}>>({url: '/lake/audit'})
    expect(audit[0]).toMatchObject({user: 'p-priya', status: 403, endpoint: '/data/mutate/production'})
  })

  it('fact-checker: own decisions yes; others\' decisions, foreign roles and articles no', async () => {
    const dana = c('p-dana')
    await dana.create(approval('fc-dana', 'p-dana'))
    await expect(dana.create(approval('fc-finn', 'p-finn'))).rejects.toMatchObject({statusCode: 403})
    await expect(dana.create(approval('fc-admin-role', 'p-dana', ['fact-checker', 'administrator']))).rejects.toMatchObject({statusCode: 403})
    await expect(c('p-finn').patch('fc-dana').set({note: 'hijack'}).commit()).rejects.toMatchObject({statusCode: 403})
    await expect(
      dana.action({actionType: 'sanity.action.document.edit', draftId: 'drafts.article-1', publishedId: 'article-1', patch: {set: {title: 'Changed by a fact-checker'}}}),
    ).rejects.toMatchObject({statusCode: 403})
    expect(await c('p-morgan').getDocument('drafts.article-1')).toBeUndefined()
  })

  it('fact-checker: expert credential verification only', async () => {
    const dana = c('p-dana')
    await dana.patch('expert-x').set({'credentials[_key=="lic"].verification': {status: 'verified', verifiedBy: 'Dana', verifiedAt: '2026-11-01T00:00:00Z'}}).commit()
    await expect(dana.patch('expert-x').set({name: 'Dr. Y'}).commit()).rejects.toMatchObject({statusCode: 403})
    // Through the Studio's path: draft from the published expert, then publish.
    await dana.action({
      actionType: 'sanity.action.document.edit',
      draftId: 'drafts.expert-x',
      publishedId: 'expert-x',
      patch: {set: {'credentials[_key=="lic"].verification.evidence': 'Register lookup'}},
    })
    await dana.action({actionType: 'sanity.action.document.publish', draftId: 'drafts.expert-x', publishedId: 'expert-x'})
    expect((await c('p-morgan').getDocument('expert-x'))?.credentials).toEqual([expect.objectContaining({verification: expect.objectContaining({status: 'verified', evidence: 'Register lookup'})})])
    await expect(dana.create({_id: 'expert-new', _type: 'expert', name: 'New'})).rejects.toMatchObject({statusCode: 403})
  })

  it('editor: experts yes, but not their verification', async () => {
    const priya = c('p-priya')
    await priya.patch('expert-x').set({bio: 'Updated bio'}).commit()
    await expect(priya.patch('expert-x').set({'credentials[_key=="lic"].verification.status': 'revoked'}).commit()).rejects.toMatchObject({
      statusCode: 403,
      message: expect.stringContaining('verified or revoked'),
    })
    await expect(
      priya.create({_id: 'expert-self', _type: 'expert', name: 'Self', credentials: [{_key: 'a', _type: 'credential', verification: {status: 'verified'}}]}),
    ).rejects.toMatchObject({statusCode: 403})
    await priya.create({_id: 'expert-new2', _type: 'expert', name: 'New', credentials: [{_key: 'a', _type: 'credential', verification: {status: 'unverified'}}]})
  })

  it('viewer: reads, never writes', async () => {
    const val = c('p-val')
    expect(await val.fetch('count(*[_type == "article"])')).toBe(1)
    await expect(val.create({_type: 'post', title: 'x'})).rejects.toMatchObject({statusCode: 403})
  })
})

describe('the ACL the Studio reads matches the lake', () => {
  const candidates: Array<[string, Record<string, unknown>]> = [
    ['article', {_type: 'article', title: 'T'}],
    ['post', {_type: 'post'}],
    ['approval by Dana', approval('', 'p-dana')],
    ['approval by Finn', approval('', 'p-finn')],
    ['rejection by Dana', {...approval('', 'p-dana'), _type: 'factCheck.rejection', reason: 'no'}],
  ]
  const users = ['p-morgan', 'p-priya', 'p-dana', 'p-val']

  it.each(users)('%s: Studio grants == lake decisions for create and update', async (userId) => {
    const client = c(userId)
    const acl = await client.request<Array<{filter: string; permissions: string[]}>>({url: '/projects/localdev/datasets/production/acl'})
    for (const [label, body] of candidates) {
      const id = `acl-${label.replace(/\W+/g, '-')}`
      const doc = {...body, _id: `drafts.${id}`}
      const studio = await grantsPermissionOn(userId, acl as never, 'create', doc as never)
      const lake = await client
        .create(doc as never, {dryRun: true})
        .then(() => true)
        .catch((err: {statusCode?: number}) => {
          if (err.statusCode !== 403) throw err
          return false
        })
      expect({userId, label, granted: lake}).toEqual({userId, label, granted: studio.granted})
    }
  })
})

describe('roles from the claim options', () => {
  const options = {factCheckerRoles: ['clinical-reviewer'], credentialVerifierRoles: ['registrar']}
  const claire: LakeUser = {id: 'p-claire', name: 'Claire', email: 'c@example.test', role: 'clinical-reviewer', token: randomToken(40)}
  const unverified = {...expert, credentials: [{...expert.credentials[0], verification: {status: 'unverified'}}]}
  const verified = {...expert, credentials: [{...expert.credentials[0], verification: {status: 'verified', verifiedBy: 'p-claire', verifiedAt: '2026-01-01T00:00:00.000Z'}}]}

  it('users.json may hold the roles the options name, and only known roles', async () => {
    const dataDir = tempDir()
    writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify({users: [claire]}))
    await expect(loadOrCreateUsers(dataDir, knownRoles(options))).resolves.toMatchObject({users: [{role: 'clinical-reviewer'}]})
    await expect(loadOrCreateUsers(dataDir)).rejects.toThrow(/users\[0\]\.role must be one of administrator, editor, fact-checker, medical-reviewer, viewer/)
  })

  it("gives the options' fact-checker roles the fact-checker grants, and the built-in fact-checker none", () => {
    expect(grantsForRole('clinical-reviewer', options)).toEqual(grantsForRole('fact-checker'))
    expect(grantsForRole('fact-checker', options)).toEqual([])
    expect(grantsForRole('editor', {...options, factCheckerRoles: ['editor']}).length).toBeGreaterThan(grantsForRole('editor').length)
  })

  it('lets such a role record its own decisions and verify credentials, but edit nothing else of an expert', async () => {
    const decision = approval('fc-claire', 'p-claire', ['clinical-reviewer'])
    expect(await checkWrite(claire, {id: 'fc-claire', before: null, after: decision}, options)).toBeNull()
    expect(await checkWrite(claire, {id: 'fc-claire', before: null, after: decision})).toMatch(/may not create/)
    expect(await checkWrite(claire, {id: 'expert-x', before: unverified, after: verified}, options)).toBeNull()
    expect(await checkWrite(claire, {id: 'expert-x', before: unverified, after: {...verified, name: 'Dr. Y'}}, options)).toMatch(/may change an expert only in its credentials' verification .*this write also changes "name" of "expert-x"/)
    const editor: LakeUser = {...claire, id: 'p-priya', role: 'editor'}
    expect(await checkWrite(editor, {id: 'expert-x', before: unverified, after: verified}, options)).toMatch(/may not mark credentials verified/)
  })

  it('a lake started with those options accepts the role in users.json, serves its grants as the ACL and lets it decide', async () => {
    const dataDir = tempDir()
    writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify({users: [claire, {...claire, id: 'p-morgan', name: 'Morgan', role: 'administrator', token: randomToken(40)}]}))
    const lake = await startTestLake({dataDir, policy: null, claimOptions: options})
    try {
      const client = lake.client('p-claire')
      const acl = await client.request({url: '/projects/localdev/datasets/production/acl'})
      expect(acl).toEqual(grantsForRole('clinical-reviewer', options))
      await client.create(approval('fc-claire-live', 'p-claire', ['clinical-reviewer']) as never)
      expect(await client.getDocument('fc-claire-live')).toMatchObject({checkedBy: {id: 'p-claire', roles: ['clinical-reviewer']}})
    } finally {
      await lake.close()
    }
  })
})
