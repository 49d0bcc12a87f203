/**
 * The pages and the JSON-LD read query results by the kind each value should be (jsonld/article.ts
 * readers): the Content Lake accepts any JSON in a document, so an editor can write a text where a
 * list belongs (`postnominals: "MD"`), a list where a text belongs, or a name such as
 * `constructor`. Starting from real query results over the seed (filled out so that every field
 * of the page types holds a value), each field path in turn gets each wrong value; every page must
 * still render, with no "[object Object]", "undefined" or "NaN" in it and no dangling separator.
 * Marks, styles, list types and body types named after Object.prototype members render the text
 * plainly (@portabletext/to-html looks them up by plain object index).
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {BODY_DECORATORS, BODY_LISTS, BODY_STYLES, articleJsonLd, type ArticlePage} from '../../jsonld/article.ts'
import {siteQueries} from '../../queries/fetch.ts'
import type {ARTICLE_LISTING_QUERY_RESULT, EXPERT_PROFILE_QUERY_RESULT, PROCEDURE_PAGE_QUERY_RESULT} from '../../sanity.types.ts'
import {renderArticle, renderExpert, renderHome, renderProcedure, type SiteContext} from '../../site/pages.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {createSeedClient} from '../fixtures/seedClient.ts'
import {loadSeed} from '../fixtures/seed.ts'

const ctx: SiteContext = {siteUrl: 'https://health.example', siteName: 'Vouched', now: SEED_NOW}

type Expert = NonNullable<EXPERT_PROFILE_QUERY_RESULT>
type Procedure = NonNullable<PROCEDURE_PAGE_QUERY_RESULT>
type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
type Path = Array<string | number>

/** The values each field path gets in turn. */
const WRONG: ReadonlyArray<{label: string; value: Json}> = [
  {label: 'a text', value: 'MD'},
  {label: 'a number', value: 7},
  {label: 'true', value: true},
  {label: 'an object', value: {}},
  {label: 'an empty list', value: []},
  {label: 'a list holding an object', value: [{}]},
  {label: 'null', value: null},
  {label: '"constructor"', value: 'constructor'},
]

interface Pages {
  article: ArticlePage
  expert: Expert
  procedure: Procedure
  listing: ARTICLE_LISTING_QUERY_RESULT
}

/** A teaser with every field filled (the seed's have no author, corrections or postnominals). */
function fullTeaser(teaser: ArticlePage['related'][number]): ArticlePage['related'][number] {
  return {
    ...teaser,
    _updatedAt: '2026-10-01T09:00:00.000Z',
    author: {name: 'Sarah Joseph', slug: 'sarah-joseph'},
    corrections: [{_key: 'fix', summary: 'We fixed a figure.', reason: 'It was misread.', correctedAt: '2026-10-20T09:00:00.000Z'}],
    medicalReview: teaser.medicalReview && {...teaser.medicalReview, reviewer: teaser.medicalReview.reviewer && {...teaser.medicalReview.reviewer, postnominals: ['MD', 'FAAD']}},
  }
}

