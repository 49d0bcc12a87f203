/**
 * A second article through the whole editorial flow, against a real local lake (empty, started by
 * the lake test helpers) and the reference site over it: emollients for childhood eczema
 * (test/fixtures/second-article.ts), with non-US experts and real sources.
 *
 * The editor imports the draft with its experts, sources, writer and category; the fact-checker
 * verifies each credential as the Studio's credential input writes it; the rules' verdict on the
 * draft, read through the Studio's own loader, names exactly the expected blockers (one claim
 * attributed to an expert whose only credential is a diploma from an unlisted board, every claim
 * awaiting its approval, no medical review), and the lake's publish check names the same; the
 * editor attributes the refused claim to a qualified expert; publishing before the approvals is
 * refused with a message naming what is missing; a fact-checker who did not edit the article
 * approves every claim with the Studio's decision builder; the medical reviewer records the review
 * with the Studio's review builder; the editor publishes; the site then shows the article, each
 * claim's expert with their credential, the sources and the review, and lists it. Every step
 * checks the state it leaves, not only the answer's status.
 */
import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {projectClaimOptions} from '../../medical-claims.options.ts'
import {buildReview, defaultNextReviewDue, reviewerCandidates} from '../../plugins/medical-claims/actions/recordReview.ts'
import {buildDecision, loadPolicyInput} from '../../plugins/medical-claims/data.ts'
import {APPROVAL_TYPE, REVIEW_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {credentialFingerprint} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {credentialStanding, evaluateArticle, factCheckPermission, publishDecision, reviewPermission} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc, Credential, ExpertDoc, PolicyInput, Verdict} from '../../plugins/medical-claims/rules/types.ts'
import {siteQueries, type SiteQueries} from '../../queries/fetch.ts'
import {createLakeClient} from '../../queries/lakeClient.ts'
import {escapeHtml} from '../../site/html.ts'
import {startSite, type RunningSite} from '../../site/server.ts'
import {
  ARTICLE_ID,
  ARTICLE_SLUG,
  ARTICLE_TITLE,
  CLAIMS,
  DRAFT_ID,
  MEDICAL_REVIEWER,
  REFUSED,
  VERIFICATIONS,
  secondArticleDocuments,
} from '../fixtures/second-article.ts'
import {startTestLake, type TestLake} from '../lake/helpers.ts'

const documents = secondArticleDocuments()
const claims = Object.values(CLAIMS)
const expertsById = new Map(documents.experts.map((doc) => [doc._id, doc as unknown as ExpertDoc & {slug: {current: string}}]))
const citationsById = new Map(documents.citations.map((doc) => [doc._id, doc as unknown as {_id: string; title: string; doi?: string; pmid?: string}]))

let t: TestLake
let priya: SanityClient
let dana: SanityClient
let sam: SanityClient
let site: RunningSite
let queries: SiteQueries

const PUBLISH = {actionType: 'sanity.action.document.publish', draftId: DRAFT_ID, publishedId: ARTICLE_ID}

interface Refusal {
  statusCode: number
  message: string
  details: {type?: string; items: Array<{code: string; claimKey?: string; message: string; documentId: string}>}
}

/** The error a write was refused with (fails when it was accepted). */
async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  const outcome = await promise.then(
    () => null,
    (err: unknown) => err as Refusal,
  )
  if (outcome === null) throw new Error('expected the write to be refused')
  return outcome
}

/** The article's draft (or, once published, the published article) with the rules' verdict, loaded as the Studio loads it, as `client`'s user. */
async function studioVerdict(client: SanityClient): Promise<{article: ArticleDoc; input: PolicyInput; verdict: Verdict}> {
  const article = ((await client.getDocument(DRAFT_ID)) ?? (await client.getDocument(ARTICLE_ID))) as unknown as ArticleDoc | undefined
  if (!article) throw new Error(`Neither ${DRAFT_ID} nor ${ARTICLE_ID} exists`)
  const input = await loadPolicyInput(client as never, article, new Date(), projectClaimOptions)
  return {article, input, verdict: evaluateArticle(input)}
}

