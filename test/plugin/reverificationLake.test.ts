/**
 * The re-verification list over a real local lake (the seed), signed in as the fact-checker: the
 * lake's engine answers the one query; the seed's credentials are listed as their verifications
 * fall due; verifying one again as the credential input does takes it off the list.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {PolicyClient} from '../../plugins/medical-claims/data.ts'
import {loadReverificationQueue} from '../../plugins/medical-claims/reverificationData.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {SEED_FILE, startTestLake, type TestLake} from '../lake/helpers.ts'

const options = resolveOptions({})
let t: TestLake
beforeAll(async () => {
  t = await startTestLake({seedFile: SEED_FILE})
})
afterAll(async () => {
  await t?.close()
})

describe('loadReverificationQueue on the seeded lake', () => {
  it('lists the seed credentials verified on 2026-09-01 as due soon in August 2027, and as overdue from 2027-09-02', async () => {
    const client = t.client('fact-checker')
    const soon = await loadReverificationQueue(client as unknown as PolicyClient, options, '2027-08-20T12:00:00Z')
    expect(soon.length).toBeGreaterThan(0)
    expect(new Set(soon.map((item) => [item.state, item.lastVerifiedOn, item.dueOn, item.daysUntilDue].join(' ')))).toEqual(new Set(['dueSoon 2026-09-01 2027-09-02 13']))
    const ava = soon.find((item) => item.expertId === 'expert-ava-shamban')
    expect(ava).toMatchObject({credentialKey: 'board-dermatology', issuer: 'American Board of Dermatology (ABD)', registerUrl: 'https://www.certificationmatters.org'})
    // The count agrees with a plain GROQ count of the published articles naming her in a claim or a review.
    const expected = await client.fetch<number>(
      'count(*[_type == "article" && ($id in body[].markDefs[].expert._ref || _id in *[_type == "factCheck.review" && reviewer._ref == $id].article._ref)])',
      {id: 'expert-ava-shamban'},
      {perspective: 'published'},
    )
    expect(ava?.articleCount).toBe(expected)
    expect(expected).toBeGreaterThan(0)

    const overdue = await loadReverificationQueue(client as unknown as PolicyClient, options, '2027-09-02T00:00:00Z')
    expect(overdue.map((item) => [item.expertId, item.credentialKey])).toEqual(soon.map((item) => [item.expertId, item.credentialKey]))
    expect(new Set(overdue.map((item) => item.state))).toEqual(new Set(['overdue']))
  })

  it('takes a credential off the list once a fact-checker verifies it again (the lake stamps the day)', async () => {
    const client = t.client('fact-checker')
    const expert = await client.getDocument<ExpertDoc>('expert-lena-marsh')
    const index = expert?.credentials?.findIndex((c) => c._key === 'board-dermatology') ?? -1
    expect(index).toBeGreaterThanOrEqual(0)
    await client
      .patch('expert-lena-marsh')
      .set({
        [`credentials[_key=="board-dermatology"].verification.status`]: 'verified',
        [`credentials[_key=="board-dermatology"].verification.evidence`]: 'ABD lookup again: certified, active',
      })
      .commit()
    const stamped = (await client.getDocument<ExpertDoc>('expert-lena-marsh'))?.credentials?.[index].verification?.verifiedAt ?? ''
    expect(stamped.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10))
    // A year after the seed's verifications, hers counts on: the others are listed.
    const due = await loadReverificationQueue(client as unknown as PolicyClient, options, '2027-08-20T12:00:00Z')
    expect(due.some((item) => item.expertId === 'expert-lena-marsh')).toBe(false)
    expect(due.some((item) => item.expertId === 'expert-ava-shamban')).toBe(true)
  })
})
