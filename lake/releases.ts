/**
 * Content Releases, as the Actions API and Studio 6's Releases tool use them: a release is the
 * system document `_.releases.<name>` (`_type: "system.release"`), its content the version
 * documents `versions.<name>.<id>`, and the `sanity.action.release.*` actions move it through its
 * states:
 *
 *   active --schedule--> scheduled --(publishAt reached)--> published
 *   active --publish--> published        scheduled --unschedule--> active
 *   active --archive--> archived --unarchive--> active       archived | published --delete--> gone
 *
 * Publishing writes every version over its published document (or, for a version marked
 * `_system.delete`, removes the published document) and removes the versions, in one
 * transaction: the lake's write path checks the publish rules on that transaction like any other
 * publish, so a release publishes whole, only if every article in it passes at that moment, or not
 * at all. A scheduled release that fails at its time goes back to `active` with `error.message`
 * saying why (what the Studio shows on the release).
 *
 * Release documents change only through these actions, and a release's versions only while it is
 * active: `releaseWriteRefusal` is the write path's check.
 */
import {RELEASE_DOCUMENT_PREFIX, RELEASE_TYPE, VERSIONS_PREFIX, getPublishedId, getReleaseName, isVersionId} from '../plugins/medical-claims/rules/ids.ts'
import type {Doc} from './dataset.ts'
import {shownValue} from './document-id.ts'
import {type LakeError, mutationFailure} from './errors.ts'
import {applyPatch} from './mutations.ts'
import {isPlainObject, type Change, type TxBuilder} from './transaction.ts'

export {RELEASE_DOCUMENT_PREFIX, RELEASE_TYPE}
export const RELEASE_ACTION_PREFIX = 'sanity.action.release.'

const RELEASE_TYPES = ['asap', 'scheduled', 'undecided']
/** A release name: letters, digits, "_" and "-" (Studio makes "r" and 8 letters or digits). */
const RELEASE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/
const RESERVED_NAMES = new Set(['drafts', 'published', 'raw'])

export function releaseDocumentId(name: string): string {
  return `${RELEASE_DOCUMENT_PREFIX}${name}`
}

/** Whether an action is one of the release actions. */
export function isReleaseAction(action: unknown): boolean {
  return isPlainObject(action) && typeof action.actionType === 'string' && action.actionType.startsWith(RELEASE_ACTION_PREFIX)
}

function releaseError(status: number, type: string, description: string, index: number, extra: Record<string, unknown> = {}): LakeError {
  return mutationFailure(status, type, description, index, extra, 'actionError')
}

function releaseName(value: unknown, index: number): string {
  if (typeof value === 'string' && value.startsWith(RELEASE_DOCUMENT_PREFIX)) value = value.slice(RELEASE_DOCUMENT_PREFIX.length)
  if (typeof value !== 'string' || !RELEASE_NAME.test(value) || RESERVED_NAMES.has(value)) {
    throw releaseError(
      400,
      'validationError',
      `Action ${index + 1} has releaseId ${shownValue(value)}: a release id is 1 to 64 letters, digits, "_" and "-" (such as "rSpring26"), and not "drafts", "published" or "raw".`,
      index,
    )
  }
  return value
}

function checkMetadata(metadata: unknown, index: number): Record<string, unknown> {
  if (metadata === undefined) return {releaseType: 'undecided'}
  if (!isPlainObject(metadata)) throw releaseError(400, 'validationError', `Action ${index + 1}: "metadata" must be an object, such as {"title": "Spring update", "releaseType": "asap"} (got ${shownValue(metadata)}).`, index)
  const out: Record<string, unknown> = {...metadata, releaseType: metadata.releaseType ?? 'undecided'}
  if (!RELEASE_TYPES.includes(out.releaseType as string)) {
    throw releaseError(400, 'validationError', `Action ${index + 1}: metadata.releaseType is ${shownValue(out.releaseType)}; use one of ${RELEASE_TYPES.join(', ')}.`, index)
  }
  if (out.title !== undefined && typeof out.title !== 'string') throw releaseError(400, 'validationError', `Action ${index + 1}: metadata.title must be text (got ${shownValue(out.title)}).`, index)
  if (out.intendedPublishAt !== undefined && !isInstant(out.intendedPublishAt)) {
    throw releaseError(400, 'validationError', `Action ${index + 1}: metadata.intendedPublishAt must be a date and time such as "2027-03-01T09:00:00.000Z" (got ${shownValue(out.intendedPublishAt)}).`, index)
  }
  return out
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/
function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value))
}

