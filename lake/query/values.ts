/**
 * JSON values as groq-js sees them, for the parts of the engine that evaluate GROQ in plain
 * JavaScript (./compliance.ts, ./native.ts): attribute access, equality and the total order.
 */

export type Obj = Record<string, unknown>

export const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value)

/** GROQ attribute access: the value of an object's own attribute; null for a missing one or a non-object. */
export function attr(value: unknown, name: string): unknown {
  if (!isObj(value) || !Object.prototype.hasOwnProperty.call(value, name)) return null
  const inner = value[name]
  return inner === undefined ? null : inner
}

/** groq-js's isEqual on JSON values: two strings, numbers or booleans with the same value, or two nulls. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === null && b === null
  const type = typeof a
  return (type === 'string' || type === 'number' || type === 'boolean') && typeof b === type && a === b
}

/** GROQ's order of values of different types (groq-js totalCompare; JSON has no date-time values). */
function typeRank(value: unknown): number {
  switch (typeof value) {
    case 'number':
      return 2
    case 'string':
      return 3
    case 'boolean':
      return 4
    default:
      return 100
  }
}

/** groq-js's totalCompare: by type rank, then by value within numbers, strings and booleans; everything else ties. */
export function totalCompare(a: unknown, b: unknown): number {
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra - rb
  if (typeof a === 'number' || typeof a === 'boolean') return Number(a) - Number(b)
  if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0
  return 0
}
