/**
 * Hand-written JavaScript doing the work of the site queries (queries/site.ts) on the same
 * in-memory documents, as the baseline of the query benchmarks: what a site would spend without
 * a query engine. Each function loops over the documents array (no slug, type or reference
 * index) and follows references through a Map by `_id` built once beforehand (the lake keeps one
 * too). The compliance check mirrors ONLY_COMPLIANT (queries/compliance.ts) clause by clause
 * (the review fingerprint through the rules' own reviewFingerprint), and the projections return
 * what the GROQ projections return; bench/queries.ts checks that
 * both give equal results before it times anything.
 */
import type {Doc} from '../lake/dataset.ts'
import {claimFingerprintOf, reviewFingerprint, verificationMatches} from '../plugins/medical-claims/rules/fingerprints.ts'
import {isPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import type {CitationDoc, ClaimKind, ClaimTopic, Credential, ExpertDoc} from '../plugins/medical-claims/rules/types.ts'
import type {ComplianceParams} from '../queries/compliance.ts'

export interface LoopData {
  docs: ReadonlyArray<Doc>
  /** Published documents by `_id` (the site reads the published perspective). */
  byId: ReadonlyMap<string, Doc>
}

type Obj = Record<string, unknown>
type Ref = {_ref?: unknown}

const REVIEW_TYPE = 'factCheck.review'
const DECISION_TYPES = new Set(['factCheck.approval', 'factCheck.rejection', REVIEW_TYPE])
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const refOf = (v: unknown): string | undefined => (isObj(v) ? str((v as Ref)._ref) : undefined)
/** GROQ projections give null for a missing attribute. */
const val = (o: Obj | undefined, key: string): unknown => (o && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : null)

/** A published document by id when it has the type (GROQ's `ref->` with `_type == type`). */
const typed = (data: LoopData, ref: string | undefined, type: string): Doc | undefined => {
  const doc = data.byId.get(ref ?? '')
  return doc && doc._type === type ? doc : undefined
}

export function loopData(docs: ReadonlyArray<Doc>): LoopData {
  const byId = new Map<string, Doc>()
  for (const doc of docs) if (isPublishedId(doc._id)) byId.set(doc._id, doc)
  return {docs, byId}
}

// --- the compliance check ------------------------------------------------------------------------

function credentialIsCurrent(c: Obj, params: ComplianceParams, holder: Doc): boolean {
  const today = params.today
  const status = isObj(c.verification) ? c.verification.status : undefined
  if (status !== 'verified') return false
  const verifiedAt = isObj(c.verification) ? c.verification.verifiedAt : undefined
  const since = params.verifiedSinceByIssuer.find((entry) => entry.issuer === c.issuer)?.since ?? params.verifiedSince
  if (!(typeof verifiedAt === 'string' && verifiedAt >= since)) return false
  if (!verificationMatches(c as Credential, holder as unknown as ExpertDoc)) return false
  const expiresOn = c.expiresOn
  if (expiresOn !== undefined && expiresOn !== null && expiresOn !== '' && !(typeof expiresOn === 'string' && expiresOn >= today)) return false
  const issuedOn = c.issuedOn
  if (issuedOn !== undefined && issuedOn !== null && issuedOn !== '' && !(typeof issuedOn === 'string' && (issuedOn <= today || issuedOn.startsWith(today)))) return false
  return true
}

function fits(c: Obj, rule: ComplianceParams['reviewerCredentials'][number]): boolean {
  if (!rule.anyIssuer && !(typeof c.issuer === 'string' && typeof c.profession === 'string' && rule.pairs.includes(`${c.issuer}|${c.profession}`))) return false
  if (rule.professions.length > 0 && !rule.professions.includes(c.profession as string)) return false
  return rule.specialties.length === 0 || rule.specialties.includes(c.specialty as string)
}

function fitsClaim(c: Obj, claim: Obj, params: ComplianceParams): boolean {
  for (const rule of params.acceptance) {
    if (rule.claimKinds.length > 0 && !rule.claimKinds.includes(claim.kind as string)) continue
    if (rule.topics.length > 0 && !rule.topics.includes(claim.topic as string)) continue
    if (fits(c, rule)) return true
  }
  return false
}

function fitsReview(c: Obj, params: ComplianceParams): boolean {
  for (const rule of params.reviewerCredentials) if (fits(c, rule)) return true
  return false
}

/** The claim's text (the children carrying its mark, any type) and its block's text (every child). */
function claimTexts(block: Obj, key: string): {text: string; context: string} {
  let text = ''
  let context = ''
  for (const child of list(block.children)) {
    const childText = isObj(child) ? (str(child.text) ?? '') : ''
    context += childText
    if (isObj(child) && list(child.marks).includes(key)) text += childText
  }
  return {text, context}
}

function claimPasses(article: Doc, block: Obj, claim: Obj, decisions: ReadonlyArray<Doc>, data: LoopData, params: ComplianceParams): boolean {
  const kind = claim.kind
  if (typeof kind !== 'string' || !params.claimKinds.includes(kind)) return false
  const expert = typed(data, refOf(claim.expert), 'expert')
  if (!expert) return false
  let credentialOk = false
  for (const c of list(expert.credentials)) if (isObj(c) && credentialIsCurrent(c, params, expert) && fitsClaim(c, claim, params)) credentialOk = true
  if (!credentialOk) return false
  const citationRefs: string[] = []
  for (const c of list(claim.citations)) {
    const ref = refOf(c)
    if (ref === undefined || ref === '') continue
    citationRefs.push(ref)
    const cited = typed(data, ref, 'citation')
    if (!cited || cited.retracted === true) return false
  }
  if (params.evidenceKinds.includes(kind as string) && citationRefs.length === 0) return false
  const parts = {kind: kind as ClaimKind, topic: claim.topic as ClaimTopic | undefined, expertId: refOf(claim.expert), citationIds: citationRefs, ...claimTexts(block, claim._key as string)}
  const fingerprint = claimFingerprintOf(parts, expert as unknown as ExpertDoc, (id) => data.byId.get(id) as unknown as CitationDoc)
  let latest: Doc | undefined
  for (const d of decisions) {
    if (d._type === REVIEW_TYPE || d.claimKey !== claim._key || d.fingerprint !== fingerprint) continue
    const roles = isObj(d.checkedBy) ? list(d.checkedBy.roles) : []
    if (!roles.some((r) => params.factCheckerRoles.includes(r as string))) continue
    if (!latest || (d.checkedAt as string) > (latest.checkedAt as string)) latest = d
  }
  return latest?._type === 'factCheck.approval'
}

/** REVIEW_RECORDER_ALLOWED: a medical reviewer, or a fact-checker who gave evidence that is not blank. */
function recorderAllowed(review: Doc, params: ComplianceParams): boolean {
  const roles = isObj(review.checkedBy) ? list(review.checkedBy.roles) : []
  if (roles.some((r) => params.medicalReviewerRoles.includes(r as string))) return true
  return roles.some((r) => params.factCheckerRoles.includes(r as string)) && typeof review.evidence === 'string' && review.evidence.trim() !== ''
}

/** The UTC day of `recordedAt` plus the longest interval (LATEST_NEXT_REVIEW), or undefined. */
function latestNextReview(recordedAt: unknown, params: ComplianceParams): string | undefined {
  const time = typeof recordedAt === 'string' ? Date.parse(recordedAt) : Number.NaN
  if (Number.isNaN(time)) return undefined
  return new Date(time + params.maxReviewIntervalDays * 86_400_000).toISOString().slice(0, 10)
}

/**
 * MEDICAL_REVIEW: the latest review of the article as it reads now (reviewFingerprint) by a
 * recorder allowed to record it, when it counts (its reviewer holds a current credential that
 * qualifies, its next-review date is due today or later and within the interval); else undefined.
 */
function medicalReview(article: Doc, decisions: ReadonlyArray<Doc>, data: LoopData, params: ComplianceParams): Doc | undefined {
  let chosen: Doc | undefined
  for (const d of decisions) {
    if (d._type !== REVIEW_TYPE) continue
    const reviewerId = refOf(d.reviewer)
    const reviewer = typed(data, reviewerId, 'expert') as unknown as ExpertDoc | undefined
    if (typeof d.fingerprint !== 'string' || d.fingerprint !== reviewFingerprint(article as {title?: unknown; dek?: unknown; body?: unknown}, reviewerId, reviewer, params.reviewCovers)) continue
    if (!recorderAllowed(d, params)) continue
    if (!chosen || (d.checkedAt as string) > (chosen.checkedAt as string)) chosen = d
  }
  if (!chosen) return undefined
  const reviewer = typed(data, refOf(chosen.reviewer), 'expert')
  if (!reviewer || !list(reviewer.credentials).some((c) => isObj(c) && credentialIsCurrent(c, params, reviewer) && fitsReview(c, params))) return undefined
  const due = str(chosen.nextReviewDue)
  const latest = latestNextReview(chosen.checkedAt, params)
  if (!due || !/^\d{4}-\d{2}-\d{2}/.test(due) || latest === undefined) return undefined
  const day = due.slice(0, 10)
  return day >= params.today && day <= latest ? chosen : undefined
}

/** ONLY_COMPLIANT for one published article, given the decisions (on claims, and reviews) that reference it. */
export function isCompliant(article: Doc, decisions: ReadonlyArray<Doc>, data: LoopData, params: ComplianceParams): boolean {
  const keys = new Set<unknown>()
  let claimCount = 0
  for (const block of list(article.body)) {
    if (!isObj(block) || block._type !== 'block') continue
    for (const def of list(block.markDefs)) {
      if (!isObj(def) || def._type !== 'medicalClaim') continue
      claimCount++
      keys.add(def._key)
      if (!claimPasses(article, block, def, decisions, data, params)) return false
    }
  }
  if (keys.size !== claimCount) return false
  return !params.requireMedicalReview || medicalReview(article, decisions, data, params) !== undefined
}

/** Published articles (optionally only some ids) and the decisions referencing each: one pass. */
function scan(data: LoopData, keep: (doc: Doc) => boolean): {articles: Doc[]; decisions: Map<string, Doc[]>} {
  const articles: Doc[] = []
  const decisions = new Map<string, Doc[]>()
  for (const doc of data.docs) {
    if (!isPublishedId(doc._id)) continue
    if (doc._type === 'article') {
      if (keep(doc)) articles.push(doc)
    } else if (DECISION_TYPES.has(doc._type)) {
      const ref = refOf(doc.article)
      if (ref === undefined) continue
      const group = decisions.get(ref)
      if (group) group.push(doc)
      else decisions.set(ref, [doc])
    }
  }
  return {articles, decisions}
}

const byId = (a: Doc, b: Doc) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0)
const newestFirst = (a: Doc, b: Doc) => {
  const ka = str(a.publishedAt) ?? str(a._createdAt) ?? ''
  const kb = str(b.publishedAt) ?? str(b._createdAt) ?? ''
  return ka < kb ? 1 : ka > kb ? -1 : byId(a, b)
}