function titleOf(release: Doc): string {
  const title = (release.metadata as {title?: unknown} | undefined)?.title
  return typeof title === 'string' && title.trim() !== '' ? `"${title.trim()}" (${release.name as string})` : `"${release.name as string}"`
}

/** The ids of a release's versions, committed or written earlier in this transaction, in id order. */
export function versionIdsOf(tx: TxBuilder, name: string): string[] {
  const prefix = `${VERSIONS_PREFIX}${name}.`
  const ids = new Set<string>()
  for (const id of tx.ds.allVersionIds()) if (id.startsWith(prefix)) ids.add(id)
  for (const id of tx.pendingIds()) if (id.startsWith(prefix)) ids.add(id)
  return [...ids].filter((id) => tx.get(id) !== null).sort()
}

/** Writes the release document (the only way one changes). */
function putRelease(tx: TxBuilder, name: string, doc: Record<string, unknown> | null): void {
  const id = releaseDocumentId(name)
  tx.allowSystemWrite(id)
  tx.put(id, doc === null ? null : ({...doc, _id: id, _type: RELEASE_TYPE, name} as Doc), true)
}

function existing(tx: TxBuilder, name: string, index: number, verb: string): Doc {
  const release = tx.get(releaseDocumentId(name))
  if (!release) {
    throw releaseError(404, 'releaseNotFoundError', `Cannot ${verb} release "${name}": there is no such release (it may have been deleted). Reload the Releases tool.`, index, {id: releaseDocumentId(name)})
  }
  return release
}

function stateOf(release: Doc): string {
  return typeof release.state === 'string' ? release.state : 'active'
}

const DONE: Record<string, string> = {publish: 'published', schedule: 'scheduled', unschedule: 'unscheduled', archive: 'archived', unarchive: 'unarchived', delete: 'deleted', edit: 'edited'}

function wrongState(release: Doc, verb: string, allowed: string, index: number): LakeError {
  const hint = verb === 'publish' && stateOf(release) === 'scheduled' ? ' Unschedule it first to publish it now.' : ''
  return releaseError(409, 'releaseStateError', `Cannot ${verb} release ${titleOf(release)}: it is ${stateOf(release)}, and only ${allowed} releases can be ${DONE[verb] ?? verb}.${hint}`, index, {id: release._id})
}

/** Publishes a release's versions in this transaction: each over its published document, or removing it when the version is marked for unpublishing. */
function publishVersions(tx: TxBuilder, name: string): Array<{id: string}> {
  const states: Array<{id: string}> = []
  for (const versionId of versionIdsOf(tx, name)) {
    const version = tx.get(versionId) as Doc
    const publishedId = getPublishedId(versionId)
    const {_system: system, ...content} = version as Doc & {_system?: {delete?: unknown}}
    tx.allowSystemWrite(versionId)
    if (system && system.delete === true) tx.put(publishedId, null, false)
    else tx.put(publishedId, {...content, _id: publishedId} as Doc, false)
    tx.put(versionId, null, false)
    states.push({id: versionId})
  }
  return states
}

