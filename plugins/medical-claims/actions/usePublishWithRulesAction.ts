import {useCallback} from 'react'
import {useDocumentOperation, useDocumentPairPermissions, useSchema, useValidationStatus, type DocumentActionComponent, type DocumentActionDescription, type DocumentActionProps} from 'sanity'
import {useArticleVerdict} from '../hooks/useArticleVerdict.ts'
import {useFramesWhile} from '../hooks/useFramesWhile.ts'
import {publishDecision} from '../rules/policy.ts'
import {VALIDATION_CODE_PREFIX} from '../schema/articleValidation.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'

/**
 * Said when the rules allow publishing but Studio still shows markers of an earlier check and
 * publishing cannot go ahead without it (the user may not publish, or the document is not ready).
 */
export const STALE_VALIDATION_TITLE =
  'The medical claims now pass, but Studio still shows the result of an earlier check (it re-validates when the article changes). Edit the article or reopen it, then publish.'

/** Said on Publish when the rules pass now, though Studio's own markers are from before the last fact-check. */
export const FRESH_VERDICT_TITLE = 'Every claim is attributed, credentialed and approved (checked just now).'

/** Said while Studio's own validation of the article is still running. */
export const VALIDATING_TITLE = 'Checking the article…'

/** The field publishing fills in with the moment of publishing when the editor left it empty. */
export const PUBLISHED_AT_FIELD = 'publishedAt'

/**
 * Wraps Studio's Publish action: it is not shown to users without permission to publish the
 * article; it stays disabled, with the rules' sentence as its title, while
 * the article is not publishable, and while the rules' data is loading or failed to load; while
 * Studio's own validation is still running its title says so. Otherwise it is Studio's own
 * Publish; when the article type has a `publishedAt` field the editor left empty, publishing sets
 * it to the moment of publishing first.
 */
export function createPublishWithRulesAction(original: DocumentActionComponent, options: MedicalClaimsOptions): DocumentActionComponent {
  const usePublishWithRulesAction: DocumentActionComponent = (props: DocumentActionProps): DocumentActionDescription | null => {
    const description = original(props)
    const {article, verdict, pending, error} = useArticleVerdict(props, options)
    // Studio validates on edits of the article only, so a fact-check made meanwhile leaves its
    // markers stale; these say whether that is why Studio's Publish is still disabled.
    const studioValidation = useValidationStatus(article?._id ?? props.id, props.type, !props.version)
    // Studio's pass runs in idle time; frames make its idle periods short (see useFramesWhile).
    useFramesWhile(studioValidation.isValidating)
    const {patch, publish} = useDocumentOperation(props.id, props.type)
    const [permissions, permissionsLoading] = useDocumentPairPermissions({id: props.id, type: props.type, permission: 'publish'})
    const hasPublishedAt = Boolean((useSchema().get(props.type) as {fields?: Array<{name: string}>} | undefined)?.fields?.some((f) => f.name === PUBLISHED_AT_FIELD))
    const missingDate = hasPublishedAt && !props.version && Boolean(props.draft) && !(props.draft as Record<string, unknown> | null | undefined)?.[PUBLISHED_AT_FIELD]
    const originalHandle = description?.onHandle
    const setDate = useCallback(() => {
      // Queued before the publish, on the draft it publishes.
      if (missingDate && !patch.disabled) patch.execute([{setIfMissing: {[PUBLISHED_AT_FIELD]: new Date().toISOString()}}])
    }, [missingDate, patch])
    const onHandle = useCallback(() => {
      setDate()
      originalHandle?.()
    }, [setDate, originalHandle])
    const onComplete = props.onComplete
    // Studio's markers are only the plugin's, from a check made before the last decision landed:
    // the rules' verdict (which follows the decisions live) is the fresh one, so publish on it.
    const publishOnFreshVerdict = useCallback(() => {
      setDate()
      publish.execute()
      onComplete?.()
    }, [setDate, publish, onComplete])
    if (!description) return null
    // A Publish the user could never use (a fact-checker's, a medical reviewer's) is not shown;
    // until that is known it cannot be clicked.
    if (!permissionsLoading && permissions && !permissions.granted) return null
    if (permissionsLoading) return {...description, disabled: true, title: 'Checking whether you may publish…'}
    if (error) return {...description, disabled: true, title: `Could not check the medical claims (${error}). Reload the page to try again.`}
    if (!verdict) return {...description, disabled: true, title: 'Checking the medical claims…'}
    const decision = publishDecision(verdict)
    if (decision.disabled) return {...description, disabled: true, title: decision.title}
    // The verdict counts text the form does not hold yet: Studio's Publish, which waits for the
    // form and its validation, never the plugin's own publish on the fresh verdict below.
    if (pending) return {...description, title: VALIDATING_TITLE}
    // While Studio's own validation runs, its Publish waits for it when clicked (a click is never
    // lost, as it would be on a button that turns off and on between passes): say so.
    if (studioValidation.isValidating) return {...description, title: VALIDATING_TITLE}
    const errors = studioValidation.validation.filter((marker) => marker.level === 'error')
    const stale = errors.length > 0 && errors.every((marker) => Boolean(marker.code?.startsWith(VALIDATION_CODE_PREFIX)))
    if (description.disabled && stale) {
      const mayPublish = !permissionsLoading && Boolean(permissions?.granted) && !publish.disabled && !props.version
      return mayPublish ? {...description, disabled: false, title: FRESH_VERDICT_TITLE, onHandle: publishOnFreshVerdict} : {...description, title: STALE_VALIDATION_TITLE}
    }
    if (description.disabled) return description
    return missingDate && originalHandle ? {...description, onHandle} : description
  }
  usePublishWithRulesAction.action = 'publish'
  usePublishWithRulesAction.displayName = 'PublishWithRulesAction'
  return usePublishWithRulesAction
}
