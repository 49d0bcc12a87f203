/**
 * `score()` over documents of the dataset in plain JavaScript (the Studio's global search scores
 * every document of the searchable types): each argument's score as groq-js computes it, summed
 * into `_score`, the documents then sorted by it (descending, stable), exactly as groq-js's
 * `score` pipe function does. Arguments are scored as groq-js scores them:
 *  - `L match P`: for each of P's terms, with `f` the number of L's tokens it matches, f·2.2/(f+1.2);
 *    `text::query(Q)` as the planner reads it (./plan.ts, planTextQuery: its terms as prefixes, `-`
 *    terms excluded, `@` as the document's strings);
 *  - `boost(E, w)`: E's score plus w when E scores above 0, else 0;
 *  - `A || B`: the sum; `A && B`: the sum when both score above 0, else 0;
 *  - anything else, a parenthesised group included: 1 when it is `true`, else 0.
 * A condition is evaluated as groq-js evaluates it (`match`, `references()` and what ./native.ts
 * compiles). Null when an argument has another shape: then groq-js scores the query as written.
 */
import type {Doc} from '../dataset.ts'
import {UNSURE} from './fastpaths.ts'
import {compileCondition, compileValue, either, negated, type CompileContext, type Condition} from './native.ts'
import {constantOf, type Node} from './nodes.ts'
import {documentTokens, EDGE_CHARS, isTextQuery, textQueryTerms, TOKEN_CHARS} from './text.ts'
import {isObj} from './values.ts'

type Scorer = (doc: Doc) => number

/** Thrown when a condition inside a score could not be decided natively (a fast path not sure). */
const NOT_SURE = Symbol('score not sure')

