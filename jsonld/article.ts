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

/*
 * Reading query results. The Content Lake (hosted or local) accepts any JSON in a document, so a
 * field the schema says is a list of texts can hold a text, a number or an object. Every value
 * the site's pages and this module read from a query result goes through these readers, which
 * take only the expected kind and treat anything else as absent (null, or an empty list); the
 * `read…` functions below give back values of the query's result types. Enumerated values that
 * are looked up in a plain object or decide something are checked against their list (`oneOf`);
 * the others (a claim's kind and topic, a credential's issuer…) are any text, and are only shown
 * or looked up in a Map.
 */

/** A JSON object's fields (never a list), as read from a query result. */
export type Fields = Readonly<Record<string, unknown>>

/** An object (not a list, not null), else null. */
export function record(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null
}

/** A half of a surrogate pair standing alone: no valid text has one, and encodeURIComponent throws on it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** A text (a lone surrogate in it replaced by U+FFFD), else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' ? value.replace(LONE_SURROGATE, '\uFFFD') : null
}

/** A finite number, else null. */
export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** A boolean, else null. */
export function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null
}

/** One of the allowed texts, else null (never a name inherited from Object.prototype). */
export function oneOf<const T extends string>(value: unknown, allowed: ReadonlyArray<T>): T | null {
  return typeof value === 'string' && (allowed as ReadonlyArray<string>).includes(value) ? (value as T) : null
}

/** A list's items, else no items. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : []
}

/** The texts of a list of texts (other items are left out); no items when it is not a list. */
export function texts(value: unknown): string[] {
  return list(value).flatMap((item): string[] => {
    const value = text(item)
    return value === null ? [] : [value]
  })
}

/** The objects of a list of objects (other items are left out); no items when it is not a list. */
export function records(value: unknown): Fields[] {
  return list(value).flatMap((item): Fields[] => {
    const fields = record(item)
    return fields ? [fields] : []
  })
}

/** Each object of a list read by `read` (items it gives null for are left out). */
export function readList<T>(value: unknown, read: (fields: Fields, index: number) => T | null): T[] {
  return records(value).flatMap((fields, index) => read(fields, index) ?? [])
}

/** An object field read by `read`, or null when it is not an object. */
export function readRecord<T>(value: unknown, read: (fields: Fields) => T | null): T | null {
  const fields = record(value)
  return fields ? read(fields) : null
}

/** What the article body's schema allows (schemas/objects/articleBody.ts): block styles, list types, decorators. */
export const BODY_STYLES = ['normal', 'h2', 'h3', 'blockquote'] as const
export const BODY_LISTS = ['bullet', 'number'] as const
export const BODY_DECORATORS = ['strong', 'em'] as const

const CREDENTIAL_KINDS = ['boardCertification', 'degree', 'licence', 'registration'] as const
const VERIFICATION_STATUSES = ['revoked', 'unverified', 'verified'] as const
const CITATION_KINDS = ['book', 'expertInterview', 'guideline', 'journalArticle', 'website'] as const

type ClaimExpert = NonNullable<ClaimDef['expert']>
type Disclosure = NonNullable<ClaimExpert['disclosures']>[number]
type Teaser = ArticlePage['related'][number]
type Figure = Extract<BodyItem, {_type: 'figure'}>
type LinkDef = Extract<MarkDef, {_type: 'link'}>
type Risk = NonNullable<Procedure['risks']>[number]

/** A date field that is there but is not a text (a number, a list…): the rules cannot judge it. */
function unreadableDate(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'string'
}

/**
 * A credential row. One whose dates or verification date are there but are not texts is left out
 * (null): read as absent, an expiry of the wrong kind would make it never expire, and the
 * query's own check (a comparison of texts) does not accept it either.
 */
export function readCredential(fields: Fields): CredentialRow | null {
  if (unreadableDate(fields.issuedOn) || unreadableDate(fields.expiresOn) || unreadableDate(fields.verifiedAt)) return null
  return {
    _key: text(fields._key) ?? '',
    title: text(fields.title),
    kind: oneOf(fields.kind, CREDENTIAL_KINDS),
    profession: text(fields.profession) as CredentialRow['profession'],
    specialty: text(fields.specialty) as CredentialRow['specialty'],
    issuer: text(fields.issuer) as CredentialRow['issuer'],
    issuingBody: text(fields.issuingBody),
    jurisdiction: text(fields.jurisdiction),
    issuedOn: text(fields.issuedOn),
    expiresOn: text(fields.expiresOn),
    verificationStatus: oneOf(fields.verificationStatus, VERIFICATION_STATUSES),
    verifiedAt: text(fields.verifiedAt),
  }
}

/**
 * A disclosure. An end date that is there but is not a text is kept as '' (a text that is no
 * date), which the rules read as they read the value itself: the relationship no longer shows.
 */
