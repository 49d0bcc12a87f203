/**
 * Query planner benchmark: a synthetic dataset in memory (with release versions), typical site and
 * Studio queries, with the planner and without it (plain groq-js over the whole dataset): medians
 * and how many times faster the planned query is.
 *
 *   npx node bench/planner.ts [--docs 50000] [--runs 20] [--skip-plain]
 */
import {parseArgs} from 'node:util'
import {DatasetState} from '../lake/dataset.ts'
import {runQuery, type Perspective} from '../lake/query/index.ts'
import {syntheticDataset} from './planner-dataset.ts'

const {values} = parseArgs({
  options: {
    docs: {type: 'string', default: '50000'},
    runs: {type: 'string', default: '20'},
    'skip-plain': {type: 'boolean', default: false},
  },
})

const total = Number(values.docs)
const runs = Number(values.runs)
const started = performance.now()
const RELEASES = ['rSpring', 'rSummer']
const docs = syntheticDataset(total, 42, {releases: RELEASES})
const ds = new DatasetState('bench')
for (const doc of docs) ds.load(doc)
process.stdout.write(`${docs.length} documents loaded in ${(performance.now() - started).toFixed(0)} ms\n`)

const articleCount = ds.idsOfType('article').size
// An article with a draft and a release version, and the ids a Studio list page asks the versions of.
const versioned = [...ds.versionIds('article-0')].length > 0 ? 'article-0' : [...ds.allVersionIds()][0].replace(/^versions\.[^.]+\./, '')
const listPage = Array.from({length: 27}, (_, i) => `article-${Math.floor((i * articleCount) / 27)}`)
/** Before each timed run of a case with `afterWrite`: a write, so nothing kept until the dataset changes is reused. */
const touch = () => ds.put('category-0', {...ds.docs.get('category-0')!, _rev: `r${ds.version}`})
const cases: Array<{name: string; query: string; params: Record<string, unknown>; perspective: Perspective; plainRuns?: number; afterWrite?: boolean}> = [
  {
    name: 'article by slug, experts dereferenced',
    query: `*[_type == "article" && slug.current == $slug][0]{title, "claims": body[].markDefs[_type == "medicalClaim"]{_key, kind, "expert": expert->{name, credentials}, "citations": citations[]->{title, retracted}}, "reviewers": *[_type == "factCheck.review" && article._ref == ^._id].reviewer->name}`,
    params: {slug: `article-${Math.floor(articleCount / 2)}`},
    perspective: 'published',
  },
  {
    name: 'article by slug (drafts perspective)',
    query: `*[_type == "article" && slug.current == $slug][0]{title, "expert": body[0].markDefs[0].expert->name}`,
    params: {slug: `article-${Math.floor(articleCount / 3)}`},
    perspective: ['drafts'],
  },
  {
    name: 'document pair by id',
    query: '*[_id in $ids]',
    params: {ids: ['article-7', 'drafts.article-7']},
    perspective: 'raw',
  },
  {
    name: 'approvals of one article (references)',
    query: '*[_type == "factCheck.approval" && references($id)]{claimKey, checkedBy}',
    params: {id: 'article-11'},
    perspective: 'raw',
  },
  {
    name: '100 articles with their approvals (^._id per article)',
    query: `*[_type == "article"] | order(_id) [0...100]{_id, "approvals": *[_type == "factCheck.approval" && article._ref == ^._id]{claimKey}}`,
    params: {},
    perspective: 'published',
    plainRuns: 1,
  },
  {
    name: 'every article with claims dereferenced',
    query: `*[_type == "article"]{_id, "experts": body[].markDefs[].expert->name}`,
    params: {},
    perspective: 'published',
    plainRuns: 1,
  },
  {
    name: 'experts 20 articles name (a closed subquery in the filter)',
    // Stacked, so that plain groq-js evaluates the subquery for the experts only (with `&&` it does so for every document).
    query: `*[_type == "expert"][_id in *[_id in $articles].body[].markDefs[].expert._ref]{_id, name}`,
    params: {articles: Array.from({length: 20}, (_, i) => `article-${i * 7}`)},
    perspective: 'published',
    plainRuns: 1,
  },
  {
    name: 'versionOf, one id (raw)',
    query: '*[sanity::versionOf($id)]',
    params: {id: versioned},
    perspective: 'raw',
  },
  {
    name: 'versionOf, one id (drafts perspective, after a write)',
    query: '*[sanity::versionOf($id)]{_id, _originalId}',
    params: {id: versioned},
    perspective: ['drafts'],
    afterWrite: true,
  },
  {
    name: 'versionOf, a Studio list page: 27 ids in one query (raw)',
    query: `[${listPage.map((id) => `*[sanity::versionOf(${JSON.stringify(id)})]._id`).join(',')}]`,
    params: {},
    perspective: 'raw',
    plainRuns: 1,
  },
  {
    name: 'versionOf in a Studio-shaped list filter (_type, versionOf, not a version)',
    query: '*[_type == $type && sanity::versionOf($id) && !(_id in path("versions.**"))]{_id, _type, _rev, _updatedAt}',
    params: {type: 'article', id: versioned},
    perspective: 'raw',
  },
  {
    name: 'partOfRelease, the documents of a release (raw)',
    query: '*[sanity::partOfRelease($release)]{_updatedAt, "docId": string::split(_id, ".")[2]} | order(_updatedAt desc)',
    params: {release: RELEASES[0]},
    perspective: 'raw',
  },
  {
    name: 'Studio search (text::query, score)',
    query: `*[_type in $__types] | score(boost(_type in ["article"] && title match text::query($__query), 10), ([@, _id] match text::query($__query))) [_score > 0]{_type, _id, _originalId} | order(_score desc) [0...$__limit]`,
    params: {__types: ['article', 'expert'], __query: 'retinol ski*', __limit: 51},
    perspective: ['drafts'],
  },
]

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  return `median ${median(samples).toFixed(2)} ms (min ${sorted[0].toFixed(2)}, max ${sorted[sorted.length - 1].toFixed(2)}, n=${sorted.length})`
}

for (const c of cases) {
  const planned: number[] = []
  let plannedResult: unknown
  for (let i = 0; i < runs; i++) {
    if (c.afterWrite) touch()
    const t0 = performance.now()
    const outcome = await runQuery(ds, c.query, {params: c.params, perspective: c.perspective})
    planned.push(performance.now() - t0)
    plannedResult = outcome.result
  }
  process.stdout.write(`\n${c.name}\n  planned: ${stats(planned)}\n`)
  if (values['skip-plain'] || c.query.includes('text::query')) continue
  const plain: number[] = []
  let plainResult: unknown
  for (let i = 0; i < (c.plainRuns ?? Math.min(runs, 3)); i++) {
    if (c.afterWrite) touch()
    const t0 = performance.now()
    plainResult = (await runQuery(ds, c.query, {params: c.params, perspective: c.perspective, plan: false})).result
    plain.push(performance.now() - t0)
  }
  const same = JSON.stringify(plainResult) === JSON.stringify(plannedResult)
  const ratio = median(plain) / median(planned)
  process.stdout.write(`  plain groq-js: ${stats(plain)}  same result: ${same}\n  plain / planned: ${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}x\n`)
}
