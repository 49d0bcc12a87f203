/**
 * Which of an expert's disclosures bear on a claim (plugins/medical-claims/conflicts.ts), table
 * driven: current, ended within the window, ended before it; topics that match, no topics, another
 * topic; and the words each place shows.
 */
import {describe, expect, it} from 'vitest'
import {
  DISCLOSURE_WINDOW_MONTHS,
  conflictLine,
  conflictSentence,
  conflictsFor,
  describeDisclosure,
  disclosureBearsOn,
  disclosureCutoff,
  disclosureIsCurrent,
  disclosuresOf,
  type ClaimTopicOf,
  type Disclosure,
} from '../../plugins/medical-claims/conflicts.ts'

const NOW = '2026-11-24T12:00:00.000Z'

const base: Disclosure = {_key: 'd1', statement: 'Has received speaking fees from Glow Labs.', relationship: 'speaking', organisation: 'Glow Labs', since: '2024-03-01'}

interface Case {
  name: string
  disclosure: Partial<Disclosure>
  claim: ClaimTopicOf
  bears: boolean
}

/** Periods: ongoing, ended within the last 12 months (and on the cutoff day itself), ended before. */
const PERIODS: Array<{name: string; until?: string | null; current: boolean}> = [
  {name: 'ongoing (no end date)', current: true},
  {name: 'ongoing (null end date)', until: null, current: true},
  {name: 'ends in the future', until: '2027-06-30', current: true},
  {name: 'ended today', until: '2026-11-24', current: true},
  {name: 'ended 3 months ago', until: '2026-08-31', current: true},
  {name: 'ended exactly 12 months ago (the cutoff day)', until: '2025-11-24', current: true},
  {name: 'ended 12 months and a day ago', until: '2025-11-23', current: false},
  {name: 'ended two years ago', until: '2024-10-01', current: false},
  {name: 'an end date that is not a date (cannot tell: shows)', until: 'soon', current: true},
]

/** Topics: none named, the claim's, another, several including the claim's; and a claim without a topic. */
const TOPICS: Array<{name: string; topics?: Disclosure['topics']; claim: ClaimTopicOf; matches: boolean}> = [
  {name: 'names no topics', claim: {topic: 'skin'}, matches: true},
  {name: 'names an empty list', topics: [], claim: {topic: 'skin'}, matches: true},
  {name: "names the claim's topic", topics: ['skin'], claim: {topic: 'skin'}, matches: true},
  {name: "names several, the claim's among them", topics: ['nutrition', 'skin'], claim: {topic: 'skin'}, matches: true},
  {name: 'names another topic', topics: ['nutrition'], claim: {topic: 'skin'}, matches: false},
  {name: 'names topics, the claim has none set', topics: ['nutrition'], claim: {}, matches: true},
  {name: 'names topics, the claim topic is null', topics: ['nutrition'], claim: {topic: null}, matches: true},
  {name: 'names no topics, the claim has none set', claim: {}, matches: true},
]

const CASES: Case[] = PERIODS.flatMap((period) =>
  TOPICS.map((topics) => ({
    name: `${period.name}; ${topics.name}`,
    disclosure: {...(period.until !== undefined ? {until: period.until} : {}), ...(topics.topics !== undefined ? {topics: topics.topics} : {})},
    claim: topics.claim,
    bears: period.current && topics.matches,
  })),
)

describe('disclosureBearsOn', () => {
  it.each(CASES)('$name: bears $bears', ({disclosure, claim, bears}) => {
    expect(disclosureBearsOn({...base, ...disclosure}, claim, NOW)).toBe(bears)
  })

  it('keeps relationships that ended within the last 12 months, whatever the time of day', () => {
    expect(DISCLOSURE_WINDOW_MONTHS).toBe(12)
    expect(disclosureCutoff(NOW)).toBe('2025-11-24')
    expect(disclosureCutoff('2026-11-24T23:59:59.999Z')).toBe('2025-11-24')
    expect(disclosureCutoff(new Date('2026-01-05T00:00:00Z'))).toBe('2025-01-05')
    // A day that does not exist a year back rolls forward, never keeping more than 12 months.
    expect(disclosureCutoff('2028-02-29T12:00:00Z')).toBe('2027-03-01')
    // An end given as a date-time counts by its UTC day.
    expect(disclosureIsCurrent({until: '2025-11-24T23:00:00-05:00'}, NOW)).toBe(true)
    expect(disclosureIsCurrent({until: '2025-11-23T12:00:00Z'}, NOW)).toBe(false)
  })
})

