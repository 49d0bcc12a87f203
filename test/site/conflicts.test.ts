/**
 * Conflicts of interest on the reference site: beside a claim's attribution, a note for each of
 * its expert's disclosures that bears on it (current, and naming the claim's topic or none:
 * plugins/medical-claims/conflicts.ts); the expert page keeps its list, of current disclosures;
 * the JSON-LD says them in the expert's `description`. Over the seed answered by groq-js, then
 * over a real local lake where an editor adds a disclosure to a published expert.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {JsonLd} from '../../jsonld/article.ts'
import {siteQueries} from '../../queries/fetch.ts'
import {renderArticle, renderExpert, type SiteContext} from '../../site/pages.ts'
import {startSite, type RunningSite} from '../../site/server.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {createSeedClient} from '../fixtures/seedClient.ts'
import {loadSeed, type SeedDocument} from '../fixtures/seed.ts'
import {WINTER_SLUG, mutate, startTestLake, type LakeFixture} from './lakeFixture.ts'

const ctx: SiteContext = {siteUrl: 'https://health.example', siteName: 'Vouched', now: SEED_NOW}
const BIALAS = 'expert-rebecca-bialas'
const EVIL = '<script>alert(1)</script>'

/** Dr. Rebecca Bialas vouches for the winter article's two claims, both on skin. Today is 2026-11-01. */
const DISCLOSURES = [
  {_key: 'glow', _type: 'disclosure', statement: 'Speaking fees from Glow Labs, which makes emollients.', relationship: 'speaking', organisation: 'Glow Labs', topics: ['skin'], since: '2024-03-01'},
  {_key: 'omega', _type: 'disclosure', statement: 'Advises a fish-oil brand.', relationship: 'consulting', organisation: 'Omega Co', topics: ['nutrition']},
  {_key: 'derma', _type: 'disclosure', statement: 'Worked for a skin-care company.', relationship: 'employment', organisation: 'Derma Inc', since: '2019-01-01', until: '2026-06-30'},
  {_key: 'old', _type: 'disclosure', statement: 'Held shares in Old Pharma.', relationship: 'ownership', organisation: 'Old Pharma', until: '2025-09-30'},
]

function seedWith(expertId: string, disclosures: unknown[]): SeedDocument[] {
  return loadSeed().map((doc) => (doc._id === expertId ? {...doc, disclosures} : doc))
}

async function pages(documents: SeedDocument[]) {
  const queries = siteQueries(createSeedClient(documents), {now: () => SEED_NOW})
  return {
    article: async (slug: string) => {
      const page = await queries.article(slug)
      if (!page) throw new Error(`${slug} is not servable`)
      return renderArticle(ctx, page)
    },
    expert: async (slug: string) => {
      const expert = await queries.expert(slug)
      if (!expert) throw new Error(`no expert ${slug}`)
      return renderExpert(ctx, expert)
    },
  }
}

/** Each footnote's key with the text of its attribution and the notes after it. */
function footnotes(out: string): Array<{claim: string; vouched: string; notes: Array<[string, string]>}> {
  return [...out.matchAll(/<li id="claim-\d+" data-claim="([^"]+)">([\s\S]*?)<\/li>/g)].map(([, claim, body]) => ({
    claim,
    vouched: (/<p class="vouched">([\s\S]*?)<\/p>/.exec(body)?.[1] ?? '').replace(/<[^>]+>/g, ''),
    notes: [...body.matchAll(/<p class="conflict" role="note" aria-label="Conflict of interest" data-disclosure="([^"]+)">([\s\S]*?)<\/p>/g)].map((m) => [m[1], m[2]] as [string, string]),
  }))
}

function jsonLdOf(out: string): JsonLd {
  return JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(out)?.[1] ?? '{}') as JsonLd
}

