/**
 * Corrections always land, and who attested what comes from the server.
 *
 * A fact-checker's rejection of a published claim, a revoked credential, a retracted source and
 * the passing of time are recorded, never refused; in the same commit the lake withdraws each
 * published article they break (its content kept as the draft, a withdrawal record saying why),
 * so the published perspective, and every site query over it, only holds articles that pass.
 * Other writes that would break a published article are still refused. Decisions and
 * verifications carry the signed-in user and the server's time, whatever the client wrote.
 * Checked through the HTTP API with @sanity/client, and the state afterwards.
 */
import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {complianceParams} from '../../queries/compliance.ts'
import {COMPLIANT_ARTICLE_IDS_QUERY} from '../../queries/site.ts'
import {auditDataset} from '../../audit/audit.ts'
import {AuditDataset} from '../../audit/dataset.ts'
import {formatText} from '../../audit/format.ts'
import {loadWithdrawnArticles} from '../../plugins/medical-claims/data.ts'
import {credentialFingerprint} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {Credential} from '../../plugins/medical-claims/rules/types.ts'
import {approvalFor, articleWithClaim, citation, expert, expertNamed, publishWorld, reviewFor} from './fixtures.ts'
import {startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let admin: SanityClient
let dana: SanityClient
let priya: SanityClient

const ref = (id: string, key?: string) => ({_type: 'reference', _ref: id, ...(key ? {_key: key} : {})})

/** A published article whose one claim relies on an expert and a citation of its own (`expert-<n>`, `citation-<n>`). */
async function publishArticle(n: string, text = `Claim ${n}: retinol reduces fine lines.`): Promise<string> {
  const id = `article-${n}`
  const ownExpert = expertNamed(`expert-${n}`, `Dr. ${n}`)
  const ownCitation = {...citation, _id: `citation-${n}`, title: `Trial ${n}`}
  await admin
    .transaction()
    .create(ownExpert as never)
    .create(ownCitation as never)
    .create(articleWithClaim(`drafts.${id}`, text, {expert: ref(`expert-${n}`), citations: [ref(`citation-${n}`, 'c1')]}) as never)
    .commit()
  const draft = await admin.getDocument(`drafts.${id}`)
  await dana.create({...approvalFor(draft as never, undefined, {experts: [ownExpert], citations: [ownCitation]}), _id: `approval-${n}`} as never)
  await dana.create({...reviewFor(draft as never, undefined, ownExpert), _id: `review-${n}`} as never)
  await admin.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id})
  expect(await admin.getDocument(id)).toBeDefined()
  return id
}

async function compliantIds(): Promise<string[]> {
  return admin.fetch(COMPLIANT_ARTICLE_IDS_QUERY, complianceParams(), {perspective: 'published'})
}

interface Withdrawal {
  _id: string
  article: {_ref: string}
  withdrawnAt: string
  cause: {kinds: string[]; transactionId: string | null; author: string}
  reasons: Array<{code: string; message: string}>
}

const withdrawalsOf = (articleId: string) => admin.fetch<Withdrawal[]>('*[_type == "factCheck.withdrawal" && article._ref == $id] | order(withdrawnAt desc)', {id: articleId})

async function historyAuthors(ids: string[]): Promise<Array<{author: string; kind?: string}>> {
  const text = await admin.request<string>({url: `/data/history/production/transactions/${ids.join(',')}?excludeContent=true`, json: false} as never)
  return String(text)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as {author: string})
}

beforeAll(async () => {
  t = await startTestLake()
  expect(t.running.enforcement).toBe(true)
  admin = t.client('administrator')
  dana = t.client('fact-checker')
  priya = t.client('p-priya')
  await publishWorld(admin as never, dana as never)
})
afterAll(async () => {
  await t?.close()
})

