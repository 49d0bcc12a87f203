/**
 * The re-verification list (plugins/medical-claims/reverification.ts): which credentials are
 * listed, when each is due, what a row says about its issuer and register, and the order. One
 * table of cases, one runner; then the due day checked against the rules' own standing.
 */
import {describe, expect, it} from 'vitest'
import {buildReverificationQueue, verificationDueOn, type ReverificationItem} from '../../plugins/medical-claims/reverification.ts'
import {credentialStanding} from '../../plugins/medical-claims/rules/credentials.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {Credential, ExpertDoc, MedicalClaimsOptions} from '../../plugins/medical-claims/rules/types.ts'
import {NOW, credential, expert} from '../fixtures/policy-factories.ts'

const DEFAULTS = resolveOptions({})

/** A verified credential of the factories' kind, verified at this moment. */
function verifiedAt(at: string | undefined, overrides: Partial<Credential> = {}): Credential {
  return credential({...overrides, verification: {status: 'verified', verifiedBy: 'p-dana', evidence: 'Board lookup', ...(at ? {verifiedAt: at} : {})}})
}

type Row = [expertId: string, credentialKey: string, state: ReverificationItem['state'], dueOn: string | null, daysUntilDue: number | null]

interface Case {
  name: string
  experts: ExpertDoc[]
  options?: Partial<MedicalClaimsOptions>
  withinDays?: number
  counts?: Record<string, number>
  expected: Row[]
}

// NOW is 2026-11-24: with 365 days, a verification made on 2025-11-24 still counts today and lapses tomorrow.
const CASES: Case[] = [
  {name: 'a verification of ten months ago is not listed', experts: [expert('e', [verifiedAt('2026-01-10T09:00:00Z')])], expected: []},
  {
    name: 'a verification lapsing within 30 days is due soon, on the day after the last it covers',
    experts: [expert('e', [verifiedAt('2025-12-20T15:00:00Z')])],
    expected: [['e', 'cred-1', 'dueSoon', '2026-12-21', 27]],
  },
  {name: 'one lapsing in 32 days is not listed by default', experts: [expert('e', [verifiedAt('2025-12-25T08:00:00Z')])], expected: []},
  {
    name: 'the window is a parameter',
    experts: [expert('e', [verifiedAt('2025-12-25T08:00:00Z')])],
    withinDays: 40,
    expected: [['e', 'cred-1', 'dueSoon', '2026-12-26', 32]],
  },
  {
    name: 'verified at the first moment of the day 365 days ago: counts today, due tomorrow',
    experts: [expert('e', [verifiedAt('2025-11-24T00:00:00Z')])],
    expected: [['e', 'cred-1', 'dueSoon', '2026-11-25', 1]],
  },
  {
    name: 'verified at the last moment of the day before: due today, so overdue',
    experts: [expert('e', [verifiedAt('2025-11-23T23:59:59Z')])],
    expected: [['e', 'cred-1', 'overdue', '2026-11-24', 0]],
  },
  {
    name: 'a verification two years old is overdue since the day it lapsed',
    experts: [expert('e', [verifiedAt('2024-06-01T10:00:00Z')])],
    expected: [['e', 'cred-1', 'overdue', '2025-06-02', -540]],
  },
  {
    name: 'a verified credential without a date of verification is overdue, with no dates',
    experts: [expert('e', [verifiedAt(undefined)])],
    expected: [['e', 'cred-1', 'overdue', null, null]],
  },
  {
    name: "the issuer's own interval in the options: the same verification is not due yet",
    experts: [expert('e', [verifiedAt('2025-01-10T09:00:00Z')])],
    options: {reverifyAfterDaysByIssuer: {'us-abms-abd': 730}},
    expected: [],
  },
  {
    name: "the issuer's own interval decides the due day",
    experts: [expert('e', [verifiedAt('2024-12-10T09:00:00Z')])],
    options: {reverifyAfterDaysByIssuer: {'us-abms-abd': 730}},
    expected: [['e', 'cred-1', 'dueSoon', '2026-12-11', 17]],
  },
  {
    name: 'a shorter interval for every issuer',
    experts: [expert('e', [verifiedAt('2026-05-01T09:00:00Z')])],
    options: {reverifyAfterDays: 180},
    expected: [['e', 'cred-1', 'overdue', '2026-10-29', -26]],
  },
  {
    name: 'revoked, expired, not yet valid, unverified and changed credentials are left out (they need something else first)',
    experts: [
      expert('e', [
        credential({_key: 'revoked', verification: {status: 'revoked', verifiedAt: '2024-01-01T00:00:00Z', evidence: 'Struck off'}}),
        verifiedAt('2024-01-01T00:00:00Z', {_key: 'expired', expiresOn: '2026-06-30'}),
        verifiedAt('2024-01-01T00:00:00Z', {_key: 'later', issuedOn: '2027-01-01'}),
        credential({_key: 'unverified', verification: {status: 'unverified'}}),
      ]),
      {...expert('renamed', [verifiedAt('2025-12-20T15:00:00Z')]), name: 'Dr. Renamed'},
    ],
    expected: [],
  },
  {
    name: 'a draft of an expert is not read (the list is of published experts)',
    experts: [{...expert('e', [verifiedAt('2024-06-01T10:00:00Z')]), _id: 'drafts.e'}],
    expected: [],
  },
  {
    name: 'overdue first, the longest overdue first (undated first of all), then the soonest due; the most relied on first on the same day',
    experts: [
      expert('soon', [verifiedAt('2025-12-20T15:00:00Z')]),
      expert('sooner', [verifiedAt('2025-12-01T15:00:00Z', {_key: 'a'}), verifiedAt('2026-01-10T09:00:00Z', {_key: 'b'})]),
      expert('late', [verifiedAt('2025-10-01T09:00:00Z')]),
      expert('later', [verifiedAt('2024-10-01T09:00:00Z')]),
      expert('undated', [verifiedAt(undefined)]),
      expert('also-soon', [verifiedAt('2025-12-20T09:00:00Z')]),
    ],
    counts: {'also-soon': 4, soon: 1},
    expected: [
      ['undated', 'cred-1', 'overdue', null, null],
      ['later', 'cred-1', 'overdue', '2025-10-02', -418],
      ['late', 'cred-1', 'overdue', '2026-10-02', -53],
      ['sooner', 'a', 'dueSoon', '2026-12-02', 8],
      ['also-soon', 'cred-1', 'dueSoon', '2026-12-21', 27],
      ['soon', 'cred-1', 'dueSoon', '2026-12-21', 27],
    ],
  },
]