// --- projections ---------------------------------------------------------------------------------

const slugOf = (doc: Obj | undefined) => (doc && isObj(doc.slug) ? val(doc.slug, 'current') : null)

function credentialFields(c: Obj): Obj {
  const v = isObj(c.verification) ? c.verification : undefined
  return {
    _key: val(c, '_key'),
    title: val(c, 'title'),
    kind: val(c, 'kind'),
    profession: val(c, 'profession'),
    specialty: val(c, 'specialty'),
    issuer: val(c, 'issuer'),
    issuingBody: val(c, 'issuingBody'),
    jurisdiction: val(c, 'jurisdiction'),
    issuedOn: val(c, 'issuedOn'),
    expiresOn: val(c, 'expiresOn'),
    verificationStatus: val(v, 'status'),
    verifiedAt: val(v, 'verifiedAt'),
  }
}

function expertSummary(doc: Doc): Obj {
  return {_id: doc._id, name: val(doc, 'name'), postnominals: val(doc, 'postnominals'), slug: slugOf(doc)}
}

/** CORRECTIONS of an article: dated entries with a summary, newest first (the benchmark's articles have none, or plain ones). */
function correctionFields(doc: Doc): Obj[] {
  return list(doc.corrections)
    .filter((c): c is Obj => isObj(c) && c.correctedAt !== undefined && c.correctedAt !== null && c.summary !== undefined && c.summary !== null)
    .map((c, index) => ({c, index}))
    .sort((a, b) => (String(a.c.correctedAt) < String(b.c.correctedAt) ? 1 : String(a.c.correctedAt) > String(b.c.correctedAt) ? -1 : a.index - b.index))
    .map(({c}) => ({_key: val(c, '_key'), summary: val(c, 'summary'), reason: val(c, 'reason'), correctedAt: val(c, 'correctedAt')}))
}

