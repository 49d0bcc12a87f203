/**
 * schema.org JSON-LD for an article page, from the result of ARTICLE_PAGE_QUERY: a
 * `MedicalWebPage` whose `reviewedBy` is the medical reviewer of the review the site's check
 * accepts (a `Person` with `hasCredential`), with `lastReviewed` (the UTC day that review was
 * recorded), the sources the claims cite (`citation`, with DOI and PMID identifiers), the
 * procedures it is `about` (`MedicalProcedure` with its risks) and its `author`. Its corrections
 * are `correction`s (`CorrectionComment` with `text` and `datePublished`, newest first), and
 * `dateModified` is the newest correction's date, else the article's `_updatedAt`. The experts who
 * vouch for its claims are its `contributor`s (`Person`s, the same `@id` as on their pages).
 *
 * Conflicts of interest: schema.org has no property for a person's conflict of interest (Person
 * has `affiliation`, `worksFor`, `funder` and `sponsor`, which state a tie but not that it is
 * disclosed as a conflict, and cannot say speaking fees, equity or royalties without misstating
 * them). So the disclosures that bear on the expert's claims on this page
 * (plugins/medical-claims/conflicts.ts decides which, as it does for the page) are said in words,
 * in the `description` of the expert's `Person` node, as a contributor and, when the expert also
 * gave the medical review, as `reviewedBy`.
 *
 * Only credentials that are verified and current are ever claimed: the query selects them (with
 * a verification that matches the credential as it is now), and this module checks the status
 * and dates (and how recently it was verified) of each again with the rules' own `statusAndDatesStanding` (defence in depth: a
 * caller could hand it data from elsewhere).
 */
import {conflictSentence, conflictsFor, type Conflict} from '../plugins/medical-claims/conflicts.ts'
import {projectClaimOptions} from '../medical-claims.options.ts'
import {registryOf} from '../plugins/medical-claims/rules/acceptance.ts'
import {issuedBy} from '../plugins/medical-claims/rules/credentials.ts'
import {statusAndDatesStanding} from '../plugins/medical-claims/rules/policy.ts'
import type {CredentialKind} from '../plugins/medical-claims/rules/types.ts'
import type {ARTICLE_PAGE_QUERY_RESULT} from '../sanity.types.ts'

/** The issuer registry credentials are named from (the project's options). */
const ISSUERS = registryOf(projectClaimOptions)

export type ArticlePage = NonNullable<ARTICLE_PAGE_QUERY_RESULT>
type Reviewer = NonNullable<NonNullable<ArticlePage['medicalReview']>['reviewer']>
type CredentialRow = NonNullable<Reviewer['credentials']>[number]
type BodyItem = NonNullable<ArticlePage['body']>[number]
type Block = Extract<BodyItem, {_type: 'block'}>
type MarkDef = NonNullable<Block['markDefs']>[number]
type ClaimDef = Extract<MarkDef, {_type: 'medicalClaim'}>
type CitationRow = NonNullable<ClaimDef['citations']>[number]
type Procedure = NonNullable<ArticlePage['procedures']>[number]
type CorrectionRow = ArticlePage['corrections'][number]

export type JsonLd = {[key: string]: JsonLdValue}
export type JsonLdValue = string | number | boolean | JsonLd | JsonLdValue[]

export interface JsonLdOptions {
  /** The site's origin, e.g. "https://health.example" (no trailing slash). */
  siteUrl: string
  /** The publisher, used as author when the article names no writer. */
  publisher: {name: string; url?: string}
  /** The moment credentials are judged at (default: now). */
  now?: Date | string
}

/** schema.org `credentialCategory` for each credential kind. */
const CREDENTIAL_CATEGORIES: Record<CredentialKind, string> = {
  boardCertification: 'certification',
  licence: 'license',
  degree: 'degree',
  registration: 'registration',
}

const CITATION_TYPES: Record<string, string> = {
  journalArticle: 'ScholarlyArticle',
  guideline: 'CreativeWork',
  book: 'Book',
  website: 'WebPage',
  expertInterview: 'CreativeWork',
}

/** Drops empty values (null, undefined, '', [], {}) so the output carries only what is known. */
function compact(node: Record<string, unknown>): JsonLd {
  const out: JsonLd = {}
  for (const [key, value] of Object.entries(node)) {
    if (value === null || value === undefined || value === '') continue
    if (Array.isArray(value) && value.length === 0) continue
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue
    out[key] = value as JsonLdValue
  }
  return out
}

/** The UTC day (YYYY-MM-DD) of a date or date-time, or undefined when it is not one. */
function utcDayOf(value: string | null | undefined): string | undefined {
  if (!value) return undefined
  const time = Date.parse(value)
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().slice(0, 10)
}

