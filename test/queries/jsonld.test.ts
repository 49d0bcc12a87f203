/**
 * JSON-LD for article pages (jsonld/article.ts) from real ARTICLE_PAGE_QUERY results: its
 * structure, and that no credential that is unverified, expired, revoked or not yet valid is ever
 * claimed, on a hand-built article and on every compliant generated article.
 */
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'
import {articleJsonLd, jsonLdScriptContent, type ArticlePage, type JsonLd} from '../../jsonld/article.ts'
import {claimFingerprint, reviewFingerprint} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {extractClaims, statusAndDatesStanding} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, CitationDoc, ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {complianceParams} from '../../queries/compliance.ts'
import {ARTICLE_PAGE_QUERY, COMPLIANT_ARTICLE_IDS_QUERY} from '../../queries/site.ts'
import {CHECKER, NOW, credential, pinned} from '../fixtures/policy-factories.ts'
import {loadSeed} from '../fixtures/seed.ts'
import {generateDataset} from './generated-dataset.ts'

type Doc = {_id: string; _type: string; [field: string]: unknown}
const SITE = {siteUrl: 'https://health.example', publisher: {name: 'Vouched Health', url: 'https://health.example'}, now: NOW}

async function run<R>(documents: ReadonlyArray<Doc>, query: string, extra: Record<string, unknown> = {}): Promise<R> {
  const params = {...complianceParams(undefined, NOW), ...extra}
  return (await (await evaluate(parse(query, {params}), {dataset: documents, params})).get()) as R
}

const verified = {status: 'verified' as const, verifiedBy: 'p-dana', verifiedAt: '2026-01-10T09:00:00Z', evidence: 'Board lookup'}

/** A compliant article with a procedure, a writer, cited DOI/PMID sources and a reviewer holding credentials of every standing. */
function fixture(): Doc[] {
  const seed = loadSeed() as Doc[]
  const keep = seed.filter((d) => ['procedure', 'risk', 'writer'].includes(d._type))
  const reviewer = {
    _id: 'expert-mixed',
    _type: 'expert',
    name: 'Dr. Mixed Standing',
    postnominals: ['MD', 'FAAD'],
    slug: {_type: 'slug', current: 'mixed-standing'},
    credentials: [
      credential({_key: 'ok', title: 'Board certification in dermatology', issuingBody: 'American Board of Dermatology', jurisdiction: 'US'}),
      credential({_key: 'unverified', title: 'UNVERIFIED licence', kind: 'licence', verification: {status: 'unverified'}}),
      credential({_key: 'missing', title: 'NEVER-CHECKED licence', kind: 'licence', verification: undefined}),
      credential({_key: 'expired', title: 'EXPIRED licence', kind: 'licence', expiresOn: '2026-11-23', verification: verified}),
      credential({_key: 'revoked', title: 'REVOKED certification', verification: {...verified, status: 'revoked'}}),
      credential({_key: 'future', title: 'FUTURE licence', kind: 'licence', issuedOn: '2026-12-01', verification: verified}),
    ].map((c) => pinned(c, 'Dr. Mixed Standing')),
  }
  const citations = [
    {_id: 'cit-doi', _type: 'citation', kind: 'journalArticle', title: 'A cohort study', authors: ['A. Example'], journal: 'J Example Derm', year: 2022, doi: '10.5555/example.2022.014', pmid: '12345678', url: 'https://doi.org/10.5555/example.2022.014', retracted: false},
    {_id: 'cit-plain', _type: 'citation', kind: 'expertInterview', title: 'Interview notes', retracted: false},
  ]
  const article: ArticleDoc & Record<string, unknown> = {
    _id: 'article-jsonld',
    _type: 'article',
    title: 'Micro-needling: <what> "experts" say',
    slug: {_type: 'slug', current: 'micro-needling-jsonld'},
    dek: 'Benefits </script> and risks.',
    publishedAt: '2026-10-01T09:00:00.000Z',
    author: {_type: 'reference', _ref: 'writer-sarah-joseph'},
    procedures: [{_type: 'reference', _ref: 'procedure-micro-needling', _key: 'p'}],
    body: [
      {
        _type: 'block',
        _key: 'b1',
        style: 'normal',
        markDefs: [{_type: 'medicalClaim', _key: 'c1', kind: 'benefit', expert: {_type: 'reference', _ref: 'expert-mixed'}, citations: [{_type: 'reference', _ref: 'cit-doi', _key: 'a'}, {_type: 'reference', _ref: 'cit-plain', _key: 'b'}]}],
        children: [{_type: 'span', _key: 's', text: 'It may smooth skin texture.', marks: ['c1']}],
      },
      {
        _type: 'block',
        _key: 'b2',
        style: 'normal',
        markDefs: [{_type: 'medicalClaim', _key: 'c2', kind: 'risk', expert: {_type: 'reference', _ref: 'expert-mixed'}, citations: [{_type: 'reference', _ref: 'cit-doi', _key: 'a'}]}],
        children: [{_type: 'span', _key: 's', text: 'Redness is common for a day or two.', marks: ['c2']}],
      },
    ],
  }
  const approvals = extractClaims(article.body).map((claim) => ({
    _id: `factcheck-jsonld-${claim.key}`,
    _type: 'factCheck.approval',
    article: {_type: 'reference', _ref: article._id, _weak: true},
    claimKey: claim.key,
    fingerprint: claimFingerprint(claim, {experts: [reviewer as ExpertDoc], citations: citations as CitationDoc[]}),
    checkedBy: CHECKER,
    checkedAt: '2026-10-01T08:00:00.000Z',
  }))
  const medicalReview = {
    _id: 'review-jsonld',
    _type: 'factCheck.review',
    article: {_type: 'reference', _ref: article._id, _weak: true},
    reviewer: {_type: 'reference', _ref: reviewer._id, _weak: true},
    fingerprint: reviewFingerprint(article, reviewer._id, reviewer as ExpertDoc),
    nextReviewDue: '2027-10-01',
    checkedBy: {id: 'p-sam', name: 'Sam Adeyemi', roles: ['medical-reviewer']},
    // Recorded late on 1 October in New York: 2 October in UTC.
    checkedAt: '2026-10-01T22:30:00-04:00',
  }
  return [...keep, reviewer, ...citations, article as Doc, ...approvals, medicalReview]
}

