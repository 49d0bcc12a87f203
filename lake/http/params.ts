/**
 * Reading the URL: percent-decoded path segments, `$name=<json>` GROQ parameters, flags and
 * numeric parameters. Whatever a client sends, these answer a value or a 400 that says what is
 * wrong; never anything a route has to catch.
 */
import {badRequest} from '../errors.ts'
import {checkDepth} from '../limits.ts'

export const truthy = (value: string | null): boolean => value === 'true' || value === '1'

/** A path segment, percent-decoded; 400 on a broken escape such as `%E0%A4%A` or `%zz`. */
export function decodeSegment(segment: string, what = 'The URL'): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw badRequest(`${what} is not valid percent-encoding: "${segment.length > 80 ? `${segment.slice(0, 80)}...` : segment}" (a "%" must start an escape like %2F)`, 'invalidUrlError')
  }
}

/** A comma-separated list in one path segment (ids, keys), decoded, without empty items. */
export function decodeList(segment: string, what: string): string[] {
  return decodeSegment(segment, what).split(',').filter(Boolean)
}

/** `$name=<json>` search parameters. */
export function queryParams(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value)
    } catch {
      throw badRequest(`Parameter "${key}" is not valid JSON (parameters are JSON-encoded: strings need quotes)`, 'queryParseError')
    }
    checkDepth(params[key.slice(1)], `Parameter "${key}"`)
  }
  return params
}

const INTEGER = /^-?\d{1,16}$/

/**
 * A whole-number search parameter within [min, max]: `fallback` when absent, otherwise a 400 that
 * names the parameter and the range (for `1e20`, `-1`, `abc`, `1.5`, an empty value, or out of range).
 */
export function integerParam<F extends number | undefined>(search: URLSearchParams, name: string, range: {min: number; max: number; fallback: F}): number | F {
  const text = search.get(name)
  if (text === null) return range.fallback
  const value = INTEGER.test(text.trim()) ? Number(text.trim()) : Number.NaN
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text
    throw badRequest(`Parameter "${name}" must be a whole number from ${range.min} to ${range.max} (got "${shown}")`, 'invalidParameterError', {
      parameter: name,
      min: range.min,
      max: range.max,
    })
  }
  return value
}
