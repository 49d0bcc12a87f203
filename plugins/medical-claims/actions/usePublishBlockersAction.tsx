import {HelpCircleIcon} from '@sanity/icons/HelpCircle'
import type {DocumentActionComponent, DocumentActionDescription, DocumentActionProps} from 'sanity'
import {PublishBlockersDialog} from '../components/PublishBlockersDialog.tsx'
import {useDialogOpen, useHostedDialog} from '../hooks/actionDialogs.ts'
import {useArticleVerdict, useSteadyVerdict} from '../hooks/useArticleVerdict.ts'
import {publishDecision} from '../rules/policy.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'

export const PUBLISH_BLOCKERS_LABEL = "Why can't I publish?"

/**
 * "Why can't I publish?": shown while the rules block publishing; opens a dialog listing every
 * failing claim with a button that takes the editor to it in the body, and the medical review.
 */
export function createPublishBlockersAction(options: MedicalClaimsOptions): DocumentActionComponent {
  const usePublishBlockersAction: DocumentActionComponent = (props: DocumentActionProps): DocumentActionDescription | null => {
    const {open, show, close} = useDialogOpen(props.id, 'publish-blockers')
    // Each fix made in the dialog may change what the article refers to and reload its data.
    const {article, verdict, context} = useSteadyVerdict(useArticleVerdict(props, options), open)
    const decision = verdict ? publishDecision(verdict) : null
    // Once nothing blocks the article (a fix in the dialog did it), the dialog closes.
    const dialog = useHostedDialog(props.id, 'publish-blockers', {
      open,
      close,
      gone: decision !== null && !decision.disabled,
      dialog:
        verdict && decision?.disabled
          ? {
              type: 'dialog',
              header: 'Why this article cannot be published yet',
              width: 'medium',
              content: <PublishBlockersDialog article={article} verdict={verdict} context={context} options={options} onClose={close} />,
            }
          : null,
    })
    if (!verdict || !decision?.disabled) return null
    return {
      label: PUBLISH_BLOCKERS_LABEL,
      icon: HelpCircleIcon,
      tone: 'caution',
      title: decision.title,
      onHandle: show,
      dialog,
    }
  }
  usePublishBlockersAction.displayName = 'PublishBlockersAction'
  return usePublishBlockersAction
}