describe('conflicts of interest on the article page', () => {
  it("notes, beside each claim's attribution, the disclosures that bear on it, and no other", async () => {
    const out = await (await pages(seedWith(BIALAS, DISCLOSURES))).article(WINTER_SLUG)
    const notes: Array<[string, string]> = [
      ['glow', 'Dr. Rebecca Bialas has received speaking fees from Glow Labs.'],
      ['derma', 'Dr. Rebecca Bialas was employed by Derma Inc until June 2026.'],
    ]
    expect(footnotes(out)).toEqual([
      {claim: 'claim-winter-lips-scalp', vouched: expect.stringContaining('Vouched for by Dr. Rebecca Bialas'), notes},
      {claim: 'claim-winter-dry-air', vouched: expect.stringContaining('Vouched for by Dr. Rebecca Bialas'), notes},
    ])
    // Right after the attribution, before the claim's sources.
    expect(out).toMatch(/<p class="vouched">[\s\S]*?<\/p>\s*<p class="conflict"[^>]*data-disclosure="glow">/)
    // Another topic (nutrition) and a relationship that ended more than 12 months ago: nowhere on the page.
    for (const text of ['Omega Co', 'fish-oil', 'Old Pharma']) expect(out).not.toContain(text)
  })

  it("shows the seed expert's disclosure as written, since it names no organisation or topic", async () => {
    const out = await (await pages(loadSeed())).article('omega-3-hair-skin-nails')
    expect(footnotes(out).map((f) => f.notes)).toEqual([[['speaking-fees', 'Dr. Lena Marsh has received speaking fees from a (fictional) fish-oil supplement brand.']]])
  })

  it('shows no note for an expert without disclosures, or whose disclosures all concern other topics', async () => {
    expect(footnotes(await (await pages(loadSeed())).article(WINTER_SLUG)).every((f) => f.notes.length === 0)).toBe(true)
    const otherTopics = seedWith(BIALAS, DISCLOSURES.filter((d) => d._key === 'omega' || d._key === 'old'))
    const out = await (await pages(otherTopics)).article(WINTER_SLUG)
    expect(out).not.toContain('class="conflict"')
  })

  it('escapes what the disclosure says', async () => {
    const evil = [{_key: 'e"vil', _type: 'disclosure', statement: EVIL, relationship: 'speaking', organisation: `Glow ${EVIL}`, topics: ['skin']}]
    const out = await (await pages(seedWith(BIALAS, evil))).article(WINTER_SLUG)
    expect(out).toContain('Dr. Rebecca Bialas has received speaking fees from Glow &lt;script&gt;alert(1)&lt;/script&gt;.')
    expect(out).toContain('data-disclosure="e&quot;vil"')
    expect(out.match(/<script/g)).toHaveLength(1)
  })

  it("says the conflicts in the JSON-LD, in the description of the expert's Person", async () => {
    const jsonLd = jsonLdOf(await (await pages(seedWith(BIALAS, DISCLOSURES))).article(WINTER_SLUG))
    expect(jsonLd.contributor).toEqual([
      {
        '@type': 'Person',
        '@id': 'https://health.example/experts/rebecca-bialas#person',
        name: 'Dr. Rebecca Bialas',
        honorificSuffix: 'MD, MPH',
        url: 'https://health.example/experts/rebecca-bialas',
        description: 'Conflict of interest: Dr. Rebecca Bialas has received speaking fees from Glow Labs. Dr. Rebecca Bialas was employed by Derma Inc until 2026-06.',
      },
    ])
    // The reviewer, who vouches for no claim here, is described by nothing of hers.
    expect(jsonLd.reviewedBy).not.toHaveProperty('description')
  })
})

describe("the expert's page", () => {
  it('keeps listing the disclosures, with whom and when, leaving out those that ended more than 12 months ago', async () => {
    const out = await (await pages(seedWith(BIALAS, DISCLOSURES))).expert('rebecca-bialas')
    const items = [...out.matchAll(/<li data-disclosure="([^"]+)">([\s\S]*?)<\/li>/g)].map((m) => [m[1], m[2]])
    expect(items).toEqual([
      ['glow', 'Speaking fees from Glow Labs, which makes emollients. (Glow Labs, since 1 March 2024)'],
      ['omega', 'Advises a fish-oil brand. (Omega Co)'],
      ['derma', 'Worked for a skin-care company. (Derma Inc, 1 January 2019 to 30 June 2026)'],
    ])
    expect(out).toContain('<h2>Disclosures</h2>')
    expect(out).not.toContain('Old Pharma')
  })

  it('shows no Disclosures heading when none is current', async () => {
    const out = await (await pages(seedWith(BIALAS, DISCLOSURES.filter((d) => d._key === 'old')))).expert('rebecca-bialas')
    expect(out).not.toContain('<h2>Disclosures</h2>')
  })
})

describe('over a real local lake', () => {
  let fixture: LakeFixture
  let site: RunningSite

  beforeAll(async () => {
    fixture = await startTestLake()
    site = await startSite({lakeUrl: fixture.lake.url, token: fixture.tokens['p-morgan'], port: 0, now: () => SEED_NOW})
  })

  afterAll(async () => {
    await site?.close()
    await fixture?.close()
  })

  it("shows a disclosure an editor adds to a published expert beside the expert's claims, and on the expert's page", async () => {
    const before = await (await fetch(`${site.url}/articles/${WINTER_SLUG}`)).text()
    expect(before).not.toContain('class="conflict"')
    const res = await mutate(fixture, fixture.tokens['p-priya'], [{patch: {id: BIALAS, setIfMissing: {disclosures: []}, insert: {after: 'disclosures[-1]', items: [DISCLOSURES[0], DISCLOSURES[1]]}}}])
    expect(res.status, res.body).toBe(200)
    const page = await fetch(`${site.url}/articles/${WINTER_SLUG}`)
    expect(page.status).toBe(200)
    const out = await page.text()
    expect(footnotes(out).map((f) => f.notes)).toEqual([
      [['glow', 'Dr. Rebecca Bialas has received speaking fees from Glow Labs.']],
      [['glow', 'Dr. Rebecca Bialas has received speaking fees from Glow Labs.']],
    ])
    expect(out).not.toContain('Omega Co')
    const profile = await (await fetch(`${site.url}/experts/rebecca-bialas`)).text()
    expect(profile).toContain('<li data-disclosure="omega">Advises a fish-oil brand. (Omega Co)</li>')
  })
})
