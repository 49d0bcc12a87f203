/**
 * The custom roles an Enterprise project needs for "nothing non-compliant is ever published"
 * (README, "Publishing on a hosted project"), as the Access API takes them: permission resources
 * (a GROQ filter each) and roles that grant modes on them (read; create, meaning drafts and
 * release versions only; publish). Roles only ever add grants, so a restricted member must not
 * keep the default `editor` role: `npm run roles` takes it away from the members it assigns.
 *
 * - `vouched-editor`: reads everything; writes drafts of anything but fact-check records; publishes
 *   only what the publish rules do not cover (procedures, categories, writers, sources).
 * - `vouched-fact-checker`: reads everything; records decisions and reviews in its own name only;
 *   edits and publishes experts (their credentials' verification).
 * - `vouched-guard` (robots): what the guard Functions write, and nothing else: unpublishing an
 *   article (deleting it, keeping its draft) and the withdrawal record.
 * - `vouched-publisher` (robots): the publish gate's: publishing articles that pass, and answering
 *   publish requests. Editors write the requests (`vouched-editor` may).
 */
import {DECISION_TYPES, EXPERT_TYPE, PUBLISH_REQUEST_TYPE, WITHDRAWAL_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'

export interface PermissionDefinition {
  name: string
  type: 'sanity.document.filter.mode' | 'sanity.document.filter'
  title: string
  description: string
  config: {filter: string}
}

export interface RoleDefinition {
  name: string
  title: string
  description: string
  appliesToUsers: boolean
  appliesToRobots: boolean
  permissions: Array<{name: string; action: 'mode'; params: {mode: 'read' | 'create' | 'publish'}} | {name: string; action: 'history'}>
}

export interface RoleKit {
  permissions: PermissionDefinition[]
  roles: RoleDefinition[]
}

const list = (values: ReadonlyArray<string>) => JSON.stringify([...values])

/** The kit for a project's options (its article types). */
export function roleKit(options: Pick<MedicalClaimsOptions, 'articleTypes'>): RoleKit {
  const ruled = [...options.articleTypes, EXPERT_TYPE, ...DECISION_TYPES, WITHDRAWAL_TYPE]
  const permission = (name: string, title: string, description: string, filter: string): PermissionDefinition => ({name, type: 'sanity.document.filter.mode', title, description, config: {filter}})
  const mode = (name: string, value: 'read' | 'create' | 'publish') => ({name, action: 'mode' as const, params: {mode: value}})
  return {
    permissions: [
      permission('vouched-all-documents', 'All documents', 'Every document of the dataset.', '_id in path("**")'),
      {...permission('vouched-all-history', 'History of all documents', 'Who wrote what, and when: the history the rules read editors and decision authors from.', '_id in path("**")'), type: 'sanity.document.filter'},
      permission('vouched-content', 'Editorial content', 'Everything but fact-check decisions, reviews and withdrawal records.', `!(_type in ${list([...DECISION_TYPES, WITHDRAWAL_TYPE])})`),
      permission('vouched-unruled-content', 'Content outside the publish rules', 'What editors may publish themselves: anything but articles, experts and fact-check records.', `!(_type in ${list(ruled)})`),
      permission('vouched-own-decisions', 'Own fact-check decisions', "Approvals, rejections and reviews recorded in the signed-in member's own name.", `_type in ${list(DECISION_TYPES)} && checkedBy.id == identity()`),
      permission('vouched-experts', 'Experts', 'Experts and their credentials.', `_type == "${EXPERT_TYPE}"`),
      permission('vouched-articles', 'Articles', 'The article types the publish rules cover.', `_type in ${list(options.articleTypes)}`),
      permission('vouched-withdrawals', 'Withdrawal records', 'The records of articles taken off the site.', `_type == "${WITHDRAWAL_TYPE}"`),
      permission('vouched-publish-requests', 'Publish requests', "Editors' requests that the publish gate publish an article, and its answers.", `_type == "${PUBLISH_REQUEST_TYPE}"`),
    ],
    roles: [
      {
        name: 'vouched-editor',
        title: 'Editor (Vouched)',
        description: 'Writes drafts; cannot publish articles, experts, decisions or reviews.',
        appliesToUsers: true,
        appliesToRobots: false,
        permissions: [mode('vouched-all-documents', 'read'), {name: 'vouched-all-history', action: 'history'}, mode('vouched-content', 'create'), mode('vouched-unruled-content', 'publish'), mode('vouched-publish-requests', 'publish')],
      },
      {
        name: 'vouched-fact-checker',
        title: 'Fact-checker (Vouched)',
        description: 'Records decisions and reviews in its own name, and verifies credentials.',
        appliesToUsers: true,
        appliesToRobots: false,
        permissions: [mode('vouched-all-documents', 'read'), {name: 'vouched-all-history', action: 'history'}, mode('vouched-own-decisions', 'publish'), mode('vouched-experts', 'publish')],
      },
      {
        name: 'vouched-guard',
        title: 'Vouched guard',
        description: "The guard Functions' robot: reads everything, withdraws failing articles and records why.",
        appliesToUsers: false,
        appliesToRobots: true,
        permissions: [mode('vouched-all-documents', 'read'), {name: 'vouched-all-history', action: 'history'}, mode('vouched-articles', 'publish'), mode('vouched-withdrawals', 'publish')],
      },
      {
        name: 'vouched-publisher',
        title: 'Vouched publish gate',
        description: "The publish gate's robot: reads everything, publishes articles that pass and answers publish requests.",
        appliesToUsers: false,
        appliesToRobots: true,
        permissions: [mode('vouched-all-documents', 'read'), {name: 'vouched-all-history', action: 'history'}, mode('vouched-articles', 'publish'), mode('vouched-publish-requests', 'publish')],
      },
    ],
  }
}