function trimOrigin(siteUrl: string): string {
  return siteUrl.replace(/\/+$/, '')
}

/** Whether a credential from a query result is verified and current at `now`. */
export function isClaimableCredential(
  credential: Pick<CredentialRow, 'verificationStatus' | 'verifiedAt' | 'issuedOn' | 'expiresOn'> & {issuer?: string | null},
  now: Date | string,
): boolean {
  if (credential.verificationStatus !== 'verified') return false
  return (
    statusAndDatesStanding(
      {
        verification: {status: 'verified', verifiedAt: credential.verifiedAt ?? undefined},
        issuer: credential.issuer ?? undefined,
        issuedOn: credential.issuedOn ?? undefined,
        expiresOn: credential.expiresOn ?? undefined,
      },
      now,
      projectClaimOptions,
    ) === 'valid'
  )
}

function credentialNode(credential: CredentialRow): JsonLd {
  return compact({
    '@type': 'EducationalOccupationalCredential',
    name: credential.title,
    credentialCategory: credential.kind ? CREDENTIAL_CATEGORIES[credential.kind] : undefined,
    recognizedBy: issuedBy(credential, ISSUERS, false) ? {'@type': 'Organization', name: issuedBy(credential, ISSUERS, false)} : undefined,
    validIn: credential.jurisdiction ? {'@type': 'AdministrativeArea', name: credential.jurisdiction} : undefined,
    dateCreated: credential.issuedOn,
    expires: credential.expiresOn,
  })
}

/**
 * An expert as a schema.org Person, claiming only verified, current credentials; `description`
 * says their conflicts of interest (schema.org has no property for them).
 */
export function personNode(
  expert: {name: string | null; postnominals: string[] | null; slug: string | null; credentials?: CredentialRow[] | null},
  options: JsonLdOptions,
  description?: string,
): JsonLd {
  const now = options.now ?? new Date()
  const url = expert.slug ? `${trimOrigin(options.siteUrl)}/experts/${encodeURIComponent(expert.slug)}` : undefined
  return compact({
    '@type': 'Person',
    '@id': url ? `${url}#person` : undefined,
    name: expert.name,
    honorificSuffix: expert.postnominals && expert.postnominals.length > 0 ? expert.postnominals.join(', ') : undefined,
    url,
    description,
    hasCredential: (expert.credentials ?? []).filter((c) => isClaimableCredential(c, now)).map(credentialNode),
  })
}

type ClaimExpert = NonNullable<ClaimDef['expert']>

/**
 * The experts of the page's claims, once each in reading order, with the disclosures that bear
 * on at least one of their claims here (once each, in the expert's order).
 */
function claimExperts(page: ArticlePage, now: Date | string): Array<{expert: ClaimExpert; conflicts: Conflict[]}> {
  const byId = new Map<string, {expert: ClaimExpert; conflicts: Map<string, Conflict>}>()
  for (const item of page.body ?? []) {
    if (item._type !== 'block') continue
    for (const def of item.markDefs ?? []) {
      if (def._type !== 'medicalClaim' || !def.expert?._id) continue
      const entry = byId.get(def.expert._id) ?? {expert: def.expert, conflicts: new Map<string, Conflict>()}
      byId.set(def.expert._id, entry)
      for (const conflict of conflictsFor(def.expert.disclosures, def, now)) entry.conflicts.set(conflict.key, conflict)
    }
  }
  return [...byId.values()].map(({expert, conflicts}) => ({expert, conflicts: [...conflicts.values()]}))
}

/** "Conflict of interest: Dr. X has received speaking fees from Y." (one sentence per conflict), or undefined with none. */
function conflictsDescription(name: string | null, conflicts: ReadonlyArray<Conflict>): string | undefined {
  if (conflicts.length === 0) return undefined
  return `Conflict of interest: ${conflicts.map((conflict) => conflictSentence(name?.trim() || 'The expert', conflict)).join(' ')}`
}

function citationNode(citation: CitationRow): JsonLd {
  const identifiers: JsonLd[] = []
  const sameAs: string[] = []
  if (citation.doi) {
    identifiers.push({'@type': 'PropertyValue', propertyID: 'DOI', value: citation.doi})
    sameAs.push(`https://doi.org/${citation.doi}`)
  }
  if (citation.pmid) {
    identifiers.push({'@type': 'PropertyValue', propertyID: 'PMID', value: citation.pmid})
    sameAs.push(`https://pubmed.ncbi.nlm.nih.gov/${citation.pmid}/`)
  }
  return compact({
    '@type': (citation.kind && CITATION_TYPES[citation.kind]) || 'CreativeWork',
    name: citation.title,
    author: (citation.authors ?? []).map((name) => ({'@type': 'Person', name})),
    datePublished: typeof citation.year === 'number' ? String(citation.year) : undefined,
    isPartOf: citation.journal ? {'@type': 'Periodical', name: citation.journal} : undefined,
    publisher: citation.publisher ? {'@type': 'Organization', name: citation.publisher} : undefined,
    url: citation.url,
    identifier: identifiers,
    sameAs: sameAs.filter((s) => s !== citation.url),
  })
}

