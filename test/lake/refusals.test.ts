/**
 * Every refusal a user can meet on the lake's write and access paths, through the real HTTP API
 * with @sanity/client and each role's own token: the message the client shows is exactly what we
 * mean it to say (who is signed in, what their role may and may not do, what was not written,
 * what to do), it reads as sentences (no "undefined", no "a a", no empty quotes, no stack), the
 * reason appears once, and nothing was stored.
 *
 * The permission cases run on a lake without the publish rules (policy: null), so the documents
 * they touch need not pass them; permissions are checked before the rules, so a refusal reads the
 * same either way. The publish-rules refusals run on a second lake, with the rules.
 */
import {writeFileSync} from 'node:fs'
import path from 'node:path'
import type {SanityClient} from '@sanity/client'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {checkWrite, type RoleOptions, type WriteCheck} from '../../lake/permissions.ts'
import {randomToken, type LakeUser, type UsersFile} from '../../lake/users.ts'
import {startTestLake, tempDir, type TestLake} from './helpers.ts'

const SCOPED = randomToken(40)
const SCOPED_ADMIN = randomToken(40)

const USERS: UsersFile = {
  users: [
    {id: 'p-morgan', name: 'Morgan Reyes', email: 'morgan@example.test', role: 'administrator', token: randomToken(40)},
    {id: 'p-priya', name: 'Priya Natarajan', email: 'priya@example.test', role: 'editor', token: randomToken(40)},
    {id: 'p-dana', name: 'Dana Whitfield', email: 'dana@example.test', role: 'fact-checker', token: randomToken(40)},
    {id: 'p-finn', name: 'Finn Ortega', email: 'finn@example.test', role: 'fact-checker', token: randomToken(40)},
    {id: 'p-sam', name: 'Sam Adeyemi', email: 'sam@example.test', role: 'medical-reviewer', token: randomToken(40)},
    {id: 'p-val', name: 'Val Moreau', email: 'val@example.test', role: 'viewer', token: randomToken(40)},
    // A credential verifier and nothing else: such a role has no dataset grants.
    {id: 'p-rae', name: 'Rae Gill', email: 'rae@example.test', role: 'registrar', token: randomToken(40)},
  ],
  tokens: [
    {token: SCOPED, userId: 'p-priya', label: 'other dataset only', datasets: ['other']},
    {token: SCOPED_ADMIN, userId: 'p-morgan', label: 'other dataset only', datasets: ['other']},
  ],
}
const CLAIM_OPTIONS = {credentialVerifierRoles: ['administrator', 'registrar']}

const ref = (id: string) => ({_type: 'reference', _ref: id, _weak: true})
const NEXT_YEAR = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10)

const SEED = [
  {_id: 'article-1', _type: 'article', title: 'Retinol basics'},
  {_id: 'drafts.article-2', _type: 'article', title: 'Azelaic acid'},
  {_id: 'expert-x', _type: 'expert', name: 'Dr. Ada Physician', credentials: [{_key: 'lic', _type: 'credential', kind: 'licence', verification: {status: 'unverified'}}]},
  {_id: 'post-1', _type: 'post', title: 'A post'},
  {
    _id: 'fc-dana',
    _type: 'factCheck.approval',
    article: ref('article-1'),
    claimKey: 'claim-1',
    fingerprint: 'fp',
    checkedBy: {id: 'p-dana', name: 'Dana Whitfield', roles: ['fact-checker']},
    checkedAt: '2026-01-01T00:00:00.000Z',
  },
  {_id: 'withdrawal-1', _type: 'factCheck.withdrawal', article: ref('article-1')},
]

const approval = (id: string, extra: Record<string, unknown> = {}) => ({_id: id, _type: 'factCheck.approval', article: ref('article-1'), claimKey: 'claim-1', fingerprint: 'fp', ...extra})
const review = (id: string, extra: Record<string, unknown> = {}) => ({
  _id: id,
  _type: 'factCheck.review',
  article: ref('article-1'),
  reviewer: ref('expert-x'),
  fingerprint: 'fp',
  nextReviewDue: NEXT_YEAR,
  evidence: 'Signed review form',
  ...extra,
})
const publish = (id: string) => ({actionType: 'sanity.action.document.publish', draftId: `drafts.${id}`, publishedId: id})

const ID_RULE = 'A document id is 1 to 200 characters: letters, digits, "_", "-" and ".", not starting with "-" or "." (such as "article-1" or "drafts.article-1").'