/** The query results for the seed's published olive-oil article, Dr. Kazlouskaya's page, the micro-needling page and the home page, filled out. */
async function realPages(): Promise<Pages> {
  const queries = siteQueries(createSeedClient(loadSeed()), {now: () => SEED_NOW})
  const [article, expert, procedure, listing] = await Promise.all([
    queries.article('olive-oil-on-skin'),
    queries.expert('viktoryia-kazlouskaya'),
    queries.procedure('micro-needling'),
    queries.listing(1, 10),
  ])
  if (!article || !expert || !procedure) throw new Error('the seed pages are not servable')
  const teaser = fullTeaser(listing.articles[0])
  const disclosure = {_key: 'glow', statement: 'Speaking fees from Glow Labs.', relationship: 'speaking' as const, organisation: 'Glow Labs', topics: ['skin'], since: '2024-03-01', until: '2027-01-31'}
  const body = structuredClone(article.body ?? [])
  // One claim keeps its full shape; the second block's claim shares the expert, so drop its copy of the citations to keep the walk short.
  const claimBlock = body.find((b) => b._type === 'block' && (b.markDefs ?? []).some((d) => d._type === 'medicalClaim'))
  if (!claimBlock || claimBlock._type !== 'block') throw new Error('expected a block with claims')
  claimBlock.markDefs = (claimBlock.markDefs ?? []).map((def, i) =>
    def._type === 'medicalClaim' ? {...def, citations: i === 0 ? def.citations : [], expert: def.expert && {...def.expert, disclosures: [disclosure]}} : def,
  )
  claimBlock.markDefs.push({_type: 'link', _key: 'lnk', href: 'https://example.org/olive', openInNewTab: true})
  claimBlock.children = [...(claimBlock.children ?? []), {_type: 'span', _key: 'linked', text: 'Read more', marks: ['lnk', 'em']}]
  const procedureRow = {_id: procedure._id, name: procedure.name, slug: procedure.slug, aliases: procedure.aliases, summary: procedure.summary, contraindications: (procedure.contraindications ?? []).slice(0, 2), risks: (procedure.risks ?? []).slice(0, 1)}
  return {
    article: {
      ...article,
      _updatedAt: '2026-10-01T09:00:00.000Z',
      author: {name: 'Sarah Joseph', slug: 'sarah-joseph'},
      corrections: [{_key: 'late', summary: 'We corrected a figure.', reason: 'The study said 40%.', correctedAt: '2026-10-30T16:20:00.000Z'}],
      body: [
        ...body.filter((b) => b._type !== 'block' || b._key !== 'oo-intro-2'),
        {_type: 'block', _key: 'list-1', style: 'normal', listItem: 'bullet', level: 2, markDefs: [], children: [{_type: 'span', _key: 'l1', text: 'Patch test first.', marks: ['strong']}]},
        {_type: 'figure', _key: 'fig', alt: 'A bottle of olive oil', caption: 'Olive oil', credit: 'Photo: Example'},
      ],
      medicalReview: article.medicalReview && {...article.medicalReview, reviewer: article.medicalReview.reviewer && {...article.medicalReview.reviewer, postnominals: ['MD']}},
      procedures: [procedureRow],
      related: [teaser],
    },
    expert: {
      ...expert,
      postnominals: ['MD', 'PhD'],
      specialties: ['Dermatology'],
      affiliations: [{organisation: 'Dermatology Circle PLLC', role: 'Founder'}],
      disclosures: [disclosure],
      vouchedFor: [teaser],
      reviewed: [],
    },
    procedure: {...procedure, contraindications: (procedure.contraindications ?? []).slice(0, 2), risks: (procedure.risks ?? []).slice(0, 2), articles: [teaser]},
    listing: {total: 11, articles: [teaser, ...listing.articles.slice(1)]},
  }
}

/** Every path in the value (objects' fields and lists' items, at any depth), parents before children. */
function paths(value: Json, prefix: Path = []): Path[] {
  const out: Path[] = []
  const children: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : []
  for (const [key, child] of children) {
    out.push([...prefix, key], ...paths(child, [...prefix, key]))
  }
  return out
}

function withValue<T>(data: T, path: Path, value: Json): T {
  const copy = structuredClone(data) as unknown as {[key: string]: Json}
  let node: {[key: string | number]: Json} = copy
  for (const key of path.slice(0, -1)) node = node[key] as {[key: string | number]: Json}
  node[path[path.length - 1]] = structuredClone(value)
  return copy as unknown as T
}

function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'list' : typeof value
}

function at(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], data)
}

/** What a reader reads: the page without markup, scripts and styles. */
function visibleText(page: string): string {
  return page
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<(p|li|h1|h2|h3|dt|dd|div|section|figcaption|ul|ol|header|footer|main|nav|title)\b[^>]*>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/[ \t]+/g, ' ')
}

/** Separators with nothing on one side: "By ·", "· ·", ", ,", "( , x)", "x: ." and the like. */
const DANGLING: ReadonlyArray<RegExp> = [/·\s*·/, /(^|\n)\s*·/, /·\s*(\n|$)/, /\bBy\s*(·|\n|$)/, /,\s*,/, /\(\s*[,)]/, /,\s*\)/, /(^|\n)\s*,/, /,\s*(\n|$)/, /:\s*[,.;]/, /\bon\s*(\n|$)/, /Also known as\s*(\n|$)/, /Risks:\s*(\n|$)/]

function problems(page: string): string[] {
  const found = ['[object Object]', 'undefined', 'NaN'].filter((s) => page.includes(s))
  const text = visibleText(page)
  for (const pattern of DANGLING) {
    const match = pattern.exec(text)
    if (match) found.push(`dangling ${pattern}: …${JSON.stringify(text.slice(Math.max(0, match.index - 40), match.index + 40))}…`)
  }
  const jsonLd = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page)?.[1]
  if (jsonLd !== undefined) {
    try {
      JSON.parse(jsonLd)
    } catch {
      found.push('JSON-LD that does not parse')
    }
  }
  return found
}

