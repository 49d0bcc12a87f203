/**
 * The audit's pure core (audit/audit.ts, drift.ts, format.ts) on the seed and on articles that
 * were changed around the Studio.
 */
import {describe, expect, it} from 'vitest'
import {auditDataset, exitCodeFor, type AuditReport} from '../../audit/audit.ts'
import {AuditDataset, datasetOf} from '../../audit/dataset.ts'
import {changedParts} from '../../audit/drift.ts'
import {reviewFingerprint} from '../../plugins/medical-claims/rules/fingerprints.ts'
import type {ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {formatJson, formatText} from '../../audit/format.ts'
import {AuditSourceError, loadEditors} from '../../audit/sources.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {loadSeed} from '../fixtures/seed.ts'
import {APPROVER_EDITED_ID, DRIFTED_CLAIM, DRIFTED_ID, extendedSeed} from '../site/lakeFixture.ts'

function audit(documents: unknown[], editors: Map<string, string[]> | null = null, now = SEED_NOW): AuditReport {
  return auditDataset({dataset: datasetOf(documents, ['article']), editors, now, source: 'test documents'})
}

describe('auditDataset', () => {
  it('passes every published article of the seed and ignores the draft', () => {
    const report = audit(loadSeed())
    expect(report.totals).toEqual({articles: 3, passing: 3, failing: 0, drifted: 0, errors: 0, warnings: 0})
    expect(report.unpublished).toBe(1)
    expect(report.articles.map((a) => a.id)).toEqual(['article-olive-oil-skin', 'article-omega-3-hair-skin-nails', 'article-winter-skincare'])
    expect(report.editorCheck).toBe('unavailable')
    expect(exitCodeFor(report)).toBe(0)
  })

  it('fails an article whose claim changed after approval, and reports the drift', () => {
    const report = audit(extendedSeed())
    const drifted = report.articles.find((a) => a.id === DRIFTED_ID)
    expect(drifted?.status).toBe('fail')
    expect(drifted?.issues.map((i) => `${i.code}@${i.claimKey ?? ''}`)).toEqual([`claim.approvalStale@${DRIFTED_CLAIM}`, 'review.stale@'])
    expect(drifted?.issues[0].claimText).toContain('Central heating is the main culprit.')
    expect(drifted?.drift).toEqual([
      expect.objectContaining({claimKey: DRIFTED_CLAIM, approvedBy: 'Dana Whitfield', approvedAt: '2026-09-21T15:00:00.000Z', changed: ['text']}),
    ])
    expect(report.articles[0].id).toBe(DRIFTED_ID)
    expect(report.totals).toMatchObject({failing: 1, drifted: 1})
    expect(exitCodeFor(report)).toBe(1)
  })

  it('fails approvals by someone who edited the article when the history says so', () => {
    const without = audit(extendedSeed())
    expect(without.articles.find((a) => a.id === APPROVER_EDITED_ID)?.status).toBe('pass')
    const withHistory = audit(extendedSeed(), new Map([[APPROVER_EDITED_ID, ['p-priya']]]))
    const edited = withHistory.articles.find((a) => a.id === APPROVER_EDITED_ID)
    expect(edited?.status).toBe('fail')
    expect(new Set(edited?.issues.map((i) => i.code))).toEqual(new Set(['claim.approverEditedArticle']))
    expect(edited?.drift).toEqual([])
    expect(withHistory.editorCheck).toBe('history')
  })

  it('fails articles whose attestations were forged around the Studio, and says what changed', () => {
    const seed = loadSeed()
    const forged = seed.map((doc) => {
      // The expert's verified licence extended by hand, and the cited interview retitled.
      if (doc._id === 'expert-rebecca-bialas') return {...doc, credentials: (doc.credentials as Array<Record<string, unknown>>).map((c) => ({...c, expiresOn: '2099-12-31'}))}
      if (doc._type === 'citation' && /Bialas/.test(String(doc.title))) return {...doc, title: 'A randomised trial of winter skin care'}
      return doc
    })
    const winter = audit(forged).articles.find((a) => a.id === 'article-winter-skincare')
    expect(winter?.status).toBe('fail')
    expect(new Set(winter?.issues.map((i) => i.code))).toEqual(new Set(['expert.credentialChanged']))
    const retitled = audit(seed.map((doc) => (doc._type === 'citation' && /Bialas/.test(String(doc.title)) ? {...doc, title: 'A randomised trial'} : doc)))
    const drifted = retitled.articles.find((a) => a.id === 'article-winter-skincare')
    expect(new Set(drifted?.issues.map((i) => i.code))).toEqual(new Set(['claim.approvalStale']))
    expect(drifted?.drift.map((d) => d.changed)).toEqual([['citations'], ['citations']])
  })

  it('judges at the moment given: overdue reviews fail later', () => {
    const report = audit(loadSeed(), null, '2028-01-01T00:00:00Z')
    expect(report.totals.failing).toBe(3)
    expect(report.articles.every((a) => a.issues.some((i) => i.code === 'review.overdue'))).toBe(true)
    expect(report.day).toBe('2028-01-01')
  })

  it('keeps warnings apart from failures', () => {
    const seed = loadSeed()
    const winter = structuredClone(seed.find((d) => d._id === 'article-winter-skincare')) as unknown as {body: unknown[]}
    winter.body.push({_type: 'block', _key: 'x', style: 'normal', markDefs: [], children: [{_type: 'span', _key: 'x0', text: 'This balm reduces redness by 40% overnight.', marks: []}]})
    // The sentence was reviewed with the rest of the article.
    const review = seed.find((d) => d._type === 'factCheck.review' && (d.article as {_ref: string})._ref === 'article-winter-skincare')!
    const reviewer = seed.find((d) => d._id === (review.reviewer as {_ref: string})._ref) as unknown as ExpertDoc
    const reviewed = {...review, fingerprint: reviewFingerprint(winter, reviewer._id, reviewer)}
    const report = audit([...seed.filter((d) => d._id !== 'article-winter-skincare' && d._id !== review._id), winter, reviewed])
    expect(report.totals).toMatchObject({failing: 0, warnings: 1})
    expect(exitCodeFor(report)).toBe(0)
  })

  it('keeps only what the rules read while streaming', () => {
    const dataset = new AuditDataset(['article'])
    for (const doc of [...loadSeed(), {_id: 'versions.r1.article-winter-skincare', _type: 'article'}, {_type: 'nope'}, null, 'text']) dataset.add(doc)
    expect(dataset.documents).toBe(47)
    expect(dataset.unpublished).toBe(2)
    expect([...dataset.articles.keys()].sort()).toEqual(['article-olive-oil-skin', 'article-omega-3-hair-skin-nails', 'article-winter-skincare'])
    expect(dataset.experts.size).toBe(9)
    expect(dataset.decisionsByArticle.get('article-winter-skincare')?.map((d) => d._type)).toEqual(['factCheck.approval', 'factCheck.approval', 'factCheck.review'])
    expect(dataset.articlesWithApprovals()).toEqual(['article-olive-oil-skin', 'article-omega-3-hair-skin-nails', 'article-winter-skincare'])
  })
})

describe('fingerprints in drift reports', () => {
  it('says which parts changed: kind, expert, sources, text, or only the paragraph around it', () => {
    const before = 'risk|exp|Dr. A|Text ~1 more|It is Text ~1 more.|c1|Study||1|'
    expect(changedParts(before, 'risk|exp|Dr. A|Text ~1 more|It is Text ~1 more.|c1|Study||1||c2|Other|||')).toEqual(['citations'])
    expect(changedParts(before, 'risk|exp|Dr. A|Text ~1 more|It is Text ~1 more.|c1|Study (rewritten)||1|')).toEqual(['citations'])
    expect(changedParts(before, 'risk|other|Dr. B|Text!|It is Text!.|c1|Study||1|')).toEqual(['expert', 'text'])
    expect(changedParts(before, 'benefit|exp|Dr. A|Text ~1 more|It is false: Text ~1 more.|c1|Study||1|')).toEqual(['kind', 'paragraph'])
    expect(changedParts('exp|c1|an older form', before)).toEqual([])
  })
})

describe('the report', () => {
  it('names the article, the claim and the reason in text', () => {
    const text = formatText(audit(extendedSeed(), new Map([[APPROVER_EDITED_ID, ['p-priya']]])))
    expect(text).toContain(`FAIL  ${DRIFTED_ID}  "Winter skin care (edited after approval)"  (slug: winter-skincare-edited)`)
    expect(text).toContain(`claim ${DRIFTED_CLAIM}: "She explained that cold outdoor air and indoor heating both lower the…"`)
    expect(text).toContain('✗ claim.approvalStale: Claim "She explained')
    expect(text).toContain('drift: text changed after Dana Whitfield approved it on 2026-09-21')
    expect(text).toContain('✗ claim.approverEditedArticle: The check of claim')
    expect(text).toContain('PASS  article-winter-skincare')
    expect(text).toMatch(/2 published articles fail the publish rules\. 5 articles: 3 pass, 2 fail, 1 with drift; \d+ blocking issues, 0 warnings\.\n$/)
  })

  it('says when approvers’ edits could not be checked', () => {
    expect(formatText(audit(loadSeed()))).toContain('"the approver did not edit the article" was not checked')
  })

  it('gives machines the whole report as JSON', () => {
    const report = audit(extendedSeed())
    const parsed = JSON.parse(formatJson(report)) as AuditReport
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)))
    expect(parsed.articles[0]).toMatchObject({id: DRIFTED_ID, status: 'fail', drift: [{claimKey: DRIFTED_CLAIM, changed: ['text']}]})
  })
})

