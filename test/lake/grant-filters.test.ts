/**
 * The lake checks every write against its grants' GROQ filters compiled to plain JavaScript
 * (lake/permissions.ts over lake/query/native.ts). The Studio reads the same filters and groq-js
 * evaluates them there, so the compiled filters must keep exactly the documents groq-js keeps: here
 * for every built-in grant, the hosted kit's permissions and the hosted-like mode's scoped
 * filters, for every user, over generated and damaged documents.
 */
import {evaluate, parse} from 'groq-js'
import {describe, expect, it} from 'vitest'
import {prng} from '../../bench/planner-dataset.ts'
import type {Doc} from '../../lake/dataset.ts'
import {FACT_CHECKER_GRANTS, MEDICAL_REVIEWER_GRANTS, ROLE_GRANTS, grantFilterCompiles, grantFilterMatches} from '../../lake/permissions.ts'
import {DECISION_TYPES, EXPERT_TYPE, WITHDRAWAL_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {roleKit} from '../../roles/definitions.ts'

const USERS = ['p-dana', 'p-sam', 'p-priya', '', 'p-dana.x']
const TYPES = ['article', EXPERT_TYPE, 'citation', WITHDRAWAL_TYPE, ...DECISION_TYPES, 'page', '', 'factCheck']
const IDS = ['article-1', 'drafts.article-1', 'versions.rSpring.article-1', 'drafts.', 'versions.', 'a.b.c', 'drafts.versions.r.x', '_.releases.r1']

/** Documents of every type and id kind, with `checkedBy` of every shape (an object naming a user, another, none, the wrong types). */
function documents(): Doc[] {
  const rand = prng(17)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]
  const checkedBy: unknown[] = [{id: 'p-dana'}, {id: 'p-sam', roles: ['medical-reviewer']}, {id: ''}, {id: 7}, {id: null}, {}, 'p-dana', ['p-dana'], null, undefined, {id: {id: 'p-dana'}}]
  const docs: Doc[] = []
  for (const type of TYPES) for (const id of IDS) for (const by of checkedBy) docs.push({_id: id, _type: type, ...(by === undefined ? {} : {checkedBy: by})} as Doc)
  // Damaged: a _type that is not a string, no _type at all, nested lookalikes.
  for (let i = 0; i < 200; i++) {
    const doc: Record<string, unknown> = {_id: pick(IDS), checkedBy: pick(checkedBy)}
    const type = pick<unknown>([...TYPES, 5, null, ['article'], {name: 'article'}, true])
    if (rand() < 0.9) doc._type = type
    if (rand() < 0.2) doc.checkedBy = {id: pick(USERS), nested: {checkedBy: {id: 'p-dana'}}}
    docs.push(doc as Doc)
  }
  return docs
}

/** Every filter the lake checks writes against. */
function filters(): string[] {
  const builtIn = [...Object.values(ROLE_GRANTS).flat(), ...FACT_CHECKER_GRANTS, ...MEDICAL_REVIEWER_GRANTS].map((grant) => grant.filter)
  const kit = roleKit(resolveOptions({})).permissions.map((permission) => permission.config.filter)
  // The hosted-like mode scopes each permission's filter and adds "unpublished" for create.
  const scoped = kit.map((filter) => `(${filter}) && (_id in path("drafts.**") || _id in path("versions.**"))`)
  return [...new Set([...builtIn, ...kit, ...scoped])]
}

async function groqJsKeeps(filter: string, doc: Doc, userId: string): Promise<boolean> {
  const result = await (await evaluate(parse(`*[${filter}]`), {dataset: [doc], identity: userId, params: {identity: userId}})).get()
  return Array.isArray(result) && result.length === 1
}

describe('grant filters, compiled == groq-js', () => {
  it('keep exactly the documents groq-js keeps, for every filter, user and document', async () => {
    const docs = documents()
    const list = filters()
    expect(list.length).toBeGreaterThan(10)
    const differences: string[] = []
    let kept = 0
    for (const filter of list) {
      for (const user of USERS) {
        for (const doc of docs) {
          const [compiled, reference] = [await grantFilterMatches(filter, doc, user), await groqJsKeeps(filter, doc, user)]
          if (compiled) kept++
          if (compiled !== reference) differences.push(`${filter} | ${user} | ${JSON.stringify(doc)}: ${compiled} vs ${reference}`)
        }
      }
    }
    expect(differences.slice(0, 5)).toEqual([])
    // Both answers occur: the filters are not all trivially true or false over these documents.
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(list.length * USERS.length * docs.length)
  }, 60_000)

  it('every one of those filters compiles', () => {
    expect(filters().filter((filter) => !grantFilterCompiles(filter))).toEqual([])
  })

  it('a filter that does not compile is evaluated by groq-js', async () => {
    expect(grantFilterCompiles('string::startsWith(_id, "drafts.") && count(tags) > 1')).toBe(false)
    const filter = 'string::startsWith(_id, "drafts.") && count(tags) > 1'
    expect(await grantFilterMatches(filter, {_id: 'drafts.a', _type: 'x', tags: [1, 2]} as Doc, 'u')).toBe(true)
    expect(await grantFilterMatches(filter, {_id: 'drafts.a', _type: 'x', tags: [1]} as Doc, 'u')).toBe(false)
  })
})
