/**
 * Applying the role kit (./definitions.ts) to a project through the Access API: what exists is read
 * first, the plan says what will be created, changed, assigned and taken away, and only then (when
 * asked) is it carried out, in that order: permissions, roles, members.
 */
import type {PermissionDefinition, RoleDefinition, RoleKit} from './definitions.ts'

/** One Access API call: method, path under `/access/project/<id>`, body. */
export type AccessRequest = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => Promise<unknown>

export interface Step {
  method: 'POST' | 'PUT' | 'DELETE'
  path: string
  body?: unknown
  /** What the step does, in words. */
  says: string
}

export interface Assignment {
  userId: string
  role: string
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

function pick<T extends object>(value: unknown, like: T): Partial<T> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(like)) if (value && typeof value === 'object') out[key] = (value as Record<string, unknown>)[key]
  return out as Partial<T>
}

/** The steps that bring the project to the kit, with the assignments (each member given its role, and the default editor role taken away). */
export async function planRoles(request: AccessRequest, kit: RoleKit, assignments: ReadonlyArray<Assignment>): Promise<Step[]> {
  const steps: Step[] = []
  const permissions = ((await request('GET', '/permissions')) as unknown[]) ?? []
  for (const wanted of kit.permissions) {
    const found = permissions.find((p) => (p as {name?: unknown}).name === wanted.name)
    if (!found) steps.push({method: 'POST', path: '/permissions', body: wanted, says: `create the permission "${wanted.name}" (${wanted.type}: ${wanted.config.filter})`})
    else if (!same(pick(found, wanted as PermissionDefinition), wanted)) steps.push({method: 'PUT', path: `/permissions/${wanted.name}`, body: wanted, says: `update the permission "${wanted.name}" to ${wanted.config.filter}`})
  }
  const roles = ((await request('GET', '/roles')) as unknown[]) ?? []
  for (const wanted of kit.roles) {
    const found = roles.find((r) => (r as {name?: unknown}).name === wanted.name)
    const grants = wanted.permissions.map((p) => ('params' in p ? `${p.name}: ${p.params.mode}` : `${p.name}: ${p.action}`)).join(', ')
    if (!found) steps.push({method: 'POST', path: '/roles', body: wanted, says: `create the role "${wanted.name}" (${grants})`})
    else if (!same(pick(found, wanted as RoleDefinition), wanted)) steps.push({method: 'PUT', path: `/roles/${wanted.name}`, body: wanted, says: `update the role "${wanted.name}" (${grants})`})
  }
  for (const {userId, role} of assignments) {
    if (!kit.roles.some((r) => r.name === role)) throw new Error(`--member ${userId}=${role}: "${role}" is not a role of the kit (${kit.roles.filter((r) => r.appliesToUsers).map((r) => r.name).join(', ')}).`)
    const held = (((await request('GET', `/users/${encodeURIComponent(userId)}/roles`)) as Array<{name?: string}>) ?? []).map((r) => r.name)
    if (!held.includes(role)) steps.push({method: 'PUT', path: `/users/${encodeURIComponent(userId)}/roles/${role}`, says: `give ${userId} the role "${role}"`})
    // Grants only add up: the default editor role would still let the member publish anything.
    if (held.includes('editor')) steps.push({method: 'DELETE', path: `/users/${encodeURIComponent(userId)}/roles/editor`, says: `take the role "editor" away from ${userId} (it would still allow publishing anything)`})
  }
  return steps
}

/** Carries out the steps in order; stops at the first the API refuses, saying which. */
export async function applySteps(request: AccessRequest, steps: ReadonlyArray<Step>, log: (line: string) => void): Promise<void> {
  for (const [index, step] of steps.entries()) {
    try {
      await request(step.method, step.path, step.body)
    } catch (error) {
      throw new Error(`Step ${index + 1} of ${steps.length} (${step.says}) was refused: ${error instanceof Error ? error.message : String(error)}. The steps before it were applied; run the command again once it is fixed.`)
    }
    log(`done: ${step.says}`)
  }
}

/** Parses `--member <userId>=<role>` values. */
export function parseAssignments(values: ReadonlyArray<string>): Assignment[] {
  return values.map((value) => {
    const cut = value.indexOf('=')
    if (cut <= 0 || cut === value.length - 1) throw new Error(`--member takes <userId>=<role>, such as --member p-priya=vouched-editor (got "${value}").`)
    return {userId: value.slice(0, cut), role: value.slice(cut + 1)}
  })
}
