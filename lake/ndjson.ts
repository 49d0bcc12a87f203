/**
 * NDJSON import files (`POST /data/import/:dataset`, the seed): every line is checked before
 * anything is written, and the first bad line refuses the whole file with a 400 `importError` that
 * names the line, says what it holds and what it should hold.
 */
import type {Readable} from 'node:stream'
import type {Doc} from './dataset.ts'
import {VALID_ID_HINT, idProblem, kindOf, shownValue} from './document-id.ts'
import {badRequest, type LakeError} from './errors.ts'
import {MAX_JSON_DEPTH, nestedDeeperThan} from './limits.ts'

const REFUSED = 'Import refused, nothing was imported'

function lineError(lineNo: number, what: string, fix: string): LakeError {
  return badRequest(`${REFUSED}: ${what}. ${fix}`, 'importError', {line: lineNo})
}

/** How many lines of an NDJSON text are not blank (its documents, if every line is one), without parsing them. */
export function documentLines(text: string): number {
  let count = 0
  let start = 0
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i)
      if (c !== 32 && c !== 9 && c !== 13) {
        // Blank as parseNdjson's trim() sees it: any other whitespace too.
        if (c === 123 || text.slice(i, end).trim() !== '') count++
        break
      }
    }
    start = end + 1
  }
  return count
}

/** Parses and validates NDJSON documents; throws 400 naming the first bad line. */
export function parseNdjson(text: string): Doc[] {
  const docs: Doc[] = []
  const seen = new Map<string, number>()
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (!line) continue
    const lineNo = i + 1
    const fix = `Fix line ${lineNo} and import the file again.`
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      throw lineError(lineNo, `line ${lineNo} is not valid JSON (${reason})`, `Each line of an NDJSON file is one document as a JSON object. ${fix}`)
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw lineError(lineNo, `line ${lineNo} is not a JSON object but ${value === null ? 'null' : `${kindOf(value)} (${shownValue(value, 40)})`}`, `Each line of an NDJSON file is one document as a JSON object. ${fix}`)
    }
    if (nestedDeeperThan(value)) {
      throw lineError(lineNo, `line ${lineNo} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep`, `The lake stores documents at most ${MAX_JSON_DEPTH} levels deep. ${fix}`)
    }
    const doc = value as Record<string, unknown>
    const problem = idProblem(doc._id, '_id', {reserved: true})
    if (problem !== null) throw lineError(lineNo, `line ${lineNo} has no valid _id: its ${problem}`, `${VALID_ID_HINT} ${fix}`)
    const id = doc._id as string
    if (typeof doc._type !== 'string' || doc._type.length === 0) {
      const has = doc._type === undefined ? 'has no _type' : doc._type === '' ? 'has an empty _type' : `has ${kindOf(doc._type)} as its _type (${shownValue(doc._type)})`
      throw lineError(lineNo, `line ${lineNo} (document "${id}") ${has}`, `Give it _type, the name of its schema type as a string (such as "article"). ${fix}`)
    }
    const previous = seen.get(id)
    if (previous !== undefined) {
      throw lineError(lineNo, `line ${lineNo} repeats document "${id}" from line ${previous}`, `A file holds each document once: remove one of the two lines, or give one another _id.`)
    }
    seen.set(id, lineNo)
    docs.push(doc as Doc)
  }
  return docs
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}
