/**
 * The site's page renderers (site/pages.ts, site/portableText.ts): everything from the dataset is
 * escaped, unsafe links are dropped, footnotes follow reading order.
 */
import {describe, expect, it} from 'vitest'
import type {ArticlePage} from '../../jsonld/article.ts'
import {siteQueries} from '../../queries/fetch.ts'
import {dotted, formatDate, html, isoDay, safeExternalUrl} from '../../site/html.ts'
import {renderArticle, renderNotFound, renderSitemap, type SiteContext} from '../../site/pages.ts'
import {collectFootnotes} from '../../site/portableText.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {createSeedClient} from '../fixtures/seedClient.ts'
import {loadSeed} from '../fixtures/seed.ts'

const ctx: SiteContext = {siteUrl: 'https://health.example', siteName: 'Vouched & Co', now: SEED_NOW}

async function winter(): Promise<ArticlePage> {
  const page = await siteQueries(createSeedClient(loadSeed()), {now: () => SEED_NOW}).article('dermatologist-winter-skincare-routine')
  if (!page) throw new Error('the seed article is not servable')
  return page
}

const EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'

describe('renderArticle', () => {
  it('escapes every value from the dataset', async () => {
    const page = await winter()
    const body = structuredClone(page.body ?? [])
    const block = body.find((b) => b._type === 'block' && (b.markDefs ?? []).some((d) => d._type === 'medicalClaim'))
    if (!block || block._type !== 'block') throw new Error('expected a block with a claim')
    block.children = [...(block.children ?? []), {_type: 'span', _key: 'evil', text: EVIL, marks: []}, {_type: 'span', _key: 'lnk', text: 'click', marks: ['bad-link']}]
    block.markDefs = [...(block.markDefs ?? []), {_type: 'link', _key: 'bad-link', href: 'javascript:alert(1)', openInNewTab: null}]
    for (const def of block.markDefs) if (def._type === 'medicalClaim' && def.expert) def.expert = {...def.expert, name: EVIL}
    const doctored: ArticlePage = {...page, title: EVIL, dek: `"quoted" ${EVIL}`, body}
    const out = renderArticle(ctx, doctored)
    expect(out).not.toContain('<script>alert')
    expect(out).not.toContain('<img src=x')
    expect(out).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;')
    expect(out).not.toContain('javascript:')
    expect(out).toContain('click')
    // The only script element is the JSON-LD one, and it cannot be closed early.
    expect(out.match(/<script/g)).toHaveLength(1)
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(out)?.[1] ?? ''
    expect(JSON.parse(jsonLd).headline).toBe(EVIL)
    expect(out).toContain('<a href="/">Vouched &amp; Co</a>')
  })

  it('leaves no stray separator when the author or the published date is missing', async () => {
    const page = await winter()
    const meta = (p: ArticlePage) => /<header>[\s\S]*?<p class="meta">([^<]*(?:<time[^>]*>[^<]*<\/time>)?[^<]*)<\/p>\s*<p class="review"/.exec(renderArticle(ctx, p))?.[1] ?? 'no meta line'
    expect(meta({...page, author: {name: 'Sarah Joseph'} as never, publishedAt: null})).toBe('By Sarah Joseph')
    expect(meta({...page, author: null, publishedAt: '2026-09-22T09:00:00.000Z'})).toMatch(/^Published <time datetime="2026-09-22">/)
    expect(meta({...page, author: null, publishedAt: null})).toBe('')
  })

  it('leaves no empty date slot in the byline when the published date is blank or not a date', async () => {
    const page = await winter()
    const meta = (p: ArticlePage) => /<p class="meta">((?:(?!<p)[\s\S])*?)<\/p>\s*<p class="review"/.exec(renderArticle(ctx, p))?.[1] ?? 'no meta line'
    for (const publishedAt of ['', '   ', 'not a date']) {
      expect(meta({...page, author: {name: 'Sarah Joseph'} as never, publishedAt})).toBe('By Sarah Joseph')
    }
    expect(renderArticle(ctx, {...page, publishedAt: '   '})).not.toContain('<time datetime="">')
  })

  it('lists the corrections newest first and says under the byline when the article was last updated', async () => {
    const page = await winter()
    const corrected: ArticlePage = {
      ...page,
      author: {name: 'Sarah Joseph'} as never,
      corrections: [
        {_key: 'late', summary: 'We corrected the humidity figure to 40%.', reason: 'The study reported 40%, not 60%.', correctedAt: '2026-11-30T16:20:00.000Z'},
        {_key: 'early', summary: `We fixed a link. ${EVIL}`, reason: null, correctedAt: '2026-10-02T08:00:00.000Z'},
        {_key: 'undated', summary: 'Never stamped.', reason: null, correctedAt: null},
      ],
    }
    const out = renderArticle(ctx, corrected)
    // Under the byline, before the medical review: the newest correction's day.
    expect(out).toMatch(/<p class="meta">By Sarah Joseph · Published <time[^>]*>[^<]*<\/time><\/p>\s*<p class="updated" data-testid="updated">Updated <time datetime="2026-11-30">30 November 2026<\/time><\/p>\s*<p class="review"/)
    const section = /<section class="corrections"[\s\S]*?<\/section>/.exec(out)?.[0] ?? ''
    expect(section).toContain('<h2 id="corrections-heading">Corrections</h2>')
    const items = [...section.matchAll(/<li data-correction="([^"]+)">([\s\S]*?)<\/li>/g)].map((m) => [m[1], m[2].replace(/<[^>]+>/g, '')])
    expect(items).toEqual([
      ['late', 'Updated 30 November 2026: We corrected the humidity figure to 40%. The study reported 40%, not 60%.'],
      ['early', 'Updated 2 October 2026: We fixed a link. &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ])
    expect(out).not.toContain('Never stamped.')
    expect(out.match(/<script/g)).toHaveLength(1)
  })

  it('shows no corrections section and no "Updated" line without a dated correction', async () => {
    const page = await winter()
    for (const corrections of [[], [{_key: 'draft', summary: 'Dated when published', reason: null, correctedAt: null}]]) {
      const out = renderArticle(ctx, {...page, corrections})
      expect(out).not.toContain('class="corrections"')
      expect(out).not.toContain('data-testid="updated"')
    }
  })

  it('numbers claims in reading order and links each to its footnote', async () => {
    const page = await winter()
    const footnotes = collectFootnotes(page.body, SEED_NOW)
    expect(footnotes.map((f) => [f.number, f.claimKey])).toEqual([
      [1, 'claim-winter-lips-scalp'],
      [2, 'claim-winter-dry-air'],
    ])
    expect(footnotes.every((f) => f.credential?.title === 'Medical licence (dermatology practice)')).toBe(true)
    const out = renderArticle(ctx, page)
    expect(out).toContain('<sup class="claim-ref" id="claim-ref-1"><a href="#claim-1"')
    expect(out).toContain('<li id="claim-2" data-claim="claim-winter-dry-air">')
    expect(out).toContain('<link rel="canonical" href="https://health.example/articles/dermatologist-winter-skincare-routine">')
  })

  it('names no credential in a footnote when none is current on the day', async () => {
    const page = await winter()
    expect(collectFootnotes(page.body, '2029-01-01T00:00:00Z').every((f) => f.credential === null)).toBe(true)
  })
})

describe('small helpers', () => {
  it('formats dates in UTC and keeps unparseable ones as they are', () => {
    expect(formatDate('2026-09-18')).toBe('18 September 2026')
    expect(formatDate('2026-09-18T23:30:00-05:00')).toBe('19 September 2026')
    expect(formatDate('soon')).toBe('soon')
    expect(isoDay('2026-09-18T23:30:00-05:00')).toBe('2026-09-19')
  })

  it('allows http(s) and mailto links only', () => {
    expect(safeExternalUrl('https://doi.org/10.1/x')).toBe('https://doi.org/10.1/x')
    expect(safeExternalUrl('mailto:a@example.com')).toBe('mailto:a@example.com')
    expect(safeExternalUrl('javascript:alert(1)')).toBeNull()
    expect(safeExternalUrl('data:text/html,hi')).toBeNull()
    expect(safeExternalUrl('not a url')).toBeNull()
  })

  it('joins the parts that are there with a middle dot, escaping text', () => {
    expect(dotted(['Skin care', null, html`<time>1 Oct</time>`, undefined, '', false, 'A & B']).value).toBe('Skin care · <time>1 Oct</time> · A &amp; B')
    expect(dotted([null, '']).value).toBe('')
    // Html that renders to nothing is not a part either (no "By Sarah Joseph · " with an empty slot).
    expect(dotted(['By Sarah Joseph', html``, html`  `, '  ']).value).toBe('By Sarah Joseph')
  })

  it('escapes interpolations but keeps nested html', () => {
    expect(html`<p title="${'"x"'}">${'<b>'}${html`<i>ok</i>`}${['a', '&']}</p>`.value).toBe('<p title="&quot;x&quot;">&lt;b&gt;<i>ok</i>a&amp;</p>')
  })

  it('escapes the 404 path and the sitemap URLs', () => {
    expect(renderNotFound(ctx, '/articles/<x>')).toContain('<code>/articles/&lt;x&gt;</code>')
    const xml = renderSitemap({...ctx, siteUrl: 'https://health.example'}, {articles: [{slug: 'a&b', _updatedAt: '2026-10-01T00:00:00Z'}], experts: [], procedures: []})
    expect(xml).toContain('<loc>https://health.example/articles/a%26b</loc><lastmod>2026-10-01</lastmod>')
    expect(xml).toContain('<loc>https://health.example/</loc>')
  })
})
