/**
 * What keeps one token, one user or one flood of requests within bounds: a dataset-scoped token
 * reaches its datasets only (no creating or deleting datasets, no lake-wide refusal log); the
 * refusal log cuts long fields and keeps at most AUDIT_MAX_ROWS rows; `/users/me/keyvalue` has a
 * quota per user and writes all pairs of a PUT or none; numeric parameters outside their range are
 * a 400 that names them. Each refusal is checked in the lake's state as well as in its status.
 */
import {rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {LakeDb} from '../../lake/db.ts'
import {
  AUDIT_FIELD_MAX,
  AUDIT_MAX_ROWS,
  KEYVALUE_MAX_KEYS,
  KEYVALUE_MAX_KEY_LENGTH,
  KEYVALUE_MAX_TOTAL_BYTES,
  KEYVALUE_MAX_VALUE_BYTES,
} from '../../lake/limits.ts'
import {randomToken, type UsersFile} from '../../lake/users.ts'
import {startTestLake, tempDir, type TestLake} from './helpers.ts'

let t: TestLake
const SCOPED_ADMIN = randomToken(40)
const SCOPED_EDITOR = randomToken(40)
const API = '/v2025-02-19'

beforeAll(async () => {
  const dataDir = tempDir()
  const users: UsersFile = {
    users: [
      {id: 'p-morgan', name: 'Morgan', email: 'm@example.test', role: 'administrator', token: randomToken(40)},
      {id: 'p-priya', name: 'Priya', email: 'p@example.test', role: 'editor', token: randomToken(40)},
      {id: 'p-tom', name: 'Tom', email: 't@example.test', role: 'editor', token: randomToken(40)},
    ],
    tokens: [
      {token: SCOPED_ADMIN, userId: 'p-morgan', label: 'other dataset only', datasets: ['other']},
      {token: SCOPED_EDITOR, userId: 'p-priya', label: 'other dataset only', datasets: ['other']},
    ],
  }
  writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify(users))
  t = await startTestLake({dataDir, policy: null})
  expect((await t.request('PUT', '/v1/projects/localdev/datasets/other')).status).toBe(200)
  expect((await t.request('PUT', '/v1/projects/localdev/datasets/spare')).status).toBe(200)
})
afterAll(async () => {
  await t?.close()
})

const datasetNames = () => t.running.lake.datasetNames().map((d) => d.name)

