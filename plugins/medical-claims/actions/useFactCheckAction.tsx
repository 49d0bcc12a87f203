import {ClipboardIcon} from '@sanity/icons/Clipboard'
import {useState} from 'react'
import type {DocumentActionComponent, DocumentActionDescription, DocumentActionProps} from 'sanity'
import {FactCheckPanel} from '../components/FactCheckPanel.tsx'
import {useArticleVerdict} from '../hooks/useArticleVerdict.ts'
import {useUserRoles} from '../hooks/useUserRoles.ts'
import {getPublishedId} from '../rules/ids.ts'
import {summarizeVerdict} from '../rules/policy.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'

/**
 * "Fact-check claims": for fact-checkers only (by role). Opens the fact-check panel, where each
 * claim shows its expert, credentials and sources, and Approve / Reject when the rules allow.
 */
export function createFactCheckAction(options: MedicalClaimsOptions): DocumentActionComponent {
  const useFactCheckAction: DocumentActionComponent = (props: DocumentActionProps): DocumentActionDescription | null => {
    const {isFactChecker} = useUserRoles(options)
    const {article, verdict, context, refresh} = useArticleVerdict(props, options)
    const [open, setOpen] = useState(false)
    if (!isFactChecker) return null
    const summary = verdict ? summarizeVerdict(verdict) : null
    const close = () => setOpen(false)
    return {
      label: summary && summary.awaiting > 0 ? `Fact-check claims (${summary.awaiting})` : 'Fact-check claims',
      icon: ClipboardIcon,
      disabled: !verdict || !context,
      title: !verdict ? 'Loading the claims…' : summary && summary.total === 0 ? 'This article has no marked medical claims.' : undefined,
      onHandle: () => setOpen(true),
      dialog:
        open && verdict && context
          ? {
              type: 'dialog',
              header: 'Fact-check claims',
              width: 'large',
              onClose: close,
              content: (
                <FactCheckPanel articleId={getPublishedId(props.id)} article={article} verdict={verdict} context={context} options={options} onDecided={refresh} />
              ),
            }
          : null,
    }
  }
  useFactCheckAction.displayName = 'FactCheckAction'
  return useFactCheckAction
}
