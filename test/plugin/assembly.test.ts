/**
 * Plugin assembly: call the factory and run its resolvers the way Studio does (after
 * `structureTool()`), checking which actions, badges, types, tools and inputs each document type
 * gets, that untargeted types are untouched and that bad options fail with how to fix them.
 */
import {withdrawnBadge} from '../../plugins/medical-claims/badges/useWithdrawnBadge.ts'
import {
  createSchema,
  defineField,
  defineType,
  type DocumentActionComponent,
  type DocumentActionsContext,
  type DocumentBadgeComponent,
  type DocumentBadgesContext,
  type PluginOptions,
  type SchemaTypeDefinition,
  type Template,
} from 'sanity'
import {structureTool} from 'sanity/structure'
import {describe, expect, it} from 'vitest'
import {medicalClaims} from '../../plugins/medical-claims/index.ts'

type ActionsResolver = (prev: DocumentActionComponent[], context: DocumentActionsContext) => DocumentActionComponent[]
type BadgesResolver = (prev: DocumentBadgeComponent[], context: DocumentBadgesContext) => DocumentBadgeComponent[]
type TypesResolver = (prev: SchemaTypeDefinition[], context: unknown) => SchemaTypeDefinition[]

const structure = structureTool()
const plugin = medicalClaims()

function actionsFor(config: PluginOptions, schemaType: string, prev: DocumentActionComponent[] = [], roles: string[] = ['editor']): DocumentActionComponent[] {
  const currentUser = {id: 'p-x', name: 'X', roles: roles.map((name) => ({name, title: name}))}
  const context = {schemaType, documentId: 'doc-1', versionType: 'draft', releaseId: undefined, currentUser} as unknown as DocumentActionsContext
  return (config.document?.actions as ActionsResolver)(prev, context)
}

function badgesFor(config: PluginOptions, schemaType: string, prev: DocumentBadgeComponent[] = []): DocumentBadgeComponent[] {
  return (config.document?.badges as BadgesResolver)(prev, {schemaType, documentId: 'doc-1'} as unknown as DocumentBadgesContext)
}

/** Actions as Studio resolves them: structureTool's defaults, then this plugin. */
function studioActions(schemaType: string) {
  return actionsFor(plugin, schemaType, actionsFor(structure, schemaType))
}
function studioBadges(schemaType: string) {
  return badgesFor(plugin, schemaType, badgesFor(structure, schemaType))
}
const names = (hooks: Array<{name: string; action?: string}>) => hooks.map((hook) => hook.name)

describe('medicalClaims() document actions', () => {
  it('wraps Publish and adds the fact-check, medical review, blockers and publish-request actions to articles', () => {
    const defaults = actionsFor(structure, 'article')
    const actions = studioActions('article')
    expect(names(defaults)[0]).toBe('usePublishAction')
    // Each role's own action leads: a fact-checker's, a medical reviewer's, a blocked editor's
    // "Why can't I publish?", "Request publication" for an editor who may not publish (each renders
    // or not by role, permission and verdict), then Publish.
    expect(names(actions)).toEqual([
      'useFactCheckAction',
      'useRecordReviewAction',
      'usePublishBlockersAction',
      'useRequestPublicationAction',
      'usePublishWithRulesAction',
      ...names(defaults).slice(1),
    ])
    const publish = actions.find((action) => action.action === 'publish')
    expect(publish?.name).toBe('usePublishWithRulesAction')
    expect(actions.filter((action) => action.action === 'publish')).toHaveLength(1)
  })

  it('wraps the same Publish into the same component every time (stable hooks)', () => {
    const publishOf = () => studioActions('article').find((action) => action.action === 'publish')
    expect(publishOf()).toBe(publishOf())
  })

  it('leaves experts and other document types untouched', () => {
    for (const type of ['expert', 'procedure', 'citation']) {
      const prev = actionsFor(structure, type)
      expect(actionsFor(plugin, type, prev)).toBe(prev)
    }
  })

  it('gives decisions and withdrawals no actions: they are records, written by the fact-check panel, the review action and the lake', () => {
    expect(studioActions('factCheck.approval')).toEqual([])
    expect(studioActions('factCheck.rejection')).toEqual([])
    expect(studioActions('factCheck.review')).toEqual([])
    expect(studioActions('factCheck.withdrawal')).toEqual([])
  })

  it('follows the articleTypes option', () => {
    const custom = medicalClaims({articleTypes: ['procedure']})
    expect(names(actionsFor(custom, 'procedure', actionsFor(structure, 'procedure')))).toEqual(expect.arrayContaining(['useFactCheckAction', 'useRecordReviewAction']))
    const prev = actionsFor(structure, 'article')
    expect(actionsFor(custom, 'article', prev)).toBe(prev)
  })
})

