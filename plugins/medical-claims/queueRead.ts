/**
 * The fact-check queue's reads, per Studio client: what the last read read (./queueCache.ts), so
 * going back to the queue reads only what changed, and the read in progress, so a tool mounted
 * again while it loads (the Studio does so on a first visit) waits for the same read instead of
 * starting another. A read is not stopped when the tool goes away: what it reads fills the cache
 * for the next visit. A refresh (a new `generation`) starts a new read.
 */
import {loadFactCheckQueue, loadWithdrawnArticles, newQueueCache, type PolicyClient, type QueueCache, type QueueItem, type WithdrawnArticle} from './data.ts'
import type {MedicalClaimsOptions} from './rules/types.ts'

export interface QueueRead {
  items: QueueItem[]
  withdrawn: WithdrawnArticle[]
}

const caches = new WeakMap<object, QueueCache>()
const inProgress = new WeakMap<object, {options: MedicalClaimsOptions; generation: number; read: Promise<QueueRead>}>()

function cacheFor(client: object): QueueCache {
  let cache = caches.get(client)
  if (!cache) caches.set(client, (cache = newQueueCache()))
  return cache
}

/** The claims waiting for a fact-checker and the withdrawn articles, as this client reads them now (or is reading them). */
export function readQueue(client: PolicyClient, options: MedicalClaimsOptions, generation: number): Promise<QueueRead> {
  const running = inProgress.get(client)
  if (running && running.options === options && running.generation === generation) return running.read
  const read = Promise.all([loadFactCheckQueue(client, options, new Date(), undefined, cacheFor(client)), loadWithdrawnArticles(client, options)]).then(([items, withdrawn]) => ({items, withdrawn}))
  const entry = {options, generation, read}
  inProgress.set(client, entry)
  const done = () => {
    if (inProgress.get(client) === entry) inProgress.delete(client)
  }
  read.then(done, done)
  return read
}
