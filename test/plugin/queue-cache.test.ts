/**
 * The fact-check queue read again with what it read last time (plugins/medical-claims/queueCache.ts),
 * over a real local lake (the seed, its claims attributed so that they wait for a fact-checker):
 * the second read fetches no document whole, and after an approval, an edited claim and another
 * editor's edit it fetches only what changed, and lists exactly what a read from nothing lists.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildDecision, loadFactCheckQueue, newQueueCache, type PolicyClient, type QueueItem} from '../../plugins/medical-claims/data.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {ArticleDoc, TextBlock} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE} from '../../seed/ids.ts'
import {attributeSeedClaims} from '../fixtures/seed-edits.ts'
import {SEED_FILE, startTestLake, type TestLake} from '../lake/helpers.ts'

const options = resolveOptions({})
let t: TestLake

beforeAll(async () => {
  t = await startTestLake({seedFile: SEED_FILE})
  await attributeSeedClaims(t.client('p-priya') as never)
})
afterAll(async () => {
  await t?.close()
})

/** The fact-checker's client, noting the ids of every document it fetched by id (articles, decisions, experts and sources). */
function checkerClient() {
  const client = t.client('p-dana')
  const fetchedById: string[] = []
  const watched: PolicyClient = {
    fetch: (query, params = {}, opts = {}) => {
      if (/^\*\[(_type in \$(types|decisionTypes) && )?_id in \$ids\]/.test(query.trim())) fetchedById.push(...(params.ids as string[]))
      return client.fetch(query, params, opts as never)
    },
    request: (opts) => client.request(opts),
    config: () => client.config(),
  }
  return {client: watched, fetchedById}
}

const shown = (items: QueueItem[]) => items.map((item) => ({article: item.articleId, claim: item.claim.claim.key, status: item.claim.status, issues: item.claim.issues.map((i) => i.code), editors: item.editors}))

describe('the fact-check queue read again', () => {
  it('reads nothing whole when nothing changed, and only what changed after edits, listing what a fresh read lists', async () => {
    const cache = newQueueCache()
    const now = new Date()
    const first = checkerClient()
    const before = await loadFactCheckQueue(first.client, options, now, undefined, cache)
    expect(before.length).toBeGreaterThan(3)
    expect(first.fetchedById).toContain(`drafts.${ARTICLE.microNeedling}`)

    const again = checkerClient()
    expect(await loadFactCheckQueue(again.client, options, now, undefined, cache)).toEqual(before)
    expect(again.fetchedById).toEqual([])

    // The fact-checker approves the first claim; the editor rewords the second; another editor touches the draft.
    const [approved, reworded] = before
    const approval = buildDecision({decision: 'approve', articleId: approved.articleId, claimKey: approved.claim.claim.key, fingerprint: approved.claim.fingerprint ?? '', checkedBy: {id: 'p-dana', roles: ['fact-checker']}, checkedAt: now.toISOString()})
    await t.client('p-dana').create(approval as never)
    const draftId = `drafts.${ARTICLE.microNeedling}`
    const draft = await t.client('p-priya').getDocument<ArticleDoc>(draftId)
    const blocks = (draft?.body ?? []) as TextBlock[]
    const block = blocks.find((b) => b.markDefs?.some((d) => d._key === reworded.claim.claim.key))
    const span = block?.children?.find((c) => c.marks?.includes(reworded.claim.claim.key))
    if (!block || !span) throw new Error('the claim has no span')
    const edit = (who: string, set: Record<string, unknown>) => t.client(who).action({actionType: 'sanity.action.document.edit', draftId, publishedId: ARTICLE.microNeedling, patch: {set}} as never)
    await edit('p-priya', {[`body[_key=="${block._key}"].children[_key=="${span._key}"].text`]: `${span.text} (reworded)`})
    await edit('p-tom', {dek: 'What micro-needling does, and what it costs.'})

    const after = checkerClient()
    const cached = await loadFactCheckQueue(after.client, options, now, undefined, cache)
    const fresh = await loadFactCheckQueue(checkerClient().client, options, now, undefined, newQueueCache())
    expect(shown(cached)).toEqual(shown(fresh))
    expect(cached).toEqual(fresh)
    expect(after.fetchedById.sort()).toEqual([approval._id, draftId].sort())
    // What the edits did, as the fact-checker sees it: the approved claim is gone, the reworded one still waits, and the new editor counts.
    expect(cached.some((item) => item.claim.claim.key === approved.claim.claim.key)).toBe(false)
    expect(cached.find((item) => item.claim.claim.key === reworded.claim.claim.key)?.claim.fingerprint).not.toBe(reworded.claim.fingerprint)
    expect(cached[0].editors).toContain('p-tom')
    expect(before[0].editors).not.toContain('p-tom')
  })
})