describe('corrections land and withdraw what they break', () => {
  it("a fact-checker's revocation of the credential a published claim relies on", async () => {
    const id = await publishArticle('revoked')
    const published = await admin.getDocument(id)
    expect(await compliantIds()).toContain(id)

    const {transactionId} = await dana
      .transaction()
      .patch('expert-revoked', (p) => p.set({'credentials[_key=="lic"].verification.status': 'revoked', 'credentials[_key=="lic"].verification.evidence': 'Board revoked the licence'}))
      .commit()

    const expertNow = await admin.getDocument('expert-revoked')
    expect(expertNow?.credentials).toMatchObject([{verification: {status: 'revoked', verifiedBy: expect.stringContaining('(p-dana)')}}])
    // Off the site at once; its content is the draft, unchanged.
    expect(await admin.getDocument(id)).toBeUndefined()
    expect((await admin.getDocument(`drafts.${id}`))?.body).toEqual(published?.body)
    expect(await compliantIds()).not.toContain(id)
    // Why, and which correction caused it.
    const [record] = await withdrawalsOf(id)
    expect(record).toMatchObject({cause: {kinds: ['revocation'], transactionId, author: 'p-dana'}})
    expect(record.reasons.map((r) => r.code)).toContain('expert.credentialRevoked')
    // The withdrawal is the lake's own transaction: the fact-checker did not become an editor of the article.
    const authors = await historyAuthors([id, `drafts.${id}`])
    expect(authors.map((a) => a.author)).not.toContain('p-dana')
    expect(authors.map((a) => a.author)).toContain('system')
  })

  it("an editor's retraction of the cited source", async () => {
    const id = await publishArticle('retracted')
    const {transactionId} = await priya.transaction().patch('citation-retracted', (p) => p.set({retracted: true, retractionNotice: 'Retracted for data fabrication'})).commit()
    expect((await admin.getDocument('citation-retracted'))?.retracted).toBe(true)
    expect(await admin.getDocument(id)).toBeUndefined()
    expect(await admin.getDocument(`drafts.${id}`)).toBeDefined()
    const [record] = await withdrawalsOf(id)
    expect(record).toMatchObject({cause: {kinds: ['retraction'], transactionId, author: 'p-priya'}})
    expect(record.reasons.map((r) => r.code)).toContain('claim.citationRetracted')
  })

  it("a fact-checker's rejection of a claim that is on the site", async () => {
    const id = await publishArticle('rejected')
    const draft = await admin.getDocument(`drafts.${id}`)
    expect(draft).toBeUndefined()
    const approval = await admin.getDocument('approval-rejected')
    await dana.create({...approval, _id: 'rejection-rejected', _type: 'factCheck.rejection', reason: 'The cited trial used a different device', note: undefined} as never)
    expect(await admin.getDocument('rejection-rejected')).toMatchObject({checkedBy: {id: 'p-dana'}})
    expect(await admin.getDocument(id)).toBeUndefined()
    const [record] = await withdrawalsOf(id)
    expect(record.cause.kinds).toEqual(['rejection'])
    expect(record.reasons.map((r) => r.code)).toEqual(['claim.rejected'])
  })

  it('time: a credential that expired since the article was published', async () => {
    const id = await publishArticle('expiring')
    // The expiry day passed while the lake was not looking (written around the API, like the seed).
    const stored = await admin.getDocument('expert-expiring')
    const lapsed = {...stored, credentials: (stored?.credentials as Array<Record<string, unknown>>).map((c) => ({...c, expiresOn: '2020-06-30'}))}
    await t.running.lake.importNdjson('production', `${JSON.stringify(lapsed)}\n`, {mode: 'replace', enforce: false})
    // The site queries check the day themselves, so it is already off the site...
    expect(await compliantIds()).not.toContain(id)
    // ...and the sweep (at start and at every UTC midnight) withdraws it.
    expect(await t.running.lake.sweep()).toEqual([id])
    expect(await admin.getDocument(id)).toBeUndefined()
    const [record] = await withdrawalsOf(id)
    expect(record.cause).toMatchObject({kinds: ['time'], transactionId: null, author: 'system'})
    expect(record.reasons.map((r) => r.code)).toContain('expert.credentialExpired')
    expect(await t.running.lake.sweep()).toEqual([])
  })
})

