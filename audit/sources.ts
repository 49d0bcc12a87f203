/**
 * Where the audit reads a dataset from, streamed one document at a time:
 *  - an NDJSON export file (`sanity dataset export` gives a .tar.gz: extract data.ndjson from it;
 *    a gzipped .ndjson.gz is read as is). It has no history, so approvers' edits are not checked.
 *  - the local Content Lake (its export endpoint, https with its self-signed certificate, which
 *    is accepted for loopback hosts only) and its history API for the editors of each article.
 *  - a hosted Sanity project through @sanity/client (export endpoint and history API), whose
 *    API does not enforce Studio rules: the reason this audit exists.
 */
import {createReadStream, existsSync, statSync} from 'node:fs'
import {createInterface} from 'node:readline'
import type {Readable} from 'node:stream'
import {createGunzip} from 'node:zlib'
import {API_VERSION} from '../plugins/medical-claims/rules/constants.ts'
import {RELEASE_IDS_QUERY, editorHistoryIds, editorsByArticle, historyIdBatches, historyTransactionsPath, parseHistoryAuthors} from '../plugins/medical-claims/rules/editors.ts'
import {createLakeClient} from '../queries/lakeClient.ts'
import {AuditDataset, type AuditScope} from './dataset.ts'

/** The source could not be read (missing file, unreachable host, refused token, broken line). */
export class AuditSourceError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AuditSourceError'
  }
}

export interface Progress {
  documents(count: number): void
  step(label: string, done: number, total: number): void
  finish(): void
}

/** Progress on stderr: a line every `every` documents (overwritten in place on a terminal). */
export function progressReporter(stream: {write(text: string): unknown; isTTY?: boolean}, every: number): Progress {
  let shown = false
  const tty = Boolean(stream.isTTY)
  const show = (text: string) => {
    shown = true
    stream.write(tty ? `\r${text}\u001b[K` : `${text}\n`)
  }
  return {
    documents(count) {
      if (every > 0 && count % every === 0) show(`Read ${count} documents…`)
    },
    step(label, done, total) {
      if (every > 0 && total >= every && (done % every === 0 || done === total)) show(`${label} ${done}/${total}…`)
    },
    finish() {
      if (shown && tty) stream.write('\n')
    },
  }
}

export const SILENT: Progress = {documents: () => undefined, step: () => undefined, finish: () => undefined}

export interface LoadedDataset {
  dataset: AuditDataset
  /** Editors per published article id; null when the source keeps no history. */
  editors: Map<string, string[]> | null
  /** Who wrote each fact-check decision, from the history (null without history). */
  decisionAuthors?: Map<string, string[]> | null
  /** Authors whose writes are the source's own and trusted (the local lake's seeding: `system`). */
  trustedAuthors?: string[]
  /** Why editors are null, when they are. */
  editorsNote?: string
  description: string
}

async function readLines(lines: AsyncIterable<string>, dataset: AuditDataset, progress: Progress, where: string): Promise<void> {
  let lineNumber = 0
  for await (const line of lines) {
    lineNumber++
    const text = line.trim()
    if (text === '') continue
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch (error) {
      throw new AuditSourceError(`${where}, line ${lineNumber}, is not JSON (${error instanceof Error ? error.message : String(error)}). Is this an NDJSON export?`)
    }
    dataset.add(doc)
    progress.documents(dataset.documents)
  }
}

