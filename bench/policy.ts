/**
 * The publish rules on one article with 1,000 claims: the Studio evaluates them while an editor
 * types, so they must stay well inside a 16 ms frame. Baseline: walking the same body to read
 * the claims (the least any evaluation must do), timed in the same process.
 */
import {evaluateArticle, extractClaims} from '../plugins/medical-claims/rules/policy.ts'
import {approveAll, article, baseInput, citation, credential, expert} from '../test/fixtures/policy-factories.ts'
import type {ClaimKind} from '../plugins/medical-claims/rules/types.ts'
import {measure, ms, type Row} from './stats.ts'

const KINDS: ClaimKind[] = ['benefit', 'risk', 'contraindication', 'procedureFact', 'aftercare', 'cost', 'patientExperience']

export function bigArticleInput(claimCount = 1000) {
  const experts = Array.from({length: 50}, (_, i) =>
    expert(`e${i}`, [credential({_key: 'a', kind: 'degree'}), credential({_key: 'b', expiresOn: i % 7 === 0 ? '2020-01-01' : '2031-01-01'}), credential({_key: 'c', kind: 'licence'})]),
  )
  const citations = Array.from({length: 200}, (_, i) => citation(`c${i}`, {retracted: i % 97 === 0}))
  const doc = article(
    Array.from({length: claimCount}, (_, i) => ({
      key: `claim-${i}`,
      kind: KINDS[i % KINDS.length],
      expert: i % 50 === 0 ? undefined : `e${i % 50}`,
      citations: [`c${i % 200}`, `c${(i * 7) % 200}`],
      text: `Claim number ${i} says the treatment reduces redness within ${i % 9} days for most people`,
    })),
  )
  // Approvals pinned to this article's own experts and citations, so nine claims in ten are approved.
  const allExperts = [...experts, expert('reviewer')]
  const decisions = approveAll(doc, {experts: allExperts, citations}).filter((_, i) => i % 10 !== 0)
  return baseInput([], {article: doc, experts: allExperts, citations, decisions, editors: ['p-priya', 'p-tom']})
}

export function benchPolicy(): Row[] {
  const input = bigArticleInput(1000)
  const verdict = evaluateArticle(input)
  if (verdict.claims.length !== 1000) throw new Error('benchmark input is wrong: expected 1,000 claims')
  // The article is meant to be mostly approved (as a real one about to be published is); approvals
  // that no longer match their claims would turn it into 1,000 failures and another benchmark.
  const approved = verdict.claims.filter((claim) => claim.status === 'approved').length
  if (approved < 800) throw new Error(`benchmark input is wrong: expected most claims approved, got ${approved} of 1,000`)
  const baseline = measure(() => extractClaims(input.article.body), {runs: 500})
  const rules = measure(() => evaluateArticle(input), {runs: 500})
  return [
    {
      name: 'rules: 1 article, 1,000 claims',
      median: ms(rules.median),
      p99: ms(rules.p99),
      baseline: ms(baseline.median),
      ratio: `${(rules.median / baseline.median).toFixed(1)}x`,
      target: 'p99 < 16 ms',
      ok: rules.p99 < 16,
    },
  ]
}