// What each role may do, as the refusals say it.
const FACT_CHECKERS = "Fact-checkers may record their own fact-check decisions and medical reviews, and verify experts' credentials"
const REVIEWERS = 'Medical reviewers may record their own medical reviews'
const VIEWERS = 'Viewers may read every document, but write none'
const EDITORS = 'Editors may write and publish articles, experts and other content'
const DANA = 'You are signed in as Dana Whitfield (p-dana), a fact-checker.'
const FINN = 'You are signed in as Finn Ortega (p-finn), a fact-checker.'
const PRIYA = 'You are signed in as Priya Natarajan (p-priya), an editor.'
const SAM = 'You are signed in as Sam Adeyemi (p-sam), a medical reviewer.'
const VAL = 'You are signed in as Val Moreau (p-val), a viewer.'
const MORGAN = 'You are signed in as Morgan Reyes (p-morgan), an administrator.'
const ASK_FACT_CHECKER = 'Ask a fact-checker who did not edit the article to check its claims (Fact-check claims, or the Fact-check queue).'
const WITHDRAWAL =
  'is a withdrawal record (factCheck.withdrawal): the lake writes one itself when a correction or the passing of time takes an article off the site, and nobody may'

interface Refusal {
  name: string
  /** The user whose token sends it (or a raw token). */
  as: string | {token: string}
  send: (client: SanityClient) => Promise<unknown>
  status: number
  message: string
}

let t: TestLake
let rules: TestLake

function clientFor(lake: TestLake, as: Refusal['as']): SanityClient {
  return typeof as === 'string' ? lake.client(as) : lake.client('p-morgan', {token: as.token})
}

/** Every document of a dataset as stored (revisions included), read as the administrator. */
async function stored(lake: TestLake, dataset = 'production'): Promise<unknown[]> {
  return lake.client('p-morgan', {dataset}).fetch('*[] | order(_id asc)', {}, {perspective: 'raw'})
}

/** The refusal's error, after checking it was refused. */
async function refusal(send: () => Promise<unknown>): Promise<{statusCode?: number; message: string}> {
  const outcome = await send().then(
    (value) => ({ok: true as const, value}),
    (error: unknown) => ({ok: false as const, error: error as {statusCode?: number; message: string}}),
  )
  if (outcome.ok) throw new Error(`expected a refusal, but the write was accepted: ${JSON.stringify(outcome.value).slice(0, 300)}`)
  return outcome.error
}

/** A message a user reads: sentences, without slots left empty, doubled articles or a stack. */
function expectReadable(message: string): void {
  expect(message).not.toMatch(/""|\(\)/)
  // The words around the values it quotes (a value may hold anything, spaces included).
  const prose = message.replace(/"[^"\n]*"/g, '"…"')
  expect(prose).not.toMatch(/\bundefined\b|\bnull\b|\[object Object\]|\bNaN\b/)
  expect(prose).not.toMatch(/\b(a|an|the) (a|an|the)\b/i)
  expect(prose).not.toMatch(/\s[,.;:](?!\w)|\.\.(?!\.)|  /)
  expect(message).not.toMatch(/^\s*at |\n\s+at /m)
  expect(message).not.toContain('Error:')
  expect(message).toMatch(/[.)]$/)
}

beforeAll(async () => {
  const dataDir = tempDir('lake-refusals-')
  writeFileSync(path.join(dataDir, 'users.json'), JSON.stringify(USERS))
  const seedFile = path.join(dataDir, 'seed.ndjson')
  writeFileSync(seedFile, SEED.map((d) => JSON.stringify(d)).join('\n'))
  t = await startTestLake({dataDir, seedFile, policy: null, claimOptions: CLAIM_OPTIONS})
  const admin = t.client('p-morgan')
  // The administrator edits the published article, so may not check its claims or review it.
  await admin.patch('article-1').set({dek: 'What retinol does'}).commit({transactionId: 'tx-used'})
  await admin.request({method: 'PUT', url: '/projects/localdev/datasets/other'})

  const rulesDir = tempDir('lake-refusals-rules-')
  writeFileSync(path.join(rulesDir, 'users.json'), JSON.stringify(USERS))
  const rulesSeed = path.join(rulesDir, 'seed.ndjson')
  const drafts = [
    {_id: 'drafts.article-2', _type: 'article', title: 'Azelaic acid'},
    {_id: 'drafts.article-3', _type: 'article'},
  ]
  writeFileSync(rulesSeed, drafts.map((d) => JSON.stringify(d)).join('\n'))
  rules = await startTestLake({dataDir: rulesDir, seedFile: rulesSeed, claimOptions: CLAIM_OPTIONS})
})
afterAll(async () => {
  await t?.close()
  await rules?.close()
})

