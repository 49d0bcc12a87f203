/**
 * A stand-in Sanity client over an in-memory dataset for the plugin's tests: GROQ is evaluated by
 * groq-js (so the plugin's real queries run), the history API answers NDJSON, `create` stores
 * the document, and `listen` hands its observer to the test.
 */
import {RELEASE_IDS_QUERY} from '../../plugins/medical-claims/rules/editors.ts'
import {evaluate, parse} from 'groq-js'
import {vi} from 'vitest'
import {isPublishedId} from '../../plugins/medical-claims/rules/ids.ts'

export interface Listener {
  query: string
  params: Record<string, unknown>
  next: (event: unknown) => void
}

export interface MockClientOptions {
  documents?: Array<{_id: string; _type: string}>
  /** User ids returned as transaction authors by the history API. */
  historyAuthors?: string[]
  /** Make the history API fail (as on a local lake without it). */
  historyFails?: boolean
  dataset?: string
}

function inPerspective(id: string, perspective: string | undefined): boolean {
  return perspective === 'raw' || isPublishedId(id)
}

let clients = 0

export function createMockClient(init: MockClientOptions = {}) {
  // Each stand-in is its own project, so nothing cached for one test's client answers another's.
  const projectId = `mock${++clients}`
  const documents = [...(init.documents ?? [])]
  const listeners: Listener[] = []
  const dataset = init.dataset ?? 'test'
  const client = {
    documents,
    listeners,
    fetch: vi.fn(async (query: string, params: Record<string, unknown> = {}, options: {perspective?: string} = {}) => {
      const visible = documents.filter((doc) => inPerspective(doc._id, options.perspective))
      const value = await evaluate(parse(query), {dataset: visible, params})
      return value.get()
    }),
    request: vi.fn(async ({url}: {url: string}) => {
      if (!url.startsWith(`/data/history/${dataset}/transactions/`)) throw new Error(`Unexpected request ${url}`)
      if (init.historyFails) throw new Error('history API unavailable')
      // Each author's transaction touched every document asked about.
      const documentIDs = decodeURIComponent(url.slice(`/data/history/${dataset}/transactions/`.length).split('?')[0]).split(',')
      return (init.historyAuthors ?? [])
        .map((author, i) => JSON.stringify({id: `tx${i}`, timestamp: '2026-11-01T00:00:00Z', author, documentIDs}))
        .join('\n')
    }),
    config: () => ({projectId, dataset, apiVersion: '2025-02-19'}),
    withConfig: () => client,
    create: vi.fn(async (doc: {_id: string; _type: string}) => {
      documents.push(doc)
      return doc
    }),
    listen: vi.fn((query: string, params: Record<string, unknown> = {}) => ({
      subscribe(observer: {next?: (event: unknown) => void}) {
        const listener: Listener = {query, params, next: (event) => observer.next?.(event)}
        listeners.push(listener)
        return {
          unsubscribe() {
            const index = listeners.indexOf(listener)
            if (index >= 0) listeners.splice(index, 1)
          },
        }
      },
    })),
  }
  return client
}

export type MockClient = ReturnType<typeof createMockClient>

/** The client's GROQ queries other than the lookup of release names that reading the editors makes (rules/editors.ts RELEASE_IDS_QUERY). */
export function contentQueries(client: MockClient): unknown[][] {
  return client.fetch.mock.calls.filter(([query]) => query !== RELEASE_IDS_QUERY)
}

/** A signed-in user as `useCurrentUser()` returns it. */
export function currentUser(id: string, roles: string[], name = `User ${id}`) {
  return {id, name, email: `${id}@example.test`, role: roles[0] ?? '', roles: roles.map((role) => ({name: role, title: role}))}
}
