/**
 * `text::query`: the search string as groq-js `match` patterns, and a document's search tokens.
 */
import type {Doc} from '../dataset.ts'
import {constantOf, type Node} from './nodes.ts'

/** Splits a search string into groq-js match patterns: every term a prefix; `-term` excluded; quotes group words. */
export function compileTextQuery(search: string): {positive: string[]; negative: string[]} {
  const positive: string[] = []
  const negative: string[] = []
  const tokens = search.match(/-?"[^"]*"|\S+/g) ?? []
  for (const raw of tokens) {
    const negated = raw.startsWith('-') && raw.length > 1
    const body = negated ? raw.slice(1) : raw
    const words = body
      .replace(/"/g, ' ')
      .split(/\s+/)
      .map((w) => w.replace(/^[^\p{L}\p{N}*]+|[^\p{L}\p{N}*]+$/gu, ''))
      .filter((w) => w.length > 0 && w !== '*')
    for (const word of words) {
      const pattern = word.endsWith('*') ? word : `${word}*`
      ;(negated ? negative : positive).push(pattern)
    }
  }
  return {positive, negative}
}

/** Whether `node` is a call of `text::query`. */
export function isTextQuery(node: Node | undefined): boolean {
  return node?.type === 'FuncCall' && node.namespace === 'text' && node.name === 'query'
}

/** The terms of a `text::query(Q)` call whose Q is a constant string (a literal or a parameter); null otherwise. */
export function textQueryTerms(call: Node, params: Record<string, unknown>): {positive: string[]; negative: string[]} | null {
  const arg = (call.args as Node[] | undefined)?.[0]
  const c = arg ? constantOf(params, arg) : null
  return c && typeof c.value === 'string' ? compileTextQuery(c.value) : null
}

const IGNORED_TEXT_KEYS = new Set(['style', 'listItem', 'marks'])

/** Every string inside a document except system/structural fields, for text search. */
export function documentStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value)
  else if (Array.isArray(value)) for (const item of value) documentStrings(item, out)
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key.startsWith('_') || IGNORED_TEXT_KEYS.has(key)) continue
      documentStrings(inner, out)
    }
  }
  return out
}

// groq-js's own tokenizer (shared.js: CHARS and EDGE_CHARS), so `match` sees the same tokens.
export const TOKEN_CHARS = /([^!@#$%^&*(),\\/?";:{}|[\]+<>\s-])+/g
export const EDGE_CHARS = /(\b\.+|\.+\b)/g
const tokenCache = new WeakMap<object, string[]>()

/** The distinct search tokens of a document's strings (cached per document object: documents are never mutated). */
export function documentTokens(doc: Doc): string[] {
  const cached = tokenCache.get(doc)
  if (cached) return cached
  const tokens = new Set<string>()
  for (const text of documentStrings(doc)) {
    for (const token of text.replace(EDGE_CHARS, '').match(TOKEN_CHARS) ?? []) tokens.add(token)
  }
  const list = [...tokens]
  tokenCache.set(doc, list)
  return list
}
