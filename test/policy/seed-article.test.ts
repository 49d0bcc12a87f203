import {describe, expect, it} from 'vitest'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, CitationDoc, DecisionDoc, ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {loadSeed} from '../fixtures/seed.ts'

const seed = loadSeed()
const ofType = <T>(...types: string[]) => seed.filter((d) => types.includes(d._type)) as unknown as T[]

describe('the seed micro-needling article', () => {
  const verdict = evaluateArticle({
    article: seed.find((d) => d._id === 'drafts.article-micro-needling') as unknown as ArticleDoc,
    experts: ofType<ExpertDoc>('expert'),
    citations: ofType<CitationDoc>('citation'),
    decisions: ofType<DecisionDoc>('factCheck.approval', 'factCheck.rejection', 'factCheck.review'),
    editors: [],
    now: SEED_NOW,
  })

  it('is not publishable, and its blocking issues are exactly its unattributed claims and the uncredentialed expert', () => {
    expect(verdict.publishable).toBe(false)
    const blocking = verdict.issues.filter((i) => i.severity === 'error').map((i) => `${i.code}@${i.claimKey}`)
    expect(blocking.sort()).toEqual(
      [
        'claim.unattributed@claim-what-it-is',
        'claim.unattributed@claim-cost',
        'claim.unattributed@claim-collagen',
        'claim.unattributed@claim-passes',
        'claim.unattributed@claim-redness-fades',
        'claim.unattributed@claim-sessions',
        'claim.unattributed@claim-benefit-texture',
        'claim.unattributed@claim-benefit-wrinkles',
        'claim.unattributed@claim-benefit-hair',
        'claim.unattributed@claim-contraindication-skin',
        'claim.unattributed@claim-allergy',
        'claim.unattributed@claim-temporary-irritation',
        'claim.unattributed@claim-infection',
        'claim.unattributed@claim-pih',
        'expert.noCredential@claim-avoid-sun',
        'expert.noCredential@claim-low-quality-providers',
      ].sort(),
    )
    for (const issue of verdict.issues.filter((i) => i.code === 'expert.noCredential')) {
      expect(issue.message).toContain('R. Brannon Claytor')
    }
  })

  it('has the claims of credentialed quoted experts already approved', () => {
    expect(verdict.claims.filter((c) => c.status === 'approved').map((c) => c.claim.key).sort()).toEqual(
      ['claim-contraindication-medical', 'claim-numbing', 'claim-pinpricks', 'claim-sunscreen'],
    )
  })
})
