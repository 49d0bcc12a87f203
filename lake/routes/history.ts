/**
 * The history API the Studio's timeline and "restore" use: the transactions that touched some
 * documents (NDJSON), and documents as they were at a revision, a time or their last revision.
 */
import {documentsAt, readTransactionQuery, transactionLog} from '../history.ts'
import {decodeList, decodeSegment, integerParam, truthy} from '../http/params.ts'
import type {Router} from '../http/router.ts'
import {sendJson} from '../http/send.ts'
import {HISTORY_LIMIT_MAX} from '../limits.ts'
import type {RouteDeps} from './access.ts'

export function mountHistory(router: Router, {lake, access}: RouteDeps): void {
  router
    .on('GET', /^\/data\/history\/([^/]+)\/transactions\/(.+)$/, (ctx, m) => {
      const dataset = decodeSegment(m[1], 'The dataset name')
      access.dataset(ctx, dataset)
      const ids = decodeList(m[2], 'The list of document ids')
      const limit = integerParam(ctx.search, 'limit', {min: 0, max: HISTORY_LIMIT_MAX, fallback: undefined})
      const entries = transactionLog(lake.db, dataset, ids, {...readTransactionQuery(ctx.search), limit})
      ctx.res.writeHead(200, {'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store'})
      ctx.res.end(entries.map((e) => `${JSON.stringify(e)}\n`).join(''))
    })
    .on('GET', /^\/data\/history\/([^/]+)\/documents\/(.+)$/, (ctx, m) => {
      const dataset = decodeSegment(m[1], 'The dataset name')
      const {ds} = access.dataset(ctx, dataset)
      const ids = decodeList(m[2], 'The list of document ids')
      const at = {revision: ctx.search.get('revision'), time: ctx.search.get('time'), lastRevision: truthy(ctx.search.get('lastRevision'))}
      sendJson(ctx.res, 200, {documents: documentsAt(lake.db, dataset, ids, at, (id) => ds.docs.get(id))})
    })
}