/** DISCLOSURE_FIELDS of an expert's disclosures. */
function disclosureFields(doc: Doc): Array<Obj | null> | null {
  if (!Array.isArray(doc.disclosures)) return null
  return doc.disclosures.map((d) => (isObj(d) ? Object.fromEntries(['_key', 'statement', 'relationship', 'organisation', 'topics', 'since', 'until'].map((key) => [key, val(d, key)])) : null))
}

function citationFields(doc: Doc | undefined): Obj | null {
  if (!doc) return null
  const out: Obj = {}
  for (const key of ['_id', 'kind', 'title', 'authors', 'journal', 'publisher', 'year', 'doi', 'pmid', 'url', 'accessedAt', 'peerReviewed', 'retracted']) out[key] = val(doc, key)
  return out
}

/** A teaser, with the article's medical review (as `medicalReview` gives it: one that counts, or none). */
function teaser(doc: Doc, data: LoopData, review: Doc | undefined): Obj {
  const author = typed(data, refOf(doc.author), 'writer')
  const category = typed(data, refOf(doc.category), 'category')
  const reviewer = review ? typed(data, refOf(review.reviewer), 'expert') : undefined
  return {
    _id: doc._id,
    title: val(doc, 'title'),
    slug: slugOf(doc),
    dek: val(doc, 'dek'),
    publishedAt: val(doc, 'publishedAt'),
    _updatedAt: val(doc, '_updatedAt'),
    corrections: correctionFields(doc),
    author: author ? {name: val(author, 'name'), slug: slugOf(author)} : null,
    category: category ? {title: val(category, 'title'), slug: slugOf(category)} : null,
    medicalReview: review ? {reviewedAt: val(review, 'checkedAt'), reviewer: reviewer ? expertSummary(reviewer) : null} : null,
  }
}

