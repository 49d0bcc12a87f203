/**
 * The content model compiles cleanly with Sanity's own schema validator (the one behind
 * `sanity schema validate`), follows the house conventions, and the desk structure resolves
 * against the Studio as sanity.config.ts defines it.
 */
import {createSchema, defineField, defineType, type SchemaTypeDefinition, type SchemaValidationProblemGroup} from 'sanity'
import {createStructureBuilder, type ListBuilder} from 'sanity/structure'
import {describe, expect, it} from 'vitest'
import {CLAIM_KINDS, CLAIM_TOPICS, CREDENTIAL_KINDS, FACT_CHECK_TYPES, PROFESSIONS, VERIFICATION_STATUSES} from '../plugins/medical-claims/rules/constants.ts'
import {documentTypes, objectTypes, schemaTypes} from '../schemas/index.ts'
import {structure} from '../studio/structure.ts'
import {loadSeed} from './fixtures/seed.ts'
import {loadStudio} from './fixtures/studio.ts'

interface Problem {
  severity: string
  at: string
  message: string
}

/** Every problem Sanity's schema validator reports for `types`, flattened for messages. */
function schemaProblems(types: SchemaTypeDefinition[]): Problem[] {
  const schema = createSchema({name: 'default', types})
  const groups: SchemaValidationProblemGroup[] = schema._validation ?? []
  return groups.flatMap((group) =>
    group.problems.map((problem) => ({
      severity: problem.severity,
      at: group.path.map((segment) => (segment.kind === 'type' ? `${segment.name ?? '<anonymous>'}<${segment.type}>` : segment.name)).join(' / '),
      message: problem.message,
    })),
  )
}

function describeProblems(problems: Problem[]): string {
  return problems.map((p) => `  [${p.severity}] ${p.at}: ${p.message}`).join('\n')
}

type AnyType = {name: string; type: string; icon?: unknown; preview?: unknown; groups?: unknown[]; fields?: AnyType[]; options?: {list?: unknown[]}}
const asAny = (type: unknown) => type as AnyType

describe('schema', () => {
  it('compiles with no errors and no warnings', () => {
    const problems = schemaProblems(schemaTypes)
    expect(problems, `Sanity's schema validator reported:\n${describeProblems(problems)}`).toEqual([])
  })

  it('the check above reports problems when there are some (it is not vacuous)', () => {
    const broken = defineType({
      name: 'brokenExample',
      type: 'document',
      fields: [defineField({name: 'ref', type: 'reference', to: [{type: 'typeThatDoesNotExist'}]})],
    })
    const problems = schemaProblems([...schemaTypes, broken])
    expect(problems.some((p) => p.severity === 'error' && p.at.includes('brokenExample'))).toBe(true)
  })

  it('gives every type an icon and every object or document type a preview', () => {
    const missing: string[] = []
    for (const type of schemaTypes.map(asAny)) {
      if (!type.icon) missing.push(`${type.name}: icon`)
      if (type.type !== 'array' && !type.preview) missing.push(`${type.name}: preview`)
    }
    expect(missing, `Add these to the types:\n  ${missing.join('\n  ')}`).toEqual([])
  })

  it('uses field groups in every document with more than six fields', () => {
    const ungrouped = documentTypes
      .map(asAny)
      .filter((type) => (type.fields?.length ?? 0) > 6 && !(type.groups && type.groups.length > 0))
      .map((type) => type.name)
    expect(ungrouped).toEqual([])
  })

  it('defines each shared shape once, as a named type', () => {
    const names = schemaTypes.map((type) => type.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names).toEqual(expect.arrayContaining(['credential', 'credentialVerification', 'medicalClaim', 'figure', 'articleBody']))
    expect(objectTypes.every((type) => !documentTypes.includes(type as never))).toBe(true)
  })

  it('stores exactly kind, topic, expert and citations on the medicalClaim annotation, kinds and topics from the plugin', () => {
    const claim = asAny(schemaTypes.find((type) => type.name === 'medicalClaim'))
    expect(claim.fields?.map((field) => field.name)).toEqual(['kind', 'topic', 'expert', 'citations'])
    const kind = claim.fields?.find((field) => field.name === 'kind')
    expect(kind?.options?.list).toEqual(CLAIM_KINDS.map(({title, value}) => ({title, value})))
    const topic = claim.fields?.find((field) => field.name === 'topic')
    expect(topic?.options?.list).toEqual(CLAIM_TOPICS.map(({title, value}) => ({title, value})))
  })

  it('takes credential kinds, professions and verification statuses from the plugin constants', () => {
    const credential = asAny(schemaTypes.find((type) => type.name === 'credential'))
    const field = (name: string) => credential.fields?.find((f) => f.name === name)
    expect(field('kind')?.options?.list).toEqual(CREDENTIAL_KINDS.map(({title, value}) => ({title, value})))
    expect(field('profession')?.options?.list).toEqual(PROFESSIONS.map(({title, value}) => ({title, value})))
    const verification = asAny(schemaTypes.find((type) => type.name === 'credentialVerification'))
    const status = verification.fields?.find((f) => f.name === 'status')
    expect(status?.options?.list).toEqual(VERIFICATION_STATUSES.map(({title, value}) => ({title, value})))
  })
})

