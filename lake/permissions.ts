/**
 * Roles, the document grants the Studio reads (`/projects/:id/datasets/:ds/acl`) and the write
 * checks the lake enforces. The checks evaluate the very same grant filters (GROQ, compiled to
 * plain JavaScript with groq-js's meaning, test/lake/grant-filters.test.ts, or else groq-js), so a
 * form the Studio shows as editable is one the lake accepts, and a refused write is one the
 * Studio would have shown read-only. One rule the ACL format cannot express is added on top: a
 * fact-checker may change an expert only in its credentials' `verification` fields.
 *
 * Which roles fact-check and which verify credentials comes from the project's claim options
 * (medical-claims.options.ts, or the options the lake was started with): `factCheckerRoles` get
 * the fact-checker grants, and they with `credentialVerifierRoles` may verify credentials;
 * `medicalReviewerRoles` record medical reviews (`factCheck.review`) in their own name.
 */
import {evaluate, parse} from 'groq-js'
import type {ExprNode} from 'groq-js'
import type {Doc} from './dataset.ts'
import {compileCondition} from './query/native.ts'
import type {Node} from './query/nodes.ts'
import {stableJson} from './stable.ts'
import type {LakeUser} from './users.ts'
import {projectClaimOptions} from '../medical-claims.options.ts'
import {DECISION_TYPES, EXPERT_TYPE, REVIEW_TYPE, WITHDRAWAL_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {getPublishedId, isDraftId, isPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import {describeWrite, expertFieldsRefusal, signedInAs, foreignNameRefusal, foreignRolesRefusal, grantRefusal, othersDecisionRefusal, verificationRefusal} from './role-refusals.ts'

export type Permission = 'read' | 'create' | 'update' | 'history'

export interface Grant {
  filter: string
  permissions: Permission[]
}

/** The options the role checks read: which roles fact-check, verify credentials and review (and, for the wording, which types are articles). */
export type RoleOptions = Pick<MedicalClaimsOptions, 'factCheckerRoles' | 'credentialVerifierRoles'> & Partial<Pick<MedicalClaimsOptions, 'medicalReviewerRoles' | 'articleTypes'>>

/** Claim decisions and medical reviews: written by fact-checkers and reviewers in their own name, never by editors. */
const FACT_CHECK_TYPES_GROQ = JSON.stringify(DECISION_TYPES)
const DECISION_TYPE_SET: ReadonlySet<string> = new Set(DECISION_TYPES)
/** Written by the lake alone (lake/corrections.ts): no role creates or changes one. */
const LAKE_ONLY = `_type != "${WITHDRAWAL_TYPE}"`
const ALL = '_id in path("**")'
/** A fact-check decision is a record of its own, never a draft or a release version (at an article's draft id it would make its writer an editor of the article). */
const OWN_RECORD = '!(_id in path("drafts.**")) && !(_id in path("versions.**"))'

/** The dataset grants of the roles that do not depend on the options. */
export const ROLE_GRANTS: Record<string, Grant[]> = {
  // Everything, but a fact-check decision only in the administrator's own name (lake/provenance.ts),
  // and never the lake's withdrawal records.
  administrator: [
    {filter: ALL, permissions: ['read', 'history']},
    {filter: `${LAKE_ONLY} && (!(_type in ${FACT_CHECK_TYPES_GROQ}) || checkedBy.id == identity())`, permissions: ['create', 'update']},
  ],
  editor: [
    {filter: ALL, permissions: ['read', 'history']},
    {filter: `${LAKE_ONLY} && !(_type in ${FACT_CHECK_TYPES_GROQ})`, permissions: ['create', 'update']},
  ],
  viewer: [{filter: ALL, permissions: ['read', 'history']}],
}

/** The grants of a fact-checker role (each role in the options' `factCheckerRoles`). */
export const FACT_CHECKER_GRANTS: Grant[] = [
  {filter: ALL, permissions: ['read', 'history']},
  {filter: `_type in ${FACT_CHECK_TYPES_GROQ} && checkedBy.id == identity() && ${OWN_RECORD}`, permissions: ['create', 'update']},
  // Field-level limit (credential verification only) is enforced by the lake, see checkWrite.
  {filter: `_type == "${EXPERT_TYPE}"`, permissions: ['create', 'update']},
]

/** The grants of a medical reviewer role (each role in the options' `medicalReviewerRoles`): read everything, record reviews in their own name. */
export const MEDICAL_REVIEWER_GRANTS: Grant[] = [
  {filter: ALL, permissions: ['read', 'history']},
  {filter: `_type == "${REVIEW_TYPE}" && checkedBy.id == identity() && ${OWN_RECORD}`, permissions: ['create', 'update']},
]

/** Whether a role records medical reviews under these options. */
export function isMedicalReviewerRole(role: string, options: RoleOptions = projectClaimOptions): boolean {
  return (options.medicalReviewerRoles ?? []).includes(role)
}

/** Whether a role fact-checks under these options. */
export function isFactCheckerRole(role: string, options: RoleOptions = projectClaimOptions): boolean {
  return options.factCheckerRoles.includes(role)
}

/**
 * The dataset grants of a role: administrators, editors and viewers as in ROLE_GRANTS, fact-checker
 * roles as in FACT_CHECKER_GRANTS and medical reviewer roles as in MEDICAL_REVIEWER_GRANTS (added to
 * an editor's own when the options give editors those roles). Roles no list names get none (no access).
 */
export function grantsForRole(role: string, options: RoleOptions = projectClaimOptions): Grant[] {
  const own = ROLE_GRANTS[role] ?? []
  if (role === 'administrator') return own
  const grants = [...own]
  if (isFactCheckerRole(role, options)) grants.push(...FACT_CHECKER_GRANTS)
  if (isMedicalReviewerRole(role, options)) grants.push(...MEDICAL_REVIEWER_GRANTS)
  return grants
}

const parsedFilters = new Map<string, ExprNode>()

function parsedFilter(filter: string): ExprNode {
  let tree = parsedFilters.get(filter)
  if (!tree) {
    tree = parse(`*[${filter}]`)
    parsedFilters.set(filter, tree)
  }
  return tree
}

/** `identity()` as the parameter `$identity`, so that the filter compiles with the user's id as a constant. */
function identityAsParameter(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(identityAsParameter)
  if (!node || typeof node !== 'object') return node
  const record = node as Record<string, unknown>
  if (record.type === 'FuncCall' && record.namespace === 'global' && record.name === 'identity' && Array.isArray(record.args) && record.args.length === 0) return {type: 'Parameter', name: 'identity'}
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(record)) out[key] = key === 'func' ? value : identityAsParameter(value)
  return out
}

/** Filters compiled to plain JavaScript per user (lake/query/native.ts, groq-js's meaning exactly); null when one does not compile. */
const compiledFilters = new Map<string, ((doc: Doc) => boolean) | null>()
const COMPILED_FILTERS_MAX = 10_000

function compiledFilter(filter: string, userId: string): ((doc: Doc) => boolean) | null {
  const key = `${userId}\n${filter}`
  const known = compiledFilters.get(key)
  if (known !== undefined) return known
  const tree = parsedFilter(filter) as unknown as {type: string; expr?: Node}
  const condition = tree.type === 'Filter' ? compileCondition(identityAsParameter(tree.expr) as Node, {params: {identity: userId}, fastPath: () => null}) : null
  const compiled = condition ? (doc: Doc) => condition(doc) === true : null
  if (compiledFilters.size >= COMPILED_FILTERS_MAX) compiledFilters.clear()
  compiledFilters.set(key, compiled)
  return compiled
}

/** Whether a grant's filter compiles to plain JavaScript (or is left to groq-js). */
export function grantFilterCompiles(filter: string): boolean {
  return compiledFilter(filter, 'anyone') !== null
}

/** Whether a grant's filter keeps `doc` for this user: compiled when it can be (every built-in grant is), else groq-js. */
export async function grantFilterMatches(filter: string, doc: Doc, userId: string): Promise<boolean> {
  const compiled = compiledFilter(filter, userId)
  if (compiled) return compiled(doc)
  const result = await (await evaluate(parsedFilter(filter), {dataset: [doc], identity: userId, params: {identity: userId}})).get()
  return Array.isArray(result) && result.length === 1
}

/** Whether the user's grants give `permission` on `doc` (the Studio's own algorithm). */
export async function hasPermission(user: LakeUser, permission: Permission, doc: Doc, options: RoleOptions = projectClaimOptions): Promise<boolean> {
  return grantsAllow(grantsForRole(user.role, options), permission, doc, user.id)
}

export async function grantsAllow(grants: ReadonlyArray<Grant>, permission: Permission, doc: Doc, userId: string): Promise<boolean> {
  for (const grant of grants) {
    if (grant.permissions.includes(permission) && (await grantFilterMatches(grant.filter, doc, userId))) return true
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


export function sameContentExceptVerification(a: Doc | null | undefined, b: Doc | null | undefined): boolean {
  return stableJson(contentWithoutVerification(a)) === stableJson(contentWithoutVerification(b))
}

/** The top-level fields whose content (credentials without their verification) differs between two versions, sorted. */
function fieldsChangedExceptVerification(a: Doc | null | undefined, b: Doc | null | undefined): string[] {
  const left = (contentWithoutVerification(a) ?? {}) as Record<string, unknown>
  const right = (contentWithoutVerification(b) ?? {}) as Record<string, unknown>
  const keys = new Set([...Object.keys(left), ...Object.keys(right)])
  return [...keys].filter((key) => (left[key] === undefined) !== (right[key] === undefined) || stableJson(left[key]) !== stableJson(right[key])).sort()
}

export interface WriteCheck {
  id: string
  before: Doc | null
  after: Doc | null
  /** Whether the write authored content (edits, creates) rather than moved it (publish, unpublish, discard); for the wording. */
  authored?: boolean
  /** The published document of the same base id, before and after the transaction. */
  publishedBefore?: Doc | null
  publishedAfter?: Doc | null
  /** The draft of the same base id before and after the transaction. */
  draftBefore?: Doc | null
  draftAfter?: Doc | null
}

/** Roles that may set a credential's verification: the fact-checker roles and the verifier roles. */
export function verifierRoles(options: RoleOptions = projectClaimOptions): ReadonlySet<string> {
  return new Set([...options.factCheckerRoles, ...options.credentialVerifierRoles])
}

function credentialVerifications(doc: Doc | null | undefined): Map<string, string> {
  const out = new Map<string, string>()
  const credentials = doc?.credentials
  if (!Array.isArray(credentials)) return out
  for (const c of credentials) {
    if (!c || typeof c !== 'object') continue
    const key = (c as {_key?: unknown})._key
    if (typeof key === 'string') out.set(key, stableJson((c as {verification?: unknown}).verification ?? null))
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
 * equal to the same credential's verification in the document, its draft or its published version,
 * as experts.
 */
function verificationAuthored(change: WriteCheck): {key: string | null; status: unknown} | null {
  const {after} = change
  if (!after || !Array.isArray(after.credentials)) return null
  // Only versions that were experts count: a verification written on a document of another type
  // (which no check reads) and the document then retyped to an expert is authored by the retyping.
  const known = [change.before, change.publishedBefore, change.draftBefore].filter((doc) => doc?._type === EXPERT_TYPE).map(credentialVerifications)
  for (const c of after.credentials) {
    if (!c || typeof c !== 'object') continue
    const {_key: key, verification} = c as {_key?: unknown; verification?: unknown}
    if (isNeutralVerification(verification)) continue
    const value = stableJson(verification ?? null)
    if (typeof key === 'string' && known.some((m) => m.get(key) === value)) continue
    return {key: typeof key === 'string' ? key : null, status: (verification as {status?: unknown} | null | undefined)?.status}
  }
  return null
}

/** Why the user may not make this change, or null when allowed. `options` say which roles fact-check and verify. */
export async function checkWrite(user: LakeUser, change: WriteCheck, options: RoleOptions = projectClaimOptions): Promise<string | null> {
  const {id, before, after} = change
  if (!before && !after) return null
  // The version the grants refuse, if any: a new document, a deleted one, or either side of a change.
  let refused: Doc | null = null
  if (!before && after) refused = (await hasPermission(user, 'create', after, options)) ? null : after
  else if (before && !after) refused = (await hasPermission(user, 'update', before, options)) ? null : before
  else if (before && after) refused = !(await hasPermission(user, 'update', before, options)) ? before : !(await hasPermission(user, 'update', after, options)) ? after : null
  if (refused) return refuseByGrants(user, change, refused, options)

  if (user.role === 'administrator') return null
  const doc = (after ?? before) as Doc
  if (DECISION_TYPE_SET.has(doc._type) && after) {
    const checkedBy = after.checkedBy as {id?: unknown; roles?: unknown} | undefined
    const roles = Array.isArray(checkedBy?.roles) ? checkedBy.roles : []
    const foreign = roles.filter((r) => r !== user.role)
    if (foreign.length > 0) return foreignRolesRefusal(user, id, foreign)
  }
  // A fact-checker role edits experts only in their credentials' verification, unless the role's own grants (an editor's) allow more.
  if (isFactCheckerRole(user.role, options) && (before?._type === EXPERT_TYPE || after?._type === EXPERT_TYPE)) {
    if (!(await grantsAllow(ROLE_GRANTS[user.role] ?? [], 'update', doc, user.id))) return expertVerificationOnly(user, change, options)
  }
  if (!verifierRoles(options).has(user.role) && after?._type === EXPERT_TYPE) {
    const which = verificationAuthored(change)
    if (which) return verificationRefusal(user, id, which, options)
  }
  return null
}

/**
 * The grants refuse the change: a decision or review someone else recorded (the role may write its
 * own), or a kind of document the role may not write at all.
 */
async function refuseByGrants(user: LakeUser, change: WriteCheck, refused: Doc, options: RoleOptions): Promise<string> {
  // One's own decision at a draft's or a release version's id (see OWN_RECORD), which the role could record at its own id.
  if (DECISION_TYPE_SET.has(refused._type) && !isPublishedId(change.id) && (refused.checkedBy as {id?: unknown} | undefined)?.id === user.id && (await hasPermission(user, 'create', {...refused, _id: getPublishedId(change.id)}, options))) {
    return `You are signed in as ${signedInAs(user)}, but "${change.id}" is a draft's or a release version's id, so it was not written: a fact-check decision is a record of its own, never a draft. Record it with an id that does not start with "drafts." or "versions." (the Studio's fact-check dialog does so).`
  }
  if (DECISION_TYPE_SET.has(refused._type)) {
    const checkedBy = {...((refused.checkedBy as Record<string, unknown> | undefined) ?? {}), id: user.id}
    const recordedBy = (refused.checkedBy as {id?: unknown} | undefined)?.id
    // Someone else's: the role could write the same decision in its own name.
    if (recordedBy !== user.id && (await hasPermission(user, 'create', {...refused, checkedBy}, options))) {
      return refused === change.before
        ? othersDecisionRefusal(user, change.id, refused, describeWrite(change).verb, options)
        : foreignNameRefusal(user, change.id, refused, recordedBy)
    }
  }
  return grantRefusal(user, change, refused._type, options)
}

/** Fact-checkers edit experts only in `credentials[].verification`. */
function expertVerificationOnly(user: LakeUser, change: WriteCheck, options: RoleOptions): string | null {
  const {id, before, after} = change
  const isDraft = isDraftId(id)
  if (after && !before) {
    // A draft made from the published expert (Studio's first edit): compare with the published one.
    if (isDraft && change.publishedBefore) {
      const fields = fieldsChangedExceptVerification(change.publishedBefore, after)
      return fields.length === 0 ? null : expertFieldsRefusal(user, {...change, before: change.publishedBefore}, fields, options)
    }
    return expertFieldsRefusal(user, change, [], options)
  }
  if (before && !after) {
    // Deleting a draft is fine when it carried verification changes only (publishing removes it).
    const published = change.publishedAfter ?? change.publishedBefore
    if (isDraft && published && sameContentExceptVerification(before, published)) return null
    return expertFieldsRefusal(user, change, [], options)
  }
  const fields = fieldsChangedExceptVerification(before, after)
  return fields.length === 0 ? null : expertFieldsRefusal(user, change, fields, options)
}
