/**
 * The record of a published article taken off the site because it no longer passes the publish
 * rules (`factCheck.withdrawal`): what the Studio's "Withdrawn" badge, the fact-check queue and the
 * audit read. Written by whoever withdraws: the local lake (lake/corrections.ts) or, on a hosted
 * project, the guard Function (guard/withdraw.ts). One shape, built here.
 */
import {WITHDRAWAL_TYPE} from './constants.ts'
import type {PolicyIssue} from './types.ts'

/** What made an article fail: the kinds of correction (rejection, revocation, retraction, disclosure, time, or a write the guard saw), the transaction and its author. */
export interface WithdrawalCause {
  kinds: string[]
  /** The transaction that broke the article (none for time). */
  transactionId: string | null
  author: string
}

export interface WithdrawalInput {
  /** The record's id: one per article and occasion, so that withdrawing again is a no-op. */
  id: string
  articleId: string
  title: string
  issues: ReadonlyArray<{code: PolicyIssue['code'] | string; message: string; claimKey?: string}>
  /** Why the rules could not read the article, when they could not. */
  unreadable?: string
  cause: WithdrawalCause
  withdrawnAt: string
}

export interface WithdrawalRecord {
  _id: string
  _type: typeof WITHDRAWAL_TYPE
  article: {_type: 'reference'; _ref: string; _weak: true}
  articleTitle: string
  withdrawnAt: string
  cause: WithdrawalCause
  reasons: Array<{_key: string; code: string; message: string; claimKey?: string}>
}

/** The withdrawal record for an article; reason keys are their position, so the same input gives the same record. */
export function withdrawalRecord(input: WithdrawalInput): WithdrawalRecord {
  const reasons = [
    ...input.issues.map((issue) => ({code: issue.code, message: issue.message, ...(issue.claimKey ? {claimKey: issue.claimKey} : {})})),
    ...(input.unreadable ? [{code: 'article.unreadable', message: input.unreadable}] : []),
  ]
  return {
    _id: input.id,
    _type: WITHDRAWAL_TYPE,
    article: {_type: 'reference', _ref: input.articleId, _weak: true},
    articleTitle: input.title,
    withdrawnAt: input.withdrawnAt,
    cause: {kinds: [...input.cause.kinds], transactionId: input.cause.transactionId, author: input.cause.author},
    reasons: reasons.map((reason, index) => ({_key: `r${index}`, ...reason})),
  }
}
