/**
 * Roles, the document grants the Studio reads (`/projects/:id/datasets/:ds/acl`) and the write
 * checks the lake enforces. The checks evaluate the very same grant filters (GROQ, with groq-js),
 * so a form the Studio shows as editable is one the lake accepts, and a refused write is one the
 * Studio would have shown read-only. One rule the ACL format cannot express is added on top: a
 * fact-checker may change an expert only in its credentials' `verification` fields.
 */
import {evaluate, parse} from 'groq-js'
import type {ExprNode} from 'groq-js'
import type {Doc} from './dataset.ts'
import type {LakeUser} from './users.ts'
import {APPROVAL_TYPE, EXPERT_TYPE, REJECTION_TYPE} from '../plugins/medical-claims/constants.ts'
import {DEFAULT_OPTIONS} from '../plugins/medical-claims/options.ts'

export type Permission = 'read' | 'create' | 'update' | 'history'

export interface Grant {
  filter: string
  permissions: Permission[]
}


const FACT_CHECK_TYPES_GROQ = JSON.stringify([APPROVAL_TYPE, REJECTION_TYPE])
const ALL = '_id in path("**")'

/** The dataset grants of each role. Roles not listed get none (no access). */
export const ROLE_GRANTS: Record<string, Grant[]> = {
  administrator: [{filter: ALL, permissions: ['read', 'create', 'update', 'history']}],
  editor: [
    {filter: ALL, permissions: ['read', 'history']},
    {filter: `!(_type in ${FACT_CHECK_TYPES_GROQ})`, permissions: ['create', 'update']},
  ],
  'fact-checker': [
    {filter: ALL, permissions: ['read', 'history']},
    {filter: `_type in ${FACT_CHECK_TYPES_GROQ} && checkedBy.id == identity()`, permissions: ['create', 'update']},
    // Field-level limit (credential verification only) is enforced by the lake, see checkWrite.
    {filter: `_type == "${EXPERT_TYPE}"`, permissions: ['create', 'update']},
  ],
  viewer: [{filter: ALL, permissions: ['read', 'history']}],
}

export function grantsForRole(role: string): Grant[] {
  return ROLE_GRANTS[role] ?? []
}

const parsedFilters = new Map<string, ExprNode>()

async function matches(filter: string, doc: Doc, userId: string): Promise<boolean> {
  let tree = parsedFilters.get(filter)
  if (!tree) {
    tree = parse(`*[${filter}]`)
    parsedFilters.set(filter, tree)
  }
  const result = await (await evaluate(tree, {dataset: [doc], identity: userId, params: {identity: userId}})).get()
  return Array.isArray(result) && result.length === 1
}

/** Whether the user's grants give `permission` on `doc` (the Studio's own algorithm). */
export async function hasPermission(user: LakeUser, permission: Permission, doc: Doc): Promise<boolean> {
  for (const grant of grantsForRole(user.role)) {
    if (grant.permissions.includes(permission) && (await matches(grant.filter, doc, user.id))) return true
  }
  return false
}

const SYSTEM_FIELDS = new Set(['_id', '_rev', '_createdAt', '_updatedAt', '_originalId'])

/** A document's content without system fields and without credentials' `verification`. */
function contentWithoutVerification(doc: Doc | null | undefined): unknown {
  if (!doc) return null
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(doc)) {
    if (SYSTEM_FIELDS.has(key)) continue
    if (key === 'credentials' && Array.isArray(value)) {
      out[key] = value.map((c) => {
        if (!c || typeof c !== 'object' || Array.isArray(c)) return c
        const {verification: _verification, ...rest} = c as Record<string, unknown>
        return rest
      })
      continue
    }
    out[key] = value
  }
  return out
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

export function sameContentExceptVerification(a: Doc | null | undefined, b: Doc | null | undefined): boolean {
  return stableStringify(contentWithoutVerification(a)) === stableStringify(contentWithoutVerification(b))
}

export interface WriteCheck {
  id: string
  before: Doc | null
  after: Doc | null
  /** The published document of the same base id, before and after the transaction. */
  publishedBefore?: Doc | null
  publishedAfter?: Doc | null
  /** The draft of the same base id before the transaction. */
  draftBefore?: Doc | null
}

/** Roles that may set a credential's verification (the plugin's default fact-checker and verifier roles). */
export const VERIFIER_ROLES: ReadonlySet<string> = new Set([...DEFAULT_OPTIONS.factCheckerRoles, ...DEFAULT_OPTIONS.credentialVerifierRoles])

