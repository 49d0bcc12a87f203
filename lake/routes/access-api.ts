/**
 * The Access API's custom roles, in the lake's hosted-like mode (lake/hosted-roles.ts):
 * `/access/project/<id>/permissions[/<name>]`, `/access/project/<id>/roles[/<name>]` and
 * `/access/project/<id>/users/<userId>/roles[/<roleName>]`, as an Enterprise project has them, so
 * that `npm run roles` applies the kit's roles here exactly as it does on a hosted project.
 * Administrators only. Outside the hosted-like mode these answer 404, saying how to start it.
 */
import {badRequest, conflict, notFound} from '../errors.ts'
import {readJson} from '../http/body.ts'
import {decodeSegment} from '../http/params.ts'
import type {Router} from '../http/router.ts'
import {sendJson} from '../http/send.ts'
import type {Context} from '../http/types.ts'
import {type AccessState, type CustomRole, DEFAULT_HOSTED_ROLES, type PermissionResource, memberRoles, permissionProblem, roleProblem} from '../hosted-roles.ts'
import type {RouteDeps} from './access.ts'

const BASE = String.raw`^\/access\/project\/([^/]+)`

export function mountAccessApi(router: Router, {lake, directory, access, projectId, maxBody}: RouteDeps): void {
  /** The state, for an administrator of this project in the hosted-like mode. */
  const state = (ctx: Context, m: RegExpExecArray): AccessState => {
    // The project's roles reach every dataset: so must the token that changes them.
    access.lakeAdmin(ctx, "changing the project's roles")
    if (!lake.hostedLike) throw notFound('Custom roles (the Access API) exist in the lake\'s hosted-like mode only: start it with npm run lake -- --emulate-hosted.')
    const asked = decodeSegment(m[1], 'The project id')
    if (asked !== projectId) throw notFound(`No project "${asked}" here: this lake serves the project "${projectId}".`)
    return lake.accessState()
  }
  const body = async (ctx: Context) => readJson(ctx.req, maxBody)
  const user = (id: string) => {
    const found = directory.users.find((u) => u.id === id)
    if (!found) throw notFound(`No user "${id}" in this project: the lake's users.json lists its members.`)
    return found
  }

  router
    .on('GET', new RegExp(`${BASE}/permissions$`), (ctx, m) => sendJson(ctx.res, 200, state(ctx, m).permissions))
    .on('POST', new RegExp(`${BASE}/permissions$`), async (ctx, m) => {
      const current = state(ctx, m)
      const permission = (await body(ctx)) as unknown as PermissionResource
      const problem = permissionProblem(permission)
      if (problem) throw badRequest(`The permission was not created: ${problem}.`)
      if (current.permissions.some((p) => p.name === permission.name)) throw conflict(`A permission named "${permission.name}" exists already: change it with PUT .../permissions/${permission.name}.`)
      lake.setAccessState({...current, permissions: [...current.permissions, permission]})
      sendJson(ctx.res, 201, permission)
    })
    .on('PUT', new RegExp(`${BASE}/permissions/([^/]+)$`), async (ctx, m) => {
      const current = state(ctx, m)
      const name = decodeSegment(m[2], 'The permission name')
      const permission = {...((await body(ctx)) as unknown as PermissionResource), name}
      const problem = permissionProblem(permission)
      if (problem) throw badRequest(`The permission was not changed: ${problem}.`)
      lake.setAccessState({...current, permissions: [...current.permissions.filter((p) => p.name !== name), permission]})
      sendJson(ctx.res, 200, permission)
    })
    .on('GET', new RegExp(`${BASE}/roles$`), (ctx, m) => sendJson(ctx.res, 200, [...DEFAULT_HOSTED_ROLES.map((name) => ({name, title: name, isCustom: false})), ...state(ctx, m).roles.map((r) => ({...r, isCustom: true}))]))
    .on('POST', new RegExp(`${BASE}/roles$`), async (ctx, m) => {
      const current = state(ctx, m)
      const role = (await body(ctx)) as unknown as CustomRole
      const problem = roleProblem(role, current)
      if (problem) throw badRequest(`The role was not created: ${problem}.`)
      if (current.roles.some((r) => r.name === role.name)) throw conflict(`A role named "${role.name}" exists already: change it with PUT .../roles/${role.name}.`)
      lake.setAccessState({...current, roles: [...current.roles, role]})
      sendJson(ctx.res, 201, role)
    })
    .on('PUT', new RegExp(`${BASE}/roles/([^/]+)$`), async (ctx, m) => {
      const current = state(ctx, m)
      const name = decodeSegment(m[2], 'The role name')
      const role = {...((await body(ctx)) as unknown as CustomRole), name}
      const problem = roleProblem(role, current)
      if (problem) throw badRequest(`The role was not changed: ${problem}.`)
      lake.setAccessState({...current, roles: [...current.roles.filter((r) => r.name !== name), role]})
      sendJson(ctx.res, 200, role)
    })
    .on('GET', new RegExp(`${BASE}/users/([^/]+)/roles$`), (ctx, m) => {
      const current = state(ctx, m)
      const member = user(decodeSegment(m[2], 'The user id'))
      sendJson(ctx.res, 200, memberRoles(current, member.id, member.role).map((name) => ({name})))
    })
    .on('PUT', new RegExp(`${BASE}/users/([^/]+)/roles/([^/]+)$`), (ctx, m) => {
      const current = state(ctx, m)
      const member = user(decodeSegment(m[2], 'The user id'))
      const role = decodeSegment(m[3], 'The role name')
      if (!(DEFAULT_HOSTED_ROLES as ReadonlyArray<string>).includes(role) && !current.roles.some((r) => r.name === role)) throw notFound(`No role "${role}": create it first (POST .../roles).`)
      const roles = memberRoles(current, member.id, member.role)
      lake.setAccessState({...current, members: {...current.members, [member.id]: [...new Set([...roles, role])]}})
      sendJson(ctx.res, 200, {userId: member.id, roles: [...new Set([...roles, role])]})
    })
    .on('DELETE', new RegExp(`${BASE}/users/([^/]+)/roles/([^/]+)$`), (ctx, m) => {
      const current = state(ctx, m)
      const member = user(decodeSegment(m[2], 'The user id'))
      const role = decodeSegment(m[3], 'The role name')
      const roles = memberRoles(current, member.id, member.role).filter((r) => r !== role)
      lake.setAccessState({...current, members: {...current.members, [member.id]: roles}})
      sendJson(ctx.res, 200, {userId: member.id, roles})
    })
}