describe('a dataset-scoped token', () => {
  it("may not change the project's roles (they reach every dataset)", async () => {
    const res = await t.request('DELETE', '/access/project/localdev/users/p-priya/roles/editor', {token: SCOPED_ADMIN})
    expect(res.status).toBe(403)
    expect((res.body as {error: {description: string}}).error.description).toMatch(/limited to the dataset "other", and changing the project's roles needs a token that reaches every dataset/)
  })

  it.each([
    ['PUT', '/v1/projects/localdev/datasets/made-by-scoped'],
    ['PUT', '/v1/datasets/made-by-scoped'],
    ['PUT', '/v1/projects/localdev/datasets/other'],
  ])('may not create datasets: %s %s -> 403, nothing created', async (method, url) => {
    const before = datasetNames()
    for (const token of [SCOPED_ADMIN, SCOPED_EDITOR]) {
      const res = await t.request(method, url, {token, body: {aclMode: 'public'}})
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({error: {type: 'permissionDenied', description: expect.stringMatching(/Permission denied/)}, statusCode: 403})
    }
    const scoped = await t.request(method, url, {token: SCOPED_ADMIN})
    expect((scoped.body as {error: {description: string}}).error.description).toBe(
      'Permission denied: this token is limited to the dataset "other", and creating a dataset needs a token that reaches every dataset. Use a token of p-morgan without "datasets" in users.json.',
    )
    expect(datasetNames()).toEqual(before)
    expect(t.running.lake.hasDataset('made-by-scoped')).toBe(false)
  })

  it.each([
    ['DELETE', '/v1/projects/localdev/datasets/spare'],
    ['DELETE', '/v1/datasets/spare'],
    ['DELETE', '/v1/datasets/other'],
  ])('may not delete datasets, not even its own: %s %s -> 403, still there', async (method, url) => {
    for (const token of [SCOPED_ADMIN, SCOPED_EDITOR]) {
      const res = await t.request(method, url, {token})
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({error: {type: 'permissionDenied'}})
    }
    expect(datasetNames()).toEqual(expect.arrayContaining(['other', 'spare', 'production']))
    expect((await t.request('GET', '/v1/datasets')).body).toEqual(expect.arrayContaining([expect.objectContaining({name: 'spare'}), expect.objectContaining({name: 'other'})]))
  })

  it('may not read the lake-wide refusal log; an unscoped administrator may', async () => {
    const res = await t.request('GET', '/v1/lake/audit', {token: SCOPED_ADMIN})
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({error: {type: 'permissionDenied', description: expect.stringContaining('the refusal log (it covers every dataset)')}})
    expect(JSON.stringify(res.body)).not.toContain('"endpoint"')
    const admin = await t.request('GET', '/v1/lake/audit?limit=3')
    expect(admin.status).toBe(200)
    // The refusals just made are in it, with who made them.
    expect(admin.body).toEqual(expect.arrayContaining([expect.objectContaining({user: 'p-morgan', status: 403, endpoint: '/lake/audit'})]))
  })

  it('reaches its own dataset, and is refused the others before their existence is told', async () => {
    expect((await t.request('GET', `${API}/data/query/other?query=count(*)`, {token: SCOPED_ADMIN})).status).toBe(200)
    for (const ds of ['production', 'spare', 'does-not-exist']) {
      const res = await t.request('GET', `${API}/data/query/${ds}?query=count(*)`, {token: SCOPED_ADMIN})
      expect(res.status).toBe(403)
      expect(res.body).toMatchObject({
        error: {
          description: `Permission denied: this token may not access dataset "${ds}". You are signed in as Morgan (p-morgan), an administrator with a token limited to the dataset "other". Use a token without a dataset limit, or one whose "datasets" in users.json lists "${ds}".`,
        },
      })
    }
    const listed = (await t.request('GET', '/v1/datasets', {token: SCOPED_ADMIN})).body as Array<{name: string}>
    expect(listed.map((d) => d.name)).toEqual(['other'])
  })

  it('an unscoped administrator still creates and deletes datasets', async () => {
    expect((await t.request('PUT', '/v1/datasets/made-by-admin')).status).toBe(200)
    expect(t.running.lake.hasDataset('made-by-admin')).toBe(true)
    expect((await t.request('DELETE', '/v1/datasets/made-by-admin')).status).toBe(200)
    expect(t.running.lake.hasDataset('made-by-admin')).toBe(false)
  })
})

describe('the refusal log is bounded', () => {
  it('300 anonymous 16 KB requests add 300 short rows, a small bounded amount of database', async () => {
    const db = t.running.lake.db.db
    const size = () => {
      const pages = (db.prepare('PRAGMA page_count').get() as {page_count: number}).page_count
      const pageSize = (db.prepare('PRAGMA page_size').get() as {page_size: number}).page_size
      return pages * pageSize
    }
    const rowsBefore = t.running.lake.db.auditCount()
    const sizeBefore = size()
    const longPath = `/data/mutate/${'x'.repeat(15 * 1024)}`
    const payload = JSON.stringify({mutations: [{create: {_type: 'post', pad: 'y'.repeat(1024)}}]})
    for (let i = 0; i < 300; i += 20) {
      await Promise.all(
        Array.from({length: 20}, async () => {
          const res = await t.request('POST', `/v1${longPath}`, {token: null, rawBody: payload, headers: {'content-type': 'application/json'}})
          expect(res.status).toBe(401)
        }),
      )
    }
    expect(t.running.lake.db.auditCount()).toBe(rowsBefore + 300)
    const rows = t.running.lake.db.auditLog(300)
    for (const row of rows) {
      expect(row).toMatchObject({user: 'anonymous', method: 'POST', status: 401})
      // The cut path: as many characters as the log keeps, ending in "…".
      expect(row.endpoint.length).toBe(AUDIT_FIELD_MAX.endpoint)
      expect(row.endpoint.startsWith('/data/mutate/xxxx')).toBe(true)
      expect(row.endpoint.endsWith('…')).toBe(true)
    }
    const stored = (db.prepare('SELECT SUM(length(endpoint) + length(reason) + length(user) + length(method) + length(time)) AS n FROM (SELECT * FROM audit ORDER BY seq DESC LIMIT 300)').get() as {n: number}).n
    expect(stored).toBeLessThan(300 * 400)
    // Uncut, the paths alone would be 300 × 15 KB = 4.5 MB.
    expect(size() - sizeBefore).toBeLessThan(256 * 1024)
  }, 60_000)

  it(`keeps the newest ${AUDIT_MAX_ROWS} rows and cuts every long field`, () => {
    const dir = tempDir('lake-audit-')
    const db = new LakeDb(dir)
    try {
      db.inTransaction(() => {
        for (let i = 0; i < AUDIT_MAX_ROWS + 25; i++) db.audit({time: new Date(0).toISOString(), user: 'u', method: 'GET', endpoint: `/e/${i}`, status: 403, reason: `r${i}`})
      })
      expect(db.auditCount()).toBe(AUDIT_MAX_ROWS)
      const all = db.auditLog(AUDIT_MAX_ROWS + 100)
      expect(all[0].reason).toBe(`r${AUDIT_MAX_ROWS + 24}`)
      expect(all.at(-1)?.reason).toBe('r25')
      // Outside a transaction too, one row in, one row out.
      db.audit({time: 't', user: 'u'.repeat(1000), method: 'M'.repeat(100), endpoint: 'e'.repeat(100_000), status: 401, reason: `😀${'r'.repeat(100_000)}`})
      expect(db.auditCount()).toBe(AUDIT_MAX_ROWS)
      const [newest] = db.auditLog(1)
      expect(newest.user.length).toBe(AUDIT_FIELD_MAX.user)
      expect(newest.method.length).toBe(AUDIT_FIELD_MAX.method)
      expect(newest.endpoint.length).toBe(AUDIT_FIELD_MAX.endpoint)
      expect(newest.reason.length).toBeLessThanOrEqual(AUDIT_FIELD_MAX.reason)
      expect(newest.reason.startsWith('😀r')).toBe(true)
    } finally {
      db.close()
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

describe('/users/me/keyvalue quota', () => {
  const put = (who: string, pairs: unknown) => t.request('PUT', '/v1/users/me/keyvalue', {token: t.user(who).token, body: pairs})
  const get = async (who: string, keys: string[]) => (await t.request('GET', `/v1/users/me/keyvalue/${keys.map(encodeURIComponent).join(',')}`, {token: t.user(who).token})).body as Array<{key: string; value: unknown}>
  const refusal = (res: {status: number; body: unknown}, limit: string, max: number) => {
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({error: {type: 'keyValueQuotaError', limit, max, description: expect.stringContaining('Nothing was written.')}, statusCode: 413})
    expect((res.body as {error: {description: string}}).error.description).toContain(String(max))
  }

  it('a key too long, or a value too large: 413 saying the limit, and the other pairs of the PUT are not written', async () => {
    const long = 'k'.repeat(KEYVALUE_MAX_KEY_LENGTH + 1)
    const res = await put('p-tom', [{key: 'fine', value: 1}, {key: long, value: 1}])
    refusal(res, 'maxKeyLength', KEYVALUE_MAX_KEY_LENGTH)
    expect((res.body as {error: {description: string}}).error.description).toContain('Use a shorter key')
    const big = await put('p-tom', [{key: 'fine', value: 1}, {key: 'big', value: 'v'.repeat(KEYVALUE_MAX_VALUE_BYTES)}])
    refusal(big, 'maxValueBytes', KEYVALUE_MAX_VALUE_BYTES)
    expect(await get('p-tom', ['fine', 'big'])).toEqual([
      {key: 'fine', value: null},
      {key: 'big', value: null},
    ])
    expect(t.running.lake.db.db.prepare("SELECT COUNT(*) AS n FROM keyvalue WHERE user = 'p-tom'").get()).toEqual({n: 0})
    // At the limits exactly: accepted.
    const atLimits = await put('p-tom', [{key: 'k'.repeat(KEYVALUE_MAX_KEY_LENGTH), value: 'v'.repeat(KEYVALUE_MAX_VALUE_BYTES - 2)}])
    expect(atLimits.status).toBe(200)
    expect(await put('p-tom', [{key: 'k'.repeat(KEYVALUE_MAX_KEY_LENGTH), value: null}])).toMatchObject({status: 200})
  })

  it(`at most ${KEYVALUE_MAX_KEYS} keys per user; a null value deletes a key and makes room`, async () => {
    const keys = Array.from({length: KEYVALUE_MAX_KEYS}, (_, i) => ({key: `pref.${i}`, value: i}))
    expect((await put('p-morgan', keys)).status).toBe(200)
    const over = await put('p-morgan', [{key: 'pref.0', value: 'changed'}, {key: 'one-too-many', value: 1}])
    refusal(over, 'maxKeys', KEYVALUE_MAX_KEYS)
    expect((over.body as {error: {description: string}}).error.description).toContain('"value": null')
    expect(await get('p-morgan', ['pref.0', 'one-too-many'])).toEqual([
      {key: 'pref.0', value: 0},
      {key: 'one-too-many', value: null},
    ])
    // Changing existing keys stays possible at the limit; deleting one makes room for another.
    expect((await put('p-morgan', [{key: 'pref.1', value: 'changed'}])).status).toBe(200)
    expect((await put('p-morgan', [{key: 'pref.2', value: null}, {key: 'one-more', value: true}])).status).toBe(200)
    expect(await get('p-morgan', ['pref.1', 'pref.2', 'one-more'])).toEqual([
      {key: 'pref.1', value: 'changed'},
      {key: 'pref.2', value: null},
      {key: 'one-more', value: true},
    ])
    // Another user's quota is their own.
    expect((await put('p-priya', [{key: 'pref.0', value: 1}])).status).toBe(200)
  })

  it(`at most ${KEYVALUE_MAX_TOTAL_BYTES} bytes per user, all pairs of a PUT or none`, async () => {
    const value = 'v'.repeat(60 * 1024)
    const first = Array.from({length: 15}, (_, i) => ({key: `blob.${i}`, value}))
    expect((await put('p-priya', first)).status).toBe(200)
    const more = Array.from({length: 3}, (_, i) => ({key: `blob.more.${i}`, value}))
    refusal(await put('p-priya', more), 'maxTotalBytes', KEYVALUE_MAX_TOTAL_BYTES)
    expect((await get('p-priya', more.map((p) => p.key))).every((p) => p.value === null)).toBe(true)
    const bytes = t.running.lake.db.db.prepare("SELECT SUM(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))) AS n FROM keyvalue WHERE user = 'p-priya'").get() as {n: number}
    expect(bytes.n).toBeLessThanOrEqual(KEYVALUE_MAX_TOTAL_BYTES)
    // Replacing values with smaller ones is always allowed.
    expect((await put('p-priya', [{key: 'blob.0', value: 'small'}])).status).toBe(200)
  })
})

describe('numeric parameters', () => {
  const history = `${API}/data/history/production/transactions/a`
  it.each(['1e20', '-1', 'abc', '1.5', '99999999999999999999', '', '0x10', '1001'])('/lake/audit?limit=%s -> 400 naming limit and 1 to 1000', async (value) => {
    const res = await t.request('GET', `/v1/lake/audit?limit=${encodeURIComponent(value)}`)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({error: {type: 'invalidParameterError', parameter: 'limit', description: expect.stringContaining('"limit" must be a whole number from 1 to 1000')}, statusCode: 400})
  })

  it.each(['1e20', '-1', 'abc', '1.5', '99999999999999999999', '', '10001'])('history ?limit=%s -> 400 naming limit and 0 to 10000', async (value) => {
    const res = await t.request('GET', `${history}?limit=${encodeURIComponent(value)}`)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({error: {type: 'invalidParameterError', parameter: 'limit', description: expect.stringContaining('"limit" must be a whole number from 0 to 10000')}, statusCode: 400})
  })

  it('values in range are answered', async () => {
    expect((await t.request('GET', '/v1/lake/audit?limit=1000')).status).toBe(200)
    expect((await t.request('GET', '/v1/lake/audit')).status).toBe(200)
    for (const value of ['0', '2', '10000']) expect((await t.request('GET', `${history}?limit=${value}`)).status).toBe(200)
  })
})
