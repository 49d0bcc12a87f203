/**
 * The lake's engine: datasets in memory over SQLite, and the one write path every mutation,
 * action and import goes through:
 *
 *   build the transaction on an overlay -> check each changed document against the user's grants
 *   -> check the publish rules -> (dryRun stops here) -> one SQLite transaction -> update memory
 *   and indexes -> notify listeners.
 *
 * Writes are committed in groups. Transactions that arrive while a group is being built wait for
 * the next one; within a group each is built and checked in arrival order against the state the
 * earlier ones leave (they are applied to memory as they pass), then the whole group is written in
 * one SQLite transaction (one fsync). Only then is each acknowledged and do the query workers and
 * listeners see them, in commit order. If that SQLite transaction fails, memory is put back and
 * none of the group is acknowledged. A refused transaction changes nothing; later ones in its group
 * build on the ones before it. A transaction whose build runs a query (a mutation by query) first
 * commits the group so far, so the query workers answer from the state it builds on.
 */
import {mkdirSync} from 'node:fs'
import type {Readable} from 'node:stream'
import {projectClaimOptions} from '../medical-claims.options.ts'
import {getDraftId, getPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import {claimLoadProblem} from '../plugins/medical-claims/rules/policy.ts'
import {resolveOptions} from '../plugins/medical-claims/rules/options.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import {CommitGroup, type GroupMember, type QueuedWrite, type StagedTransaction} from './commit-group.ts'
import {type Doc, DatasetState} from './dataset.ts'
import {LakeDb, type StoredTransaction} from './db.ts'
import {correctionKinds, withdraw, type CorrectionKind} from './corrections.ts'
import {type ArticleViolation, decisionsByEditors, failingPublishedArticles, findViolations, type Policy, violationError} from './enforce.ts'
import {LakeError, badRequest, conflict, forbidden, notFound} from './errors.ts'
import {shownValue} from './document-id.ts'
import {documentLines, parseNdjson, readAll} from './ndjson.ts'
import {MAX_TRANSACTION_DOCUMENTS, transactionTooLarge} from './limits.ts'
import {ListenerHub} from './listen.ts'
import {type Change, TxBuilder, randomId} from './transaction.ts'
import {type Grant, checkWrite, grantsForRole, verifierRoles} from './permissions.ts'
import {type AccessState, emptyAccess, hostedGrants, hostedWriteRefusal, memberRoles} from './hosted-roles.ts'
import {type QueryOptions, type QueryOutcome, type QueryText, runQuery, runQueryText} from './query/index.ts'
import {QueryPool, type QueryPoolOptions} from './query/pool.ts'
import {checkReviews, keepRevocations, stampProvenance} from './provenance.ts'
import {RELEASE_TYPE, applyReleaseAction, dueReleases, meteredOpenReleases, recordScheduledFailure, releaseWriteRefusal} from './releases.ts'
import {selfCheckRefusal} from './role-refusals.ts'
import {stampCorrections} from './correction-stamps.ts'
import {stampPublishedAt} from './published-date.ts'
import type {LakeUser} from './users.ts'

export const DEFAULT_DATASET = 'production'
const DATASET_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/
const TRANSACTION_ID = /^[A-Za-z0-9._-]{1,128}$/

/** The user the lake writes as when no person does (seeding, maintenance). */
export const SYSTEM_USER: LakeUser = {id: 'system', name: 'Local lake', email: 'system@localhost', role: 'administrator', token: ''}

export interface WriteOptions {
  transactionId?: string
  dryRun?: boolean
  /** What the transaction was (stored with it): 'mutate', action types, 'import'. */
  kind: string
  /** What to store as the transaction's mutations (the request's own list). */
  mutations: unknown
  /** Check the publish rules (default true). */
  enforce?: boolean
  /** The lake's scheduler publishing a scheduled release at its time. */
  scheduledPublish?: boolean
  /** The moment the write happens, for the lake's own scheduled writes (never a client's): the clock otherwise. */
  now?: string
  /** The request's `x-sanity-lineage` header (passed on to the Functions its write starts). */
  lineage?: string
}

export interface WriteOutcome<R> {
  transactionId: string
  result: R
  changes: Change[]
  committed: boolean
  /** Published articles the write withdrew (a correction broke them). */
  withdrawn: string[]
}

type StoredTx = StoredTransaction

export interface ImportOptions {
  mode?: 'create' | 'replace' | 'missing'
  user?: LakeUser
  enforce?: boolean
}

export interface LakeOptions {
  projectId?: string
  policy?: Policy | null
  /**
   * The claim options the lake enforces the rules with and takes its fact-checker and verifier
   * roles from (default: the project's, medical-claims.options.ts). Bad options stop the lake.
   */
  claimOptions?: Partial<MedicalClaimsOptions>
  /**
   * Where GROQ runs: on worker threads (the default; these are their limits) or, for scripts that
   * only write, 'in-process'.
   */
  queries?: Omit<QueryPoolOptions, 'dbFile' | 'projectId'> | 'in-process'
  /**
   * Behave like the hosted Content Lake (lake/hosted-roles.ts): no built-in rules (no enforcement,
   * no server stamps, no sweep), hosted roles and the Access API's custom roles instead of the
   * lake's own; the Blueprint's Functions then keep the rules (lake/functions.ts).
   */
  emulateHosted?: boolean
}

/** The Access API's state as stored (a missing or unreadable value: none). */
function loadAccess(json: string | null | undefined): AccessState {
  if (!json) return emptyAccess()
  try {
    const parsed = JSON.parse(json) as AccessState
    return {permissions: parsed.permissions ?? [], roles: parsed.roles ?? [], members: parsed.members ?? {}}
  } catch {
    return emptyAccess()
  }
}

/** What a committed transaction tells those who follow the lake's writes (the Functions emulator). */
export interface CommittedWrite {
  dataset: string
  transactionId: string
  author: string
  /** The `x-sanity-lineage` of the request that wrote it (Functions' recursion control). */
  lineage?: string
  changes: Change[]
}

export class Lake {
  /** The query workers (null when queries run in process). */
  readonly queryPool: QueryPool | null
  readonly db: LakeDb
  readonly hub = new ListenerHub()
  readonly projectId: string
  policy: Policy | null
  /** Whether the lake behaves like the hosted Content Lake (LakeOptions.emulateHosted). */
  readonly hostedLike: boolean
  private access: AccessState
  private readonly commitListeners = new Set<(write: CommittedWrite) => void>()
  /** The claim options of the rules and the roles (resolved). */
  readonly claimOptions: MedicalClaimsOptions
  private readonly datasets = new Map<string, DatasetState>()
  /** The authors of each document id's history (`dataset\nid`), read from SQLite when first asked for and kept up to date by each commit. */
  private readonly authors = new Map<string, Set<string>>()
  /** Writes waiting for the next group. */
  private queue: Array<QueuedWrite<unknown>> = []
  /** The group being built, while one is. */
  private group: CommitGroup | null = null
  private draining = false
  private sweepTimer: NodeJS.Timeout | null = null
  private scheduleTimer: NodeJS.Timeout | null = null

  constructor(dataDir: string, options: LakeOptions = {}) {
    this.claimOptions = resolveOptions(options.claimOptions ?? projectClaimOptions)
    mkdirSync(dataDir, {recursive: true})
    this.db = new LakeDb(dataDir)
    this.projectId = options.projectId ?? 'localdev'
    this.hostedLike = options.emulateHosted === true
    this.policy = this.hostedLike ? null : options.policy ?? null
    this.access = this.hostedLike ? loadAccess(this.db.meta("access")) : emptyAccess()
    this.db.addDataset(DEFAULT_DATASET)
    for (const {name} of this.db.datasets()) this.loadDataset(name)
    const queries = options.queries ?? {}
    this.queryPool = queries === 'in-process' ? null : new QueryPool({...queries, dbFile: this.db.file, projectId: this.projectId})
  }

  private loadDataset(name: string): DatasetState {
    const ds = new DatasetState(name)
    for (const doc of this.db.documents(name)) ds.load(doc)
    for (const id of this.db.versionIdsInHistory(name)) ds.rememberVersion(id)
    this.datasets.set(name, ds)
    return ds
  }

  datasetNames(): Array<{name: string; aclMode: string; createdAt: string}> {
    return this.db.datasets()
  }

  hasDataset(name: string): boolean {
    return this.datasets.has(name)
  }

  /** The dataset, or a 404 in Sanity's shape. */
  dataset(name: string): DatasetState {
    const ds = this.datasets.get(name)
    if (!ds) {
      throw notFound(
        `Dataset "${name}" not found for project ID "${this.projectId}": check the name (sanity dataset list shows them), or create it (sanity dataset create ${name}).`,
        'datasetNotFoundError',
      )
    }
    return ds
  }

  createDataset(name: string, aclMode = 'public'): void {
    if (!DATASET_NAME.test(name)) {
      throw badRequest(`Invalid dataset name "${name}": a dataset name is 1 to 64 lowercase letters, digits, "_" and "-", starting with a letter or digit (such as "staging").`)
    }
    if (this.datasets.has(name)) throw conflict(`Dataset "${name}" already exists: pick another name, or use the one there is.`)
    this.db.addDataset(name, aclMode)
    this.loadDataset(name)
    this.queryPool?.createDataset(name)
  }

  deleteDataset(name: string): void {
    this.dataset(name)
    if (name === DEFAULT_DATASET) throw badRequest(`The "${DEFAULT_DATASET}" dataset cannot be deleted: the Studio and the sites read it. To start afresh, stop the lake and delete its data folder.`)
    this.hub.disconnectAll('dataset deleted', name)
    this.db.dropDataset(name)
    for (const key of this.authors.keys()) if (key.startsWith(`${name}\n`)) this.authors.delete(key)
    this.datasets.delete(name)
    this.queryPool?.dropDataset(name)
  }

  /** Runs a GROQ query on the query workers (in process when there are none). */
  async query(dataset: string, query: string, options: QueryOptions = {}): Promise<QueryOutcome> {
    const ds = this.beforeQuery(dataset)
    if (!this.queryPool) return runQuery(ds, query, {projectId: this.projectId, ...options})
    return this.queryPool.run(dataset, query, options)
  }

  /** Runs a GROQ query like query(), its answer as JSON text (what the HTTP API sends). */
  async queryText(dataset: string, query: string, options: QueryOptions = {}): Promise<QueryText> {
    const ds = this.beforeQuery(dataset)
    if (!this.queryPool) return runQueryText(ds, query, {projectId: this.projectId, ...options})
    return this.queryPool.runText(dataset, query, options)
  }

  /** The dataset a query reads, once what it may build on is committed. */
  private beforeQuery(dataset: string): DatasetState {
    // A query asked while a group holds uncommitted transactions (a mutation by query building on
    // them) commits them first: the workers only ever hold committed state.
    if (this.group && this.group.staged.length > 0) {
      const failure = this.flush(this.group)
      if (failure !== null) throw failure
    }
    return this.dataset(dataset)
  }

  /** The dataset grants of a role under the lake's claim options (what the Studio reads as the ACL). */
  grantsFor(role: string): Grant[] {
    return grantsForRole(role, this.claimOptions)
  }

  /** A user's grants: by its role, or in the hosted-like mode by the roles it holds there. */
  grantsForUser(user: LakeUser): Grant[] {
    return this.hostedLike ? hostedGrants(this.access, memberRoles(this.access, user.id, user.role)) : this.grantsFor(user.role)
  }

  /** The Access API's state in the hosted-like mode (custom permissions, roles, members' roles). */
  accessState(): AccessState {
    return structuredClone(this.access)
  }

  /** Replaces the Access API's state (persisted). */
  setAccessState(state: AccessState): void {
    if (!this.hostedLike) throw badRequest('Custom roles are part of the hosted-like mode: start the lake with --emulate-hosted.')
    this.db.setMeta('access', JSON.stringify(state))
    this.access = structuredClone(state)
  }

  /** Follows every committed write (returns the unsubscribe). */
  onCommit(listener: (write: CommittedWrite) => void): () => void {
    this.commitListeners.add(listener)
    return () => this.commitListeners.delete(listener)
  }

  /** Queues `job` for the next commit group; it settles once that group is committed (or failed). */
  private enqueue<T>(job: (group: CommitGroup) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({job, resolve, reject} as QueuedWrite<unknown>)
      if (this.draining) return
      this.draining = true
      setImmediate(() => void this.drain())
    })
  }

  /** Builds and commits groups until no write waits. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const jobs = this.queue.splice(0)
        const group = new CommitGroup()
        this.group = group
        for (const {job, resolve, reject} of jobs) {
          const before = group.stagedTotal
          try {
            const value = await job(group)
            group.members.push({ok: true, value, staged: group.stagedTotal > before, resolve, reject})
          } catch (err) {
            // A refused transaction leaves nothing behind (what it staged, if anything, is taken back).
            group.rollbackTo(group.staged.length - (group.stagedTotal - before))
            group.members.push({ok: false, error: err, resolve, reject})
          }
        }
        this.flush(group)
        this.group = null
      }
    } finally {
      this.draining = false
      this.group = null
    }
  }

  /**
   * Commits what the group staged in one SQLite transaction, then updates the query workers and
   * listeners in commit order and settles its members. If the commit fails, memory is put back
   * and no member that could have relied on the staged state is acknowledged. Returns the
   * failure, or null.
   */
  private flush(group: CommitGroup): unknown {
    let failure: unknown = null
    if (group.staged.length > 0) {
      try {
        this.db.commitAll(group.staged.map(({tx, changes}) => ({tx, changes: changes.map((c) => ({id: c.id, after: c.after, authored: c.authored}))})))
      } catch (err) {
        failure = err
        group.rollbackTo(0)
      }
    }
    const staged = group.staged.splice(0)
    const members = group.members.splice(0)
    group.forget()
    for (const {tx, changes} of staged) for (const change of changes) this.authors.get(`${tx.dataset}\n${change.id}`)?.add(tx.author)
    // Stored: the query workers get the group's changes in one message, listeners one event per transaction.
    let published: unknown = null
    try {
      let batch: {dataset: string; changes: Change[]} | null = null
      for (const {tx, changes} of staged) {
        if (batch && batch.dataset !== tx.dataset) {
          this.queryPool?.apply(batch.dataset, batch.changes)
          batch = null
        }
        batch ??= {dataset: tx.dataset, changes: []}
        for (const change of changes) batch.changes.push(change)
      }
      if (batch) this.queryPool?.apply(batch.dataset, batch.changes)
      for (const {tx, changes} of staged) this.hub.publish(tx.dataset, {id: tx.id, author: tx.author, timestamp: tx.timestamp, changes})
      for (const {tx, changes} of staged) {
        for (const listener of this.commitListeners) {
          try {
            listener({dataset: tx.dataset, transactionId: tx.id, author: tx.author, ...(tx.lineage ? {lineage: tx.lineage} : {}), changes})
          } catch {
            // A follower's failure is its own.
          }
        }
      }
    } catch (err) {
      published = err
    }
    const firstStaged = members.findIndex((m) => m.ok && m.staged)
    members.forEach((member, i) => {
      if (!member.ok) member.reject(member.error)
      else if (failure !== null && firstStaged !== -1 && i >= firstStaged) member.reject(failure)
      else if (published !== null && member.staged) member.reject(published)
      else member.resolve(member.value)
    })
    return failure
  }

  /** The last revision of a document that existed, from the history (null if it never did). */
  private lastExisting(dataset: string, id: string): Doc | null {
    const json = this.db.lastExistingRevision(dataset, id)?.json
    return json ? (JSON.parse(json) as Doc) : null
  }

  /** Users whose transactions touched the id, including transactions staged in the group being built. */
  private authorsOf(group: CommitGroup, dataset: string, id: string): string[] {
    const key = `${dataset}\n${id}`
    let stored = this.authors.get(key)
    if (!stored) this.authors.set(key, (stored = new Set(this.db.authorsOf(dataset, id))))
    const authors = [...stored]
    for (const author of group.authorsOf(dataset, id)) if (!stored.has(author)) authors.push(author)
    return authors
  }

  /** The one write path (see the file comment). */
  write<R>(dataset: string, user: LakeUser, options: WriteOptions, build: (tx: TxBuilder) => Promise<R> | R): Promise<WriteOutcome<R>> {
    return this.enqueue(async (group) => {
      const ds = this.dataset(dataset)
      const transactionId = options.transactionId ?? randomId()
      if (!TRANSACTION_ID.test(transactionId)) {
        throw badRequest(`Invalid transactionId ${JSON.stringify(transactionId)}: a transaction id is 1 to 128 letters, digits, ".", "_" and "-"; leave it out and the lake makes one.`)
      }
      // An id the lake made is new (22 random characters); one the client gave is checked.
      if (!options.dryRun && options.transactionId !== undefined && (group.hasTransaction(transactionId) || this.db.transactionExists(transactionId))) {
        throw conflict(`Transaction ID "${transactionId}" has already been used, so nothing was written: give each write a new transactionId, or leave it out and the lake makes one.`)
      }
      const now = options.now ?? new Date().toISOString()
      const tx = new TxBuilder(ds, transactionId, now)
      tx.lastExisting = (id) => this.lastExisting(dataset, id)
      tx.scheduledPublish = options.scheduledPublish === true
      const built = build(tx)
      const result = built instanceof Promise ? await built : built
      const authorsOf = (id: string) => this.authorsOf(group, dataset, id)
      // The hosted Content Lake checks no rules and stamps nothing: neither does the hosted-like mode.
      const enforce = options.enforce !== false && !this.hostedLike
      // Who decided or verified, and when, is the signed-in user and this clock (lake/provenance.ts).
      if (enforce) stampProvenance(tx, user, now, user.role === 'administrator' || verifierRoles(this.claimOptions).has(user.role), this.claimOptions)
      // A revoked credential stays revoked until it is verified again (lake/provenance.ts).
      if (enforce) keepRevocations(tx)
      // When an article was corrected is this clock too (lake/correction-stamps.ts).
      if (enforce) stampCorrections(tx, now, (id) => this.lastExisting(dataset, id))
      // And when it was first published (lake/published-date.ts).
      if (enforce) stampPublishedAt(tx, now, (id) => this.lastExisting(dataset, id))
      const changes = tx.changes()
      if (user !== SYSTEM_USER && changes.length > MAX_TRANSACTION_DOCUMENTS) {
        throw transactionTooLarge(
          `This transaction changes ${changes.length.toLocaleString('en-US')} documents`,
          `Make the change in several transactions of at most ${MAX_TRANSACTION_DOCUMENTS.toLocaleString('en-US')} documents each (a patch or delete by query: narrow the query, or page through it by _id).`,
        )
      }
      // What judging a document's claims would read is bounded, so no write can hold (or exhaust) the server in the rules.
      if (user !== SYSTEM_USER) {
        for (const change of changes) {
          const problem = change.after && Array.isArray(change.after.body) ? claimLoadProblem(change.after.body) : null
          if (problem) throw new LakeError(413, 'documentTooLargeError', `"${change.id}" was not written: ${problem}`, {documentId: change.id})
        }
      }
      // Release documents change only through the release actions, and locked versions not at all (lake/releases.ts).
      for (const change of changes) {
        const refusal = releaseWriteRefusal(tx, change)
        if (refusal) throw forbidden(`Permission denied. ${refusal}`, {documentId: change.id})
      }

      // The lake's own writes (the seed, maintenance) are trusted; every user's is checked against the grants.
      if (this.hostedLike && user !== SYSTEM_USER) {
        const roles = memberRoles(this.access, user.id, user.role)
        const grants = hostedGrants(this.access, roles)
        for (const change of changes) {
          const reason = await hostedWriteRefusal(grants, user.id, roles, change)
          if (reason) throw new LakeError(403, 'insufficientPermissionsError', `Permission denied: ${reason}`, {documentId: change.id})
        }
      }
      for (const change of user === SYSTEM_USER || this.hostedLike ? [] : changes) {
        const base = getPublishedId(change.id)
        const draftId = getDraftId(base)
        const reason = await checkWrite(
          user,
          {...change, publishedBefore: ds.docs.get(base) ?? null, publishedAfter: tx.get(base), draftBefore: ds.docs.get(draftId) ?? null, draftAfter: tx.get(draftId)},
          this.claimOptions,
        )
        if (reason) throw forbidden(`Permission denied. ${reason}`, {documentId: change.id})
      }

      if (enforce) {
        checkReviews(tx, user, now, this.claimOptions)
        const [selfChecked] = decisionsByEditors({ds, changes, authorsOf, author: user.id})
        if (selfChecked) {
          throw forbidden(`Permission denied. ${selfCheckRefusal(user, selfChecked, this.claimOptions)}`, {documentId: selfChecked.decisionId})
        }
      }

      // A correction that breaks published articles withdraws them (lake/corrections.ts); any other such write is refused.
      let withdrawals: ArticleViolation[] = []
      let corrections: CorrectionKind[] | null = null
      if (enforce && this.policy && changes.length > 0) {
        const violations = findViolations(this.policy, {
          ds,
          changes,
          after: (id) => tx.get(id),
          authorsOf,
          author: user.id,
          now,
          options: this.claimOptions,
        })
        if (violations.length > 0) {
          corrections = correctionKinds(changes)
          if (!corrections || violations.some((v) => v.reason !== 'broken')) throw violationError(violations)
          withdrawals = violations
        }
      }

      if (options.dryRun || changes.length === 0) return {transactionId, result, changes, committed: false, withdrawn: withdrawals.map((w) => w.articleId)}

      const stored = [{tx: {id: transactionId, dataset, author: user.id, timestamp: now, kind: options.kind, mutations: options.mutations, ...(options.lineage ? {lineage: options.lineage} : {})}, changes}]
      if (withdrawals.length > 0) stored.push(this.withdrawal(ds, withdrawals, {kinds: corrections ?? [], transactionId, author: user.id}, now))
      group.stage(ds, stored)
      return {transactionId, result, changes, committed: true, withdrawn: withdrawals.map((w) => w.articleId)}
    })
  }

  /** The lake's own transaction withdrawing articles (see lake/corrections.ts). */
  private withdrawal(ds: DatasetState, violations: ArticleViolation[], cause: Parameters<typeof withdraw>[2], now: string): {tx: StoredTx; changes: Change[]} {
    const wtx = new TxBuilder(ds, randomId(), now)
    withdraw(wtx, violations, cause, now)
    const mutations = [{withdraw: {articles: violations.map((v) => ({id: v.articleId, codes: v.issues.map((i) => i.code)})), cause}}]
    return {tx: {id: wtx.id, dataset: ds.name, author: SYSTEM_USER.id, timestamp: now, kind: 'withdrawal', mutations}, changes: wtx.changes()}
  }

  /**
   * Withdraws the published articles that time alone made fail (a credential expired, a review
   * fell due) in every dataset. Verdicts change only at UTC midnight, so the lake sweeps at start
   * and at each midnight (see startSweeping); site queries never show such an article meanwhile.
   */
  sweep(now = new Date().toISOString()): Promise<string[]> {
    return this.enqueue(async (group) => {
      const withdrawn: string[] = []
      if (!this.policy) return withdrawn
      for (const {name} of this.db.datasets()) {
        const ds = this.datasets.get(name)
        if (!ds) continue
        const failing = failingPublishedArticles(this.policy, {ds, authorsOf: (id) => this.authorsOf(group, name, id), now, options: this.claimOptions})
        if (failing.length === 0) continue
        group.stage(ds, [this.withdrawal(ds, failing, {kinds: ['time'], transactionId: null, author: SYSTEM_USER.id}, now)])
        for (const f of failing) withdrawn.push(f.articleId)
      }
      return withdrawn
    })
  }

  /** The release documents of a dataset (none for one that is not loaded). */
  private releasesOf(dataset: string): Doc[] {
    const ds = this.datasets.get(dataset)
    if (!ds) return []
    return [...ds.idsOfType(RELEASE_TYPE)].map((id) => ds.docs.get(id)).filter((d): d is Doc => Boolean(d))
  }

  /** Open releases a plan would meter, across the lake's datasets or those named (the Studio asks before it creates one). */
  meteredOpenReleases(only?: readonly string[]): number {
    const datasets = this.db.datasets().map((d) => d.name).filter((name) => !only || only.includes(name))
    return meteredOpenReleases(datasets.flatMap((name) => this.releasesOf(name)))
  }

  /**
   * Publishes the scheduled releases whose time has come, each in its own transaction checked like
   * any publish. One that the rules refuse (a credential lapsed since it was scheduled, say) does
   * not publish: it goes back to active with the refusal as its error. Returns what happened.
   */
  async publishDueReleases(now = new Date().toISOString()): Promise<Array<{dataset: string; release: string; published: boolean; error?: string}>> {
    const outcomes: Array<{dataset: string; release: string; published: boolean; error?: string}> = []
    for (const {name: dataset} of this.db.datasets()) {
      const releases = this.releasesOf(dataset)
      for (const release of dueReleases(releases, now)) {
        const action = {actionType: 'sanity.action.release.publish', releaseId: release}
        try {
          await this.write(dataset, SYSTEM_USER, {kind: 'actions', mutations: [action], scheduledPublish: true, now}, (tx) => applyReleaseAction(tx, action, 0))
          outcomes.push({dataset, release, published: true})
        } catch (err) {
          const message = err instanceof LakeError ? err.explanation() : err instanceof Error ? err.message : String(err)
          await this.write(dataset, SYSTEM_USER, {kind: 'release-failure', mutations: [{releaseFailed: {releaseId: release, message}}], enforce: false, now}, (tx) => recordScheduledFailure(tx, release, message))
          outcomes.push({dataset, release, published: false, error: message})
        }
      }
    }
    return outcomes
  }

  /** Publishes due releases every `intervalMs` until the lake closes (Sanity publishes scheduled releases within about a minute; the lake checks each second). */
  startPublishingScheduled(onError: (err: unknown) => void = () => undefined, intervalMs = 1000): void {
    let running = false
    this.scheduleTimer = setInterval(() => {
      if (running) return
      running = true
      this.publishDueReleases()
        .catch(onError)
        .finally(() => {
          running = false
        })
    }, intervalMs)
    this.scheduleTimer.unref()
  }

  /** Sweeps after every UTC midnight (and first now, unless `now` is false) until the lake closes. */
  startSweeping(onError: (err: unknown) => void = () => undefined, now = true): void {
    const run = () => void this.sweep().catch(onError)
    const schedule = () => {
      const next = new Date()
      next.setUTCHours(24, 0, 1, 0)
      this.sweepTimer = setTimeout(() => {
        run()
        schedule()
      }, next.getTime() - Date.now())
      this.sweepTimer.unref()
    }
    if (now) run()
    schedule()
  }

  /**
   * Imports NDJSON documents in one transaction. Every line is checked first: a line that is not
   * JSON, or a document without a valid `_id` or `_type`, refuses the whole file (with its line
   * number) and nothing is written. Modes: create (fail if any exists), replace, missing (skip existing).
   */
  async importNdjson(dataset: string, input: string | Readable, options: ImportOptions = {}): Promise<{transactionId: string | null; created: number; replaced: number; skipped: number}> {
    const text = typeof input === 'string' ? input : await readAll(input)
    // A user's import over the limit is refused before its lines are parsed.
    const lines = options.user && options.user !== SYSTEM_USER ? documentLines(text) : 0
    if (lines > MAX_TRANSACTION_DOCUMENTS) {
      throw transactionTooLarge(
        `This import has ${lines.toLocaleString('en-US')} documents`,
        `Split the file into parts of at most ${MAX_TRANSACTION_DOCUMENTS.toLocaleString('en-US')} lines, each imported by its own request, or start a new lake with the file as its seed (--seed file.ndjson), which imports it whole.`,
      )
    }
    const docs = parseNdjson(text)
    const mode = options.mode ?? 'create'
    if (!['create', 'replace', 'missing'].includes(mode)) {
      throw badRequest(`Unknown import mode ${shownValue(mode)}: use "create" (refuse existing documents), "replace" or "missing" (keep existing ones), as ?mode=replace.`)
    }
    const counts = {created: 0, replaced: 0, skipped: 0}
    const outcome = await this.write(
      dataset,
      options.user ?? SYSTEM_USER,
      {kind: 'import', mutations: [{import: {mode, count: docs.length}}], enforce: options.enforce},
      (tx) => {
        for (const doc of docs) {
          const existing = tx.get(doc._id)
          if (existing && mode === 'create') {
            throw conflict(
              `Import refused, nothing was imported: document "${doc._id}" already exists in "${dataset}". Import with mode "replace" to overwrite existing documents, or "missing" to keep them.`,
              'documentAlreadyExistsError',
              {id: doc._id},
            )
          }
          if (existing && mode === 'missing') {
            counts.skipped++
            continue
          }
          if (existing) counts.replaced++
          else counts.created++
          tx.put(doc._id, doc, true)
        }
      },
    )
    return {transactionId: outcome.committed ? outcome.transactionId : null, ...counts}
  }

  /** All documents of a dataset (sorted by _id), optionally only some types; release documents stay out, as an import takes no system documents. */
  exportDocuments(dataset: string, types?: string[]): Doc[] {
    const docs = this.dataset(dataset).view('raw').all().filter((d) => d._type !== RELEASE_TYPE)
    if (!types || types.length === 0) return docs
    const wanted = new Set(types)
    return docs.filter((d) => wanted.has(d._type))
  }

  close(): void {
    if (this.sweepTimer) clearTimeout(this.sweepTimer)
    if (this.scheduleTimer) clearInterval(this.scheduleTimer)
    void this.queryPool?.close()
    this.hub.disconnectAll('server shutting down')
    this.db.close()
  }
}
