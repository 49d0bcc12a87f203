/** Who edited an article (rules/editors.ts): the same answer for the Studio, the lake and the audit. */
import {describe, expect, it} from 'vitest'
import {HISTORY_ID_CHARS_PER_REQUEST, articleEditors, editorHistoryIds, historyIdBatches, historyTransactionsPath, parseHistoryAuthors, releaseNamesOf} from '../../plugins/medical-claims/rules/editors.ts'

describe('parseHistoryAuthors', () => {
  it('reads authors from NDJSON, arrays or one object, skipping what is not JSON', () => {
    expect(parseHistoryAuthors('{"author":"p-b"}\n\nnot json\n{"author":"p-a"}\n{"author":"p-b"}\n')).toEqual(['p-a', 'p-b'])
    expect(parseHistoryAuthors([{author: 'p-a'}, {id: 'x'}, null])).toEqual(['p-a'])
    expect(parseHistoryAuthors({author: 'p-c'})).toEqual(['p-c'])
    expect(parseHistoryAuthors(undefined)).toEqual([])
  })
})

describe('editorHistoryIds', () => {
  it('names the published id and the draft, from any id of the article', () => {
    expect(editorHistoryIds('article-1')).toEqual(['article-1', 'drafts.article-1'])
    expect(editorHistoryIds('drafts.article-1')).toEqual(['article-1', 'drafts.article-1'])
  })

  it("adds the article's release versions among the ids a door knows, and the version it was given", () => {
    const known = ['versions.rB.article-1', 'versions.rA.article-1', 'versions.rA.article-2', 'drafts.article-1', 'article-3']
    expect(editorHistoryIds('article-1', known)).toEqual(['article-1', 'drafts.article-1', 'versions.rA.article-1', 'versions.rB.article-1'])
    expect(editorHistoryIds('versions.rC.article-1')).toEqual(['article-1', 'drafts.article-1', 'versions.rC.article-1'])
  })

  it("adds the article's version in every release a door knows of, discarded versions included", () => {
    expect(editorHistoryIds('drafts.article-1', ['versions.rA.article-1'], ['rB', 'rA'])).toEqual(['article-1', 'drafts.article-1', 'versions.rA.article-1', 'versions.rB.article-1'])
  })

  it('is asked for in one history request', () => {
    expect(historyTransactionsPath('production', editorHistoryIds('article-1', ['versions.r1.article-1']))).toBe(
      '/data/history/production/transactions/article-1,drafts.article-1,versions.r1.article-1?excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true',
    )
  })
})

describe('releaseNamesOf and historyIdBatches', () => {
  it('reads release names from release documents and version ids, and nothing else', () => {
    expect(releaseNamesOf(['_.releases.rB', 'versions.rA.article-1', 'versions.rB.x', 'drafts.article-1', 'article-1', '_.releases.', '_.releases.a.b', '_.groups.x', 7, null])).toEqual(['rA', 'rB'])
  })

  it('keeps each history request to a bounded length of ids', () => {
    const ids = Array.from({length: 500}, (_, i) => `versions.r${i}.article-1`)
    const batches = historyIdBatches(ids)
    expect(batches.flat()).toEqual(ids)
    expect(batches.length).toBeGreaterThan(1)
    for (const batch of batches) expect(batch.map(encodeURIComponent).join(',').length).toBeLessThanOrEqual(HISTORY_ID_CHARS_PER_REQUEST)
    expect(historyIdBatches(['x'.repeat(HISTORY_ID_CHARS_PER_REQUEST + 10), 'a', 'b'])).toEqual([['x'.repeat(HISTORY_ID_CHARS_PER_REQUEST + 10)], ['a', 'b']])
  })
})

describe('articleEditors', () => {
  const history: Record<string, string[]> = {
    'article-1': ['p-morgan'],
    'drafts.article-1': ['p-priya', 'p-morgan'],
    'versions.rSpring.article-1': ['p-tom'],
    'article-2': ['p-dana'],
  }
  const authorsOf = (id: string) => history[id] ?? []

  it('counts the authors of the published document, its draft and its known release versions', () => {
    expect(articleEditors('article-1', authorsOf)).toEqual(['p-morgan', 'p-priya'])
    expect(articleEditors('article-1', authorsOf, {knownIds: ['versions.rSpring.article-1']})).toEqual(['p-morgan', 'p-priya', 'p-tom'])
  })

  it('counts the author of a pending write that changes any of them, and only then', () => {
    expect(articleEditors('article-1', authorsOf, {pending: {author: 'p-dana', changedIds: ['drafts.article-1']}})).toContain('p-dana')
    expect(articleEditors('article-1', authorsOf, {pending: {author: 'p-dana', changedIds: ['versions.rX.article-1']}})).toContain('p-dana')
    expect(articleEditors('article-1', authorsOf, {pending: {author: 'p-dana', changedIds: ['article-2', 'factcheck-1']}})).not.toContain('p-dana')
  })
})
