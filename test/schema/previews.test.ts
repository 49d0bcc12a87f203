/**
 * List previews tell the truth about credentials: an expired, revoked, unverified or
 * changed-since-verified credential is labelled so, in the expert's row and in the credential's own
 * row, as the rules judge it today.
 */
import {describe, expect, it} from 'vitest'
import {credentialFingerprint} from '../../plugins/medical-claims/rules/fingerprints.ts'
import type {Credential} from '../../plugins/medical-claims/rules/types.ts'
import {credential as credentialType} from '../../schemas/objects/credential.ts'
import {article as articleType} from '../../schemas/documents/article.ts'
import {expert as expertType} from '../../schemas/documents/expert.ts'
import {EXPERT} from '../../seed/ids.ts'
import {loadSeed} from '../fixtures/seed.ts'

type Prepare = (value: Record<string, unknown>) => {title?: string; subtitle?: string}
const prepareExpert = (expertType.preview as {prepare: Prepare}).prepare
const prepareCredential = (credentialType.preview as {prepare: Prepare}).prepare

const seed = loadSeed()
const expertDoc = (id: string) => seed.find((d) => d._id === id) as unknown as {name: string; credentials: Credential[]}

const verified = (c: Omit<Credential, 'verification'>, name = 'Dr. Test'): Credential => ({
  ...c,
  verification: {status: 'verified', verifiedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(), fingerprint: credentialFingerprint(name, c) ?? undefined},
})
const base = {_key: 'c', kind: 'licence', profession: 'physician', title: 'Medical licence', issuingBody: 'State board', expiresOn: '2099-12-31'} as const

const credentialRow = (c: Credential) =>
  prepareCredential({
    title: c.title,
    issuingBody: c.issuingBody,
    status: c.verification?.status,
    fingerprint: c.verification?.fingerprint,
    verifiedAt: c.verification?.verifiedAt,
    kind: c.kind,
    profession: c.profession,
    specialty: c.specialty,
    jurisdiction: c.jurisdiction,
    identifier: c.identifier,
    issuedOn: c.issuedOn,
    expiresOn: c.expiresOn,
  }).subtitle

describe('the expert row', () => {
  it('says an expert whose only credential expired has no current credential, and since when', () => {
    const owen = expertDoc(EXPERT.owenPryce)
    const row = prepareExpert({name: owen.name, credentials: owen.credentials})
    expect(row.subtitle).toContain('Expired on 2025-06-30')
    expect(row.subtitle).not.toMatch(/1\/1|verified/i)
  })

  it('counts current credentials and names each one that is not', () => {
    const credentials = [
      verified(base),
      verified({...base, _key: 'x', expiresOn: '2020-01-01'}),
      {...verified({...base, _key: 'r'}), verification: {status: 'revoked'}},
      {...base, _key: 'u'},
      {...verified({...base, _key: 'ch'}), expiresOn: '2199-01-01'},
    ] as Credential[]
    expect(prepareExpert({name: 'Dr. Test', credentials}).subtitle).toBe(
      '1 of 5 credentials current · expired on 2020-01-01 · revoked · not verified · changed since it was verified',
    )
    expect(prepareExpert({name: 'Dr. Renamed', credentials: [verified(base)]}).subtitle).toBe('Changed since it was verified')
    expect(prepareExpert({name: 'Dr. Test', credentials: [verified(base)]}).subtitle).toBe('Credential current')
    expect(prepareExpert({name: 'Dr. Test', credentials: []}).subtitle).toBe('No credentials')
  })
})

describe('the credential row', () => {
  it.each([
    ['a verified, current credential', verified(base), 'State board · Verified · valid through 2099-12-31'],
    ['an expired one', verified({...base, expiresOn: '2025-06-30'}), 'State board · Expired on 2025-06-30'],
    ['a revoked one', {...verified(base), verification: {status: 'revoked'}} as Credential, 'State board · Revoked'],
    ['an unverified one', base as Credential, 'State board · Not verified · valid through 2099-12-31'],
    ['one edited after it was verified', {...verified(base), expiresOn: '2199-12-31'}, 'State board · Changed since it was verified · valid through 2199-12-31'],
    ['one not valid yet', verified({...base, issuedOn: '2098-01-01'}), 'State board · Not valid until 2098-01-01'],
  ])('labels %s', (_what, credential, expected) => {
    expect(credentialRow(credential)).toBe(expected)
  })
})

describe('the article row', () => {
  const prepare = (articleType.preview as {prepare: (value: Record<string, unknown>) => {title: string; subtitle?: string}}).prepare
  const seedArticle = (id: string) => loadSeed().find((doc) => doc._id === id) as Record<string, unknown>

  it('says how many claims the article marks and how many still need an expert', () => {
    const draft = seedArticle('drafts.article-micro-needling')
    expect(prepare({title: draft.title, author: 'Sarah Joseph', category: 'Skin care', body: draft.body}).subtitle).toBe('Skin care · by Sarah Joseph · 20 claims, 14 without an expert')
    const winter = seedArticle('article-winter-skincare')
    expect(prepare({title: winter.title, body: winter.body}).subtitle).toBe('2 claims, all attributed')
  })

  it('says nothing of claims when there are none, or the body cannot be read', () => {
    expect(prepare({title: 'Plain', body: [{_type: 'block', _key: 'b', children: [], markDefs: []}]}).subtitle).toBe('')
    expect(prepare({title: 'Odd', body: [{_type: 'block', _key: 'b', markDefs: [{_type: 'medicalClaim', _key: 'c', citations: 'not a list'}]}]}).subtitle).toBe('')
  })
})