function bodyItem(item: unknown, data: LoopData, params: ComplianceParams): Obj | null {
  if (!isObj(item)) return null
  const out: Obj = {_type: val(item, '_type'), _key: val(item, '_key')}
  if (item._type === 'block') {
    out.style = val(item, 'style')
    out.listItem = val(item, 'listItem')
    out.level = val(item, 'level')
    out.children = Array.isArray(item.children) ? item.children.map((c) => (isObj(c) ? {_type: val(c, '_type'), _key: val(c, '_key'), text: val(c, 'text'), marks: val(c, 'marks')} : null)) : null
    out.markDefs = Array.isArray(item.markDefs)
      ? item.markDefs.map((def) => {
          if (!isObj(def)) return null
          const mark: Obj = {_type: val(def, '_type'), _key: val(def, '_key')}
          if (def._type === 'link') Object.assign(mark, {href: val(def, 'href'), openInNewTab: val(def, 'openInNewTab')})
          if (def._type === 'medicalClaim') {
            const expert = typed(data, refOf(def.expert), 'expert')
            mark.kind = val(def, 'kind')
            mark.topic = val(def, 'topic')
            mark.expert = expert ? {...expertSummary(expert), disclosures: disclosureFields(expert)} : null
            mark.expertCredentials = expert && Array.isArray(expert.credentials)
              ? expert.credentials.filter((c): c is Obj => isObj(c) && credentialIsCurrent(c, params, expert) && fitsClaim(c, def, params)).map(credentialFields)
              : null
            mark.citations = Array.isArray(def.citations) ? def.citations.map((c) => typed(data, refOf(c), 'citation')).filter((c) => c !== undefined).map(citationFields) : null
          }
          return mark
        })
      : null
  }
  if (item._type === 'figure') Object.assign(out, {alt: val(item, 'alt'), caption: val(item, 'caption'), credit: val(item, 'credit')})
  return out
}

