/**
 * `/data/mutate` mutations (create, createOrReplace, createIfNotExists, delete, patch) as writes
 * into a transaction. Patches are applied with @sanity/mutator, the library the Studio itself uses
 * for optimistic updates, so both sides compute the same result.
 */
import {Mutation} from '@sanity/mutator'
import type {Doc} from './dataset.ts'
import {LakeError, badRequest, mutationFailure} from './errors.ts'
import {ID_PATTERN, isPlainObject, randomId, type TxBuilder} from './transaction.ts'

export function checkId(id: unknown, index: number, kind: 'mutationError' | 'actionError' = 'mutationError'): string {
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

export function revisionMismatch(id: string, actual: string | undefined, expected: string, index: number, kind: 'mutationError' | 'actionError'): LakeError {
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

