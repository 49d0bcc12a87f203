/**
 * The lake's enforcement of the publish rules: no write may leave a published article breaking
 * them. Called inside a write, after the transaction has been applied to its overlay and before
 * anything is committed. The rules themselves are `evaluateArticle` from
 * plugins/medical-claims/rules/policy.ts (the same function the Studio plugin and the audit use).
 *
 * An article is checked when the write touches it (its published id), an expert or citation it
 * references, or a fact-check decision about it. The write is refused when
 *  - it writes a published article that is not publishable, or
 *  - a published article that was publishable before the write is not publishable after it
 *    (deleting an expert, revoking a credential, deleting an approval...).
 * Articles that were already failing are not a reason to refuse unrelated writes.
 */
import {CITATION_TYPE, DECISION_TYPES, EXPERT_TYPE, REVIEW_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {articleEditors} from '../plugins/medical-claims/rules/editors.ts'
import {getPublishedId, isPublishedId, referencedId} from '../plugins/medical-claims/rules/ids.ts'
import {buildPolicyInput} from '../plugins/medical-claims/rules/input.ts'
import {resolveOptions} from '../plugins/medical-claims/rules/options.ts'
import {evaluateArticle} from '../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, MedicalClaimsOptions, PolicyInput, PolicyIssue, Verdict} from '../plugins/medical-claims/rules/types.ts'
import {type DatasetState, type Doc, collectRefs} from './dataset.ts'
import {type LakeError, conflict} from './errors.ts'
import type {Change} from './transaction.ts'

export interface Policy {
  evaluateArticle: (input: PolicyInput) => Verdict
  resolveOptions?: (options?: Partial<MedicalClaimsOptions>) => MedicalClaimsOptions
}

/**
 * The rules the lake enforces unless a test passes others: imported statically, so a lake whose
 * rules module is missing or broken does not start at all (it never runs unenforced by accident).
 */
export const DEFAULT_POLICY: Policy = {evaluateArticle, resolveOptions}

export interface EnforcementInput {
  ds: DatasetState
  changes: Change[]
  /** The document state after the transaction. */
  after: (id: string) => Doc | null
  /** Users whose earlier transactions touched a document id (the history API's authors). */
  authorsOf: (id: string) => string[]
  author: string
  now: string
  options?: Partial<MedicalClaimsOptions>
}

export interface ArticleViolation {
  articleId: string
  title: string
  issues: PolicyIssue[]
  /** 'written': the write publishes this article; 'broken': it breaks an article that was publishable. */
  reason: 'written' | 'broken'
  /** Why the rules could not read the article or a document it relies on (a field of the wrong type), when they could not. */
  unreadable?: string
}

const DECISION_TYPE_SET = new Set<string>(DECISION_TYPES)

function refOf(value: unknown): string | null {
  const ref = (value as {_ref?: unknown} | null | undefined)?._ref
  return typeof ref === 'string' ? ref : null
}

/**
 * The rules' input for one article from a document state (rules/input.ts builds it): the
 * decisions are read through the reverse-reference index plus the documents the write changes.
 */
function policyInput(
  ds: DatasetState,
  articleId: string,
  state: (id: string) => Doc | null,
  changedIds: ReadonlyArray<string>,
  editors: string[],
  now: string,
  options: Partial<MedicalClaimsOptions> | undefined,
): PolicyInput | null {
  const article = state(articleId)
  if (!article) return null
  const decisionIds = new Set([...ds.idsReferencing(articleId), ...changedIds])
  const decisions: Doc[] = []
  for (const id of decisionIds) {
    const doc = isPublishedId(id) ? state(id) : null
    if (doc) decisions.push(doc)
  }
  return buildPolicyInput(article as unknown as ArticleDoc, {get: (id) => state(id), decisions}, editors, now, options)
}

/** The editors of an article: its history's authors (published, draft, every release version it had) and the writer when the write changes one of them. */
function editorsOf(input: Pick<EnforcementInput, 'ds' | 'changes' | 'authorsOf' | 'author'>, articleId: string): string[] {
  return articleEditors(articleId, input.authorsOf, {
    knownIds: input.ds.versionIdsEver(getPublishedId(articleId)),
    pending: {author: input.author, changedIds: input.changes.map((c) => c.id)},
  })
}

/** The published articles a transaction may affect, with whether the transaction writes them directly. */
function affectedArticles(input: EnforcementInput, articleTypes: Set<string>): Map<string, boolean> {
  const {ds, changes, after} = input
  const affected = new Map<string, boolean>()
  const isArticle = (doc: Doc | null | undefined) => Boolean(doc && articleTypes.has(doc._type))
  const changedIds = new Set(changes.map((c) => c.id))
  const referencing = (target: string): string[] => {
    const ids = new Set(ds.idsReferencing(target))
    for (const change of changes) if (change.after && collectRefs(change.after).has(target)) ids.add(change.id)
    return [...ids]
  }
  for (const change of changes) {
    if (!isPublishedId(change.id)) continue
    const {before, after: next} = change
    if (isArticle(before) || isArticle(next)) {
      affected.set(change.id, Boolean(next))
      continue
    }
    // Types are part of identity: a document that was (or becomes) an expert or a citation counts
    // either way, so changing its type is judged as deleting (or creating) it.
    const types = [before?._type, next?._type]
    if (types.includes(EXPERT_TYPE) || types.includes(CITATION_TYPE)) {
      for (const id of referencing(change.id)) {
        if (!isPublishedId(id)) continue
        // A medical review names its reviewer: the reviewed article relies on the expert too.
        const review = [after(id), ds.docs.get(id) ?? null].find((doc) => doc?._type === REVIEW_TYPE)
        const articleId = review ? refOf(review.article) : id
        if (!articleId || !isPublishedId(articleId) || affected.has(articleId)) continue
        if (isArticle(after(articleId)) || isArticle(ds.docs.get(articleId))) affected.set(articleId, changedIds.has(articleId) && Boolean(after(articleId)))
      }
    } else if (types.some((t) => t !== undefined && DECISION_TYPE_SET.has(t))) {
      for (const ref of [refOf(before?.article), refOf(next?.article)]) {
        if (!ref || !isPublishedId(ref) || affected.has(ref)) continue
        if (isArticle(after(ref)) || isArticle(ds.docs.get(ref))) affected.set(ref, changedIds.has(ref) && Boolean(after(ref)))
      }
    }
  }
  return affected
}

/** The violations a transaction would cause (empty: allowed). */
export function findViolations(policy: Policy, input: EnforcementInput): ArticleViolation[] {
  const resolved = policy.resolveOptions ? policy.resolveOptions(input.options ?? {}) : undefined
  const articleTypes = new Set(resolved?.articleTypes ?? ['article'])
  const affected = affectedArticles(input, articleTypes)
  const violations: ArticleViolation[] = []
  const changedIds = input.changes.map((c) => c.id)
  const before = (id: string): Doc | null => input.ds.docs.get(id) ?? null
  for (const [articleId, written] of affected) {
    const current = input.after(articleId)
    if (!current || !articleTypes.has(current._type)) continue
    const editorList = editorsOf(input, articleId)
    // The rules expect documents of the schema's shape; a raw API write can store anything (a
    // string where a list belongs). An article the rules cannot read is not publishable: the write
    // that causes that is refused like any other, and a write that leaves it as unreadable as before is not.
    const evaluate = (state: (id: string) => Doc | null): Verdict | {unreadable: string} | null => {
      try {
        const policyIn = policyInput(input.ds, articleId, state, changedIds, editorList, input.now, input.options)
        if (!policyIn) return null
        return policy.evaluateArticle(policyIn)
      } catch (err) {
        return {unreadable: err instanceof Error ? err.message : String(err)}
      }
    }
    const verdict = evaluate(input.after)
    if (!verdict || ('publishable' in verdict && verdict.publishable)) continue
    const errors = 'issues' in verdict ? verdict.issues.filter((i) => i.severity === 'error') : []
    const unreadable = 'unreadable' in verdict ? {unreadable: verdict.unreadable} : {}
    const title = typeof current.title === 'string' && current.title ? current.title : articleId
    if (written) {
      violations.push({articleId, title, issues: errors, reason: 'written', ...unreadable})
      continue
    }
    const previous = evaluate(before)
    if (previous && 'publishable' in previous && previous.publishable) violations.push({articleId, title, issues: errors, reason: 'broken', ...unreadable})
  }
  return violations
}

/**
 * The published articles that do not pass the rules as the dataset stands at `now` (the lake's
 * sweep: time alone can make an article fail, when a credential expires or a review falls due).
 */
export function failingPublishedArticles(
  policy: Policy,
  input: {ds: DatasetState; authorsOf: (id: string) => string[]; now: string; options?: Partial<MedicalClaimsOptions>},
): ArticleViolation[] {
  const resolved = policy.resolveOptions ? policy.resolveOptions(input.options ?? {}) : undefined
  const failing: ArticleViolation[] = []
  const state = (id: string): Doc | null => input.ds.docs.get(id) ?? null
  for (const type of resolved?.articleTypes ?? ['article']) {
    for (const articleId of [...input.ds.idsOfType(type)].sort()) {
      if (!isPublishedId(articleId)) continue
      const article = state(articleId)
      if (!article) continue
      const editors = articleEditors(articleId, input.authorsOf, {knownIds: input.ds.versionIdsEver(articleId)})
      const title = typeof article.title === 'string' && article.title ? article.title : articleId
      try {
        const policyIn = policyInput(input.ds, articleId, state, [], editors, input.now, input.options)
        if (!policyIn) continue
        const verdict = policy.evaluateArticle(policyIn)
        if (!verdict.publishable) failing.push({articleId, title, issues: verdict.issues.filter((i) => i.severity === 'error'), reason: 'broken'})
      } catch (err) {
        failing.push({articleId, title, issues: [], reason: 'broken', unreadable: err instanceof Error ? err.message : String(err)})
      }
    }
  }
  return failing
}

/** The issue code of an article the rules could not read. */
export const UNREADABLE_CODE = 'article.unreadable'

function unreadableMessage(detail: string): string {
  return `The publish rules cannot read this article or a document it relies on (${detail}): a field has the wrong type for the schema.`
}

/**
 * Fact-check decisions this transaction writes whose checker edited the article (its published
 * document or its draft, now or in this transaction): the same rule as the plugin's
 * `factCheckPermission`, "another fact-checker must check its claims". Deleting a decision is not
 * checked, nor a decision whose checker, claim, fingerprint and article did not change.
 */
export function decisionsByEditors(
  input: Pick<EnforcementInput, 'ds' | 'changes' | 'authorsOf' | 'author'>,
): Array<{decisionId: string; checker: string; articleId: string; review: boolean}> {
  const out: Array<{decisionId: string; checker: string; articleId: string; review: boolean}> = []
  const substance = (doc: Doc | null) =>
    doc ? JSON.stringify([doc._type, refOf(doc.article), doc.claimKey, refOf(doc.reviewer), doc.fingerprint, (doc.checkedBy as {id?: unknown} | undefined)?.id]) : null
  for (const change of input.changes) {
    const doc = change.after
    if (!doc || !DECISION_TYPE_SET.has(doc._type) || substance(doc) === substance(change.before)) continue
    const checker = (doc.checkedBy as {id?: unknown} | undefined)?.id
    const ref = refOf(doc.article)
    if (typeof checker !== 'string' || !ref) continue
    const articleId = referencedId(ref)
    if (articleId && editorsOf(input, articleId).includes(checker)) out.push({decisionId: change.id, checker, articleId, review: doc._type === REVIEW_TYPE})
  }
  return out
}

/** The API error for violations: 409 publishRulesViolation with a readable list and the issues. */
export function violationError(violations: ArticleViolation[]): LakeError {
  const lines: string[] = []
  for (const v of violations) {
    // An article without a title is named by its id alone (its title falls back to the id).
    const named = v.title && v.title !== v.articleId ? `"${v.title}" (${v.articleId})` : `"${v.articleId}"`
    lines.push(v.reason === 'written' ? `${named} cannot be published:` : `This change would break the published article ${named}:`)
    for (const issue of v.issues) lines.push(`- ${issue.message}`)
    if (v.unreadable) lines.push(`- ${unreadableMessage(v.unreadable)}`)
  }
  const items = violations.flatMap((v) => [
    ...v.issues.map((issue) => ({...issue, documentId: v.articleId})),
    ...(v.unreadable ? [{code: UNREADABLE_CODE, severity: 'error', path: [], message: unreadableMessage(v.unreadable), documentId: v.articleId}] : []),
  ])
  const fix = violations.some((v) => v.reason === 'written')
    ? 'Nothing was written: fix each problem (the Studio\'s "Why can\'t I publish?" lists them) and publish again.'
    : 'Nothing was written: leave what the article relies on as it is, or unpublish the article first.'
  return conflict(`Refused by the publish rules.\n${lines.join('\n')}\n${fix}`, 'publishRulesViolation', {
    items,
    articles: violations.map((v) => ({id: v.articleId, title: v.title, reason: v.reason, codes: [...v.issues.map((i) => i.code), ...(v.unreadable ? [UNREADABLE_CODE] : [])]})),
  })
}
