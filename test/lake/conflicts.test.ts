/**
 * Approvals that acknowledge conflicts of interest, through a real lake with `acknowledgeConflicts`:
 * the fact-checker's approval names the disclosures bearing on the claim, publishing needs it, and
 * a conflict disclosed later is a correction: it lands and withdraws the article, whoever sends it.
 */
import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {approvalFor, ARTICLE_ID, article, citation, expert, reviewerExpert, reviewFor} from './fixtures.ts'
import {startTestLake, type TestLake} from './helpers.ts'

const FEES = {_key: 'fees', _type: 'disclosure', statement: 'Has received speaking fees from Glow Labs.', relationship: 'speaking', organisation: 'Glow Labs'}
const conflicted = {...expert, disclosures: [FEES]}

let t: TestLake
let admin: SanityClient
let dana: SanityClient
let priya: SanityClient

async function publishes(): Promise<boolean> {
  try {
    await admin.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${ARTICLE_ID}`, publishedId: ARTICLE_ID} as never)
    return true
  } catch {
    return false
  }
}

beforeAll(async () => {
  t = await startTestLake({claimOptions: {acknowledgeConflicts: true}})
  admin = t.client('administrator')
  dana = t.client('fact-checker')
  priya = t.client('p-priya')
  await admin.transaction().create(conflicted as never).create(reviewerExpert as never).create(citation as never).create({...article, _id: `drafts.${ARTICLE_ID}`} as never).commit()
  await dana.create({...reviewFor(article), checkedBy: undefined} as never)
}, 60_000)

afterAll(async () => {
  await t?.close()
})

describe('with acknowledgeConflicts', () => {
  it('an approval that does not name the conflict does not let the article publish', async () => {
    await dana.create({...approvalFor(article, undefined, {experts: [conflicted], citations: [citation]}), _id: 'approval-unacknowledged', checkedBy: undefined} as never)
    expect(await publishes()).toBe(false)
    expect(await admin.getDocument(ARTICLE_ID)).toBeUndefined()
  })

  it('an approval that names it does; the lake keeps what the fact-checker acknowledged', async () => {
    await dana.create({...approvalFor(article, undefined, {experts: [conflicted], citations: [citation]}), _id: 'approval-acknowledged', acknowledgedConflicts: ['fees'], checkedBy: undefined} as never)
    expect(await publishes()).toBe(true)
    expect((await admin.getDocument('approval-acknowledged'))?.acknowledgedConflicts).toEqual(['fees'])
    expect(await admin.getDocument(ARTICLE_ID)).toBeDefined()
  })

  it('a conflict disclosed later lands, even from an editor, and withdraws the article at once', async () => {
    const disclosure = {_key: 'shares', _type: 'disclosure', statement: 'Holds shares in Glow Labs.', relationship: 'ownership', organisation: 'Glow Labs'}
    await priya.patch(expert._id).setIfMissing({disclosures: []}).append('disclosures', [disclosure]).commit()
    const stored = await admin.getDocument<{disclosures: Array<{_key: string}>}>(expert._id)
    expect(stored?.disclosures.map((d) => d._key)).toEqual(['fees', 'shares'])
    expect(await admin.getDocument(ARTICLE_ID)).toBeUndefined()
    const withdrawals = await admin.fetch<Array<{article: {_ref: string}}>>(`*[_type == "factCheck.withdrawal" && article._ref == $id]`, {id: ARTICLE_ID})
    expect(withdrawals.length).toBe(1)
    // The rules say why: the approval acknowledges "fees" only.
    const draft = (await admin.getDocument(`drafts.${ARTICLE_ID}`)) as unknown as ArticleDoc
    const decisions = await admin.fetch(`*[_type in ["factCheck.approval", "factCheck.review"]]`)
    const verdict = evaluateArticle({
      article: draft,
      experts: [(await admin.getDocument(expert._id)) as never, reviewerExpert as never],
      citations: [citation as never],
      decisions,
      editors: [],
      now: new Date(),
      options: {acknowledgeConflicts: true},
    })
    expect(verdict.issues.map((i) => i.code)).toContain('claim.conflictsNotAcknowledged')
  })
})