function riskFields(doc: Doc | undefined): Obj | null {
  if (!doc) return null
  const out: Obj = {_id: doc._id, name: val(doc, 'name'), slug: slugOf(doc)}
  for (const key of ['description', 'likelihood', 'severity', 'onset', 'duration', 'mitigation']) out[key] = val(doc, key)
  return out
}

// --- the queries ---------------------------------------------------------------------------------

/** COMPLIANT_ARTICLE_IDS_QUERY. */
export function compliantIdsLoop(data: LoopData, params: ComplianceParams): string[] {
  const {articles, decisions} = scan(data, () => true)
  return articles
    .filter((a) => isCompliant(a, decisions.get(a._id) ?? [], data, params))
    .map((a) => a._id)
    .sort()
}

/** ARTICLE_LISTING_QUERY. */
export function listingLoop(data: LoopData, params: ComplianceParams, start: number, end: number): Obj {
  const {articles, decisions} = scan(data, (a) => slugOf(a) !== null)
  const compliant = articles.filter((a) => isCompliant(a, decisions.get(a._id) ?? [], data, params)).sort(newestFirst)
  return {total: compliant.length, articles: compliant.slice(start, end).map((a) => teaser(a, data, medicalReview(a, decisions.get(a._id) ?? [], data, params)))}
}

