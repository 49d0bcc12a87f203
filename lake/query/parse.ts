/**
 * Parsing: the `perspective` parameter and GROQ text into groq-js's tree (cached by query and
 * parameters), with parse errors in Sanity's shape.
 */
import {parse} from 'groq-js'
import type {ExprNode} from 'groq-js'
import {LakeError, badRequest} from '../errors.ts'

export type Perspective = 'raw' | 'published' | string[]

const RELEASE_NAME = /^[a-zA-Z0-9_-]+$/

/** Reads the `perspective` parameter: raw (default), published, drafts/previewDrafts, or a release stack "rA,rB,drafts". */
export function parsePerspective(value: string | null | undefined): Perspective {
  if (!value || value === 'raw') return 'raw'
  if (value === 'published') return 'published'
  if (value === 'drafts' || value === 'previewDrafts') return ['drafts']
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  const stack = parts.filter((p) => p !== 'published').map((p) => (p === 'previewDrafts' ? 'drafts' : p))
  if (parts.includes('raw') || stack.some((p) => !RELEASE_NAME.test(p))) {
    throw badRequest(`Invalid perspective "${value}": use raw, published, drafts or a list of release names ending in drafts`, 'invalidPerspectiveError')
  }
  return stack.length === 0 ? 'published' : stack
}

const parseCache = new Map<string, ExprNode>()
const PARSE_CACHE_LIMIT = 500

/** A JavaScript stack overflow (also reported by the regular expression engine as a SyntaxError). */
export function isStackOverflow(err: unknown): boolean {
  return err instanceof Error && (err instanceof RangeError || /stack overflow|maximum call stack/i.test(err.message))
}

/** Parses a query (params are inlined by groq-js where it needs constants, e.g. slices). Throws 400 queryParseError. */
export function parseQuery(query: string, params: Record<string, unknown> = {}): ExprNode {
  let key: string | null = null
  try {
    const paramsJson = JSON.stringify(params)
    if (paramsJson.length < 8192) key = `${query}\u0000${paramsJson}`
  } catch {
    key = null
  }
  if (key !== null) {
    const cached = parseCache.get(key)
    if (cached) return cached
  }
  let tree: ExprNode
  try {
    tree = parse(query, {params})
  } catch (err) {
    const position = typeof (err as {position?: unknown}).position === 'number' ? (err as {position: number}).position : 0
    const message = isStackOverflow(err) ? `The query nests too deeply to parse (${(err as Error).message})` : err instanceof Error ? err.message : String(err)
    throw new LakeError(400, 'queryParseError', message, {query, start: position, end: Math.min(query.length, position + 1)})
  }
  if (key !== null) {
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.delete(parseCache.keys().next().value as string)
    parseCache.set(key, tree)
  }
  return tree
}
