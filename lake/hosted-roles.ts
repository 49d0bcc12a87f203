/**
 * Roles as a hosted Sanity project has them, for the lake's hosted-like mode (`--emulate-hosted`):
 * the default roles (administrator, editor, viewer) and the custom roles an Enterprise project
 * defines through the Access API (lake/routes/access-api.ts): permission resources with a GROQ
 * filter (`sanity.document.filter.mode`: read, create drafts, publish; `sanity.document.filter`:
 * create, read, update, history), roles that reference them by name, and the roles each member
 * holds. Grants are only ever added: a member may do what any of its roles allows, so restricting
 * someone means taking the default `editor` away.
 *
 * The lake's own users keep their names; until the Access API says otherwise, each holds the
 * default role a project on a plan without custom roles gives it: administrators stay
 * administrators, viewers viewers, and everyone else (fact-checkers and reviewers too) an editor.
 */
import type {Doc} from './dataset.ts'
import {type Grant, type Permission, grantsAllow} from './permissions.ts'

export interface PermissionResource {
  name: string
  type: 'sanity.document.filter.mode' | 'sanity.document.filter'
  title?: string
  description?: string
  config: {filter: string}
}

export interface RolePermission {
  name: string
  action: string
  params?: {mode?: string}
}

export interface CustomRole {
  name: string
  title: string
  description?: string
  appliesToUsers: boolean
  appliesToRobots: boolean
  permissions: RolePermission[]
}

export interface AccessState {
  permissions: PermissionResource[]
  roles: CustomRole[]
  /** The roles each member holds, by user id (members not listed hold their default role). */
  members: Record<string, string[]>
}

export const DEFAULT_HOSTED_ROLES = ['administrator', 'editor', 'viewer'] as const

const ALL = '_id in path("**")'
const UNPUBLISHED = '(_id in path("drafts.**") || _id in path("versions.**"))'

/** The grants of the default roles. */
const DEFAULT_GRANTS: Record<string, Grant[]> = {
  administrator: [{filter: ALL, permissions: ['read', 'history', 'create', 'update']}],
  editor: [{filter: ALL, permissions: ['read', 'history', 'create', 'update']}],
  viewer: [{filter: ALL, permissions: ['read', 'history']}],
}

export function emptyAccess(): AccessState {
  return {permissions: [], roles: [], members: {}}
}

/** The default role of a lake user on a hosted plan without custom roles. */
export function defaultHostedRole(lakeRole: string): string {
  return lakeRole === 'administrator' || lakeRole === 'viewer' ? lakeRole : 'editor'
}

/** The roles a member holds: those the Access API gave it, else its own role when that is a custom role defined (a Blueprint's robot), else its default role. */
export function memberRoles(state: AccessState, userId: string, lakeRole: string): string[] {
  return state.members[userId] ?? (state.roles.some((r) => r.name === lakeRole) ? [lakeRole] : [defaultHostedRole(lakeRole)])
}

function scoped(filter: string): string {
  return `(${filter})`
}

/** The grants one role permission gives, with its permission resource. */
function grantsOf(entry: RolePermission, resource: PermissionResource | undefined): Grant[] {
  if (!resource) return []
  const filter = scoped(resource.config.filter)
  if (resource.type === 'sanity.document.filter.mode') {
    switch (entry.params?.mode) {
      case 'read':
        return [{filter, permissions: ['read']}]
      // Drafts and release versions only: what an editor who may not publish writes.
      case 'create':
        return [{filter, permissions: ['read']}, {filter: `${filter} && ${UNPUBLISHED}`, permissions: ['create', 'update']}]
      case 'publish':
        return [{filter, permissions: ['read', 'create', 'update']}]
      default:
        return []
    }
  }
  const permission: Record<string, Permission[]> = {create: ['create'], read: ['read'], update: ['update'], manage: ['create', 'update'], history: ['history']}
  return [{filter, permissions: permission[entry.action] ?? []}]
}