const grantRefusals: Refusal[] = [
  // Publishing an article: every role but an editor's and an administrator's is refused, and says whom to ask.
  ...(
    [
      ['p-dana', DANA, FACT_CHECKERS],
      ['p-sam', SAM, REVIEWERS],
      ['p-val', VAL, VIEWERS],
    ] as const
  ).map(([as, you, may]) => ({
    name: `${as} publishes an article`,
    as,
    send: (c: SanityClient) => c.action(publish('article-2') as never),
    status: 403,
    message: `Permission denied. ${you} ${may}; they may not publish an article, so "article-2" was not published. Ask an editor to publish it.`,
  })),
  {
    name: 'a fact-checker edits a published article',
    as: 'p-dana',
    send: (c) => c.action({actionType: 'sanity.action.document.edit', draftId: 'drafts.article-1', publishedId: 'article-1', patch: {set: {title: 'Changed'}}} as never),
    status: 403,
    message: `Permission denied. ${DANA} ${FACT_CHECKERS}; they may not change an article, so "article-1" was not changed. Ask an editor to change it.`,
  },
  {
    name: 'a fact-checker unpublishes an article',
    as: 'p-dana',
    send: (c) => c.action({actionType: 'sanity.action.document.unpublish', draftId: 'drafts.article-1', publishedId: 'article-1'} as never),
    status: 403,
    message: `Permission denied. ${DANA} ${FACT_CHECKERS}; they may not unpublish an article, so "article-1" was not unpublished. Ask an editor to unpublish it.`,
  },
  {
    name: 'a viewer deletes an article',
    as: 'p-val',
    send: (c) => c.delete('article-1'),
    status: 403,
    message: `Permission denied. ${VAL} ${VIEWERS}; they may not delete an article, so "article-1" was not deleted. Ask an editor to delete it.`,
  },
  {
    name: 'a medical reviewer creates other content',
    as: 'p-sam',
    send: (c) => c.create({_id: 'post-2', _type: 'post'}),
    status: 403,
    message: `Permission denied. ${SAM} ${REVIEWERS}; they may not create a document of type "post", so "post-2" was not created. Ask an editor to create it.`,
  },
  // Fact-check decisions: only fact-checker roles record them.
  ...(
    [
      ['p-priya', PRIYA, EDITORS],
      ['p-sam', SAM, REVIEWERS],
      ['p-val', VAL, VIEWERS],
    ] as const
  ).map(([as, you, may]) => ({
    name: `${as} records an approval`,
    as,
    send: (c: SanityClient) => c.create(approval('fc-new') as never),
    status: 403,
    message: `Permission denied. ${you} ${may}; they may not create a fact-check approval, so "fc-new" was not created. ${ASK_FACT_CHECKER}`,
  })),
  {
    name: 'an editor records a medical review',
    as: 'p-priya',
    send: (c) => c.create(review('review-new') as never),
    status: 403,
    message: `Permission denied. ${PRIYA} ${EDITORS}; they may not create a medical review, so "review-new" was not created. Ask a medical reviewer to record it (Record medical review), or a fact-checker with the reviewer's signed form or message as evidence.`,
  },
  {
    name: 'an editor deletes an approval',
    as: 'p-priya',
    send: (c) => c.delete('fc-dana'),
    status: 403,
    message: `Permission denied. ${PRIYA} ${EDITORS}; they may not delete a fact-check approval, so "fc-dana" was not deleted. Only the fact-checker who recorded it may delete it.`,
  },
  // Someone else's decision: only its author changes it.
  {
    name: "a fact-checker changes another fact-checker's approval",
    as: 'p-finn',
    send: (c) => c.patch('fc-dana').set({note: 'Rewritten'}).commit(),
    status: 403,
    message: `Permission denied. ${FINN} "fc-dana" is a fact-check approval recorded by Dana Whitfield (p-dana), and only they may change or delete it, so it was not changed. Record a decision of your own instead: the latest decision on a claim is the one that counts.`,
  },
  {
    name: "a fact-checker deletes another fact-checker's approval",
    as: 'p-finn',
    send: (c) => c.delete('fc-dana'),
    status: 403,
    message: `Permission denied. ${FINN} "fc-dana" is a fact-check approval recorded by Dana Whitfield (p-dana), and only they may change or delete it, so it was not deleted. Record a decision of your own instead: the latest decision on a claim is the one that counts.`,
  },
  {
    name: "an editor changes a fact-checker's approval",
    as: 'p-priya',
    send: (c) => c.patch('fc-dana').set({note: 'Rewritten'}).commit(),
    status: 403,
    message: `Permission denied. ${PRIYA} "fc-dana" is a fact-check approval recorded by Dana Whitfield (p-dana), and only they may change or delete it, so it was not changed. ${ASK_FACT_CHECKER}`,
  },
  {
    name: "an administrator deletes a fact-checker's approval",
    as: 'p-morgan',
    send: (c) => c.delete('fc-dana'),
    status: 403,
    message: `Permission denied. ${MORGAN} "fc-dana" is a fact-check approval recorded by Dana Whitfield (p-dana), and only they may change or delete it, so it was not deleted. Record a decision of your own instead: the latest decision on a claim is the one that counts.`,
  },
  // The lake's own withdrawal records.
  ...(
    [
      ['p-morgan', MORGAN],
      ['p-priya', PRIYA],
    ] as const
  ).flatMap(([as, you]) => [
    {
      name: `${as} creates a withdrawal record`,
      as,
      send: (c: SanityClient) => c.create({_id: 'withdrawal-2', _type: 'factCheck.withdrawal'}),
      status: 403,
      message: `Permission denied. ${you} "withdrawal-2" ${WITHDRAWAL} create one, an administrator included, so it was not created. To put the article back on the site, fix what the record lists and publish the article again.`,
    },
    {
      name: `${as} deletes a withdrawal record`,
      as,
      send: (c: SanityClient) => c.delete('withdrawal-1'),
      status: 403,
      message: `Permission denied. ${you} "withdrawal-1" ${WITHDRAWAL} delete one, an administrator included, so it was not deleted. To put the article back on the site, fix what the record lists and publish the article again.`,
    },
  ]),
]

