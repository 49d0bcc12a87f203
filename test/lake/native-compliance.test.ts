/**
 * The lake answers the site's compliance check (ONLY_COMPLIANT) with lake/query/compliance.ts instead of
 * interpreting it with groq-js. Every result must be the one groq-js gives for the check as
 * written (`native: false`): on the seed in every perspective, on generated datasets, and on
 * thousands of randomly damaged documents, where values of every type turn up in every field.
 */
import {describe, expect, it} from 'vitest'
import {BENCH_NOW, benchDataset} from '../../bench/synthetic.ts'
import {evaluate, parse} from 'groq-js'
import {BLANK, articleIsCompliant, nativeComplianceParams, type ComplianceSource} from '../../lake/query/compliance.ts'
import {totalCompare} from '../../lake/query/values.ts'
import {DatasetState, type Doc} from '../../lake/dataset.ts'
import {type Perspective, runQuery} from '../../lake/query/index.ts'
import type {CitationDoc, ExpertDoc, MedicalClaimsOptions} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE_IS_COMPLIANT, BLANK_CHARACTERS, complianceParams, MEDICAL_REVIEW, ONLY_COMPLIANT, PUBLISHED_ARTICLE} from '../../queries/compliance.ts'
import {ARTICLE_LISTING_QUERY, ARTICLE_PAGE_QUERY, COMPLIANT_ARTICLE_IDS_QUERY, EXPERT_PROFILE_QUERY} from '../../queries/site.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {FORGERIES} from '../fixtures/forgeries.ts'
import {baseInput} from '../fixtures/policy-factories.ts'
import {loadSeed} from '../fixtures/seed.ts'
import {generateDataset, NOW, random} from '../queries/generated-dataset.ts'
import {datasetOf} from './helpers.ts'

/** Every article with the medical review that counts (MEDICAL_REVIEW), as the teasers show it. */
const REVIEWS_OF_ARTICLES = `*[_type == "article"] | order(_id) {_id, "review": ${MEDICAL_REVIEW}}`

async function both(ds: DatasetState, query: string, params: Record<string, unknown>, perspective: Perspective = 'published') {
  const native = await runQuery(ds, query, {params, perspective})
  const groq = await runQuery(ds, query, {params, perspective, native: false})
  return {native: native.result, groq: groq.result, used: native.stats.fastPaths, values: native.stats.fastValues}
}

