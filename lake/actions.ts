/**
 * `/data/actions` document actions (create, edit, publish, unpublish, discard, delete,
 * replaceDraft, version create/discard/replace/unpublish) and release actions (./releases.ts) as
 * writes into a transaction.
 */
import {DRAFTS_PREFIX, getPublishedId, isDraftId, isVersionId} from '../plugins/medical-claims/rules/ids.ts'
import type {Doc} from './dataset.ts'
import {kindOf, shownValue} from './document-id.ts'
import {LakeError, badRequest, mutationFailure} from './errors.ts'
import {applyPatch, checkId, revisionMismatch} from './mutations.ts'
import {applyReleaseAction, isReleaseAction} from './releases.ts'
import {isPlainObject, type TxBuilder} from './transaction.ts'

function actionError(status: number, type: string, description: string, index: number, extra: Record<string, unknown> = {}): LakeError {
  return mutationFailure(status, type, description, index, extra, 'actionError')
}

function isDraftOrVersionOf(id: string, publishedId: string): boolean {
  return (isDraftId(id) || isVersionId(id)) && getPublishedId(id) === publishedId
}


/** Applies a list of Actions API actions. Unknown action types answer 400. */
export function applyActions(tx: TxBuilder, actions: unknown): string[] {
  if (!Array.isArray(actions) || actions.length === 0) {
    throw badRequest(`"actions" must be a non-empty list, such as {"actions": [{"actionType": "sanity.action.document.publish", "draftId": "drafts.article-1", "publishedId": "article-1"}]} (got ${shownValue(actions)}).`)
  }
  const kinds: string[] = []
  for (const [index, action] of actions.entries()) {
    if (!isPlainObject(action)) throw actionError(400, 'validationError', `Action ${index + 1} is ${kindOf(action)}; each action is an object with an "actionType".`, index)
    const type = action.actionType
    kinds.push(String(type))
    switch (type) {
      case 'sanity.action.document.create': {
        const publishedId = checkId(action.publishedId, index, 'actionError', 'publishedId')
        const attributes = action.attributes
        if (!isPlainObject(attributes) || typeof attributes._type !== 'string') throw actionError(400, 'validationError', `Action ${index + 1} (create) needs "attributes": the new document, with its _type (such as "article").`, index)
        const id = typeof attributes._id === 'string' ? checkId(attributes._id, index, 'actionError', 'attributes._id') : `${DRAFTS_PREFIX}${publishedId}`
        if (!isDraftOrVersionOf(id, publishedId)) throw actionError(400, 'validationError', `attributes._id "${id}" must be the draft or a version of "${publishedId}" (such as "${DRAFTS_PREFIX}${publishedId}"), or left out.`, index)
        if (tx.get(id)) {
          if (action.ifExists === 'ignore') break
          throw actionError(409, 'documentAlreadyExistsError', `Document by ID "${id}" already exists: edit it instead, or send "ifExists": "ignore" to leave it as it is.`, index, {id})
        }
        tx.put(id, {...attributes, _id: id} as Doc, true)
        break
      }
      case 'sanity.action.document.edit': {
        const publishedId = checkId(action.publishedId, index, 'actionError', 'publishedId')
        const draftId = typeof action.draftId === 'string' ? checkId(action.draftId, index, 'actionError', 'draftId') : `${DRAFTS_PREFIX}${publishedId}`
        if (!isDraftOrVersionOf(draftId, publishedId)) throw actionError(400, 'validationError', `draftId "${draftId}" must be the draft or a version of "${publishedId}" (such as "${DRAFTS_PREFIX}${publishedId}").`, index)
        if (!isPlainObject(action.patch)) throw actionError(400, 'validationError', `Action ${index + 1} (edit) needs a "patch" object, such as {"set": {"title": "New title"}}.`, index)
        const draft = tx.get(draftId)
        const base = draft ?? tx.get(publishedId)
        if (!base) throw actionError(409, 'documentNotFoundError', `Cannot edit "${publishedId}": it has neither a draft nor a published version. Create it first (sanity.action.document.create).`, index, {id: publishedId})
        const patch = action.patch
        if (typeof patch.ifRevisionID === 'string' && patch.ifRevisionID !== base._rev) throw revisionMismatch(base._id, base._rev, patch.ifRevisionID, index, 'actionError')
        const start: Doc = draft ?? {...base, _id: draftId}
        tx.put(draftId, applyPatch(start, patch, index, 'actionError'), true)
        break
      }
      case 'sanity.action.document.publish': {
        const publishedId = checkId(action.publishedId, index, 'actionError', 'publishedId')
        const draftId = typeof action.draftId === 'string' ? checkId(action.draftId, index, 'actionError', 'draftId') : `${DRAFTS_PREFIX}${publishedId}`
        if (!isDraftOrVersionOf(draftId, publishedId)) throw actionError(400, 'validationError', `draftId "${draftId}" must be the draft or a version of "${publishedId}" (such as "${DRAFTS_PREFIX}${publishedId}").`, index)
        const draft = tx.get(draftId)
        if (!draft) {
          throw actionError(409, 'documentNotFoundError', `Cannot publish "${publishedId}": its draft "${draftId}" does not exist (it may have been published or discarded already). Reload the document.`, index, {id: draftId})
        }
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
        const publishedId = checkId(action.publishedId, index, 'actionError', 'publishedId')
        const draftId = typeof action.draftId === 'string' ? checkId(action.draftId, index, 'actionError', 'draftId') : `${DRAFTS_PREFIX}${publishedId}`
        const published = tx.get(publishedId)
        if (!published) throw actionError(409, 'documentNotFoundError', `Cannot unpublish "${publishedId}": it is not published (it may have been unpublished or withdrawn already). Reload the document.`, index, {id: publishedId})
        if (!tx.get(draftId)) tx.put(draftId, {...published, _id: draftId}, false)
        tx.put(publishedId, null, false)
        break
      }
      case 'sanity.action.document.discard': {
        const draftId = checkId(action.draftId, index, 'actionError', 'draftId')
        if (!isDraftId(draftId) && !isVersionId(draftId)) throw actionError(400, 'validationError', `draftId "${draftId}" is not a draft or version id: discard takes "drafts.<id>" or "versions.<release>.<id>".`, index)
        if (!tx.get(draftId)) throw actionError(409, 'documentNotFoundError', `Cannot discard "${draftId}": it does not exist (it may have been published or discarded already). Reload the document.`, index, {id: draftId})
        tx.put(draftId, null, false)
        break
      }
      case 'sanity.action.document.delete': {
        const publishedId = checkId(action.publishedId, index, 'actionError', 'publishedId')
        const includeDrafts = Array.isArray(action.includeDrafts) ? action.includeDrafts : []
        for (const draftId of includeDrafts) {
          const id = checkId(draftId, index, 'actionError', 'an includeDrafts entry')
          if (!isDraftOrVersionOf(id, publishedId)) throw actionError(400, 'validationError', `includeDrafts entry "${id}" is not a draft or version of "${publishedId}": list only "${DRAFTS_PREFIX}${publishedId}" or its release versions.`, index)
          tx.put(id, null, false)
        }
        const draftId = `${DRAFTS_PREFIX}${publishedId}`
        if (tx.get(draftId) && !includeDrafts.includes(draftId)) {
          throw actionError(409, 'validationError', `Cannot delete "${publishedId}": its draft "${draftId}" exists. List it in includeDrafts to delete both, or discard the draft first.`, index)
        }
        tx.put(publishedId, null, false)
        break
      }
      case 'sanity.action.document.version.discard': {
        const versionId = checkId(action.versionId, index, 'actionError', 'versionId')
        if (!isDraftId(versionId) && !isVersionId(versionId)) throw actionError(400, 'validationError', `versionId "${versionId}" is not a draft or version id: it takes "drafts.<id>" or "versions.<release>.<id>".`, index)
        if (!tx.get(versionId)) throw actionError(409, 'documentNotFoundError', `Cannot discard "${versionId}": it does not exist (it may have been published or discarded already). Reload the document.`, index, {id: versionId})
        tx.put(versionId, null, false)
        break
      }
      case 'sanity.action.document.version.create': {
        const publishedId = checkId(action.publishedId, index, 'actionError', 'publishedId')
        if (isPlainObject(action.document)) {
          const doc = action.document
          const id = checkId(doc._id, index, 'actionError', 'document._id')
          if (!isDraftOrVersionOf(id, publishedId)) throw actionError(400, 'validationError', `document._id "${id}" must be the draft or a version of "${publishedId}" (such as "versions.<release>.${publishedId}").`, index)
          if (typeof doc._type !== 'string') throw actionError(400, 'validationError', `The document "${id}" of action ${index + 1} has no _type: give it _type, the name of its schema type (such as "article").`, index)
          if (tx.get(id)) throw actionError(409, 'documentAlreadyExistsError', `Document by ID "${id}" already exists: use sanity.action.document.version.replace to replace it.`, index, {id})
          tx.put(id, {...doc, _id: id} as Doc, true)
          break
        }
        const baseIdValue = checkId(action.baseId, index, 'actionError', 'baseId')
        const versionId = checkId(action.versionId, index, 'actionError', 'versionId')
        if (!isDraftOrVersionOf(versionId, publishedId)) throw actionError(400, 'validationError', `versionId "${versionId}" must be the draft or a version of "${publishedId}" (such as "versions.<release>.${publishedId}").`, index)
        const base = tx.get(baseIdValue)
        if (!base) throw actionError(409, 'documentNotFoundError', `Base document "${baseIdValue}" does not exist: baseId names the document the version starts from (its published document or draft).`, index, {id: baseIdValue})
        if (typeof action.ifBaseRevisionId === 'string' && action.ifBaseRevisionId !== base._rev) {
          throw revisionMismatch(baseIdValue, base._rev, action.ifBaseRevisionId, index, 'actionError')
        }
        if (tx.get(versionId)) {
          throw actionError(409, 'documentAlreadyExistsError', `Document by ID "${versionId}" already exists: use sanity.action.document.version.replace to replace it.`, index, {id: versionId})
        }
        tx.put(versionId, {...base, _id: versionId}, true)
        break
      }
      case 'sanity.action.document.version.replace': {
        if (!isPlainObject(action.document)) throw actionError(400, 'validationError', `Action ${index + 1} (version.replace) needs a "document": the version as it should be, with its _id and _type.`, index)
        const id = checkId(action.document._id, index, 'actionError', 'document._id')
        if (!isDraftId(id) && !isVersionId(id)) throw actionError(400, 'validationError', `document._id "${id}" is not a draft or version id: version.replace takes "drafts.<id>" or "versions.<release>.<id>".`, index)
        if (!tx.get(id)) throw actionError(409, 'documentNotFoundError', `Cannot replace "${id}": it does not exist. Create it first (sanity.action.document.version.create).`, index, {id})
        if (typeof action.document._type !== 'string') {
          throw actionError(400, 'validationError', `The document "${id}" of action ${index + 1} has no _type: give it _type, the name of its schema type (such as "article").`, index)
        }
        tx.put(id, {...action.document, _id: id as string} as Doc, true)
        break
      }
      case 'sanity.action.document.replaceDraft': {
        const publishedId = checkId(action.publishedId, index, 'actionError', 'publishedId')
        const attributes = action.attributes
        if (!isPlainObject(attributes) || typeof attributes._type !== 'string') throw actionError(400, 'validationError', `Action ${index + 1} (replaceDraft) needs "attributes": the draft as it should be, with its _type (such as "article").`, index)
        const id = typeof attributes._id === 'string' ? checkId(attributes._id, index, 'actionError', 'attributes._id') : `${DRAFTS_PREFIX}${publishedId}`
        if (!isDraftOrVersionOf(id, publishedId)) throw actionError(400, 'validationError', `attributes._id "${id}" must be the draft of "${publishedId}" ("${DRAFTS_PREFIX}${publishedId}"), or left out.`, index)
        tx.put(id, {...attributes, _id: id} as Doc, true)
        break
      }
      case 'sanity.action.document.version.unpublish': {
        // Marks the release's version so that publishing the release removes the published document.
        const publishedId = checkId(action.publishedId, index, 'actionError', 'publishedId')
        const versionId = checkId(action.versionId, index, 'actionError', 'versionId')
        if (!isVersionId(versionId) || getPublishedId(versionId) !== publishedId) {
          throw actionError(400, 'validationError', `versionId "${versionId}" must be a release version of "${publishedId}" (such as "versions.<release>.${publishedId}").`, index)
        }
        const published = tx.get(publishedId)
        if (!published) throw actionError(409, 'documentNotFoundError', `Cannot unpublish "${publishedId}" in a release: it is not published.`, index, {id: publishedId})
        const base = tx.get(versionId) ?? {...published, _id: versionId}
        tx.put(versionId, {...base, _system: {...(isPlainObject(base._system) ? base._system : {}), delete: true}} as Doc, true)
        break
      }
      default:
        if (isReleaseAction(action)) {
          applyReleaseAction(tx, action, index)
          break
        }
        throw actionError(
          400,
          'unsupportedActionError',
          `Action ${index + 1} has actionType ${shownValue(type)}, which the local lake does not support: it takes the sanity.action.document.* actions (create, edit, publish, unpublish, discard, delete, replaceDraft, version.create, version.discard, version.replace, version.unpublish) and the sanity.action.release.* actions (create, edit, schedule, unschedule, publish, archive, unarchive, delete).`,
          index,
        )
    }
  }
  return kinds
}