const expertRefusals: Refusal[] = [
  {
    name: "a fact-checker changes an expert's name and bio",
    as: 'p-dana',
    send: (c) => c.patch('expert-x').set({name: 'Dr. Y', bio: 'New bio'}).commit(),
    status: 403,
    message: `Permission denied. ${DANA} Fact-checkers may change an expert only in its credentials' verification (credentials[].verification); this write also changes "bio" and "name" of "expert-x", so nothing was written. Leave those fields as they are and change only the verification, or ask an editor to make the change.`,
  },
  {
    name: "a fact-checker edits an expert's name in the Studio (a draft)",
    as: 'p-dana',
    send: (c) => c.action({actionType: 'sanity.action.document.edit', draftId: 'drafts.expert-x', publishedId: 'expert-x', patch: {set: {name: 'Dr. Z'}}} as never),
    status: 403,
    message: `Permission denied. ${DANA} Fact-checkers may change an expert only in its credentials' verification (credentials[].verification); this write also changes "name" of "drafts.expert-x", so nothing was written. Leave those fields as they are and change only the verification, or ask an editor to make the change.`,
  },
  {
    name: 'a fact-checker creates an expert',
    as: 'p-dana',
    send: (c) => c.create({_id: 'expert-new', _type: 'expert', name: 'Dr. New'}),
    status: 403,
    message: `Permission denied. ${DANA} Fact-checkers may change an expert only in its credentials' verification (credentials[].verification); they may not create an expert, so "expert-new" was not created. Ask an editor to create the expert; you can then verify its credentials.`,
  },
  {
    name: 'a fact-checker deletes an expert',
    as: 'p-dana',
    send: (c) => c.delete('expert-x'),
    status: 403,
    message: `Permission denied. ${DANA} Fact-checkers may change an expert only in its credentials' verification (credentials[].verification); they may not delete an expert, so "expert-x" was not deleted. Ask an editor to delete it.`,
  },
  {
    name: 'an editor marks a credential verified',
    as: 'p-priya',
    send: (c) => c.patch('expert-x').set({'credentials[_key=="lic"].verification.status': 'verified'}).commit(),
    status: 403,
    message: `Permission denied. ${PRIYA} Editors may not mark credentials verified or revoked: credential "lic" of "expert-x" carries a verification (status "verified") that no version of the expert had, so nothing was written. Leave credentials[].verification as it is (or "unverified"), and ask a fact-checker, an administrator or someone with the role "registrar" to verify or revoke the credential.`,
  },
]

