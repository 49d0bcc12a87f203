/**
 * SQLite storage (node:sqlite) for the lake: documents, transactions, per-document revisions,
 * datasets, the refusal audit log and per-user key/value pairs. WAL mode with synchronous=FULL:
 * a transaction the API acknowledged is on disk and survives SIGKILL (and power loss).
 */
import {DatabaseSync, type StatementSync} from 'node:sqlite'
import path from 'node:path'
import type {Doc} from './dataset.ts'
import {AUDIT_FIELD_MAX, AUDIT_MAX_ROWS, cutText} from './limits.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS datasets (
  name TEXT PRIMARY KEY,
  aclMode TEXT NOT NULL DEFAULT 'public',
  createdAt TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
  dataset TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  rev TEXT NOT NULL,
  json TEXT NOT NULL,
  updatedAt TEXT NOT NULL,
  PRIMARY KEY (dataset, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS transactions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  dataset TEXT NOT NULL,
  author TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  kind TEXT NOT NULL,
  mutations TEXT NOT NULL,
  documentIds TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_dataset_time ON transactions (dataset, timestamp);
CREATE TABLE IF NOT EXISTS revisions (
  dataset TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  rev TEXT NOT NULL,
  authored INTEGER NOT NULL,
  json TEXT,
  pos INTEGER,
  PRIMARY KEY (dataset, id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  user TEXT NOT NULL,
  method TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  status INTEGER NOT NULL,
  reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS keyvalue (
  user TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (user, key)
) WITHOUT ROWID;
`

/**
 * The schema's version (meta `schemaVersion`). 1: before revisions had `pos`. 2: each revision
 * keeps its document's position in its transaction's `documentIds`, so the history of some
 * documents is read from their own revisions without the whole transaction's list.
 */
export const SCHEMA_VERSION = 2

/** A transaction without its list of documents. */
export interface TransactionHead {
  seq: number
  id: string
  dataset: string
  author: string
  timestamp: string
  kind: string
}

/** A transaction with its mutations and list of documents (JSON text). */
export interface TransactionRow extends TransactionHead {
  mutations: string
  documentIds: string
}

export interface RevisionRow {
  id: string
  seq: number
  rev: string
  authored: number
  json: string | null
}

export interface StoredChange {
  id: string
  after: Doc | null
  authored: boolean
}

export interface AuditEntry {
  time: string
  user: string
  method: string
  endpoint: string
  status: number
  reason: string
}

/** A transaction as stored: who, when, what kind, and the request's own mutations. */
export interface StoredTransaction {
  id: string
  dataset: string
  author: string
  timestamp: string
  kind: string
  mutations: unknown
  /** The request's `x-sanity-lineage` (not stored: it matters only to the Functions the write starts). */
  lineage?: string
}

export class LakeDb {
  readonly db: DatabaseSync
  private readonly stmts: Record<string, StatementSync>

  /** The SQLite file (query workers read their replicas from it). */
  readonly file: string

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'lake.sqlite')
    this.db = new DatabaseSync(this.file)
    this.db.exec('PRAGMA journal_mode = WAL')
    this.db.exec('PRAGMA synchronous = FULL')
    this.db.exec('PRAGMA foreign_keys = ON')
    this.db.exec(SCHEMA)
    try {
      this.migrate()
    } catch (err) {
      this.db.close()
      throw err
    }
    const s = (sql: string) => this.db.prepare(sql)
    this.stmts = {
      datasets: s('SELECT name, aclMode, createdAt FROM datasets ORDER BY name'),
      addDataset: s('INSERT OR IGNORE INTO datasets (name, aclMode, createdAt) VALUES (?, ?, ?)'),
      dropDataset: s('DELETE FROM datasets WHERE name = ?'),
      dropDocs: s('DELETE FROM documents WHERE dataset = ?'),
      dropTx: s('DELETE FROM transactions WHERE dataset = ?'),
      dropRevs: s('DELETE FROM revisions WHERE dataset = ?'),
      docs: s('SELECT json FROM documents WHERE dataset = ?'),
      upsertDoc: s(
        'INSERT INTO documents (dataset, id, type, rev, json, updatedAt) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dataset, id) DO UPDATE SET type = excluded.type, rev = excluded.rev, json = excluded.json, updatedAt = excluded.updatedAt',
      ),
      deleteDoc: s('DELETE FROM documents WHERE dataset = ? AND id = ?'),
      insertTx: s('INSERT INTO transactions (id, dataset, author, timestamp, kind, mutations, documentIds) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertRev: s('INSERT INTO revisions (dataset, id, seq, rev, authored, json, pos) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      txExists: s('SELECT 1 AS x FROM transactions WHERE id = ?'),
      txById: s('SELECT * FROM transactions WHERE id = ?'),
      txBySeq: s('SELECT * FROM transactions WHERE seq = ?'),
      txHeadById: s('SELECT seq, id, dataset, author, timestamp, kind FROM transactions WHERE id = ?'),
      txDocumentIds: s('SELECT documentIds FROM transactions WHERE seq = ?'),
      txMutations: s('SELECT mutations FROM transactions WHERE seq = ?'),
      revsOfDoc: s('SELECT id, seq, rev, authored, json FROM revisions WHERE dataset = ? AND id = ? ORDER BY seq'),
      revAtOrBefore: s('SELECT id, seq, rev, authored, json FROM revisions WHERE dataset = ? AND id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1'),
      revBefore: s('SELECT id, seq, rev, authored, json FROM revisions WHERE dataset = ? AND id = ? AND seq < ? ORDER BY seq DESC LIMIT 1'),
      lastNonNullRev: s('SELECT id, seq, rev, authored, json FROM revisions WHERE dataset = ? AND id = ? AND json IS NOT NULL ORDER BY seq DESC LIMIT 1'),
      lastSeqAtTime: s('SELECT MAX(seq) AS seq FROM transactions WHERE dataset = ? AND timestamp <= ?'),
      authorsOf: s('SELECT DISTINCT t.author AS author FROM revisions r JOIN transactions t ON t.seq = r.seq WHERE r.dataset = ? AND r.id = ?'),
      // Every release version id the history holds ("/" sorts right after ".": a range over the key).
      versionIds: s("SELECT DISTINCT id FROM revisions WHERE dataset = ? AND id >= 'versions.' AND id < 'versions/'"),
      audit: s('INSERT INTO audit (time, user, method, endpoint, status, reason) VALUES (?, ?, ?, ?, ?, ?)'),
      auditRotate: s('DELETE FROM audit WHERE seq <= ?'),
      auditCount: s('SELECT COUNT(*) AS n FROM audit'),
      auditList: s('SELECT time, user, method, endpoint, status, reason FROM audit ORDER BY seq DESC LIMIT ?'),
      kvGet: s('SELECT value FROM keyvalue WHERE user = ? AND key = ?'),
      kvSet: s('INSERT INTO keyvalue (user, key, value) VALUES (?, ?, ?) ON CONFLICT (user, key) DO UPDATE SET value = excluded.value'),
      kvDelete: s('DELETE FROM keyvalue WHERE user = ? AND key = ?'),
      kvSizes: s('SELECT key, length(CAST(key AS BLOB)) + length(CAST(value AS BLOB)) AS bytes FROM keyvalue WHERE user = ?'),
      metaGet: s('SELECT value FROM meta WHERE key = ?'),
      metaSet: s('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    }
  }

  close(): void {
    this.db.close()
  }

  /**
   * Brings a data folder's database made by an earlier lake up to SCHEMA_VERSION, in one SQLite
   * transaction: 1 -> 2 gives every revision its position in its transaction.
   */
  private migrate(): void {
    const stored = this.db.prepare("SELECT value FROM meta WHERE key = 'schemaVersion'").get() as {value: string} | undefined
    const columns = this.db.prepare('PRAGMA table_info(revisions)').all() as Array<{name: string}>
    const version = stored ? Number(stored.value) : columns.some((c) => c.name === 'pos') ? SCHEMA_VERSION : 1
    if (version > SCHEMA_VERSION) throw new Error(`${this.file} was written by a newer lake (schema version ${version}; this lake knows up to ${SCHEMA_VERSION})`)
    this.inTransaction(() => {
      if (version < 2) {
        if (!columns.some((c) => c.name === 'pos')) this.db.exec('ALTER TABLE revisions ADD COLUMN pos INTEGER')
        const setPos = this.db.prepare('UPDATE revisions SET pos = ? WHERE dataset = ? AND id = ? AND seq = ?')
        const rows = this.db.prepare('SELECT seq, dataset, documentIds FROM transactions ORDER BY seq').iterate() as Iterable<{seq: number; dataset: string; documentIds: string}>
        for (const row of rows) (JSON.parse(row.documentIds) as string[]).forEach((id, pos) => setPos.run(pos, row.dataset, id, row.seq))
      }
      if (version !== SCHEMA_VERSION || !stored) {
        this.db.prepare("INSERT INTO meta (key, value) VALUES ('schemaVersion', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(SCHEMA_VERSION))
      }
    })
  }

  datasets(): Array<{name: string; aclMode: string; createdAt: string}> {
    return this.stmts.datasets.all() as Array<{name: string; aclMode: string; createdAt: string}>
  }

  addDataset(name: string, aclMode = 'public'): void {
    this.stmts.addDataset.run(name, aclMode, new Date().toISOString())
  }

  dropDataset(name: string): void {
    this.inTransaction(() => {
      this.stmts.dropDocs.run(name)
      this.stmts.dropRevs.run(name)
      this.stmts.dropTx.run(name)
      this.stmts.dropDataset.run(name)
    })
  }

  *documents(dataset: string): Generator<Doc> {
    for (const row of this.stmts.docs.iterate(dataset) as Iterable<{json: string}>) yield JSON.parse(row.json) as Doc
  }

  transactionExists(id: string): boolean {
    return this.stmts.txExists.get(id) !== undefined
  }

  inTransaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const result = fn()
      this.db.exec('COMMIT')
      return result
    } catch (err) {
      this.db.exec('ROLLBACK')
      throw err
    }
  }

  /** Writes one lake transaction: documents, the transaction row and a revision per document. Atomic. */
  commit(tx: StoredTransaction, changes: StoredChange[]): number {
    return this.inTransaction(() => this.insertTransaction(tx, changes))
  }

  /** Several transactions in one SQLite transaction: all of them are stored, or none. Returns their sequence numbers. */
  commitAll(transactions: ReadonlyArray<{tx: StoredTransaction; changes: StoredChange[]}>): number[] {
    return this.inTransaction(() => transactions.map(({tx, changes}) => this.insertTransaction(tx, changes)))
  }

  private insertTransaction(tx: StoredTransaction, changes: StoredChange[]): number {
    const info = this.stmts.insertTx.run(tx.id, tx.dataset, tx.author, tx.timestamp, tx.kind, JSON.stringify(tx.mutations), JSON.stringify(changes.map((c) => c.id)))
    const seq = Number(info.lastInsertRowid)
    changes.forEach((change, pos) => {
      if (change.after) {
        const json = JSON.stringify(change.after)
        this.stmts.upsertDoc.run(tx.dataset, change.id, change.after._type, change.after._rev ?? tx.id, json, tx.timestamp)
        this.stmts.insertRev.run(tx.dataset, change.id, seq, tx.id, change.authored ? 1 : 0, json, pos)
      } else {
        this.stmts.deleteDoc.run(tx.dataset, change.id)
        this.stmts.insertRev.run(tx.dataset, change.id, seq, tx.id, 0, null, pos)
      }
    })
    return seq
  }

  transaction(id: string): TransactionRow | undefined {
    return this.stmts.txById.get(id) as TransactionRow | undefined
  }

  /** A transaction's who, when and kind, without reading its mutations or its list of documents. */
  transactionHead(id: string): TransactionHead | undefined {
    return this.stmts.txHeadById.get(id) as TransactionHead | undefined
  }

  /** Every document id a transaction changed, in the order it changed them. */
  documentIdsOf(seq: number): string[] {
    const row = this.stmts.txDocumentIds.get(seq) as {documentIds: string} | undefined
    return row ? (JSON.parse(row.documentIds) as string[]) : []
  }

  /** The mutations stored with a transaction (as JSON text). */
  mutationsOf(seq: number): string {
    return (this.stmts.txMutations.get(seq) as {mutations: string} | undefined)?.mutations ?? 'null'
  }

  /**
   * The revisions a transaction wrote for some of the ids, in the order it changed them: read
   * from those ids' own entries, whatever else the transaction changed. `json` is left out
   * (null) unless asked for.
   */
  revisionsIn(dataset: string, seq: number, ids: string[], withJson: boolean): RevisionRow[] {
    if (ids.length === 0) return []
    const columns = withJson ? 'id, seq, rev, authored, json' : 'id, seq, rev, authored, NULL AS json'
    const sql = `SELECT ${columns} FROM revisions WHERE dataset = ? AND seq = ? AND id IN (${ids.map(() => '?').join(',')}) ORDER BY pos`
    return this.db.prepare(sql).all(dataset, seq, ...ids) as unknown as RevisionRow[]
  }

  transactionBySeq(seq: number): TransactionRow | undefined {
    return this.stmts.txBySeq.get(seq) as TransactionRow | undefined
  }

  /** Transactions touching any of the ids, oldest first, with optional bounds on seq and time. */
  transactionsFor(
    dataset: string,
    ids: string[],
    bounds: {fromSeq?: number; toSeq?: number; fromTime?: string; toTime?: string; reverse?: boolean; limit?: number},
  ): TransactionHead[] {
    if (ids.length === 0) return []
    const where: string[] = ['t.dataset = ?', `t.seq IN (SELECT seq FROM revisions WHERE dataset = ? AND id IN (${ids.map(() => '?').join(',')}))`]
    const args: Array<string | number> = [dataset, dataset, ...ids]
    if (bounds.fromSeq !== undefined) {
      where.push('t.seq >= ?')
      args.push(bounds.fromSeq)
    }
    if (bounds.toSeq !== undefined) {
      where.push('t.seq <= ?')
      args.push(bounds.toSeq)
    }
    if (bounds.fromTime !== undefined) {
      where.push('t.timestamp >= ?')
      args.push(bounds.fromTime)
    }
    if (bounds.toTime !== undefined) {
      where.push('t.timestamp <= ?')
      args.push(bounds.toTime)
    }
    const order = bounds.reverse ? 'DESC' : 'ASC'
    const limit = bounds.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(bounds.limit))}` : ''
    const sql = `SELECT t.seq, t.id, t.dataset, t.author, t.timestamp, t.kind FROM transactions t WHERE ${where.join(' AND ')} ORDER BY t.seq ${order}${limit}`
    return this.db.prepare(sql).all(...args) as unknown as TransactionHead[]
  }

  revisionAtOrBefore(dataset: string, id: string, seq: number): RevisionRow | undefined {
    return this.stmts.revAtOrBefore.get(dataset, id, seq) as RevisionRow | undefined
  }

  revisionBefore(dataset: string, id: string, seq: number): RevisionRow | undefined {
    return this.stmts.revBefore.get(dataset, id, seq) as RevisionRow | undefined
  }

  lastExistingRevision(dataset: string, id: string): RevisionRow | undefined {
    return this.stmts.lastNonNullRev.get(dataset, id) as RevisionRow | undefined
  }

  lastSeqAtTime(dataset: string, time: string): number | null {
    const row = this.stmts.lastSeqAtTime.get(dataset, time) as {seq: number | null} | undefined
    return row?.seq ?? null
  }

  /**
   * Users whose transactions touched this document id: the same definition as the plugin's
   * `fetchEditors` (authors in the history API), so the Studio and the lake agree on editors.
   */
  /** The id of every release version that ever existed in the dataset (published, archived or discarded ones too). */
  versionIdsInHistory(dataset: string): string[] {
    return (this.stmts.versionIds.all(dataset) as Array<{id: string}>).map((r) => r.id)
  }

  authorsOf(dataset: string, id: string): string[] {
    return (this.stmts.authorsOf.all(dataset, id) as Array<{author: string}>).map((r) => r.author)
  }

  /**
   * Records a refusal: text fields cut to AUDIT_FIELD_MAX characters, and the oldest rows deleted
   * so that at most AUDIT_MAX_ROWS remain.
   */
  audit(entry: AuditEntry): void {
    const write = () => {
      const info = this.stmts.audit.run(
        cutText(entry.time, 40),
        cutText(entry.user, AUDIT_FIELD_MAX.user),
        cutText(entry.method, AUDIT_FIELD_MAX.method),
        cutText(entry.endpoint, AUDIT_FIELD_MAX.endpoint),
        entry.status,
        cutText(entry.reason, AUDIT_FIELD_MAX.reason),
      )
      const seq = Number(info.lastInsertRowid)
      if (seq > AUDIT_MAX_ROWS) this.stmts.auditRotate.run(seq - AUDIT_MAX_ROWS)
    }
    if (this.db.isTransaction) write()
    else this.inTransaction(write)
  }

  auditCount(): number {
    return (this.stmts.auditCount.get() as {n: number}).n
  }

  auditLog(limit = 100): AuditEntry[] {
    return this.stmts.auditList.all(limit) as unknown as AuditEntry[]
  }

  keyValue(user: string, key: string): unknown {
    const row = this.stmts.kvGet.get(user, key) as {value: string} | undefined
    return row ? (JSON.parse(row.value) as unknown) : null
  }

  setKeyValue(user: string, key: string, value: unknown): void {
    this.stmts.kvSet.run(user, key, JSON.stringify(value ?? null))
  }

  /**
   * Writes pairs of one user in one transaction (`json` null deletes the key). `plan` is given the
   * user's stored sizes (key -> bytes of key and value) and returns the pairs to write; when it
   * throws, nothing is written.
   */
  updateKeyValues(user: string, plan: (stored: Map<string, number>) => Array<{key: string; json: string | null}>): void {
    this.inTransaction(() => {
      const rows = this.stmts.kvSizes.all(user) as Array<{key: string; bytes: number}>
      for (const {key, json} of plan(new Map(rows.map((r) => [r.key, r.bytes])))) {
        if (json === null) this.stmts.kvDelete.run(user, key)
        else this.stmts.kvSet.run(user, key, json)
      }
    })
  }

  meta(key: string): string | null {
    const row = this.stmts.metaGet.get(key) as {value: string} | undefined
    return row?.value ?? null
  }

  setMeta(key: string, value: string): void {
    this.stmts.metaSet.run(key, value)
  }
}