describe("corrections made the Studio's way, and writes made before them", () => {
  // As the Studio's Revoke writes it (components/CredentialInput.tsx): status, who, when and evidence.
  const revoke = {
    'credentials[_key=="lic"].verification.status': 'revoked',
    'credentials[_key=="lic"].verification.verifiedBy': 'p-dana',
    'credentials[_key=="lic"].verification.verifiedAt': new Date().toISOString(),
    'credentials[_key=="lic"].verification.evidence': 'Board revoked the licence',
  }
  const statusOf = async (id: string) => ((await admin.getDocument(id))?.credentials as Array<{verification?: {status?: string}}> | undefined)?.map((c) => c.verification?.status)

  it("a revocation in the expert's draft (the Studio's Revoke): it lands on the published expert and withdraws the article", async () => {
    const id = await publishArticle('draft-revoked')
    await dana.action({actionType: 'sanity.action.document.edit', publishedId: 'expert-draft-revoked', draftId: 'drafts.expert-draft-revoked', patch: {set: revoke}} as never)
    expect(await statusOf('expert-draft-revoked')).toEqual(['revoked'])
    expect(await admin.getDocument(id)).toBeUndefined()
    expect(await compliantIds()).not.toContain(id)
    const [record] = await withdrawalsOf(id)
    expect(record).toMatchObject({cause: {kinds: ['revocation'], author: 'p-dana'}})
  })

  it("a retraction made in the citation's draft and published: it lands and withdraws the article", async () => {
    const id = await publishArticle('draft-retracted')
    await priya.action({actionType: 'sanity.action.document.edit', publishedId: 'citation-draft-retracted', draftId: 'drafts.citation-draft-retracted', patch: {set: {retracted: true, retractionNotice: 'Retracted by the journal'}}} as never)
    await priya.action({actionType: 'sanity.action.document.publish', publishedId: 'citation-draft-retracted', draftId: 'drafts.citation-draft-retracted'} as never)
    expect((await admin.getDocument('citation-draft-retracted'))?.retracted).toBe(true)
    expect(await admin.getDocument(id)).toBeUndefined()
    const [record] = await withdrawalsOf(id)
    expect(record).toMatchObject({cause: {kinds: ['retraction'], author: 'p-priya'}})
  })

  it('an expert draft made before a revocation, published after it: the credential stays revoked and the article stays off the site', async () => {
    const id = await publishArticle('stale-draft')
    await priya.action({actionType: 'sanity.action.document.edit', publishedId: 'expert-stale-draft', draftId: 'drafts.expert-stale-draft', patch: {set: {bio: 'Updated bio'}}} as never)
    await dana.patch('expert-stale-draft').set(revoke).commit()
    expect(await statusOf('expert-stale-draft')).toEqual(['revoked'])
    // The draft shows the revocation too.
    expect(await statusOf('drafts.expert-stale-draft')).toEqual(['revoked'])
    // The editor may not write the old verification back into the draft by hand.
    const before = await admin.getDocument(`drafts.expert-stale-draft`)
    const old = {...(before as Record<string, unknown>), credentials: expertNamed('expert-stale-draft', 'Dr. stale-draft').credentials}
    await expect(priya.createOrReplace({...old, _id: 'drafts.expert-stale-draft'} as never)).rejects.toThrow(/Permission denied/)
    expect(await statusOf('drafts.expert-stale-draft')).toEqual(['revoked'])
    await priya.action({actionType: 'sanity.action.document.publish', publishedId: 'expert-stale-draft', draftId: 'drafts.expert-stale-draft'} as never)
    expect((await admin.getDocument('expert-stale-draft'))?.bio).toBe('Updated bio')
    expect(await statusOf('expert-stale-draft')).toEqual(['revoked'])
    await expect(admin.action({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id})).rejects.toThrow(/was revoked/)
    expect(await compliantIds()).not.toContain(id)
  })

  it('a release scheduled before a revocation: at its time it does not publish, and the credential stays revoked', async () => {
    const id = await publishArticle('stale-release')
    await priya.action([
      {actionType: 'sanity.action.release.create', releaseId: 'rStale', metadata: {title: 'Stale', releaseType: 'scheduled'}},
      {actionType: 'sanity.action.document.version.create', publishedId: 'expert-stale-release', baseId: 'expert-stale-release', versionId: 'versions.rStale.expert-stale-release'},
      {actionType: 'sanity.action.document.version.create', publishedId: id, baseId: id, versionId: `versions.rStale.${id}`},
    ] as never)
    const publishAt = new Date(Date.now() + 60_000).toISOString()
    await priya.action({actionType: 'sanity.action.release.schedule', releaseId: 'rStale', publishAt} as never)
    await dana.patch('expert-stale-release').set(revoke).commit()
    expect(await admin.getDocument(id)).toBeUndefined()
    const outcomes = await t.running.lake.publishDueReleases(new Date(Date.now() + 120_000).toISOString())
    expect(outcomes.find((o) => o.release === 'rStale')).toMatchObject({published: false, error: expect.stringContaining('was revoked')})
    expect(await statusOf('expert-stale-release')).toEqual(['revoked'])
    expect(await admin.getDocument(id)).toBeUndefined()
    expect(await compliantIds()).not.toContain(id)
  })

  it('a fact-checker who verifies the credential again after the revocation: that verification counts', async () => {
    await admin.create(expertNamed('expert-reverified', 'Dr. reverified') as never)
    await dana.patch('expert-reverified').set(revoke).commit()
    const verified = expertNamed('expert-reverified', 'Dr. reverified').credentials as Array<{verification: Record<string, unknown>}>
    const {verifiedBy: _by, verifiedAt: _at, ...verification} = verified[0].verification
    await dana.patch('expert-reverified').set({'credentials[_key=="lic"].verification': {...verification, evidence: 'Board reinstated it'}}).commit()
    expect(await statusOf('expert-reverified')).toEqual(['verified'])
  })
})

