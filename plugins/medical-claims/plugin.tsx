import {ClipboardIcon} from '@sanity/icons/Clipboard'
import {definePlugin, type DocumentActionComponent, type DocumentBadgeComponent, type SchemaTypeDefinition, type Tool} from 'sanity'
import {createFactCheckAction} from './actions/useFactCheckAction.tsx'
import {createPublishBlockersAction} from './actions/usePublishBlockersAction.tsx'
import {createPublishWithRulesAction} from './actions/usePublishWithRulesAction.ts'
import {createRecordReviewAction} from './actions/useRecordReviewAction.tsx'
import {createRequestPublicationAction} from './actions/useRequestPublicationAction.tsx'
import {createClaimsStatusBadge} from './badges/useClaimsStatusBadge.ts'
import {useDecisionBadge} from './badges/useDecisionBadge.ts'
import {createFormInput} from './components/CredentialInput.tsx'
import {FactCheckQueueTool} from './components/FactCheckQueueTool.tsx'
import {LiveBodyPlugins} from './components/LiveBodyInput.tsx'
import {DECISION_TYPES, PUBLISH_REQUEST_TYPE, WITHDRAWAL_TYPE} from './rules/constants.ts'
import {publishRequestType} from './schema/publishRequest.ts'

/** Records the lake and the Functions write (withdrawals, publish requests): no actions, no templates. */
const isRecord = (type: string | undefined) => type === WITHDRAWAL_TYPE || type === PUBLISH_REQUEST_TYPE
import {resolveOptions} from './rules/options.ts'
import {applyClaimRules} from './schema/articleValidation.ts'
import {factCheckApprovalType} from './schema/factCheckApproval.ts'
import {factCheckRejectionType} from './schema/factCheckRejection.ts'
import {factCheckReviewType} from './schema/factCheckReview.ts'
import {factCheckWithdrawalType} from './schema/factCheckWithdrawal.ts'
import {useWithdrawnBadge} from './badges/useWithdrawnBadge.ts'
import type {MedicalClaimsOptions} from './rules/types.ts'

/** The name of the fact-check queue tool (its URL segment). */
export const FACT_CHECK_TOOL_NAME = 'fact-check'

const DECISION_TYPE_NAMES: ReadonlyArray<string> = DECISION_TYPES

/**
 * Medical claims: publish rules for articles whose claims must be attributed to credentialed
 * experts and approved by fact-checkers.
 *
 * - Adds the `factCheck.approval`, `factCheck.rejection` and `factCheck.review` (medical review)
 *   document types, read-only in Studio.
 * - Runs the rules as document validation of each target article type (its own rules are kept).
 * - Wraps Publish, adds "Fact-check claims", "Record medical review" and "Why can't I publish?"
 *   actions and a claims badge to article types; decision documents get no actions and a verdict badge.
 * - Adds the "Fact-check queue" tool and the credential verification bar.
 *
 * Place it after `structureTool()` in `plugins`, so that Studio's Publish action exists when the
 * plugin wraps it. The rules see the article types registered before the plugin; to add them to
 * types declared in the root `schema.types`, pass those through `applyClaimRules` (see index.ts).
 */
export const medicalClaims = definePlugin<Partial<MedicalClaimsOptions> | void>((opts) => {
  const options = resolveOptions(opts ?? {})
  const isArticle = (type: string) => options.articleTypes.includes(type)
  const isDecision = (type: string) => DECISION_TYPE_NAMES.includes(type)

  const publishBlockers = createPublishBlockersAction(options)
  const factCheck = createFactCheckAction(options)
  const recordReview = createRecordReviewAction(options)
  const requestPublication = createRequestPublicationAction()
  const claimsBadge = createClaimsStatusBadge(options)
  // One wrapper per original Publish action, so resolving twice yields the same components.
  const wrappedPublish = new WeakMap<DocumentActionComponent, DocumentActionComponent>()
  const wrapPublish = (original: DocumentActionComponent) => {
    let wrapped = wrappedPublish.get(original)
    if (!wrapped) {
      wrapped = createPublishWithRulesAction(original, options)
      wrappedPublish.set(original, wrapped)
    }
    return wrapped
  }

  const tool: Tool<MedicalClaimsOptions> = {
    name: FACT_CHECK_TOOL_NAME,
    title: 'Fact-check queue',
    icon: ClipboardIcon,
    component: FactCheckQueueTool,
    options,
  }

  return {
    name: 'medical-claims',
    schema: {
      types: (prev: SchemaTypeDefinition[]) => [
        ...applyClaimRules(prev, options).filter((type) => !isDecision(type.name)),
        factCheckApprovalType(options),
        factCheckRejectionType(options),
        factCheckReviewType(options),
        factCheckWithdrawalType(options),
        publishRequestType(options),
      ],
      templates: (prev) => prev.filter((template) => !isDecision(template.schemaType) && !isRecord(template.schemaType)),
    },
    document: {
      actions: (prev: DocumentActionComponent[], context) => {
        if (isDecision(context.schemaType) || isRecord(context.schemaType)) return []
        if (!isArticle(context.schemaType)) return prev
        // Each role's own action leads the footer: a fact-checker's "Fact-check claims", a medical
        // reviewer's "Record medical review" (each rendered or not by the user's roles), then, for
        // a blocked editor, "Why can't I publish?" (gone once the article passes, when Publish
        // leads). Publish is not shown to users who may not publish. The dialogs do not depend on
        // this order: the article's form hosts them (hooks/actionDialogs.ts), since Studio keeps
        // an open action dialog by its position among the actions that render.
        const actions = prev.map((action) => (action.action === 'publish' ? wrapPublish(action) : action))
        return [factCheck, recordReview, publishBlockers, requestPublication, ...actions]
      },
      badges: (prev: DocumentBadgeComponent[], context) => {
        if (isDecision(context.schemaType)) return [...prev, useDecisionBadge]
        if (!isArticle(context.schemaType)) return prev
        return [...prev, claimsBadge, useWithdrawnBadge]
      },
      newDocumentOptions: (prev) => prev.filter((item) => !isDecision(item.templateId) && !isRecord(item.templateId)),
    },
    tools: [tool],
    form: {
      components: {
        input: createFormInput(options),
        portableText: {plugins: LiveBodyPlugins},
      },
    },
  }
})
