import {it} from 'vitest'
import {startTestLake} from '../lake/helpers.ts'
it('measure import', async () => {
  const t = await startTestLake({policy: null})
  const n = Number(process.env.N ?? 300000)
  const lines = Array.from({length: n}, (_, i) => JSON.stringify({_id: `s${i}`, _type: 'p'})).join('\n')
  console.log('bytes', lines.length)
  const s = performance.now()
  const r = await t.request('POST', `/v2025-02-19/data/import/production?mode=create`, {rawBody: lines, token: t.user('p-priya').token, headers: {'content-type': 'application/x-ndjson'}})
  console.log('status', r.status, 'ms', (performance.now() - s).toFixed(0), r.text.slice(0, 200))
  await t.close()
}, 300000)