describe('loadEditors', () => {
  const refused = (status: number) => async () => {
    throw Object.assign(new Error(`HTTP ${status}`), {statusCode: status})
  }

  it('reads the authors of each article and its draft', async () => {
    const urls: string[] = []
    const editors = await loadEditors(async (url) => {
      urls.push(url)
      return `${JSON.stringify({id: 't1', author: 'p-priya'})}\n${JSON.stringify({id: 't2', author: 'p-tom'})}\n`
    }, 'production', ['article-a'])
    expect(urls).toEqual(['/data/history/production/transactions/article-a,drafts.article-a?excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true'])
    expect(editors.editors?.get('article-a')).toEqual(['p-priya', 'p-tom'])
  })

  it.each([401, 403, 404])('reports the check as unavailable when the history API answers %i', async (status) => {
    const result = await loadEditors(refused(status), 'production', ['a', 'b'])
    expect(result.editors).toBeNull()
    expect(result.note).toContain(`history API answered ${status}`)
    const report = auditDataset({dataset: datasetOf(loadSeed(), ['article']), editors: null, editorsNote: result.note, now: SEED_NOW, source: 'x'})
    expect(formatText(report)).toContain(`"the approver did not edit the article" was not checked: the history API answered ${status}`)
  })

  it('fails on other errors', async () => {
    await expect(loadEditors(refused(500), 'production', ['a'])).rejects.toBeInstanceOf(AuditSourceError)
  })
})

