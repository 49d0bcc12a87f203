/**
 * How a site runs the queries of ./site.ts: through `siteQueries(client)`, which adds the
 * compliance parameters (options and today's date) to every call and reads the published
 * perspective only. There is no other way to call them from the site, so the parameters cannot be
 * forgotten.
 *
 * `client` is anything with a Sanity-style `fetch(query, params, options)`: a `@sanity/client`
 * for a hosted project, or `createLakeClient()` (./lakeClient.ts) for the local Content Lake.
 */
import {projectClaimOptions} from '../medical-claims.options.ts'
import {resolveOptions} from '../plugins/medical-claims/rules/options.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import type {
  ARTICLE_LISTING_QUERY_RESULT,
  ARTICLE_PAGE_QUERY_RESULT,
  COMPLIANT_ARTICLE_IDS_QUERY_RESULT,
  EXPERT_PROFILE_QUERY_RESULT,
  PROCEDURE_PAGE_QUERY_RESULT,
  SITEMAP_QUERY_RESULT,
} from '../sanity.types.ts'
import {complianceParams} from './compliance.ts'
import {
  ARTICLE_LISTING_QUERY,
  ARTICLE_PAGE_QUERY,
  COMPLIANT_ARTICLE_IDS_QUERY,
  EXPERT_PROFILE_QUERY,
  PROCEDURE_PAGE_QUERY,
  SITEMAP_QUERY,
} from './site.ts'

/** The part of a Sanity client the site uses. */
export interface QueryClient {
  fetch(query: string, params: Record<string, unknown>, options: {perspective: 'published'; tag?: string; signal?: AbortSignal}): Promise<unknown>
}

export interface SiteQueryConfig {
  /** The claim options of the Studio that edits this dataset (default: the project's, medical-claims.options.ts). */
  options?: Partial<MedicalClaimsOptions>
  /** The clock (default: the system clock); each call is checked at the moment it runs. */
  now?: () => Date | string
}

export const DEFAULT_PAGE_SIZE = 10

export interface SiteQueries {
  article(slug: string, signal?: AbortSignal): Promise<ARTICLE_PAGE_QUERY_RESULT>
  /** Page numbers start at 1. */
  listing(page?: number, pageSize?: number, signal?: AbortSignal): Promise<ARTICLE_LISTING_QUERY_RESULT>
  expert(slug: string, signal?: AbortSignal): Promise<EXPERT_PROFILE_QUERY_RESULT>
  procedure(slug: string, signal?: AbortSignal): Promise<PROCEDURE_PAGE_QUERY_RESULT>
  sitemap(signal?: AbortSignal): Promise<SITEMAP_QUERY_RESULT>
  compliantArticleIds(signal?: AbortSignal): Promise<COMPLIANT_ARTICLE_IDS_QUERY_RESULT>
}

/** The site's queries over `client`, each with the compliance parameters filled in. */
export function siteQueries(client: QueryClient, config: SiteQueryConfig = {}): SiteQueries {
  // Resolve once up front so bad options fail when the site starts, not on the first request.
  const options = resolveOptions(config.options ?? projectClaimOptions)
  const clock = config.now ?? (() => new Date())
  const run = async <R>(query: string, params: Record<string, unknown>, tag: string, signal?: AbortSignal): Promise<R> => {
    const result = await client.fetch(query, {...complianceParams(options, clock()), ...params}, {perspective: 'published', tag, ...(signal ? {signal} : {})})
    return result as R
  }
  return {
    article: (slug, signal) => run<ARTICLE_PAGE_QUERY_RESULT>(ARTICLE_PAGE_QUERY, {slug}, 'site.article', signal),
    listing: (page = 1, pageSize = DEFAULT_PAGE_SIZE, signal) => {
      const index = Number.isInteger(page) && page > 0 ? page - 1 : 0
      const size = Number.isInteger(pageSize) && pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE
      return run<ARTICLE_LISTING_QUERY_RESULT>(ARTICLE_LISTING_QUERY, {start: index * size, end: (index + 1) * size}, 'site.listing', signal)
    },
    expert: (slug, signal) => run<EXPERT_PROFILE_QUERY_RESULT>(EXPERT_PROFILE_QUERY, {slug}, 'site.expert', signal),
    procedure: (slug, signal) => run<PROCEDURE_PAGE_QUERY_RESULT>(PROCEDURE_PAGE_QUERY, {slug}, 'site.procedure', signal),
    sitemap: (signal) => run<SITEMAP_QUERY_RESULT>(SITEMAP_QUERY, {}, 'site.sitemap', signal),
    compliantArticleIds: (signal) => run<COMPLIANT_ARTICLE_IDS_QUERY_RESULT>(COMPLIANT_ARTICLE_IDS_QUERY, {}, 'site.compliant-ids', signal),
  }
}
