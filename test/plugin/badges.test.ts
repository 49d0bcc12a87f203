/** The claims badge as a pure function of a verdict: every category at a glance. */
import {describe, expect, it} from 'vitest'
import {claimsStatusBadge} from '../../plugins/medical-claims/badges/useClaimsStatusBadge.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import {approveAll, article, baseInput, credential, decision, defaultExperts, expert} from '../fixtures/policy-factories.ts'

describe('claimsStatusBadge', () => {
  it('names every category, in the order of the workflow', () => {
    const doc = article([
      {key: 'u1', kind: 'benefit', text: 'Unattributed one'},
      {key: 'n1', kind: 'benefit', expert: 'nobody-qualified', citations: ['c1'], text: 'A claim its expert cannot back'},
      {key: 'e1', kind: 'risk', expert: 'derm', text: 'A risk with no source'},
      {key: 'e2', kind: 'risk', expert: 'derm', text: 'Another risk with no source'},
      {key: 'r1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'A rejected claim'},
      {key: 's1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'A claim edited after approval'},
      {key: 'w1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'A claim waiting'},
      {key: 'a1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'An approved claim'},
    ])
    const approvals = approveAll(doc).filter((d) => ['a1', 's1'].includes(d.claimKey))
    const stale = approvals.find((d) => d.claimKey === 's1')!
    stale.fingerprint = `${stale.fingerprint} (an earlier text)`
    const rejection = {...decision(doc, 'r1'), _type: 'factCheck.rejection' as const, reason: 'Not what the source says.'}
    const experts = [...defaultExperts(), expert('nobody-qualified', [credential({kind: 'degree', profession: 'researcher'})])]
    const verdict = evaluateArticle(baseInput([], {article: doc, experts, decisions: [...approvals, rejection]}))
    expect(claimsStatusBadge(verdict)).toMatchObject({
      label: '1 unattributed · 1 needs a credential · 2 need evidence · 1 rejected · 1 changed since approval · 1 awaiting fact-check · 1/8 approved',
      color: 'danger',
    })
  })

  it('is a warning while only fact-checks are missing, success once the article passes, and absent without claims', () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1']}])
    expect(claimsStatusBadge(evaluateArticle(baseInput([], {article: doc, decisions: []})))).toMatchObject({label: '1 awaiting fact-check · 0/1 approved', color: 'warning'})
    expect(claimsStatusBadge(evaluateArticle(baseInput([], {article: doc})))).toMatchObject({label: '1/1 approved', color: 'success'})
    expect(claimsStatusBadge(evaluateArticle(baseInput([])))).toBeNull()
  })
})
