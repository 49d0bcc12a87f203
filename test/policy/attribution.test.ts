import {describe, expect, it} from 'vitest'
import {otherPeopleNamed} from '../../plugins/medical-claims/rules/attribution.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import {baseInput} from '../fixtures/policy-factories.ts'

const claim = (text: string, context = text) => ({text, context})

describe('a claim whose sentence names someone other than its expert', () => {
  it.each([
    ['Dr. Shamban says the needles stimulate collagen.', 'Dr. Ava Shamban', []],
    ['Dr. Shamban says the needles stimulate collagen.', 'Dr. Lena Marsh', ['Dr. Shamban']],
    ['According to Rebecca Bialas, cold air dries the skin.', 'Dr. Lena Marsh', ['According to Rebecca Bialas']],
    ['According to Rebecca Bialas, cold air dries the skin.', 'Dr. Rebecca Bialas, MD', []],
    ['Professor Ann O’Neill and Dr. R. Brannon Claytor agree it is safe.', 'Dr. R. Brannon Claytor', ['Professor Ann O’Neill']],
    ['The needles stimulate collagen.', 'Dr. Lena Marsh', []],
    ['Dr Imogen Hartley recommends an emollient every day.', 'Dr. Imogen Hartley', []],
  ])('%s (attributed to %s)', (text, expert, expected) => {
    expect(otherPeopleNamed(claim(text), expert)).toEqual(expected)
  })

  it('reads the claim\u2019s own sentence, not the rest of the paragraph', () => {
    const context = 'Dr. Shamban explained the procedure. The needles stimulate collagen. Dr. Lee disagrees.'
    expect(otherPeopleNamed(claim('The needles stimulate collagen.', context), 'Dr. Lena Marsh')).toEqual([])
    expect(otherPeopleNamed(claim('Dr. Shamban explained the procedure.', context), 'Dr. Lena Marsh')).toEqual(['Dr. Shamban'])
  })

  it('is a warning that names both people, and does not block publishing', () => {
    const verdict = evaluateArticle(baseInput([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Dr. Shamban says it smooths skin'}]))
    const warning = verdict.issues.find((i) => i.code === 'claim.namesAnotherPerson')
    expect(warning?.severity).toBe('warning')
    expect(warning?.message).toMatch(/names Dr\. Shamban, but the claim is attributed to Dr\. derm/)
    expect(verdict.publishable).toBe(true)
  })
})
