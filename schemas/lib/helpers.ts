/**
 * Small helpers shared by the schema types: option lists built from the plugin's constants and
 * date comparisons used by "must be after" rules. No Studio runtime here.
 */

/** A mutable `options.list` from one of the `as const` lists in plugins/medical-claims/rules/constants.ts. */
export function optionList<T extends string>(items: ReadonlyArray<{value: T; title: string}>): Array<{value: T; title: string}> {
  return items.map(({title, value}) => ({title, value}))
}

/** The allowed values of such a list, for messages. */
export function listValues(items: ReadonlyArray<{value: string}>): string {
  return items.map((item) => item.value).join(', ')
}

/**
 * Whether the date (or datetime) `later` falls strictly after `earlier`. Dates are compared as
 * instants; a plain date (YYYY-MM-DD) counts as midnight UTC. Unparseable values are not compared.
 */
export function isAfter(later: string, earlier: string): boolean | undefined {
  const a = Date.parse(later)
  const b = Date.parse(earlier)
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined
  return a > b
}

/** A record-like view of `context.parent` (validation contexts type it as unknown). */
export function parentOf(context: {parent?: unknown}): Record<string, unknown> {
  const parent = context.parent
  return typeof parent === 'object' && parent !== null && !Array.isArray(parent) ? (parent as Record<string, unknown>) : {}
}

/** Joins the defined, non-empty parts with a separator (for preview subtitles). */
export function joinDefined(parts: ReadonlyArray<unknown>, separator = ' · '): string {
  return parts.filter((part): part is string | number => (typeof part === 'string' && part.trim() !== '') || typeof part === 'number').join(separator)
}

/**
 * For the `max` field of a min/max object: a message when it is below its sibling `min`.
 * `describe` names the two bounds for the message, e.g. (max, min) => `The upper price (${max}) ...`.
 */
export function maxNotBelowMin(describe: (max: number, min: number) => string) {
  return (value: unknown, context: {parent?: unknown}): string | true => {
    const min = parentOf(context).min
    return typeof value === 'number' && typeof min === 'number' && value < min ? describe(value, min) : true
  }
}
