/**
 * The project and its datasets as the Studio and the CLI see them: the project with its members,
 * datasets (listed, created, deleted), the ACL and grants, features, and the lake's own refusal log.
 */
import {badRequest} from '../errors.ts'
import {readBody} from '../http/body.ts'
import {decodeSegment, integerParam} from '../http/params.ts'
import type {Router} from '../http/router.ts'
import {sendJson} from '../http/send.ts'
import type {Context} from '../http/types.ts'
import {AUDIT_LIST_DEFAULT, AUDIT_LIST_MAX} from '../limits.ts'
import {type Directory, type LakeUser, ROLE_TITLES} from '../users.ts'
import type {RouteDeps} from './access.ts'

const CREATED = '2024-01-01T00:00:00.000Z'

const member = (user: LakeUser, self: string) => ({
  id: user.id,
  createdAt: CREATED,
  updatedAt: CREATED,
  isCurrentUser: user.id === self,
  isRobot: false,
  role: user.role,
  roles: [{name: user.role, title: ROLE_TITLES[user.role] ?? user.role}],
})

const project = (directory: Directory, id: string, self: string) => ({
  id,
  displayName: 'Local Content Lake',
  studioHost: null,
  isBlocked: false,
  isDisabled: false,
  isDisabledByUser: false,
  activityFeedEnabled: false,
  metadata: {color: '#2276fc', externalStudioHost: null},
  maxRetentionDays: 3650,
  organizationId: null,
  createdAt: CREATED,
  updatedAt: CREATED,
  members: directory.users.map((u) => member(u, self)),
  features: [],
  pendingInvites: 0,
})

const datasetInfo = (d: {name: string; aclMode: string; createdAt: string}) => ({
  name: d.name,
  aclMode: d.aclMode,
  createdAt: d.createdAt,
  createdByUserId: null,
  addonFor: null,
  datasetProfile: 'content',
  features: [],
  tags: [],
})

/** Project grants the Studio asks for: everyone may read the project, its datasets and members. */
const PROJECT_GRANTS = {
  'sanity.project': [{grants: [{name: 'read', params: {}}], config: {}}],
  'sanity.project.datasets': [{grants: [{name: 'read', params: {}}], config: {}}],
  'sanity.project.members': [{grants: [{name: 'read', params: {}}], config: {}}],
}

/** The lake limits neither a dataset's nor the organisation's open releases (the Studio compares its count of a dataset's open releases with this). */
const NO_RELEASE_LIMIT = Number.MAX_SAFE_INTEGER

/** What the Studio may offer against the lake (GET /features). */
export const LAKE_FEATURES = ['contentReleases', 'singleDocRelease']

export function mountProjects(router: Router, {lake, directory, access, projectId, maxBody}: RouteDeps): void {
  // `/projects/:id/datasets...` (Studio) and `/datasets...` on the project host (@sanity/client's datasets API, CLI).
  const listDatasets = (ctx: Context) => {
    const principal = access.user(ctx)
    const visible = lake.datasetNames().filter((d) => !principal.datasets || principal.datasets.includes(d.name))
    sendJson(ctx.res, 200, visible.map(datasetInfo))
  }
  /** Answers `[]` to a signed-in user: lists the Studio copes with empty better than with a 404. */
  const none = (ctx: Context) => {
    access.user(ctx)
    sendJson(ctx.res, 200, [])
  }

  router
    .on('GET', /^\/projects$/, (ctx) => sendJson(ctx.res, 200, [project(directory, projectId, access.user(ctx).user.id)]))
    .on('GET', /^\/projects\/([^/]+)$/, (ctx, m) => {
      const self = access.user(ctx).user.id
      sendJson(ctx.res, 200, project(directory, decodeSegment(m[1], 'The project id'), self))
    })
    .on('GET', /^\/projects\/[^/]+\/datasets$/, listDatasets)
    .on('GET', /^\/datasets$/, listDatasets)
    .on('GET', /^\/aliases$/, none)
    .on('PUT', /^(?:\/projects\/[^/]+)?\/datasets\/([^/]+)$/, async (ctx, m) => {
      access.lakeAdmin(ctx, 'creating a dataset')
      const name = decodeSegment(m[1], 'The dataset name')
      let aclMode = 'public'
      const body = await readBody(ctx.req, maxBody)
      if (body.length > 0) {
        try {
          const parsed = JSON.parse(body.toString('utf8')) as {aclMode?: unknown} | null
          if (typeof parsed?.aclMode === 'string') aclMode = parsed.aclMode
        } catch {
          throw badRequest('Request body is not valid JSON: send nothing, or a JSON object such as {"aclMode": "public"}.', 'invalidJsonError')
        }
      }
      lake.createDataset(name, aclMode)
      sendJson(ctx.res, 200, {datasetName: name, aclMode})
    })
    .on('DELETE', /^(?:\/projects\/[^/]+)?\/datasets\/([^/]+)$/, (ctx, m) => {
      access.lakeAdmin(ctx, 'deleting a dataset')
      lake.deleteDataset(decodeSegment(m[1], 'The dataset name'))
      sendJson(ctx.res, 200, {deleted: true})
    })
    .on('GET', /^\/projects\/[^/]+\/datasets\/([^/]+)\/(acl|grants)$/, (ctx, m) => {
      const {principal} = access.dataset(ctx, decodeSegment(m[1], 'The dataset name'))
      sendJson(ctx.res, 200, lake.grantsForUser(principal.user))
    })
    .on('GET', /^\/projects\/[^/]+\/grants$/, (ctx) => {
      access.user(ctx)
      sendJson(ctx.res, 200, PROJECT_GRANTS)
    })
    // Asked before a release is created: the lake sets no limit, and says how many releases are open.
    .on('GET', /^\/projects\/[^/]+\/new-content-release-allowed$/, (ctx) => {
      // A token limited to some datasets counts the releases of those only.
      const {datasets} = access.user(ctx)
      sendJson(ctx.res, 200, {data: {datasetReleaseLimit: NO_RELEASE_LIMIT, orgActiveReleaseLimit: null, orgMeteredActiveReleaseCount: lake.meteredOpenReleases(datasets)}})
    })
    .on('GET', /^\/projects\/[^/]+\/features$/, none)
    .on('GET', /^\/projects\/[^/]+\/user-applications$/, none)
    .on('GET', /^\/access\/requests\/me$/, none)
    // Content Releases and scheduled drafts (lake/releases.ts); without these the Studio offers them as an upgrade.
    .on('GET', /^\/features$/, (ctx) => {
      access.user(ctx)
      sendJson(ctx.res, 200, LAKE_FEATURES)
    })
    .on('GET', /^\/lake\/audit$/, (ctx) => {
      access.lakeAdmin(ctx, 'the refusal log (it covers every dataset)')
      const limit = integerParam(ctx.search, 'limit', {min: 1, max: AUDIT_LIST_MAX, fallback: AUDIT_LIST_DEFAULT})
      sendJson(ctx.res, 200, lake.db.auditLog(limit))
    })
}