/** The blocking issues as "code claimKey" lines, sorted: what a verdict names. */
function blockers(issues: ReadonlyArray<{code: string; claimKey?: string; severity?: string}>): string[] {
  return issues.filter((issue) => issue.severity === undefined || issue.severity === 'error').map((issue) => `${issue.code} ${issue.claimKey ?? '(article)'}`).sort()
}

/** The footnote of each claim on the article page, by claim key. */
function footnotes(page: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const match of page.matchAll(/<li id="claim-\d+" data-claim="([^"]+)">([\s\S]*?)<\/li>/g)) out.set(match[1], match[2])
  return out
}

async function get(path: string): Promise<{status: number; text: string}> {
  const res = await fetch(`${site.url}${path}`)
  return {status: res.status, text: await res.text()}
}

beforeAll(async () => {
  t = await startTestLake()
  expect(t.running.enforcement).toBe(true)
  priya = t.client('p-priya')
  dana = t.client('p-dana')
  sam = t.client('p-sam')
  const viewer = t.user('p-site')
  queries = siteQueries(createLakeClient({url: t.running.url, token: viewer.token}))
  site = await startSite({lakeUrl: t.running.url, token: viewer.token, port: 0})
})

afterAll(async () => {
  await site?.close()
  await t?.close()
})

