/**
 * Query planner benchmark: a synthetic dataset in memory, typical site and Studio queries, with the
 * planner and without it (plain groq-js over the whole dataset).
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
const docs = syntheticDataset(total)
const ds = new DatasetState('bench')
for (const doc of docs) ds.load(doc)
process.stdout.write(`${docs.length} documents loaded in ${(performance.now() - started).toFixed(0)} ms\n`)

const articleCount = ds.idsOfType('article').size
const cases: Array<{name: string; query: string; params: Record<string, unknown>; perspective: Perspective; plainRuns?: number}> = [
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
    name: 'Studio search (text::query, score)',
    query: `*[_type in $__types] | score(boost(_type in ["article"] && title match text::query($__query), 10), ([@, _id] match text::query($__query))) [_score > 0]{_type, _id, _originalId} | order(_score desc) [0...$__limit]`,
    params: {__types: ['article', 'expert'], __query: 'retinol ski*', __limit: 51},
    perspective: ['drafts'],
  },
]

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]
  return `median ${median.toFixed(2)} ms (min ${sorted[0].toFixed(2)}, max ${sorted[sorted.length - 1].toFixed(2)}, n=${sorted.length})`
}

for (const c of cases) {
  const planned: number[] = []
  let plannedResult: unknown
  for (let i = 0; i < runs; i++) {
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
    const t0 = performance.now()
    plainResult = (await runQuery(ds, c.query, {params: c.params, perspective: c.perspective, plan: false})).result
    plain.push(performance.now() - t0)
  }
  const same = JSON.stringify(plainResult) === JSON.stringify(plannedResult)
  process.stdout.write(`  plain groq-js: ${stats(plain)}  same result: ${same}\n`)
}
