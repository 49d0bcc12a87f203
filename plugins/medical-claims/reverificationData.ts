/**
 * Loads the "Re-verify credentials" list: the published experts and how many published articles
 * rely on each, in one GROQ query, then asks ./reverification.ts which credentials to list.
 * No React and no Studio runtime here.
 */
import type {PolicyClient} from './data.ts'
import {buildReverificationQueue, type ReverificationItem, type ReverificationOptions} from './reverification.ts'
import {CLAIM_TYPE, EXPERT_TYPE, REVIEW_TYPE} from './rules/constants.ts'
import {getPublishedId, referencedId} from './rules/ids.ts'
import type {ExpertDoc, MedicalClaimsOptions} from './rules/types.ts'

/**
 * One query, in the published perspective: the experts with credentials, the experts each article's
 * claims name (the claims' mark definitions only, not the bodies), and who reviewed what (the
 * reviews only, not the text they pin).
 */
export const REVERIFICATION_QUERY = `{
  "experts": *[_type == $expertType && count(credentials) > 0]{_id, _type, name, postnominals, credentials},
  "articles": *[_type in $articleTypes]{_id, "experts": body[_type == "block"].markDefs[_type == $claimType].expert._ref},
  "reviews": *[_type == $reviewType]{"article": article._ref, "reviewer": reviewer._ref, checkedAt}
}`

/** An article as the query returns it: the expert ids its claims name (null where a mark names none). */
export interface ArticleExperts {
  _id: string
  experts?: ReadonlyArray<string | null> | null
}

/** A medical review as the query returns it. */
export interface ReviewerOf {
  article?: string | null
  reviewer?: string | null
  checkedAt?: string | null
}

interface ReverificationQueryResult {
  experts?: ExpertDoc[] | null
  articles?: ArticleExperts[] | null
  reviews?: ReviewerOf[] | null
}

/**
 * How many of the given (published) articles rely on each expert, by published id: an article
 * counts once for each expert its claims name, and once for the reviewer of its latest medical
 * review (the review it was published with, unless a newer one waits for the next publish). Pure.
 */
export function countArticlesByExpert(articles: ReadonlyArray<ArticleExperts>, reviews: ReadonlyArray<ReviewerOf>): Map<string, number> {
  const relying = new Map<string, Set<string>>()
  const articleIds = new Set<string>()
  const add = (expertId: string, articleId: string) => {
    const id = referencedId(expertId)
    if (!id) return
    let set = relying.get(id)
    if (!set) relying.set(id, (set = new Set()))
    set.add(articleId)
  }
  for (const article of articles) {
    if (!article || typeof article._id !== 'string') continue
    const articleId = getPublishedId(article._id)
    articleIds.add(articleId)
    for (const expertId of article.experts ?? []) if (typeof expertId === 'string' && expertId) add(expertId, articleId)
  }
  const latest = new Map<string, ReviewerOf>()
  for (const review of reviews) {
    if (!review || typeof review.article !== 'string' || typeof review.reviewer !== 'string' || !review.reviewer) continue
    const articleId = referencedId(review.article)
    if (!articleId || !articleIds.has(articleId)) continue
    const current = latest.get(articleId)
    if (!current || (review.checkedAt ?? '') > (current.checkedAt ?? '')) latest.set(articleId, review)
  }
  for (const [articleId, review] of latest) add(review.reviewer as string, articleId)
  return new Map([...relying].map(([id, set]) => [id, set.size]))
}

/** Loads the published experts and what relies on them in one query, and lists the credentials to verify again. */
export async function loadReverificationQueue(
  client: PolicyClient,
  options: ReverificationOptions & Pick<MedicalClaimsOptions, 'articleTypes'>,
  now: Date | string,
  signal?: AbortSignal,
  withinDays?: number,
): Promise<ReverificationItem[]> {
  const result = await client.fetch<ReverificationQueryResult | null>(
    REVERIFICATION_QUERY,
    {expertType: EXPERT_TYPE, articleTypes: options.articleTypes, claimType: CLAIM_TYPE, reviewType: REVIEW_TYPE},
    {perspective: 'published', signal, tag: 'medical-claims.reverification'},
  )
  return buildReverificationQueue({
    experts: result?.experts ?? [],
    articlesByExpert: countArticlesByExpert(result?.articles ?? [], result?.reviews ?? []),
    options,
    now,
    ...(withinDays === undefined ? {} : {withinDays}),
  })
}
