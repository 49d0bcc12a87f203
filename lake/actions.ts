/**
 * `/data/actions` document actions (create, edit, publish, unpublish, discard, delete,
 * replaceDraft, version create/discard/replace) as writes into a transaction.
 */
import {DRAFTS_PREFIX, getPublishedId, isDraftId, isVersionId} from '../plugins/medical-claims/rules/ids.ts'
import type {Doc} from './dataset.ts'
import {LakeError, badRequest, mutationFailure} from './errors.ts'
import {applyPatch, checkId, revisionMismatch} from './mutations.ts'
import {isPlainObject, type TxBuilder} from './transaction.ts'

function actionError(status: number, type: string, description: string, index: number, extra: Record<string, unknown> = {}): LakeError {
  return mutationFailure(status, type, description, index, extra, 'actionError')
}

function isDraftOrVersionOf(id: string, publishedId: string): boolean {
  return (isDraftId(id) || isVersionId(id)) && getPublishedId(id) === publishedId
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


