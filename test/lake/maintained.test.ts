/**
 * What the lake keeps between queries: fast-path answers (lake/query/fastpaths.ts) and filtered,
 * ordered lists (lake/query/maintained.ts). After any sequence of writes, and on any later day,
 * every query must still give what groq-js gives for the query as written; and what nothing
 * changed must be reused, not recomputed.
 */
import {describe, expect, it} from 'vitest'
import {BENCH_NOW, benchDataset} from '../../bench/synthetic.ts'
import {DatasetState, type Doc} from '../../lake/dataset.ts'
import {type Perspective, runQuery} from '../../lake/query/index.ts'
import {ARTICLE_IS_COMPLIANT, complianceParams, PUBLISHED_ARTICLE} from '../../queries/compliance.ts'
import {ARTICLE_LISTING_QUERY, COMPLIANT_ARTICLE_IDS_QUERY} from '../../queries/site.ts'
import {random} from '../queries/generated-dataset.ts'
import {datasetOf} from './helpers.ts'

async function both(ds: DatasetState, query: string, params: Record<string, unknown>, perspective: Perspective = 'published') {
  const kept = await runQuery(ds, query, {params, perspective})
  const groq = await runQuery(ds, query, {params, perspective, native: false})
  return {kept: kept.result, groq: groq.result, stats: kept.stats}
}

const clone = <T>(value: T): T => structuredClone(value)
type Obj = Record<string, unknown>

/** Writes a publisher makes, and a few nobody should, each turning one document into another. */
const WRITES: Array<{name: string; type: string; change: (doc: Doc, rnd: () => number) => Doc | null; id?: (doc: Doc) => string}> = [
  {
    name: 'claim text edited',
    type: 'article',
    change: (doc) => {
      const next = clone(doc)
      const block = (next.body as Obj[]).find((b) => Array.isArray(b.markDefs) && (b.markDefs as unknown[]).length > 0)
      if (block) ((block.children as Obj[])[0] as Obj).text = `${((block.children as Obj[])[0] as Obj).text as string} (edited)`
      return next
    },
  },
  {name: 'title edited', type: 'article', change: (doc) => ({...clone(doc), title: `${doc.title as string}!`})},
  {name: 'publication date moved', type: 'article', change: (doc, rnd) => ({...clone(doc), publishedAt: `2026-0${1 + Math.floor(rnd() * 9)}-15T10:00:00Z`})},
  {name: 'slug removed', type: 'article', change: (doc) => ({...clone(doc), slug: null})},
  {name: 'article deleted', type: 'article', change: () => null},
  {name: 'draft written', type: 'article', id: (doc) => `drafts.${doc._id}`, change: (doc) => ({...clone(doc), _id: `drafts.${doc._id}`, title: 'Draft title'})},
  {
    name: 'credential revoked',
    type: 'expert',
    change: (doc) => {
      const next = clone(doc)
      for (const c of next.credentials as Obj[]) (c.verification as Obj).status = 'revoked'
      return next
    },
  },
  {name: 'expert retyped', type: 'expert', change: (doc) => ({...clone(doc), _type: 'formerExpert'})},
  {name: 'expert renamed', type: 'expert', change: (doc) => ({...clone(doc), name: `${doc.name as string} Jr.`})},
  {name: 'source retracted', type: 'citation', change: (doc) => ({...clone(doc), retracted: true})},
  {name: 'source title changed', type: 'citation', change: (doc) => ({...clone(doc), title: `${doc.title as string} (2nd ed.)`})},
  {name: 'approval deleted', type: 'factCheck.approval', change: () => null},
  {name: 'approval becomes a rejection', type: 'factCheck.approval', change: (doc) => ({...clone(doc), _type: 'factCheck.rejection', checkedAt: '2026-11-20T09:00:00Z'})},
  {name: 'approval by a non-checker', type: 'factCheck.approval', change: (doc) => ({...clone(doc), checkedBy: {...(doc.checkedBy as Obj), roles: ['editor']}})},
  {name: 'review deleted', type: 'factCheck.review', change: () => null},
  {name: 'review falls due', type: 'factCheck.review', change: (doc) => ({...clone(doc), nextReviewDue: '2026-01-01'})},
]

