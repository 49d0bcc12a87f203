/**
 * The reference site's pages as HTML strings, from the results of the queries in queries/site.ts.
 * Pure functions: no I/O. Every value from the dataset is escaped by the `html` template.
 */
import {
  articleCitations,
  articleJsonLd,
  finite,
  isClaimableCredential,
  jsonLdScriptContent,
  oneOf,
  readArticlePage,
  readCredential,
  readDisclosure,
  readExpertSummary,
  readList,
  readProcedure,
  readRecord,
  readTeasers,
  record,
  text,
  texts,
  type ArticlePage,
  type Fields,
} from '../jsonld/article.ts'
import {describeDisclosure, disclosureIsCurrent} from '../plugins/medical-claims/conflicts.ts'
import {issuedBy, specialtyTitle} from '../plugins/medical-claims/rules/credentials.ts'
import type {
  ARTICLE_LISTING_QUERY_RESULT,
  EXPERT_PROFILE_QUERY_RESULT,
  PROCEDURE_PAGE_QUERY_RESULT,
  SITEMAP_QUERY_RESULT,
} from '../sanity.types.ts'
import {dateOrText, dotted, escapeXml, formatDate, html, isoDay, sitePath, timeElement, trusted, type SafeHtml} from './html.ts'
import {ISSUERS, collectFootnotes, renderBody, renderCitation, renderFootnotes} from './portableText.ts'

export interface SiteContext {
  /** Absolute origin of the site, e.g. http://localhost:3000 (canonical links, sitemap, JSON-LD). */
  siteUrl: string
  siteName: string
  /** The moment pages are rendered at (credentials are judged at it). */
  now: Date | string
}

type Teaser = ARTICLE_LISTING_QUERY_RESULT['articles'][number]
type Expert = NonNullable<EXPERT_PROFILE_QUERY_RESULT>
type Procedure = NonNullable<PROCEDURE_PAGE_QUERY_RESULT>
type CredentialRow = NonNullable<Expert['credentials']>[number]
type DisclosureRow = NonNullable<Expert['disclosures']>[number]
type CorrectionRow = ArticlePage['corrections'][number]
type Listing = ARTICLE_LISTING_QUERY_RESULT
type Range = {min: number | null; max: number | null}

/*
 * The query results, read with the readers of jsonld/article.ts: every value of the kind its type
 * says, anything else read as absent (a text that is a list, a list that is a text…).
 */

function readRange(fields: Fields): Range {
  return {min: finite(fields.min), max: finite(fields.max)}
}

function readDuration(fields: Fields): {amount: number | null; unit: 'days' | 'hours' | 'weeks' | null} {
  return {amount: finite(fields.amount), unit: oneOf(fields.unit, ['days', 'hours', 'weeks'])}
}

/** An EXPERT_PROFILE_QUERY result. */
export function readExpertPage(input: unknown): Expert {
  const fields = record(input) ?? {}
  return {
    ...readExpertSummary(fields),
    bio: text(fields.bio),
    specialties: texts(fields.specialties),
    affiliations: readList(fields.affiliations, (a) => ({organisation: text(a.organisation), role: text(a.role)})),
    disclosures: readList(fields.disclosures, readDisclosure),
    credentials: readList(fields.credentials, readCredential),
    vouchedFor: readTeasers(fields.vouchedFor),
    reviewed: readTeasers(fields.reviewed),
  }
}

/** A PROCEDURE_PAGE_QUERY result. */
export function readProcedurePage(input: unknown): Procedure {
  const fields = record(input) ?? {}
  return {
    ...readProcedure(fields),
    devices: texts(fields.devices),
    typicalCost: readRecord(fields.typicalCost, (cost) => ({...readRange(cost), currency: text(cost.currency), basis: oneOf(cost.basis, ['perCourse', 'perSession'])})),
    sessionsNeeded: readRecord(fields.sessionsNeeded, readRange),
    downtime: readRecord(fields.downtime, (downtime) => ({note: text(downtime.note), min: readRecord(downtime.min, readDuration), max: readRecord(downtime.max, readDuration)})),
    articles: readTeasers(fields.articles),
  }
}

/** An ARTICLE_LISTING_QUERY result. */
export function readListing(input: unknown): Listing {
  const fields = record(input) ?? {}
  const articles = readTeasers(fields.articles)
  const total = finite(fields.total)
  return {total: total !== null && total >= 0 ? total : articles.length, articles}
}