describe('withdrawal records are the lake\'s alone', () => {
  it('no user may forge, change or delete one, an administrator included', async () => {
    const [real] = await withdrawalsOf('article-revoked')
    const fake = {_id: 'withdrawal-fake', _type: 'factCheck.withdrawal', article: {_type: 'reference', _ref: 'drafts-only', _weak: true}, withdrawnAt: new Date().toISOString(), cause: {kinds: ['revocation'], author: 'p-dana'}, reasons: []}
    for (const client of [priya, admin]) {
      await expect(client.create(fake as never)).rejects.toMatchObject({statusCode: 403})
      await expect(client.patch(real._id).set({reasons: []}).commit()).rejects.toMatchObject({statusCode: 403})
      await expect(client.delete(real._id)).rejects.toMatchObject({statusCode: 403})
    }
    expect(await admin.getDocument('withdrawal-fake')).toBeUndefined()
    expect(await withdrawalsOf('article-revoked')).toEqual([real])
  })
})

describe('the audit reports withdrawals', () => {
  it('lists every article the lake withdrew, why and by whom, newest first', async () => {
    const dataset = new AuditDataset(['article'])
    for (const doc of t.running.lake.exportDocuments('production')) dataset.add(doc)
    const report = auditDataset({dataset, editors: null, now: new Date(), source: 'the test lake'})
    const byId = new Map(report.withdrawals.map((w) => [w.articleId, w]))
    expect(byId.get('article-revoked')).toMatchObject({kinds: ['revocation'], author: 'p-dana', republished: false, codes: expect.arrayContaining(['expert.credentialRevoked'])})
    expect(byId.get('article-retracted')).toMatchObject({kinds: ['retraction'], author: 'p-priya'})
    expect(byId.get('article-rejected')).toMatchObject({kinds: ['rejection'], codes: ['claim.rejected']})
    expect(byId.get('article-expiring')).toMatchObject({kinds: ['time'], author: 'system'})
    expect(formatText(report)).toMatch(/Withdrawn from the site after a correction[\s\S]*article-revoked {2}"Article drafts.article-revoked" {2}by revocation \(p-dana\): .*expert\.credentialRevoked.*; still withdrawn/)
  })
})

describe("the Studio's fact-check queue", () => {
  it('lists the withdrawn articles to review again, newest first, with why', async () => {
    const withdrawn = await loadWithdrawnArticles(admin as never, resolveOptions({}))
    const ids = withdrawn.map((w) => w.articleId)
    expect(ids).toEqual(expect.arrayContaining(['article-revoked', 'article-retracted', 'article-rejected', 'article-expiring']))
    expect(withdrawn.find((w) => w.articleId === 'article-revoked')).toMatchObject({articleType: 'article', kinds: ['revocation'], author: 'p-dana', reasons: [
      // The expert vouched for the claim and reviewed the article: both fall with the licence.
      expect.stringContaining('was revoked, so cannot back a benefit claim'),
      expect.stringContaining('was revoked, so cannot back the medical review'),
    ]})
    const times = withdrawn.map((w) => w.withdrawnAt)
    expect(times).toEqual([...times].sort().reverse())
  })
})

