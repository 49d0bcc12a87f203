/**
 * `/data/mutate` mutations (create, createOrReplace, createIfNotExists, delete, patch) as writes
 * into a transaction. Patches are applied with @sanity/mutator, the library the Studio itself uses
 * for optimistic updates, so both sides compute the same result.
 */
import {Mutation} from '@sanity/mutator'
import type {Doc} from './dataset.ts'
import {VALID_ID_HINT, idProblem, kindOf, shownValue} from './document-id.ts'
import {LakeError, badRequest, mutationFailure} from './errors.ts'
import {isPlainObject, randomId, type TxBuilder} from './transaction.ts'

/** The id in `field` of mutation or action `index`, or a 400 saying what is wrong with it (lake/document-id.ts). */
export function checkId(id: unknown, index: number, kind: 'mutationError' | 'actionError' = 'mutationError', field = '_id'): string {
  const problem = idProblem(id, field)
  if (problem !== null) {
    const which = kind === 'mutationError' ? 'mutation' : 'action'
    throw mutationFailure(400, 'invalidDocumentIdError', `In ${which} ${index + 1}, ${problem}. ${VALID_ID_HINT}`, index, {}, kind)
  }
  return id as string
}

/** `_id` for a created document: given, generated, or generated after a "prefix." */
function resolveNewId(doc: Record<string, unknown>, index: number): string {
  const id = doc._id
  if (id === undefined || id === null || id === '') return randomId()
  if (typeof id === 'string' && id.endsWith('.')) return checkId(`${id}${randomId()}`, index)
  return checkId(id, index)
}

function asDocument(value: unknown, index: number, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw mutationFailure(400, 'invalidMutationError', `Mutation ${index + 1} (${what}) carries ${kindOf(value)} where a document belongs: send {"${what}": {"_id": ..., "_type": ..., ...}}.`, index)
  }
  if (typeof value._type !== 'string' || value._type.length === 0) {
    const id = typeof value._id === 'string' ? ` "${value._id}"` : ''
    const has = value._type === undefined ? 'has no _type' : `has ${kindOf(value._type)} as its _type`
    throw mutationFailure(400, 'invalidDocumentError', `The document${id} of mutation ${index + 1} (${what}) ${has}: give it _type, the name of its schema type (such as "article").`, index)
  }
  return value
}

// --- patches -------------------------------------------------------------------------------------

const PATCH_OPS = ['set', 'setIfMissing', 'unset', 'inc', 'dec', 'insert', 'diffMatchPatch'] as const

type MutatorParams = ConstructorParameters<typeof Mutation>[0]
type MutatorPatch = NonNullable<MutatorParams['mutations'][number]['patch']>
type MutatorDoc = NonNullable<Parameters<Mutation['apply']>[0]>
const PATCH_META = new Set(['id', 'query', 'params', 'ifRevisionID'])

/** The paths a patch names (the keys of its field operations, unset's list, insert's position). */
function patchPaths(patch: Record<string, unknown>): string[] {
  const paths: string[] = []
  for (const op of ['set', 'setIfMissing', 'diffMatchPatch', 'inc', 'dec'] as const) if (isPlainObject(patch[op])) paths.push(...Object.keys(patch[op] as object))
  if (Array.isArray(patch.unset)) paths.push(...patch.unset.filter((p): p is string => typeof p === 'string'))
  if (isPlainObject(patch.insert)) for (const position of ['before', 'after', 'replace']) if (typeof (patch.insert as Record<string, unknown>)[position] === 'string') paths.push((patch.insert as Record<string, string>)[position])
  return paths
}

