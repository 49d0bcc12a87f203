import {HelpCircleIcon} from '@sanity/icons/HelpCircle'
import {useState} from 'react'
import type {DocumentActionComponent, DocumentActionDescription, DocumentActionProps} from 'sanity'
import {PublishBlockersDialog} from '../components/PublishBlockersDialog.tsx'
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
    const [open, setOpen] = useState(false)
    // Each fix made in the dialog may change what the article refers to and reload its data.
    const {article, verdict, context} = useSteadyVerdict(useArticleVerdict(props, options), open)
    if (!verdict) return null
    const decision = publishDecision(verdict)
    if (!decision.disabled) return null
    const close = () => setOpen(false)
    return {
      label: PUBLISH_BLOCKERS_LABEL,
      icon: HelpCircleIcon,
      tone: 'caution',
      title: decision.title,
      onHandle: () => setOpen(true),
      dialog: open
        ? {
            type: 'dialog',
            header: 'Why this article cannot be published yet',
            width: 'medium',
            onClose: close,
            content: <PublishBlockersDialog article={article} verdict={verdict} context={context} options={options} onClose={close} />,
          }
        : null,
    }
  }
  usePublishBlockersAction.displayName = 'PublishBlockersAction'
  return usePublishBlockersAction
}