describe('answers and lists the lake keeps', () => {
  const dataset = benchDataset(1_800, 7)
  const params = complianceParams(undefined, BENCH_NOW)
  const listingParams = {...params, start: 0, end: 10}
  const ordered = `*[${PUBLISHED_ARTICLE}][${ARTICLE_IS_COMPLIANT}] | order(publishedAt asc, title desc) [0...7]{_id, title}`
  const counted = `count(*[${PUBLISHED_ARTICLE} && defined(slug.current) && ${ARTICLE_IS_COMPLIANT}])`

  it('keeps lists of the site queries up to date through every kind of write, in the published and drafts perspectives', {timeout: 240_000}, async () => {
    const ds = datasetOf(dataset.docs)
    expect(dataset.counts.articles).toBeGreaterThan(64)
    const rnd = random(11)
    const originals = new Map(dataset.docs.map((d) => [d._id, d]))
    const check = async (label: string) => {
      for (const perspective of ['published', ['drafts']] as Perspective[]) {
        const ids = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, params, perspective)
        expect(ids.kept, `${label}, ${JSON.stringify(perspective)}`).toEqual(ids.groq)
        expect(ids.stats.native).toBeGreaterThan(0)
        // The other queries read the same kept answers; in the drafts perspective the ids suffice.
        if (perspective !== 'published') continue
        const listing = await both(ds, ARTICLE_LISTING_QUERY, listingParams, perspective)
        expect(listing.kept, label).toEqual(listing.groq)
        const order = await both(ds, ordered, params, perspective)
        expect(order.kept, label).toEqual(order.groq)
        const count = await both(ds, counted, params, perspective)
        expect(count.kept, label).toEqual(count.groq)
      }
    }
    await check('before any write')
    const compliantAtStart = (await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: 'published'})).result as string[]
    const seen = new Set<string>()
    for (let step = 0; step < WRITES.length; step++) {
      const write = WRITES[step % WRITES.length]
      // A document a compliant article relies on (or the article itself), so that the write matters.
      const compliant = new Set((await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: 'published'})).result as string[])
      const bearsOnCompliant = (id: string) => {
        const doc = ds.docs.get(id) as Doc
        const article = (doc.article as {_ref?: string} | undefined)?._ref
        return compliant.has(id) || (article !== undefined && compliant.has(article)) || [...ds.idsReferencing(id)].some((ref) => compliant.has(ref))
      }
      const ofType = [...ds.idsOfType(write.type)].filter((id) => !id.startsWith('drafts.') && bearsOnCompliant(id)).sort()
      expect(ofType.length, write.name).toBeGreaterThan(0)
      const target = ds.docs.get(ofType[Math.floor(rnd() * ofType.length)]) as Doc
      const id = write.id?.(target) ?? target._id
      ds.put(id, write.change(target, rnd))
      seen.add(write.name)
      await check(`after "${write.name}" on ${target._id}`)
      // Now and then a write is undone.
      if (rnd() < 0.25) {
        const original = originals.get(id)
        ds.put(id, original ? clone(original) : null)
        await check(`after undoing "${write.name}" on ${target._id}`)
      }
    }
    expect(seen.size).toBe(WRITES.length)
    // The writes broke some of the compliant articles, and the lists followed.
    const compliantAtEnd = (await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: 'published'})).result as string[]
    expect(compliantAtEnd).not.toEqual(compliantAtStart)
  })

  it('reuses what no write touched: a write to one expert recomputes only the articles that rely on the expert', async () => {
    const ds = datasetOf(dataset.docs)
    const first = await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: 'published'})
    expect(first.stats.answersComputed).toBeGreaterThan(64)
    const again = await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: 'published'})
    expect(again.stats.answersComputed).toBe(0)
    expect(again.result).toEqual(first.result)

    const expert = ds.docs.get([...ds.idsOfType('expert')].sort()[0]) as Doc
    const relying = new Set([...ds.idsReferencing(expert._id)].filter((id) => ds.docs.get(id)?._type === 'article'))
    const reviewed = [...ds.idsReferencing(expert._id)].map((id) => ds.docs.get(id)).filter((d) => d?._type === 'factCheck.review')
    for (const review of reviewed) relying.add(((review as Doc).article as {_ref: string})._ref)
    expect(relying.size).toBeGreaterThan(0)
    ds.put(expert._id, {...clone(expert), name: 'Someone Else'})
    const after = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, params)
    expect(after.kept).toEqual(after.groq)
    expect(after.stats.answersComputed).toBeGreaterThan(0)
    expect(after.stats.answersComputed).toBeLessThanOrEqual(relying.size)
    expect(after.kept).not.toEqual(first.result)
  })

  it('keeps one day’s list right after another day’s answers took the place of its answers', async () => {
    const ds = datasetOf(dataset.docs)
    const later = complianceParams(undefined, '2029-01-01T12:00:00.000Z')
    const today = (await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: 'published'})).result as string[]
    const article = ds.docs.get(today[0]) as Doc
    // Years later every verification is overdue: each article fails at its first claim's expert, reading no source.
    const thatDay = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, later)
    expect(thatDay.kept).toEqual(thatDay.groq)
    const claim = ((article.body as Obj[]).flatMap((b) => (b.markDefs as Obj[] | undefined) ?? []) as Obj[]).find((d) => Array.isArray(d.citations) && (d.citations as unknown[]).length > 0)
    const citationId = ((claim?.citations as Array<{_ref: string}>)[0] as {_ref: string})._ref
    ds.put(citationId, {...clone(ds.docs.get(citationId) as Doc), retracted: true})
    const again = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, params)
    expect(again.kept).toEqual(again.groq)
    expect(again.kept as string[]).not.toContain(article._id)
  })

  it('keeps bounded memory whatever filters and parameters a reader sends, and nothing for release stacks', {timeout: 120_000}, async () => {
    const ds = datasetOf(dataset.docs)
    const types = JSON.stringify([...new Set(dataset.docs.map((d) => d._type))])
    const budget = 2 * ds.docs.size + 10_000
    for (let i = 0; i < 40; i++) {
      const query = `*[_type in ${types} && _id != "nothing-${i}"] | order(_id desc)[0]._id`
      const result = await runQuery(ds, query, {})
      expect(result.stats.native).toBeGreaterThan(0)
      expect(result.result).toEqual((await runQuery(ds, query, {plan: false})).result)
    }
    const lists = ds.view('raw').keptSizes().lists
    expect(lists).toBeGreaterThan(0)
    expect(lists).toBeLessThanOrEqual(budget)
    // Every document through the fast path, under twelve sets of parameters.
    for (let i = 0; i < 12; i++) {
      const odd = {...params, factCheckerRoles: ['fact-checker', `role-${i}`]}
      await runQuery(ds, `*[${ARTICLE_IS_COMPLIANT}]._id`, {params: odd, perspective: 'raw'})
    }
    const answers = ds.view('raw').keptSizes().answers
    expect(answers).toBeGreaterThan(ds.docs.size)
    expect(answers).toBeLessThanOrEqual(budget)

    const release = ['rSpring', 'drafts']
    const first = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, params, release)
    const second = await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: release})
    expect(first.kept).toEqual(first.groq)
    expect(second.stats.answersKept).toBe(0)
    expect(ds.view(release).keptSizes()).toEqual({answers: 0, lists: 0})
  })

  it('keeps answers across days until a date they compared crosses, and then gives the new day’s answer', {timeout: 120_000}, async () => {
    const ds = datasetOf(dataset.docs)
    let previous: string[] | null = null
    let changedOnSomeDay = false
    const days = ['2026-11-24', '2026-11-25', '2026-12-31', '2027-03-01', '2027-06-30', '2027-07-01', '2027-11-25', '2028-06-01']
    for (const [i, day] of days.entries()) {
      const dayParams = complianceParams(undefined, `${day}T12:00:00.000Z`)
      const result = await both(ds, COMPLIANT_ARTICLE_IDS_QUERY, dayParams)
      expect(result.kept, day).toEqual(result.groq)
      if (i === 1) {
        // The next day: nothing expired or fell due overnight, so every answer is reused.
        expect(result.stats.answersKept, day).toBeGreaterThan(64)
        expect(result.stats.answersComputed, day).toBeLessThan(result.stats.answersKept / 10)
      }
      if (previous && JSON.stringify(previous) !== JSON.stringify(result.kept)) changedOnSomeDay = true
      previous = result.kept as string[]
    }
    // Credentials lapse and reviews fall due over the years: the answers moved with the clock.
    expect(changedOnSomeDay).toBe(true)
    const today = (await runQuery(ds, COMPLIANT_ARTICLE_IDS_QUERY, {params, perspective: 'published'})).result as string[]
    expect(previous?.length ?? 0).toBeLessThan(today.length)
  })
})

