/**
 * Content Releases in the lake, driven through @sanity/client as Studio 6 drives them: release
 * documents and their states, versions, the release actions, perspectives and `releases::all()`,
 * scheduled publishing at its time, and the publish rules checked at the moment a release publishes.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SanityClient} from '@sanity/client'
import {ARTICLE_ID, approvalFor, articleWithClaim, citation, expert, publishWorld, reviewerExpert, reviewFor} from './fixtures.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let priya: SanityClient
let dana: SanityClient
let site: SanityClient

beforeAll(async () => {
  t = await startTestLake()
  admin = t.client('administrator')
  priya = t.client('p-priya')
  dana = t.client('fact-checker')
  site = t.client('viewer')
  await publishWorld(admin as never, dana as never)
})
afterAll(async () => {
  await t?.close()
})

const release = (name: string) => admin.getDocument(`_.releases.${name}`)
const versionOf = (name: string, id: string) => `versions.${name}.${id}`
let releases = 0
const newName = () => `rTest${++releases}`

async function createRelease(client: SanityClient, metadata: Record<string, unknown> = {title: 'Spring update', releaseType: 'asap'}): Promise<string> {
  const name = newName()
  await client.action({actionType: 'sanity.action.release.create', releaseId: name, metadata} as never)
  return name
}

/** A second article, written straight into a release as a version (as the Studio does), with its approval and review recorded by the fact-checker. */
async function articleInRelease(name: string, id: string, text: string, claim: Record<string, unknown> = {}, approve = true): Promise<void> {
  const doc = articleWithClaim(id, text, claim)
  await priya.action({actionType: 'sanity.action.document.create', publishedId: id, attributes: {...doc, _id: versionOf(name, id)}, ifExists: 'fail'} as never)
  if (approve) {
    await dana.create(approvalFor(doc) as never)
    await dana.create(reviewFor(doc) as never)
  }
}

interface ActionError {
  statusCode: number
  message: string
  details: {type: string; items?: Array<{error: {type: string; description: string}}>}
}

async function refused(promise: Promise<unknown>): Promise<ActionError> {
  return (await promise.then(
    () => {
      throw new Error('expected the action to be refused')
    },
    (e: unknown) => e,
  )) as ActionError
}