describe('decisions whose history author is not their checker', () => {
  const seed = loadSeed() as Array<{_id: string; _type: string; checkedBy?: {id: string}}>
  const decisions = seed.filter((doc) => doc._type === 'factCheck.approval' || doc._type === 'factCheck.review')
  const oneArticle = 'article-olive-oil-skin'
  const ofOne = decisions.filter((d) => (d as unknown as {article: {_ref: string}}).article._ref === oneArticle)

  it('count as forged, and the claims they approve are judged without them', () => {
    // Every decision written by its checker, except one article's, written by an administrator in the checker's name.
    const authors = new Map(decisions.map((d) => [d._id, [ofOne.includes(d) ? 'p-morgan' : (d.checkedBy?.id ?? '')]]))
    const report = auditDataset({dataset: datasetOf(seed, ['article']), editors: null, decisionAuthors: authors, now: SEED_NOW, source: 'test documents'})
    const olive = report.articles.find((a) => a.id === oneArticle)
    expect(olive?.status).toBe('fail')
    expect(olive?.forged.map((f) => f.writtenBy)).toEqual(ofOne.map(() => ['p-morgan']))
    expect(olive?.issues.map((i) => i.code)).toContain('claim.notApproved')
    // Its medical review was forged too: the article counts as never reviewed.
    expect(olive?.issues.map((i) => i.code)).toContain('review.missing')
    expect(report.articles.filter((a) => a.id !== oneArticle).every((a) => a.status === 'pass' && a.forged.length === 0)).toBe(true)
    expect(formatText(report)).toMatch(/✗ forged decision \S+ \(claim \S+\): recorded as p-dana, written by p-morgan; it does not count/)
    expect(formatText(report)).toMatch(/✗ forged decision review-article-olive-oil-skin \(medical review\): recorded as p-dana, written by p-morgan; it does not count/)
  })

  it('count when a trusted author wrote them (the local lake seeding itself), and without history', () => {
    const bySystem = new Map(decisions.map((d) => [d._id, ['system']]))
    const trusted = auditDataset({dataset: datasetOf(seed, ['article']), editors: null, decisionAuthors: bySystem, trustedAuthors: ['system'], now: SEED_NOW, source: 'x'})
    expect(trusted.totals.failing).toBe(0)
    const noHistory = auditDataset({dataset: datasetOf(seed, ['article']), editors: null, decisionAuthors: null, now: SEED_NOW, source: 'x'})
    expect(noHistory.totals.failing).toBe(0)
  })
})
