/**
 * When the Studio runs against the local Content Lake, checks once at start that the browser can
 * reach the lake's API. When it cannot (usually because this browser has not yet accepted the
 * lake's self-signed certificate, which the browser only asks about on a page of the lake's own),
 * Studio's own screen says "Couldn't reach the Sanity servers"; this puts a notice above it that
 * says why and how to fix it. Plain DOM, because Studio shows that screen before any of the
 * Studio's own components render.
 */

export const NOTICE_ID = 'vouched-lake-unreachable'

/**
 * The API host for a Studio the lake serves at `location`: the page's origin, less the project id
 * when the page's host starts with it (the client puts it back in front), so that a Studio opened
 * at https://<projectId>.localhost:<port>/ calls the API on that same host.
 */
export function servedApiHost(location: Pick<Location, 'protocol' | 'host'>, projectId: string): string {
  const prefix = `${projectId}.`
  const host = location.host.startsWith(prefix) ? location.host.slice(prefix.length) : location.host
  return `${location.protocol}//${host}`
}

/** The address of the lake's API as the Studio's client calls it (the client puts the project id in front of the host). */
export function projectApiUrl(apiHost: string, projectId: string): string {
  const url = new URL(apiHost)
  url.hostname = `${projectId}.${url.hostname}`
  return url.origin
}

/** What the notice says, for an API at `apiUrl`. */
export function unreachableNotice(apiUrl: string): {title: string; steps: string[]; link: string} {
  const link = `${apiUrl}/v1/ping`
  return {
    title: `This Studio cannot reach the local Content Lake at ${apiUrl}.`,
    steps: [
      'Is it running? `npm run dev` starts it (or `npm run lake`).',
      `If it is, this browser has not accepted its certificate yet (the lake makes a self-signed one on first start). Open ${link}, accept the certificate there (Advanced, then Proceed), and reload this page.`,
      'Or open the Studio from the lake itself, at the links `npm run dev` prints: then the browser asks about the certificate once, on that page.',
    ],
    link,
  }
}

function showNotice(apiUrl: string): void {
  if (document.getElementById(NOTICE_ID)) return
  const notice = unreachableNotice(apiUrl)
  const box = document.createElement('div')
  box.id = NOTICE_ID
  box.setAttribute('role', 'alert')
  box.style.cssText =
    'position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:12px 16px;background:#fff4e5;color:#3d2600;border-bottom:1px solid #f0b36b;font:14px/1.45 system-ui,sans-serif'
  const title = document.createElement('strong')
  title.textContent = notice.title
  box.append(title)
  const list = document.createElement('ol')
  list.style.margin = '6px 0 0 18px'
  for (const step of notice.steps) {
    const item = document.createElement('li')
    const [before, after] = step.split(notice.link)
    item.append(before)
    if (after !== undefined) {
      const anchor = document.createElement('a')
      anchor.href = notice.link
      anchor.target = '_blank'
      anchor.rel = 'noreferrer'
      anchor.textContent = notice.link
      item.append(anchor, after)
    }
    list.append(item)
  }
  box.append(list)
  document.body.append(box)
}

/** In a browser, pings the lake once; on a network failure shows the notice. Never throws. */
export function checkLakeReachable(apiHost: string, projectId: string): void {
  if (typeof window === 'undefined' || typeof fetch !== 'function') return
  let apiUrl: string
  try {
    apiUrl = projectApiUrl(apiHost, projectId)
  } catch {
    return
  }
  fetch(`${apiUrl}/v1/ping`, {method: 'GET', mode: 'cors', credentials: 'omit'}).then(
    () => undefined,
    () => {
      const show = () => showNotice(apiUrl)
      if (document.body) show()
      else window.addEventListener('DOMContentLoaded', show, {once: true})
    },
  )
}
