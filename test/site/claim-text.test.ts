// @vitest-environment jsdom
/**
 * What the site shows inside a claim is exactly what its approval covers: for every claim of every
 * compliant generated article (spans, inline objects of other types inside and beside claims,
 * children without text, claims sharing a block), the text renderBody puts inside the claim's mark
 * is the claim text claimFingerprint pins, and the whole paragraph is the text it pins around it.
 */
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'
import type {ArticlePage} from '../../jsonld/article.ts'
import {extractClaims} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {complianceParams} from '../../queries/compliance.ts'
import {ARTICLE_PAGE_QUERY, COMPLIANT_ARTICLE_IDS_QUERY} from '../../queries/site.ts'
import {collectFootnotes, renderBody} from '../../site/portableText.ts'
import {NOW, generateDataset, type GeneratedDoc} from '../queries/generated-dataset.ts'

async function run<R>(documents: ReadonlyArray<GeneratedDoc>, query: string, extra: Record<string, unknown> = {}): Promise<R> {
  const params = {...complianceParams(undefined, NOW), ...extra}
  return (await (await evaluate(parse(query, {params}), {dataset: documents, params})).get()) as R
}

/** The text of an element as a reader sees it: line breaks as `\n`, without the site's footnote numbers. */
function readerText(element: Element): string {
  const copy = element.cloneNode(true) as Element
  for (const sup of copy.querySelectorAll('sup.claim-ref')) sup.remove()
  for (const br of copy.querySelectorAll('br')) br.replaceWith('\n')
  return copy.textContent ?? ''
}

/** For each claim key, the text rendered inside its mark; and the text of each paragraph, in order. */
function rendered(page: ArticlePage): {claims: Map<string, string>; paragraphs: string[]} {
  const html = renderBody(page.body, collectFootnotes(page.body, NOW)).value
  const document = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html')
  const claims = new Map<string, string>()
  for (const span of document.querySelectorAll('span.claim')) {
    const key = span.getAttribute('data-claim') ?? ''
    claims.set(key, (claims.get(key) ?? '') + readerText(span))
  }
  const paragraphs = [...document.body.children].filter((el) => el.tagName === 'P').map(readerText)
  return {claims, paragraphs}
}

describe('the text the site renders inside a claim', () => {
  it.each([1, 2, 3])('is the claim text the approval covers, on every compliant generated article (seed %i)', async (seed) => {
    const {documents} = generateDataset(seed, 100)
    const ids = await run<string[]>(documents, COMPLIANT_ARTICLE_IDS_QUERY)
    expect(ids.length).toBeGreaterThan(20)
    let claimsChecked = 0
    let inlineObjects = 0
    for (const id of ids) {
      const stored = documents.find((d) => d._id === id) as unknown as ArticleDoc
      const page = await run<ArticlePage | null>(documents, ARTICLE_PAGE_QUERY, {slug: id})
      if (!page) throw new Error(`${id} is compliant but has no page`)
      const {claims, paragraphs} = rendered(page)
      const expected = extractClaims(stored.body)
      for (const claim of expected) {
        expect(claims.get(claim.key) ?? '', `${id} ${claim.key}`).toBe(claim.text)
        expect(paragraphs[claim.blockIndex], `${id} ${claim.blockKey}`).toBe(claim.context)
        claimsChecked++
      }
      // Nothing is marked as a claim that is not one.
      expect([...claims.keys()].filter((key) => !expected.some((c) => c.key === key))).toEqual([])
      for (const block of stored.body ?? []) {
        for (const child of (block as {children?: Array<{_type: string}>}).children ?? []) if (child._type !== 'span') inlineObjects++
      }
    }
    expect(claimsChecked).toBeGreaterThan(30)
    expect(inlineObjects).toBeGreaterThan(5)
  })

  it('shows an inline object of another type inside a claim as part of the claim, and one beside it outside', () => {
    const page = {
      body: [
        {
          _type: 'block',
          _key: 'b1',
          style: 'normal',
          listItem: null,
          level: null,
          markDefs: [{_type: 'medicalClaim', _key: 'k1', kind: 'benefit', expert: null, expertCredentials: null, citations: null}],
          children: [
            {_type: 'inlineNote', _key: 'n0', text: 'It is false that ', marks: []},
            {_type: 'span', _key: 's1', text: 'retinol ', marks: ['k1']},
            {_type: 'inlineNote', _key: 'n1', text: 'never ', marks: ['k1']},
            {_type: 'span', _key: 's2', text: 'helps', marks: ['k1', 'strong']},
          ],
        },
      ],
    } as unknown as ArticlePage
    const {claims, paragraphs} = rendered(page)
    expect(claims.get('k1')).toBe('retinol never helps')
    expect(paragraphs).toEqual(['It is false that retinol never helps'])
    const [claim] = extractClaims(page.body as never)
    expect([claim.text, claim.context]).toEqual(['retinol never helps', 'It is false that retinol never helps'])
  })
})
