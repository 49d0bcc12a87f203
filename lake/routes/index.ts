/** Every API surface of the lake, mounted on one router (the order is the order routes are tried). */
import {Router} from '../http/router.ts'
import type {RouteDeps} from './access.ts'
import {mountAccessApi} from './access-api.ts'
import {mountData} from './data.ts'
import {mountHistory} from './history.ts'
import {mountIdentity} from './identity.ts'
import {mountProjects} from './projects.ts'
import {mountService} from './service.ts'

export {Access, type RouteDeps} from './access.ts'

export function createRouter(deps: RouteDeps): Router {
  const router = new Router()
  mountService(router)
  mountIdentity(router, deps)
  mountProjects(router, deps)
  mountData(router, deps)
  mountHistory(router, deps)
  mountAccessApi(router, deps)
  return router
}