describe('medicalClaims() document badges', () => {
  it('adds the claims and withdrawn badges to articles, a verdict badge to decisions, nothing elsewhere', () => {
    const defaults = names(badgesFor(structure, 'article'))
    expect(names(studioBadges('article'))).toEqual([...defaults, 'useClaimsStatusBadge', 'useWithdrawnBadge'])
    expect(names(studioBadges('factCheck.approval'))).toEqual([...defaults, 'useDecisionBadge'])
    expect(names(studioBadges('factCheck.review'))).toEqual([...defaults, 'useDecisionBadge'])
    for (const type of ['expert', 'procedure']) {
      const prev = badgesFor(structure, type)
      expect(badgesFor(plugin, type, prev)).toBe(prev)
    }
  })
})

describe('medicalClaims() schema', () => {
  const article = defineType({
    name: 'article',
    type: 'document',
    fields: [defineField({name: 'title', type: 'string'})],
    validation: (rule) => rule.required(),
  })
  const procedure = defineType({name: 'procedure', type: 'document', fields: [defineField({name: 'title', type: 'string'})]})
  const types = (plugin.schema?.types as TypesResolver)([article, procedure], {})

  it('adds the decision, review, withdrawal and publish request types and keeps untargeted types as they are (same object)', () => {
    expect(types.map((type) => type.name)).toEqual(['article', 'procedure', 'factCheck.approval', 'factCheck.rejection', 'factCheck.review', 'factCheck.withdrawal', 'factCheck.publishRequest'])
    expect(types[1]).toBe(procedure)
    expect(types[0]).not.toBe(article)
  })

  it("wraps the article's validation, keeping its own rules first", () => {
    const validation = (types[0] as {validation: (rule: unknown) => unknown[]}).validation
    const calls: string[] = []
    const rule = {
      required: () => (calls.push('required'), 'own'),
      custom: () => ({error: () => (calls.push('custom.error'), 'rules:error'), warning: () => (calls.push('custom.warning'), 'rules:warning')}),
    }
    expect(validation(rule)).toEqual(['own', 'rules:error', 'rules:warning'])
  })

  it('validates claims on the body field (keeping its own rules) when the type has one', () => {
    const withBody = defineType({
      name: 'article',
      type: 'document',
      fields: [defineField({name: 'title', type: 'string'}), defineField({name: 'body', type: 'array', of: [{type: 'block'}], validation: (rule) => rule.min(1)})],
    })
    const [wrapped] = (plugin.schema?.types as TypesResolver)([withBody], {}) as Array<{fields: Array<{name: string; validation?: unknown}>}>
    expect(wrapped.fields[0]).toBe(withBody.fields[0])
    const bodyValidation = wrapped.fields[1].validation as (rule: unknown) => unknown[]
    const rule = {
      min: () => 'own',
      custom: () => ({error: () => 'rules:error', warning: () => 'rules:warning'}),
    }
    expect(bodyValidation(rule)).toEqual(['own', 'rules:error', 'rules:warning'])
  })

  it('compiles: decisions and reviews are read-only documents whose rejection needs a reason', () => {
    const schema = createSchema({name: 'test', types: [...types, defineType({name: 'expert', type: 'document', fields: [defineField({name: 'name', type: 'string'})]})]})
    const approval = schema.get('factCheck.approval')
    const rejection = schema.get('factCheck.rejection')
    const review = schema.get('factCheck.review')
    expect(approval?.readOnly).toBe(true)
    expect(review?.readOnly).toBe(true)
    const fieldNames = (type: typeof approval) => (type as {fields: Array<{name: string}>}).fields.map((field) => field.name)
    expect(fieldNames(approval)).toEqual(['article', 'claimKey', 'fingerprint', 'checkedBy', 'checkedAt', 'note'])
    expect(fieldNames(rejection)).toEqual(['article', 'claimKey', 'fingerprint', 'checkedBy', 'checkedAt', 'note', 'reason'])
    expect(fieldNames(review)).toEqual(['article', 'reviewer', 'nextReviewDue', 'evidence', 'fingerprint', 'checkedBy', 'checkedAt'])
  })

  it("keeps decisions, reviews and withdrawals out of the Studio's global search, and articles and experts in it", () => {
    const schema = createSchema({name: 'test', types: [...types, defineType({name: 'expert', type: 'document', fields: [defineField({name: 'name', type: 'string'})]})]})
    // Sanity's search leaves out every document type whose compiled type carries this flag as false.
    const searchable = (name: string) => (schema.get(name) as {__experimental_omnisearch_visibility?: boolean} | undefined)?.__experimental_omnisearch_visibility !== false
    expect(['factCheck.approval', 'factCheck.rejection', 'factCheck.review', 'factCheck.withdrawal'].filter(searchable)).toEqual([])
    expect(['article', 'expert'].every(searchable)).toBe(true)
  })

  it('hides decision, review and withdrawal templates from the new-document menus', () => {
    const templates = ['article', 'factCheck.approval', 'factCheck.rejection', 'factCheck.review', 'factCheck.withdrawal'].map((id) => ({id, schemaType: id})) as Template[]
    const resolve = plugin.schema?.templates as (prev: Template[], context: unknown) => Template[]
    expect(resolve(templates, {}).map((template) => template.id)).toEqual(['article'])
  })
})

