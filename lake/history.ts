/**
 * The history API the Studio's timeline and "restore" use:
 *  - transactions touching some documents (NDJSON): id, timestamp, author, documentIDs,
 *    mutations (unless excluded) and whole-value mendoza effects per document;
 *  - documents as they were at a revision (transaction id), at a time, or at their last revision.
 */
import type {Doc} from './dataset.ts'
import type {LakeDb, TransactionHead} from './db.ts'
import {badRequest} from './errors.ts'

export interface TransactionQuery {
  excludeContent?: boolean
  excludeMutations?: boolean
  includeIdentifiedDocumentsOnly?: boolean
  effectFormat?: string | null
  reverse?: boolean
  limit?: number
  fromTime?: string
  toTime?: string
  fromTransaction?: string
  toTransaction?: string
}

function parseDoc(json: string | null): Doc | null {
  return json === null ? null : (JSON.parse(json) as Doc)
}

function withoutRev(doc: Doc | null): Record<string, unknown> | null {
  if (!doc) return null
  const {_rev: _ignored, ...rest} = doc
  return rest
}

const truthy = (value: string | null): boolean => value === 'true' || value === '1'

export function readTransactionQuery(search: URLSearchParams): TransactionQuery {
  const limitText = search.get('limit')
  const limit = limitText === null ? undefined : Number(limitText)
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw badRequest(`Parameter "limit" must be a whole number, 0 or more (got ${JSON.stringify(limitText)}), such as ?limit=100.`, 'invalidParameterError', {parameter: 'limit'})
  }
  const time = (name: string): string | undefined => {
    const value = search.get(name)
    if (value === null) return undefined
    const parsed = new Date(value)
    if (Number.isNaN(parsed.getTime())) throw badRequest(`Parameter "${name}" must be an ISO date-time such as 2026-01-31T12:00:00Z (got ${JSON.stringify(value)}).`, 'invalidParameterError', {parameter: name})
    return parsed.toISOString()
  }
  return {
    excludeContent: truthy(search.get('excludeContent')),
    excludeMutations: truthy(search.get('excludeMutations')),
    includeIdentifiedDocumentsOnly: truthy(search.get('includeIdentifiedDocumentsOnly')),
    effectFormat: search.get('effectFormat'),
    reverse: truthy(search.get('reverse')),
    limit,
    fromTime: time('fromTime'),
    toTime: time('toTime'),
    fromTransaction: search.get('fromTransaction') ?? undefined,
    toTransaction: search.get('toTransaction') ?? undefined,
  }
}

/** The transaction log entries for some documents, oldest first unless `reverse`. */
export function transactionLog(db: LakeDb, dataset: string, ids: string[], query: TransactionQuery): Array<Record<string, unknown>> {
  const seqOf = (txId: string | undefined): number | undefined => {
    if (!txId) return undefined
    const row = db.transactionHead(txId)
    if (!row || row.dataset !== dataset) {
      throw badRequest(`Unknown transaction "${txId}" in dataset "${dataset}": fromTransaction and toTransaction take the id of a transaction of this dataset, as the history lists them.`, 'notFoundError')
    }
    return row.seq
  }
  const rows = db.transactionsFor(dataset, ids, {
    fromSeq: seqOf(query.fromTransaction),
    toSeq: seqOf(query.toTransaction),
    fromTime: query.fromTime,
    toTime: query.toTime,
    reverse: query.reverse,
    limit: query.limit,
  })
  const wanted = new Set(ids)
  return rows.map((row) => entry(db, dataset, row, query, wanted))
}

/**
 * One log entry. With `includeIdentifiedDocumentsOnly` it is read from the asked ids' own
 * revisions; only an entry that lists every document of its transaction reads the whole list.
 */
function entry(db: LakeDb, dataset: string, row: TransactionHead, query: TransactionQuery, wanted: Set<string>): Record<string, unknown> {
  const mendoza = query.effectFormat === 'mendoza'
  const own = query.includeIdentifiedDocumentsOnly ? db.revisionsIn(dataset, row.seq, [...wanted], mendoza) : null
  const ids = own ? own.map((r) => r.id) : db.documentIdsOf(row.seq)
  const out: Record<string, unknown> = {id: row.id, timestamp: row.timestamp, author: row.author, documentIDs: ids}
  if (!query.excludeContent && !query.excludeMutations) out.mutations = JSON.parse(db.mutationsOf(row.seq)) as unknown
  if (mendoza) {
    const effects: Record<string, unknown> = {}
    // Effects are the asked documents' only, listed or not: they are what the Studio reads, and
    // building every document's effects for a transaction that imported 50,000 cost every call of
    // its history megabytes and most of a second.
    const revisions = own ?? db.revisionsIn(dataset, row.seq, [...wanted], true)
    for (const revision of revisions) {
      if (!revision) continue
      const before = db.revisionBefore(dataset, revision.id, row.seq)
      effects[revision.id] = {apply: [0, withoutRev(parseDoc(revision.json))], revert: [0, withoutRev(parseDoc(before?.json ?? null))]}
    }
    out.effects = effects
  }
  return out
}

/** Documents at a revision (transaction id), a time, or their last existing revision. */
export function documentsAt(
  db: LakeDb,
  dataset: string,
  ids: string[],
  at: {revision?: string | null; time?: string | null; lastRevision?: boolean},
  current: (id: string) => Doc | undefined,
): Doc[] {
  const docs: Doc[] = []
  if (at.lastRevision) {
    for (const id of ids) {
      const row = db.lastExistingRevision(dataset, id)
      const doc = parseDoc(row?.json ?? null) ?? current(id) ?? null
      if (doc) docs.push(doc)
    }
    return docs
  }
  let seq: number | null = null
  if (at.revision) {
    const row = db.transactionHead(at.revision)
    if (!row || row.dataset !== dataset) return []
    seq = row.seq
  } else if (at.time) {
    const parsed = new Date(at.time)
    if (Number.isNaN(parsed.getTime())) throw badRequest(`Parameter "time" must be an ISO date-time such as 2026-01-31T12:00:00Z (got ${JSON.stringify(at.time)}).`, 'invalidParameterError', {parameter: 'time'})
    seq = db.lastSeqAtTime(dataset, parsed.toISOString())
    if (seq === null) return []
  } else {
    for (const id of ids) {
      const doc = current(id)
      if (doc) docs.push(doc)
    }
    return docs
  }
  for (const id of ids) {
    const row = db.revisionAtOrBefore(dataset, id, seq)
    const doc = parseDoc(row?.json ?? null)
    if (doc) docs.push(doc)
  }
  return docs
}
