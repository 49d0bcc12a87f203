/**
 * An article's corrections are dated by the lake (lake/correction-stamps.ts): an entry gets the
 * server's time when it first appears in the published article, whatever `correctedAt` the client
 * sent; its date never changes afterwards (not by a later write, not by unpublishing and
 * publishing again); a draft carries only the dates already published; removing an entry is
 * allowed. Written over HTTP with @sanity/client as the editor, the fact-checker and the
 * administrator, and checked on the stored documents afterwards.
 */
import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {APPROVAL_ID, ARTICLE_ID, publishWorld} from './fixtures.ts'
import {sleep, startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let editor: SanityClient
let factChecker: SanityClient

const DRAFT_ID = `drafts.${ARTICLE_ID}`
const LONG_AGO = '2020-01-01T00:00:00.000Z'
const FAR_AHEAD = '2099-01-01T00:00:00.000Z'

interface Correction {
  _key: string
  _type?: string
  summary?: string
  reason?: string
  correctedAt?: string
}

const entry = (key: string, summary: string, extra: Partial<Correction> = {}): Correction => ({_key: key, _type: 'correction', summary, ...extra})

async function stored(id = ARTICLE_ID): Promise<{_rev: string; _updatedAt: string; corrections?: Correction[]} | undefined> {
  return admin.getDocument(id) as never
}

/** The stored corrections of a document by key. */
async function datesOf(id = ARTICLE_ID): Promise<Record<string, string | undefined>> {
  const doc = await stored(id)
  return Object.fromEntries((doc?.corrections ?? []).map((c) => [c._key, c.correctedAt]))
}

/** Runs a write and returns the wall-clock window it happened in. */
async function timed(write: () => Promise<unknown>): Promise<{from: number; to: number}> {
  const from = Date.now()
  await write()
  return {from, to: Date.now()}
}

function expectWithin(date: string | undefined, window: {from: number; to: number}): void {
  expect(typeof date).toBe('string')
  const time = Date.parse(date as string)
  expect(time).toBeGreaterThanOrEqual(window.from - 5)
  expect(time).toBeLessThanOrEqual(window.to + 5)
}

beforeAll(async () => {
  t = await startTestLake()
  expect(t.running.enforcement).toBe(true)
  admin = t.client('administrator')
  editor = t.client('p-priya')
  factChecker = t.client('fact-checker')
  await publishWorld(admin as never, factChecker as never)
  expect(await stored()).toBeDefined()
})
afterAll(async () => {
  await t?.close()
})

describe('a correction written into the published article', () => {
  it("is dated with the server's time of the write, not the date the editor's client sent", async () => {
    const window = await timed(() =>
      editor
        .patch(ARTICLE_ID)
        .setIfMissing({corrections: []})
        .append('corrections', [entry('fix-dose', 'We corrected the retinol strength from 5% to 0.5%.', {reason: 'A typing error.', correctedAt: LONG_AGO})])
        .commit(),
    )
    const doc = await stored()
    const [correction] = doc?.corrections ?? []
    expect(correction).toMatchObject({_key: 'fix-dose', summary: 'We corrected the retinol strength from 5% to 0.5%.', reason: 'A typing error.'})
    expect(correction.correctedAt).not.toBe(LONG_AGO)
    expectWithin(correction.correctedAt, window)
    // The time of the write itself: the same clock that dated the document.
    expect(correction.correctedAt).toBe(doc?._updatedAt)
  })

  it("is dated by the server for the administrator too, even when the client's date is in the future", async () => {
    const window = await timed(() => admin.patch(ARTICLE_ID).append('corrections', [entry('fix-link', 'We fixed a broken link to the study.', {correctedAt: FAR_AHEAD})]).commit())
    const dates = await datesOf()
    expect(dates['fix-link']).not.toBe(FAR_AHEAD)
    expectWithin(dates['fix-link'], window)
  })

  it('is dated when it has no date at all', async () => {
    const window = await timed(() => editor.patch(ARTICLE_ID).append('corrections', [entry('fix-name', "We spelled the dermatologist's name correctly.")]).commit())
    expectWithin((await datesOf())['fix-name'], window)
  })

  it('keeps its date whatever later writes say: a patch of the date, a whole new document; an edit of its text is a new correction, dated now', async () => {
    const before = await datesOf()
    expect(before['fix-dose']).toBeDefined()

    await admin.patch(ARTICLE_ID).set({'corrections[_key=="fix-dose"].correctedAt': LONG_AGO}).commit()
    expect(await datesOf()).toEqual(before)

    await editor.patch(ARTICLE_ID).unset(['corrections[_key=="fix-link"].correctedAt']).commit()
    expect(await datesOf()).toEqual(before)

    const whole = await stored()
    const rewritten = (whole?.corrections ?? []).map((c) => ({...c, correctedAt: FAR_AHEAD}))
    await admin.createOrReplace({...(whole as never as Record<string, unknown>), _id: ARTICLE_ID, _type: 'article', corrections: rewritten} as never)
    expect(await datesOf()).toEqual(before)

    // What the entry says is what its date vouches for: rewritten, it is dated by this write (never the old date).
    const editedAt = new Date().toISOString()
    await editor.patch(ARTICLE_ID).set({'corrections[_key=="fix-dose"].summary': 'We corrected the retinol strength from 5% to 0.05%.'}).commit()
    const after = await stored()
    const edited = after?.corrections?.find((c) => c._key === 'fix-dose')
    expect(edited).toMatchObject({summary: 'We corrected the retinol strength from 5% to 0.05%.'})
    expect(String(edited?.correctedAt) >= editedAt).toBe(true)
    expect(await datesOf()).toEqual({...before, 'fix-dose': edited?.correctedAt})
  })

  it("is refused when written by a fact-checker, who may not edit articles, and nothing changes", async () => {
    const before = await stored()
    await expect(
      factChecker
        .patch(ARTICLE_ID)
        .append('corrections', [entry('fix-by-checker', 'A fact-checker wrote this.', {correctedAt: LONG_AGO})])
        .commit(),
    ).rejects.toMatchObject({statusCode: 403})
    await expect(factChecker.patch(ARTICLE_ID).set({'corrections[_key=="fix-dose"].correctedAt': LONG_AGO}).commit()).rejects.toMatchObject({statusCode: 403})
    const after = await stored()
    expect(after?._rev).toBe(before?._rev)
    expect(after?.corrections).toEqual(before?.corrections)
  })

  it('is refused without a _key of its own (its date is kept by key), and nothing changes', async () => {
    const before = await stored()
    const keyless = {_type: 'correction', summary: 'No key.'}
    await expect(admin.patch(ARTICLE_ID).append('corrections', [keyless]).commit({autoGenerateArrayKeys: false})).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('has no _key'),
    })
    await expect(editor.patch(ARTICLE_ID).append('corrections', [entry('fix-dose', 'The same key again.')]).commit()).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('share the _key "fix-dose"'),
    })
    const after = await stored()
    expect(after?._rev).toBe(before?._rev)
  })
})