function credentialVerifications(doc: Doc | null | undefined): Map<string, string> {
  const out = new Map<string, string>()
  const credentials = doc?.credentials
  if (!Array.isArray(credentials)) return out
  for (const c of credentials) {
    if (!c || typeof c !== 'object') continue
    const key = (c as {_key?: unknown})._key
    if (typeof key === 'string') out.set(key, stableStringify((c as {verification?: unknown}).verification ?? null))
  }
  return out
}

function isNeutralVerification(value: unknown): boolean {
  if (value === undefined || value === null) return true
  if (typeof value !== 'object') return false
  const v = value as {status?: unknown; verifiedBy?: unknown; verifiedAt?: unknown}
  return (v.status === undefined || v.status === 'unverified') && !v.verifiedBy && !v.verifiedAt
}

/**
 * Users outside the verifier roles may copy verifications that exist (publishing a draft a
 * fact-checker verified) but not author one: each credential's verification must be neutral or
 * equal to the same credential's verification in the document, its draft or its published version.
 */
function verificationAuthored(change: WriteCheck): string | null {
  const {after} = change
  if (!after || !Array.isArray(after.credentials)) return null
  const known = [change.before, change.publishedBefore, change.draftBefore].map(credentialVerifications)
  for (const c of after.credentials) {
    if (!c || typeof c !== 'object') continue
    const {_key: key, verification} = c as {_key?: unknown; verification?: unknown}
    if (isNeutralVerification(verification)) continue
    const value = stableStringify(verification ?? null)
    if (typeof key === 'string' && known.some((m) => m.get(key) === value)) continue
    return typeof key === 'string' ? `credential "${key}"` : 'a credential without _key'
  }
  return null
}

/** Why the user may not make this change, or null when allowed. */
export async function checkWrite(user: LakeUser, change: WriteCheck): Promise<string | null> {
  const {id, before, after} = change
  if (!before && !after) return null
  if (!before && after) {
    if (!(await hasPermission(user, 'create', after))) return `${roleLabel(user)} may not create document "${id}" of type "${after._type}"`
  } else if (before && !after) {
    if (!(await hasPermission(user, 'update', before))) return `${roleLabel(user)} may not delete document "${id}" of type "${before._type}"`
  } else if (before && after) {
    if (!(await hasPermission(user, 'update', before)) || !(await hasPermission(user, 'update', after))) {
      return `${roleLabel(user)} may not update document "${id}" of type "${before._type}"`
    }
  }

  if (user.role === 'administrator') return null
  const doc = (after ?? before) as Doc
  if ((doc._type === APPROVAL_TYPE || doc._type === REJECTION_TYPE) && after) {
    const checkedBy = after.checkedBy as {id?: unknown; roles?: unknown} | undefined
    const roles = Array.isArray(checkedBy?.roles) ? checkedBy.roles : []
    const foreign = roles.filter((r) => r !== user.role)
    if (foreign.length > 0) return `checkedBy.roles of "${id}" lists roles ${foreign.map((r) => `"${String(r)}"`).join(', ')} that ${user.name} does not hold`
  }
  if (user.role === 'fact-checker' && (before?._type === EXPERT_TYPE || after?._type === EXPERT_TYPE)) {
    return expertVerificationOnly(user, change)
  }
  if (!VERIFIER_ROLES.has(user.role) && after?._type === EXPERT_TYPE) {
    const which = verificationAuthored(change)
    if (which) return `${roleLabel(user)} may not mark credentials verified or revoked (${which} of "${id}"); fact-checkers do that`
  }
  return null
}

function roleLabel(user: LakeUser): string {
  return `${user.name} (${user.role})`
}

/** Fact-checkers edit experts only in `credentials[].verification`. */
function expertVerificationOnly(user: LakeUser, change: WriteCheck): string | null {
  const {id, before, after} = change
  const isDraft = id.startsWith('drafts.')
  const refuse = `${roleLabel(user)} may only change the verification of an expert's credentials ("${id}")`
  if (after && !before) {
    // A draft made from the published expert (Studio's first edit): compare with the published one.
    if (isDraft && change.publishedBefore && sameContentExceptVerification(change.publishedBefore, after)) return null
    return refuse
  }
  if (before && !after) {
    // Deleting a draft is fine when it carried verification changes only (publishing removes it).
    const published = change.publishedAfter ?? change.publishedBefore
    if (isDraft && published && sameContentExceptVerification(before, published)) return null
    return refuse
  }
  return sameContentExceptVerification(before, after) ? null : refuse
}