// A pattern's terms as groq-js splits them: its tokenizer's characters (./text.ts), `*` kept.
const CHARS_WITH_WILDCARD = /([^!@#$%^&(),\\/?";:{}|[\]+<>\s-])+/g

const tokenize = (text: string): string[] => text.replace(EDGE_CHARS, '').match(TOKEN_CHARS) ?? []

/** A pattern term as groq-js tests it: `^term$` case-insensitively, `*` any run. */
interface Term {
  test(token: string): boolean
}

/**
 * A term of ASCII letters and digits, optionally ending in `*` (what a search for a word is): the
 * same test as groq-js's regular expression, without one. Without the `u` flag, `i` matches only
 * the ASCII case variants of an ASCII character, and tokens hold no line breaks for `.*` to stop at.
 */
function asciiTerm(term: string): Term | null {
  const match = /^([A-Za-z0-9]+)(\*?)$/.exec(term)
  if (!match) return null
  const word = match[1].toLowerCase()
  const prefix = match[2] === '*'
  const n = word.length
  return {
    test(token) {
      if (prefix ? token.length < n : token.length !== n) return false
      for (let i = 0; i < n; i++) {
        let c = token.charCodeAt(i)
        if (c >= 65 && c <= 90) c += 32
        if (c !== word.charCodeAt(i)) return false
      }
      return true
    },
  }
}

const patternTerms = (text: string): Term[] =>
  (text.replace(EDGE_CHARS, '').match(CHARS_WITH_WILDCARD) ?? []).map((raw) => {
    const term = raw.slice(0, 1024)
    return asciiTerm(term) ?? new RegExp(`^${term.replace(/\*/g, '.*')}$`, 'i')
  })

/** groq-js's gatherText: the parts of a string, or of an array's strings (any other element, or any other value, is no success). */
function gather<T>(value: unknown, split: (text: string) => T[]): {parts: T[]; success: boolean} {
  if (typeof value === 'string') return {parts: split(value), success: true}
  if (Array.isArray(value)) {
    const parts: T[] = []
    let success = true
    for (const part of value) {
      if (typeof part === 'string') for (const p of split(part)) parts.push(p)
      else success = false
    }
    return {parts, success}
  }
  return {parts: [], success: false}
}

/** The tokens of the document's strings, each tokenized again as groq-js does with the parts it is given (kept per list). */
const retokenized = new WeakMap<string[], string[]>()
function stringsTokens(doc: Doc): string[] {
  const tokens = documentTokens(doc)
  let out = retokenized.get(tokens)
  if (!out) retokenized.set(tokens, (out = gather(tokens, tokenize).parts))
  return out
}

/** A match's left side: its tokens for a document (groq-js's gatherText over its value), as lists of them, or null when it does not compile. */
type Target = (doc: Doc) => string[][]

function compileTarget(node: Node, ctx: CompileContext, textQuery: boolean): Target | null {
  // The planner gives `text::query` the document's strings for `@` (alone, or as an element of an array).
  if (textQuery && node.type === 'This') return (doc) => [stringsTokens(doc)]
  if (textQuery && node.type === 'Array') {
    const elements = node.elements as Array<{value: Node; isSplat: boolean}>
    const parts: Array<(doc: Doc) => string[]> = []
    for (const el of elements) {
      if (el.value.type === 'This') {
        parts.push(stringsTokens)
        continue
      }
      if (el.isSplat) return null
      const value = compileValue(el.value, ctx)
      if (!value) return null
      // An element that is not a string gives no tokens (groq-js: no success, which a score ignores).
      parts.push((doc) => {
        const v = value(doc)
        return typeof v === 'string' ? tokenize(v) : []
      })
    }
    return (doc) => parts.map((part) => part(doc))
  }
  const value = compileValue(node, ctx)
  return value ? (doc) => [gather(value(doc), tokenize).parts] : null
}

/** Σ over the terms of f·2.2/(f+1.2), f the tokens a term matches (groq-js's processMatchScore). */
function matchScore(lists: string[][], terms: Term[]): number {
  if (terms.length === 0 || lists.every((tokens) => tokens.length === 0)) return 0
  let score = 0
  for (const term of terms) {
    let freq = 0
    for (const tokens of lists) for (const token of tokens) if (term.test(token)) freq++
    score += (freq * 2.2) / (freq + 1.2)
  }
  return score
}

/** groq-js's `match` as a condition: every term matches some token. */
function matches(lists: string[][], terms: Term[]): boolean {
  return terms.length > 0 && lists.some((tokens) => tokens.length > 0) && terms.every((term) => lists.some((tokens) => tokens.some((token) => term.test(token))))
}

/** `L match R` with R a constant string, or `text::query(<constant>)`: its parts, or null. */
interface CompiledMatch {
  target: Target
  /** The terms whose score counts; null for `text::query` with none (then the match is `true`). */
  positive: Term[] | null
  /** `text::query`'s `-term`s: a document matching one fails the match. */
  negative: Term[][]
  /** The pattern had no success (not a string): the match scores 0 and is false. */
  fails: boolean
}

function compileMatch(node: Node, ctx: CompileContext): CompiledMatch | null {
  if (node.type !== 'OpCall' || node.op !== 'match') return null
  const right = node.right as Node
  if (isTextQuery(right)) {
    const terms = textQueryTerms(right, ctx.params)
    const target = terms && compileTarget(node.left as Node, ctx, true)
    if (!terms || !target) return null
    const {positive, negative} = terms
    return {target, positive: positive.length > 0 ? patternTerms(positive.join(' ')) : null, negative: negative.map(patternTerms), fails: false}
  }
  const c = constantOf(ctx.params, right)
  if (!c) return null
  const target = compileTarget(node.left as Node, ctx, false)
  if (!target) return null
  const terms = gather(c.value, patternTerms)
  return {target, positive: terms.parts, negative: [], fails: !terms.success}
}

/** A condition, with `match` and `references()` besides what ./native.ts compiles. */
function compileCheck(node: Node | undefined, ctx: CompileContext): Condition | null {
  if (!node) return null
  switch (node.type) {
    case 'Group':
      return compileCheck(node.base as Node, ctx)
    case 'And':
    case 'Or': {
      const left = compileCheck(node.left as Node, ctx)
      const right = left && compileCheck(node.right as Node, ctx)
      if (!left || !right) return null
      return either(left, right, node.type === 'Or')
    }
    case 'Not': {
      const base = compileCheck(node.base as Node, ctx)
      return base ? negated(base) : null
    }
    case 'OpCall': {
      const match = compileMatch(node, ctx)
      if (match) {
        return (doc) => {
          if (match.fails) return false
          const tokens = match.target(doc)
          if (match.positive !== null && !matches(tokens, match.positive)) return false
          return match.negative.every((terms) => !matches(tokens, terms))
        }
      }
      break
    }
    case 'FuncCall': {
      if (node.namespace === 'global' && node.name === 'references') {
        const ids = new Set<string>()
        for (const arg of node.args as Node[]) {
          const c = constantOf(ctx.params, arg)
          if (!c) return null
          if (typeof c.value === 'string') ids.add(c.value)
          else if (Array.isArray(c.value)) for (const id of c.value) if (typeof id === 'string') ids.add(id)
        }
        return (doc) => ids.size > 0 && hasReference(doc, ids)
      }
      break
    }
  }
  return compileCondition(node, ctx, false)
}

/** groq-js's hasReference: an object with a `_ref` answers by it alone; otherwise its values, and an array's elements, are searched. */
function hasReference(value: unknown, ids: ReadonlySet<string>): boolean {
  if (Array.isArray(value)) return value.some((v) => hasReference(v, ids))
  if (!isObj(value)) return false
  if (value._ref) return ids.has(value._ref as string)
  return Object.values(value).some((v) => hasReference(v, ids))
}

function compileScorer(node: Node | undefined, ctx: CompileContext): Scorer | null {
  if (!node) return null
  if (node.type === 'OpCall' && node.op === 'match') {
    const match = compileMatch(node, ctx)
    if (!match) return null
    const {target, positive, negative, fails} = match
    // As the planner writes `text::query`: the positive match (or `true`), then `&& !(L match term)` per excluded term.
    return (doc) => {
      if (fails) return 0
      const tokens = target(doc)
      let score = positive === null ? 1 : matchScore(tokens, positive)
      for (const terms of negative) score = score === 0 || matches(tokens, terms) ? 0 : score + 1
      return score
    }
  }
  if (node.type === 'FuncCall' && node.namespace === 'global' && node.name === 'boost') {
    const [inner, weight] = node.args as Node[]
    const score = compileScorer(inner, ctx)
    const w = weight ? compileValue(weight, ctx) : null
    if (!score || !w) return null
    return (doc) => {
      const s = score(doc)
      const boost = w(doc)
      return typeof boost === 'number' && s > 0 ? s + boost : 0
    }
  }
  if (node.type === 'Or' || node.type === 'And') {
    const left = compileScorer(node.left as Node, ctx)
    const right = left && compileScorer(node.right as Node, ctx)
    if (!left || !right) return null
    if (node.type === 'Or') return (doc) => left(doc) + right(doc)
    return (doc) => {
      const a = left(doc)
      const b = right(doc)
      return a === 0 || b === 0 ? 0 : a + b
    }
  }
  const check = compileCheck(node, ctx)
  if (!check) return null
  return (doc) => {
    const v = check(doc)
    if (v === UNSURE) throw NOT_SURE
    return v === true ? 1 : 0
  }
}

/**
 * `score(args)` compiled for documents of the dataset: the scored copies, sorted as groq-js sorts
 * them; null when an argument does not compile, and the function returns null for a list it was
 * not sure of (groq-js then scores it).
 */
export function compileScore(args: Node[], ctx: CompileContext): ((docs: Doc[]) => Doc[] | null) | null {
  const scorers: Scorer[] = []
  for (const arg of args) {
    const scorer = compileScorer(arg, ctx)
    if (!scorer) return null
    scorers.push(scorer)
  }
  return (docs) => {
    const scored: Doc[] = []
    try {
      for (const doc of docs) {
        let score = typeof doc._score === 'number' ? doc._score : 0
        for (const scorer of scorers) score += scorer(doc)
        scored.push({...doc, _score: score})
      }
    } catch (error) {
      if (error === NOT_SURE) return null
      throw error
    }
    return scored.sort((a, b) => (b._score as number) - (a._score as number))
  }
}
