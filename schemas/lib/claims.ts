import {extractClaims} from '../../plugins/medical-claims/rules/policy.ts'
import type {BodyItem} from '../../plugins/medical-claims/rules/types.ts'

/**
 * What a list row can say of an article's claims from the article alone ("20 claims, 14 without an
 * expert"): whether they are approved needs the decisions, which the document's badge shows.
 */
export function claimsLine(body: unknown): string | undefined {
  let claims: ReturnType<typeof extractClaims>
  try {
    claims = extractClaims(Array.isArray(body) ? (body as BodyItem[]) : undefined)
  } catch {
    return undefined
  }
  if (claims.length === 0) return undefined
  const unattributed = claims.filter((claim) => !claim.expertId).length
  const head = `${claims.length} ${claims.length === 1 ? 'claim' : 'claims'}`
  return unattributed === 0 ? `${head}, all attributed` : `${head}, ${unattributed} without an expert`
}