function credentialsClaimed(jsonLd: JsonLd): string[] {
  const out: string[] = []
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit)
    else if (value && typeof value === 'object') {
      const node = value as Record<string, unknown>
      if (Array.isArray(node.hasCredential)) for (const c of node.hasCredential as Array<{name?: string}>) out.push(String(c.name))
      Object.values(node).forEach(visit)
    }
  }
  visit(jsonLd)
  return out
}

describe('articleJsonLd', () => {
  it('describes the article as a MedicalWebPage reviewed by a credentialed Person, with sources, procedure and author', async () => {
    const page = await run<ArticlePage | null>(fixture(), ARTICLE_PAGE_QUERY, {slug: 'micro-needling-jsonld'})
    expect(page).not.toBeNull()
    const jsonLd = articleJsonLd(page as ArticlePage, SITE)
    expect(jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'MedicalWebPage',
      '@id': 'https://health.example/articles/micro-needling-jsonld',
      headline: 'Micro-needling: <what> "experts" say',
      datePublished: '2026-10-01T09:00:00.000Z',
      lastReviewed: '2026-10-02',
      author: {'@type': 'Person', name: 'Sarah Joseph'},
      reviewedBy: {
        '@type': 'Person',
        '@id': 'https://health.example/experts/mixed-standing#person',
        name: 'Dr. Mixed Standing',
        honorificSuffix: 'MD, FAAD',
        url: 'https://health.example/experts/mixed-standing',
        hasCredential: [
          {
            '@type': 'EducationalOccupationalCredential',
            name: 'Board certification in dermatology',
            credentialCategory: 'certification',
            recognizedBy: {'@type': 'Organization', name: 'American Board of Dermatology'},
            validIn: {'@type': 'AdministrativeArea', name: 'US'},
            expires: '2030-12-31',
          },
        ],
      },
      about: {
        '@type': 'MedicalProcedure',
        name: 'Micro-needling',
        alternateName: ['Collagen induction therapy'],
        url: 'https://health.example/procedures/micro-needling',
      },
    })
    const about = jsonLd.about as JsonLd
    expect((about.adverseOutcome as JsonLd[]).map((r) => r.name)).toContain('Infection')
    expect((about.adverseOutcome as JsonLd[]).every((r) => r['@type'] === 'MedicalEntity')).toBe(true)
    expect((about.contraindication as JsonLd[]).map((c) => c.name)).toContain('Rosacea')

    // Each cited source once, in reading order, with its identifiers.
    expect(jsonLd.citation).toEqual([
      {
        '@type': 'ScholarlyArticle',
        name: 'A cohort study',
        author: [{'@type': 'Person', name: 'A. Example'}],
        datePublished: '2022',
        isPartOf: {'@type': 'Periodical', name: 'J Example Derm'},
        url: 'https://doi.org/10.5555/example.2022.014',
        identifier: [
          {'@type': 'PropertyValue', propertyID: 'DOI', value: '10.5555/example.2022.014'},
          {'@type': 'PropertyValue', propertyID: 'PMID', value: '12345678'},
        ],
        sameAs: ['https://pubmed.ncbi.nlm.nih.gov/12345678/'],
      },
      {'@type': 'CreativeWork', name: 'Interview notes'},
    ])
  })

  it('never claims a credential that is unverified, never checked, expired, revoked or not yet valid', async () => {
    const page = (await run<ArticlePage | null>(fixture(), ARTICLE_PAGE_QUERY, {slug: 'micro-needling-jsonld'})) as ArticlePage
    const text = JSON.stringify(articleJsonLd(page, SITE))
    expect(credentialsClaimed(articleJsonLd(page, SITE))).toEqual(['Board certification in dermatology'])
    for (const word of ['UNVERIFIED', 'NEVER-CHECKED', 'EXPIRED', 'REVOKED', 'FUTURE']) expect(text).not.toContain(word)
  })

  it('checks credentials itself too, whatever data it is handed', async () => {
    const page = (await run<ArticlePage | null>(fixture(), ARTICLE_PAGE_QUERY, {slug: 'micro-needling-jsonld'})) as ArticlePage
    const reviewer = page.medicalReview?.reviewer
    if (!reviewer?.credentials) throw new Error('expected the reviewer and a credential')
    const base = reviewer.credentials[0]
    const doctored: ArticlePage = {
      ...page,
      medicalReview: {
        ...page.medicalReview!,
        reviewer: {
          ...reviewer,
          credentials: [
            base,
            {...base, _key: 'u', title: 'Slipped in: unverified', verificationStatus: 'unverified'},
            {...base, _key: 'n', title: 'Slipped in: no status', verificationStatus: null},
            {...base, _key: 'e', title: 'Slipped in: expired', expiresOn: '2026-11-23'},
            {...base, _key: 'f', title: 'Slipped in: future', issuedOn: '2026-11-25'},
          ],
        },
      },
    }
    expect(credentialsClaimed(articleJsonLd(doctored, SITE))).toEqual(['Board certification in dermatology'])
  })

  it('on every compliant generated article, claims only credentials that are valid that day', async () => {
    const {documents} = generateDataset(11, 120)
    const ids = await run<string[]>(documents, COMPLIANT_ARTICLE_IDS_QUERY)
    expect(ids.length).toBeGreaterThan(20)
    let claimed = 0
    for (const id of ids) {
      const page = await run<ArticlePage | null>(documents, ARTICLE_PAGE_QUERY, {slug: id})
      expect(page, id).not.toBeNull()
      const reviewer = documents.find((d) => d._id === (page?.medicalReview?.reviewer?._id ?? ''))
      const jsonLd = articleJsonLd(page as ArticlePage, SITE)
      const names = credentialsClaimed(jsonLd)
      claimed += names.length
      // Every credential in the result is one the rules call valid today.
      for (const c of page?.medicalReview?.reviewer?.credentials ?? []) {
        expect(statusAndDatesStanding({verification: {status: c.verificationStatus ?? undefined, verifiedAt: c.verifiedAt ?? undefined}, issuedOn: c.issuedOn ?? undefined, expiresOn: c.expiresOn ?? undefined}, NOW)).toBe('valid')
      }
      expect(names.length).toBe((page?.medicalReview?.reviewer?.credentials ?? []).length)
      expect(reviewer, id).toBeDefined()
    }
    expect(claimed).toBeGreaterThan(0)
  })
})

