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

  it('is not publishable, and its blocking issues are exactly its unattributed claims, the uncredentialed expert, the integrative-medicine board and the interviews cited as evidence', () => {
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
        'expert.credentialNotAccepted@claim-contraindication-medical',
        'expert.credentialNotAccepted@claim-sunscreen',
        // An interview records who said it; a contraindication and a risk need evidence besides.
        'claim.evidenceMissing@claim-contraindication-medical',
        'claim.evidenceMissing@claim-low-quality-providers',
      ].sort(),
    )
    for (const issue of verdict.issues.filter((i) => i.code === 'claim.evidenceMissing')) {
      expect(issue.message).toMatch(/an interview records what an expert said, not that it is so: cite a study, guideline or reference work/)
    }
    for (const issue of verdict.issues.filter((i) => i.code === 'expert.noCredential')) {
      expect(issue.message).toContain('R. Brannon Claytor')
    }
    // A board outside the recognised systems qualifies nobody, however its certificate is labelled.
    for (const issue of verdict.issues.filter((i) => i.code === 'expert.credentialNotAccepted')) {
      expect(issue.message).toMatch(/^Dr\. Rahi Sarbaziha holds no credential that qualifies for (a contraindication|an aftercare claim) on cosmetic procedures/)
      expect(issue.message).toContain('licensed or registered by a regulator')
    }
  })

  it('has the claims of credentialed quoted experts already approved', () => {
    expect(verdict.claims.filter((c) => c.status === 'approved').map((c) => c.claim.key).sort()).toEqual(['claim-numbing', 'claim-pinpricks'])
  })
})
