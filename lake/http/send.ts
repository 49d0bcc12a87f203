/** Answers: JSON bodies, and errors in Sanity's shape `{error: {description, type, ...}, statusCode}`. */
import type {LakeError} from '../errors.ts'
import type {Res} from './types.ts'

export function sendJson(res: Res, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body))
}

/** A body already encoded as JSON. */
export function sendJsonText(res: Res, status: number, text: string): void {
  res.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store'})
  res.end(text)
}

/** The error as the answer, or (when the answer has already started) the end of it. */
export function sendError(res: Res, error: LakeError): void {
  if (!res.headersSent) sendJson(res, error.statusCode, error.toBody())
  else res.end()
}