/** Reads an NDJSON export file (or .ndjson.gz); `scope` says which articles to keep (published, or drafts). */
export async function loadFromFile(
  file: string,
  articleTypes: ReadonlyArray<string>,
  progress: Progress = SILENT,
  scope: AuditScope = 'published',
): Promise<LoadedDataset> {
  if (!existsSync(file) || !statSync(file).isFile()) throw new AuditSourceError(`No export file at ${file}.`)
  if (/\.tar(\.gz)?$|\.tgz$/.test(file)) {
    throw new AuditSourceError(`${file} is a tar archive (sanity dataset export). Extract its data.ndjson first (tar -xzf ${file}) and pass that file.`)
  }
  const dataset = new AuditDataset(articleTypes, scope)
  let input: Readable = createReadStream(file)
  if (file.endsWith('.gz')) input = input.pipe(createGunzip())
  input.setEncoding('utf8')
  try {
    await readLines(createInterface({input, crlfDelay: Infinity}), dataset, progress, file)
  } catch (error) {
    if (error instanceof AuditSourceError) throw error
    throw new AuditSourceError(`Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return {
    dataset,
    editors: null,
    editorsNote: 'an export file has no transaction history (audit the lake or the hosted project to check it)',
    description: `export file ${file}`,
  }
}

type Requester = (url: string) => Promise<unknown>

function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null
  const record = error as {status?: unknown; statusCode?: unknown}
  if (typeof record.statusCode === 'number') return record.statusCode
  if (typeof record.status === 'number') return record.status
  return null
}

/** What loadEditors knows of an article's release versions (AuditDataset's fields of the same names). */
export interface KnownVersions {
  /** The release versions read, by article. */
  versionsByArticle?: ReadonlyMap<string, ReadonlyArray<string>>
  /** Every release name known: an article's version in any of them may have been discarded since. */
  releaseNames?: Iterable<string>
}

/**
 * The users who edited each article (published, draft and its release versions: those read and,
 * in every known release, one since discarded; rules/editors.ts, the same for an article and for
 * its draft, so a draft's editors are read by its published id), from the history API, a few
 * requests at a time. Null (with a note) when the API is missing or the token may not read history.
 */
export async function loadEditors(
  request: Requester,
  datasetName: string,
  articleIds: ReadonlyArray<string>,
  progress: Progress = SILENT,
  concurrency = 4,
  known: KnownVersions = {},
): Promise<{editors: Map<string, string[]> | null; note?: string}> {
  const editors = new Map<string, string[]>()
  const releaseNames = [...(known.releaseNames ?? [])]
  let next = 0
  let done = 0
  let unavailable: string | undefined
  const worker = async () => {
    while (next < articleIds.length && !unavailable) {
      const id = articleIds[next++]
      try {
        const authors = new Set<string>()
        for (const batch of historyIdBatches(editorHistoryIds(id, known.versionsByArticle?.get(id), releaseNames))) {
          for (const author of parseHistoryAuthors(await request(historyTransactionsPath(datasetName, batch)))) authors.add(author)
        }
        editors.set(id, [...authors].sort())
      } catch (error) {
        const status = statusOf(error)
        if (status === 403 || status === 404 || status === 401) {
          unavailable = `the history API answered ${status} (${error instanceof Error ? error.message : 'refused'})`
          return
        }
        throw new AuditSourceError(`Reading the history of ${id} failed: ${error instanceof Error ? error.message : String(error)}`)
      }
      progress.step('Read the history of articles', ++done, articleIds.length)
    }
  }
  await Promise.all(Array.from({length: Math.min(concurrency, articleIds.length)}, worker))
  return unavailable ? {editors: null, note: unavailable} : {editors}
}

/** The ids of every release document (RELEASE_IDS_QUERY), for their names; an API that answers something else gives none. */
async function readReleaseIds(fetchQuery: (query: string) => Promise<unknown>, what: string): Promise<unknown[]> {
  try {
    const ids = await fetchQuery(RELEASE_IDS_QUERY)
    return Array.isArray(ids) ? ids : []
  } catch (error) {
    throw new AuditSourceError(`Reading ${what} failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** Decisions per history request (each id is one document, so a request stays short). */
const DECISIONS_PER_REQUEST = 50

/**
 * Who wrote each fact-check decision: the authors of the transactions that touched it, from the
 * history API, a batch of decisions per request. Null (with why) when the history is refused.
 */
export async function loadDecisionAuthors(
  request: Requester,
  datasetName: string,
  decisionIds: ReadonlyArray<string>,
  progress: Progress = SILENT,
): Promise<{authors: Map<string, string[]> | null; note?: string}> {
  const authors = new Map<string, string[]>()
  const ids = [...new Set(decisionIds)].sort()
  for (let i = 0; i < ids.length; i += DECISIONS_PER_REQUEST) {
    const batch = ids.slice(i, i + DECISIONS_PER_REQUEST)
    try {
      const body = await request(historyTransactionsPath(datasetName, batch))
      for (const [id, list] of editorsByArticle(body, batch)) authors.set(id, list)
    } catch (error) {
      const status = statusOf(error)
      if (status === 403 || status === 404 || status === 401) return {authors: null, note: `the history API answered ${status} (${error instanceof Error ? error.message : 'refused'})`}
      throw new AuditSourceError(`Reading the history of fact-check decisions failed: ${error instanceof Error ? error.message : String(error)}`)
    }
    progress.step('Read the history of fact-check decisions', Math.min(i + DECISIONS_PER_REQUEST, ids.length), ids.length)
  }
  return {authors}
}

export interface LakeSource {
  url: string
  token: string
  dataset: string
}

/** Reads the local Content Lake: its export, then the history of each approved article (or draft's article). */
export async function loadFromLake(
  source: LakeSource,
  articleTypes: ReadonlyArray<string>,
  progress: Progress = SILENT,
  scope: AuditScope = 'published',
): Promise<LoadedDataset> {
  const client = createLakeClient({url: source.url, token: source.token, dataset: source.dataset})
  const dataset = new AuditDataset(articleTypes, scope)
  try {
    await readLines(client.lines(`/data/export/${encodeURIComponent(source.dataset)}`), dataset, progress, `the lake's export of ${source.dataset}`)
  } catch (error) {
    if (error instanceof AuditSourceError) throw error
    throw new AuditSourceError(error instanceof Error ? error.message : String(error))
  }
  dataset.addReleaseIds(await readReleaseIds((query) => client.fetch(query, {}, {perspective: 'raw'}), `the lake's releases in ${source.dataset}`))
  const {editors, note} = await loadEditors((url) => client.request({url}), source.dataset, dataset.articlesWithApprovals(), progress, undefined, dataset)
  const {authors} = await loadDecisionAuthors((url) => client.request({url}), source.dataset, dataset.decisionIds(), progress)
  // The local lake writes its seed itself, as `system`.
  return {dataset, editors, editorsNote: note, decisionAuthors: authors, trustedAuthors: ['system'], description: `local lake ${client.config().url} (dataset ${source.dataset})`}
}

export interface HostedSource {
  projectId: string
  dataset: string
  token: string
  /**
   * Another Sanity-compatible API host (e.g. the local lake) instead of `<projectId>.api.sanity.io`;
   * the project id then travels in a header.
   */
  apiHost?: string
}

async function* responseLines(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, {stream: true})
    let newline = buffered.indexOf('\n')
    while (newline !== -1) {
      yield buffered.slice(0, newline)
      buffered = buffered.slice(newline + 1)
      newline = buffered.indexOf('\n')
    }
  }
  buffered += decoder.decode()
  if (buffered) yield buffered
}

/** Reads a hosted Sanity project: the export endpoint (streamed), then the history API. */
export async function loadFromHosted(
  source: HostedSource,
  articleTypes: ReadonlyArray<string>,
  progress: Progress = SILENT,
  scope: AuditScope = 'published',
): Promise<LoadedDataset> {
  // Loaded here, not at the top: @sanity/client takes ~150 ms to load, which every other source would pay.
  const {createClient} = await import('@sanity/client')
  const client = createClient({
    projectId: source.projectId,
    dataset: source.dataset,
    token: source.token,
    apiVersion: API_VERSION,
    useCdn: false,
    perspective: 'raw',
    ...(source.apiHost ? {apiHost: source.apiHost, useProjectHostname: false} : {}),
  })
  const url = client.getUrl(`/data/export/${encodeURIComponent(source.dataset)}`)
  let response: Response
  try {
    const headers: Record<string, string> = {authorization: `Bearer ${source.token}`, accept: 'application/x-ndjson'}
    if (source.apiHost) headers['x-sanity-project-id'] = source.projectId
    response = await fetch(url, {headers})
  } catch (error) {
    throw new AuditSourceError(`Could not reach Sanity at ${url}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '')
    const hint = response.status === 401 ? ' Check SANITY_TOKEN.' : response.status === 403 ? ' The token needs read access to the dataset.' : ''
    throw new AuditSourceError(`Sanity refused the export of ${source.projectId}/${source.dataset} (HTTP ${response.status}): ${text.slice(0, 200)}.${hint}`)
  }
  const dataset = new AuditDataset(articleTypes, scope)
  await readLines(responseLines(response.body), dataset, progress, `the export of ${source.projectId}/${source.dataset}`)
  dataset.addReleaseIds(await readReleaseIds((query) => client.fetch(query, {}, {perspective: 'raw', tag: 'medical-claims.audit'}), `the releases of ${source.projectId}/${source.dataset}`))
  const {editors, note} = await loadEditors((path) => client.request({url: path, tag: 'medical-claims.audit'}), source.dataset, dataset.articlesWithApprovals(), progress, undefined, dataset)
  const {authors} = await loadDecisionAuthors((path) => client.request({url: path, tag: 'medical-claims.audit'}), source.dataset, dataset.decisionIds(), progress)
  return {dataset, editors, editorsNote: note, decisionAuthors: authors, description: `hosted project ${source.projectId} (dataset ${source.dataset})`}
}
