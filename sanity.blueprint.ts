/**
 * The hosted enforcement kit (README, "Publishing on a hosted project"): Sanity Functions that keep
 * the publish rules where the hosted Content Lake does not check them.
 *
 * - `vouched-guard`: after any write to an article, expert, source or fact-check decision, withdraws
 *   every published article the write left failing (guard/index.ts).
 * - `vouched-sweep`: every hour, withdraws the published articles that time alone broke.
 * - `vouched-publish-gate`: answers an editor's publish request, publishing the draft with its own
 *   token only if it passes (guard/gate.ts), for projects whose editors may not publish articles.
 *
 * The guard and the sweep work through the `vouched-guard-robot`, the gate through the
 * `vouched-publisher-robot`; their roles (roles/definitions.ts, applied with `npm run roles`) allow
 * what each writes and nothing more. Deploy with `npx sanity blueprints deploy`, with VOUCHED_PROJECT_ID and VOUCHED_DATASET
 * set; the local lake runs the same Functions with `npm run lake -- --emulate-hosted`.
 */
import {defineBlueprint, defineDocumentFunction, defineRobotToken, defineScheduledFunction} from '@sanity/blueprints'
import {GUARD_PROJECTION, guardFilter} from './guard/affected.ts'
import {GATE_FILTER, GATE_PROJECTION} from './guard/gate.ts'
import {projectClaimOptions} from './medical-claims.options.ts'
import {resolveOptions} from './plugins/medical-claims/rules/options.ts'

const projectId = process.env.VOUCHED_PROJECT_ID ?? process.env.SANITY_STUDIO_PROJECT_ID ?? 'localdev'
const dataset = process.env.VOUCHED_DATASET ?? process.env.SANITY_STUDIO_DATASET ?? 'production'
const env = {VOUCHED_PROJECT_ID: projectId, VOUCHED_DATASET: dataset, VOUCHED_TRUSTED_AUTHORS: process.env.VOUCHED_TRUSTED_AUTHORS ?? ''}

export default defineBlueprint({
  resources: [
    defineRobotToken({name: 'vouched-guard-robot', memberships: [{resourceType: 'project', resourceId: projectId, roleNames: ['vouched-guard']}]}),
    defineDocumentFunction({
      name: 'vouched-guard',
      timeout: 120,
      robotToken: '$.resources.vouched-guard-robot.token',
      env,
      event: {on: ['create', 'update', 'delete'], filter: guardFilter(resolveOptions(projectClaimOptions)), projection: GUARD_PROJECTION},
    }),
    defineRobotToken({name: 'vouched-publisher-robot', memberships: [{resourceType: 'project', resourceId: projectId, roleNames: ['vouched-publisher']}]}),
    defineDocumentFunction({
      name: 'vouched-publish-gate',
      timeout: 60,
      robotToken: '$.resources.vouched-publisher-robot.token',
      env,
      event: {on: ['create'], filter: GATE_FILTER, projection: GATE_PROJECTION},
    }),
    defineScheduledFunction({
      name: 'vouched-sweep',
      timeout: 900,
      robotToken: '$.resources.vouched-guard-robot.token',
      env,
      event: {expression: '5 * * * *'},
    }),
  ],
})