describe('conflictsFor', () => {
  it("returns the disclosures that bear on the claim, in the expert's order", () => {
    const disclosures: Array<Disclosure | null> = [
      {...base, _key: 'skin', topics: ['skin']},
      null,
      {...base, _key: 'food', topics: ['nutrition']},
      {...base, _key: 'old', until: '2023-01-31'},
      {...base, _key: 'all'},
    ]
    expect(conflictsFor(disclosures, {topic: 'skin'}, NOW).map((c) => c.key)).toEqual(['skin', 'all'])
    expect(conflictsFor(disclosures, {topic: 'nutrition'}, NOW).map((c) => c.key)).toEqual(['food', 'all'])
    expect(conflictsFor(undefined, {topic: 'skin'}, NOW)).toEqual([])
    expect(conflictsFor(null, {}, NOW)).toEqual([])
  })

  it('reads only objects from an expert as a query hands it over', () => {
    expect(disclosuresOf({disclosures: [base, null]})).toEqual([base])
    expect(disclosuresOf({disclosures: null})).toEqual([])
    expect(disclosuresOf(undefined)).toEqual([])
  })
})

describe('the words', () => {
  it("the fact-checker's line: the relationship and organisation, with since when", () => {
    const conflict = describeDisclosure(base, NOW)
    expect(conflict).toMatchObject({key: 'd1', relationship: 'speaking', relationshipTitle: 'Speaking fees', organisation: 'Glow Labs', since: '2024-03', ended: false, period: 'since 2024-03'})
    expect(conflictLine(conflict)).toBe('Conflict of interest: Has received speaking fees from Glow Labs, since 2024-03')
  })

  it("the reader's sentence after the expert's name, in the past once the relationship ended", () => {
    expect(conflictSentence('Dr. Lena Marsh', describeDisclosure(base, NOW))).toBe('Dr. Lena Marsh has received speaking fees from Glow Labs.')
    const ended = describeDisclosure({...base, relationship: 'employment', since: '2019-01-01', until: '2026-06-30'}, NOW)
    expect(ended).toMatchObject({ended: true, period: '2019-01 to 2026-06'})
    expect(conflictSentence('Dr. Lena Marsh', ended, (month) => `[${month}]`)).toBe('Dr. Lena Marsh was employed by Glow Labs until [2026-06].')
    expect(conflictLine(ended)).toBe('Conflict of interest: Was employed by Glow Labs, 2019-01 to 2026-06')
  })

  it('falls back to the statement as written without an organisation, or for another kind of relationship', () => {
    const noOrganisation = describeDisclosure({...base, organisation: null, statement: 'Paid consultant for a micro-needling device maker.', relationship: 'consulting'}, NOW)
    expect(noOrganisation.predicate).toBeUndefined()
    expect(conflictLine(noOrganisation)).toBe('Conflict of interest: Paid consultant for a micro-needling device maker, since 2024-03')
    expect(conflictSentence('Dr. X', noOrganisation)).toBe('Dr. X discloses: Paid consultant for a micro-needling device maker.')
    const other = describeDisclosure({_key: 'o', relationship: 'other', organisation: 'Acme', statement: 'Sits on the board of a patient charity funded by Acme.'}, NOW)
    expect(conflictLine(other)).toBe('Conflict of interest: Sits on the board of a patient charity funded by Acme')
    // A statement that reads on from the name follows it; an ended one says until when.
    const written = describeDisclosure({relationship: 'speaking', statement: 'Has received speaking fees from a fish-oil supplement brand.', until: '2026-05-31'}, NOW)
    expect(conflictSentence('Dr. Lena Marsh', written)).toBe('Dr. Lena Marsh has received speaking fees from a fish-oil supplement brand (until 2026-05).')
    const bare = describeDisclosure({relationship: 'royalties'}, NOW, 3)
    expect(bare).toMatchObject({key: '3', summary: 'Royalties or licensing', period: ''})
  })

  it('names the topics a disclosure is limited to by their titles', () => {
    expect(describeDisclosure({...base, topics: ['skin', 'medicines']}, NOW).topics).toEqual(['Skin, hair and nails', 'Medicines and supplements'])
  })
})