describe('release documents and actions', () => {
  it('creates a release as a system document that releases::all() and the Studio query list, for every role that reads', async () => {
    const name = await createRelease(priya)
    expect(await release(name)).toMatchObject({_id: `_.releases.${name}`, _type: 'system.release', name, state: 'active', metadata: {title: 'Spring update', releaseType: 'asap'}})
    const studioQuery = '*[_type=="system.release" && _id in path("_.releases.*")]{_id, state, "metadata": coalesce(metadata, {"title": ""})} | order(_createdAt desc)'
    expect(await priya.fetch(studioQuery, {}, {perspective: 'raw'})).toContainEqual(expect.objectContaining({_id: `_.releases.${name}`, state: 'active'}))
    expect((await site.fetch('releases::all()', {}, {perspective: 'published'})).map((r: {name: string}) => r.name)).toContain(name)
  })

  it('edits only the metadata, and refuses a change of state or a raw write to the release document', async () => {
    const name = await createRelease(priya)
    await priya.action({actionType: 'sanity.action.release.edit', releaseId: name, patch: {set: {metadata: {title: 'Renamed', releaseType: 'scheduled', intendedPublishAt: '2027-03-01T09:00:00.000Z'}}, unset: []}} as never)
    expect(await release(name)).toMatchObject({state: 'active', metadata: {title: 'Renamed', releaseType: 'scheduled', intendedPublishAt: '2027-03-01T09:00:00.000Z'}})

    const edit = await refused(priya.action({actionType: 'sanity.action.release.edit', releaseId: name, patch: {set: {state: 'published'}}} as never))
    expect(edit.statusCode).toBe(400)
    expect(edit.message).toContain('only the release\'s metadata')

    for (const write of [
      () => admin.patch(`_.releases.${name}`).set({state: 'published'}).commit(),
      () => admin.createOrReplace({_id: `_.releases.${name}`, _type: 'system.release', name, state: 'published'} as never),
      () => admin.delete(`_.releases.${name}`),
      () => admin.create({_id: 'forged-release', _type: 'system.release', name: 'forged', state: 'published'} as never),
    ]) {
      const err = await refused(write())
      expect(err.statusCode).toBe(403)
    }
    expect(await release(name)).toMatchObject({state: 'active', metadata: {title: 'Renamed'}})
    expect(await admin.getDocument('forged-release')).toBeUndefined()
  })

  it('refuses release actions to roles that may not publish (the fact-checker and the site), and answers their dry runs with insufficientPermissionsError', async () => {
    for (const client of [dana, site]) {
      const err = await refused(client.action({actionType: 'sanity.action.release.create', releaseId: newName(), metadata: {title: 'Mine'}} as never))
      expect(err.statusCode).toBe(403)
      const probe = await refused(client.action({actionType: 'sanity.action.release.create', releaseId: newName(), metadata: {title: 'Mine'}} as never, {dryRun: true}))
      expect(probe.details.type).toBe('insufficientPermissionsError')
    }
    expect((await admin.fetch('releases::all()')).filter((r: {metadata?: {title?: string}}) => r.metadata?.title === 'Mine')).toEqual([])
  })

  it('answers a dry run the user may make with 200 whatever the state, applies nothing, and says what the real action would meet', async () => {
    const name = await createRelease(priya)
    const answer = await t.request('POST', '/v2025-02-19/data/actions/production', {token: t.user('p-priya').token, body: {actions: [{actionType: 'sanity.action.release.delete', releaseId: name}], dryRun: true}})
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({dryRun: true, refused: {type: 'actionError'}})
    expect(JSON.stringify(answer.body)).toContain('only archived or published releases can be deleted')
    await priya.action({actionType: 'sanity.action.release.archive', releaseId: name} as never, {dryRun: true})
    expect(await release(name)).toMatchObject({state: 'active'})
  })

  it('gives clear errors for a bad release id, metadata, state or time', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{actionType: 'sanity.action.release.create', releaseId: 'has.dot'}, 400, 'a release id is 1 to 64 letters'],
      [{actionType: 'sanity.action.release.create', releaseId: 'drafts'}, 400, 'not "drafts"'],
      [{actionType: 'sanity.action.release.create', releaseId: 'rOk1', metadata: {releaseType: 'soon'}}, 400, 'use one of asap, scheduled, undecided'],
      [{actionType: 'sanity.action.release.publish', releaseId: 'rMissing'}, 404, 'there is no such release'],
      [{actionType: 'sanity.action.release.frobnicate', releaseId: 'rMissing'}, 400, 'the release actions are create, edit'],
    ]
    for (const [action, status, text] of cases) {
      const err = await refused(priya.action(action as never))
      expect(err.statusCode).toBe(status)
      expect(JSON.stringify(err.details) + err.message).toContain(text)
    }
    const name = await createRelease(priya)
    const bad = await refused(priya.action({actionType: 'sanity.action.release.schedule', releaseId: name, publishAt: 'tomorrow'} as never))
    expect(bad.message + JSON.stringify(bad.details)).toContain('a date and time such as')
    const unschedule = await refused(priya.action({actionType: 'sanity.action.release.unschedule', releaseId: name} as never))
    expect(unschedule.statusCode).toBe(409)
    expect(unschedule.message + JSON.stringify(unschedule.details)).toContain('it is active, and only scheduled releases can be unscheduled')
    expect(await admin.fetch('count(*[_id == "_.releases.rOk1"])')).toBe(0)
  })
})

describe('versions and perspectives', () => {
  it('shows a release version in its perspective and not in published or drafts', async () => {
    const name = await createRelease(priya)
    await priya.action({actionType: 'sanity.action.document.version.create', publishedId: ARTICLE_ID, baseId: ARTICLE_ID, versionId: versionOf(name, ARTICLE_ID)} as never)
    await priya.action({actionType: 'sanity.action.document.edit', draftId: versionOf(name, ARTICLE_ID), publishedId: ARTICLE_ID, patch: {set: {title: 'Spring title'}}} as never)
    const title = '*[_id == $id][0].title'
    expect(await priya.fetch(title, {id: ARTICLE_ID}, {perspective: [name, 'drafts'] as never})).toBe('Spring title')
    expect(await priya.fetch(title, {id: ARTICLE_ID}, {perspective: 'published'})).toBe(`Article ${ARTICLE_ID}`)
    expect(await priya.fetch(title, {id: ARTICLE_ID}, {perspective: 'drafts'})).toBe(`Article ${ARTICLE_ID}`)
    expect(await priya.fetch('*[sanity::partOfRelease($r)]._id', {r: name})).toEqual([versionOf(name, ARTICLE_ID)])
    await priya.action({actionType: 'sanity.action.document.version.discard', versionId: versionOf(name, ARTICLE_ID)} as never)
  })
})

