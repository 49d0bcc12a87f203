/**
 * The publish gate, for projects whose editors may not publish articles themselves: an editor asks
 * (a `factCheck.publishRequest` naming the article and the draft revision), and the gate Function
 * judges that draft as if it were published now (./judge.ts, as `npm run audit -- --drafts` does),
 * publishes it with its own token when it passes (pinned to the revision asked for, so a draft
 * changed since is not published), and writes the outcome on the request: `published`, or
 * `refused` with the reasons. A request is answered once: the gate's Function sees only pending
 * requests, and its answer is not one.
 */
import {PUBLISH_REQUEST_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {getDraftId, getPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import type {ArticleDoc, MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import {type GuardClient, judgeDraft} from './judge.ts'

/** The gate's Function sees pending requests only (its own answer is not one). */
export const GATE_FILTER = `_type == "${PUBLISH_REQUEST_TYPE}" && status == "pending"`
export const GATE_PROJECTION = '{_id, "article": article._ref, draftRev}'

export interface PublishRequestEvent {
  _id?: unknown
  article?: unknown
  draftRev?: unknown
}

export interface GateClient extends GuardClient {
  getDocument<R = Record<string, unknown>>(id: string): Promise<R | undefined>
  action(action: unknown, options?: {tag?: string}): Promise<unknown>
  patch(id: string): {set(attrs: Record<string, unknown>): {commit(options?: {visibility?: 'sync'}): Promise<unknown>}}
}

export type GateOutcome = {status: 'published'} | {status: 'refused'; reasons: Array<{code: string; message: string}>}

/** Answers one publish request. */
export async function answerPublishRequest(client: GateClient, request: PublishRequestEvent, {options, now = new Date(), trustedAuthors = []}: {options: MedicalClaimsOptions; now?: Date; trustedAuthors?: ReadonlyArray<string>}): Promise<GateOutcome | null> {
  if (typeof request._id !== 'string') return null
  const refuse = (code: string, message: string): GateOutcome => ({status: 'refused', reasons: [{code, message}]})
  let outcome: GateOutcome
  if (typeof request.article !== 'string' || request.article === '' || typeof request.draftRev !== 'string') {
    outcome = refuse('request.incomplete', 'The request names no article or no draft revision: ask again from the article.')
  } else {
    const articleId = getPublishedId(request.article)
    const draft = await client.getDocument<ArticleDoc & {_rev: string}>(getDraftId(articleId))
    if (!draft || !options.articleTypes.includes(draft._type)) outcome = refuse('request.noDraft', `The article "${articleId}" has no draft to publish (it may have been published or discarded already).`)
    else if (draft._rev !== request.draftRev) outcome = refuse('request.draftChanged', 'The draft changed after publication was requested: review it and ask again.')
    else {
      const result = await judgeDraft(client, draft, {now, options, trustedAuthors})
      if (!result) outcome = refuse('request.noDraft', `The article "${articleId}" has no draft to publish.`)
      else if (result.status === 'fail') outcome = {status: 'refused', reasons: result.issues.filter((i) => i.severity === 'error').map((i) => ({code: i.code, message: i.message}))}
      else {
        try {
          await client.action({actionType: 'sanity.action.document.publish', draftId: draft._id, publishedId: articleId, ifDraftRevisionId: draft._rev}, {tag: 'vouched.gate'})
          outcome = {status: 'published'}
        } catch (error) {
          outcome = refuse('request.publishFailed', `Publishing failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
    }
  }
  await client
    .patch(request._id)
    .set({status: outcome.status, decidedAt: now.toISOString(), reasons: outcome.status === 'refused' ? outcome.reasons.map((r, i) => ({_key: `r${i}`, ...r})) : []})
    .commit({visibility: 'sync'})
  return outcome
}
