/**
 * What a write does to documents: a transaction builder (an overlay of pending document states on
 * the dataset) and the translation of `/data/mutate` mutations and `/data/actions` actions into
 * document writes. Patches are applied with @sanity/mutator, the library the Studio itself uses
 * for optimistic updates, so both sides compute the same result.
 */
import {randomBytes} from 'node:crypto'
import {Mutation} from '@sanity/mutator'
import {DRAFTS_PREFIX, getPublishedId, isDraftId, isVersionId} from '../plugins/medical-claims/rules/ids.ts'
import type {DatasetState, Doc} from './dataset.ts'
import {LakeError, badRequest, mutationFailure} from './errors.ts'

export interface Change {
  id: string
  before: Doc | null
  after: Doc | null
  /** Whether the write authored content (edits, creates) rather than moved it (publish, unpublish, delete). */
  authored: boolean
}

const ID_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,199}$/
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

export function randomId(length = 22): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += ID_ALPHABET[byte % ID_ALPHABET.length]
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}

/** Pending document states of one transaction, over the dataset's committed state. */
export class TxBuilder {
  readonly ds: DatasetState
  readonly id: string
  readonly now: string
  private readonly state = new Map<string, Doc | null>()
  private readonly authoredIds = new Set<string>()

  constructor(ds: DatasetState, id: string, now: string) {
    this.ds = ds
    this.id = id
    this.now = now
  }

  get(id: string): Doc | null {
    if (this.state.has(id)) return this.state.get(id) ?? null
    return this.ds.docs.get(id) ?? null
  }

  /** Writes a document (system fields are set here) or, with null, deletes it. */
  put(id: string, doc: Doc | null, authored: boolean): Doc | null {
    const current = this.get(id)
    if (!doc) {
      if (!current && !this.ds.docs.has(id)) {
        this.state.delete(id)
        return null
      }
      this.state.set(id, null)
      if (authored) this.authoredIds.add(id)
      return null
    }
    if (typeof doc._type !== 'string' || doc._type.length === 0) throw badRequest(`Document "${id}" is missing a string _type`)
    const createdAt = typeof doc._createdAt === 'string' ? doc._createdAt : (current?._createdAt as string | undefined) ?? this.now
    const {_originalId: _ignored, ...content} = doc as Doc & {_originalId?: unknown}
    const next: Doc = {...content, _id: id, _type: doc._type, _rev: this.id, _createdAt: createdAt, _updatedAt: this.now}
    this.state.set(id, next)
    if (authored) this.authoredIds.add(id)
    return next
  }

  changes(): Change[] {
    const out: Change[] = []
    for (const [id, after] of this.state) {
      const before = this.ds.docs.get(id) ?? null
      if (!before && !after) continue
      out.push({id, before, after, authored: this.authoredIds.has(id)})
    }
    return out
  }
}

function checkId(id: unknown, index: number, kind: 'mutationError' | 'actionError' = 'mutationError'): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw mutationFailure(400, 'invalidDocumentIdError', `Invalid document ID ${JSON.stringify(id)}: use letters, digits, "_", "-" and "."`, index, {}, kind)
  }
  return id
}

/** `_id` for a created document: given, generated, or generated after a "prefix." */
function resolveNewId(doc: Record<string, unknown>, index: number): string {
  const id = doc._id
  if (id === undefined || id === null || id === '') return randomId()
  if (typeof id === 'string' && id.endsWith('.')) return checkId(`${id}${randomId()}`, index)
  return checkId(id, index)
}

function asDocument(value: unknown, index: number, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw mutationFailure(400, 'invalidMutationError', `${what} must be a document object`, index)
  if (typeof value._type !== 'string' || value._type.length === 0) {
    throw mutationFailure(400, 'invalidDocumentError', `${what}: document is missing a string _type`, index)
  }
  return value
}

// --- patches -------------------------------------------------------------------------------------

const PATCH_OPS = ['set', 'setIfMissing', 'unset', 'inc', 'dec', 'insert', 'diffMatchPatch'] as const

type MutatorParams = ConstructorParameters<typeof Mutation>[0]
type MutatorPatch = NonNullable<MutatorParams['mutations'][number]['patch']>
type MutatorDoc = NonNullable<Parameters<Mutation['apply']>[0]>
const PATCH_META = new Set(['id', 'query', 'params', 'ifRevisionID'])

