/** Request bodies: read whole up to a limit (413 past it), JSON parsed with the nesting limit. */
import {kindOf, shownValue} from '../document-id.ts'
import {LakeError, badRequest} from '../errors.ts'
import {checkDepth} from '../limits.ts'
import {type Req, header} from './types.ts'

const tooLarge = (limit: number) =>
  new LakeError(413, 'payloadTooLargeError', `Request body is larger than ${limit} bytes, the most the lake accepts: send less at once (split an import into several files, or a transaction into several).`, {limit})

export async function readBody(req: Req, limit: number): Promise<Buffer> {
  const length = Number(header(req, 'content-length'))
  if (Number.isFinite(length) && length > limit) throw tooLarge(limit)
  const chunks: Buffer[] = []
  let total = 0
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length
      if (total > limit) throw tooLarge(limit)
      chunks.push(chunk)
    }
  } catch (err) {
    if (err instanceof LakeError) throw err
    // The client went away (reset, closed the connection or the stream) before the body ended.
    throw badRequest(`The request body ended after ${total} bytes, before it was complete (the connection or stream was closed): send the request again.`, 'requestAbortedError')
  }
  return Buffer.concat(chunks)
}

/** A JSON object (or list) body; 400 when it is empty, not JSON, not an object or nested too deep. */
export async function readJson(req: Req, limit: number): Promise<Record<string, unknown>> {
  const body = await readBody(req, limit)
  if (body.length === 0) throw badRequest('Request body is empty: send a JSON object, with the header content-type: application/json.', 'invalidJsonError')
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch (err) {
    throw badRequest(`Request body is not valid JSON (${err instanceof Error ? err.message : String(err)}): send a JSON object.`, 'invalidJsonError')
  }
  if (!value || typeof value !== 'object') throw badRequest(`Request body must be a JSON object, not ${kindOf(value)} (${shownValue(value, 40)}).`, 'invalidJsonError')
  return checkDepth(value as Record<string, unknown>, 'Request body')
}
