/**
 * Local users and their bearer tokens. On first start `<data>/users.json` is written with the local
 * users (from `seed/people.ts` `LOCAL_USERS` when that module exists, otherwise a built-in cast) and
 * a random 40-character token each; later starts read the file, so tokens stay valid.
 *
 * A token may be limited to some datasets (`datasets: ['other']`); without the list it reaches all.
 * Extra tokens for an existing user go in `tokens: [{token, userId, datasets?, label?, expiresAt?}]`.
 * A token with `expiresAt` (an ISO date-time, on a user or an extra token) is refused with 401
 * from that moment on.
 */
import {randomBytes} from 'node:crypto'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {projectClaimOptions} from '../medical-claims.options.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'

export const ROLE_TITLES: Record<string, string> = {
  administrator: 'Administrator',
  editor: 'Editor',
  'fact-checker': 'Fact-checker',
  'medical-reviewer': 'Medical reviewer',
  viewer: 'Viewer',
}

export type RoleName = keyof typeof ROLE_TITLES

/** The roles a user may hold: the built-in ones and those the claim options name (fact-checker, verifier and medical reviewer roles). */
export function knownRoles(
  options: Pick<MedicalClaimsOptions, 'factCheckerRoles' | 'credentialVerifierRoles'> & Partial<Pick<MedicalClaimsOptions, 'medicalReviewerRoles'>> = projectClaimOptions,
): string[] {
  return [...new Set([...Object.keys(ROLE_TITLES), ...options.factCheckerRoles, ...options.credentialVerifierRoles, ...(options.medicalReviewerRoles ?? [])])]
}

export interface LakeUser {
  id: string
  name: string
  email: string
  role: string
  token: string
  /** Datasets this user's token may reach; all when absent. */
  datasets?: string[]
  /** When this user's token stops working (ISO date-time); never when absent. */
  expiresAt?: string
}

export interface ExtraToken {
  token: string
  userId: string
  label?: string
  datasets?: string[]
  expiresAt?: string
}

export interface UsersFile {
  users: LakeUser[]
  tokens?: ExtraToken[]
}

export interface Principal {
  user: LakeUser
  datasets?: string[]
  /** When the token it signed in with expires (milliseconds since the epoch), if it does. */
  expiresAt?: number
}

/** Used until `seed/people.ts` provides `LOCAL_USERS`. */
export const DEFAULT_LOCAL_USERS: ReadonlyArray<Omit<LakeUser, 'token'>> = [
  {id: 'p-morgan', name: 'Morgan Reyes', email: 'morgan@example.test', role: 'administrator'},
  {id: 'p-priya', name: 'Priya Shah', email: 'priya@example.test', role: 'editor'},
  {id: 'p-tom', name: 'Tom Becker', email: 'tom@example.test', role: 'editor'},
  {id: 'p-dana', name: 'Dana Okafor', email: 'dana@example.test', role: 'fact-checker'},
  {id: 'p-sam', name: 'Sam Adeyemi', email: 'sam@example.test', role: 'medical-reviewer'},
]

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** A random token of `length` characters from [A-Za-z0-9]. */
export function randomToken(length = 40): string {
  const bytes = randomBytes(length * 2)
  let out = ''
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    // 248 = 4 * 62: reject the tail so every character is equally likely.
    if (bytes[i] < 248) out += TOKEN_ALPHABET[bytes[i] % 62]
  }
  return out.length === length ? out : out + randomToken(length - out.length)
}

function isUserLike(value: unknown): value is Omit<LakeUser, 'token'> {
  if (!value || typeof value !== 'object') return false
  const v = value as Record<string, unknown>
  return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.role === 'string'
}

/** `LOCAL_USERS` from seed/people.ts, or null when the module is missing or unusable. */
async function seedPeople(): Promise<Array<Omit<LakeUser, 'token'>> | null> {
  const file = path.resolve(import.meta.dirname, '..', 'seed', 'people.ts')
  if (!existsSync(file)) return null
  try {
    const mod = (await import(pathToFileURL(file).href)) as {LOCAL_USERS?: unknown}
    const list = mod.LOCAL_USERS
    if (!Array.isArray(list) || list.length === 0 || !list.every(isUserLike)) return null
    return list.map((u) => ({id: u.id, name: u.name, email: typeof u.email === 'string' ? u.email : `${u.id}@example.test`, role: u.role}))
  } catch {
    return null
  }
}