describe('what is still refused', () => {
  it('an edit that breaks a published article, by anyone', async () => {
    const id = await publishArticle('kept')
    await expect(priya.delete('citation-kept')).rejects.toMatchObject({statusCode: 409})
    await expect(admin.patch('expert-kept').set({'credentials[_key=="lic"].expiresOn': '2020-01-01'}).commit()).rejects.toMatchObject({statusCode: 409})
    expect(await admin.getDocument(id)).toBeDefined()
    expect(await withdrawalsOf(id)).toEqual([])
  })

  it('a correction sent together with another change that breaks the article: judged as a whole, nothing written', async () => {
    const id = await publishArticle('mixed')
    const tx = dana.transaction().patch('expert-mixed', (p) => p.set({'credentials[_key=="lic"].verification.status': 'revoked', bio: 'Changed too'}))
    await expect(tx.commit()).rejects.toMatchObject({statusCode: expect.any(Number)})
    expect(await admin.getDocument(id)).toBeDefined()
    expect((await admin.getDocument('expert-mixed'))?.credentials).toMatchObject([{verification: {status: 'verified'}}])
  })
})

describe('types are part of identity', () => {
  it('an editor may not create an expert as another type with a verified credential and then retype it', async () => {
    const disguised = {...expert, _id: 'expert-disguised', _type: 'note', credentials: [{...expert.credentials[0], verification: {status: 'verified', evidence: 'trust me'}}]}
    await priya.create(disguised as never)
    await expect(priya.patch('expert-disguised').set({_type: 'expert'}).commit()).rejects.toMatchObject({statusCode: 403, message: expect.stringContaining('may not mark credentials verified')})
    await expect(priya.createOrReplace({...disguised, _type: 'expert'} as never)).rejects.toMatchObject({statusCode: 403})
    expect((await admin.getDocument('expert-disguised'))?._type).toBe('note')
  })

  it('retyping the citation or the expert a published claim relies on is refused like deleting it', async () => {
    const id = await publishArticle('retyped')
    const cited = await admin.getDocument('citation-retyped')
    await expect(priya.createOrReplace({...cited, _type: 'note'} as never)).rejects.toMatchObject({statusCode: 409, details: {items: expect.arrayContaining([expect.objectContaining({code: 'claim.citationNotFound'})])}})
    const vouching = await admin.getDocument('expert-retyped')
    await expect(admin.createOrReplace({...vouching, _type: 'note'} as never)).rejects.toMatchObject({statusCode: 409, details: {items: expect.arrayContaining([expect.objectContaining({code: 'claim.expertNotFound'})])}})
    expect((await admin.getDocument('citation-retyped'))?._type).toBe('citation')
    expect(await admin.getDocument(id)).toBeDefined()
    expect(await compliantIds()).toContain(id)
  })
})