describe('medicalClaims() tool and form', () => {
  it('adds the fact-check queue tool with the resolved options', () => {
    const tools = plugin.tools as Array<{name: string; title: string; options: {factCheckerRoles: string[]}}>
    expect(tools.map((tool) => [tool.name, tool.title])).toEqual([['fact-check', 'Fact-check queue']])
    expect(tools[0].options.factCheckerRoles).toEqual(['fact-checker'])
  })

  it('adds a form input (credential verification)', () => {
    expect(typeof plugin.form?.components?.input).toBe('function')
  })
})

describe('medicalClaims() options', () => {
  it('fails at start with a message that says how to fix bad options', () => {
    expect(() => medicalClaims({factCheckerRoles: []})).toThrow(/factCheckerRoles must be a non-empty array/)
    expect(() => medicalClaims({factCheckerRoles: []})).toThrow(/Fix them in medical-claims\.options\.ts/)
    expect(() => medicalClaims({unmarkedClaims: 'loud' as never})).toThrow(/unmarkedClaims must be "off", "warning" or "error"/)
    expect(() => medicalClaims({factCheckRoles: ['x']} as never)).toThrow(/unknown option "factCheckRoles"/)
  })

  it('accepts no options at all', () => {
    expect(medicalClaims().name).toBe('medical-claims')
    expect(medicalClaims({}).name).toBe('medical-claims')
  })
})

describe('withdrawnBadge', () => {
  const withdrawal = {withdrawnAt: '2026-11-30T08:00:00.000Z', kinds: ['revocation'], author: 'p-dana', reasons: [{message: "Dr. A's credential was revoked."}]}
  it('says when, after what and why, while the article is not published again', () => {
    expect(withdrawnBadge(withdrawal, false)).toEqual({
      label: 'Withdrawn',
      color: 'danger',
      title: "Taken off the site on 2026-11-30 after revocation (p-dana): Dr. A's credential was revoked. Fix what it says, get the claims approved again and publish.",
    })
  })
  it('is gone once the article is published again, or when there is no withdrawal', () => {
    expect(withdrawnBadge(withdrawal, true)).toBeNull()
    expect(withdrawnBadge(null, false)).toBeNull()
  })
})
