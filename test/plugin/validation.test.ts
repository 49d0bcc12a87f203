/**
 * The rules as document validation, run through Sanity's own validation engine (the one Studio
 * and `sanity documents validate` use) with the plugin's schema types and a stand-in client.
 */
import {createSchema, defineArrayMember, defineField, defineType, validateDocument, type SanityDocument} from 'sanity'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {CONTEXT_TTL_MS, medicalClaims, VALIDATION_CODE_PREFIX} from '../../plugins/medical-claims/index.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {medicalClaim} from '../../schemas/objects/medicalClaim.ts'
import {NOW, approveAll, article, citation, credential, expert, review} from '../fixtures/policy-factories.ts'
import {createMockClient, contentQueries} from './helpers.ts'

const articleType = defineType({
  name: 'article',
  type: 'document',
  fields: [
    defineField({name: 'title', type: 'string'}),
    defineField({
      name: 'body',
      type: 'array',
      of: [defineArrayMember({type: 'block', marks: {annotations: [defineArrayMember({type: 'medicalClaim'})]}})],
    }),
  ],
  validation: (rule) => rule.custom((doc) => ((doc as {title?: string} | undefined)?.title ? true : 'Give the article a title.')).warning(),
})
const expertType = defineType({name: 'expert', type: 'document', fields: [defineField({name: 'name', type: 'string'})]})
const citationType = defineType({name: 'citation', type: 'document', fields: [defineField({name: 'title', type: 'string'})]})

const plugin = medicalClaims()
const types = (plugin.schema?.types as (prev: unknown[], context: unknown) => unknown[])([articleType, expertType, citationType, medicalClaim], {})
const schema = createSchema({name: 'test', types})
const i18n = {t: (key: string) => key, locale: 'en-US', loadNamespaces: async () => undefined}

const EXPERTS = [expert('derm'), expert('reviewer')]
const CITATIONS = [citation('c1')]
const SAM = {id: 'p-sam', name: 'Sam Adeyemi', roles: ['medical-reviewer']}

/** Every claim approved and a medical review, of the article as it stands. */
const passing = (doc: ArticleDoc) => [...approveAll(doc), review(doc, {checkedBy: SAM})]

interface Marker {
  code?: string
  level: string
  path: unknown[]
  message: string
}
const ours = (markers: ReadonlyArray<object>) =>
  (markers as Marker[]).filter((marker) => String(marker.code).startsWith(VALIDATION_CODE_PREFIX))

async function validate(doc: ArticleDoc, decisions: unknown[] = [], environment: 'studio' | 'cli' = 'studio') {
  const client = createMockClient({documents: [...EXPERTS, ...CITATIONS, ...(decisions as never[])], historyAuthors: ['p-priya']})
  const markers = await validateDocument({
    document: doc as unknown as SanityDocument,
    workspace: {schema, i18n, getClient: () => client} as never,
    getDocumentExists: async () => true,
    environment,
  })
  return {client, markers}
}

beforeEach(() => {
  vi.useFakeTimers({toFake: ['Date']})
  vi.setSystemTime(new Date(NOW))
})
afterEach(() => vi.useRealTimers())

