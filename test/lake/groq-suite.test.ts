/**
 * The official GROQ conformance suite (../shared/groq-test-suite/suite.ndjson, from
 * sanity-io/groq-test-suite): every test's query, over its dataset, must give through the lake's
 * engine (planner, fast paths, kept lists) exactly what groq-js gives over the same documents in
 * the lake's order (by `_id`), errors included. Each query runs twice, so the second reads what the
 * first kept.
 */
import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'
import {DatasetState, type Doc} from '../../lake/dataset.ts'
import {runQuery} from '../../lake/query/index.ts'

/**
 * Tests whose reference answer groq-js cannot give in reasonable time: ten filters over `*`
 * nested in one another, which groq-js evaluates once per combination of documents (6^10).
 */
const BEYOND_GROQ_JS: Record<string, string> = {
  'test-filters-documents-nested-3': 'ten nested filters over the dataset: groq-js evaluates the innermost 6^10 times and does not finish',
}

const SUITE = fileURLToPath(new URL('../../../shared/groq-test-suite/suite.ndjson', import.meta.url))

interface Entry {
  _id: string
  _type: 'dataset' | 'test'
  documents?: Doc[]
  dataset?: {_ref: string}
  query?: string
  params?: Record<string, unknown> | null
  filename?: string
}

async function groqJs(query: string, docs: Doc[], params: Record<string, unknown>): Promise<{result?: unknown; error?: true}> {
  try {
    const tree = parse(query, {params})
    return {result: (await (await evaluate(tree, {dataset: docs, params})).get()) ?? null}
  } catch {
    return {error: true}
  }
}

async function lake(ds: DatasetState, query: string, params: Record<string, unknown>): Promise<{result?: unknown; error?: true}> {
  try {
    return {result: (await runQuery(ds, query, {params})).result}
  } catch {
    return {error: true}
  }
}

describe('the GROQ conformance suite', () => {
  if (!existsSync(SUITE)) throw new Error(`The GROQ test suite is missing at ${SUITE}: the project expects ../shared beside its checkout.`)
  const entries = readFileSync(SUITE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Entry)
  const datasets = new Map(entries.filter((e) => e._type === 'dataset').map((e) => [e._id, e]))
  const tests = entries.filter((e) => e._type === 'test')
  const byFile = new Map<string, Entry[]>()
  for (const test of tests) {
    const file = (test.filename ?? 'other').split('/')[0]
    byFile.set(file, [...(byFile.get(file) ?? []), test])
  }

  for (const [file, group] of byFile) {
    it(`answers as groq-js does: ${file} (${group.length} tests)`, {timeout: 300_000}, async () => {
      const states = new Map<string, {ds: DatasetState; docs: Doc[]}>()
      const differ: string[] = []
      for (const test of group) {
        if (BEYOND_GROQ_JS[test._id]) {
          console.log(`GROQ suite: not run: ${test._id}: ${BEYOND_GROQ_JS[test._id]}`)
          continue
        }
        const ref = test.dataset?._ref as string
        let state = states.get(ref)
        if (!state) {
          const docs = structuredClone(datasets.get(ref)?.documents ?? [])
          const ds = new DatasetState('production')
          for (const doc of docs) ds.load(doc)
          // The lake hands documents over sorted by `_id`; groq-js gets them in the same order.
          docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
          states.set(ref, (state = {ds, docs: structuredClone(docs)}))
        }
        const params = test.params ?? {}
        const expected = await groqJs(test.query as string, state.docs, params)
        for (let round = 0; round < 2; round++) {
          const actual = await lake(state.ds, test.query as string, params)
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            differ.push(`${test._id} (round ${round + 1}): ${(test.query as string).trim().slice(0, 160)}\n  lake:    ${JSON.stringify(actual).slice(0, 300)}\n  groq-js: ${JSON.stringify(expected).slice(0, 300)}`)
            break
          }
        }
      }
      expect(differ.join('\n')).toBe('')
    })
  }
})
