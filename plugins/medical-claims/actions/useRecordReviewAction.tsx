import {TaskIcon} from '@sanity/icons/Task'
import {useState} from 'react'
import type {DocumentActionComponent, DocumentActionDescription, DocumentActionProps} from 'sanity'
import {RecordReviewDialog} from '../components/RecordReviewDialog.tsx'
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
    const [open, setOpen] = useState(false)
    // A listener event reloads the article's data: the open dialog keeps what it showed meanwhile.
    const {article, verdict, context, error, refresh} = useSteadyVerdict(useArticleVerdict(props, options), open)
    const state = recordReviewActionState({userId: user?.id, roles, editors: context?.editors, error, options})
    if (!state) return null
    const close = () => setOpen(false)
    const recorded = () => {
      setOpen(false)
      refresh()
    }
    const evidenceRequired = reviewPermission({userId: user?.id, roles, editors: context?.editors ?? null, options}).evidenceRequired
    return {
      label: RECORD_REVIEW_LABEL,
      icon: TaskIcon,
      disabled: state.disabled || !verdict || !article || !user,
      title: state.title,
      onHandle: () => setOpen(true),
      dialog:
        open && !state.disabled && article && verdict && context && user
          ? {
              type: 'dialog',
              header: RECORD_REVIEW_LABEL,
              width: 'medium',
              onClose: close,
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
    }
  }
  useRecordReviewAction.displayName = 'RecordReviewAction'
  return useRecordReviewAction
}
