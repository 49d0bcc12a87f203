import {ClipboardIcon} from '@sanity/icons/Clipboard'
import type {DocumentActionComponent, DocumentActionDescription, DocumentActionProps} from 'sanity'
import {FactCheckPanel} from '../components/FactCheckPanel.tsx'
import {useDialogOpen, useHostedDialog} from '../hooks/actionDialogs.ts'
import {useArticleVerdict, useSteadyVerdict} from '../hooks/useArticleVerdict.ts'
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
    const {open, show, close} = useDialogOpen(props.id, 'fact-check')
    // A decision or a listener event reloads the article's data: the open panel keeps what it showed meanwhile.
    const {article, verdict, context, refresh} = useSteadyVerdict(useArticleVerdict(props, options), open)
    const dialog = useHostedDialog(props.id, 'fact-check', {
      open,
      close,
      gone: !isFactChecker,
      dialog:
        isFactChecker && verdict && context
          ? {
              type: 'dialog',
              header: 'Fact-check claims',
              width: 'large',
              content: <FactCheckPanel articleId={getPublishedId(props.id)} article={article} verdict={verdict} context={context} options={options} onDecided={refresh} />,
            }
          : null,
    })
    if (!isFactChecker) return null
    const summary = verdict ? summarizeVerdict(verdict) : null
    return {
      label: summary && summary.awaiting > 0 ? `Fact-check claims (${summary.awaiting})` : 'Fact-check claims',
      icon: ClipboardIcon,
      disabled: !verdict || !context,
      title: !verdict ? 'Loading the claims…' : summary && summary.total === 0 ? 'This article has no marked medical claims.' : undefined,
      onHandle: show,
      dialog,
    }
  }
  useFactCheckAction.displayName = 'FactCheckAction'
  return useFactCheckAction
}
