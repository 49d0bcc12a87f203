/** What clients call before (or without) signing in: the health check and telemetry, answered "off". */
import type {Router} from '../http/router.ts'
import {sendJson} from '../http/send.ts'

export function mountService(router: Router): void {
  router
    .on('GET', /^\/ping$/, ({res}) => {
      res.writeHead(200, {'content-type': 'text/plain; charset=utf-8'})
      res.end('PONG')
    })
    .on('GET', /^\/intake\/telemetry-status$/, ({res}) => sendJson(res, 200, {status: 'denied'}))
    .on('POST', /^\/intake\/batch$/, ({res}) => sendJson(res, 200, {}))
}