describe('Studio configuration and desk structure', () => {
  it('resolves the workspace from sanity.config.ts with our types and a clean schema', async () => {
    const {source} = await loadStudio(loadSeed())
    const names = source.schema.getTypeNames()
    expect(names).toEqual(expect.arrayContaining(schemaTypes.map((type) => type.name)))
    const problems = (source.schema._validation ?? []).flatMap((group) => group.problems)
    expect(problems.map((p) => p.message)).toEqual([])
  })

  it('groups content and hides the plugin-internal fact-check types', async () => {
    const {source} = await loadStudio(loadSeed())
    const S = createStructureBuilder({source, perspectiveStack: ['drafts']})
    const root = structure(S, {} as never) as ListBuilder
    const items = root.serialize({path: []}).items
    const ids = items.filter((item) => item.type !== 'divider').map((item) => item.id)
    expect(ids.slice(0, 5)).toEqual(['articles', 'expert', 'procedures-and-risks', 'citation', 'writers-and-categories'])
    for (const hidden of FACT_CHECK_TYPES) expect(ids).not.toContain(hidden)

    const articles = root.getItems()?.find((item) => 'getId' in item && item.getId() === 'articles')
    expect(articles).toBeDefined()
    const child = articles && 'getChild' in articles ? articles.getChild() : undefined
    const articleLists = (child as ListBuilder).serialize({path: ['articles']}).items
    expect(articleLists.filter((item) => item.type !== 'divider').map((item) => item.id)).toEqual([
      'all-articles',
      'drafts-in-progress',
      'drafts-in-review',
      'published',
    ])
  })

  it('article lists pick the right seed articles, in the raw view and through the drafts perspective', async () => {
    const documents = loadSeed()
    const {source, client} = await loadStudio(documents)
    const S = createStructureBuilder({source, perspectiveStack: ['drafts']})
    const root = structure(S, {} as never) as ListBuilder
    const articles = root.getItems()?.find((item) => 'getId' in item && item.getId() === 'articles')
    const lists = ((articles as {getChild(): unknown}).getChild() as ListBuilder).getItems() ?? []
    const filterOf = (id: string) => {
      const item = lists.find((entry) => 'getId' in entry && entry.getId() === id) as {getChild(): {getFilter(): string}}
      return item.getChild().getFilter()
    }
    const ids = async (id: string, perspective: 'raw' | 'drafts') =>
      (await client.fetch<Array<{_id: string}>>(`*[${filterOf(id)}] | order(_id asc) {_id}`, {}, {perspective})).map((doc) => doc._id)

    expect(await ids('published', 'raw')).toEqual(['article-olive-oil-skin', 'article-omega-3-hair-skin-nails', 'article-winter-skincare'])
    expect(await ids('drafts-in-review', 'raw')).toEqual(['drafts.article-micro-needling'])
    expect(await ids('drafts-in-progress', 'raw')).toEqual([])
    // Through the drafts perspective a draft carries its published id and `_originalId`.
    expect(await ids('drafts-in-review', 'drafts')).toEqual(['article-micro-needling'])
    expect(await ids('published', 'drafts')).toEqual(['article-olive-oil-skin', 'article-omega-3-hair-skin-nails', 'article-winter-skincare'])
  })
})
