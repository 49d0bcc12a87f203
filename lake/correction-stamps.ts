/**
 * When an article was corrected is the server's clock, never what a client wrote. An article's
 * `corrections` (its log for readers: "Updated on <date>: what changed") are dated here:
 *
 *  - In the published article, an entry (matched by `_key`) that the published article already
 *    carried, saying the same, keeps its `correctedAt` as it was: a later write cannot change it.
 *    Any other entry, a rewritten one included, is new and gets `correctedAt` = the time of this
 *    write, whatever the client sent.
 *  - An article that is not published now (unpublished, or withdrawn by a correction) keeps its
 *    entries' dates for when it is published again: its last published revision gives them.
 *  - In a draft or a release version an entry carries the published article's date for it, or no
 *    date: nothing a client wrote there is kept. The Studio shows an undated entry as "dated when
 *    published".
 *  - Removing an entry is allowed. An entry removed and later added again is new.
 *  - Every entry of a published article needs a `_key` of its own (that is how its date is kept):
 *    a write without one is refused (400).
 *
 * Hosted Sanity runs none of this: there the date is the `correctedAt` the Studio writes.
 */
import {ARTICLE_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {getPublishedId, isPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import type {Doc} from './dataset.ts'
import {badRequest} from './errors.ts'
import {stableJson} from './stable.ts'
import {isPlainObject, type TxBuilder} from './transaction.ts'

/** The article's field holding its corrections, and the entry's field the lake dates. */
export const CORRECTIONS_FIELD = 'corrections'
export const CORRECTED_AT_FIELD = 'correctedAt'

/**
 * The last published state of an article that is not published now (from the history), or null.
 * Asked only when a write needs the dates of an article whose published document is gone.
 */
export type LastPublished = (publishedId: string) => Doc | null

type Entry = Record<string, unknown>

const entriesOf = (doc: Doc | null | undefined): unknown[] | null => {
  const value = doc?._type === ARTICLE_TYPE ? doc[CORRECTIONS_FIELD] : undefined
  return Array.isArray(value) ? value : null
}

/** What a reader sees of an entry: everything but its date. */
const contentOf = (entry: Entry): string => stableJson(entry, DATE_ONLY)
const DATE_ONLY: ReadonlySet<string> = new Set([CORRECTED_AT_FIELD])

/** The dates the lake gave the entries of a published article, by `_key`, with what each said then. */
function datesOf(doc: Doc | null | undefined): Map<string, {date: string; content: string}> {
  const dates = new Map<string, {date: string; content: string}>()
  for (const entry of entriesOf(doc) ?? []) {
    if (!isPlainObject(entry) || typeof entry._key !== 'string') continue
    const date = entry[CORRECTED_AT_FIELD]
    if (typeof date === 'string' && !dates.has(entry._key)) dates.set(entry._key, {date, content: contentOf(entry)})
  }
  return dates
}

/** The date an entry keeps: the one its key had, while it says what it said then (a rewritten entry is a new correction). */
function dateOf(dates: ReadonlyMap<string, {date: string; content: string}>, entry: Entry): string | undefined {
  const known = typeof entry._key === 'string' ? dates.get(entry._key) : undefined
  return known && known.content === contentOf(entry) ? known.date : undefined
}

/** Dates the corrections of every article the transaction writes (see the file comment). Throws 400. */
export function stampCorrections(tx: TxBuilder, now: string, lastPublished: LastPublished): void {
  for (const change of tx.changes()) {
    const entries = entriesOf(change.after)
    if (!change.after || !entries || entries.length === 0) continue
    const published = isPublishedId(change.id)
    // A draft whose entries carry no date needs nothing (most writes: a keystroke in the Studio).
    if (!published && !entries.some((e) => isPlainObject(e) && e[CORRECTED_AT_FIELD] !== undefined)) continue
    const dates = knownDates(tx, change.id, lastPublished)
    const stamped = published ? stampPublished(change.id, entries, dates, now) : stampDraft(entries, dates)
    if (stamped) tx.put(change.id, {...change.after, [CORRECTIONS_FIELD]: stamped}, false)
  }
}

/** The dates of the article as it is published now, or as it was last published. */
function knownDates(tx: TxBuilder, id: string, lastPublished: LastPublished): Map<string, {date: string; content: string}> {
  const base = getPublishedId(id)
  const current = tx.ds.docs.get(base)
  if (current) return datesOf(current)
  return datesOf(lastPublished(base))
}

/** The published article's entries with their dates, or null when they already have them. */
function stampPublished(id: string, entries: unknown[], dates: Map<string, {date: string; content: string}>, now: string): Entry[] | null {
  const seen = new Set<string>()
  let changed = false
  const out = entries.map((entry, index) => {
    if (!isPlainObject(entry) || typeof entry._key !== 'string' || entry._key === '') {
      throw badRequest(
        `Correction ${index + 1} of "${id}" has no _key: each entry of "${CORRECTIONS_FIELD}" needs a key of its own, by which the lake keeps the date it was published. Add one (the Studio does).`,
      )
    }
    if (seen.has(entry._key)) {
      throw badRequest(`Two corrections of "${id}" share the _key "${entry._key}": give each entry of "${CORRECTIONS_FIELD}" a key of its own.`)
    }
    seen.add(entry._key)
    const date = dateOf(dates, entry) ?? now
    if (entry[CORRECTED_AT_FIELD] === date) return entry
    changed = true
    return {...entry, [CORRECTED_AT_FIELD]: date}
  })
  return changed ? out : null
}

/** A draft's entries with the published dates only, or null when they have no others. */
function stampDraft(entries: unknown[], dates: Map<string, {date: string; content: string}>): unknown[] | null {
  let changed = false
  const out = entries.map((entry) => {
    if (!isPlainObject(entry)) return entry
    const date = dateOf(dates, entry)
    if (entry[CORRECTED_AT_FIELD] === date) return entry
    changed = true
    if (date !== undefined) return {...entry, [CORRECTED_AT_FIELD]: date}
    const {[CORRECTED_AT_FIELD]: _dropped, ...rest} = entry
    return rest
  })
  return changed ? out : null
}
