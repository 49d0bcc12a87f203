/** The benchmark summary (bench/report.ts): a group run alone keeps the others' figures, even in a fresh clone. */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'
import {markdown, readResults, resultsFromMarkdown, type Results} from '../../bench/report.ts'

const results: Results = {
  date: '2026-12-02T17:29:00.000Z',
  machine: {cpu: 'AMD EPYC', cores: 2, memoryGiB: 24, os: 'Linux', node: 'v24.21.0'},
  groups: {
    queries: {
      date: '2026-12-02T05:57:00.000Z',
      command: 'npm run bench -- queries --size 1k,50k',
      rows: [
        {name: 'article listing | newest 10, 50k', median: '1.20 ms', p99: '2.10 ms', baseline: '212.00 ms', ratio: '0.01x', target: '5 ms', ok: true, data: {median: 1.2}},
        {name: 'bytes per document', median: '1.4 KB', p99: '', baseline: '', ratio: '', target: '', ok: null},
      ],
    },
    browser: {
      date: '2026-12-02T17:29:00.000Z',
      command: 'npm run bench -- browser',
      rows: [{name: 'queue, first visit', median: '1033.12 ms', p99: '1274.73 ms', baseline: '478.70 ms', ratio: '2.16x', target: '< 1 s', ok: false}],
    },
  },
}
const intro = {queries: 'Site queries beside hand-written loops.'}

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, {recursive: true, force: true})
  dir = undefined
})

describe('the benchmark summary', () => {
  it('reads back every figure, target and verdict it shows, so it can be written again unchanged', () => {
    const text = markdown(results, intro)
    const read = resultsFromMarkdown(text)
    expect(Object.keys(read?.groups ?? {})).toEqual(['queries', 'browser'])
    expect(read?.groups.queries.rows[0]).toEqual({name: 'article listing | newest 10, 50k', median: '1.20 ms', p99: '2.10 ms', baseline: '212.00 ms', ratio: '0.01x', target: '5 ms', ok: true})
    expect(read?.groups.queries.rows[1].ok).toBeNull()
    expect(read?.groups.browser).toMatchObject({date: '2026-12-02T17:29:00.000Z', command: 'npm run bench -- browser', rows: [{ok: false}]})
    expect(markdown({...results, groups: read!.groups}, intro)).toBe(text)
  })

  it('keeps the other groups from the committed summary where no results file was written (a fresh clone)', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bench-report-'))
    const summary = path.join(dir, 'RESULTS.md')
    writeFileSync(summary, markdown(results, intro))
    const previous = readResults(path.join(dir, 'results', 'latest.json'), summary)
    expect(Object.keys(previous?.groups ?? {})).toEqual(['queries', 'browser'])
    // A results file, where there is one, is read first.
    writeFileSync(path.join(dir, 'latest.json'), JSON.stringify({...results, groups: {writes: {date: '', command: 'npm run bench -- writes', rows: []}}}))
    expect(Object.keys(readResults(path.join(dir, 'latest.json'), summary)?.groups ?? {})).toEqual(['writes'])
    expect(readResults(path.join(dir, 'missing.json'))).toBeNull()
  })
})