export function readDisclosure(fields: Fields): Disclosure {
  return {
    _key: text(fields._key) ?? '',
    statement: text(fields.statement),
    relationship: text(fields.relationship) as Disclosure['relationship'],
    organisation: text(fields.organisation),
    topics: texts(fields.topics),
    since: text(fields.since),
    until: unreadableDate(fields.until) ? '' : text(fields.until),
  }
}

/** An expert's summary (queries/site.ts EXPERT_SUMMARY_FIELDS), which every expert the pages show starts with. */
export function readExpertSummary(fields: Fields): {_id: string; name: string | null; postnominals: string[]; slug: string | null} {
  return {_id: text(fields._id) ?? '', name: text(fields.name), postnominals: texts(fields.postnominals), slug: text(fields.slug)}
}

function readClaimExpert(fields: Fields): ClaimExpert {
  return {...readExpertSummary(fields), disclosures: readList(fields.disclosures, readDisclosure)}
}

/** A cited source (a retraction counts only when it is `true`, as in the query). */
export function readCitation(fields: Fields): CitationRow {
  return {
    _id: text(fields._id) ?? '',
    kind: oneOf(fields.kind, CITATION_KINDS),
    title: text(fields.title),
    authors: texts(fields.authors),
    journal: text(fields.journal),
    publisher: text(fields.publisher),
    year: finite(fields.year),
    doi: text(fields.doi),
    pmid: text(fields.pmid),
    url: text(fields.url),
    accessedAt: text(fields.accessedAt),
    peerReviewed: flag(fields.peerReviewed),
    retracted: flag(fields.retracted),
  }
}

/** A mark definition the site knows (a link or a medical claim, with a key), else null. */
function readMarkDef(fields: Fields): MarkDef | null {
  const _key = text(fields._key)
  if (!_key) return null
  if (fields._type === 'link') return {_type: 'link', _key, href: text(fields.href), openInNewTab: flag(fields.openInNewTab)} satisfies LinkDef
  if (fields._type !== 'medicalClaim') return null
  return {
    _type: 'medicalClaim',
    _key,
    kind: text(fields.kind) as ClaimDef['kind'],
    topic: text(fields.topic) as ClaimDef['topic'],
    expert: readRecord(fields.expert, readClaimExpert),
    expertCredentials: readList(fields.expertCredentials, readCredential),
    citations: readList(fields.citations, readCitation),
  }
}

type Child = NonNullable<Block['children']>[number]

/**
 * A child of a block, whatever its type, as a span: its text is what a reader sees (a number or
 * a boolean as written, as the rules read it), its marks the texts of its list of marks.
 */
function readChild(fields: Fields, index: number): Child {
  const value = fields.text
  const shown = typeof value === 'number' || typeof value === 'boolean' ? String(value) : text(value)
  return {_type: 'span', _key: text(fields._key) ?? `child-${index}`, text: shown, marks: texts(fields.marks)}
}

/** A level of a list item: a whole number from 1 to 10 (deeper ones are shown at 10), else null. */
function listLevel(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? Math.min(value, 10) : null
}

/** An item of the body the site renders (a block or a figure), else null. */
export function readBodyItem(fields: Fields, index: number): BodyItem | null {
  const _key = text(fields._key) ?? `item-${index}`
  if (fields._type === 'figure') return {_type: 'figure', _key, alt: text(fields.alt), caption: text(fields.caption), credit: text(fields.credit)} satisfies Figure
  if (fields._type !== 'block') return null
  const listItem = oneOf(fields.listItem, BODY_LISTS)
  return {
    _type: 'block',
    _key,
    style: oneOf(fields.style, BODY_STYLES),
    listItem,
    level: listItem ? listLevel(fields.level) : null,
    children: readList(fields.children, readChild),
    markDefs: readList(fields.markDefs, readMarkDef),
  }
}

/** The body: its blocks and figures. */
export function readBody(value: unknown): BodyItem[] {
  return readList(value, readBodyItem)
}

function readCorrection(fields: Fields): CorrectionRow {
  return {_key: text(fields._key) ?? '', summary: text(fields.summary), reason: text(fields.reason), correctedAt: text(fields.correctedAt)}
}

/** The corrections of an article. */
export function readCorrections(value: unknown): CorrectionRow[] {
  return readList(value, readCorrection)
}

function readNamed(fields: Fields): {name: string | null; slug: string | null} {
  return {name: text(fields.name), slug: text(fields.slug)}
}

function readCategory(fields: Fields): {title: string | null; slug: string | null} {
  return {title: text(fields.title), slug: text(fields.slug)}
}

