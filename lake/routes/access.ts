/**
 * Who may reach what, as the routes ask it: a signed-in user (401 otherwise, saying why), a dataset
 * the token reaches and the role may read, an administrator, and an administrator whose token is not
 * limited to some datasets (for what spans the whole lake: creating and deleting datasets, the
 * refusal log).
 */
import type {DatasetState} from '../dataset.ts'
import {forbidden, unauthorized} from '../errors.ts'
import {type Context, header} from '../http/types.ts'
import type {Lake} from '../store.ts'
import type {Directory, Principal} from '../users.ts'

/** What every route module is given. */
export interface RouteDeps {
  lake: Lake
  directory: Directory
  access: Access
  projectId: string
  /** Request body limit in bytes. */
  maxBody: number
}

export class Access {
  private readonly lake: Lake
  private readonly directory: Directory

  constructor(lake: Lake, directory: Directory) {
    this.lake = lake
    this.directory = directory
  }

  user(ctx: Context): Principal {
    if (ctx.principal) return ctx.principal
    const authorization = header(ctx.req, 'authorization')
    const expired = this.directory.expired(authorization)
    if (expired) throw unauthorized(`Unauthorized - the token of ${expired.userId} expired at ${expired.expiresAt}`)
    throw authorization ? unauthorized('Unauthorized - Session not found (unknown token)') : unauthorized('Unauthorized - no token: send Authorization: Bearer <token>')
  }

  /** The dataset, when the token reaches it (checked before whether it exists) and the role may read. */
  dataset(ctx: Context, name: string): {principal: Principal; ds: DatasetState} {
    const principal = this.user(ctx)
    if (principal.datasets && !principal.datasets.includes(name)) throw forbidden(`Permission denied: this token may not access dataset "${name}"`)
    const ds = this.lake.dataset(name)
    if (this.lake.grantsFor(principal.user.role).length === 0) throw forbidden(`Permission denied: role "${principal.user.role}" has no access to dataset "${name}"`)
    return {principal, ds}
  }

  admin(ctx: Context): Principal {
    const principal = this.user(ctx)
    if (principal.user.role !== 'administrator') throw forbidden('Permission denied: administrators only')
    return principal
  }

  /** An administrator with a token that reaches every dataset; `what` says what was asked for. */
  lakeAdmin(ctx: Context, what: string): Principal {
    const principal = this.admin(ctx)
    if (principal.datasets) {
      const scope = principal.datasets.map((d) => `"${d}"`).join(', ') || 'no datasets'
      throw forbidden(`Permission denied: this token is limited to ${scope}, and ${what} needs a token that reaches every dataset`)
    }
    return principal
  }
}
