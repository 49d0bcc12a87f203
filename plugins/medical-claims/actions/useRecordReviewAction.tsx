import {TaskIcon} from '@sanity/icons/Task'
import type {DocumentActionComponent, DocumentActionDescription, DocumentActionProps} from 'sanity'
import {RecordReviewDialog} from '../components/RecordReviewDialog.tsx'
import {useDialogOpen, useHostedDialog} from '../hooks/actionDialogs.ts'
import {useArticleVerdict, useSteadyVerdict} from '../hooks/useArticleVerdict.ts'
import {useUserRoles} from '../hooks/useUserRoles.ts'
import type {MedicalClaimsOptions} from '../rules/types.ts'
import {RECORD_REVIEW_LABEL, recordReviewActionState, reviewPermission} from './recordReview.ts'

/**
 * "Record medical review": for medical reviewers (in their own name) and fact-checkers (on a
 * reviewer's behalf, with the evidence), by role. Disabled with the reason while the article's
 * editors are unknown or when the user edited the article. Opens the dialog that records the
 * review, pinned to the article as it reads now.
 */
export function createRecordReviewAction(options: MedicalClaimsOptions): DocumentActionComponent {
  const useRecordReviewAction: DocumentActionComponent = (props: DocumentActionProps): DocumentActionDescription | null => {
    const {user, roles} = useUserRoles(options)
    const {open, show, close} = useDialogOpen(props.id, 'record-review')
    // A listener event reloads the article's data: the open dialog keeps what it showed meanwhile.
    const {article, verdict, context, error, refresh} = useSteadyVerdict(useArticleVerdict(props, options), open)
    const state = recordReviewActionState({userId: user?.id, roles, editors: context?.editors, error, options})
    const recorded = () => {
      close()
      refresh()
    }
    const evidenceRequired = reviewPermission({userId: user?.id, roles, editors: context?.editors ?? null, options}).evidenceRequired
    const dialog = useHostedDialog(props.id, 'record-review', {
      open,
      close,
      // The user may not record a review (any more): not a reviewer, or one who edited the article.
      gone: !state || (Boolean(context) && state.disabled),
      dialog:
        state && !state.disabled && article && verdict && context && user
          ? {
              type: 'dialog',
              header: RECORD_REVIEW_LABEL,
              width: 'medium',
              content: (
                <RecordReviewDialog
                  article={article}
                  context={context}
                  verdict={verdict}
                  options={options}
                  recorder={user}
                  evidenceRequired={evidenceRequired}
                  onRecorded={recorded}
                  onCancel={close}
                />
              ),
            }
          : null,
    })
    if (!state) return null
    return {
      label: RECORD_REVIEW_LABEL,
      icon: TaskIcon,
      disabled: state.disabled || !verdict || !article || !user,
      title: state.title,
      onHandle: show,
      dialog,
    }
  }
  useRecordReviewAction.displayName = 'RecordReviewAction'
  return useRecordReviewAction
}
