import {describe, expect, it} from 'vitest'
import {DEFAULT_ACCEPTANCE, describeRequirement, flattenRequirement, meetsRequirement, registryOf} from '../../plugins/medical-claims/rules/acceptance.ts'
import {CLAIM_KINDS} from '../../plugins/medical-claims/rules/constants.ts'
import {credentialDetailProblems} from '../../plugins/medical-claims/rules/credentials.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {checkExpertForClaim, checkReviewer, evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {Credential} from '../../plugins/medical-claims/rules/types.ts'
import {baseInput, expert, NOW} from '../fixtures/policy-factories.ts'
import {CREDENTIAL_CASES} from '../fixtures/real-credentials.ts'

const options = resolveOptions({})
const registry = registryOf(options)

describe('who may vouch: real credentials under the default options', () => {
  for (const c of CREDENTIAL_CASES) {
    describe(c.name, () => {
      const holder = expert('holder', [c.credential], c.holder)
      it.each(c.claims.map((claim) => [`${claim.kind}${claim.topic ? ` on ${claim.topic}` : ''}`, claim] as const))('%s', (_label, claim) => {
        const check = checkExpertForClaim(holder, claim, options, NOW)
        expect(check.ok).toBe(claim.ok)
        if (!claim.ok) expect(check.code).toBe('expert.credentialNotAccepted')
        // The whole rules agree with the per-expert check.
        const verdict = evaluateArticle({
          ...baseInput([{key: 'k1', kind: claim.kind, topic: claim.topic, expert: 'holder', citations: ['c1'], text: 'a claim'}]),
          experts: [holder],
        })
        const codes = verdict.claims[0].issues.map((i) => i.code)
        expect(codes.includes('expert.credentialNotAccepted')).toBe(!claim.ok)
      })
      it(c.reviewer ? 'may be the medical reviewer' : 'may not be the medical reviewer', () => {
        expect(checkReviewer(holder, options, NOW).ok).toBe(c.reviewer)
      })
      it('has details the registry finds consistent, unless the case is about an inconsistency', () => {
        const errors = credentialDetailProblems(c.credential, registry).filter((p) => p.severity === 'error')
        if (/registers doctors/.test(c.name)) expect(errors.map((p) => p.field)).toEqual(['profession'])
        else expect(errors).toEqual([])
      })
    })
  }
})

describe('acceptance rules', () => {
  it('cover every kind of claim by default', () => {
    for (const {value} of CLAIM_KINDS) expect(DEFAULT_ACCEPTANCE.some((rule) => !rule.claimKinds || rule.claimKinds.includes(value)), value).toBe(true)
  })

  it('match the issuer by authority, id and country, and the profession the issuer registers', () => {
    const gmc: Credential = {profession: 'physician', issuer: 'gb-gmc'}
    expect(meetsRequirement(gmc, {authorities: ['regulator']}, registry)).toBe(true)
    expect(meetsRequirement(gmc, {countries: ['US']}, registry)).toBe(false)
    expect(meetsRequirement(gmc, {issuers: ['gb-gmc'], professions: ['physician']}, registry)).toBe(true)
    expect(meetsRequirement({...gmc, profession: 'pharmacist'}, {issuers: ['gb-gmc']}, registry)).toBe(false)
    expect(meetsRequirement({...gmc, issuer: 'gb-nowhere'}, {authorities: ['regulator']}, registry)).toBe(false)
    expect(meetsRequirement({profession: 'physician'}, {professions: ['physician']}, registry)).toBe(true)
    expect(meetsRequirement({...gmc, specialty: 'dermatology'}, {specialties: ['dermatology']}, registry)).toBe(true)
    expect(meetsRequirement(gmc, {specialties: ['dermatology']}, registry)).toBe(false)
  })

  it('flatten for GROQ into issuer|profession pairs the registry allows', () => {
    const flat = flattenRequirement({authorities: ['regulator'], countries: ['GB'], professions: ['dietitian', 'physician']}, registry)
    expect(flat.anyIssuer).toBe(false)
    expect(flat.pairs).toEqual(expect.arrayContaining(['gb-gmc|physician', 'gb-hcpc|dietitian']))
    expect(flat.pairs).not.toContain('gb-gmc|dietitian')
    expect(flattenRequirement({professions: ['physician']}, registry)).toEqual({anyIssuer: true, pairs: [], professions: ['physician'], specialties: []})
  })

  it('read in words', () => {
    expect(describeRequirement({label: 'a registered dietitian'})).toBe('a registered dietitian')
    expect(describeRequirement({})).toBe('any verified credential')
    expect(describeRequirement({professions: ['dietitian'], authorities: ['regulator'], specialties: ['nutritionDietetics']})).toMatch(/^a dietitian, with a credential from a regulator/)
  })

  it('let a project say "dietitians for nutrition claims" and add its own issuer', () => {
    const custom = resolveOptions({
      issuers: [{id: 'gb-example-register', name: 'Example Register of Nutritionists', country: 'GB', authority: 'certifyingBody', professions: ['dietitian']}],
      acceptance: [...DEFAULT_ACCEPTANCE, {claimKinds: ['benefit'], topics: ['nutrition'], issuers: ['gb-example-register']}],
    })
    const nutritionist = expert('n', [{_type: 'credential', _key: 'a', profession: 'dietitian', issuer: 'gb-example-register', title: 'Registered', verification: {status: 'verified', verifiedAt: '2026-06-01T09:00:00Z'}}], 'Kim Lowe')
    expect(checkExpertForClaim(nutritionist, {kind: 'benefit', topic: 'nutrition'}, custom, NOW).ok).toBe(true)
    expect(checkExpertForClaim(nutritionist, {kind: 'benefit', topic: 'nutrition'}, options, NOW).ok).toBe(false)
  })
})