function validatePatch(patch: Record<string, unknown>, index: number, kind: 'mutationError' | 'actionError'): void {
  for (const key of Object.keys(patch)) {
    if (!PATCH_META.has(key) && !(PATCH_OPS as readonly string[]).includes(key)) {
      throw mutationFailure(400, 'invalidPatchError', `Unknown patch operation "${key}"`, index, {}, kind)
    }
  }
  for (const op of ['set', 'setIfMissing', 'diffMatchPatch', 'inc', 'dec'] as const) {
    if (patch[op] !== undefined && !isPlainObject(patch[op])) throw mutationFailure(400, 'invalidPatchError', `Patch "${op}" must be an object of path: value`, index, {}, kind)
  }
  for (const op of ['inc', 'dec'] as const) {
    const values = patch[op] as Record<string, unknown> | undefined
    for (const [path, value] of Object.entries(values ?? {})) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mutationFailure(400, 'invalidPatchError', `Patch "${op}" at "${path}" needs a number`, index, {}, kind)
    }
  }
  for (const [path, value] of Object.entries((patch.diffMatchPatch as Record<string, unknown> | undefined) ?? {})) {
    if (typeof value !== 'string') throw mutationFailure(400, 'invalidPatchError', `Patch "diffMatchPatch" at "${path}" needs a patch string`, index, {}, kind)
  }
  if (patch.unset !== undefined && (!Array.isArray(patch.unset) || !patch.unset.every((p) => typeof p === 'string'))) {
    throw mutationFailure(400, 'invalidPatchError', 'Patch "unset" must be a list of paths', index, {}, kind)
  }
  if (patch.insert !== undefined) {
    const insert = patch.insert
    const positions = isPlainObject(insert) ? ['before', 'after', 'replace'].filter((k) => typeof insert[k] === 'string') : []
    if (!isPlainObject(insert) || positions.length !== 1 || !Array.isArray(insert.items)) {
      throw mutationFailure(400, 'invalidPatchError', 'Patch "insert" needs exactly one of before/after/replace (a path) and an "items" list', index, {}, kind)
    }
  }
}

/** Applies the operations of a patch to a document (no revision check here). */
export function applyPatch(doc: Doc, patch: Record<string, unknown>, index: number, kind: 'mutationError' | 'actionError' = 'mutationError'): Doc {
  validatePatch(patch, index, kind)
  const ops: Record<string, unknown> = {id: doc._id}
  for (const op of PATCH_OPS) if (patch[op] !== undefined) ops[op] = patch[op]
  let result: unknown
  try {
    // validatePatch checked the shapes @sanity/mutator reads.
    result = new Mutation({mutations: [{patch: ops as unknown as MutatorPatch}]}).apply(doc as MutatorDoc)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    throw mutationFailure(400, 'invalidPatchError', `Patch on "${doc._id}" failed: ${message}`, index, {}, kind)
  }
  if (!isPlainObject(result)) throw mutationFailure(400, 'invalidPatchError', `Patch on "${doc._id}" did not produce a document`, index, {}, kind)
  return {...(result as Doc), _id: doc._id}
}

function revisionMismatch(id: string, actual: string | undefined, expected: string, index: number, kind: 'mutationError' | 'actionError'): LakeError {
  return mutationFailure(
    409,
    'documentRevisionIDDoesNotMatchError',
    `Document "${id}" has unexpected revision ID ("${actual ?? 'none'}"), expected "${expected}"`,
    index,
    {id, expectedRevisionId: expected, currentRevisionId: actual ?? null},
    kind,
  )
}

// --- /data/mutate ----------------------------------------------------------------------------------

export interface MutationResult {
  id: string
  operation: 'create' | 'update' | 'delete' | 'none'
}

/** Finds the document ids a GROQ query selects (query-based delete and patch). */
export type QueryIds = (query: string, params: Record<string, unknown>) => Promise<string[]>

const MUTATION_KINDS = ['create', 'createOrReplace', 'createIfNotExists', 'delete', 'patch'] as const