describe('the compliance check answered by the lake', () => {
  const seed = loadSeed()
  const params = complianceParams(undefined, SEED_NOW)

  for (const perspective of ['published', 'raw', ['drafts']] as Perspective[]) {
    it(`gives groq-js's results for every site query on the seed (perspective ${JSON.stringify(perspective)})`, async () => {
      const ds = datasetOf(seed)
      const ids = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, params, perspective)
      expect(ids.used).toBe(1)
      expect(ids.native).toEqual(ids.groq)
      if (perspective === 'published') expect((ids.native as string[]).length).toBeGreaterThan(0)

      const listing = await both(ds, ARTICLE_LISTING_QUERY, {...params, start: 0, end: 10}, perspective)
      expect(listing.used).toBe(2)
      // The teasers' medical review (MEDICAL_REVIEW) is a value fast path.
      expect(listing.values).toBe(1)
      expect(listing.native).toEqual(listing.groq)
      if (perspective === 'published') expect((listing.native as {articles: Array<{medicalReview: unknown}>}).articles.some((a) => a.medicalReview)).toBe(true)

      const slugs = seed.filter((d) => d._type === 'article').map((d) => (d.slug as {current: string}).current)
      for (const slug of new Set(slugs)) {
        const page = await both(ds, ARTICLE_PAGE_QUERY, {...params, slug}, perspective)
        expect(page.used).toBe(2)
        expect(page.values).toBeGreaterThan(0)
        expect(page.native, slug).toEqual(page.groq)
      }
      const experts = seed.filter((d) => d._type === 'expert' && d.slug).map((d) => (d.slug as {current: string}).current)
      for (const slug of new Set(experts)) {
        const profile = await both(ds, EXPERT_PROFILE_QUERY, {...params, slug}, perspective)
        expect(profile.native, slug).toEqual(profile.groq)
      }
    })
  }

  it('gives groq-js\'s results on generated datasets, with default and custom options', async () => {
    const runs: Array<[number, Partial<MedicalClaimsOptions> | undefined]> = [
      [1, undefined],
      [2, {factCheckerRoles: ['fact-checker', 'editor']}],
      [3, {requireMedicalReview: false}],
      [4, {reviewCovers: 'claims'}],
      [5, {reviewCovers: 'claims', medicalReviewerRoles: ['medical-reviewer', 'editor'], maxReviewIntervalDays: 400}],
    ]
    for (const [seedNumber, options] of runs) {
      const ds = datasetOf(generateDataset(seedNumber, 120, options?.reviewCovers ?? 'article').documents)
      const result = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, {...complianceParams(options, NOW)})
      expect(result.used).toBe(1)
      expect(result.native).toEqual(result.groq)
      expect((result.native as string[]).length).toBeGreaterThan(10)
    }
  })

  it("gives groq-js's results on every forgery of an attestation, and refuses each, beside the article it forged", async () => {
    const params = {...complianceParams(undefined, NOW)}
    const published = (doc: {_id: string}) => ({...doc, _id: doc._id.replace(/^drafts\./, '')})
    const honest = baseInput([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'It smooths skin texture'}])
    const documentsOf = (input: typeof honest): object[] => [published(input.article), ...(input.experts as ExpertDoc[]), ...(input.citations as CitationDoc[]), ...input.decisions]
    const before = await both(datasetOf(documentsOf(honest)), COMPLIANT_ARTICLE_IDS_QUERY, params)
    expect(before).toMatchObject({native: ['article-test'], groq: ['article-test'], used: 1})
    for (const forgery of FORGERIES) {
      const result = await both(datasetOf(documentsOf(forgery.input())), COMPLIANT_ARTICLE_IDS_QUERY, params)
      expect(result, forgery.name).toMatchObject({native: [], groq: [], used: 1})
    }
  })

  it("gives groq-js's results on the benchmark's 1k dataset (listing and every article)", async () => {
    const ds = datasetOf(benchDataset(1000).docs)
    const benchParams = complianceParams(undefined, BENCH_NOW)
    const ids = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, {...benchParams})
    expect(ids.native).toEqual(ids.groq)
    const listing = await both(ds, ARTICLE_LISTING_QUERY, {...benchParams, start: 0, end: 10})
    expect(listing.native).toEqual(listing.groq)
  })

  it('answers the check wherever a filter holds it, and leaves it to groq-js when the parameters have other shapes or its value counts', async () => {
    const ds = datasetOf(seed)
    const odd = {...params, acceptance: params.acceptance.map(({claimKinds, pairs}) => ({claimKinds, pairs}))}
    const withOdd = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, odd)
    expect(withOdd.used).toBe(0)
    expect(withOdd.native).toEqual(withOdd.groq)
    for (const review of [{reviewCovers: 'everything'}, {maxReviewIntervalDays: '730'}, {medicalReviewerRoles: 'medical-reviewer'}]) {
      const other = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, {...params, ...review})
      expect(other.used, JSON.stringify(review)).toBe(0)
      expect(other.native).toEqual(other.groq)
    }

    // Where only the check's truth counts, the fast path answers it however the query holds it.
    for (const held of [
      `*[${PUBLISHED_ARTICLE}][${ARTICLE_IS_COMPLIANT} && true]._id`,
      `*[${PUBLISHED_ARTICLE} && ${ARTICLE_IS_COMPLIANT}]._id`,
      `*[${ARTICLE_IS_COMPLIANT} && ${PUBLISHED_ARTICLE}]._id`,
      `*[${PUBLISHED_ARTICLE} && (slug.current == "nothing" || ${ARTICLE_IS_COMPLIANT})] | order(title desc)._id`,
      `*[${PUBLISHED_ARTICLE} && select(${ARTICLE_IS_COMPLIANT} => true, false)]._id`,
      `{"n": count(*[${PUBLISHED_ARTICLE} && defined(slug.current)][${ARTICLE_IS_COMPLIANT}]), "first": *[_type == "expert"]{"articles": *[${PUBLISHED_ARTICLE} && references(^._id) && ${ARTICLE_IS_COMPLIANT}]._id}}`,
    ]) {
      const other = await both(ds, held, {...params})
      expect(other.used, held.slice(0, 80)).toBeGreaterThan(0)
      expect(other.native).toEqual(other.groq)
    }
    // Where null and false differ (under `!`, as a value), groq-js evaluates it.
    for (const valued of [`*[${PUBLISHED_ARTICLE} && !(${ARTICLE_IS_COMPLIANT})]._id`, `*[${PUBLISHED_ARTICLE}]{_id, "ok": ${ARTICLE_IS_COMPLIANT}}`]) {
      const other = await both(ds, valued, {...params})
      expect(other.used).toBe(0)
      expect(other.native).toEqual(other.groq)
    }

    // Over values that are not documents of the dataset (`@._id` would not find them again).
    const literal = `[{"_id": "x", "_type": "article"}]${ONLY_COMPLIANT}._id`
    const notDocuments = await both(ds, literal, {...params, requireMedicalReview: false})
    expect(notDocuments.used).toBe(0)
    expect(notDocuments.native).toEqual(['x'])
    // The medical review of a value that only looks like an article of the dataset (its _id is one) is groq-js's.
    const reviewed = seed.find((d) => d._type === 'article' && !d._id.startsWith('drafts.')) as Doc
    const lookalike = `[{"_id": ${JSON.stringify(reviewed._id)}, "_type": "article", "title": "Another", "body": []}]{_id, "review": ${MEDICAL_REVIEW}}`
    const notTheArticle = await both(ds, lookalike, {...params})
    expect(notTheArticle.values).toBe(0)
    expect(notTheArticle.native).toEqual(notTheArticle.groq)
    expect(notTheArticle.native).toEqual([{_id: reviewed._id, review: []}])
    const ofTheArticle = await both(ds, `*[_id == ${JSON.stringify(reviewed._id)}]{_id, "review": ${MEDICAL_REVIEW}}`, {...params})
    expect(ofTheArticle.values).toBe(1)
    expect(ofTheArticle.native).toEqual(ofTheArticle.groq)
    expect((ofTheArticle.native as Array<{review: unknown[]}>)[0].review).toHaveLength(1)
  })

  it('counts as blank evidence exactly the characters the GROQ check does', async () => {
    const listed = (await (await evaluate(parse(BLANK_CHARACTERS))).get()) as string[]
    expect([...BLANK]).toEqual(listed)
  })

  it("orders decision times as groq-js does: other types first, then booleans, strings, numbers (descending)", () => {
    const values: unknown[] = [null, {}, [], true, false, '2026-01-02', '2026-01-01', 3, 2]
    const sorted = values.map((v, i) => [v, i] as const).sort((a, b) => -totalCompare(a[0], b[0]) || a[1] - b[1])
    expect(sorted.map(([v]) => v)).toEqual([null, {}, [], true, false, '2026-01-02', '2026-01-01', 3, 2])
  })
})