/** An article as a teaser (the listing, related articles, an expert's and a procedure's articles). */
export function readTeaser(fields: Fields): Teaser {
  return {
    _id: text(fields._id) ?? '',
    title: text(fields.title),
    slug: text(fields.slug),
    dek: text(fields.dek),
    publishedAt: text(fields.publishedAt),
    _updatedAt: text(fields._updatedAt) ?? '',
    corrections: readCorrections(fields.corrections),
    author: readRecord(fields.author, readNamed),
    category: readRecord(fields.category, readCategory),
    medicalReview: readRecord(fields.medicalReview, (review) => ({
      reviewedAt: text(review.reviewedAt),
      reviewer: readRecord(review.reviewer, readExpertSummary),
    })),
  }
}

/** A list of teasers. */
export function readTeasers(value: unknown): Teaser[] {
  return readList(value, readTeaser)
}

/** A risk of a procedure. */
function readRisk(fields: Fields): Risk {
  return {
    _id: text(fields._id) ?? '',
    name: text(fields.name),
    slug: text(fields.slug),
    description: text(fields.description),
    likelihood: oneOf(fields.likelihood, ['common', 'rare', 'uncommon']),
    severity: oneOf(fields.severity, ['mild', 'moderate', 'severe']),
    onset: text(fields.onset),
    duration: text(fields.duration),
    mitigation: text(fields.mitigation),
  }
}

/** A procedure's facts, risks and contraindications, as an article page shows them (its own page shows more). */
export function readProcedure(fields: Fields): Procedure {
  return {
    _id: text(fields._id) ?? '',
    name: text(fields.name),
    slug: text(fields.slug),
    aliases: texts(fields.aliases),
    summary: text(fields.summary),
    contraindications: texts(fields.contraindications),
    risks: readList(fields.risks, readRisk),
  }
}

function readReviewer(fields: Fields): Reviewer {
  return {...readExpertSummary(fields), credentials: readList(fields.credentials, readCredential)}
}

/**
 * An ARTICLE_PAGE_QUERY result with every value of the kind its type says (anything else read
 * as absent). Reading it again gives the same page.
 */
export function readArticlePage(page: unknown): ArticlePage {
  const fields = record(page) ?? {}
  return {
    _id: text(fields._id) ?? '',
    _updatedAt: text(fields._updatedAt) ?? '',
    title: text(fields.title),
    slug: text(fields.slug),
    dek: text(fields.dek),
    publishedAt: text(fields.publishedAt),
    heroImage: readRecord(fields.heroImage, (image) => ({alt: text(image.alt), caption: text(image.caption), credit: text(image.credit)})),
    corrections: readCorrections(fields.corrections),
    author: readRecord(fields.author, readNamed),
    category: readRecord(fields.category, readCategory),
    body: readBody(fields.body),
    medicalReview: readRecord(fields.medicalReview, (review) => ({
      reviewedAt: text(review.reviewedAt),
      nextReviewDue: text(review.nextReviewDue),
      reviewer: readRecord(review.reviewer, readReviewer),
    })),
    procedures: readList(fields.procedures, readProcedure),
    related: readTeasers(fields.related),
  }
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
  const fields: Fields = record(credential) ?? {}
  if (fields.verificationStatus !== 'verified') return false
  // Dates that are there but are not texts cannot be judged: not claimable (readCredential).
  if (unreadableDate(fields.issuedOn) || unreadableDate(fields.expiresOn) || unreadableDate(fields.verifiedAt)) return false
  return (
    statusAndDatesStanding(
      {
        verification: {status: 'verified', verifiedAt: text(fields.verifiedAt) ?? undefined},
        issuer: text(fields.issuer) ?? undefined,
        issuedOn: text(fields.issuedOn) ?? undefined,
        expiresOn: text(fields.expiresOn) ?? undefined,
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
    credentialCategory: credential.kind && Object.hasOwn(CREDENTIAL_CATEGORIES, credential.kind) ? CREDENTIAL_CATEGORIES[credential.kind] : undefined,
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
  expert = readReviewer(record(expert) ?? {})
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
    '@type': (citation.kind && Object.hasOwn(CITATION_TYPES, citation.kind) && CITATION_TYPES[citation.kind]) || 'CreativeWork',
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
  for (const item of readBody(record(page)?.body)) {
    if (item._type !== 'block') continue
    for (const def of item.markDefs ?? []) {
      if (def._type !== 'medicalClaim') continue
      for (const citation of def.citations ?? []) {
        if (citation.retracted === true || (citation._id && seen.has(citation._id))) continue
        if (citation._id) seen.add(citation._id)
        out.push(citation)
      }
    }
  }
  return out
}

/** The JSON-LD object for an article page. */
export function articleJsonLd(input: ArticlePage, options: JsonLdOptions): JsonLd {
  const page = readArticlePage(input)
  const origin = trimOrigin(options.siteUrl)
  const url = `${origin}/articles/${encodeURIComponent(page.slug ?? '')}`
  const review = page.medicalReview
  const procedures = (page.procedures ?? []).map((p) => procedureNode(p, options))
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