/** A SITEMAP_QUERY result. */
export function readSitemap(input: unknown): SITEMAP_QUERY_RESULT {
  const fields = record(input) ?? {}
  const entries = (value: unknown) => readList(value, (entry) => ({slug: text(entry.slug), _updatedAt: text(entry._updatedAt) ?? ''}))
  return {articles: entries(fields.articles), experts: entries(fields.experts), procedures: entries(fields.procedures)}
}

const STYLE = `
body{font:17px/1.6 Georgia,serif;margin:0;color:#1d1d1f;background:#fff}
header.site,footer.site{background:#0b3d2e;color:#fff;padding:.8rem 1.5rem}
header.site a,footer.site a{color:#fff;text-decoration:none;font-weight:bold}
main{max-width:46rem;margin:0 auto;padding:1rem 1.5rem 3rem}
.dek{font-size:1.2rem;color:#444}.meta,.updated,.review,.next-review{font-size:.95rem;color:#333}
.corrections{border-top:1px solid #ccc;margin-top:2rem}.corrections li{margin-bottom:.6rem}
.review{border-left:4px solid #0b3d2e;padding-left:.7rem}
.claim{background:#eef7f2;border-bottom:1px dotted #0b3d2e}
sup.claim-ref a{text-decoration:none;font-weight:bold}
.footnotes li,.sources li{margin-bottom:.8rem;font-size:.95rem}
.footnotes p{margin:.1rem 0}
.footnotes .conflict{border-left:3px solid #b35c00;padding-left:.5rem;color:#5c3000}
.figure-placeholder{background:#e5e5e5;height:8rem}
.teasers{list-style:none;padding:0}.teasers li{margin-bottom:1.4rem}
.credential-list li{margin-bottom:.4rem}
`.trim()