type Renderer = (data: never) => string

const RENDERERS: Record<keyof Pages, Renderer> = {
  article: (page: ArticlePage) => {
    const jsonLd = JSON.stringify(articleJsonLd(page, {siteUrl: ctx.siteUrl, publisher: {name: ctx.siteName, url: ctx.siteUrl}, now: ctx.now}))
    return `${renderArticle(ctx, page)}\n${jsonLd}`
  },
  expert: (expert: Expert) => renderExpert(ctx, expert),
  procedure: (procedure: Procedure) => renderProcedure(ctx, procedure),
  listing: (listing: ARTICLE_LISTING_QUERY_RESULT) => renderHome(ctx, listing, 1, 10),
}

describe('pages over query results of the wrong shape', () => {
  let pages: Pages
  beforeAll(async () => {
    pages = await realPages()
  })

  it('render the real pages cleanly to begin with', () => {
    for (const [name, render] of Object.entries(RENDERERS) as Array<[keyof Pages, Renderer]>) {
      const out = render(pages[name] as never)
      expect(problems(out), name).toEqual([])
    }
    expect(RENDERERS.article(pages.article as never)).toContain('<p class="meta">By Sarah Joseph · Published')
    expect(RENDERERS.expert(pages.expert as never)).toContain('<h1>Dr. Viktoryia Kazlouskaya, MD, PhD</h1>')
    expect(RENDERERS.procedure(pages.procedure as never)).toContain('Also known as Collagen induction therapy')
  })

  for (const name of ['article', 'expert', 'procedure', 'listing'] as const) {
    it(`${name}: every field path, given each wrong value, still renders without a stray value or separator`, () => {
      const data = pages[name] as unknown as Json
      const all = paths(data)
      expect(all.length).toBeGreaterThan(name === 'listing' ? 40 : 60)
      const failures: string[] = []
      let renders = 0
      for (const path of all) {
        const original = at(data, path)
        for (const {label, value} of WRONG) {
          // Every wrong kind; the same kind only where it is another value (a text "constructor" in place of a text).
          if (kindOf(value) === kindOf(original) && JSON.stringify(value) === JSON.stringify(original)) continue
          renders++
          let out: string
          try {
            out = RENDERERS[name](withValue(data, path, value) as never)
          } catch (error) {
            failures.push(`${path.join('.')} = ${label}: throws ${error instanceof Error ? error.message : String(error)}`)
            continue
          }
          for (const problem of problems(out)) failures.push(`${path.join('.')} = ${label}: ${problem}`)
        }
      }
      expect(failures.slice(0, 20)).toEqual([])
      expect(renders).toBeGreaterThan(all.length * 5)
    })
  }

  it('reads the quoted faults as absent: postnominals and aliases that are a text', () => {
    const expert = RENDERERS.expert(withValue(pages.expert, ['postnominals'], 'MD') as never)
    expect(expert).toContain('<h1>Dr. Viktoryia Kazlouskaya</h1>')
    const procedure = RENDERERS.procedure(withValue(pages.procedure, ['aliases'], 'CIT') as never)
    expect(procedure).not.toContain('Also known as')
    const contraindications = RENDERERS.procedure(withValue(pages.procedure, ['contraindications'], 'Eczema') as never)
    expect(contraindications).toContain('<p>None recorded.</p>')
    const article = RENDERERS.article(withValue(pages.article, ['body', 1, 'markDefs', 0, 'expert', 'postnominals'], 'MD') as never)
    expect(article).toContain('Dr. Viktoryia Kazlouskaya</a>')
  })

  it('keeps a credential whose dates are not texts out of every claim (they cannot be judged)', () => {
    const expert = withValue(pages.expert, ['credentials', 0, 'expiresOn'], 20_300_101)
    expect(RENDERERS.expert(expert as never)).toContain('No current verified credential.')
  })
})