export async function applyMutations(tx: TxBuilder, mutations: unknown, queryIds: QueryIds): Promise<MutationResult[]> {
  if (!Array.isArray(mutations) || mutations.length === 0) throw badRequest('"mutations" must be a non-empty list')
  const results: MutationResult[] = []
  for (const [index, mutation] of mutations.entries()) {
    if (!isPlainObject(mutation)) throw mutationFailure(400, 'invalidMutationError', 'Each mutation must be an object', index)
    const kinds = Object.keys(mutation)
    if (kinds.length !== 1 || !(MUTATION_KINDS as readonly string[]).includes(kinds[0])) {
      throw mutationFailure(
        400,
        'invalidMutationError',
        `Unknown mutation ${kinds.map((k) => `"${k}"`).join(', ') || '{}'}: use one of ${MUTATION_KINDS.join(', ')}`,
        index,
      )
    }
    const kind = kinds[0] as (typeof MUTATION_KINDS)[number]
    const body = mutation[kind]
    switch (kind) {
      case 'create': {
        const doc = asDocument(body, index, 'create')
        const id = resolveNewId(doc, index)
        if (tx.get(id)) throw mutationFailure(409, 'documentAlreadyExistsError', `Document by ID "${id}" already exists`, index, {id})
        tx.put(id, {...doc, _id: id} as Doc, true)
        results.push({id, operation: 'create'})
        break
      }
      case 'createOrReplace': {
        const doc = asDocument(body, index, 'createOrReplace')
        const id = checkId(doc._id, index)
        const existed = Boolean(tx.get(id))
        tx.put(id, {...doc, _id: id} as Doc, true)
        results.push({id, operation: existed ? 'update' : 'create'})
        break
      }
      case 'createIfNotExists': {
        const doc = asDocument(body, index, 'createIfNotExists')
        const id = checkId(doc._id, index)
        if (tx.get(id)) {
          results.push({id, operation: 'none'})
        } else {
          tx.put(id, {...doc, _id: id} as Doc, true)
          results.push({id, operation: 'create'})
        }
        break
      }
      case 'delete': {
        if (!isPlainObject(body)) throw mutationFailure(400, 'invalidMutationError', 'delete needs {id} or {query}', index)
        const ids =
          typeof body.query === 'string'
            ? await queryIds(body.query, isPlainObject(body.params) ? body.params : {})
            : [checkId(body.id, index)]
        for (const id of ids) {
          tx.put(id, null, false)
          results.push({id, operation: 'delete'})
        }
        break
      }
      case 'patch': {
        if (!isPlainObject(body)) throw mutationFailure(400, 'invalidMutationError', 'patch needs {id, ...operations} or {query, ...operations}', index)
        const ids =
          typeof body.query === 'string'
            ? await queryIds(body.query, isPlainObject(body.params) ? body.params : {})
            : [checkId(body.id, index)]
        for (const id of ids) {
          const current = tx.get(id)
          if (!current) throw mutationFailure(404, 'documentNotFoundError', `Cannot modify nonexistent document "${id}"`, index, {id})
          if (typeof body.ifRevisionID === 'string' && body.ifRevisionID !== current._rev) {
            throw revisionMismatch(id, current._rev, body.ifRevisionID, index, 'mutationError')
          }
          tx.put(id, applyPatch(current, body, index), true)
          results.push({id, operation: 'update'})
        }
        break
      }
    }
  }
  return results
}

// --- /data/actions ---------------------------------------------------------------------------------

function actionError(status: number, type: string, description: string, index: number, extra: Record<string, unknown> = {}): LakeError {
  return mutationFailure(status, type, description, index, extra, 'actionError')
}

function isDraftOrVersionOf(id: string, publishedId: string): boolean {
  return (isDraftId(id) || isVersionId(id)) && getPublishedId(id) === publishedId
}

function requireString(value: unknown, field: string, index: number): string {
  if (typeof value !== 'string' || value.length === 0) throw actionError(400, 'validationError', `Action needs a string "${field}"`, index)
  return value
}