/** Applies one `sanity.action.release.*` action to the transaction. */
export function applyReleaseAction(tx: TxBuilder, action: Record<string, unknown>, index: number): void {
  const type = String(action.actionType).slice(RELEASE_ACTION_PREFIX.length)
  const name = releaseName(action.releaseId, index)
  const id = releaseDocumentId(name)
  switch (type) {
    case 'create': {
      if (tx.get(id)) throw releaseError(409, 'documentAlreadyExistsError', `Release "${name}" already exists: edit it (sanity.action.release.edit), or create one with another releaseId.`, index, {id})
      putRelease(tx, name, {state: 'active', metadata: checkMetadata(action.metadata, index)})
      return
    }
    case 'edit': {
      const release = existing(tx, name, index, 'edit')
      if (stateOf(release) === 'published') throw wrongState(release, 'edit', 'unpublished', index)
      const patch = action.patch
      if (!isPlainObject(patch)) throw releaseError(400, 'validationError', `Action ${index + 1} (release edit) needs a "patch", such as {"set": {"metadata.title": "Spring update"}}.`, index)
      for (const [op, value] of Object.entries(patch)) {
        const paths = op === 'unset' && Array.isArray(value) ? value : isPlainObject(value) ? Object.keys(value) : []
        const outside = paths.find((p) => typeof p !== 'string' || !(p === 'metadata' || p.startsWith('metadata.') || p.startsWith('metadata[')))
        if (outside !== undefined || !['set', 'unset', 'setIfMissing'].includes(op)) {
          throw releaseError(400, 'validationError', `Action ${index + 1} (release edit) may change only the release's metadata (set, setIfMissing or unset of "metadata" or "metadata.<field>"); ${outside !== undefined ? `${shownValue(outside)} is outside it` : `"${op}" is not allowed`}. Its state changes through the schedule, publish and archive actions.`, index)
        }
      }
      const patched = applyPatch(release, patch, index, 'actionError')
      putRelease(tx, name, {...patched, metadata: checkMetadata(patched.metadata, index)})
      return
    }
    case 'schedule': {
      const release = existing(tx, name, index, 'schedule')
      if (stateOf(release) !== 'active') throw wrongState(release, 'schedule', 'active', index)
      if (!isInstant(action.publishAt)) throw releaseError(400, 'validationError', `Action ${index + 1} (release schedule) needs "publishAt", a date and time such as "2027-03-01T09:00:00.000Z" (got ${shownValue(action.publishAt)}).`, index)
      const {error: _error, ...rest} = release
      putRelease(tx, name, {...rest, state: 'scheduled', publishAt: new Date(action.publishAt).toISOString()})
      return
    }
    case 'unschedule': {
      const release = existing(tx, name, index, 'unschedule')
      if (stateOf(release) !== 'scheduled') throw wrongState(release, 'unschedule', 'scheduled', index)
      const {publishAt: _publishAt, ...rest} = release
      putRelease(tx, name, {...rest, state: 'active'})
      return
    }
    case 'publish': {
      const release = existing(tx, name, index, 'publish')
      // A scheduled release publishes at its time; publishing it now means unscheduling it first.
      if (stateOf(release) !== 'active' && !(stateOf(release) === 'scheduled' && tx.scheduledPublish)) throw wrongState(release, 'publish', 'active', index)
      const finalDocumentStates = publishVersions(tx, name)
      const {error: _error, ...rest} = release
      putRelease(tx, name, {...rest, state: 'published', publishedAt: tx.now, finalDocumentStates})
      return
    }
    case 'archive': {
      const release = existing(tx, name, index, 'archive')
      if (stateOf(release) !== 'active') throw wrongState(release, 'archive', 'active', index)
      // The versions leave the dataset; their last revisions stay in the history, where unarchive finds them.
      const finalDocumentStates = versionIdsOf(tx, name).map((versionId) => {
        tx.allowSystemWrite(versionId)
        tx.put(versionId, null, false)
        return {id: versionId}
      })
      putRelease(tx, name, {...release, state: 'archived', finalDocumentStates})
      return
    }
    case 'unarchive': {
      const release = existing(tx, name, index, 'unarchive')
      if (stateOf(release) !== 'archived') throw wrongState(release, 'unarchive', 'archived', index)
      const states = Array.isArray(release.finalDocumentStates) ? (release.finalDocumentStates as Array<{id?: unknown}>) : []
      for (const {id: versionId} of states) {
        if (typeof versionId !== 'string' || !isVersionId(versionId) || getReleaseName(versionId) !== name || tx.get(versionId)) continue
        const last = tx.lastExisting(versionId)
        if (last) tx.put(versionId, last, true)
      }
      const {finalDocumentStates: _states, ...rest} = release
      putRelease(tx, name, {...rest, state: 'active'})
      return
    }
    case 'delete': {
      const release = existing(tx, name, index, 'delete')
      const state = stateOf(release)
      if (state !== 'archived' && state !== 'published') throw wrongState(release, 'delete', 'archived or published', index)
      putRelease(tx, name, null)
      return
    }
    default:
      throw releaseError(
        400,
        'unsupportedActionError',
        `Action ${index + 1} has actionType ${shownValue(action.actionType)}, which the lake does not know: the release actions are create, edit, schedule, unschedule, publish, archive, unarchive and delete (sanity.action.release.<name>).`,
        index,
      )
  }
}

