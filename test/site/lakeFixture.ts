/**
 * A real local Content Lake for the site and audit tests: the committed seed plus articles that
 * were "published around the Studio" (the lake imports a seed without checking the rules):
 *  - `article-winter-skincare-edited`: a copy of the seed's complete article whose claim text was
 *    changed after the fact-checker approved it and the reviewer reviewed it (drift; not compliant);
 *  - `article-approver-edited`: a complete, compliant-looking article whose claims were approved by
 *    p-priya, who also edits it (GROQ cannot see that; the audit can, through the history API).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import https from 'node:https'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {startLake, type RunningLake} from '../../lake/server.ts'
import {reviewFingerprint} from '../../plugins/medical-claims/rules/fingerprints.ts'
import type {ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {loadSeed, type SeedDocument} from '../fixtures/seed.ts'

export const WINTER_SLUG = 'dermatologist-winter-skincare-routine'
export const DRIFTED_ID = 'article-winter-skincare-edited'
export const DRIFTED_SLUG = 'winter-skincare-edited'
export const DRIFTED_CLAIM = 'claim-winter-dry-air'
export const APPROVER_EDITED_ID = 'article-approver-edited'
export const APPROVER_EDITED_SLUG = 'olive-oil-approved-by-its-editor'
export const DRAFT_SLUG = 'micro-needling-risks-and-benefits'

type Block = {_type: string; _key: string; children?: Array<{text?: string; marks?: string[]}>}

/** The seed's complete article under a new id and slug, with its approvals copied and its medical review given again to the copy as it reads. */
function copyArticle(seed: SeedDocument[], fromId: string, toId: string, slug: string, title: string): {article: SeedDocument; approvals: SeedDocument[]} {
  const original = seed.find((d) => d._id === fromId)
  if (!original) throw new Error(`The seed has no ${fromId}`)
  const article = structuredClone({...original, _id: toId, slug: {_type: 'slug', current: slug}, title}) as SeedDocument
  const approvals = seed
    .filter((d) => d._type === 'factCheck.approval' && (d.article as {_ref?: string} | undefined)?._ref === fromId)
    .map((d) => structuredClone({...d, _id: `${d._id}-copy-${toId}`, article: {_type: 'reference', _ref: toId, _weak: true}}) as SeedDocument)
  for (const review of seed.filter((d) => d._type === 'factCheck.review' && (d.article as {_ref?: string} | undefined)?._ref === fromId)) {
    const reviewerId = (review.reviewer as {_ref: string})._ref
    const reviewer = seed.find((d) => d._id === reviewerId) as unknown as ExpertDoc | undefined
    const fingerprint = reviewFingerprint(article as {title?: unknown; dek?: unknown; body?: unknown}, reviewerId, reviewer)
    approvals.push(structuredClone({...review, _id: `${review._id}-copy-${toId}`, article: {_type: 'reference', _ref: toId, _weak: true}, fingerprint}) as SeedDocument)
  }
  return {article, approvals}
}

/** The seed plus the two articles above. */
export function extendedSeed(): SeedDocument[] {
  const seed = loadSeed()
  const drifted = copyArticle(seed, 'article-winter-skincare', DRIFTED_ID, DRIFTED_SLUG, 'Winter skin care (edited after approval)')
  for (const block of (drifted.article.body as Block[]) ?? []) {
    for (const span of block.children ?? []) {
      if (span.marks?.includes(DRIFTED_CLAIM)) span.text = `${span.text} Central heating is the main culprit.`
    }
  }
  const edited = copyArticle(seed, 'article-olive-oil-skin', APPROVER_EDITED_ID, APPROVER_EDITED_SLUG, 'Olive oil, approved by its own editor')
  for (const approval of edited.approvals) if (approval._type === 'factCheck.approval') approval.checkedBy = {id: 'p-priya', name: 'Priya Natarajan', roles: ['fact-checker']}
  return [...seed, drifted.article, ...drifted.approvals, edited.article, ...edited.approvals]
}

export interface LakeFixture {
  lake: RunningLake
  /** Tokens by local user id. */
  tokens: Record<string, string>
  dataDir: string
  close(): Promise<void>
}

/**
 * Starts a lake on a free port over a fresh data folder seeded with `documents`. With
 * `enforce: false` it accepts writes that break the rules, like the hosted Content Lake does.
 */
export async function startTestLake(documents: ReadonlyArray<SeedDocument> = extendedSeed(), enforce = true): Promise<LakeFixture> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'vouched-lake-'))
  const seedFile = path.join(dataDir, 'seed.ndjson')
  writeFileSync(seedFile, documents.map((d) => JSON.stringify(d)).join('\n') + '\n')
  const lake = await startLake({port: 0, dataDir, seedFile, quiet: true, ...(enforce ? {} : {policy: null})})
  const tokens = Object.fromEntries(lake.users.map((u) => [u.id, u.token]))
  return {
    lake,
    tokens,
    dataDir,
    close: async () => {
      await lake.close()
      rmSync(dataDir, {recursive: true, force: true})
    },
  }
}

/** Sends mutations to the lake as the user of `token` (trusting the lake's own certificate). */
export function mutate(fixture: LakeFixture, token: string, mutations: unknown[]): Promise<{status: number; body: string}> {
  const body = JSON.stringify({mutations})
  const url = new URL('/v2025-02-19/data/mutate/production', fixture.lake.url)
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {method: 'POST', ca: fixture.lake.cert, headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body))}},
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body: text}))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
