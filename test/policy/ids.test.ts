/** Document ids: the one definition of drafts, release versions and published ids (rules/ids.ts). */
import {describe, expect, it} from 'vitest'
import {
  getDraftId,
  getPublishedId,
  getReleaseName,
  getVersionId,
  isDraftId,
  isIdOf,
  isPublishedId,
  isVersionId,
} from '../../plugins/medical-claims/rules/ids.ts'

describe('document ids', () => {
  it.each([
    ['article-1', 'article-1', 'published', null],
    ['drafts.article-1', 'article-1', 'draft', null],
    ['versions.rSpring.article-1', 'article-1', 'version', 'rSpring'],
    ['versions.rSpring', 'rSpring', 'version', null],
  ])('%s', (id, published, kind, release) => {
    expect(getPublishedId(id)).toBe(published)
    expect({draft: isDraftId(id), version: isVersionId(id), published: isPublishedId(id)}).toEqual({
      draft: kind === 'draft',
      version: kind === 'version',
      published: kind === 'published',
    })
    expect(getReleaseName(id)).toBe(release)
  })

  it('makes draft and version ids from any id of a document', () => {
    expect(getDraftId('article-1')).toBe('drafts.article-1')
    expect(getDraftId('versions.r1.article-1')).toBe('drafts.article-1')
    expect(getVersionId('drafts.article-1', 'rSpring')).toBe('versions.rSpring.article-1')
  })

  it('tells which ids belong to one document', () => {
    expect(['article-1', 'drafts.article-1', 'versions.r1.article-1', 'article-10', 'drafts.article-2'].filter((id) => isIdOf(id, 'article-1'))).toEqual([
      'article-1',
      'drafts.article-1',
      'versions.r1.article-1',
    ])
  })
})