describe('the eczema article, from import to the site', () => {
  it('the editor imports the draft with its experts, sources, writer and category', async () => {
    const tx = priya.transaction()
    for (const doc of documents.all) tx.create(doc as never)
    await tx.commit()
    for (const doc of documents.all) expect(await priya.getDocument(doc._id)).toMatchObject(doc)
    expect(await priya.getDocument(ARTICLE_ID)).toBeUndefined()
    expect(await queries.article(ARTICLE_SLUG)).toBeNull()
  })

  it('a fact-checker verifies each credential as the Studio records it; the lake stamps who and when and pins it to the credential', async () => {
    const before = new Date().toISOString()
    const danaUser = t.user('p-dana')
    for (const {expertId, credentialKey, evidence} of VERIFICATIONS) {
      const expert = (await dana.getDocument(expertId)) as unknown as ExpertDoc
      const credential = expert.credentials?.find((c) => c._key === credentialKey) as Credential
      // The patch the Studio's credential input writes (plugins/medical-claims/components/CredentialInput.tsx).
      await dana
        .patch(expertId)
        .set({
          [`credentials[_key=="${credentialKey}"].verification`]: {
            _type: 'credentialVerification',
            status: 'verified',
            verifiedBy: `${danaUser.name} (${danaUser.id})`,
            verifiedAt: new Date().toISOString(),
            evidence,
            fingerprint: credentialFingerprint(expert.name, credential),
          },
        })
        .commit()
    }
    for (const {expertId, credentialKey, evidence} of VERIFICATIONS) {
      const stored = (await priya.getDocument(expertId)) as unknown as ExpertDoc
      const credential = stored.credentials?.find((c) => c._key === credentialKey) as Credential
      expect(credential.verification).toMatchObject({status: 'verified', verifiedBy: `${danaUser.name} (p-dana)`, evidence, fingerprint: credentialFingerprint(stored.name, credential)})
      expect(String(credential.verification?.verifiedAt) >= before).toBe(true)
      expect(credentialStanding(credential, new Date(), stored)).toBe('valid')
    }
    // A verification is the only thing a fact-checker may change on an expert.
    await expect(dana.patch(REFUSED.expert).set({name: 'Dr. Marcus Fenwick'}).commit()).rejects.toMatchObject({statusCode: 403})
    expect((await priya.getDocument(REFUSED.expert))?.name).toBe('Marcus Fenwick')
  })

  it("the rules' verdict on the draft names exactly the expected blockers, and the lake's publish check names the same", async () => {
    const {input, verdict} = await studioVerdict(priya)
    expect(input.editors).toEqual(['p-priya'])
    const expected = [
      ...claims.filter((c) => c.key !== REFUSED.claimKey).map((c) => `claim.notApproved ${c.key}`),
      `expert.credentialNotAccepted ${REFUSED.claimKey}`,
      'review.missing (article)',
    ].sort()
    expect(blockers(verdict.issues)).toEqual(expected)
    // Nothing else: no warnings either (every sentence that reads like a claim is marked).
    expect(verdict.issues).toHaveLength(expected.length)

    const refused = verdict.issues.find((issue) => issue.claimKey === REFUSED.claimKey)
    expect(refused?.message).toContain('Marcus Fenwick holds no credential that qualifies for a comparison on skin, hair and nails')
    expect(refused?.message).toContain('it needs a physician, nurse practitioner or physician assistant licensed or registered by a regulator')
    expect(refused?.message).toMatch(/Attribute the claim to another expert\.$/)
    expect(publishDecision(verdict).title).toBe('Cannot publish: 1 claim lacks a credentialed expert, 8 claims awaiting fact-check, no medical review.')

    const lake = await refusal(priya.action(PUBLISH as never, {dryRun: true}))
    expect(lake.statusCode).toBe(409)
    expect(lake.details.type).toBe('publishRulesViolation')
    expect(blockers(lake.details.items)).toEqual(expected)
    expect(lake.details.items.every((item) => item.documentId === ARTICLE_ID)).toBe(true)
    expect(await priya.getDocument(ARTICLE_ID)).toBeUndefined()
  })

  it('the editor attributes the refused claim to a qualified expert', async () => {
    const before = (await priya.getDocument(DRAFT_ID)) as unknown as ArticleDoc
    await priya.action({
      actionType: 'sanity.action.document.edit',
      draftId: DRAFT_ID,
      publishedId: ARTICLE_ID,
      patch: {set: {[`body[_key=="${REFUSED.blockKey}"].markDefs[_key=="${REFUSED.claimKey}"].expert`]: {_type: 'reference', _ref: REFUSED.qualifiedExpert}}},
    } as never)
    const {article, verdict} = await studioVerdict(priya)
    const claim = verdict.claims.find((c) => c.claim.key === REFUSED.claimKey)
    expect(claim?.claim.expertId).toBe(REFUSED.qualifiedExpert)
    expect(claim?.status).toBe('awaitingFactCheck')
    expect(blockers(verdict.issues)).toEqual([...claims.map((c) => `claim.notApproved ${c.key}`), 'review.missing (article)'].sort())
    // Only that attribution changed: the text the fact-checker will approve is the text that was imported.
    const undone = structuredClone(article.body) as unknown as Array<{_key: string; markDefs?: Array<{_key: string; expert?: {_ref: string}}>}>
    const mark = undone.find((item) => item._key === REFUSED.blockKey)?.markDefs?.find((def) => def._key === REFUSED.claimKey)
    if (!mark?.expert) throw new Error('the refused claim lost its mark')
    mark.expert._ref = REFUSED.expert
    expect(undone).toEqual(before.body)
  })

  it('publishing before the approvals is refused with a message naming what is missing, and nothing is published', async () => {
    const {verdict} = await studioVerdict(priya)
    const draftBefore = await priya.getDocument(DRAFT_ID)
    const err = await refusal(priya.action(PUBLISH as never))
    expect(err.statusCode).toBe(409)
    expect(err.message).toContain(`"${ARTICLE_TITLE}" (${ARTICLE_ID}) cannot be published:`)
    for (const issue of verdict.issues) expect(err.message).toContain(issue.message)
    expect(err.message.match(/is waiting for a fact-checker's approval\./g)).toHaveLength(claims.length)
    expect(err.message).toContain('The article needs a medical review')
    expect(blockers(err.details.items)).toEqual(blockers(verdict.issues))
    expect(await priya.getDocument(ARTICLE_ID)).toBeUndefined()
    expect(await priya.getDocument(DRAFT_ID)).toEqual(draftBefore)
    expect(await queries.compliantArticleIds()).not.toContain(ARTICLE_ID)
    expect((await get(`/articles/${ARTICLE_SLUG}`)).status).toBe(404)
  })

  it('a fact-checker who did not edit the article approves every claim, as the fact-check panel writes approvals', async () => {
    const danaUser = t.user('p-dana')
    const {input, verdict} = await studioVerdict(dana)
    expect(input.editors).not.toContain('p-dana')
    expect(factCheckPermission({userId: danaUser.id, roles: [danaUser.role], editors: input.editors, options: projectClaimOptions})).toEqual({allowed: true})
    const waiting = verdict.claims.filter((c) => c.status === 'awaitingFactCheck')
    expect(waiting.map((c) => c.claim.key).sort()).toEqual(claims.map((c) => c.key).sort())
    for (const claim of waiting) {
      if (claim.fingerprint === null) throw new Error(`claim ${claim.claim.key} cannot be pinned`)
      const sources = claim.claim.citationIds.map((id) => citationsById.get(id)?.title).join('; ')
      const doc = buildDecision({
        decision: 'approve',
        articleId: DRAFT_ID,
        claimKey: claim.claim.key,
        fingerprint: claim.fingerprint,
        checkedBy: {id: danaUser.id, name: danaUser.name, roles: [danaUser.role]},
        checkedAt: new Date().toISOString(),
        note: `Checked against: ${sources}.`,
      })
      await dana.create(doc as never)
    }
    const approvals = await priya.fetch<Array<{claimKey: string; fingerprint: string; checkedBy: unknown}>>(
      '*[_type == $type && article._ref == $id]{claimKey, fingerprint, checkedBy}',
      {type: APPROVAL_TYPE, id: ARTICLE_ID},
    )
    expect(approvals.map((a) => a.claimKey).sort()).toEqual(claims.map((c) => c.key).sort())
    for (const approval of approvals) {
      expect(approval.checkedBy).toEqual({id: 'p-dana', name: danaUser.name, roles: ['fact-checker']})
      expect(approval.fingerprint).toBe(waiting.find((c) => c.claim.key === approval.claimKey)?.fingerprint)
    }
    expect(blockers((await studioVerdict(priya)).verdict.issues)).toEqual(['review.missing (article)'])
  })

  it('the medical reviewer records the review of the article as it reads, as Record medical review writes it', async () => {
    const samUser = t.user('p-sam')
    const {article, input} = await studioVerdict(sam)
    const permission = reviewPermission({userId: samUser.id, roles: [samUser.role], editors: input.editors, options: projectClaimOptions})
    expect(permission).toEqual({allowed: true, evidenceRequired: false})
    const now = new Date()
    const reviewer = (await sam.getDocument(MEDICAL_REVIEWER)) as unknown as ExpertDoc
    const [candidate] = reviewerCandidates([reviewer], projectClaimOptions, now)
    expect(candidate).toMatchObject({eligible: true})
    const nextReviewDue = defaultNextReviewDue(now, projectClaimOptions)
    const before = new Date().toISOString()
    await sam.create(
      buildReview({articleId: DRAFT_ID, article, reviewer, nextReviewDue, recorder: {id: samUser.id, name: samUser.name, roles: [samUser.role]}, options: projectClaimOptions}) as never,
    )
    const [review] = await priya.fetch<Array<{reviewer: {_ref: string}; nextReviewDue: string; checkedBy: unknown; checkedAt: string}>>(
      '*[_type == $type && article._ref == $id]{reviewer, nextReviewDue, checkedBy, checkedAt}',
      {type: REVIEW_TYPE, id: ARTICLE_ID},
    )
    expect(review).toMatchObject({reviewer: {_ref: MEDICAL_REVIEWER}, nextReviewDue, checkedBy: {id: 'p-sam', name: samUser.name, roles: ['medical-reviewer']}})
    expect(review.checkedAt >= before).toBe(true)
    const {verdict} = await studioVerdict(priya)
    expect(verdict.issues).toEqual([])
    expect(verdict.publishable).toBe(true)
  })

  it('the editor publishes, and the published article is the draft that was checked', async () => {
    const draft = (await priya.getDocument(DRAFT_ID)) as unknown as ArticleDoc & Record<string, unknown>
    await priya.action(PUBLISH as never)
    const published = (await priya.getDocument(ARTICLE_ID)) as unknown as ArticleDoc & Record<string, unknown>
    expect(published).toMatchObject({title: draft.title, dek: draft.dek, body: draft.body, slug: {current: ARTICLE_SLUG}})
    expect(await priya.getDocument(DRAFT_ID)).toBeUndefined()
    const {verdict} = await studioVerdict(priya)
    expect(verdict.publishable).toBe(true)
    expect(await queries.compliantArticleIds()).toEqual([ARTICLE_ID])
  })

  it("the site's article query returns every claim with its expert, the expert's qualifying credential and its sources", async () => {
    const page = await queries.article(ARTICLE_SLUG)
    expect(page?._id).toBe(ARTICLE_ID)
    expect(page?.title).toBe(ARTICLE_TITLE)
    const marks = (page?.body ?? []).flatMap((item) => (item._type === 'block' ? (item.markDefs ?? []) : [])).filter((def) => def._type === 'medicalClaim')
    expect(marks.map((m) => m._key).sort()).toEqual(claims.map((c) => c.key).sort())
    for (const def of claims) {
      const mark = marks.find((m) => m._key === def.key)
      const expertId = def.key === REFUSED.claimKey ? REFUSED.qualifiedExpert : def.expert
      const expert = expertsById.get(expertId)
      if (!mark || mark._type !== 'medicalClaim' || !expert) throw new Error(`claim ${def.key} is missing from the page`)
      expect(mark.expert?.name).toBe(expert.name)
      expect(mark.expertCredentials?.map((c) => c.title)).toContain(expert.credentials?.[0]?.title)
      expect((mark.citations ?? []).map((c) => c._id)).toEqual([...def.citations])
    }
    expect(page?.medicalReview?.reviewer?.name).toBe(expertsById.get(MEDICAL_REVIEWER)?.name)
  })

  it('the article page shows the article, each claim with its expert and credential, the sources and the review', async () => {
    const page = await get(`/articles/${ARTICLE_SLUG}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain(`<h1>${escapeHtml(ARTICLE_TITLE)}</h1>`)
    expect(page.text).toContain('By Hannah Okoro')
    const notes = footnotes(page.text)
    expect([...notes.keys()].sort()).toEqual(claims.map((c) => c.key).sort())
    for (const def of claims) {
      const note = notes.get(def.key) ?? ''
      const expert = expertsById.get(def.key === REFUSED.claimKey ? REFUSED.qualifiedExpert : def.expert)!
      expect(note).toContain(`<a href="/experts/${expert.slug.current}">${escapeHtml(`${expert.name}, ${expert.postnominals!.join(', ')}`)}</a>`)
      expect(note).toContain(`<span class="credential">${escapeHtml(expert.credentials![0].title!)}</span>`)
      for (const id of def.citations) expect(note).toContain(escapeHtml(citationsById.get(id)!.title))
    }
    expect(page.text).not.toContain('Marcus Fenwick')
    const sources = page.text.slice(page.text.indexOf('<section class="sources"'))
    for (const citation of citationsById.values()) {
      expect(sources).toContain(escapeHtml(citation.title))
      if (citation.doi) expect(sources).toContain(`href="https://doi.org/${citation.doi}"`)
      if (citation.pmid) expect(sources).toContain(`href="https://pubmed.ncbi.nlm.nih.gov/${citation.pmid}/"`)
    }
    const reviewer = expertsById.get(MEDICAL_REVIEWER)!
    expect(page.text).toContain(`Medically reviewed by <a href="/experts/${reviewer.slug.current}">${escapeHtml(`${reviewer.name}, ${reviewer.postnominals!.join(', ')}`)}</a>`)
    expect(page.text).toContain(escapeHtml(reviewer.credentials![0].title!))
  })

  it('the listing and the experts\u2019 pages include it', async () => {
    const listing = await queries.listing()
    expect(listing.articles.map((a) => a._id)).toContain(ARTICLE_ID)
    const home = await get('/')
    expect(home.status).toBe(200)
    expect(home.text).toContain(`<a href="/articles/${ARTICLE_SLUG}">${escapeHtml(ARTICLE_TITLE)}</a>`)
    const hartley = await get(`/experts/${expertsById.get(REFUSED.qualifiedExpert)!.slug.current}`)
    expect(hartley.status).toBe(200)
    expect(hartley.text).toContain(`/articles/${ARTICLE_SLUG}`)
    const sitemap = await get('/sitemap.xml')
    expect(sitemap.text).toContain(`/articles/${ARTICLE_SLUG}</loc>`)
  })
})
