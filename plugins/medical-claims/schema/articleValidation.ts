/**
 * The publish rules as validation of the article: each target article type keeps its own rules
 * and gains custom rules (one at error level, one at warning level) that load what the rules need
 * through the validation context's client and report every issue at its path. Studio's own
 * Publish is blocked by the errors, and `sanity documents validate` reports the same issues.
 */
import type {CustomValidatorResult, Rule, SchemaTypeDefinition, ValidationContext, ValidationError} from 'sanity'
import {fetchPolicyContext, policyInput, refsKey, type PolicyClient, type PolicyContext} from '../data.ts'
import {API_VERSION} from '../rules/constants.ts'
import {articleRefs} from '../rules/input.ts'
import {resolveOptions} from '../rules/options.ts'
import {evaluateArticle} from '../rules/policy.ts'
import type {ArticleDoc, IssueSeverity, MedicalClaimsOptions, Verdict} from '../rules/types.ts'

/** Validation marker codes are namespaced: `medical-claims/<policy code>`. */
export const VALIDATION_CODE_PREFIX = 'medical-claims/'

type Validation = unknown

/** How long loaded experts, citations, decisions and editors are reused while an article is edited. */
export const CONTEXT_TTL_MS = 5_000

/**
 * Loads shared by the validators of one pass (document and body: same document object) and by
 * the passes that follow while an editor types (same project, dataset and refs, for
 * CONTEXT_TTL_MS). Studio re-validates on every edit; without this each keystroke would query
 * the lake again. (Sanity wraps the client anew for every pass, so the key is the client's
 * configuration, not the client object.)
 */
const byDocument = new WeakMap<object, Promise<PolicyContext>>()
const recent = new Map<string, {at: number; pending: Promise<PolicyContext>}>()

function clientKey(client: PolicyClient): string {
  const config = client.config() as {apiHost?: string; projectId?: string; dataset?: string}
  return `${config.apiHost ?? ''}|${config.projectId ?? ''}|${config.dataset ?? ''}`
}

function contextFor(client: PolicyClient, document: ArticleDoc): Promise<PolicyContext> {
  const shared = byDocument.get(document)
  if (shared) return shared
  const refs = articleRefs(document)
  const key = `${clientKey(client)}#${refsKey(refs)}`
  const now = Date.now()
  const cached = recent.get(key)
  let pending: Promise<PolicyContext>
  if (cached && now - cached.at >= 0 && now - cached.at < CONTEXT_TTL_MS) {
    pending = cached.pending
  } else {
    pending = fetchPolicyContext(client, refs)
    for (const [oldKey, entry] of recent) if (now - entry.at >= CONTEXT_TTL_MS || now < entry.at) recent.delete(oldKey)
    recent.set(key, {at: now, pending})
    // A failed load is not reused: the next pass retries.
    pending.catch(() => {
      if (recent.get(key)?.pending === pending) recent.delete(key)
      byDocument.delete(document)
    })
  }
  byDocument.set(document, pending)
  return pending
}

async function verdictFor(document: ArticleDoc, context: ValidationContext, options: MedicalClaimsOptions): Promise<Verdict> {
  const client = context.getClient({apiVersion: API_VERSION}) as unknown as PolicyClient
  const loaded = await contextFor(client, document)
  return evaluateArticle(policyInput(document, loaded, new Date(), options))
}

/** Turns the rules' issues of one severity into validation errors at their paths. */
export function issuesAsValidationErrors(verdict: Verdict, severity: IssueSeverity): ValidationError[] {
  return verdict.issues
    .filter((issue) => issue.severity === severity)
    .map((issue) => ({
      message: issue.message,
      path: issue.path,
      code: `${VALIDATION_CODE_PREFIX}${issue.code}`,
      details: issue.claimKey ? {policyCode: issue.code, claimKey: issue.claimKey} : {policyCode: issue.code},
    }))
}

/** The Portable Text field the rules read claims from (see extractClaims). */
export const BODY_FIELD = 'body'