function layout(ctx: SiteContext, page: {title: string; path: string; body: SafeHtml; jsonLd?: SafeHtml; description?: string | null}): string {
  const canonical = `${ctx.siteUrl}${page.path}`
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
${page.description ? html`<meta name="description" content="${page.description}">` : ''}
<link rel="canonical" href="${canonical}">
<style>${trusted(STYLE)}</style>
${page.jsonLd ?? ''}
</head>
<body>
<header class="site"><a href="/">${ctx.siteName}</a></header>
<main>
${page.body}
</main>
<footer class="site"><p>Every medical claim on this site is attributed to a credentialed expert and approved by a fact-checker. <a href="/sitemap.xml">Sitemap</a></p></footer>
</body>
</html>
`.value
}

function personName(person: {name: string | null; postnominals?: string[] | null}): string {
  const letters = (person.postnominals ?? []).map((letter) => letter.trim()).filter(Boolean)
  return `${person.name?.trim() || 'Unnamed expert'}${letters.length > 0 ? `, ${letters.join(', ')}` : ''}`
}

function personLink(person: {name: string | null; postnominals?: string[] | null; slug: string | null}): SafeHtml {
  return person.slug ? html`<a href="${sitePath('experts', person.slug)}">${personName(person)}</a>` : html`${personName(person)}`
}

function teaserList(items: ReadonlyArray<Teaser>): SafeHtml {
  if (items.length === 0) return html`<p>No articles yet.</p>`
  return html`<ul class="teasers">${items.map((a) => {
    const meta = dotted([
      a.category?.title,
      timeElement(a.publishedAt),
      updatedOn(a.corrections),
      a.medicalReview?.reviewer && html`Medically reviewed by ${personName(a.medicalReview.reviewer)}`,
    ])
    return html`<li>
      <h2>${a.slug ? html`<a href="${sitePath('articles', a.slug)}">${a.title || 'Untitled article'}</a>` : a.title || 'Untitled article'}</h2>
      ${a.dek ? html`<p class="dek">${a.dek}</p>` : ''}
      ${meta.value ? html`<p class="meta">${meta}</p>` : ''}
    </li>`
  })}</ul>`
}

/** The home page: compliant articles, newest first, one page of them. */
export function renderHome(ctx: SiteContext, input: ARTICLE_LISTING_QUERY_RESULT, page: number, pageSize: number): string {
  const listing = readListing(input)
  const pages = Math.max(1, Math.ceil(listing.total / pageSize))
  const nav = html`<nav class="pagination" aria-label="Pages">${page > 1 ? html`<a rel="prev" href="${page === 2 ? '/' : `/?page=${page - 1}`}">Newer articles</a> ` : ''}${
    page < pages ? html`<a rel="next" href="/?page=${page + 1}">Older articles</a>` : ''
  }</nav>`
  return layout(ctx, {
    title: page > 1 ? `${ctx.siteName}, page ${page}` : ctx.siteName,
    path: page > 1 ? `/?page=${page}` : '/',
    description: 'Health articles whose medical claims are attributed to credentialed experts and approved by fact-checkers.',
    body: html`<h1>Latest articles</h1>${teaserList(listing.articles)}${pages > 1 ? nav : ''}`,
  })
}

/** "Updated <date>" of the newest dated correction (the queries list them newest first), or null. */
function updatedOn(corrections: ReadonlyArray<{correctedAt: string | null}> | null | undefined): SafeHtml | null {
  const latest = (corrections ?? []).map((c) => c.correctedAt).find((date) => isoDay(date) !== '')
  return latest ? html`Updated ${timeElement(latest)}` : null
}

/** The line under the byline saying when the article was last corrected. */
function updatedLine(article: ArticlePage): SafeHtml {
  const updated = updatedOn(article.corrections)
  return updated ? html`<p class="updated" data-testid="updated">${updated}</p>` : html``
}

/** The corrections log, newest first: "Updated <date>: what changed. Why." */
function correctionsSection(article: ArticlePage): SafeHtml {
  const dated = (article.corrections ?? []).filter((c): c is CorrectionRow & {correctedAt: string} => isoDay(c.correctedAt) !== '')
  if (dated.length === 0) return html``
  return html`<section class="corrections" aria-labelledby="corrections-heading" data-testid="corrections"><h2 id="corrections-heading">Corrections</h2><ul>${dated.map(
    (c) => html`<li data-correction="${c._key}">Updated ${timeElement(c.correctedAt)}${c.summary || c.reason ? ':' : ''}${
      c.summary ? html` <span class="summary">${c.summary}</span>` : ''
    }${c.reason ? html` <span class="reason">${c.reason}</span>` : ''}</li>`,
  )}</ul></section>`
}

function reviewLine(article: ArticlePage, now: Date | string): SafeHtml {
  const review = article.medicalReview
  if (!review?.reviewer) return html``
  const credential = (review.reviewer.credentials ?? []).find((c) => isClaimableCredential(c, now))
  const reviewedOn = dateOrText(review.reviewedAt)
  const nextDue = dateOrText(review.nextReviewDue)
  return html`<p class="review" data-testid="medical-review">Medically reviewed by ${personLink(review.reviewer)}${
    credential?.title ? html` (<span class="credential">${credential.title}</span>)` : ''
  }${reviewedOn ? html` on ${reviewedOn}` : ''}</p>
  ${nextDue ? html`<p class="next-review" data-testid="next-review">Next review due ${nextDue}</p>` : ''}`
}

/** An article page with its claims' footnotes, sources, procedures, related articles and JSON-LD. */
export function renderArticle(ctx: SiteContext, input: ArticlePage): string {
  const article = readArticlePage(input)
  const footnotes = collectFootnotes(article.body, ctx.now)
  const citations = articleCitations(article)
  const jsonLd = articleJsonLd(article, {siteUrl: ctx.siteUrl, publisher: {name: ctx.siteName, url: ctx.siteUrl}, now: ctx.now})
  const procedures = article.procedures ?? []
  const body = html`<article>
  <header>
    ${article.category?.title ? html`<p class="meta">${article.category.title}</p>` : ''}
    <h1>${article.title?.trim() || 'Untitled article'}</h1>
    ${article.dek ? html`<p class="dek">${article.dek}</p>` : ''}
    <p class="meta">${dotted([
      article.author?.name?.trim() && html`By ${article.author.name}`,
      timeElement(article.publishedAt) && html`Published ${timeElement(article.publishedAt)}`,
    ])}</p>
    ${updatedLine(article)}
    ${reviewLine(article, ctx.now)}
  </header>
  <div class="body">${renderBody(article.body, footnotes)}</div>
  ${correctionsSection(article)}
  ${renderFootnotes(footnotes)}
  ${
    citations.length > 0
      ? html`<section class="sources" aria-labelledby="sources-heading"><h2 id="sources-heading">Sources</h2><ol>${citations.map((c) => html`<li>${renderCitation(c)}</li>`)}</ol></section>`
      : ''
  }
  ${
    procedures.length > 0
      ? html`<section class="procedures" aria-labelledby="procedures-heading"><h2 id="procedures-heading">Procedures in this article</h2>${procedures.map(
          (p) => {
            const risks = (p.risks ?? []).flatMap((r) => (r.name?.trim() ? [r.name] : []))
            return html`<h3>${p.slug ? html`<a href="${sitePath('procedures', p.slug)}">${p.name || 'Procedure'}</a>` : p.name || 'Procedure'}</h3>
          ${risks.length > 0 ? html`<p>Risks: ${risks.join(', ')}</p>` : ''}`
          },
        )}</section>`
      : ''
  }
  ${article.related.length > 0 ? html`<section class="related" aria-labelledby="related-heading"><h2 id="related-heading">Related articles</h2>${teaserList(article.related)}</section>` : ''}
</article>`
  return layout(ctx, {
    title: `${article.title?.trim() || 'Article'} | ${ctx.siteName}`,
    path: sitePath('articles', article.slug ?? ''),
    description: article.dek,
    body,
    jsonLd: html`<script type="application/ld+json">${trusted(jsonLdScriptContent(jsonLd))}</script>`,
  })
}

function credentialItem(credential: CredentialRow): SafeHtml {
  const details = present([specialtyTitle(credential.specialty), issuedBy(credential, ISSUERS), credential.jurisdiction]).join(', ')
  return html`<li><span class="credential">${credential.title?.trim() || 'Credential'}</span>${details ? html` (${details})` : ''}${
    credential.verifiedAt ? html`, verified ${formatDate(credential.verifiedAt)}` : ''
  }${credential.expiresOn ? html`, valid until ${formatDate(credential.expiresOn)}` : ''}</li>`
}

/** A disclosure on the expert's page: the statement, with whom and when ("since 1 March 2024", "1 March 2023 to 30 June 2025"). */
function disclosureItem(disclosure: DisclosureRow, now: Date | string): SafeHtml {
  const since = formatDate(disclosure.since)
  const until = formatDate(disclosure.until)
  const period = since && until ? `${since} to ${until}` : since ? `since ${since}` : until ? `until ${until}` : ''
  const details = [disclosure.organisation, period].filter((part) => part?.trim()).join(', ')
  // Without a statement, what kind of relationship it is ("Speaking fees"), as the footnotes say it.
  const statement = disclosure.statement?.trim() || describeDisclosure({...disclosure, organisation: null}, now).summary
  return html`<li data-disclosure="${disclosure._key}">${statement}${details ? html` (${details})` : ''}</li>`
}

/**
 * An expert's page: current, verified credentials, current disclosures (one that ended more than
 * 12 months ago no longer shows: plugins/medical-claims/conflicts.ts) and the articles they vouch
 * for or reviewed.
 */
export function renderExpert(ctx: SiteContext, input: Expert): string {
  const expert = readExpertPage(input)
  const credentials = (expert.credentials ?? []).filter((c) => isClaimableCredential(c, ctx.now))
  const disclosures = (expert.disclosures ?? []).filter((d) => disclosureIsCurrent(d, ctx.now))
  const affiliations = (expert.affiliations ?? []).map((a) => present([a.organisation, a.role]).join(', ')).filter(Boolean)
  const body = html`<article class="expert">
  <h1>${personName(expert)}</h1>
  ${present(expert.specialties).length > 0 ? html`<p class="meta">${present(expert.specialties).join(', ')}</p>` : ''}
  ${expert.bio ? html`<p>${expert.bio}</p>` : ''}
  <h2>Verified credentials</h2>
  ${credentials.length > 0 ? html`<ul class="credential-list">${credentials.map(credentialItem)}</ul>` : html`<p>No current verified credential.</p>`}
  ${
    affiliations.length > 0 ? html`<h2>Affiliations</h2><ul>${affiliations.map((a) => html`<li>${a}</li>`)}</ul>` : ''
  }
  ${
    disclosures.length > 0 ? html`<h2>Disclosures</h2><ul class="disclosures">${disclosures.map((d) => disclosureItem(d, ctx.now))}</ul>` : ''
  }
  <h2>Claims vouched for in</h2>
  ${teaserList(expert.vouchedFor)}
  <h2>Medical reviews</h2>
  ${teaserList(expert.reviewed)}
</article>`
  return layout(ctx, {title: `${personName(expert)} | ${ctx.siteName}`, path: sitePath('experts', expert.slug ?? ''), description: expert.bio, body})
}

/** The texts that are not blank. */
function present(parts: ReadonlyArray<string | null | undefined> | null | undefined): string[] {
  return (parts ?? []).filter((part): part is string => typeof part === 'string' && part.trim() !== '')
}

/** "3 hours", or '' for a duration without an amount. */
function durationText(duration: {amount: number | null; unit: string | null} | null): string {
  return duration && duration.amount !== null ? `${duration.amount} ${duration.unit ?? ''}`.trim() : ''
}

function range(value: Range | null, unit = ''): string {
  if (!value) return ''
  const {min, max} = value
  if (min !== null && max !== null) return min === max ? `${min}${unit}` : `${min}–${max}${unit}`
  return min !== null ? `${min}${unit}` : max !== null ? `${max}${unit}` : ''
}

/** A procedure's page: facts, risks, contraindications and the articles about it. */
export function renderProcedure(ctx: SiteContext, input: Procedure): string {
  const procedure = readProcedurePage(input)
  const cost = procedure.typicalCost
  const costText = cost && (cost.min !== null || cost.max !== null) ? `${cost.currency ?? ''} ${range(cost)}${cost.basis === 'perSession' ? ' per session' : cost.basis === 'perCourse' ? ' per course' : ''}`.trim() : ''
  const downtime = procedure.downtime
  const downtimeText = downtime ? [durationText(downtime.min), durationText(downtime.max)].filter(Boolean).join(' to ') : ''
  const risks = (procedure.risks ?? []).filter((r) => r.name?.trim() || r.description?.trim())
  const body = html`<article class="procedure">
  <h1>${procedure.name?.trim() || 'Procedure'}</h1>
  ${present(procedure.aliases).length > 0 ? html`<p class="meta">Also known as ${present(procedure.aliases).join(', ')}</p>` : ''}
  ${procedure.summary ? html`<p>${procedure.summary}</p>` : ''}
  <dl>
    ${costText ? html`<dt>Typical cost</dt><dd>${costText}</dd>` : ''}
    ${range(procedure.sessionsNeeded) ? html`<dt>Sessions needed</dt><dd>${range(procedure.sessionsNeeded)}</dd>` : ''}
    ${downtimeText || downtime?.note ? html`<dt>Downtime</dt><dd>${downtimeText}${downtime?.note ? html`${downtimeText ? '. ' : ''}${downtime.note}` : ''}</dd>` : ''}
  </dl>
  <h2>Risks</h2>
  ${
    risks.length > 0
      ? html`<ul class="risks">${risks.map(
          (r) => html`<li><strong>${r.name?.trim() || 'Risk'}</strong>${present([r.likelihood, r.severity]).length > 0 ? html` (${present([r.likelihood, r.severity]).join(', ')})` : ''}${
            r.description ? html`: ${r.description}` : ''
          }${r.mitigation ? html` <em>How to reduce it:</em> ${r.mitigation}` : ''}</li>`,
        )}</ul>`
      : html`<p>No risks recorded.</p>`
  }
  <h2>Contraindications</h2>
  ${present(procedure.contraindications).length > 0 ? html`<ul class="contraindications">${present(procedure.contraindications).map((c) => html`<li>${c}</li>`)}</ul>` : html`<p>None recorded.</p>`}
  <h2>Articles</h2>
  ${teaserList(procedure.articles)}
</article>`
  return layout(ctx, {title: `${procedure.name?.trim() || 'Procedure'} | ${ctx.siteName}`, path: sitePath('procedures', procedure.slug ?? ''), description: procedure.summary, body})
}

/** The 404 page. */
export function renderNotFound(ctx: SiteContext, path: string): string {
  return layout(ctx, {
    title: `Not found | ${ctx.siteName}`,
    path,
    body: html`<h1>Page not found</h1><p>There is no page at <code>${path}</code>. It may not be published, or it may not meet our standards for medical claims yet.</p><p><a href="/">See the latest articles</a></p>`,
  })
}

/** The page shown when the Content Lake cannot answer. */
export function renderUnavailable(ctx: SiteContext, path: string): string {
  return layout(ctx, {
    title: `Temporarily unavailable | ${ctx.siteName}`,
    path,
    body: html`<h1>Temporarily unavailable</h1><p>The content service did not answer. Please try again in a moment.</p>`,
  })
}

/** sitemap.xml: the home page, every compliant article, every expert and procedure. */
export function renderSitemap(ctx: SiteContext, input: SITEMAP_QUERY_RESULT): string {
  const sitemap = readSitemap(input)
  const url = (path: string, lastmod?: string | null) =>
    `  <url><loc>${escapeXml(`${ctx.siteUrl}${path}`)}</loc>${lastmod && isoDay(lastmod) ? `<lastmod>${isoDay(lastmod)}</lastmod>` : ''}</url>`
  const lines = [
    url('/'),
    ...sitemap.articles.filter((a) => a.slug).map((a) => url(sitePath('articles', a.slug as string), a._updatedAt)),
    ...sitemap.experts.filter((e) => e.slug).map((e) => url(sitePath('experts', e.slug as string), e._updatedAt)),
    ...sitemap.procedures.filter((p) => p.slug).map((p) => url(sitePath('procedures', p.slug as string), p._updatedAt)),
  ]
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${lines.join('\n')}\n</urlset>\n`
}