const provenanceRefusals: Refusal[] = [
  {
    name: 'a fact-checker claims a role they do not hold',
    as: 'p-dana',
    send: (c) => c.create(approval('fc-roles', {checkedBy: {id: 'p-dana', roles: ['fact-checker', 'administrator']}}) as never),
    status: 403,
    message: `Permission denied. ${DANA} checkedBy.roles of "fc-roles" lists the role "administrator", which you do not hold, so nothing was written. Leave checkedBy out: the lake records who writes a decision, and with which role.`,
  },
  {
    name: "a fact-checker records an approval in another fact-checker's name",
    as: 'p-dana',
    send: (c) => c.create(approval('fc-as-finn', {checkedBy: {id: 'p-finn'}}) as never),
    status: 403,
    message:
      'Permission denied. You are signed in as Dana Whitfield (p-dana), a fact-checker, but "fc-as-finn" names "p-finn" in checkedBy.id: a fact-check decision is recorded in the name of the user who writes it, so nothing was written. Sign in as that user, or leave checkedBy out and the lake fills it in.',
  },
  {
    name: "a fact-checker records a verification in someone else's name",
    as: 'p-dana',
    send: (c) => c.patch('expert-x').set({'credentials[_key=="lic"].verification': {status: 'verified', verifiedBy: 'Someone Else (p-else)'}}).commit(),
    status: 403,
    message:
      'Permission denied. You are signed in as Dana Whitfield (p-dana), a fact-checker, but credential "lic" of "expert-x" names "Someone Else (p-else)" in verification.verifiedBy: a credential verification is recorded in the name of the user who writes it, so nothing was written. Leave verifiedBy out and the lake fills it in.',
  },
  {
    name: 'an administrator who edited the article approves its claim',
    as: 'p-morgan',
    send: (c) => c.create(approval('fc-admin') as never),
    status: 403,
    message: `Permission denied. ${MORGAN} You edited "article-1" (its published document, its draft or a release version), so a fact-checker who did not edit it must check its claims: decision "fc-admin" was not recorded. Ask a fact-checker who did not edit the article to check them.`,
  },
  {
    name: 'an administrator who edited the article records its medical review',
    as: 'p-morgan',
    send: (c) => c.create(review('review-admin') as never),
    status: 403,
    message: `Permission denied. ${MORGAN} You edited "article-1" (its published document, its draft or a release version), so someone who did not edit it must record its medical review: "review-admin" was not recorded. Ask a medical reviewer who did not edit the article to record it.`,
  },
]

const accessRefusals: Refusal[] = [
  {
    name: 'a token limited to another dataset',
    as: {token: SCOPED},
    send: (c) => c.create({_id: 'post-3', _type: 'post'}),
    status: 403,
    message:
      'Permission denied: this token may not access dataset "production". You are signed in as Priya Natarajan (p-priya), an editor with a token limited to the dataset "other". Use a token without a dataset limit, or one whose "datasets" in users.json lists "production".',
  },
  {
    name: 'a role without dataset grants',
    as: 'p-rae',
    send: (c) => c.create({_id: 'post-3', _type: 'post'}),
    status: 403,
    message:
      'Permission denied: you are signed in as Rae Gill (p-rae) with the role "registrar", which has no access to any dataset, "production" included. Give the user the role administrator, editor or viewer in users.json, or add "registrar" to factCheckerRoles or medicalReviewerRoles in medical-claims.options.ts.',
  },
  {
    name: 'an editor creates a dataset',
    as: 'p-priya',
    send: (c) => c.request({method: 'PUT', url: '/projects/localdev/datasets/made-by-editor'}),
    status: 403,
    message: 'Permission denied: PUT /projects/localdev/datasets/made-by-editor is for administrators, and you are signed in as Priya Natarajan (p-priya), an editor. Ask an administrator.',
  },
  {
    name: 'an administrator with a dataset-limited token creates a dataset',
    as: {token: SCOPED_ADMIN},
    send: (c) => c.request({method: 'PUT', url: '/projects/localdev/datasets/made-by-scoped'}),
    status: 403,
    message:
      'Permission denied: this token is limited to the dataset "other", and creating a dataset needs a token that reaches every dataset. Use a token of p-morgan without "datasets" in users.json.',
  },
]

