/**
 * The hosted enforcement kit (README, "Publishing on a hosted project"): Sanity Functions that keep
 * the publish rules where the hosted Content Lake does not check them.
 *
 * - `vouched-guard`: after any write to an article, expert, source or fact-check decision, withdraws
 *   every published article the write left failing (guard/index.ts).
 * - `vouched-sweep`: every hour, withdraws the published articles that time alone broke.
 *
 * Both work through the `vouched-guard` robot, whose role (roles/vouched-guard.json, applied with
 * `npm run roles`) may read everything and its history, unpublish articles and write withdrawal
 * records. Deploy with `npx sanity blueprints deploy`, with VOUCHED_PROJECT_ID and VOUCHED_DATASET
 * set; the local lake runs the same Functions with `npm run lake -- --emulate-hosted`.
 */
import {defineBlueprint, defineDocumentFunction, defineRobotToken, defineScheduledFunction} from '@sanity/blueprints'
import {GUARD_PROJECTION, guardFilter} from './guard/affected.ts'
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
    defineScheduledFunction({
      name: 'vouched-sweep',
      timeout: 900,
      robotToken: '$.resources.vouched-guard-robot.token',
      env,
      event: {expression: '5 * * * *'},
    }),
  ],
})