describe('publishing a release', () => {
  it('publishes every version at once, records what it published, and shows it on the site', async () => {
    const name = await createRelease(priya)
    await articleInRelease(name, 'article-spring-a', 'Retinol reduces fine lines.')
    await articleInRelease(name, 'article-spring-b', 'Sunscreen prevents sunburn.')
    await priya.action({actionType: 'sanity.action.release.publish', releaseId: name} as never)
    expect(await release(name)).toMatchObject({state: 'published', publishedAt: expect.any(String), finalDocumentStates: [{id: versionOf(name, 'article-spring-a')}, {id: versionOf(name, 'article-spring-b')}]})
    expect(await site.fetch('*[_id in $ids]._id | order(@)', {ids: ['article-spring-a', 'article-spring-b']}, {perspective: 'published'})).toEqual(['article-spring-a', 'article-spring-b'])
    expect(await admin.fetch('count(*[sanity::partOfRelease($r)])', {r: name})).toBe(0)
    // A published release's documents are what it published, read back from the history as the Studio reads them.
    const history = await t.request('GET', `/v2025-02-19/data/history/production/documents/${versionOf(name, 'article-spring-a')}?lastRevision=true`)
    expect(history.body).toMatchObject({documents: [{_id: versionOf(name, 'article-spring-a'), title: 'Article article-spring-a'}]})
  })

  it('publishes nothing when one article in it breaks the rules, and says which and why', async () => {
    const name = await createRelease(priya)
    await articleInRelease(name, 'article-ok', 'Niacinamide calms redness.')
    await articleInRelease(name, 'article-unapproved', 'Vitamin C brightens skin.', {}, false)
    const err = await refused(priya.action({actionType: 'sanity.action.release.publish', releaseId: name} as never))
    expect(err.statusCode).toBe(409)
    expect(err.details.type).toBe('publishRulesViolation')
    expect(err.message).toContain('"Article article-unapproved" (article-unapproved) cannot be published')
    expect(await admin.getDocuments(['article-ok', 'article-unapproved'])).toEqual([null, null])
    expect(await release(name)).toMatchObject({state: 'active'})
    expect(await admin.fetch('count(*[sanity::partOfRelease($r)])', {r: name})).toBe(2)
  })

  it('unpublishes a document the release marks for unpublishing, under the same rules', async () => {
    const name = await createRelease(priya)
    await articleInRelease(name, 'article-to-retire', 'Cold water tightens pores.')
    await priya.action({actionType: 'sanity.action.release.publish', releaseId: name} as never)
    const second = await createRelease(priya)
    await priya.action({actionType: 'sanity.action.document.version.unpublish', versionId: versionOf(second, 'article-to-retire'), publishedId: 'article-to-retire'} as never)
    expect(await admin.getDocument(versionOf(second, 'article-to-retire'))).toMatchObject({_system: {delete: true}})
    await priya.action({actionType: 'sanity.action.release.publish', releaseId: second} as never)
    expect(await admin.getDocument('article-to-retire')).toBeUndefined()
  })

  it("still counts a published version's authors as the article's editors: they may not approve its claims afterwards", async () => {
    const name = await createRelease(priya)
    const doc = articleWithClaim('article-admin-wrote', 'Peptides support collagen.')
    await admin.action({actionType: 'sanity.action.document.create', publishedId: doc._id, attributes: {...doc, _id: versionOf(name, doc._id)}, ifExists: 'fail'} as never)
    await dana.create(approvalFor(doc) as never)
    await dana.create(reviewFor(doc) as never)
    await priya.action({actionType: 'sanity.action.release.publish', releaseId: name} as never)
    expect(await admin.getDocument(versionOf(name, doc._id))).toBeUndefined()
    // The administrator wrote the version that is now the published article, so cannot be the one who checks it.
    const selfCheck = await refused(admin.createOrReplace({...approvalFor(doc, {id: 'p-morgan', name: 'Morgan', roles: ['administrator']}), _id: 'factcheck-admin-self'} as never))
    expect(selfCheck.statusCode).toBe(403)
    expect(await admin.getDocument('factcheck-admin-self')).toBeUndefined()
    // And it still holds after a restart, from the history.
    await t.restart()
    admin = t.client('administrator')
    priya = t.client('p-priya')
    dana = t.client('fact-checker')
    site = t.client('viewer')
    expect((await refused(admin.createOrReplace({...approvalFor(doc, {id: 'p-morgan', name: 'Morgan', roles: ['administrator']}), _id: 'factcheck-admin-self'} as never))).statusCode).toBe(403)
  })

  it('refuses a release publish by the fact-checker, who may not publish articles', async () => {
    const name = await createRelease(priya)
    await articleInRelease(name, 'article-by-checker', 'Hyaluronic acid holds water.')
    const err = await refused(dana.action({actionType: 'sanity.action.release.publish', releaseId: name} as never))
    expect(err.statusCode).toBe(403)
    expect(await admin.getDocument('article-by-checker')).toBeUndefined()
    expect(await release(name)).toMatchObject({state: 'active'})
  })
})

