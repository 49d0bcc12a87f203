/**
 * The audit (audit/audit.ts), applied to some published articles of a project read through its API:
 * the articles, the experts, sources and decisions they rely on, the history's editors of each
 * article and authors of each decision (so a decision written in a fact-checker's name by someone
 * else counts for nothing), judged by the publish rules at one moment. What the guard and the
 * publish gate decide from.
 */
import {type ArticleResult, type AuditInput, auditDataset} from '../audit/audit.ts'
import {type AuditScope, datasetOf} from '../audit/dataset.ts'
import {type DraftResult, auditDrafts} from '../audit/drafts.ts'
import {loadDecisionAuthors, loadEditors} from '../audit/sources.ts'
import {POLICY_CONTEXT_QUERY} from '../plugins/medical-claims/data.ts'
import {CITATION_TYPE, DECISION_TYPES, EXPERT_TYPE, REVIEW_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {RELEASE_IDS_QUERY} from '../plugins/medical-claims/rules/editors.ts'
import {getPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import {articleRefs} from '../plugins/medical-claims/rules/input.ts'
import type {ArticleDoc, MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import {PUBLISHED_ONLY} from './affected.ts'

/** The part of @sanity/client the guard uses. */
export interface GuardClient {
  fetch<R = unknown>(query: string, params?: Record<string, unknown>, options?: {perspective?: 'raw'; tag?: string}): Promise<R>
  request<R = unknown>(options: {url: string; tag?: string}): Promise<R>
  config(): {dataset?: string}
}

export interface JudgeOptions {
  now: Date
  options: MedicalClaimsOptions
  /** Authors whose writes count as the decisions' own (a robot that imported them); anyone else's write of a decision in another's name is forged. */
  trustedAuthors?: ReadonlyArray<string>
}

const TAG = 'vouched.guard'

/** What judging reads besides the articles: their context, the history's editors and decision authors. */
async function judgingInput(client: GuardClient, articles: ArticleDoc[], scope: AuditScope, {now, options, trustedAuthors = []}: JudgeOptions): Promise<AuditInput> {
  const datasetName = client.config().dataset ?? 'production'
  const expertIds = new Set<string>()
  const citationIds = new Set<string>()
  for (const article of articles) {
    const refs = articleRefs(article)
    for (const id of refs.expertIds) expertIds.add(id)
    for (const id of refs.citationIds) citationIds.add(id)
  }
  const articleIds = [...new Set(articles.map((a) => getPublishedId(a._id)))]
  const [context, allVersions, releaseIds] = await Promise.all([
    client.fetch<{experts: unknown[]; citations: unknown[]; decisions: unknown[]; reviewers: unknown[]}>(
      POLICY_CONTEXT_QUERY,
      {expertType: EXPERT_TYPE, citationType: CITATION_TYPE, reviewType: REVIEW_TYPE, decisionTypes: [...DECISION_TYPES], expertIds: [...expertIds], citationIds: [...citationIds], articleIds},
      {perspective: 'raw', tag: TAG},
    ),
    // The articles' release versions: their authors edited the articles too.
    client.fetch<Array<{_id: string; _type: string}>>('*[_type in $articleTypes && _id in path("versions.**")]{_id, _type}', {articleTypes: [...options.articleTypes]}, {perspective: 'raw', tag: TAG}),
    // Every release, archived and published ones too: an article's version in one may have been discarded.
    client.fetch<unknown[]>(RELEASE_IDS_QUERY, {}, {perspective: 'raw', tag: TAG}),
  ])
  const wanted = new Set(articleIds)
  const versions = allVersions.filter((v) => wanted.has(getPublishedId(v._id)))
  const dataset = datasetOf([...articles, ...versions, ...context.experts, ...context.citations, ...context.decisions, ...(context.reviewers ?? []).filter(Boolean)], options.articleTypes, scope)
  const request = (url: string) => client.request({url, tag: TAG})
  dataset.addReleaseIds(Array.isArray(releaseIds) ? releaseIds : [])
  const {editors, note} = await loadEditors(request, datasetName, dataset.articlesWithApprovals(), undefined, 4, dataset)
  const {authors} = await loadDecisionAuthors(request, datasetName, dataset.decisionIds())
  return {dataset, editors, ...(note ? {editorsNote: note} : {}), decisionAuthors: authors, trustedAuthors, now, options, source: `dataset ${datasetName}`}
}

/** Judges the published articles with these ids (or all of them), as the audit would. Articles that are not published are left out. */
export async function judgePublished(client: GuardClient, ids: ReadonlyArray<string> | 'all', judging: JudgeOptions): Promise<ArticleResult[]> {
  const articles = await client.fetch<ArticleDoc[]>(
    `*[_type in $articleTypes && ${PUBLISHED_ONLY} && ($all || _id in $ids)]`,
    {articleTypes: [...judging.options.articleTypes], all: ids === 'all', ids: ids === 'all' ? [] : [...ids]},
    {perspective: 'raw', tag: TAG},
  )
  if (articles.length === 0) return []
  return auditDataset(await judgingInput(client, articles, 'published', judging)).articles
}

/** Judges an article's draft as if it were published now (as `npm run audit -- --drafts` does); null when it has no draft. */
export async function judgeDraft(client: GuardClient, draft: ArticleDoc, judging: JudgeOptions): Promise<DraftResult | null> {
  const [result] = auditDrafts(await judgingInput(client, [draft], 'drafts', judging)).drafts
  return result ?? null
}