const mutationRefusals: Refusal[] = [
  {
    name: 'a document id with a space',
    as: 'p-priya',
    send: (c) => c.create({_id: 'has space', _type: 'post'}),
    status: 400,
    message: `Mutation(s) failed with 1 error(s):\n- In mutation 1, _id "has space" contains a space at character 4. ${ID_RULE}`,
  },
  {
    name: 'a patch naming a document by a number',
    as: 'p-priya',
    send: (c) => c.mutate([{patch: {id: 42, set: {title: 'x'}}}] as never),
    status: 400,
    message: `Mutation(s) failed with 1 error(s):\n- In mutation 1, id is a number (42), not a string. ${ID_RULE}`,
  },
  {
    name: 'creating a document that exists',
    as: 'p-priya',
    send: (c) => c.create({_id: 'post-1', _type: 'post'}),
    status: 409,
    message: 'Mutation(s) failed with 1 error(s):\n- Document by ID "post-1" already exists: use createOrReplace to replace it or createIfNotExists to keep it.',
  },
  {
    name: 'patching a document that does not exist',
    as: 'p-priya',
    send: (c) => c.patch('post-missing').set({title: 'x'}).commit(),
    status: 404,
    message: 'Mutation(s) failed with 1 error(s):\n- Cannot modify nonexistent document "post-missing": create it first (create or createIfNotExists), or check the id.',
  },
  {
    name: 'a document without _type',
    as: 'p-priya',
    send: (c) => c.mutate([{createOrReplace: {_id: 'post-typeless'}}] as never),
    status: 400,
    message: 'Mutation(s) failed with 1 error(s):\n- The document "post-typeless" of mutation 1 (createOrReplace) has no _type: give it _type, the name of its schema type (such as "article").',
  },
  {
    name: 'a transaction id used before',
    as: 'p-priya',
    send: (c) => c.transaction().create({_id: 'post-3', _type: 'post'}).commit({transactionId: 'tx-used'}),
    status: 409,
    message: 'Transaction ID "tx-used" has already been used, so nothing was written: give each write a new transactionId, or leave it out and the lake makes one.',
  },
  {
    name: 'publishing a draft that does not exist',
    as: 'p-priya',
    send: (c) => c.action(publish('post-1') as never),
    status: 409,
    message:
      'Action(s) failed with 1 error(s):\n- Cannot publish "post-1": its draft "drafts.post-1" does not exist (it may have been published or discarded already). Reload the document.',
  },
]

describe.each([
  ['what the role may not write', grantRefusals],
  ["experts and their credentials' verification", expertRefusals],
  ['who recorded a decision or verification', provenanceRefusals],
  ['who may reach a dataset', accessRefusals],
  ['mutations and actions the lake cannot apply', mutationRefusals],
])('refused: %s', (_group, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, {as, send, status, message}) => {
    const before = await stored(t)
    const error = await refusal(() => send(clientFor(t, as)))
    expect({status: error.statusCode, message: error.message}).toEqual({status, message})
    expectReadable(error.message)
    // The reason is shown once, not repeated by the error's wrapping.
    const reason = message.split('\n- ').pop() ?? message
    expect(error.message.split(reason).length - 1).toBe(1)
    expect(await stored(t)).toEqual(before)
  })
})

