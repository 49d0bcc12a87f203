/**
 * Group commit: the writes that arrive while one commit is in progress are checked one after
 * another, each on the state the earlier ones leave, and stored together in one SQLite transaction
 * (lake/store.ts drains the queue). A group holds what passed its checks until that commit.
 */
import type {Change} from './transaction.ts'
import type {DatasetState} from './dataset.ts'
import type {StoredTransaction as StoredTx} from './db.ts'

export interface QueuedWrite<T> {
  job: (group: CommitGroup) => Promise<T>
  resolve: (value: T) => void
  reject: (err: unknown) => void
}

/** A write of a group, settled when the group is committed: its outcome, or why it was refused. */
export type GroupMember =
  | {ok: true; value: unknown; staged: boolean; resolve: (value: unknown) => void; reject: (err: unknown) => void}
  | {ok: false; error: unknown; resolve: (value: unknown) => void; reject: (err: unknown) => void}

export interface StagedTransaction {
  ds: DatasetState
  tx: StoredTx
  changes: Change[]
}

/**
 * The transactions of a group that passed their checks and wait for its SQLite commit. They are
 * applied to memory as they are staged, so later transactions of the group build on them, and
 * taken back out (newest first) when they must not land.
 */
export class CommitGroup {
  readonly staged: StagedTransaction[] = []
  readonly members: GroupMember[] = []
  /** How many transactions the group has staged, counting those already committed. */
  stagedTotal = 0
  private readonly ids = new Set<string>()
  private readonly authors = new Map<string, Set<string>>()

  stage(ds: DatasetState, stored: Array<{tx: StoredTx; changes: Change[]}>): void {
    for (const {tx, changes} of stored) {
      for (const change of changes) ds.put(change.id, change.after)
      this.staged.push({ds, tx, changes})
      this.stagedTotal++
      this.note({ds, tx, changes})
    }
  }

  /** Takes the staged transactions past the first `count` back out of memory. */
  rollbackTo(count: number): void {
    if (this.staged.length <= count) return
    while (this.staged.length > count) {
      const {ds, changes} = this.staged.pop() as StagedTransaction
      for (let i = changes.length - 1; i >= 0; i--) ds.put(changes[i].id, changes[i].before)
    }
    this.ids.clear()
    this.authors.clear()
    for (const staged of this.staged) this.note(staged)
  }

  /** After a commit: what was staged is stored now. */
  forget(): void {
    this.ids.clear()
    this.authors.clear()
  }

  hasTransaction(id: string): boolean {
    return this.ids.has(id)
  }

  /** Authors of staged transactions that touched the id. */
  authorsOf(dataset: string, id: string): Iterable<string> {
    return this.authors.get(`${dataset}\n${id}`) ?? []
  }

  private note({tx, changes}: StagedTransaction): void {
    this.ids.add(tx.id)
    for (const change of changes) {
      const key = `${tx.dataset}\n${change.id}`
      let set = this.authors.get(key)
      if (!set) this.authors.set(key, (set = new Set()))
      set.add(tx.author)
    }
  }
}

