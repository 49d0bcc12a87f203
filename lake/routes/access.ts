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
import {signedInAs, userName} from '../role-refusals.ts'

/** `"other"`, `"a" and "b"`, or `no datasets`. */
function datasetList(names: ReadonlyArray<string>): string {
  if (names.length === 0) return 'no datasets'
  const quoted = names.map((d) => `"${d}"`)
  return quoted.length === 1 ? `the dataset ${quoted[0]}` : `the datasets ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
}

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
    if (expired) {
      throw unauthorized(`Unauthorized - the token of ${expired.userId} expired at ${expired.expiresAt}. Sign in again with a current token (users.json lists them, and when each expires).`)
    }
    throw authorization
      ? unauthorized('Unauthorized - Session not found (unknown token). Use a token from the lake\'s users.json (npm run dev prints a sign-in link per user).')
      : unauthorized('Unauthorized - no token: send Authorization: Bearer <token>, with a token from the lake\'s users.json.')
  }

  /** The dataset, when the token reaches it (checked before whether it exists) and the role may read. */
  dataset(ctx: Context, name: string): {principal: Principal; ds: DatasetState} {
    const principal = this.user(ctx)
    if (principal.datasets && !principal.datasets.includes(name)) {
      throw forbidden(
        `Permission denied: this token may not access dataset "${name}". You are signed in as ${signedInAs(principal.user)} with a token limited to ${datasetList(principal.datasets)}. Use a token without a dataset limit, or one whose "datasets" in users.json lists "${name}".`,
      )
    }
    const ds = this.lake.dataset(name)
    if (this.lake.grantsForUser(principal.user).length === 0) {
      throw forbidden(
        `Permission denied: you are signed in as ${userName(principal.user)} with the role "${principal.user.role}", which has no access to any dataset, "${name}" included. Give the user the role administrator, editor or viewer in users.json, or add "${principal.user.role}" to factCheckerRoles or medicalReviewerRoles in medical-claims.options.ts.`,
      )
    }
    return {principal, ds}
  }

  admin(ctx: Context): Principal {
    const principal = this.user(ctx)
    if (principal.user.role !== 'administrator') {
      throw forbidden(`Permission denied: ${ctx.method} ${ctx.path} is for administrators, and you are signed in as ${signedInAs(principal.user)}. Ask an administrator.`)
    }
    return principal
  }

  /** An administrator with a token that reaches every dataset; `what` says what was asked for. */
  lakeAdmin(ctx: Context, what: string): Principal {
    const principal = this.admin(ctx)
    if (principal.datasets) {
      throw forbidden(
        `Permission denied: this token is limited to ${datasetList(principal.datasets)}, and ${what} needs a token that reaches every dataset. Use a token of ${principal.user.id} without "datasets" in users.json.`,
      )
    }
    return principal
  }
}
