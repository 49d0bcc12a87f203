/**
 * Errors in Sanity's HTTP API shape: `{error: {description, type, ...}, statusCode}`. @sanity/client
 * turns `error.description` into the message a user sees; for `mutationError`/`actionError` it
 * appends the first items' descriptions (`<description>:\n- <item>`), so those carry the reason
 * and the top-level description only says how many failed, as Sanity's own API does.
 *
 * Every description is a sentence (or several) that names the document, field or parameter, says
 * what is wrong and how to fix it, and never carries a stack: a refusal is an answer, not a crash.
 */

export interface ErrorItem {
  error: {description: string; type: string; [key: string]: unknown}
  index?: number
}

export class LakeError extends Error {
  readonly statusCode: number
  readonly type: string
  readonly extra: Record<string, unknown>

  constructor(statusCode: number, type: string, description: string, extra: Record<string, unknown> = {}) {
    super(description)
    this.name = 'LakeError'
    this.statusCode = statusCode
    this.type = type
    this.extra = extra
  }

  /** The description with its items' reasons (what @sanity/client shows), for the refusal log. */
  explanation(): string {
    const items = Array.isArray(this.extra.items) ? (this.extra.items as Array<Partial<ErrorItem>>) : []
    const reasons = items.map((item) => item.error?.description).filter((d): d is string => typeof d === 'string')
    return reasons.length > 0 ? `${this.message}: ${reasons.join(' ')}` : this.message
  }

  toBody(): {error: Record<string, unknown>; statusCode: number} {
    return {error: {description: this.message, type: this.type, ...this.extra}, statusCode: this.statusCode}
  }
}

export const badRequest = (description: string, type = 'validationError', extra: Record<string, unknown> = {}): LakeError =>
  new LakeError(400, type, description, extra)

export const notFound = (description: string, type = 'notFoundError'): LakeError => new LakeError(404, type, description)

export const unauthorized = (description = 'Unauthorized - Session not found'): LakeError =>
  new LakeError(401, 'unauthorizedError', description)

export const forbidden = (description: string, extra: Record<string, unknown> = {}): LakeError =>
  new LakeError(403, 'permissionDenied', description, extra)

export const conflict = (description: string, type = 'conflictError', extra: Record<string, unknown> = {}): LakeError =>
  new LakeError(409, type, description, extra)

/**
 * One failing mutation or action, wrapped the way the real API does: a top-level `mutationError`
 * (or `actionError`) described as "Mutation(s) failed with 1 error(s)" and one item per failure,
 * whose description is the reason. @sanity/client shows both, so the reason appears once.
 */
export function mutationFailure(
  statusCode: number,
  itemType: string,
  description: string,
  index: number,
  itemExtra: Record<string, unknown> = {},
  kind: 'mutationError' | 'actionError' = 'mutationError',
): LakeError {
  const what = kind === 'mutationError' ? 'Mutation(s)' : 'Action(s)'
  return new LakeError(statusCode, kind, `${what} failed with 1 error(s)`, {
    items: [{error: {description, type: itemType, ...itemExtra}, index}],
  })
}

/** Converts anything thrown into a LakeError (unknown errors become 500 without leaking a stack). */
export function toLakeError(err: unknown): LakeError {
  if (err instanceof LakeError) return err
  // decodeURIComponent on a path segment with a broken escape such as "%E0%A4%A" or "%ZZ".
  if (err instanceof URIError) {
    return badRequest(`The URL has a broken percent-escape (${err.message}): a "%" must start an escape such as %2F; write a "%" itself as %25.`, 'invalidUrlError')
  }
  let message: string
  try {
    message = err instanceof Error ? err.message : String(err)
  } catch {
    message = 'an error that cannot be shown'
  }
  return new LakeError(500, 'internalError', `Internal error: ${message.trim().replace(/[.:;]+$/, '')}. This is a fault of the lake, not of the request; the lake's log (stderr) has the details.`)
}