describe('corrections in the JSON-LD', () => {
  const UPDATED_AT = '2026-11-02T10:00:00.000Z'

  /** The fixture with the article's `_updatedAt` (the lake sets it) and these corrections. */
  async function pageWith(corrections?: unknown[]): Promise<ArticlePage> {
    const documents = fixture().map((d) => (d._id === 'article-jsonld' ? {...d, _updatedAt: UPDATED_AT, ...(corrections ? {corrections} : {})} : d))
    const page = await run<ArticlePage | null>(documents, ARTICLE_PAGE_QUERY, {slug: 'micro-needling-jsonld'})
    if (!page) throw new Error('the fixture article is not servable')
    return page
  }

  it('lists the dated corrections as CorrectionComments, newest first, and dates the page by the newest', async () => {
    const page = await pageWith([
      {_key: 'a', _type: 'correction', summary: 'We fixed a link.', correctedAt: '2026-10-05T08:00:00.000Z'},
      {_key: 'b', _type: 'correction', summary: 'We corrected the redness figure.', reason: 'It lasts a week, not a day.', correctedAt: '2026-11-30T16:20:00.000Z'},
      // A draft's entry, published around the lake: no date, so no correction readers are told of.
      {_key: 'c', _type: 'correction', summary: 'Not dated.'},
    ])
    // The query keeps the dated ones, newest first.
    expect(page.corrections.map((c) => c._key)).toEqual(['b', 'a'])
    const jsonLd = articleJsonLd(page, SITE)
    expect(jsonLd.dateModified).toBe('2026-11-30T16:20:00.000Z')
    expect(jsonLd.correction).toEqual([
      {'@type': 'CorrectionComment', text: 'We corrected the redness figure. It lasts a week, not a day.', datePublished: '2026-11-30T16:20:00.000Z'},
      {'@type': 'CorrectionComment', text: 'We fixed a link.', datePublished: '2026-10-05T08:00:00.000Z'},
    ])
    expect(JSON.stringify(jsonLd)).not.toContain('Not dated.')
  })

  it("dates the page by the article's _updatedAt, with no correction, when it has no dated correction", async () => {
    for (const corrections of [undefined, [], [{_key: 'c', _type: 'correction', summary: 'Not dated.'}]]) {
      const jsonLd = articleJsonLd(await pageWith(corrections), SITE)
      expect(jsonLd.dateModified).toBe(UPDATED_AT)
      expect(jsonLd).not.toHaveProperty('correction')
    }
  })

  it('sorts the corrections itself, whatever order it is handed them in', async () => {
    const page = await pageWith()
    const handed: ArticlePage = {
      ...page,
      corrections: [
        {_key: 'old', summary: 'Older.', reason: null, correctedAt: '2026-10-01T00:00:00.000Z'},
        {_key: 'bad', summary: 'Not a date.', reason: null, correctedAt: 'yesterday'},
        {_key: 'new', summary: 'Newer.', reason: null, correctedAt: '2026-11-01T00:00:00.000Z'},
      ],
    }
    const jsonLd = articleJsonLd(handed, SITE)
    expect(jsonLd.dateModified).toBe('2026-11-01T00:00:00.000Z')
    expect((jsonLd.correction as JsonLd[]).map((c) => c.text)).toEqual(['Newer.', 'Older.'])
  })
})