describe('refused: an NDJSON import whose line 4 has no valid _id (POST /data/import)', () => {
  const good = ['{"_id":"imp-1","_type":"post"}', '{"_id":"imp-2","_type":"post"}', '{"_id":"imp-3","_type":"post"}']
  const fix = `${ID_RULE} Fix line 4 and import the file again.`
  const lineFour: Array<[string, string, string]> = [
    ['missing', '{"_type":"post"}', 'its _id is missing'],
    ['not a string', '{"_id":42,"_type":"post"}', 'its _id is a number (42), not a string'],
    ['an object', '{"_id":{"current":"x"},"_type":"post"}', 'its _id is an object ({"current":"x"}), not a string'],
    ['empty', '{"_id":"","_type":"post"}', 'its _id is an empty string'],
    ['only spaces', '{"_id":"   ","_type":"post"}', 'its _id is only spaces ("   ")'],
    ['a space around it', '{"_id":"imp-4 ","_type":"post"}', 'its _id "imp-4 " starts or ends with a space'],
    ['a space inside', '{"_id":"has space","_type":"post"}', 'its _id "has space" contains a space at character 4'],
    ['an invalid character', '{"_id":"posts/1","_type":"post"}', 'its _id "posts/1" contains "/" at character 6'],
    ['a character outside ASCII', '{"_id":"café","_type":"post"}', 'its _id "café" contains "é" (U+00E9) at character 4'],
    ['an invalid first character', '{"_id":"-imp-4","_type":"post"}', 'its _id "-imp-4" starts with "-"'],
    ['too long', JSON.stringify({_id: 'x'.repeat(201), _type: 'post'}), `its _id is 201 characters long ("${'x'.repeat(39)}…), more than 200`],
    [
      'a reserved prefix',
      '{"_id":"_.releases.spring","_type":"post"}',
      `its _id "_.releases.spring" starts with "_.", the prefix of Sanity's system documents (releases, schemas, groups), which the lake does not import`,
    ],
  ]

  it.each(lineFour)('%s', async (_name, line, problem) => {
    const before = await stored(t)
    const admin = t.client('p-morgan')
    const error = await refusal(() => admin.request({method: 'POST', url: '/data/import/production', body: [...good, line].join('\n')}))
    expect({status: error.statusCode, message: error.message}).toEqual({
      status: 400,
      message: `Import refused, nothing was imported: line 4 has no valid _id: ${problem}. ${fix}`,
    })
    expectReadable(error.message)
    expect(await stored(t)).toEqual(before)
  })

  it.each([
    ['no _type', '{"_id":"imp-4"}', 'line 4 (document "imp-4") has no _type. Give it _type, the name of its schema type as a string (such as "article"). Fix line 4 and import the file again.'],
    ['a repeated document', '{"_id":"imp-2","_type":"post"}', 'line 4 repeats document "imp-2" from line 2. A file holds each document once: remove one of the two lines, or give one another _id.'],
    ['not JSON', '{"_id":"imp-4",', 'line 4 is not valid JSON'],
    ['not an object', '["imp-4"]', 'line 4 is not a JSON object but a list (["imp-4"]). Each line of an NDJSON file is one document as a JSON object. Fix line 4 and import the file again.'],
  ])('%s', async (_name, line, expected) => {
    const before = await stored(t)
    const error = await refusal(() => t.client('p-morgan').request({method: 'POST', url: '/data/import/production', body: [...good, line].join('\n')}))
    expect(error.statusCode).toBe(400)
    expect(error.message).toContain(`Import refused, nothing was imported: ${expected}`)
    expectReadable(error.message)
    expect(await stored(t)).toEqual(before)
  })

  it('an import of documents that exist, in mode create', async () => {
    const before = await stored(t)
    const error = await refusal(() => t.client('p-morgan').request({method: 'POST', url: '/data/import/production', body: [...good, '{"_id":"post-1","_type":"post"}'].join('\n')}))
    expect({status: error.statusCode, message: error.message}).toEqual({
      status: 409,
      message: 'Import refused, nothing was imported: document "post-1" already exists in "production". Import with mode "replace" to overwrite existing documents, or "missing" to keep them.',
    })
    expect(await stored(t)).toEqual(before)
  })

  it("an import by a fact-checker of an article: the role's refusal", async () => {
    const before = await stored(t)
    const error = await refusal(() => t.client('p-dana').request({method: 'POST', url: '/data/import/production', body: '{"_id":"article-9","_type":"article","title":"Imported"}'}))
    expect({status: error.statusCode, message: error.message}).toEqual({
      status: 403,
      message: `Permission denied. ${DANA} ${FACT_CHECKERS}; they may not create an article, so "article-9" was not created. Ask an editor to create it.`,
    })
    expect(await stored(t)).toEqual(before)
  })
})

describe('refused by the publish rules', () => {
  it.each([
    ['a titled article', 'article-2', '"Azelaic acid" (article-2) cannot be published:'],
    ['an article without a title, named by its id alone', 'article-3', '"article-3" cannot be published:'],
  ])('%s', async (_name, id, head) => {
    const before = await stored(rules)
    const error = await refusal(() => rules.client('p-priya').action(publish(id) as never))
    expect(error.statusCode).toBe(409)
    const lines = error.message.split('\n')
    expect(lines[0]).toBe('Refused by the publish rules.')
    expect(lines[1]).toBe(head)
    expect(lines.slice(2, -1).length).toBeGreaterThan(0)
    for (const issue of lines.slice(2, -1)) expect(issue).toMatch(/^- \S/)
    expect(lines.at(-1)).toBe('Nothing was written: fix each problem (the Studio\'s "Why can\'t I publish?" lists them) and publish again.')
    expectReadable(error.message)
    expect(await stored(rules)).toEqual(before)
  })
})