describe('provenance comes from the server', () => {
  const claimOf = async (id: string) => approvalFor((await admin.getDocument(id)) as never)

  it('a decision carries the signed-in user and the time of the write, whatever the client sent', async () => {
    await admin.create(articleWithClaim('drafts.article-stamped', 'Stamped: retinol reduces fine lines.') as never)
    const before = new Date().toISOString()
    const sent = {...(await claimOf('drafts.article-stamped')), _id: 'approval-stamped', checkedAt: '2001-01-01T00:00:00.000Z', checkedBy: {id: 'p-dana', name: 'Someone else', roles: ['fact-checker']}}
    await dana.create(sent as never)
    const stored = await admin.getDocument('approval-stamped')
    expect(stored?.checkedBy).toEqual({id: 'p-dana', name: t.user('p-dana').name, roles: ['fact-checker']})
    expect(String(stored?.checkedAt) >= before).toBe(true)
  })

  it('a decision dated in the future is refused, so it cannot outrank a later rejection', async () => {
    const sent = {...(await claimOf('drafts.article-stamped')), _id: 'approval-future', checkedAt: '2099-01-01T00:00:00.000Z'}
    await expect(dana.create(sent as never)).rejects.toMatchObject({statusCode: 400, message: expect.stringContaining('is in the future')})
    expect(await admin.getDocument('approval-future')).toBeUndefined()
  })

  it("an administrator may not write a decision in a fact-checker's name, nor in the name of a user who does not exist", async () => {
    for (const checker of [{id: 'p-dana', name: 'Dana', roles: ['fact-checker']}, {id: 'p-nobody', name: 'Nobody', roles: ['fact-checker']}]) {
      const sent = {...(await claimOf('drafts.article-stamped')), _id: `approval-by-${checker.id}-admin`, checkedBy: checker}
      await expect(admin.create(sent as never)).rejects.toMatchObject({statusCode: 403, message: expect.stringContaining('recorded in the name of the user who writes it')})
      expect(await admin.getDocument(sent._id)).toBeUndefined()
    }
  })

  it('a verification on a credential without a _key is refused, for a fact-checker and an administrator alike: it could not be stamped', async () => {
    await admin.create({...expert, _id: 'expert-keyless', credentials: [...expert.credentials]} as never)
    const {_key: _dropped, verification: _none, ...keyless} = expert.credentials[0] as Record<string, unknown>
    await priya.patch('expert-keyless').insert('after', 'credentials[-1]', [keyless]).commit()
    const forged = {_type: 'credentialVerification', status: 'verified', verifiedBy: 'Sam Adeyemi (p-sam)', verifiedAt: '2099-01-01T00:00:00.000Z', evidence: 'Board lookup'}
    await expect(dana.patch('expert-keyless').set({'credentials[1].verification': forged}).commit()).rejects.toMatchObject({statusCode: 400, message: expect.stringContaining('has no _key')})
    await expect(admin.patch('expert-keyless').insert('after', 'credentials[-1]', [{...keyless, verification: forged}]).commit()).rejects.toMatchObject({statusCode: 400})
    const stored = await admin.getDocument('expert-keyless')
    expect(stored?.credentials).toHaveLength(2)
    expect((stored?.credentials as Array<{verification?: unknown}>)[1].verification).toBeUndefined()
  })

  it('a verification written in a draft lands on the published expert at once, stamped; an editor may not write one', async () => {
    await admin.create({...expert, _id: 'expert-pending', credentials: [{...expert.credentials[0], verification: {_type: 'credentialVerification', status: 'unverified'}}]} as never)
    const published = await admin.getDocument('expert-pending')
    await dana.createOrReplace({...published, _id: 'drafts.expert-pending', credentials: [{...expert.credentials[0], verification: {_type: 'credentialVerification', status: 'verified', evidence: 'Board lookup', verifiedBy: 'Dana', verifiedAt: '2001-01-01T00:00:00.000Z'}}]} as never)
    const now = await admin.getDocument('expert-pending')
    const verification = (now?.credentials as Array<{verification: Record<string, string>}>)[0].verification
    expect(verification).toMatchObject({status: 'verified', evidence: 'Board lookup', verifiedBy: `${t.user('p-dana').name} (p-dana)`})
    expect(verification.verifiedAt > '2001-01-01T00:00:00.000Z').toBe(true)
    // Pinned by the lake to what was verified: the credential and its holder's name.
    expect(verification.fingerprint).toBe(credentialFingerprint(now?.name, (now?.credentials as Credential[])[0]))
    // A verification of other details than the credential has now is refused.
    await expect(
      dana.patch('expert-pending').set({'credentials[0].verification': {status: 'verified', evidence: 'Stale form', fingerprint: 'Someone|else'}}).commit(),
    ).rejects.toMatchObject({statusCode: 400, message: expect.stringContaining('changed since it was read')})

    await expect(
      priya.patch('expert-pending').set({'credentials[0].verification': {status: 'verified', verifiedBy: 'Priya', evidence: 'I checked'}}).commit(),
    ).rejects.toMatchObject({statusCode: 403})
    await expect(
      admin.patch('expert-pending').set({'credentials[0].verification': {status: 'revoked', verifiedBy: 'Dana Okafor (p-dana)', evidence: 'posing'}}).commit(),
    ).rejects.toMatchObject({statusCode: 403, message: expect.stringContaining('recorded in the name of the user who writes it')})
    expect(((await admin.getDocument('expert-pending'))?.credentials as Array<{verification: Record<string, string>}>)[0].verification.status).toBe('verified')
  })
})

describe('a decision is a record of its own', () => {
  it("a fact-checker may not write one at a draft's or a release version's id, an article's draft id included", async () => {
    const draft = articleWithClaim('drafts.article-decoy', 'Claim decoy: retinol reduces fine lines.', {expert: ref('expert-1'), citations: []})
    for (const id of ['drafts.article-decoy', 'drafts.approval-decoy', 'versions.rAny.approval-decoy']) {
      await expect(dana.create({...approvalFor(draft as never), _id: id} as never)).rejects.toThrow(/is a draft.s or a release version.s id, so it was not written: a fact-check decision is a record of its own/)
      expect(await admin.getDocument(id)).toBeUndefined()
    }
  })
})