function procedureNode(procedure: Procedure, options: JsonLdOptions): JsonLd {
  const url = procedure.slug ? `${trimOrigin(options.siteUrl)}/procedures/${encodeURIComponent(procedure.slug)}` : undefined
  return compact({
    '@type': 'MedicalProcedure',
    name: procedure.name,
    alternateName: procedure.aliases ?? [],
    description: procedure.summary,
    url,
    // schema.org defines these two on the therapeutic subtypes of MedicalProcedure; search engines read them here too.
    adverseOutcome: (procedure.risks ?? []).map((risk) =>
      compact({'@type': 'MedicalEntity', name: risk.name, description: risk.description}),
    ),
    contraindication: (procedure.contraindications ?? []).map((text) => ({'@type': 'MedicalContraindication', name: text})),
  })
}

type DatedCorrection = CorrectionRow & {correctedAt: string}

/** The article's corrections that have a date, newest first (as the query lists them; sorted again here). */
function datedCorrections(page: ArticlePage): DatedCorrection[] {
  const dated: DatedCorrection[] = []
  for (const correction of page.corrections ?? []) {
    const {correctedAt} = correction
    if (correctedAt && utcDayOf(correctedAt) !== undefined) dated.push({...correction, correctedAt})
  }
  return dated.sort((a, b) => Date.parse(b.correctedAt) - Date.parse(a.correctedAt))
}

/** A correction as schema.org's `CorrectionComment`: what changed (and why), and when. */
function correctionNode(correction: DatedCorrection): JsonLd {
  return compact({
    '@type': 'CorrectionComment',
    text: [correction.summary, correction.reason].filter((part) => typeof part === 'string' && part.trim() !== '').join(' '),
    datePublished: correction.correctedAt,
  })
}

/** Every source the article's claims cite, once each, in reading order; retracted sources are never listed. */
export function articleCitations(page: ArticlePage): CitationRow[] {
  const seen = new Set<string>()
  const out: CitationRow[] = []
  for (const item of page.body ?? []) {
    if (item._type !== 'block') continue
    for (const def of item.markDefs ?? []) {
      if (def._type !== 'medicalClaim') continue
      for (const citation of def.citations ?? []) {
        if (!citation || citation.retracted || seen.has(citation._id)) continue
        seen.add(citation._id)
        out.push(citation)
      }
    }
  }
  return out
}

/** The JSON-LD object for an article page. */
export function articleJsonLd(page: ArticlePage, options: JsonLdOptions): JsonLd {
  const origin = trimOrigin(options.siteUrl)
  const url = `${origin}/articles/${encodeURIComponent(page.slug ?? '')}`
  const review = page.medicalReview
  const procedures = (page.procedures ?? []).filter((p): p is Procedure => Boolean(p)).map((p) => procedureNode(p, options))
  const corrections = datedCorrections(page)
  const now = options.now ?? new Date()
  const experts = claimExperts(page, now)
  const reviewerConflicts = experts.find(({expert}) => expert._id === review?.reviewer?._id)?.conflicts ?? []
  const author = page.author?.name
    ? compact({'@type': 'Person', name: page.author.name})
    : compact({'@type': 'Organization', name: options.publisher.name, url: options.publisher.url})
  return compact({
    '@context': 'https://schema.org',
    '@type': 'MedicalWebPage',
    '@id': url,
    url,
    name: page.title,
    headline: page.title,
    description: page.dek,
    datePublished: page.publishedAt,
    dateModified: corrections[0]?.correctedAt ?? page._updatedAt,
    inLanguage: 'en',
    author,
    publisher: compact({'@type': 'Organization', name: options.publisher.name, url: options.publisher.url}),
    lastReviewed: utcDayOf(review?.reviewedAt),
    reviewedBy: review?.reviewer ? personNode(review.reviewer, options, conflictsDescription(review.reviewer.name, reviewerConflicts)) : undefined,
    contributor: experts.map(({expert, conflicts}) => personNode(expert, options, conflictsDescription(expert.name, conflicts))),
    about: procedures.length === 1 ? procedures[0] : procedures,
    citation: articleCitations(page).map(citationNode),
    correction: corrections.map(correctionNode),
  })
}

/**
 * JSON for a `<script type="application/ld+json">` element: `<` is escaped (as `\u003c`) so no
 * value can close the script element or open a comment; the JSON means the same.
 */
export function jsonLdScriptContent(value: JsonLd): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}
