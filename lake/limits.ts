/**
 * Limits on what a request may carry, so hostile input gets a 400 that says what is wrong instead
 * of exhausting the stack somewhere later (JSON.parse accepts nesting that JSON.stringify, the
 * patch library and the indexes cannot walk back).
 */
import {LakeError, badRequest} from './errors.ts'

/** Arrays and objects inside each other, at most. Real documents (Portable Text included) use about 10. */
export const MAX_JSON_DEPTH = 100

/** Whether a parsed JSON value nests arrays and objects deeper than `max` (iterative: never overflows itself). */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number]
    if (current === null || typeof current !== 'object') continue
    if (depth > max) return true
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      if (inner !== null && typeof inner === 'object') stack.push([inner, depth + 1])
    }
  }
  return false
}

/** Throws 400 when `value` (described by `what`, e.g. "Request body") nests deeper than MAX_JSON_DEPTH. */
export function checkDepth<T>(value: T, what: string): T {
  if (nestedDeeperThan(value)) throw badRequest(`${what} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep: the lake stores documents at most ${MAX_JSON_DEPTH} levels deep.`, 'invalidJsonError')
  return value
}

// --- the size of one transaction ---------------------------------------------------------------

/**
 * Documents one user's transaction may change (an import's lines, a request's mutations, what a
 * patch by query or a release publish touches). A transaction is checked and stored whole while
 * every other request waits: 10,000 small documents take about 0.3 s, 300,000 took 7 s.
 */
export const MAX_TRANSACTION_DOCUMENTS = 10_000

/** The refusal of a transaction over MAX_TRANSACTION_DOCUMENTS: `found` says how many it had ("This import has 20,000 documents"), `split` how to split it. */
export function transactionTooLarge(found: string, split: string): LakeError {
  return new LakeError(
    413,
    'transactionTooLargeError',
    `${found}, and one transaction may change at most ${MAX_TRANSACTION_DOCUMENTS.toLocaleString('en-US')} documents (the lake checks and stores a transaction whole while every other request waits), so nothing was written. ${split}`,
  )
}

// --- what a read may hold -----------------------------------------------------------------------

/**
 * The longest answer one query may give, in characters of JSON (64 Mi): an answer is held whole
 * in memory until the client has read it, so `*{"a": *{"b": *}}` could take gigabytes. Whole
 * datasets are read with /data/export, which streams.
 */
export const MAX_QUERY_ANSWER_CHARS = 64 * 1024 * 1024

/** What one user's query answers may hold unread at once, in characters; past it their next query is a 429 until they read them. */
export const MAX_UNREAD_ANSWER_CHARS_PER_USER = 2 * MAX_QUERY_ANSWER_CHARS

/** The longest listener query, in characters: a listener's filter is parsed on the server's thread, and parsing grows faster than the text. */
export const MAX_LISTENER_QUERY_LENGTH = 4_000

/** What a listener may hold unsent (events its client has not read), in bytes; past it the lake drops the listener at its next event (the client may listen again). */
export const MAX_LISTENER_BACKLOG_CHARS = 4 * 1024 * 1024

/** The refusal of a query whose answer would be over MAX_QUERY_ANSWER_CHARS. */
export function answerTooLarge(chars: number): LakeError {
  return new LakeError(
    413,
    'queryResultTooLargeError',
    `The answer to this query would be ${(chars / 1024 / 1024).toFixed(0)} MiB of JSON, and one answer may be at most ${MAX_QUERY_ANSWER_CHARS / 1024 / 1024} MiB. Ask for fewer documents (a slice such as [0...100], or a filter) or fewer fields (a projection), or read the whole dataset with /data/export.`,
  )
}

// --- numeric search parameters ------------------------------------------------------------------

/** `limit` of `/data/history/:ds/transactions/:ids`: 0 to this many transactions. */
export const HISTORY_LIMIT_MAX = 10_000

/** `limit` of `/lake/audit`: 1 to this many refusals, newest first (100 when absent). */
export const AUDIT_LIST_MAX = 1000
export const AUDIT_LIST_DEFAULT = 100

// --- the refusal log (db table `audit`) -----------------------------------------------------------

/** Rows kept; past this the oldest are deleted as new ones are written. */
export const AUDIT_MAX_ROWS = 10_000

/** Characters kept of each text field of a refusal; a longer value is cut and ends in "…". */
export const AUDIT_FIELD_MAX = {user: 128, method: 16, endpoint: 256, reason: 1024} as const

// --- `/users/me/keyvalue` (the Studio's per-user settings) ----------------------------------------

/** Keys one user may have. */
export const KEYVALUE_MAX_KEYS = 1000
/** Characters in one key. */
export const KEYVALUE_MAX_KEY_LENGTH = 256
/** Bytes of one value, as JSON (UTF-8). */
export const KEYVALUE_MAX_VALUE_BYTES = 64 * 1024
/** Bytes of all of one user's keys and values together (UTF-8, values as JSON). */
export const KEYVALUE_MAX_TOTAL_BYTES = 1024 * 1024

/** `text` cut to at most `max` characters (ending in "…" when cut), never splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}
