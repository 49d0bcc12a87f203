/**
 * The Studio plugin and the lake decide alike: for each draft, the plugin's own loader
 * (plugins/medical-claims/data.ts, run against the lake with @sanity/client) and the rules give
 * "publishable" exactly when the lake accepts the publish action.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {loadPolicyInput} from '../../plugins/medical-claims/data.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {approvalFor, articleWithClaim, citation, expert, reviewerExpert, reviewFor} from './fixtures.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let priya: SanityClient

const approved = articleWithClaim('drafts.article-approved', 'Sunscreen lowers skin cancer risk.')
const stale = articleWithClaim('drafts.article-stale', 'Retinol erases wrinkles.')
const unattributed = articleWithClaim('drafts.article-unattributed', 'Zinc heals acne.', {expert: undefined})
const noReview = articleWithClaim('drafts.article-no-review', 'Niacinamide calms redness.')
const staleReview = articleWithClaim('drafts.article-stale-review', 'Ceramides repair the skin barrier.')
const approvedByEditor = articleWithClaim('drafts.article-self-approved', 'Vitamin D supports bones.')

beforeAll(async () => {
  t = await startTestLake()
  admin = t.client('administrator')
  priya = t.client('p-priya')
  await admin.transaction().create(expert).create(reviewerExpert).create(citation).commit()
  for (const draft of [approved, stale, unattributed, noReview, approvedByEditor, staleReview]) await priya.create(draft as never)
  const dana = t.client('fact-checker')
  for (const draft of [approved, stale, unattributed, approvedByEditor]) await dana.create({...reviewFor(draft as ArticleDoc), checkedBy: undefined} as never)
  await dana.create(approvalFor(staleReview as ArticleDoc) as never)
  await dana.create({...reviewFor({...staleReview, title: 'An earlier title'} as ArticleDoc), checkedBy: undefined} as never)
  await dana.create(approvalFor(approved as ArticleDoc) as never)
  await dana.create({...approvalFor(noReview as ArticleDoc), _id: 'factcheck-no-review'} as never)
  await dana.create(approvalFor(articleWithClaim('drafts.article-stale', 'Retinol smooths wrinkles.')) as never)
  // An "approval" recorded by an administrator does not count (not a fact-checker).
  await admin.create(approvalFor(approvedByEditor as ArticleDoc, {id: 'p-morgan', name: 'Morgan', roles: ['administrator']}) as never)
})
afterAll(async () => {
  await t?.close()
})

describe('plugin verdict == lake decision', () => {
  it.each([
    ['approved', approved, true],
    ['stale approval', stale, false],
    ['unattributed claim', unattributed, false],
    ['no medical review', noReview, false],
    ['a medical review of an earlier text', staleReview, false],
    ['approved by a non-fact-checker', approvedByEditor, false],
  ])('%s', async (_label, draft, expected) => {
    const stored = (await admin.getDocument(draft._id)) as unknown as ArticleDoc
    const input = await loadPolicyInput(admin as never, stored, new Date())
    const verdict = evaluateArticle(input)
    const publishedId = draft._id.replace(/^drafts\./, '')
    const lake = await priya
      .action({actionType: 'sanity.action.document.publish', draftId: draft._id, publishedId}, {dryRun: true})
      .then(() => true)
      .catch((err: {statusCode?: number; details?: {type?: string}}) => {
        expect(err.details?.type).toBe('publishRulesViolation')
        return false
      })
    expect({plugin: verdict.publishable, lake}).toEqual({plugin: expected, lake: expected})
    expect(input.editors).toContain('p-priya')
  })
})
