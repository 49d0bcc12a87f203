/**
 * Misattribution: a claim whose sentence names a person ("Dr. Shamban says ...", "according to
 * Professor Ann Lee") who is not the expert it is attributed to. A heuristic, so the rules report
 * it as a warning: the editor checks the sentence. Pure, like the rest of the rules.
 */
import {memoized} from './memo.ts'
import type {Claim} from './types.ts'

/** Titles that introduce a person's name in health writing. */
const HONORIFIC = String.raw`(?:Dr|Doctor|Prof|Professor|Mr|Mrs|Ms|Mx|Nurse|Sister|Dame|Sir)\.?`
/** One part of a name: a capital letter, then letters, apostrophes or hyphens ("O'Neill", "Ruiz-Smith"), or an initial ("R."). */
const NAME_PART = String.raw`\p{Lu}(?:[\p{L}'’-]+|\.)`
/** "Dr. Ava Shamban", "Professor Lee", "according to Jane Doe". */
const NAMED_PERSON = new RegExp(String.raw`\b${HONORIFIC}\s+(${NAME_PART}(?:\s+${NAME_PART}){0,3})|\b[Aa]ccording to\s+(${NAME_PART}\s+${NAME_PART}(?:\s+${NAME_PART}){0,2})`, 'gu')

/** What every match of NAMED_PERSON contains: a sentence without any of it names nobody. */
const MAY_NAME_PERSON = /Dr|Doctor|Prof|Mr|Ms|Mx|Nurse|Sister|Dame|Sir|ccording/

const TITLE_BEFORE_SPACE = new RegExp(String.raw`\b${HONORIFIC}(?=\s)`, 'gu')

/** The words of a name, lowercased, without titles, initials or punctuation (kept per name: the rules ask for every claim). */
const nameWords: (name: string) => readonly string[] = memoized(
  (name) =>
    name
      .replace(TITLE_BEFORE_SPACE, ' ')
      .split(/[\s,]+/u)
      .map((word) => word.replace(/[.'’]/gu, '').toLowerCase())
      .filter((word) => word.length > 1),
  10_000,
)

/** The sentences of a block that overlap a claim's text (the claim's own sentence, and the next when it spans two). */
function claimSentences(claim: Pick<Claim, 'text' | 'context'>): string {
  const at = claim.text ? claim.context.indexOf(claim.text) : -1
  if (at === -1) return claim.text
  const end = at + claim.text.length
  const before = claim.context.slice(0, at).search(/[.!?]["”’)]?\s+[^.!?]*$/u)
  const start = before === -1 ? 0 : before + 1
  const after = claim.context.slice(end).search(/[.!?](\s|$)/u)
  return claim.context.slice(start, after === -1 ? claim.context.length : end + after + 1)
}

/**
 * The people a claim's sentence names who are not its expert (by any word of the expert's name),
 * each as written ("Dr. Shamban"); empty when none, or when the claim has no expert name to compare.
 */
export function otherPeopleNamed(claim: Pick<Claim, 'text' | 'context'>, expertName: string | undefined): string[] {
  const expertWords = nameWords(expertName ?? '')
  if (expertWords.length === 0) return []
  const sentences = claimSentences(claim)
  if (!MAY_NAME_PERSON.test(sentences)) return []
  const others: string[] = []
  for (const match of sentences.matchAll(NAMED_PERSON)) {
    const named = match[1] ?? match[2]
    const words = nameWords(named)
    if (words.length > 0 && !words.some((word) => expertWords.includes(word)) && !others.includes(match[0].trim())) others.push(match[0].trim())
  }
  return others
}