describe('every refusal sentence the permission checks build, for every role, document type and kind of write', () => {
  const defaults: RoleOptions = {factCheckerRoles: ['fact-checker'], credentialVerifierRoles: ['administrator'], medicalReviewerRoles: ['medical-reviewer']}
  const custom: RoleOptions = {factCheckerRoles: ['clinical-reviewer'], credentialVerifierRoles: ['administrator', 'registrar'], medicalReviewerRoles: ['medical-reviewer']}
  const person = (id: string, name: string, role: string): LakeUser => ({id, name, email: `${id}@example.test`, role, token: ''})
  const users: Array<[LakeUser, RoleOptions]> = [
    [person('p-morgan', 'Morgan Reyes', 'administrator'), defaults],
    [person('p-priya', 'Priya Natarajan', 'editor'), defaults],
    [person('p-dana', 'Dana Whitfield', 'fact-checker'), defaults],
    [person('p-sam', 'Sam Adeyemi', 'medical-reviewer'), defaults],
    [person('p-val', 'Val Moreau', 'viewer'), defaults],
    [person('p-claire', 'Claire Fox', 'clinical-reviewer'), custom],
  ]
  const types = ['article', 'citation', 'expert', 'post', 'factCheck.approval', 'factCheck.rejection', 'factCheck.review', 'factCheck.withdrawal']
  const docOf = (type: string, id: string, checker: string): Record<string, unknown> =>
    type.startsWith('factCheck.') && type !== 'factCheck.withdrawal'
      ? {_id: id, _type: type, article: ref('article-1'), checkedBy: {id: checker, name: checker === 'p-other' ? 'Olu Other' : checker, roles: ['fact-checker']}}
      : {_id: id, _type: type, name: 'Name', credentials: [{_key: 'lic', _type: 'credential', verification: {status: 'unverified'}}]}
  const writes = (type: string, checker: string): Array<[string, WriteCheck, string]> => {
    const published = docOf(type, 'doc-1', checker) as never
    const draft = {...docOf(type, 'drafts.doc-1', checker), name: 'Changed'} as never
    return [
      ['create', {id: 'doc-1', before: null, after: published, authored: true}, 'doc-1'],
      ['change', {id: 'doc-1', before: published, after: {...(published as object), name: 'Changed'} as never, authored: true}, 'doc-1'],
      ['delete', {id: 'doc-1', before: published, after: null, authored: false}, 'doc-1'],
      ['publish', {id: 'doc-1', before: null, after: published, authored: false, draftBefore: draft, publishedBefore: null}, 'doc-1'],
      ['unpublish', {id: 'doc-1', before: published, after: null, authored: false, draftAfter: draft, publishedBefore: published}, 'doc-1'],
      ['edit in a draft', {id: 'drafts.doc-1', before: null, after: draft, authored: true, publishedBefore: published, publishedAfter: published}, 'doc-1'],
    ]
  }
  const cases = users.flatMap(([user, options]) =>
    types.flatMap((type) =>
      [user.id, 'p-other'].flatMap((checker) => writes(type, checker).map(([verb, change, subject]) => ({user, options, type, checker, verb, change, subject}))),
    ),
  )

  it(`reads as sentences that name the user, their role, the document and what to do (${cases.length} writes)`, async () => {
    let refused = 0
    for (const {user, options, type, checker, verb, change, subject} of cases) {
      const reason = await checkWrite(user, change, options)
      if (reason === null) continue
      refused++
      const where = `${user.role} ${verb} ${type} (checker ${checker}): ${reason}`
      expect(reason, where).toMatch(new RegExp(`^You are signed in as ${user.name} \\(${user.id}\\), (an? [a-z -]+|with the role "${user.role}")(\\. |, but )`))
      expect(reason, where).toMatch(new RegExp(`"(${subject}|drafts\\.${subject})"`))
      expect(reason.split('. ').at(-1), where).toMatch(/^(Ask|Record|Only|To put|Leave|Sign in)\b/)
      expectReadable(reason)
    }
    // Viewers are refused everything; the check above is not vacuous.
    expect(refused).toBeGreaterThan(types.length * 12)
  })
})
