/**
 * A pure function of one string, its answers kept: for the small helpers the rules call for every
 * claim of every article with the same few values (a name, a day). Keys are plain text, so a kept
 * answer can never go stale; past `limit` answers the store starts again.
 */
export function memoized<T>(compute: (key: string) => T, limit = 1_000): (key: string) => T {
  const kept = new Map<string, T>()
  return (key) => {
    if (kept.has(key)) return kept.get(key) as T
    const value = compute(key)
    if (kept.size >= limit) kept.clear()
    kept.set(key, value)
    return value
  }
}