describe('archive, unarchive, delete', () => {
  it('archives a release with its versions kept in the history, restores them on unarchive, and deletes only archived or published ones', async () => {
    const name = await createRelease(priya)
    await articleInRelease(name, 'article-archived', 'Ceramides repair the barrier.')
    await priya.action({actionType: 'sanity.action.release.archive', releaseId: name} as never)
    expect(await release(name)).toMatchObject({state: 'archived', finalDocumentStates: [{id: versionOf(name, 'article-archived')}]})
    expect(await admin.getDocument(versionOf(name, 'article-archived'))).toBeUndefined()
    const locked = await refused(priya.action({actionType: 'sanity.action.document.create', publishedId: 'article-late', attributes: {...articleWithClaim('article-late'), _id: versionOf(name, 'article-late')}, ifExists: 'fail'} as never))
    expect(locked.statusCode).toBe(403)
    expect(locked.message).toContain('Unarchive the release to change them')

    await priya.action({actionType: 'sanity.action.release.unarchive', releaseId: name} as never)
    expect(await release(name)).toMatchObject({state: 'active'})
    expect(await admin.getDocument(versionOf(name, 'article-archived'))).toMatchObject({title: 'Article article-archived'})

    const active = await refused(priya.action({actionType: 'sanity.action.release.delete', releaseId: name} as never))
    expect(active.statusCode).toBe(409)
    await priya.action({actionType: 'sanity.action.release.archive', releaseId: name} as never)
    await priya.action({actionType: 'sanity.action.release.delete', releaseId: name} as never)
    expect(await release(name)).toBeUndefined()
  })
})

describe("the Studio's release limit", () => {
  /** What the Studio reads before it opens its New release dialog. */
  const allowed = (client: SanityClient) => client.request<{data: {datasetReleaseLimit: number; orgActiveReleaseLimit: number | null; orgMeteredActiveReleaseCount: number}}>({url: `/projects/${client.config().projectId}/new-content-release-allowed`})

  it('sets no limit and counts the open releases, less archived ones and a single document\'s scheduled draft', async () => {
    const before = (await allowed(priya)).data
    expect(before).toMatchObject({orgActiveReleaseLimit: null})
    expect(before.datasetReleaseLimit).toBeGreaterThan(1_000_000)
    const open = await createRelease(priya)
    await createRelease(priya, {title: 'One article on Monday', releaseType: 'scheduled', cardinality: 'one'})
    expect((await allowed(priya)).data.orgMeteredActiveReleaseCount).toBe(before.orgMeteredActiveReleaseCount + 1)
    await priya.action({actionType: 'sanity.action.release.archive', releaseId: open} as never)
    expect((await allowed(site)).data.orgMeteredActiveReleaseCount).toBe(before.orgMeteredActiveReleaseCount)
  })

  it('asks for a signed-in user', async () => {
    const anonymous = t.client('administrator').withConfig({token: undefined})
    await expect(allowed(anonymous)).rejects.toMatchObject({statusCode: 401})
  })
})

