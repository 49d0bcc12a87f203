/**
 * The hosted suites' world: the lake in its hosted-like mode with the Blueprint's Functions
 * running, the small editorial world of test/lake/fixtures.ts published in it, and the kit's roles
 * applied through the Access API as `npm run roles` applies them.
 */
import type {SanityClient} from '@sanity/client'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {type Assignment, applySteps, planRoles} from '../../roles/apply.ts'
import {roleKit} from '../../roles/definitions.ts'
import {accessRequester} from '../../roles/http.ts'
import {publishWorld} from '../lake/fixtures.ts'
import {startTestLake, type TestLake} from '../lake/helpers.ts'

export interface HostedWorld {
  t: TestLake
  admin: SanityClient
  priya: SanityClient
  dana: SanityClient
}

/** A hosted-like lake with the consistent world published (by an administrator, approved and reviewed by the fact-checker), its Functions settled. */
export async function startHostedWorld(): Promise<HostedWorld> {
  const t = await startTestLake({emulateHosted: true})
  const world = {t, admin: t.client('administrator'), priya: t.client('p-priya'), dana: t.client('fact-checker')}
  await publishWorld(world.admin as never, world.dana as never)
  await t.running.functions!.idle()
  return world
}

/** Applies the kit's roles to a lake in the hosted-like mode, with these members' roles (what `npm run roles -- --apply --member ...` does). */
export async function applyKitRoles(lake: TestLake, members: ReadonlyArray<Assignment>, adminId = 'administrator'): Promise<void> {
  const request = accessRequester({apiHost: lake.running.url, projectId: 'localdev', token: lake.user(adminId).token})
  await applySteps(request, await planRoles(request, roleKit(resolveOptions()), members), () => undefined)
  await lake.running.functions!.idle()
}
