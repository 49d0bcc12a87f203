import {useValidationStatus, type DocumentActionComponent, type DocumentActionDescription, type DocumentActionProps} from 'sanity'
import {useArticleVerdict} from '../hooks/useArticleVerdict.ts'
import {publishDecision} from '../rules/policy.ts'
import {VALIDATION_CODE_PREFIX} from '../schema/articleValidation.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'

/** Said when the rules allow publishing but Studio still shows markers of an earlier check. */
export const STALE_VALIDATION_TITLE =
  'The medical claims now pass, but Studio still shows the result of an earlier check (it re-validates when the article changes). Edit the article or reopen it, then publish.'

/**
 * Wraps Studio's Publish action: it stays disabled, with the rules' sentence as its title, while
 * the article is not publishable (and while the rules' data is loading or failed to load).
 * Otherwise Studio's own Publish is returned unchanged.
 */
export function createPublishWithRulesAction(original: DocumentActionComponent, options: MedicalClaimsOptions): DocumentActionComponent {
  const usePublishWithRulesAction: DocumentActionComponent = (props: DocumentActionProps): DocumentActionDescription | null => {
    const description = original(props)
    const {article, verdict, error} = useArticleVerdict(props, options)
    // Studio validates on edits of the article only, so a fact-check made meanwhile leaves its
    // markers stale; these say whether that is why Studio's Publish is still disabled.
    const studioValidation = useValidationStatus(article?._id ?? props.id, props.type, !props.version)
    if (!description) return null
    if (error) return {...description, disabled: true, title: `Could not check the medical claims (${error}). Reload the page to try again.`}
    if (!verdict) return {...description, disabled: true, title: 'Checking the medical claims…'}
    const decision = publishDecision(verdict)
    if (decision.disabled) return {...description, disabled: true, title: decision.title}
    const stale = studioValidation.validation.some((marker) => marker.level === 'error' && Boolean(marker.code?.startsWith(VALIDATION_CODE_PREFIX)))
    return description.disabled && stale && !studioValidation.isValidating ? {...description, title: STALE_VALIDATION_TITLE} : description
  }
  usePublishWithRulesAction.action = 'publish'
  usePublishWithRulesAction.displayName = 'PublishWithRulesAction'
  return usePublishWithRulesAction
}