/** Applies a list of Actions API actions. Unknown action types answer 400. */
export function applyActions(tx: TxBuilder, actions: unknown): string[] {
  if (!Array.isArray(actions) || actions.length === 0) throw badRequest('"actions" must be a non-empty list')
  const kinds: string[] = []
  for (const [index, action] of actions.entries()) {
    if (!isPlainObject(action)) throw actionError(400, 'validationError', 'Each action must be an object', index)
    const type = action.actionType
    kinds.push(String(type))
    switch (type) {
      case 'sanity.action.document.create': {
        const publishedId = checkId(action.publishedId, index, 'actionError')
        const attributes = action.attributes
        if (!isPlainObject(attributes) || typeof attributes._type !== 'string') throw actionError(400, 'validationError', 'create needs "attributes" with a _type', index)
        const id = typeof attributes._id === 'string' ? checkId(attributes._id, index, 'actionError') : `${DRAFTS_PREFIX}${publishedId}`
        if (!isDraftOrVersionOf(id, publishedId)) throw actionError(400, 'validationError', `attributes._id "${id}" must be the draft or a version of "${publishedId}"`, index)
        if (tx.get(id)) {
          if (action.ifExists === 'ignore') break
          throw actionError(409, 'documentAlreadyExistsError', `Document by ID "${id}" already exists`, index, {id})
        }
        tx.put(id, {...attributes, _id: id} as Doc, true)
        break
      }
      case 'sanity.action.document.edit': {
        const publishedId = checkId(action.publishedId, index, 'actionError')
        const draftId = typeof action.draftId === 'string' ? checkId(action.draftId, index, 'actionError') : `${DRAFTS_PREFIX}${publishedId}`
        if (!isDraftOrVersionOf(draftId, publishedId)) throw actionError(400, 'validationError', `draftId "${draftId}" must be the draft or a version of "${publishedId}"`, index)
        if (!isPlainObject(action.patch)) throw actionError(400, 'validationError', 'edit needs a "patch" object', index)
        const draft = tx.get(draftId)
        const base = draft ?? tx.get(publishedId)
        if (!base) throw actionError(409, 'documentNotFoundError', `Cannot edit "${publishedId}": it has neither a draft nor a published version`, index, {id: publishedId})
        const patch = action.patch
        if (typeof patch.ifRevisionID === 'string' && patch.ifRevisionID !== base._rev) throw revisionMismatch(base._id, base._rev, patch.ifRevisionID, index, 'actionError')
        const start: Doc = draft ?? {...base, _id: draftId}
        tx.put(draftId, applyPatch(start, patch, index, 'actionError'), true)
        break
      }
      case 'sanity.action.document.publish': {
        const publishedId = checkId(action.publishedId, index, 'actionError')
        const draftId = typeof action.draftId === 'string' ? checkId(action.draftId, index, 'actionError') : `${DRAFTS_PREFIX}${publishedId}`
        if (!isDraftOrVersionOf(draftId, publishedId)) throw actionError(400, 'validationError', `draftId "${draftId}" must be the draft or a version of "${publishedId}"`, index)
        const draft = tx.get(draftId)
        if (!draft) throw actionError(409, 'documentNotFoundError', `Cannot publish "${publishedId}": draft "${draftId}" does not exist`, index, {id: draftId})
        const published = tx.get(publishedId)
        if (typeof action.ifDraftRevisionId === 'string' && action.ifDraftRevisionId !== draft._rev) {
          throw revisionMismatch(draftId, draft._rev, action.ifDraftRevisionId, index, 'actionError')
        }
        if (typeof action.ifPublishedRevisionId === 'string' && action.ifPublishedRevisionId !== published?._rev) {
          throw revisionMismatch(publishedId, published?._rev, action.ifPublishedRevisionId, index, 'actionError')
        }
        tx.put(publishedId, {...draft, _id: publishedId}, false)
        tx.put(draftId, null, false)
        break
      }
      case 'sanity.action.document.unpublish': {
        const publishedId = checkId(action.publishedId, index, 'actionError')
        const draftId = typeof action.draftId === 'string' ? checkId(action.draftId, index, 'actionError') : `${DRAFTS_PREFIX}${publishedId}`
        const published = tx.get(publishedId)
        if (!published) throw actionError(409, 'documentNotFoundError', `Cannot unpublish "${publishedId}": it is not published`, index, {id: publishedId})
        if (!tx.get(draftId)) tx.put(draftId, {...published, _id: draftId}, false)
        tx.put(publishedId, null, false)
        break
      }
      case 'sanity.action.document.discard': {
        const draftId = checkId(action.draftId, index, 'actionError')
        if (!isDraftId(draftId) && !isVersionId(draftId)) throw actionError(400, 'validationError', `draftId "${draftId}" is not a draft id`, index)
        if (!tx.get(draftId)) throw actionError(409, 'documentNotFoundError', `Cannot discard "${draftId}": it does not exist`, index, {id: draftId})
        tx.put(draftId, null, false)
        break
      }
      case 'sanity.action.document.delete': {
        const publishedId = checkId(action.publishedId, index, 'actionError')
        const includeDrafts = Array.isArray(action.includeDrafts) ? action.includeDrafts : []
        for (const draftId of includeDrafts) {
          const id = checkId(draftId, index, 'actionError')
          if (!isDraftOrVersionOf(id, publishedId)) throw actionError(400, 'validationError', `includeDrafts entry "${id}" is not a draft of "${publishedId}"`, index)
          tx.put(id, null, false)
        }
        const draftId = `${DRAFTS_PREFIX}${publishedId}`
        if (tx.get(draftId) && !includeDrafts.includes(draftId)) {
          throw actionError(409, 'validationError', `Cannot delete "${publishedId}": its draft exists; list it in includeDrafts`, index)
        }
        tx.put(publishedId, null, false)
        break
      }
      case 'sanity.action.document.version.discard': {
        const versionId = checkId(action.versionId, index, 'actionError')
        if (!isDraftId(versionId) && !isVersionId(versionId)) throw actionError(400, 'validationError', `versionId "${versionId}" is not a draft or version id`, index)
        if (!tx.get(versionId)) throw actionError(409, 'documentNotFoundError', `Cannot discard "${versionId}": it does not exist`, index, {id: versionId})
        tx.put(versionId, null, false)
        break
      }
      case 'sanity.action.document.version.create': {
        const publishedId = checkId(action.publishedId, index, 'actionError')
        if (isPlainObject(action.document)) {
          const doc = action.document
          const id = checkId(doc._id, index, 'actionError')
          if (!isDraftOrVersionOf(id, publishedId)) throw actionError(400, 'validationError', `document._id "${id}" must be the draft or a version of "${publishedId}"`, index)
          if (typeof doc._type !== 'string') throw actionError(400, 'validationError', 'document needs a _type', index)
          if (tx.get(id)) throw actionError(409, 'documentAlreadyExistsError', `Document by ID "${id}" already exists`, index, {id})
          tx.put(id, {...doc, _id: id} as Doc, true)
          break
        }
        const baseIdValue = checkId(action.baseId, index, 'actionError')
        const versionId = checkId(action.versionId, index, 'actionError')
        if (!isDraftOrVersionOf(versionId, publishedId)) throw actionError(400, 'validationError', `versionId "${versionId}" must be the draft or a version of "${publishedId}"`, index)
        const base = tx.get(baseIdValue)
        if (!base) throw actionError(409, 'documentNotFoundError', `Base document "${baseIdValue}" does not exist`, index, {id: baseIdValue})
        if (typeof action.ifBaseRevisionId === 'string' && action.ifBaseRevisionId !== base._rev) {
          throw revisionMismatch(baseIdValue, base._rev, action.ifBaseRevisionId, index, 'actionError')
        }
        if (tx.get(versionId)) throw actionError(409, 'documentAlreadyExistsError', `Document by ID "${versionId}" already exists`, index, {id: versionId})
        tx.put(versionId, {...base, _id: versionId}, true)
        break
      }
      case 'sanity.action.document.version.replace': {
        if (!isPlainObject(action.document)) throw actionError(400, 'validationError', 'version.replace needs a "document"', index)
        const id = checkId(action.document._id, index, 'actionError')
        if (!isDraftId(id) && !isVersionId(id)) throw actionError(400, 'validationError', `"${id}" is not a draft or version id`, index)
        if (!tx.get(id)) throw actionError(409, 'documentNotFoundError', `Cannot replace "${id}": it does not exist`, index, {id})
        if (typeof action.document._type !== 'string') throw actionError(400, 'validationError', 'document needs a _type', index)
        tx.put(id, {...action.document, _id: id as string} as Doc, true)
        break
      }
      case 'sanity.action.document.replaceDraft': {
        const publishedId = checkId(action.publishedId, index, 'actionError')
        const attributes = action.attributes
        if (!isPlainObject(attributes) || typeof attributes._type !== 'string') throw actionError(400, 'validationError', 'replaceDraft needs "attributes" with a _type', index)
        const id = typeof attributes._id === 'string' ? checkId(attributes._id, index, 'actionError') : `${DRAFTS_PREFIX}${publishedId}`
        if (!isDraftOrVersionOf(id, publishedId)) throw actionError(400, 'validationError', `attributes._id "${id}" must be the draft of "${publishedId}"`, index)
        tx.put(id, {...attributes, _id: id} as Doc, true)
        break
      }
      default:
        throw actionError(
          400,
          'unsupportedActionError',
          `Action type ${JSON.stringify(type)} is not supported by the local lake${typeof type === 'string' && type.includes('.release.') ? ' (content releases are not available offline)' : ''}`,
          index,
        )
    }
  }
  return kinds
}