describe('conditions and orders the planner evaluates itself', () => {
  const VALUES: unknown[] = ['x', 'y', 'x.y', 'X', '', 1, 0, 2.5, -1, true, false, null, undefined, ['x'], [], {c: 'y'}, {}]
  const rnd = random(5)
  const any = () => VALUES[Math.floor(rnd() * VALUES.length)]
  const docs: Doc[] = []
  for (let i = 0; i < 160; i++) {
    const doc: Doc = {_id: `${i % 7 === 0 ? 'drafts.' : ''}t-${String(i).padStart(3, '0')}`, _type: 't'}
    for (const field of ['a', 'n', 'flag']) {
      const value = any()
      if (value !== undefined) doc[field] = value
    }
    const inner = any()
    doc.b = rnd() < 0.7 ? {c: inner === undefined ? null : inner} : any()
    docs.push(doc)
  }
  const CONDITIONS = [
    'a == "x"',
    'a != "x"',
    'a == $p',
    'n == 1',
    'b.c == "y"',
    'defined(a)',
    '!defined(b.c)',
    'a in ["x", 1, true, null]',
    'a in $list',
    'a in "not a list"',
    '_id in path("drafts.**")',
    '!(_id in path("drafts.**"))',
    'a in path("x.*")',
    '!(a == "x" && n == 1)',
    'a == "x" || !(b.c == "y")',
    '!(a == "x" || n == 1)',
    'coalesce(a, n) == 1',
    'flag == true',
    'a == null',
    '!(flag == true) && defined(n)',
    'true',
    'null',
  ]
  const ORDERS = ['order(a desc, _id)', 'order(coalesce(a, n) asc)', 'order(n desc, b.c)', 'order(flag, a desc)']
  const params = {p: 'x', list: ['y', 0, false]}

  for (const many of [true, false]) {
    it(`give groq-js's answers on values of every type (${many ? 'kept lists' : 'a few candidates'})`, async () => {
      const ds = datasetOf(many ? docs : docs.slice(0, 20))
      for (const condition of CONDITIONS) {
        const query = `*[_type == "t" && (${condition})]._id`
        const planned = await runQuery(ds, query, {params})
        const asWritten = await runQuery(ds, query, {params, plan: false})
        expect(planned.result, condition).toEqual(asWritten.result)
        expect(planned.stats.native, condition).toBeGreaterThan(0)
        for (const order of ORDERS) {
          const sorted = `*[_type == "t" && (${condition})] | ${order} {_id, a, n}`
          const a = await runQuery(ds, sorted, {params})
          const b = await runQuery(ds, sorted, {params, plan: false})
          expect(a.result, `${condition} | ${order}`).toEqual(b.result)
        }
      }
      // And after writes, each read again from the kept lists.
      for (let i = 0; i < 12; i++) {
        const doc = docs[Math.floor(rnd() * (many ? docs.length : 20))]
        ds.put(doc._id, rnd() < 0.2 ? null : {...doc, a: any() ?? null, n: any() ?? null})
        for (const condition of CONDITIONS.slice(0, 8)) {
          const query = `*[_type == "t" && (${condition})] | order(a desc, _id) {_id, a}`
          expect((await runQuery(ds, query, {params})).result, condition).toEqual((await runQuery(ds, query, {params, plan: false})).result)
        }
      }
    })
  }
})