describe('a correction in a draft', () => {
  it('carries no date until the article is published with it; then the publish dates it, and published entries keep theirs', async () => {
    const published = await stored()
    const before = await datesOf()
    // The Studio's draft: a copy of the published article, plus a new entry (with a date the client made up).
    await editor.createOrReplace({
      ...(published as never as Record<string, unknown>),
      _id: DRAFT_ID,
      _type: 'article',
      corrections: [entry('fix-risk', 'We added that redness can last a week.', {correctedAt: LONG_AGO}), ...(published?.corrections ?? []).map((c) => ({...c, correctedAt: FAR_AHEAD}))],
    } as never)
    const draft = await stored(DRAFT_ID)
    expect(draft?.corrections?.map((c) => c._key)).toEqual(['fix-risk', 'fix-dose', 'fix-link', 'fix-name'])
    // No date for the new entry; the published ones carry their published dates, not the client's.
    expect(await datesOf(DRAFT_ID)).toEqual({...before, 'fix-risk': undefined})
    expect(draft?.corrections?.[0]).not.toHaveProperty('correctedAt')
    // The published article is untouched.
    expect((await stored())?._rev).toBe(published?._rev)

    const window = await timed(() => editor.action({actionType: 'sanity.action.document.publish', draftId: DRAFT_ID, publishedId: ARTICLE_ID}))
    const dates = await datesOf()
    expectWithin(dates['fix-risk'], window)
    expect(dates).toEqual({...before, 'fix-risk': dates['fix-risk']})
    expect(await stored(DRAFT_ID)).toBeUndefined()
  })

  it('keeps the published dates through an edit action, which starts the draft from the published article', async () => {
    const before = await datesOf()
    await editor.action({
      actionType: 'sanity.action.document.edit',
      draftId: DRAFT_ID,
      publishedId: ARTICLE_ID,
      patch: {set: {'corrections[_key=="fix-name"].correctedAt': LONG_AGO}},
    })
    expect(await datesOf(DRAFT_ID)).toEqual(before)
    await editor.action({actionType: 'sanity.action.document.discard', draftId: DRAFT_ID})
  })
})

describe('removing and republishing', () => {
  it('lets the editor remove an entry from the published article; the others keep their dates', async () => {
    const before = await datesOf()
    await editor.patch(ARTICLE_ID).unset(['corrections[_key=="fix-link"]']).commit()
    const {['fix-link']: removed, ...rest} = before
    expect(removed).toBeDefined()
    expect(await datesOf()).toEqual(rest)
  })

  it('keeps the dates of an article unpublished and published again, by the administrator', async () => {
    const before = await datesOf()
    await admin.action({actionType: 'sanity.action.document.unpublish', draftId: DRAFT_ID, publishedId: ARTICLE_ID})
    expect(await stored()).toBeUndefined()
    expect(await datesOf(DRAFT_ID)).toEqual(before)

    // While it is unpublished the draft is edited (the lake reads the dates from its last published revision)...
    await admin.patch(DRAFT_ID).set({'corrections[_key=="fix-dose"].correctedAt': LONG_AGO}).commit()
    expect(await datesOf(DRAFT_ID)).toEqual(before)

    // ...and published again: every entry keeps the date it was first published with.
    await admin.action({actionType: 'sanity.action.document.publish', draftId: DRAFT_ID, publishedId: ARTICLE_ID})
    expect(await datesOf()).toEqual(before)
  })

  it('keeps the dates of an article withdrawn by a correction (the fact-checker rejects its claim) and published again by the editor', async () => {
    const before = await datesOf()
    const {_rev, _createdAt, _updatedAt, ...approval} = (await admin.getDocument(APPROVAL_ID)) as Record<string, unknown>
    await factChecker.create({...approval, _id: 'rejection-after-corrections', _type: 'factCheck.rejection', reason: 'The trial measured something else.'} as never)
    expect(await stored()).toBeUndefined()
    expect(await datesOf(DRAFT_ID)).toEqual(before)

    await sleep(5)
    await factChecker.create({...approval, _id: 'approval-after-corrections'} as never)
    await editor.action({actionType: 'sanity.action.document.publish', draftId: DRAFT_ID, publishedId: ARTICLE_ID})
    expect(await datesOf()).toEqual(before)
  })
})