// --- damaged documents ---------------------------------------------------------------------------

const ODD_VALUES: unknown[] = [
  null,
  '',
  0,
  7,
  true,
  false,
  {},
  [],
  'x',
  'verified',
  'block',
  'span',
  'medicalClaim',
  'benefit',
  'fact-checker',
  'medical-reviewer',
  'factCheck.approval',
  'factCheck.review',
  'article',
  'claims',
  ' \u00a0',
  '2027-10-01',
  '2027-13-45',
  '2026-10-01T10:00:00.000Z',
  '2026-10-01T23:30:00-05:00',
  '2026-11-24',
  '2026-11-25',
  '2026-11-24T23:00:00Z',
  '2020-01-01',
  {_ref: 'exp-good'},
  {_ref: ''},
  {_ref: 5},
  {_ref: 'drafts.exp-good'},
  {_ref: 'cit-ok'},
  [{}],
  ['fact-checker'],
  [null],
  ['claim-0'],
]

type Path = Array<string | number>

/** Every place inside a value (attribute or element), except `_id` and the document's own `_type`. */
function places(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([...path, i])
      places(item, [...path, i], out)
    })
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (path.length === 0 && (key === '_id' || key === '_type')) continue
      out.push([...path, key])
      places(inner, [...path, key], out)
    }
  }
  return out
}

function parentOf(doc: Record<string, unknown>, path: Path): {holder: Record<string | number, unknown> | unknown[]; last: string | number} {
  let holder: unknown = doc
  for (const step of path.slice(0, -1)) holder = (holder as Record<string | number, unknown>)[step]
  return {holder: holder as Record<string | number, unknown>, last: path[path.length - 1]}
}