describe('buildReverificationQueue', () => {
  it.each(CASES)('$name', ({experts, options, withinDays, counts, expected}) => {
    const items = buildReverificationQueue({
      experts,
      articlesByExpert: new Map(Object.entries(counts ?? {})),
      options: options ? resolveOptions(options) : DEFAULTS,
      now: NOW,
      ...(withinDays === undefined ? {} : {withinDays}),
    })
    expect(items.map((item): Row => [item.expertId, item.credentialKey, item.state, item.dueOn, item.daysUntilDue])).toEqual(expected)
  })

  it("says who issued the credential by the registry, links the issuer's register, and gives the expert's articles", () => {
    const items = buildReverificationQueue({
      experts: [
        expert(
          'ana',
          [
            verifiedAt('2024-06-01T10:00:00Z', {identifier: ' 12345 '}),
            verifiedAt('2025-12-20T15:00:00Z', {
              _key: 'licence',
              kind: 'licence',
              title: '',
              issuer: 'us-state-medical-board',
              issuingBody: 'Medical Board of California',
              jurisdiction: 'US-CA',
            }),
            verifiedAt('2025-12-20T15:00:00Z', {_key: 'rd', kind: 'registration', profession: 'dietitian', title: 'Registered dietitian'}),
          ],
          'Dr. Ana Ruiz',
        ),
      ],
      articlesByExpert: new Map([['ana', 3]]),
      options: DEFAULTS,
      now: NOW,
    })
    expect(items).toEqual([
      {
        state: 'overdue',
        expertId: 'ana',
        expertType: 'expert',
        expertName: 'Dr. Ana Ruiz',
        credentialKey: 'cred-1',
        path: ['credentials', {_key: 'cred-1'}],
        credentialTitle: 'Board certified, dermatology',
        issuer: 'American Board of Dermatology (ABD)',
        registerUrl: 'https://www.certificationmatters.org',
        identifier: '12345',
        lastVerifiedOn: '2024-06-01',
        dueOn: '2025-06-02',
        daysUntilDue: -540,
        articleCount: 3,
      },
      expect.objectContaining({
        credentialKey: 'licence',
        credentialTitle: 'Licence',
        // A registry entry for a body per state names none: the body as written does; the register is the registry's.
        issuer: 'Medical Board of California',
        registerUrl: 'https://www.docinfo.org',
        jurisdiction: 'US-CA',
        lastVerifiedOn: '2025-12-20',
      }),
      expect.objectContaining({credentialKey: 'rd', issuer: 'Commission on Dietetic Registration (CDR)', articleCount: 3}),
    ])
    // The CDR has no register address in the registry: the row has none.
    expect(items[2]).not.toHaveProperty('registerUrl')
  })

  it("names an issuer the project adds, with its register, and counts none for an expert nobody's article names", () => {
    const options = resolveOptions({
      issuers: [{id: 'gb-example', name: 'Example Medical Board', country: 'GB', authority: 'regulator', professions: ['physician'], registerUrl: 'https://register.example/lookup'}],
    })
    const [item] = buildReverificationQueue({
      experts: [expert('e', [verifiedAt('2024-06-01T10:00:00Z', {kind: 'licence', issuer: 'gb-example'})])],
      articlesByExpert: new Map([['other', 2]]),
      options,
      now: NOW,
    })
    expect(item).toMatchObject({issuer: 'Example Medical Board', registerUrl: 'https://register.example/lookup', articleCount: 0})
  })

  it('links a credential without a key by its index', () => {
    const [item] = buildReverificationQueue({
      experts: [expert('e', [verifiedAt('2024-06-01T10:00:00Z', {_key: undefined})])],
      articlesByExpert: new Map(),
      options: DEFAULTS,
      now: NOW,
    })
    expect([item.credentialKey, item.path]).toEqual(['#0', ['credentials', 0]])
  })

  it('refuses a window that is not a whole number of days, saying what to pass', () => {
    expect(() => buildReverificationQueue({experts: [], articlesByExpert: new Map(), options: DEFAULTS, now: NOW, withinDays: -1})).toThrow(
      /withinDays must be a whole number of days, 0 or more \(got -1\); leave it out for 30/,
    )
  })
})

