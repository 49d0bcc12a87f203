/**
 * Errors in Sanity's HTTP API shape: `{error: {description, type, ...}, statusCode}`. @sanity/client
 * turns `error.description` into the message a user sees (for `mutationError`/`actionError` it also
 * lists the first items' descriptions).
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

/**
 * One failing mutation or action, wrapped the way the real API does: a top-level `mutationError`
 * (or `actionError`) whose description starts with "The mutation(s) failed:" and one item per failure.
 */
export function mutationFailure(
  statusCode: number,
  itemType: string,
  description: string,
  index: number,
  itemExtra: Record<string, unknown> = {},
  kind: 'mutationError' | 'actionError' = 'mutationError',
): LakeError {
  const prefix = kind === 'mutationError' ? 'The mutation(s) failed' : 'The action(s) failed'
  return new LakeError(statusCode, kind, `${prefix}: ${description}`, {
    items: [{error: {description, type: itemType, ...itemExtra}, index}],
  })
}

/** Converts anything thrown into a LakeError (unknown errors become 500 without leaking a stack). */
export function toLakeError(err: unknown): LakeError {
  if (err instanceof LakeError) return err
  // decodeURIComponent on a path segment with a broken escape such as "%E0%A4%A" or "%ZZ".
  if (err instanceof URIError) return badRequest(`The URL is malformed: ${err.message} (a "%" must start an escape like %2F)`, 'invalidUrlError')
  let message: string
  try {
    message = err instanceof Error ? err.message : String(err)
  } catch {
    message = 'an error that cannot be shown'
  }
  return new LakeError(500, 'internalError', `Internal error: ${message}`)
}
