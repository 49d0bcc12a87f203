/**
 * An article's publication date is the lake's (lake/published-date.ts): the server's time when it
 * is first published, whatever `publishedAt` the editor's client sent, and the same date through
 * every later write, unpublish and republish. Written over HTTP with @sanity/client as the editor,
 * the fact-checker and the administrator, and checked on the stored documents and on the site's
 * listing afterwards.
 */
import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {siteQueries} from '../../queries/fetch.ts'
import {ARTICLE_ID, approvalFor, articleWithClaim, publishWorld, reviewFor} from './fixtures.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let editor: SanityClient
let factChecker: SanityClient

const FAR_AHEAD = '2099-12-31T09:00:00.000Z'
const LONG_AGO = '2001-01-01T09:00:00.000Z'

const publishedAtOf = async (id: string) => ((await admin.getDocument(id)) as {publishedAt?: string} | undefined)?.publishedAt
const publish = (client: SanityClient, id: string) => client.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id} as never)

/** A compliant draft whose client-written publication date is `publishedAt`, approved and reviewed. */
async function compliantDraft(id: string, publishedAt: string): Promise<void> {
  const draft = {...articleWithClaim(`drafts.${id}`, `Claim of ${id}: retinol reduces fine lines.`), publishedAt}
  await editor.create(draft as never)
  await factChecker.create({...approvalFor(draft as never), _id: `approval-${id}`} as never)
  await factChecker.create({...reviewFor(draft as never), _id: `review-${id}`} as never)
}

beforeAll(async () => {
  t = await startTestLake()
  admin = t.client('administrator')
  editor = t.client('p-priya')
  factChecker = t.client('fact-checker')
  await publishWorld(admin as never, factChecker as never)
})
afterAll(async () => {
  await t?.close()
})

describe("an article's publication date", () => {
  it("is the server's time of its first publication, not the date the editor's client sent", async () => {
    await compliantDraft('article-future', FAR_AHEAD)
    const from = Date.now()
    await publish(editor, 'article-future')
    const to = Date.now()
    const date = await publishedAtOf('article-future')
    expect(date).not.toBe(FAR_AHEAD)
    expect(Date.parse(date as string)).toBeGreaterThanOrEqual(from - 5)
    expect(Date.parse(date as string)).toBeLessThanOrEqual(to + 5)
    // The site's newest-first listing does not put it above everything for ever.
    const listing = await siteQueries(t.client('viewer')).listing(1, 10)
    expect(listing.articles.find((a) => a._id === 'article-future')?.publishedAt).toBe(date)
  })

  it('keeps that date through later writes by the editor and the administrator, and a republish', async () => {
    const first = await publishedAtOf('article-future')
    await editor.patch('article-future').set({publishedAt: LONG_AGO}).commit()
    expect(await publishedAtOf('article-future')).toBe(first)
    await admin.createOrReplace({...(await admin.getDocument('article-future')), publishedAt: FAR_AHEAD} as never)
    expect(await publishedAtOf('article-future')).toBe(first)
    await editor.action({actionType: 'sanity.action.document.edit', draftId: 'drafts.article-future', publishedId: 'article-future', patch: {set: {publishedAt: LONG_AGO}}} as never)
    expect(await publishedAtOf('drafts.article-future')).toBe(LONG_AGO)
    await publish(editor, 'article-future')
    expect(await publishedAtOf('article-future')).toBe(first)
  })

  it('keeps it when the article is unpublished and published again', async () => {
    const first = await publishedAtOf('article-future')
    await admin.action({actionType: 'sanity.action.document.unpublish', draftId: 'drafts.article-future', publishedId: 'article-future'} as never)
    expect(await publishedAtOf('article-future')).toBeUndefined()
    await editor.patch('drafts.article-future').set({publishedAt: FAR_AHEAD}).commit()
    await publish(editor, 'article-future')
    expect(await publishedAtOf('article-future')).toBe(first)
  })

  it('keeps the date an article brought from another system came with (an import around the API)', async () => {
    const migrated = {...(await admin.getDocument(ARTICLE_ID)), publishedAt: LONG_AGO}
    await t.running.lake.importNdjson('production', `${JSON.stringify(migrated)}\n`, {mode: 'replace', enforce: false})
    expect(await publishedAtOf(ARTICLE_ID)).toBe(LONG_AGO)
    await admin.patch(ARTICLE_ID).set({publishedAt: FAR_AHEAD}).commit()
    expect(await publishedAtOf(ARTICLE_ID)).toBe(LONG_AGO)
  })
})