function validatePatch(patch: Record<string, unknown>, index: number, kind: 'mutationError' | 'actionError'): void {
  for (const key of Object.keys(patch)) {
    if (!PATCH_META.has(key) && !(PATCH_OPS as readonly string[]).includes(key)) {
      throw mutationFailure(400, 'invalidPatchError', `Unknown patch operation "${key}": a patch may use ${PATCH_OPS.join(', ')} (and id, query, params, ifRevisionID).`, index, {}, kind)
    }
  }
  for (const op of ['set', 'setIfMissing', 'diffMatchPatch', 'inc', 'dec'] as const) {
    if (patch[op] !== undefined && !isPlainObject(patch[op])) throw mutationFailure(400, 'invalidPatchError', `Patch "${op}" is ${kindOf(patch[op])}; it must be an object of path: value, such as {"title": "New title"}.`, index, {}, kind)
  }
  for (const op of ['inc', 'dec'] as const) {
    const values = patch[op] as Record<string, unknown> | undefined
    for (const [path, value] of Object.entries(values ?? {})) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw mutationFailure(400, 'invalidPatchError', `Patch "${op}" at "${path}" is ${kindOf(value)} (${shownValue(value)}); it must be a number, such as {"${path}": 1}.`, index, {}, kind)
    }
  }
  for (const [path, value] of Object.entries((patch.diffMatchPatch as Record<string, unknown> | undefined) ?? {})) {
    if (typeof value !== 'string') throw mutationFailure(400, 'invalidPatchError', `Patch "diffMatchPatch" at "${path}" is ${kindOf(value)}; it must be a patch in diff-match-patch's text format (a string).`, index, {}, kind)
  }
  if (patch.unset !== undefined && (!Array.isArray(patch.unset) || !patch.unset.every((p) => typeof p === 'string'))) {
    throw mutationFailure(400, 'invalidPatchError', `Patch "unset" must be a list of paths as strings, such as ["subtitle", "body[0]"] (got ${shownValue(patch.unset)}).`, index, {}, kind)
  }
  // Recursive descent ("a..b") costs, in the patcher, time that doubles with each level the
  // document nests: one such path held the server for minutes. Paths name their fields.
  for (const path of patchPaths(patch)) {
    if (path.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').includes('..')) {
      throw mutationFailure(400, 'invalidPatchError', `The patch path ${JSON.stringify(path.length > 120 ? `${path.slice(0, 120)}…` : path)} uses recursive descent (".."), which this lake does not apply: name the path to the field, such as "body[0].children[0].text".`, index, {}, kind)
    }
  }
  if (patch.insert !== undefined) {
    const insert = patch.insert
    const positions = isPlainObject(insert) ? ['before', 'after', 'replace'].filter((k) => typeof insert[k] === 'string') : []
    if (!isPlainObject(insert) || positions.length !== 1 || !Array.isArray(insert.items)) {
      throw mutationFailure(400, 'invalidPatchError', `Patch "insert" needs exactly one of "before", "after" or "replace" (a path) and an "items" list, such as {"after": "body[-1]", "items": [...]} (got ${shownValue(insert)}).`, index, {}, kind)
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
    throw mutationFailure(400, 'invalidPatchError', `The patch on "${doc._id}" cannot be applied: ${message.replace(/\.$/, '')}. Check its paths against the document as it is now.`, index, {}, kind)
  }
  if (!isPlainObject(result)) throw mutationFailure(400, 'invalidPatchError', `The patch on "${doc._id}" would leave no document: a patch changes fields; use delete to remove a document.`, index, {}, kind)
  return {...(result as Doc), _id: doc._id}
}

export function revisionMismatch(id: string, actual: string | undefined, expected: string, index: number, kind: 'mutationError' | 'actionError'): LakeError {
  return mutationFailure(
    409,
    'documentRevisionIDDoesNotMatchError',
    actual === undefined
      ? `Document "${id}" does not exist, but the write expected its revision "${expected}": someone deleted it since you read it. Reload it and try again.`
      : `Document "${id}" has unexpected revision ID ("${actual}"), expected "${expected}": someone changed it since you read it. Reload it and make your change again.`,
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
  if (!Array.isArray(mutations) || mutations.length === 0) {
    throw badRequest(`"mutations" must be a non-empty list, such as {"mutations": [{"create": {"_type": "article", "title": "..."}}]} (got ${shownValue(mutations)}).`)
  }
  const results: MutationResult[] = []
  for (const [index, mutation] of mutations.entries()) {
    if (!isPlainObject(mutation)) {
      throw mutationFailure(400, 'invalidMutationError', `Mutation ${index + 1} is ${kindOf(mutation)}; each mutation is an object with one key: ${MUTATION_KINDS.join(', ')}.`, index)
    }
    const kinds = Object.keys(mutation)
    if (kinds.length !== 1 || !(MUTATION_KINDS as readonly string[]).includes(kinds[0])) {
      throw mutationFailure(
        400,
        'invalidMutationError',
        kinds.length === 0
          ? `Mutation ${index + 1} is an empty object; give it one of ${MUTATION_KINDS.join(', ')}.`
          : `Mutation ${index + 1} has ${kinds.map((k) => `"${k}"`).join(', ')}; a mutation has exactly one of ${MUTATION_KINDS.join(', ')}.`,
        index,
      )
    }
    const kind = kinds[0] as (typeof MUTATION_KINDS)[number]
    const body = mutation[kind]
    switch (kind) {
      case 'create': {
        const doc = asDocument(body, index, 'create')
        const id = resolveNewId(doc, index)
        if (tx.get(id)) {
          throw mutationFailure(409, 'documentAlreadyExistsError', `Document by ID "${id}" already exists: use createOrReplace to replace it or createIfNotExists to keep it.`, index, {id})
        }
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
        if (!isPlainObject(body)) throw mutationFailure(400, 'invalidMutationError', `Mutation ${index + 1} (delete) needs {"id": "<document id>"} or {"query": "<GROQ>"}.`, index)
        const ids =
          typeof body.query === 'string'
            ? await queryIds(body.query, isPlainObject(body.params) ? body.params : {})
            : [checkId(body.id, index, 'mutationError', 'id')]
        for (const id of ids) {
          tx.put(id, null, false)
          results.push({id, operation: 'delete'})
        }
        break
      }
      case 'patch': {
        if (!isPlainObject(body)) {
          throw mutationFailure(400, 'invalidMutationError', `Mutation ${index + 1} (patch) needs {"id": "<document id>", ...operations} or {"query": "<GROQ>", ...operations}.`, index)
        }
        const ids =
          typeof body.query === 'string'
            ? await queryIds(body.query, isPlainObject(body.params) ? body.params : {})
            : [checkId(body.id, index, 'mutationError', 'id')]
        for (const id of ids) {
          const current = tx.get(id)
          if (!current) {
            throw mutationFailure(404, 'documentNotFoundError', `Cannot modify nonexistent document "${id}": create it first (create or createIfNotExists), or check the id.`, index, {id})
          }
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