describe('marks, styles, list types and body types named after Object.prototype members', () => {
  const NAMES = ['constructor', 'hasOwnProperty', 'isPrototypeOf', 'toString', 'valueOf', '__proto__', 'propertyIsEnumerable', 'toLocaleString']

  function bodyPage(body: unknown[]): ArticlePage {
    return {_id: 'a', _updatedAt: '', title: 'T', slug: 't', dek: null, publishedAt: null, heroImage: null, corrections: [], author: null, category: null, body: body as never, medicalReview: null, procedures: null, related: []}
  }

  function bodyHtml(page: string): string {
    return /<div class="body">([\s\S]*?)<\/div>\s*(?:<section|<\/article>)/.exec(page)?.[1] ?? 'no body'
  }

  const block = (extra: Record<string, unknown>, marks: unknown[] = [], markDefs: unknown[] = []) => ({
    _type: 'block',
    _key: 'b',
    style: 'normal',
    markDefs,
    children: [{_type: 'span', _key: 's', text: 'Plain words.', marks}],
    ...extra,
  })

  for (const name of NAMES) {
    it(`"${name}" as a mark, a mark definition's type, a style, a list type and a body type: the text, plainly`, () => {
      const cases: Array<[string, unknown[], string]> = [
        ['mark', [block({}, [name])], '<p>Plain words.</p>'],
        ['mark definition type', [block({}, ['k'], [{_type: name, _key: 'k'}])], '<p>Plain words.</p>'],
        ['mark definition key and type', [block({}, [name], [{_type: name, _key: name}])], '<p>Plain words.</p>'],
        ['style', [block({style: name})], '<p>Plain words.</p>'],
        ['list type', [block({listItem: name, level: 1})], '<p>Plain words.</p>'],
        ['body type', [{...block({}), _type: name}, block({_key: 'c'})], '<p>Plain words.</p>'],
      ]
      for (const [what, body, expected] of cases) {
        const out = renderArticle(ctx, bodyPage(body))
        expect(bodyHtml(out), what).toBe(expected)
        expect(out, what).not.toContain('[object Object]')
        expect(out, what).not.toContain('function')
      }
    })
  }

  it('keeps the decorators the schema allows and a link whose key is a prototype name', () => {
    const out = renderArticle(
      ctx,
      bodyPage([block({}, ['strong', 'em', 'constructor', 'code', 'underline'], [{_type: 'link', _key: 'constructor', href: 'https://example.org/'}])]),
    )
    expect(bodyHtml(out)).toBe('<p><a href="https://example.org/" rel="noopener"><strong><em>Plain words.</em></strong></a></p>')
  })

  it('keeps the styles and list types the schema allows', () => {
    const out = bodyHtml(renderArticle(ctx, bodyPage([block({style: 'h2'}), block({_key: 'q', style: 'blockquote'}), block({_key: 'l', listItem: 'number', level: 1})])))
    expect(out).toBe('<h2>Plain words.</h2><blockquote>Plain words.</blockquote><ol><li>Plain words.</li></ol>')
  })

  it('renders a list item of an absurd depth at a bounded depth', () => {
    const out = bodyHtml(renderArticle(ctx, bodyPage([block({listItem: 'bullet', level: 1e9})])))
    expect(out.match(/<ul>/g)?.length).toBeLessThanOrEqual(10)
    expect(out).toContain('Plain words.')
  })

  it('renders slugs, DOIs and PubMed ids holding a lone surrogate (encodeURI and encodeURIComponent throw on one)', async () => {
    const page = (await realPages()).article
    const citationPath = paths(page as unknown as Json).find((path) => path[path.length - 1] === 'doi' && typeof at(page, path) === 'string')
    if (!citationPath) throw new Error('expected a cited DOI')
    let lone = withValue(withValue(page, ['slug'], 'olive\ud800'), ['related', 0, 'slug'], '\udc00x')
    lone = withValue(withValue(lone, citationPath, '10.5555/x\ud800'), [...citationPath.slice(0, -1), 'pmid'], '1\udc00')
    lone = withValue(lone, ['medicalReview', 'reviewer', 'slug'], 'ava\ud800')
    const out = renderArticle(ctx, lone)
    expect(out).toContain('https://doi.org/10.5555/x%EF%BF%BD')
    expect(out).toContain('/experts/ava%EF%BF%BD')
  })

  it('allows the styles, list types and decorators of the article body schema, and only those', () => {
    const schema = readFileSync(join(import.meta.dirname, '../../schemas/objects/articleBody.ts'), 'utf8')
    const values = (section: string) => [...(new RegExp(`${section}: \\[([\\s\\S]*?)\\]`).exec(schema)?.[1] ?? '').matchAll(/value: '([^']+)'/g)].map((m) => m[1])
    expect(values('styles')).toEqual([...BODY_STYLES])
    expect(values('lists')).toEqual([...BODY_LISTS])
    expect(values('decorators')).toEqual([...BODY_DECORATORS])
  })
})
