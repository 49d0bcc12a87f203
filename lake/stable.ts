/**
 * JSON text with object keys in order and undefined values left out, so that equal content gives
 * equal text whatever order its keys were written in. `skip` names keys left out at every level
 * (system fields such as `_rev`, when only content counts).
 */
export function stableJson(value: unknown, skip: ReadonlySet<string> = NOTHING): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item, skip)).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([key, inner]) => inner !== undefined && !skip.has(key))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner, skip)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

const NOTHING: ReadonlySet<string> = new Set()