/** ARTICLE_PAGE_QUERY. */
export function articlePageLoop(data: LoopData, params: ComplianceParams, slug: string): Obj | null {
  let article: Doc | undefined
  for (const doc of data.docs) {
    if (doc._type === 'article' && isPublishedId(doc._id) && slugOf(doc) === slug) {
      article = doc
      break
    }
  }
  if (!article) return null
  const related = new Set(list(article.relatedArticles).map(refOf))
  const {articles: relatedArticles, decisions} = scan(data, (a) => a._id === article._id || related.has(a._id))
  if (!isCompliant(article, decisions.get(article._id) ?? [], data, params)) return null
  const author = typed(data, refOf(article.author), 'writer')
  const category = typed(data, refOf(article.category), 'category')
  const review = medicalReview(article, decisions.get(article._id) ?? [], data, params)
  const reviewer = review ? typed(data, refOf(review.reviewer), 'expert') : undefined
  const hero = isObj(article.heroImage) ? article.heroImage : undefined
  return {
    _id: article._id,
    _updatedAt: val(article, '_updatedAt'),
    title: val(article, 'title'),
    slug: slugOf(article),
    dek: val(article, 'dek'),
    publishedAt: val(article, 'publishedAt'),
    heroImage: hero ? {alt: val(hero, 'alt'), caption: val(hero, 'caption'), credit: val(hero, 'credit')} : null,
    corrections: correctionFields(article),
    author: author ? {name: val(author, 'name'), slug: slugOf(author)} : null,
    category: category ? {title: val(category, 'title'), slug: slugOf(category)} : null,
    body: Array.isArray(article.body) ? article.body.map((item) => bodyItem(item, data, params)) : null,
    medicalReview: review
      ? {
          reviewedAt: val(review, 'checkedAt'),
          nextReviewDue: val(review, 'nextReviewDue'),
          reviewer: reviewer
            ? {
                ...expertSummary(reviewer),
                credentials: Array.isArray(reviewer.credentials)
                  ? reviewer.credentials.filter((c): c is Obj => isObj(c) && credentialIsCurrent(c, params, reviewer) && fitsReview(c, params)).map(credentialFields)
                  : null,
              }
            : null,
        }
      : null,
    procedures: Array.isArray(article.procedures)
      ? article.procedures.flatMap((p) => {
          const doc = typed(data, refOf(p), 'procedure')
          if (!doc) return []
          return {
            _id: doc._id,
            name: val(doc, 'name'),
            slug: slugOf(doc),
            aliases: val(doc, 'aliases'),
            summary: val(doc, 'summary'),
            contraindications: val(doc, 'contraindications'),
            risks: Array.isArray(doc.risks) ? doc.risks.map((r) => typed(data, refOf(r), 'risk')).filter((r) => r !== undefined).map(riskFields) : null,
          }
        })
      : null,
    related: relatedArticles
      .filter((a) => related.has(a._id) && isCompliant(a, decisions.get(a._id) ?? [], data, params))
      .sort(newestFirst)
      .map((a) => teaser(a, data, medicalReview(a, decisions.get(a._id) ?? [], data, params))),
  }
}

/** EXPERT_PROFILE_QUERY. */
export function expertProfileLoop(data: LoopData, params: ComplianceParams, slug: string): Obj | null {
  let expert: Doc | undefined
  for (const doc of data.docs) {
    if (doc._type === 'expert' && isPublishedId(doc._id) && slugOf(doc) === slug) {
      expert = doc
      break
    }
  }
  if (!expert) return null
  const id = expert._id
  const vouches = (a: Doc) =>
    list(a.body).some((block) => isObj(block) && block._type === 'block' && list(block.markDefs).some((d) => isObj(d) && d._type === 'medicalClaim' && refOf(d.expert) === id))
  // Articles some published review names this expert for; of those, the ones whose medical review is theirs.
  const reviewedIds = new Set<string | undefined>()
  for (const doc of data.docs) if (doc._type === REVIEW_TYPE && isPublishedId(doc._id) && refOf(doc.reviewer) === id) reviewedIds.add(refOf(doc.article))
  const {articles, decisions} = scan(data, (a) => vouches(a) || reviewedIds.has(a._id))
  const reviewOf = (a: Doc) => medicalReview(a, decisions.get(a._id) ?? [], data, params)
  const reviews = (a: Doc) => reviewedIds.has(a._id) && refOf(reviewOf(a)?.reviewer) === id
  const compliant = articles.filter((a) => isCompliant(a, decisions.get(a._id) ?? [], data, params)).sort(newestFirst)
  return {
    ...expertSummary(expert),
    bio: val(expert, 'bio'),
    specialties: val(expert, 'specialties'),
    affiliations: Array.isArray(expert.affiliations) ? expert.affiliations.map((a) => (isObj(a) ? {organisation: val(a, 'organisation'), role: val(a, 'role')} : null)) : null,
    disclosures: disclosureFields(expert),
    credentials: Array.isArray(expert.credentials) ? expert.credentials.filter((c): c is Obj => isObj(c) && credentialIsCurrent(c, params, expert)).map(credentialFields) : null,
    vouchedFor: compliant.filter(vouches).map((a) => teaser(a, data, reviewOf(a))),
    reviewed: compliant.filter(reviews).map((a) => teaser(a, data, reviewOf(a))),
  }
}