describe('verificationDueOn', () => {
  // The due day is the rules' own: the day before it the credential stands valid, on it due for verification.
  const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
  const cases: Array<[string, Partial<MedicalClaimsOptions>, string]> = [
    ['2025-11-24T00:00:00Z', {}, '2026-11-25'],
    ['2025-11-24T23:59:59.999Z', {}, '2026-11-25'],
    ['2024-02-29T12:00:00Z', {}, '2025-03-01'],
    ['2026-03-01T08:00:00Z', {reverifyAfterDays: 1}, '2026-03-03'],
    ['2026-03-01T08:00:00Z', {reverifyAfterDays: 730}, '2028-03-01'],
    ['2026-03-01T08:00:00Z', {reverifyAfterDaysByIssuer: {'us-abms-abd': 90}}, '2026-05-31'],
  ]
  it.each(cases)('verified at %s with %j: due on %s, as the rules stand it', (at, changes, due) => {
    const options = resolveOptions(changes)
    const verified = expert('e', [verifiedAt(at)])
    const [held] = verified.credentials ?? []
    expect(verificationDueOn(held, options)).toBe(due)
    expect(credentialStanding(held, `${dayBefore(due)}T23:59:59Z`, verified, options)).toBe('valid')
    expect(credentialStanding(held, `${due}T00:00:00Z`, verified, options)).toBe('verificationDue')
  })

  it('has no due day for a verification without a date', () => {
    expect(verificationDueOn(verifiedAt(undefined), DEFAULTS)).toBeNull()
    expect(verificationDueOn(verifiedAt('not a date'), DEFAULTS)).toBeNull()
  })
})
