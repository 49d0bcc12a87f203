/**
 * npm run roles -- [--apply] [--member <userId>=<role> ...] [--project <id>] [--api-host <url>]
 *
 * Applies the custom roles of roles/definitions.ts to a project through the Access API (an
 * Enterprise feature), with the token in SANITY_AUTH_TOKEN: prints what it will do, and does it
 * only with --apply. `--member p-priya=vouched-editor` gives a member a role of the kit and takes
 * the default editor role away. Against the local lake in its hosted-like mode
 * (npm run lake -- --emulate-hosted), pass --api-host https://localhost:4443.
 */
import {parseArgs} from 'node:util'
import {projectClaimOptions} from '../medical-claims.options.ts'
import {resolveOptions} from '../plugins/medical-claims/rules/options.ts'
import {type AccessRequest, applySteps, parseAssignments, planRoles} from '../roles/apply.ts'
import {roleKit} from '../roles/definitions.ts'
import {accessRequester} from '../roles/http.ts'

const USAGE = 'Usage: npm run roles -- [--apply] [--member <userId>=<role> ...] [--project <id>] [--api-host <url>] (token in SANITY_AUTH_TOKEN)'

async function main(): Promise<number> {
  const {values} = parseArgs({
    options: {
      apply: {type: 'boolean', default: false},
      member: {type: 'string', multiple: true, default: []},
      project: {type: 'string'},
      'api-host': {type: 'string'},
      help: {type: 'boolean', default: false},
    },
  })
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const projectId = values.project || process.env.SANITY_STUDIO_PROJECT_ID || (values['api-host'] ? 'localdev' : undefined)
  const token = process.env.SANITY_AUTH_TOKEN
  if (!projectId || !token) {
    process.stderr.write(`${!projectId ? 'No project: pass --project <id> or set SANITY_STUDIO_PROJECT_ID.' : 'No token: set SANITY_AUTH_TOKEN to a token that may manage roles (an administrator\'s).'}\n${USAGE}\n`)
    return 2
  }
  const request: AccessRequest = accessRequester({apiHost: values['api-host'] ?? 'https://api.sanity.io', projectId, token})
  const kit = roleKit(resolveOptions(projectClaimOptions))
  const steps = await planRoles(request, kit, parseAssignments(values.member))
  if (steps.length === 0) {
    process.stdout.write(`The project ${projectId} has the Vouched roles already; nothing to do.\n`)
    return 0
  }
  process.stdout.write(`${values.apply ? 'Applying' : 'Would apply (run with --apply to do it)'} to the project ${projectId}:\n${steps.map((s, i) => `  ${i + 1}. ${s.says}`).join('\n')}\n`)
  if (!values.apply) return 0
  await applySteps(request, steps, (line) => process.stdout.write(`  ${line}\n`))
  return 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