/** A scheduled release that failed to publish at its time: back to active, saying why. */
export function recordScheduledFailure(tx: TxBuilder, name: string, message: string): void {
  const release = tx.get(releaseDocumentId(name))
  if (!release || stateOf(release) !== 'scheduled') return
  const {publishAt: _publishAt, ...rest} = release
  putRelease(tx, name, {...rest, state: 'active', error: {message}})
}

/** States in which a release still counts against a plan's limit (it is neither published nor archived). */
const OPEN_STATES = new Set(['active', 'scheduled', 'scheduling', 'unscheduling'])

/**
 * How many open releases count against a plan's limit: those neither published nor archived, less
 * a single document's scheduled draft (cardinality "one"), which Sanity does not meter.
 */
export function meteredOpenReleases(docs: Iterable<Doc>): number {
  let count = 0
  for (const doc of docs) {
    const metadata = doc.metadata as {cardinality?: unknown} | undefined
    if (doc._type === RELEASE_TYPE && OPEN_STATES.has(stateOf(doc)) && metadata?.cardinality !== 'one') count++
  }
  return count
}

/** The scheduled releases whose time has come, earliest first. */
export function dueReleases(docs: Iterable<Doc>, now: string): string[] {
  const due: Array<{name: string; at: number}> = []
  const limit = Date.parse(now)
  for (const doc of docs) {
    if (doc._type !== RELEASE_TYPE || doc.state !== 'scheduled' || typeof doc.name !== 'string' || !isInstant(doc.publishAt)) continue
    const at = Date.parse(doc.publishAt)
    if (at <= limit) due.push({name: doc.name, at})
  }
  return due.sort((a, b) => a.at - b.at || (a.name < b.name ? -1 : 1)).map((d) => d.name)
}

/**
 * Why a write may not make this change (null: it may): release documents change only through the
 * release actions, nothing else takes their type, and a release's versions change only while it is
 * active.
 */
export function releaseWriteRefusal(tx: TxBuilder, change: Change): string | null {
  const {id, before, after} = change
  if (tx.systemWriteAllowed(id)) return null
  if (id.startsWith(RELEASE_DOCUMENT_PREFIX)) {
    return `"${id}" is a release document: it changes only through the release actions (sanity.action.release.create, edit, schedule, unschedule, publish, archive, unarchive, delete on /data/actions).`
  }
  if (before?._type === RELEASE_TYPE || after?._type === RELEASE_TYPE) {
    return `"${id}" would be of type "${RELEASE_TYPE}", which only release documents ("${RELEASE_DOCUMENT_PREFIX}<name>") have: create a release with sanity.action.release.create.`
  }
  const name = isVersionId(id) ? getReleaseName(id) : null
  if (name !== null) {
    const release = tx.get(releaseDocumentId(name)) ?? tx.ds.docs.get(releaseDocumentId(name)) ?? null
    const state = release ? stateOf(release) : null
    if (state !== null && state !== 'active') {
      return `"${id}" belongs to release ${titleOf(release as Doc)}, which is ${state}: its documents are locked.${state === 'scheduled' ? ' Unschedule the release to change them.' : state === 'archived' ? ' Unarchive the release to change them.' : ''}`
    }
  }
  return null
}
