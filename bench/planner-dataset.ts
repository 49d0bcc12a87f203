/**
 * A deterministic synthetic dataset shaped like this project's content (articles with claim
 * annotations referencing experts and citations, fact-check approvals, a medical review decision
 * per article, drafts, categories, and on request release versions), for the query benchmark and
 * the planner-equivalence tests.
 * Pure: no I/O.
 */
import type {Doc} from '../lake/dataset.ts'
import {getDraftId, getVersionId} from '../plugins/medical-claims/rules/ids.ts'

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = 'skin care sunscreen retinol collagen acne moisturiser hydration dermatologist laser peel serum vitamin omega nutrition hair nails sleep stress exercise diet protein sugar water heart blood pressure allergy eczema rosacea scar wound healing'.split(' ')

export interface SyntheticCounts {
  articles: number
  experts: number
  citations: number
  categories: number
  /** Share of articles that also have a draft. */
  draftShare: number
  claimsPerArticle: number
}

/** Counts that sum to about `total` documents. */
export function countsFor(total: number): SyntheticCounts {
  const articles = Math.max(1, Math.round(total * 0.2))
  const claimsPerArticle = 3
  const approvals = articles * claimsPerArticle
  const reviews = articles
  const draftShare = 0.1
  const drafts = Math.round(articles * draftShare)
  const rest = Math.max(3, total - articles - approvals - reviews - drafts)
  return {
    articles,
    experts: Math.max(1, Math.round(rest * 0.5)),
    citations: Math.max(1, Math.round(rest * 0.45)),
    categories: Math.max(1, Math.round(rest * 0.05)),
    draftShare,
    claimsPerArticle,
  }
}

export interface SyntheticOptions {
  /** Release names: one article in ten gets a version (`versions.<release>.<id>`) in one or two of them. None by default. */
  releases?: string[]
}

export function syntheticDataset(total: number, seed = 42, options: SyntheticOptions = {}): Doc[] {
  const releases = options.releases ?? []
  const counts = countsFor(total)
  const rand = prng(seed)
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]
  const words = (n: number) => Array.from({length: n}, () => pick(WORDS)).join(' ')
  const docs: Doc[] = []
  const ref = (id: string, key?: string) => ({_type: 'reference', _ref: id, ...(key ? {_key: key} : {})})

  for (let i = 0; i < counts.categories; i++) {
    docs.push({_id: `category-${i}`, _type: 'category', title: `Category ${i} ${words(1)}`, slug: {_type: 'slug', current: `category-${i}`}})
  }
  for (let i = 0; i < counts.experts; i++) {
    docs.push({
      _id: `expert-${i}`,
      _type: 'expert',
      name: `Dr. ${words(1)} ${i}`,
      slug: {_type: 'slug', current: `expert-${i}`},
      credentials: [
        {
          _key: 'licence',
          _type: 'credential',
          kind: pick(['licence', 'boardCertification', 'registration']),
          profession: pick(['physician', 'registeredNurse', 'nursePractitioner']),
          issuer: pick(['us-state-medical-board', 'us-state-nursing-board', 'gb-gmc', 'us-aboim']),
          expiresOn: rand() < 0.9 ? '2030-12-31' : '2024-01-01',
          verification: {_type: 'credentialVerification', status: rand() < 0.85 ? 'verified' : 'unverified', verifiedAt: '2026-01-10T09:00:00.000Z'},
        },
      ],
    })
  }
  for (let i = 0; i < counts.citations; i++) {
    docs.push({_id: `citation-${i}`, _type: 'citation', kind: 'journalArticle', title: `Study of ${words(3)} ${i}`, retracted: rand() < 0.03})
  }
  for (let i = 0; i < counts.articles; i++) {
    const id = `article-${i}`
    const body: unknown[] = []
    for (let c = 0; c < counts.claimsPerArticle; c++) {
      const claimKey = `claim-${c}`
      body.push({
        _type: 'block',
        _key: `b${c}`,
        style: 'normal',
        markDefs: [
          {
            _type: 'medicalClaim',
            _key: claimKey,
            kind: pick(['benefit', 'risk', 'procedureFact', 'aftercare']),
            expert: ref(`expert-${Math.floor(rand() * counts.experts)}`),
            citations: [ref(`citation-${Math.floor(rand() * counts.citations)}`, 'c0')],
          },
        ],
        children: [{_type: 'span', _key: `s${c}`, text: `${words(8)}.`, marks: [claimKey]}],
      })
      docs.push({
        _id: `factcheck-${id}-${claimKey}`,
        _type: 'factCheck.approval',
        article: {_type: 'reference', _ref: id, _weak: true},
        claimKey,
        fingerprint: `fp-${i}-${c}`,
        checkedBy: {id: 'p-dana', name: 'Dana', roles: ['fact-checker']},
        checkedAt: '2026-01-01T00:00:00.000Z',
      })
    }
    const article: Doc = {
      _id: id,
      _type: 'article',
      title: `${words(4)} ${i}`,
      slug: {_type: 'slug', current: `article-${i}`},
      category: ref(`category-${Math.floor(rand() * counts.categories)}`),
      publishedAt: `2026-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}T09:00:00.000Z`,
      body,
    }
    docs.push({
      _id: `review-${id}`,
      _type: 'factCheck.review',
      article: {_type: 'reference', _ref: id, _weak: true},
      reviewer: {...ref(`expert-${Math.floor(rand() * counts.experts)}`), _weak: true},
      fingerprint: `fp-review-${i}`,
      nextReviewDue: '2027-01-01',
      checkedBy: {id: 'p-sam', name: 'Sam', roles: ['medical-reviewer']},
      checkedAt: '2026-01-01T00:00:00.000Z',
    })
    docs.push(article)
    if (rand() < counts.draftShare) docs.push({...article, _id: getDraftId(id), title: `${article.title as string} (draft)`})
    if (releases.length > 0 && rand() < 0.1) {
      const first = Math.floor(rand() * releases.length)
      const count = releases.length > 1 && rand() < 0.3 ? 2 : 1
      for (let r = 0; r < count; r++) {
        const release = releases[(first + r) % releases.length]
        docs.push({...article, _id: getVersionId(id, release), title: `${article.title as string} (${release})`})
      }
    }
  }
  return docs
}
