/**
 * Limits on what a request may carry, so hostile input gets a 400 that says what is wrong instead
 * of exhausting the stack somewhere later (JSON.parse accepts nesting that JSON.stringify, the
 * patch library and the indexes cannot walk back).
 */
import {badRequest} from './errors.ts'

/** Arrays and objects inside each other, at most. Real documents (Portable Text included) use about 10. */
export const MAX_JSON_DEPTH = 100

/** Whether a parsed JSON value nests arrays and objects deeper than `max` (iterative: never overflows itself). */
export function nestedDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number]
    if (current === null || typeof current !== 'object') continue
    if (depth > max) return true
    for (const inner of Array.isArray(current) ? current : Object.values(current)) {
      if (inner !== null && typeof inner === 'object') stack.push([inner, depth + 1])
    }
  }
  return false
}

/** Throws 400 when `value` (described by `what`, e.g. "Request body") nests deeper than MAX_JSON_DEPTH. */
export function checkDepth<T>(value: T, what: string): T {
  if (nestedDeeperThan(value)) throw badRequest(`${what} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`, 'invalidJsonError')
  return value
}
