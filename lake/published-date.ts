/**
 * When an article was first published is the server's clock, never what a client wrote (a date
 * in 2099 would keep an article at the top of the site's newest-first listing for ever, and a
 * backdated one would claim a history it does not have). The published article's `publishedAt`:
 *
 *  - the first time the article is published (it is not published now and never was): the time
 *    of this write;
 *  - after that: the date it carried when it was published, kept through every later write,
 *    republish, unpublish and withdrawal, whatever the client sent.
 *
 * A draft or a release version holds what the editor wrote (the Studio fills it in on Publish);
 * it is replaced when published. Hosted Sanity runs none of this: there the date is what the
 * Studio writes.
 */
import {ARTICLE_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {isPublishedId} from '../plugins/medical-claims/rules/ids.ts'
import type {LastPublished} from './correction-stamps.ts'
import type {TxBuilder} from './transaction.ts'

/** The article's field the lake dates. */
export const PUBLISHED_AT_FIELD = 'publishedAt'

/** Gives every published article the transaction writes the date of its first publication (see the file comment). */
export function stampPublishedAt(tx: TxBuilder, now: string, lastPublished: LastPublished): void {
  for (const change of tx.changes()) {
    const after = change.after
    if (!after || after._type !== ARTICLE_TYPE || !isPublishedId(change.id)) continue
    const earlier = change.before ?? lastPublished(change.id)
    const kept = earlier?._type === ARTICLE_TYPE ? earlier[PUBLISHED_AT_FIELD] : undefined
    const date = typeof kept === 'string' && kept !== '' ? kept : now
    if (after[PUBLISHED_AT_FIELD] !== date) tx.put(change.id, {...after, [PUBLISHED_AT_FIELD]: date}, false)
  }
}
