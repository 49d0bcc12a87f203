/**
 * Which document ids the lake's API accepts, and what is wrong with one it does not, in words a
 * user can act on. Mutations, actions and imports all check ids here; the `drafts.`/`versions.`
 * structure of an id is the rules' (plugins/medical-claims/rules/ids.ts).
 *
 * A valid id is 1 to 200 characters of letters, digits, "_", "-" and ".", and does not start with
 * "-" or ".": `article-1`, `drafts.article-1`, `versions.rSpring.article-1`. An import also refuses
 * ids starting with "_." (Sanity's system documents: releases, schemas, groups), which the lake
 * does not hold.
 */

export const MAX_ID_LENGTH = 200
export const ID_PATTERN = new RegExp(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,${MAX_ID_LENGTH - 1}}$`)
/** Prefix of Sanity's system documents. */
export const SYSTEM_ID_PREFIX = '_.'

/** What a valid id looks like, a sentence to follow a refusal. */
export const VALID_ID_HINT = `A document id is 1 to ${MAX_ID_LENGTH} characters: letters, digits, "_", "-" and ".", not starting with "-" or "." (such as "article-1" or "drafts.article-1").`

const ALLOWED = /[A-Za-z0-9._-]/

/** A value as a user would recognise it, cut short when long. */
export function shownValue(value: unknown, max = 60): string {
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > max ? `${text.slice(0, max)}…` : text
}

/** What kind of JSON value this is, with an article: "a number", "an object", "null". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'number') return 'a number'
  if (typeof value === 'boolean') return 'a boolean'
  if (typeof value === 'string') return 'a string'
  return typeof value
}

/** Describes one character for a message: `"/"`, `a space`, `"é" (U+00E9)`. */
function describeChar(char: string): string {
  if (char === ' ') return 'a space'
  if (char === '\t') return 'a tab'
  if (char === '\n' || char === '\r') return 'a line break'
  const code = char.codePointAt(0) ?? 0
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  return code < 0x20 || code === 0x7f ? `the control character ${hex}` : code > 0x7e ? `"${char}" (${hex})` : `"${char}"`
}

/**
 * What is wrong with `value` as a document id, as a clause naming the field (`_id is missing`,
 * `publishedId "a b" contains a space at character 2`), or null when it is valid: null exactly
 * when ID_PATTERN matches. `reserved` also refuses system ids ("_." prefix), as imports do.
 */
export function idProblem(value: unknown, field = '_id', options: {reserved?: boolean} = {}): string | null {
  if (value === undefined) return `${field} is missing`
  if (typeof value !== 'string') return `${field} is ${kindOf(value)} (${shownValue(value)}), not a string`
  if (value === '') return `${field} is an empty string`
  if (value.trim() === '') return `${field} is only spaces (${shownValue(value)})`
  const chars = [...value]
  if (chars.length > MAX_ID_LENGTH) return `${field} is ${chars.length} characters long (${shownValue(value, 40)}), more than ${MAX_ID_LENGTH}`
  if (value !== value.trim()) return `${field} ${shownValue(value)} starts or ends with a space`
  const bad = chars.findIndex((char) => !ALLOWED.test(char))
  if (bad !== -1) return `${field} ${shownValue(value)} contains ${describeChar(chars[bad])} at character ${bad + 1}`
  if (value.startsWith('-') || value.startsWith('.')) return `${field} ${shownValue(value)} starts with "${value[0]}"`
  if (options.reserved && value.startsWith(SYSTEM_ID_PREFIX)) {
    return `${field} ${shownValue(value)} starts with "${SYSTEM_ID_PREFIX}", the prefix of Sanity's system documents (releases, schemas, groups), which the lake does not import`
  }
  return null
}