/**
 * Which issues a validator reports: `all` at document level; `outsideBody` at document level
 * when the body field has its own validator; `body` on the body field (paths relative to it).
 */
export type ValidatorScope = 'all' | 'outsideBody' | 'body'

function inScope(path: ReadonlyArray<unknown>, scope: ValidatorScope): boolean {
  if (scope === 'all') return true
  return (path[0] === BODY_FIELD) === (scope === 'body')
}

/** A custom validator reporting the rules' issues of one severity within its scope. */
export function claimRulesValidator(options: MedicalClaimsOptions, severity: IssueSeverity, scope: ValidatorScope = 'all') {
  return async (value: unknown, context: ValidationContext): Promise<CustomValidatorResult> => {
    const document = scope === 'body' ? context.document : value
    if (typeof document !== 'object' || document === null || typeof (document as ArticleDoc)._id !== 'string') return true
    const verdict = await verdictFor(document as ArticleDoc, context, options)
    const errors = issuesAsValidationErrors(verdict, severity)
      .filter((error) => inScope(error.path ?? [], scope))
      .map((error) => (scope === 'body' ? {...error, path: (error.path ?? []).slice(1)} : error))
    return errors.length > 0 ? errors : true
  }
}

function asRules(result: unknown): unknown[] {
  if (result === undefined || result === null || result === false) return []
  return Array.isArray(result) ? result : [result]
}

/** A type's (or field's) own validation, followed by the claim rules of a scope. */
export function withClaimRules(validation: Validation, options: MedicalClaimsOptions, scope: ValidatorScope = 'all') {
  return (rule: Rule) => {
    const own = typeof validation === 'function' ? asRules((validation as (r: Rule) => unknown)(rule)) : asRules(validation)
    return [
      ...(own as Rule[]),
      rule.custom(claimRulesValidator(options, 'error', scope)).error(),
      rule.custom(claimRulesValidator(options, 'warning', scope)).warning(),
    ]
  }
}

/** Marks a validation function as ours, so wrapping twice (two plugin instances) is detectable. */
const WRAPPED = Symbol.for('medical-claims.validation')

function wrapValidation(validation: Validation, options: MedicalClaimsOptions, scope: ValidatorScope) {
  return Object.assign(withClaimRules(validation, options, scope), {[WRAPPED]: true})
}

function isWrapped(validation: Validation): boolean {
  return typeof validation === 'function' && Boolean((validation as {[WRAPPED]?: boolean})[WRAPPED])
}

interface FieldLike {
  name?: unknown
  validation?: Validation
}

/**
 * Adds the claim rules to the validation of every target article type in `types`; other types
 * are returned as they are (same object). Pass the plugin's options (partial options are merged
 * over the defaults, as the plugin does). Types wrapped once are not wrapped again. Issues in the body are validated on the `body` field
 * (when the type declares it) and the rest on the document. Both show at their paths in Studio;
 * the split keeps claim errors at error level under `sanity documents validate`, where Sanity
 * lowers every document-level rule to a warning (it appends its unknown-fields check with
 * `.warning()` to each object-level rule outside Studio).
 */
export function applyClaimRules<T extends SchemaTypeDefinition>(types: T[], pluginOptions?: Partial<MedicalClaimsOptions>): T[] {
  const options = resolveOptions(pluginOptions ?? {})
  return types.map((type) => {
    if (!options.articleTypes.includes(type.name)) return type
    const validation = (type as {validation?: Validation}).validation
    if (isWrapped(validation)) return type
    const fields = (type as {fields?: unknown}).fields
    const hasBody = Array.isArray(fields) && fields.some((field: FieldLike) => field?.name === BODY_FIELD)
    if (!hasBody) return {...type, validation: wrapValidation(validation, options, 'all')}
    return {
      ...type,
      validation: wrapValidation(validation, options, 'outsideBody'),
      fields: (fields as FieldLike[]).map((field) =>
        field?.name === BODY_FIELD ? {...field, validation: wrapValidation(field.validation, options, 'body')} : field,
      ),
    }
  })
}