describe('conflicts of interest in the JSON-LD', () => {
  const DISCLOSURES = [
    {_key: 'glow', _type: 'disclosure', statement: 'Speaking fees from Glow Labs.', relationship: 'speaking', organisation: 'Glow Labs', topics: ['skin'], since: '2024-03-01'},
    {_key: 'board', _type: 'disclosure', statement: 'Sits on the board of a patient charity funded by Acme.', relationship: 'other', organisation: 'Acme'},
    {_key: 'old', _type: 'disclosure', statement: 'Held shares in Old Pharma.', relationship: 'ownership', organisation: 'Old Pharma', until: '2024-01-31'},
  ]

  /** The fixture with the reviewer, who vouches for both claims, disclosing these. */
  async function pageWith(disclosures: unknown[]): Promise<ArticlePage> {
    const documents = fixture().map((d) => (d._id === 'expert-mixed' ? {...d, disclosures} : d))
    const page = await run<ArticlePage | null>(documents, ARTICLE_PAGE_QUERY, {slug: 'micro-needling-jsonld'})
    if (!page) throw new Error('the fixture article is not servable')
    return page
  }

  /** The page with every claim's topic set (as a query of a dataset with topics would hand it over). */
  function withTopic(page: ArticlePage, topic: string): ArticlePage {
    const body = structuredClone(page.body ?? [])
    for (const item of body) if (item._type === 'block') for (const def of item.markDefs ?? []) if (def._type === 'medicalClaim') Object.assign(def, {topic})
    return {...page, body}
  }

  it("says them in the description of the claims' experts, as contributors and as the reviewer: schema.org has no property for them", async () => {
    const page = await pageWith(DISCLOSURES)
    const jsonLd = articleJsonLd(withTopic(page, 'skin'), SITE)
    const description = 'Conflict of interest: Dr. Mixed Standing has received speaking fees from Glow Labs. Dr. Mixed Standing sits on the board of a patient charity funded by Acme.'
    expect(jsonLd.contributor).toEqual([
      {
        '@type': 'Person',
        '@id': 'https://health.example/experts/mixed-standing#person',
        name: 'Dr. Mixed Standing',
        honorificSuffix: 'MD, FAAD',
        url: 'https://health.example/experts/mixed-standing',
        description,
      },
    ])
    // The same person reviewed the article: the same node, described the same way.
    expect(jsonLd.reviewedBy).toMatchObject({'@id': 'https://health.example/experts/mixed-standing#person', description})
    expect(JSON.stringify(jsonLd)).not.toContain('Old Pharma')
    // No property is made up for them: the Person nodes hold schema.org's own (toEqual above), and the page gained only `contributor`.
    expect(Object.keys(jsonLd).filter((key) => /conflict|disclos/i.test(key))).toEqual([])
  })

  it("leaves out a disclosure on another topic than the claims', and says nothing when none bears on them", async () => {
    const page = await pageWith(DISCLOSURES)
    const onNutrition = articleJsonLd(withTopic(page, 'nutrition'), SITE)
    expect((onNutrition.contributor as JsonLd[])[0].description).toBe('Conflict of interest: Dr. Mixed Standing sits on the board of a patient charity funded by Acme.')
    const none = articleJsonLd(withTopic(await pageWith([DISCLOSURES[0], DISCLOSURES[2]]), 'nutrition'), SITE)
    expect((none.contributor as JsonLd[])[0]).not.toHaveProperty('description')
    expect(none.reviewedBy).not.toHaveProperty('description')
  })

  it('counts claims without a topic as bearing every current disclosure', async () => {
    const jsonLd = articleJsonLd(await pageWith(DISCLOSURES), SITE)
    expect((jsonLd.contributor as JsonLd[])[0].description).toContain('Glow Labs')
    expect((jsonLd.contributor as JsonLd[])[0].description).not.toContain('Old Pharma')
  })
})

describe('jsonLdScriptContent', () => {
  it('cannot close the script element, and parses back to the same value', async () => {
    const page = (await run<ArticlePage | null>(fixture(), ARTICLE_PAGE_QUERY, {slug: 'micro-needling-jsonld'})) as ArticlePage
    const jsonLd = articleJsonLd({...page, title: 'Evil </script><script>alert(1)</script> <!-- title \u2028'}, SITE)
    const content = jsonLdScriptContent(jsonLd)
    expect(content).not.toMatch(/<\/script/i)
    expect(content).not.toContain('<!--')
    expect(content).not.toContain('<')
    expect(JSON.parse(content)).toEqual(jsonLd)
  })
})
