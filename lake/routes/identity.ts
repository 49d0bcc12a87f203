/**
 * Who is signed in: the auth endpoints, users, and each user's key/value store (the Studio keeps
 * its per-user settings there), bounded by a quota per user (limits.ts).
 */
import {shownValue} from '../document-id.ts'
import {LakeError, badRequest, notFound} from '../errors.ts'
import {readBody} from '../http/body.ts'
import {decodeList} from '../http/params.ts'
import type {Router} from '../http/router.ts'
import {sendJson} from '../http/send.ts'
import {KEYVALUE_MAX_KEYS, KEYVALUE_MAX_KEY_LENGTH, KEYVALUE_MAX_TOTAL_BYTES, KEYVALUE_MAX_VALUE_BYTES, checkDepth} from '../limits.ts'
import {type LakeUser, publicUser} from '../users.ts'
import type {RouteDeps} from './access.ts'

export interface KeyValuePair {
  key: string
  value: unknown
}

const quota = (limit: string, max: number, description: string) =>
  new LakeError(413, 'keyValueQuotaError', `${description} Nothing was written.`, {limit, max})

const shown = (key: string) => JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}...` : key)

/**
 * The pairs of one PUT, checked against the quota: each pair's key and value, then the user's keys
 * and bytes as they would be afterwards (`stored`: key -> bytes now). A null value deletes its key
 * (reading a missing key gives null too). Returns what to write; throws a 413 naming the limit.
 */
export function planKeyValueWrite(userId: string, pairs: KeyValuePair[], stored: Map<string, number>): Array<{key: string; json: string | null}> {
  const writes = new Map<string, string | null>()
  for (const {key, value} of pairs) {
    if (key.length > KEYVALUE_MAX_KEY_LENGTH) {
      throw quota('maxKeyLength', KEYVALUE_MAX_KEY_LENGTH, `The key ${shown(key)} is ${key.length} characters long; keys are at most ${KEYVALUE_MAX_KEY_LENGTH} characters. Use a shorter key.`)
    }
    const json = value === null ? null : JSON.stringify(value)
    const bytes = json === null ? 0 : Buffer.byteLength(json)
    if (bytes > KEYVALUE_MAX_VALUE_BYTES) {
      throw quota('maxValueBytes', KEYVALUE_MAX_VALUE_BYTES, `The value of ${shown(key)} is ${bytes} bytes as JSON; a value is at most ${KEYVALUE_MAX_VALUE_BYTES} bytes. Store less under one key, or split it over several keys.`)
    }
    writes.set(key, json)
  }
  const after = new Map(stored)
  for (const [key, json] of writes) {
    if (json === null) after.delete(key)
    else after.set(key, Buffer.byteLength(key) + Buffer.byteLength(json))
  }
  if (after.size > KEYVALUE_MAX_KEYS && after.size > stored.size) {
    throw quota(
      'maxKeys',
      KEYVALUE_MAX_KEYS,
      `This would give ${userId} ${after.size} keys; at most ${KEYVALUE_MAX_KEYS} are kept per user. Delete keys that are no longer needed first (PUT them with "value": null).`,
    )
  }
  let total = 0
  for (const bytes of after.values()) total += bytes
  let before = 0
  for (const bytes of stored.values()) before += bytes
  if (total > KEYVALUE_MAX_TOTAL_BYTES && total > before) {
    throw quota(
      'maxTotalBytes',
      KEYVALUE_MAX_TOTAL_BYTES,
      `This would give ${userId} ${total} bytes of keys and values; at most ${KEYVALUE_MAX_TOTAL_BYTES} are kept per user. Delete keys that are no longer needed (PUT them with "value": null) or store smaller values.`,
    )
  }
  return [...writes].map(([key, json]) => ({key, json}))
}

/** The pairs of a PUT body: a list of `{key, value}` (or one), each with a non-empty string key. */
function readPairs(body: Buffer): KeyValuePair[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw badRequest('Request body is not valid JSON: send a JSON list of {"key": "...", "value": ...} pairs.', 'invalidJsonError')
  }
  checkDepth(parsed, 'Request body')
  const list = Array.isArray(parsed) ? parsed : [parsed]
  return list.map((pair, index) => {
    const key = (pair as {key?: unknown} | null)?.key
    if (typeof key !== 'string' || !key) {
      throw badRequest(`Pair ${index + 1} has ${key === undefined ? 'no "key"' : `the key ${shownValue(key)}`}: each pair needs "key", a non-empty string, and "value". Nothing was written.`)
    }
    return {key, value: (pair as {value?: unknown}).value ?? null}
  })
}

export function mountIdentity(router: Router, {lake, directory, access, maxBody}: RouteDeps): void {
  router
    .on('GET', /^\/auth\/providers$/, ({res}) => sendJson(res, 200, {thirdPartyLogin: false, sso: {}, providers: []}))
    .on('POST', /^\/auth\/logout$/, ({res}) => sendJson(res, 200, {}))
    .on('GET', /^\/auth\/id$/, (ctx) => sendJson(ctx.res, 200, {id: access.user(ctx).user.id}))
    .on('GET', /^\/users\/me$/, (ctx) => sendJson(ctx.res, 200, publicUser(access.user(ctx).user, true)))
    .on('GET', /^\/users\/me\/keyvalue\/([^/]+)$/, (ctx, m) => {
      const {user} = access.user(ctx)
      const keys = decodeList(m[1], 'The list of keys')
      sendJson(ctx.res, 200, keys.map((key) => ({key, value: lake.db.keyValue(user.id, key)})))
    })
    .on('PUT', /^\/users\/me\/keyvalue$/, async (ctx) => {
      const {user} = access.user(ctx)
      const pairs = readPairs(await readBody(ctx.req, maxBody))
      // All pairs or none: checked against what is stored, and written, in one transaction.
      lake.db.updateKeyValues(user.id, (stored) => planKeyValueWrite(user.id, pairs, stored))
      sendJson(ctx.res, 200, pairs)
    })
    .on('GET', /^\/users\/([^/]+)$/, (ctx, m) => {
      const {user: self} = access.user(ctx)
      const ids = decodeList(m[1], 'The list of user ids')
      const users = ids
        .map((id) => (id === 'me' ? self : directory.user(id)))
        .filter((u): u is LakeUser => Boolean(u))
        .map((u) => publicUser(u, u.id === self.id))
      if (ids.length === 1) {
        if (users.length === 0) throw notFound(`User "${ids[0]}" not found: the lake's users are the ones in its users.json.`)
        sendJson(ctx.res, 200, users[0])
      } else sendJson(ctx.res, 200, users)
    })
}