function validateUsersFile(value: unknown, file: string, roles: ReadonlyArray<string>): UsersFile {
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why}. Fix the file or delete it to have it written again.`)
  }
  if (!value || typeof value !== 'object') fail('expected an object with a "users" list')
  const users = (value as {users?: unknown}).users
  if (!Array.isArray(users) || users.length === 0) fail('"users" must be a non-empty list')
  for (const [i, u] of (users as unknown[]).entries()) {
    if (!isUserLike(u)) fail(`users[${i}] needs string "id", "name" and "role"`)
    const token = (u as {token?: unknown}).token
    if (typeof token !== 'string' || token.length < 32) fail(`users[${i}].token must be a string of at least 32 characters`)
    if (!roles.includes((u as LakeUser).role)) fail(`users[${i}].role must be one of ${roles.join(', ')}`)
  }
  const tokens = (value as {tokens?: unknown}).tokens
  if (tokens !== undefined && !Array.isArray(tokens)) fail('"tokens" must be a list')
  const badExpiry = (entry: unknown) => {
    const expiresAt = (entry as {expiresAt?: unknown} | null)?.expiresAt
    return expiresAt !== undefined && (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt)))
  }
  for (const [i, u] of (users as unknown[]).entries()) if (badExpiry(u)) fail(`users[${i}].expiresAt must be an ISO date-time such as 2027-01-01T00:00:00Z`)
  for (const [i, t] of ((tokens as unknown[] | undefined) ?? []).entries()) if (badExpiry(t)) fail(`tokens[${i}].expiresAt must be an ISO date-time such as 2027-01-01T00:00:00Z`)
  return value as UsersFile
}

/** Reads `<dataDir>/users.json`, writing it first when it does not exist. Users' roles must be among `roles`. */
export async function loadOrCreateUsers(dataDir: string, roles: ReadonlyArray<string> = knownRoles()): Promise<UsersFile> {
  const file = path.join(dataDir, 'users.json')
  if (existsSync(file)) {
    return validateUsersFile(JSON.parse(readFileSync(file, 'utf8')), file, roles)
  }
  const people = (await seedPeople()) ?? DEFAULT_LOCAL_USERS
  const users: LakeUser[] = people.map((p) => ({...p, token: randomToken(40)}))
  const content: UsersFile = {users}
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`, {mode: 0o600})
  return content
}

/**
 * A local user from `<dataDir>/users.json` for a command-line tool: the first whose id or role is
 * in `wanted`, in that order of preference. Throws a message that says what to do when the file is
 * missing or holds no such user.
 */
export function localUser(dataDir: string, wanted: ReadonlyArray<string>): LakeUser {
  const file = path.join(dataDir, 'users.json')
  let content: UsersFile
  try {
    content = JSON.parse(readFileSync(file, 'utf8')) as UsersFile
  } catch {
    throw new Error(`No users.json in ${dataDir}: start the lake first (npm run dev or npm run lake), or pass --data <folder>.`)
  }
  const users = Array.isArray(content?.users) ? content.users : []
  for (const want of wanted) {
    const user = users.find((u) => u.id === want) ?? users.find((u) => u.role === want)
    if (user && typeof user.token === 'string') return user
  }
  throw new Error(`No local user ${wanted.map((w) => `"${w}"`).join(' or ')} in ${file}.`)
}

/** Token lookup. */
export class Directory {
  readonly users: LakeUser[]
  private readonly byToken = new Map<string, {principal: Principal; expiresAt: number | null}>()
  private readonly byId = new Map<string, LakeUser>()

  constructor(file: UsersFile) {
    this.users = file.users
    const expiry = (value: string | undefined) => (value === undefined ? null : Date.parse(value))
    for (const user of file.users) {
      this.byId.set(user.id, user)
      const expiresAt = expiry(user.expiresAt)
      this.byToken.set(user.token, {principal: {user, datasets: user.datasets, ...(expiresAt === null ? {} : {expiresAt})}, expiresAt})
    }
    for (const extra of file.tokens ?? []) {
      const user = this.byId.get(extra.userId)
      const expiresAt = expiry(extra.expiresAt)
      if (user && typeof extra.token === 'string') this.byToken.set(extra.token, {principal: {user, datasets: extra.datasets, ...(expiresAt === null ? {} : {expiresAt})}, expiresAt})
    }
  }

  private entry(header: string | undefined): {principal: Principal; expiresAt: number | null} | null {
    if (!header) return null
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match) return null
    return this.byToken.get(match[1]) ?? null
  }

  /** The principal for an `Authorization` header value, or null (no token, an unknown one, or an expired one). */
  authenticate(header: string | undefined, now = Date.now()): Principal | null {
    const entry = this.entry(header)
    if (!entry || (entry.expiresAt !== null && now >= entry.expiresAt)) return null
    return entry.principal
  }

  /** When the header carries a known token that has expired: whose it is and when it expired. */
  expired(header: string | undefined, now = Date.now()): {userId: string; expiresAt: string} | null {
    const entry = this.entry(header)
    if (!entry || entry.expiresAt === null || now < entry.expiresAt) return null
    return {userId: entry.principal.user.id, expiresAt: new Date(entry.expiresAt).toISOString()}
  }

  user(id: string): LakeUser | undefined {
    return this.byId.get(id)
  }
}

/** The `/users/me` shape Studio reads. */
export function publicUser(user: LakeUser, self = false): Record<string, unknown> {
  const base = {
    id: user.id,
    name: user.name,
    displayName: user.name,
    familyName: user.name.split(' ').slice(1).join(' ') || null,
    givenName: user.name.split(' ')[0],
    middleName: null,
    imageUrl: null,
    profileImage: null,
    isCurrentUser: self,
    projectId: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    isRobot: false,
    provider: 'local',
    sanityUserId: user.id,
  }
  return self
    ? {...base, email: user.email, role: user.role, roles: [{name: user.role, title: ROLE_TITLES[user.role] ?? user.role}]}
    : base
}
