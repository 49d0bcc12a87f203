/** Small helpers for the sentences the rules write. */

/** "a", "a or b", "a, b or c". */
export function orList(items: ReadonlyArray<string>): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`
}

/** A phrase with its indefinite article: "an aftercare claim", "a benefit claim" (by its first letter, which fits the words the rules use). */
export function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`
}

/** A sentence part ending as a sentence: its own final punctuation kept, a full stop added otherwise. */
export function asSentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?]["')\]]?$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/** The text with its first letter in capitals. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