describe('scheduled publishing', () => {
  it('locks a scheduled release, publishes it at its time, and unschedules on request', async () => {
    const name = await createRelease(priya, {title: 'Monday', releaseType: 'scheduled'})
    await articleInRelease(name, 'article-monday', 'Retinoids speed cell turnover.')
    const at = new Date(Date.now() + 60 * 60_000).toISOString()
    await priya.action({actionType: 'sanity.action.release.schedule', releaseId: name, publishAt: at} as never)
    expect(await release(name)).toMatchObject({state: 'scheduled', publishAt: at})

    const edit = await refused(priya.action({actionType: 'sanity.action.document.edit', draftId: versionOf(name, 'article-monday'), publishedId: 'article-monday', patch: {set: {title: 'Changed after scheduling'}}} as never))
    expect(edit.statusCode).toBe(403)
    expect(edit.message).toContain('Unschedule the release to change them')
    const early = await refused(priya.action({actionType: 'sanity.action.release.publish', releaseId: name} as never))
    expect(early.message + JSON.stringify(early.details)).toContain('Unschedule it first')

    expect(await t.running.lake.publishDueReleases(new Date(Date.now() + 30 * 60_000).toISOString())).toEqual([])
    expect(await t.running.lake.publishDueReleases(new Date(Date.now() + 61 * 60_000).toISOString())).toEqual([{dataset: 'production', release: name, published: true}])
    expect(await release(name)).toMatchObject({state: 'published'})
    expect(await site.getDocument('article-monday')).toMatchObject({title: 'Article article-monday'})

    const other = await createRelease(priya, {title: 'Later', releaseType: 'scheduled'})
    await priya.action({actionType: 'sanity.action.release.schedule', releaseId: other, publishAt: at} as never)
    await priya.action({actionType: 'sanity.action.release.unschedule', releaseId: other} as never)
    expect(await release(other)).toMatchObject({state: 'active'})
    expect((await release(other))?.publishAt).toBeUndefined()
  })

  it('does not publish a scheduled release whose expert\'s credential lapsed since it was scheduled, and puts it back to active saying why', async () => {
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    const lapsing = {...expert, _id: 'expert-lapsing', name: 'Dr. Lee Lapsing', credentials: expert.credentials.map((c) => ({...c, expiresOn: inTenDays}))}
    const {withVerificationFingerprints} = await import('../../plugins/medical-claims/rules/fingerprints.ts')
    await admin.create(withVerificationFingerprints(lapsing) as never)
    const name = await createRelease(priya, {title: 'Next month', releaseType: 'scheduled'})
    const doc = articleWithClaim('article-lapsing', 'Azelaic acid evens tone.', {expert: {_type: 'reference', _ref: 'expert-lapsing'}})
    await priya.action({actionType: 'sanity.action.document.create', publishedId: 'article-lapsing', attributes: {...doc, _id: versionOf(name, 'article-lapsing')}, ifExists: 'fail'} as never)
    await dana.create(approvalFor(doc, undefined, {experts: [withVerificationFingerprints(lapsing), reviewerExpert], citations: [citation]}) as never)
    await dana.create(reviewFor(doc) as never)
    const at = new Date(Date.now() + 20 * 86_400_000).toISOString()
    await priya.action({actionType: 'sanity.action.release.schedule', releaseId: name, publishAt: at} as never)

    const [outcome] = await t.running.lake.publishDueReleases(new Date(Date.parse(at) + 1000).toISOString())
    expect(outcome).toMatchObject({release: name, published: false})
    expect(await admin.getDocument('article-lapsing')).toBeUndefined()
    const after = await release(name)
    expect(after).toMatchObject({state: 'active', error: {message: expect.stringContaining('"Article article-lapsing" (article-lapsing) cannot be published')}})
    expect((after?.error as {message: string}).message).toMatch(/expired|lapsed|no longer/i)
    expect(after?.publishAt).toBeUndefined()
    // The versions stay in the release, to fix and publish again.
    expect(await admin.getDocument(versionOf(name, 'article-lapsing'))).toBeDefined()
  })
})