/** Every grant a member holds, across its roles. */
export function hostedGrants(state: AccessState, roles: ReadonlyArray<string>): Grant[] {
  const grants: Grant[] = []
  for (const name of roles) {
    if (DEFAULT_GRANTS[name]) {
      grants.push(...DEFAULT_GRANTS[name])
      continue
    }
    const role = state.roles.find((r) => r.name === name)
    for (const entry of role?.permissions ?? []) grants.push(...grantsOf(entry, state.permissions.find((p) => p.name === entry.name)))
  }
  return grants
}

const NAME = /^[a-z0-9-_]+$/

/** What is wrong with a permission resource sent to the Access API, or null. */
export function permissionProblem(value: unknown): string | null {
  const p = value as Partial<PermissionResource> | null
  if (!p || typeof p !== 'object') return 'a permission is an object: {"name", "type", "title", "config": {"filter"}}'
  if (typeof p.name !== 'string' || !NAME.test(p.name)) return `the permission name ${JSON.stringify(p.name)} must be lower-case letters, digits, "-" and "_"`
  if (p.type !== 'sanity.document.filter.mode' && p.type !== 'sanity.document.filter') return `the permission type ${JSON.stringify(p.type)} is not one the lake knows: use "sanity.document.filter.mode" or "sanity.document.filter"`
  if (!p.config || typeof p.config.filter !== 'string' || p.config.filter.trim() === '') return `the permission "${p.name}" needs config.filter, a GROQ filter such as _type == "article"`
  return null
}

/** What is wrong with a role sent to the Access API, or null. */
export function roleProblem(value: unknown, state: AccessState): string | null {
  const r = value as Partial<CustomRole> | null
  if (!r || typeof r !== 'object') return 'a role is an object: {"name", "title", "appliesToUsers", "appliesToRobots", "permissions"}'
  if (typeof r.name !== 'string' || !NAME.test(r.name)) return `the role name ${JSON.stringify(r.name)} must be lower-case letters, digits, "-" and "_"`
  if ((DEFAULT_HOSTED_ROLES as ReadonlyArray<string>).includes(r.name)) return `"${r.name}" is a default role and cannot be redefined`
  if (typeof r.title !== 'string' || r.title.length < 1 || r.title.length > 100) return `the role "${r.name}" needs a title of 1 to 100 characters`
  if (!Array.isArray(r.permissions) || r.permissions.length === 0) return `the role "${r.name}" needs at least one permission`
  for (const entry of r.permissions) {
    if (!entry || typeof entry.name !== 'string' || typeof entry.action !== 'string') return `each permission of the role "${r.name}" is {"name", "action", "params"}`
    if (!state.permissions.some((p) => p.name === entry.name)) return `the role "${r.name}" names the permission "${entry.name}", which does not exist: create it first (POST .../permissions)`
  }
  return null
}

/** Why the grants refuse a change (null: they allow it), as the hosted Content Lake decides it: a new document needs `create`, a changed or deleted one `update` on each side. */
export async function hostedWriteRefusal(grants: ReadonlyArray<Grant>, userId: string, roles: ReadonlyArray<string>, change: {id: string; before: Doc | null; after: Doc | null}): Promise<string | null> {
  const {before, after} = change
  const check = async (permission: Permission, doc: Doc) => ((await grantsAllow(grants, permission, doc, userId)) ? null : doc)
  const refused = !before && after ? await check('create', after) : before && !after ? await check('update', before) : before && after ? ((await check('update', before)) ?? (await check('update', after))) : null
  if (!refused) return null
  const published = !refused._id.startsWith('drafts.') && !refused._id.startsWith('versions.')
  return `your roles (${roles.join(', ') || 'none'}) do not allow ${!before ? 'creating' : !after ? 'deleting' : 'changing'} "${change.id}" (type "${refused._type}")${published ? ', a published document' : ''}. An administrator grants it through the Access API (npm run roles).`
}
