/**
 * Two builds of the Studio side by side in one Chromium, to tell a change from the machine's hour
 * (its speed varies by up to 1.7x): each build is served by a lake of its own with the same data,
 * and the runs alternate between them, so both see the same load. Prints each build's medians and
 * the second's ratio to the first.
 *
 *   npx node scripts/build.ts /tmp/dist-before      (on the commit before the change)
 *   npx node scripts/build.ts /tmp/dist-after       (with the change)
 *   npm run bench:ab -- /tmp/dist-before /tmp/dist-after [--runs 5] [--throttle 4] [--queue]
 *
 * Measured, in a Studio already open, as the editor: the seed article and the 200-claim article
 * opened to Publish enabled, and clicked to published (bench/studio-browser.ts's steps); with
 * `--queue`, the fact-check queue's first visit in each freshly opened Studio, as the
 * fact-checker, on the synthetic 50k dataset (two lakes of 50k documents: a few minutes more).
 */
import {existsSync} from 'node:fs'
import path from 'node:path'
import {parseArgs} from 'node:util'
import {ARTICLE} from '../seed/ids.ts'
import {launchChromium, studioPage, type LocalBrowser} from '../test/fixtures/browser.ts'
import {approveAndReview, attributeSeedClaims} from '../test/fixtures/seed-edits.ts'
import {startTestLake, type TestLake} from '../test/lake/helpers.ts'
import {fillDataDir, freshDataDir, removeDir, ROOT} from './lake.ts'
import {ms, printTable, sampleOf, times, type Row} from './stats.ts'
import {BIG_CLAIMS, BIG_ID, createBigArticle, openAndPublishWarm, openDesk, visitQueue} from './studio-browser.ts'
import {benchDataset, SIZES} from './synthetic.ts'

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {runs: {type: 'string', default: '5'}, throttle: {type: 'string', default: '1'}, queue: {type: 'boolean', default: false}},
})
const runs = Number(values.runs)
const throttle = Number(values.throttle)
const builds = positionals.map((dir) => path.resolve(dir))
if (builds.length !== 2 || !Number.isInteger(runs) || runs < 1 || !(throttle >= 1)) {
  process.stderr.write('Usage: npm run bench:ab -- <built Studio A> <built Studio B> [--runs 5] [--throttle 4] [--queue]\n(build each with `npx node scripts/build.ts <folder>`)\n')
  process.exit(2)
}
for (const dir of builds) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    process.stderr.write(`${dir} holds no built Studio (no index.html): build it with \`npx node scripts/build.ts ${dir}\`.\n`)
    process.exit(2)
  }
}

/** The samples of one measurement for each build, as table rows: A's median, then B's beside it. */
function rowsFor(name: string, a: number[], b: number[]): Row[] {
  const [sa, sb] = [sampleOf(a), sampleOf(b)]
  const base = {p99: '', target: '', ok: null}
  return [
    {...base, name: `${name}: A`, median: ms(sa.median), p99: ms(sa.p99), baseline: '', ratio: '', data: {median: sa.median, runs: sa.runs}},
    {...base, name: `${name}: B; baseline: A`, median: ms(sb.median), p99: ms(sb.p99), baseline: ms(sa.median), ratio: times(sb.median, sa.median), data: {median: sb.median, runs: sb.runs}},
  ]
}

/** Alternates `runs` runs between the builds (A first, then B first, and so on), after one untimed run of each. */
async function alternate<T>(run: (build: number, index: number) => Promise<T>): Promise<[T[], T[]]> {
  const out: [T[], T[]] = [[], []]
  for (let i = 0; i <= runs; i++) {
    for (const build of i % 2 ? [1, 0] : [0, 1]) {
      const result = await run(build, i)
      if (i > 0) out[build].push(result)
    }
  }
  return out
}

async function publishing(browser: LocalBrowser): Promise<Row[]> {
  const lakes: TestLake[] = []
  try {
    for (const dir of builds) {
      const lake = await startTestLake({seedFile: path.join(ROOT, 'seed', 'dataset.ndjson'), studioDir: dir})
      lakes.push(lake)
      const priya = lake.client('p-priya')
      await attributeSeedClaims(priya as never)
      await approveAndReview(lake, ARTICLE.microNeedling)
      await createBigArticle(priya, BIG_CLAIMS)
      await approveAndReview(lake, BIG_ID)
    }
    const pages = await Promise.all(
      lakes.map(async (lake) => {
        const {context, page} = await studioPage(browser, lake.user('p-priya').token)
        if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', {rate: throttle})
        await openDesk(page, lake.running.url)
        return {context, page}
      }),
    )
    try {
      const rows: Row[] = []
      for (const [id, label] of [
        [ARTICLE.microNeedling, 'seed article'],
        [BIG_ID, `${BIG_CLAIMS}-claim article`],
      ] as const) {
        const [a, b] = await alternate((build, i) => openAndPublishWarm(pages[build].page, lakes[build], id, 'article', `ab-${build}-${i}`))
        rows.push(...rowsFor(`${label}, open to Publish enabled`, a.map((r) => r.open), b.map((r) => r.open)))
        rows.push(...rowsFor(`${label}, click Publish to published`, a.map((r) => r.publish), b.map((r) => r.publish)))
      }
      return rows
    } finally {
      for (const {context} of pages) await context.close()
    }
  } finally {
    for (const lake of lakes) await lake.close()
  }
}

async function queue(browser: LocalBrowser): Promise<Row[]> {
  const docs = benchDataset(SIZES['50k']).docs
  const dirs = builds.map((_, i) => freshDataDir(`ab-queue-${i}`))
  const lakes: TestLake[] = []
  try {
    for (let i = 0; i < builds.length; i++) {
      await fillDataDir(dirs[i], docs)
      lakes.push(await startTestLake({dataDir: dirs[i], studioDir: builds[i]}))
    }
    const [a, b] = await alternate(async (build) => {
      const {context, page} = await studioPage(browser, lakes[build].user('p-dana').token)
      try {
        await openDesk(page, lakes[build].running.url)
        return (await visitQueue(page)).ms
      } finally {
        await context.close()
      }
    })
    return rowsFor("fact-check queue at 50k, a Studio's first visit", a, b)
  } finally {
    for (const lake of lakes) await lake.close()
    for (const dir of dirs) removeDir(dir)
  }
}

const browser = await launchChromium()
try {
  const rows = [...(await publishing(browser)), ...(values.queue ? await queue(browser) : [])]
  process.stdout.write(`A: ${builds[0]}\nB: ${builds[1]}\n`)
  printTable(`Two builds, alternating, ${runs} runs each${throttle > 1 ? `, CPU throttled ${throttle}x` : ''}`, rows)
} finally {
  await browser.close()
}
