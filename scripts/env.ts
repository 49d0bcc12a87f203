/** The environment every Sanity CLI call runs in: offline, quiet, and writing only inside the project. */
import {mkdirSync} from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '..')
export const CACHE_DIR = path.join(ROOT, '.cache')

export function offlineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = path.join(CACHE_DIR, 'home')
  const tmp = path.join(CACHE_DIR, 'tmp')
  mkdirSync(home, {recursive: true})
  mkdirSync(tmp, {recursive: true})
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    TMPDIR: tmp,
    DO_NOT_TRACK: '1',
    NO_UPDATE_NOTIFIER: '1',
    SANITY_TELEMETRY_DISABLED: '1',
    BROWSERSLIST_IGNORE_OLD_DATA: '1',
    ...extra,
  }
}