describe('the claim rules as document validation', () => {
  it("reports every blocking issue at error level, at the claim's path, after the type's own rules", async () => {
    const doc = article([
      {key: 'k1', kind: 'benefit', text: 'Retinoids reduce fine lines'},
      {key: 'k2', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Peels brighten the skin'},
    ])
    const untitled = {...doc, title: undefined}
    const {markers} = await validate(untitled, [review(untitled, {checkedBy: SAM})])
    const summary = ours(markers).map((marker) => ({level: marker.level, code: marker.code, path: marker.path}))
    expect(summary).toEqual([
      {level: 'error', code: 'medical-claims/claim.unattributed', path: ['body', {_key: 'block-k1'}, 'markDefs', {_key: 'k1'}]},
      {level: 'error', code: 'medical-claims/claim.notApproved', path: ['body', {_key: 'block-k2'}, 'markDefs', {_key: 'k2'}]},
    ])
    // The type's own rule still runs.
    expect(markers.some((marker) => marker.message === 'Give the article a title.' && marker.level === 'warning')).toBe(true)
  })

  it('reports nothing of its own for a publishable article, and loads its data with one query', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
    const {markers, client} = await validate(doc, passing(doc))
    expect(ours(markers)).toEqual([])
    expect(contentQueries(client)).toHaveLength(1)
  })

  it('reports warnings (e.g. text that reads like an unmarked claim) at warning level', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
    doc.body?.push({
      _type: 'block',
      _key: 'plain',
      style: 'normal',
      markDefs: [],
      children: [{_type: 'span', _key: 's', text: 'Microneedling is safe for most skin types.', marks: []}],
    } as never)
    const {markers} = await validate(doc, passing(doc))
    const unmarked = (markers as Marker[]).filter((marker) => marker.code === 'medical-claims/body.unmarkedClaim')
    expect(unmarked.map((marker) => [marker.level, marker.path])).toEqual([['warning', ['body', {_key: 'plain'}]]])
  })

  it('validates a credential problem at error level (expired credential)', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'old', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
    const client = createMockClient({
      documents: [expert('old', [credential({expiresOn: '2025-01-01'})]), ...EXPERTS, ...CITATIONS, ...passing(doc)],
    })
    const markers = await validateDocument({
      document: doc as unknown as SanityDocument,
      workspace: {schema, i18n, getClient: () => client} as never,
      getDocumentExists: async () => true,
      environment: 'studio',
    })
    expect((markers as Marker[]).filter((marker) => marker.code === 'medical-claims/expert.credentialExpired').map((m) => m.level)).toEqual(['error'])
  })

  it('reports the same issues under `sanity documents validate` (environment "cli")', async () => {
    const doc = article([
      {key: 'k1', kind: 'benefit', text: 'Retinoids reduce fine lines'},
      {key: 'k2', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Peels brighten the skin'},
    ])
    const reviewed = [review(doc, {checkedBy: SAM})]
    const studio = ours((await validate(doc, reviewed, 'studio')).markers)
    const cli = ours((await validate(doc, reviewed, 'cli')).markers)
    const shape = (markers: typeof studio) => markers.map((marker) => ({code: marker.code, path: marker.path, message: marker.message}))
    expect(shape(cli)).toEqual(shape(studio))
    // Claim issues are validated on the body field, so they stay errors outside Studio too.
    expect(cli.map((marker) => marker.level)).toEqual(['error', 'error'])
  })

  it('reports article-level issues (the medical review) on the document itself, at path [] (a warning under the CLI, where Sanity lowers document rules)', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
    const studio = ours((await validate(doc, approveAll(doc), 'studio')).markers)
    expect(studio.map((marker) => [marker.code, marker.level, marker.path])).toEqual([['medical-claims/review.missing', 'error', []]])
    expect(studio[0].message).toMatch(/needs a medical review.*"Record medical review"/)
    const cli = ours((await validate(doc, approveAll(doc), 'cli')).markers)
    // Sanity appends its unknown-fields check with `.warning()` to every document-level rule
    // outside Studio, which lowers the whole rule to a warning.
    expect(cli.map((marker) => [marker.code, marker.level, marker.path])).toEqual([['medical-claims/review.missing', 'warning', []]])
  })

  it('reports a review that covers an earlier text as stale, on the document, with who recorded it', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
    const studio = ours((await validate({...doc, title: 'Edited title'}, passing(doc))).markers)
    expect(studio.map((marker) => [marker.code, marker.level, marker.path])).toEqual([['medical-claims/review.stale', 'error', []]])
    expect(studio[0].message).toMatch(/changed after its medical review \(recorded by Sam Adeyemi on 2026-10-01\)/)
  })

  it('counts the review of a reviewer the article does not refer to (loaded through the review)', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
    const byOther = review(doc, {checkedBy: SAM, reviewer: {_type: 'reference', _ref: 'second', _weak: true}}, [expert('second', [credential()], 'Dr. Second')])
    const client = createMockClient({documents: [...EXPERTS, expert('second', [credential()], 'Dr. Second'), ...CITATIONS, ...approveAll(doc), byOther], historyAuthors: ['p-priya']})
    const markers = await validateDocument({document: doc as unknown as SanityDocument, workspace: {schema, i18n, getClient: () => client} as never, getDocumentExists: async () => true, environment: 'studio'})
    expect(ours(markers)).toEqual([])
  })

  it('reuses the loaded data while the article is edited, for a few seconds', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
    const client = createMockClient({documents: [...EXPERTS, ...CITATIONS], historyAuthors: ['p-priya']})
    const run = (document: ArticleDoc) =>
      validateDocument({document: document as unknown as SanityDocument, workspace: {schema, i18n, getClient: () => client} as never, getDocumentExists: async () => true})
    await run(doc)
    await run({...doc, title: 'Edited title'})
    expect(contentQueries(client)).toHaveLength(1)
    vi.setSystemTime(new Date(Date.parse(NOW) + CONTEXT_TTL_MS))
    const edited = {...doc, title: 'Edited again'}
    client.documents.push(...passing(edited))
    const markers = await run(edited)
    expect(contentQueries(client)).toHaveLength(2)
    expect(ours(markers)).toEqual([])
  })
})
