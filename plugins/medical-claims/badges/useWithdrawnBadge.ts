import {useEffect, useState} from 'react'
import {type DocumentBadgeComponent, type DocumentBadgeDescription, type DocumentBadgeProps, useClient} from 'sanity'
import {API_VERSION, WITHDRAWAL_TYPE} from '../rules/constants.ts'
import {getPublishedId} from '../rules/ids.ts'

/** What the badge needs of the newest withdrawal of an article. */
export interface WithdrawalSummary {
  withdrawnAt?: string
  kinds?: string[]
  author?: string
  reasons?: Array<{message?: string}>
}

const NEWEST_WITHDRAWAL_QUERY = `*[_type == $type && article._ref == $id] | order(withdrawnAt desc)[0]{withdrawnAt, "kinds": cause.kinds, "author": cause.author, reasons[]{message}}`

/**
 * The badge for a withdrawn article (pure): shown while the article is not published again, with
 * when and why the lake took it off the site. Null when there is nothing to say.
 */
export function withdrawnBadge(withdrawal: WithdrawalSummary | null, published: boolean): DocumentBadgeDescription | null {
  if (!withdrawal || published) return null
  const when = withdrawal.withdrawnAt ? withdrawal.withdrawnAt.slice(0, 10) : 'an unknown date'
  const by = (withdrawal.kinds ?? []).join(', ') || 'a correction'
  const why = (withdrawal.reasons ?? []).map((r) => r.message).filter(Boolean)
  return {
    label: 'Withdrawn',
    color: 'danger',
    title: `Taken off the site on ${when} after ${by}${withdrawal.author ? ` (${withdrawal.author})` : ''}: ${why.join(' ') || 'it no longer passed the publish rules.'} Fix what it says, get the claims approved again and publish.`,
  }
}

/** Document badge: "Withdrawn", with why, on an article the lake withdrew and nobody has published since. */
export const useWithdrawnBadge: DocumentBadgeComponent = (props: DocumentBadgeProps) => {
  const client = useClient({apiVersion: API_VERSION})
  const id = getPublishedId(props.id)
  const published = Boolean(props.published)
  const [withdrawal, setWithdrawal] = useState<WithdrawalSummary | null>(null)
  useEffect(() => {
    if (published) return undefined
    let cancelled = false
    client
      .fetch<WithdrawalSummary | null>(NEWEST_WITHDRAWAL_QUERY, {type: WITHDRAWAL_TYPE, id}, {perspective: 'raw', tag: 'medical-claims.withdrawal'})
      .then(
        (found) => {
          if (!cancelled) setWithdrawal(found)
        },
        () => undefined,
      )
    return () => {
      cancelled = true
    }
  }, [client, id, published])
  return withdrawnBadge(withdrawal, published)
}
useWithdrawnBadge.displayName = 'WithdrawnBadge'