/** One random damage: a value replaced by an odd one, removed, or duplicated; or a decision copied as a draft or at the same moment. */
function damage(documents: Array<Record<string, unknown>>, rand: () => number): void {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]
  const roll = rand()
  if (roll < 0.08) {
    const decisions = documents.filter((d) => String(d._type).startsWith('factCheck.'))
    if (decisions.length === 0) return
    const copy = structuredClone(pick(decisions))
    copy._id = rand() < 0.5 ? `drafts.${copy._id as string}` : `${copy._id as string}-again`
    if (copy._type === 'factCheck.review') {
      // Another review of the same text: by another recorder, or with other dates.
      if (rand() < 0.5) copy.checkedBy = pick([{id: 'p-tom', roles: ['editor']}, {id: 'p-sam', roles: ['medical-reviewer']}, {id: 'p-dana', roles: ['fact-checker']}])
      if (rand() < 0.5) copy.nextReviewDue = pick(['2026-11-01', '2027-12-31', '2029-01-01'])
    } else if (rand() < 0.5) copy._type = copy._type === 'factCheck.approval' ? 'factCheck.rejection' : 'factCheck.approval'
    documents.push(copy)
    return
  }
  if (roll < 0.12) {
    // A source's details, which its approval pins when they are set: given odd values, names, or lists of names.
    const citations = documents.filter((d) => d._type === 'citation')
    if (citations.length === 0) return
    const field = pick(['authors', 'journal', 'publisher', 'year', 'evidenceLevel', 'kind'])
    pick(citations)[field] = structuredClone(pick([...ODD_VALUES, ['Ruiz A', 'Okafor B'], ['Ruiz A', 3, true], ['x|y~z'], 2021, 2021.5, '2021', 'J|Derm~0']))
    return
  }
  const articles = documents.filter((d) => d._type === 'article')
  const doc = roll < 0.6 ? pick(articles) : pick(documents)
  const all = places(doc)
  if (all.length === 0) return
  const path = pick(all)
  const {holder, last} = parentOf(doc, path)
  const action = rand()
  if (action < 0.15) {
    if (Array.isArray(holder)) holder.splice(last as number, 1)
    else delete (holder as Record<string, unknown>)[last as string]
  } else if (action < 0.3 && Array.isArray(holder)) {
    holder.splice(last as number, 0, structuredClone(holder[last as number]))
  } else {
    ;(holder as Record<string | number, unknown>)[last] = structuredClone(pick(ODD_VALUES))
  }
}

describe('the compliance check on damaged documents', () => {
  it("gives groq-js's answer for every article in 1,500 randomly damaged datasets, and is sure of most", async () => {
    // Every other round, reviews cover the claims alone (and the articles' reviews are pinned so).
    const scopes = (['article', 'claims'] as const).map((reviewCovers) => {
      const params = complianceParams({reviewCovers}, NOW)
      const native = nativeComplianceParams(params as unknown as Record<string, unknown>)
      if (!native) throw new Error('the default parameters should have the shapes the lake reads')
      return {params, native, base: generateDataset(7, 8, reviewCovers).documents}
    })
    let sure = 0
    let unsure = 0
    let passing = 0
    let reviewed = 0
    for (let round = 0; round < 1500; round++) {
      const {params, native, base} = scopes[Math.floor(round / 3) % 2]
      const rand = random(1000 + round)
      const documents = structuredClone(base) as Array<Record<string, unknown>>
      const times = 1 + Math.floor(rand() * 6)
      for (let i = 0; i < times; i++) damage(documents, rand)
      const ds = datasetOf(documents)
      const perspective: Perspective = round % 3 === 0 ? 'raw' : round % 3 === 1 ? 'published' : ['drafts']
      const result = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, {...params}, perspective)
      expect(result.native, `round ${round}`).toEqual(result.groq)
      passing += (result.native as string[]).length
      if (round % 3 === 1) {
        const reviews = await both(ds, REVIEWS_OF_ARTICLES, {...params}, perspective)
        expect(reviews.values).toBe(1)
        expect(reviews.native, `round ${round}: medical reviews`).toEqual(reviews.groq)
        reviewed += (reviews.native as Array<{review: unknown[]}>).filter((a) => a.review.length > 0).length
      }

      const view = ds.view(perspective)
      const source: ComplianceSource = {get: (id) => view.get(id), referencing: (id) => view.candidates(ds.idsReferencing(id))}
      for (const article of view.all().filter((d) => d._type === 'article' && !d._id.startsWith('drafts.'))) {
        if (articleIsCompliant(article, source, native) === null) unsure++
        else sure++
      }
    }
    // Both paths were exercised: most articles answered here, the odd ones by groq-js.
    expect(sure).toBeGreaterThan(unsure * 5)
    expect(unsure).toBeGreaterThan(100)
    expect(passing).toBeGreaterThan(1500)
    expect(reviewed).toBeGreaterThan(500)
    // 1,500 datasets, each checked twice by groq-js: about 12 s alone on 2 cores.
  }, 120_000)
})
