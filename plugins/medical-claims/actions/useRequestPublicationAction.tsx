import {PublishIcon} from '@sanity/icons/Publish'
import {useCallback, useEffect, useRef, useState} from 'react'
import {useToast} from '@sanity/ui/toast'
import {useClient, useDocumentPairPermissions, type DocumentActionComponent, type DocumentActionDescription, type DocumentActionProps} from 'sanity'
import {API_VERSION, PUBLISH_REQUEST_TYPE} from '../rules/constants.ts'
import {getPublishedId} from '../rules/ids.ts'

export const REQUEST_PUBLICATION_LABEL = 'Request publication'
export const WAITING_FOR_GATE_LABEL = 'Waiting for the publish gate…'
/** How long the action waits for the gate's answer before saying it has none. */
export const GATE_ANSWER_TIMEOUT_MS = 60_000

type Answer = {status: 'published'} | {status: 'refused'; reasons: Array<{code?: string; message?: string}>}

/** What the editor is told of the gate's answer. */
export function answerMessage(answer: Answer): {status: 'success' | 'error'; title: string; description?: string} {
  if (answer.status === 'published') return {status: 'success', title: 'Published by the publish gate: every claim passed.'}
  const reasons = answer.reasons.map((r) => r.message).filter((m): m is string => typeof m === 'string' && m !== '')
  return {status: 'error', title: 'The publish gate did not publish the article.', description: reasons.join(' ') || 'It gave no reason.'}
}

/**
 * "Request publication", for editors who may not publish articles themselves (a hosted project
 * with the kit's roles: README, "Publishing on a hosted project"): writes a publish request for the
 * draft as it is now, waits for the publish gate's answer, and says what it was: published, or
 * refused and why. Shown only on a draft, to users who may not publish the article but may ask.
 */
export function createRequestPublicationAction(): DocumentActionComponent {
  const useRequestPublicationAction: DocumentActionComponent = (props: DocumentActionProps): DocumentActionDescription | null => {
    const [permissions, loading] = useDocumentPairPermissions({id: props.id, type: props.type, permission: 'publish'})
    // Only those who may ask: an editor's role on a project with the gate (a fact-checker may neither publish nor ask).
    const [asking, askingLoading] = useDocumentPairPermissions({id: `publish-request-${props.id}`, type: PUBLISH_REQUEST_TYPE, permission: 'update'})
    const client = useClient({apiVersion: API_VERSION})
    const toast = useToast()
    const [waiting, setWaiting] = useState(false)
    const [last, setLast] = useState<string | null>(null)
    const stop = useRef<() => void>(() => undefined)
    useEffect(() => () => stop.current(), [])
    const draft = props.draft as {_rev?: string} | null | undefined

    const onHandle = useCallback(() => {
      if (!draft?._rev) return
      const requestId = `publish-request-${crypto.randomUUID()}`
      setWaiting(true)
      const finish = (message: {status: 'success' | 'error' | 'warning'; title: string; description?: string}) => {
        stop.current()
        setWaiting(false)
        setLast(message.title)
        toast.push({...message, closable: true, duration: 15_000})
      }
      const subscription = client.listen<{status?: string; reasons?: Array<{code?: string; message?: string}>}>(`*[_id == $id]`, {id: requestId}, {includeResult: true, visibility: 'query'}).subscribe({
        next: (event) => {
          const result = 'result' in event ? (event.result as {status?: string; reasons?: Array<{code?: string; message?: string}>} | undefined) : undefined
          if (result?.status === 'published') finish(answerMessage({status: 'published'}))
          else if (result?.status === 'refused') finish(answerMessage({status: 'refused', reasons: result.reasons ?? []}))
        },
        error: () => finish({status: 'warning', title: 'Lost touch with the publish request: reload the article to see whether it was published.'}),
      })
      const timer = setTimeout(() => finish({status: 'warning', title: 'No answer from the publish gate yet.', description: 'The request stays open; the article is published once the gate answers. If it never does, the Blueprint may not be deployed.'}), GATE_ANSWER_TIMEOUT_MS)
      stop.current = () => {
        clearTimeout(timer)
        subscription.unsubscribe()
      }
      client
        .create({_id: requestId, _type: PUBLISH_REQUEST_TYPE, article: {_type: 'reference', _ref: getPublishedId(props.id), _weak: true}, draftRev: draft._rev, status: 'pending'})
        .catch((error: unknown) => finish({status: 'error', title: 'The publish request could not be written.', description: error instanceof Error ? error.message : String(error)}))
    }, [client, draft?._rev, props.id, toast])

    if (loading || askingLoading || !permissions || permissions.granted || !asking?.granted || !draft || props.version) return null
    return {
      label: waiting ? WAITING_FOR_GATE_LABEL : REQUEST_PUBLICATION_LABEL,
      icon: PublishIcon,
      tone: 'primary',
      disabled: waiting,
      title: waiting ? 'The publish gate is checking the draft against the publish rules.' : last ?? 'The publish gate publishes the draft as it is now if every claim passes, and says why if not.',
      onHandle,
    }
  }
  useRequestPublicationAction.displayName = 'RequestPublicationAction'
  return useRequestPublicationAction
}
