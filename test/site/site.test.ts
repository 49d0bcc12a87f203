/**
 * The reference site over a real local lake (HTTPS, self-signed certificate, token): pages,
 * 404s for unpublished and non-compliant articles, the sitemap, and the lake client itself.
 */
import net from 'node:net'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createLakeClient, isLoopbackHost} from '../../queries/lakeClient.ts'
import {startSite, type RunningSite} from '../../site/server.ts'
import {SEED_NOW} from '../../seed/ids.ts'
import {APPROVER_EDITED_SLUG, DRAFT_SLUG, DRIFTED_SLUG, WINTER_SLUG, startTestLake, type LakeFixture} from './lakeFixture.ts'

let fixture: LakeFixture
let site: RunningSite

beforeAll(async () => {
  fixture = await startTestLake()
  site = await startSite({lakeUrl: fixture.lake.url, token: fixture.tokens['p-morgan'], port: 0, now: () => SEED_NOW})
})

afterAll(async () => {
  await site?.close()
  await fixture?.close()
})

async function get(path: string): Promise<{status: number; text: string; type: string}> {
  const res = await fetch(`${site.url}${path}`)
  return {status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? ''}
}

describe('the reference site', () => {
  it('lists the compliant articles, newest first', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    const order = ['omega-3-hair-skin-nails', 'olive-oil-on-skin', WINTER_SLUG].map((slug) => page.text.indexOf(`/articles/${slug}"`))
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(page.text).not.toContain(DRIFTED_SLUG)
    expect(page.text).not.toContain(DRAFT_SLUG)
    expect(page.text).toContain(' · Medically reviewed by Dr. Ava Shamban')
  })

  it('serves the seed article with its claims, review and sources', async () => {
    const page = await get(`/articles/${WINTER_SLUG}`)
    expect(page.status).toBe(200)
    expect(page.type).toContain('text/html')
    expect(page.text).toContain('Medically reviewed by <a href="/experts/ava-shamban">Dr. Ava Shamban</a>')
    expect(page.text).toContain('on <time datetime="2026-09-18">18 September 2026</time>')
    expect(page.text).toContain('Next review due <time datetime="2027-09-18">18 September 2027</time>')
    expect(page.text).toContain('Medical licence (dermatology practice)')
    expect(page.text).toContain('<script type="application/ld+json">')
  })

  it('answers 404 for an unpublished (draft-only) article', async () => {
    const page = await get(`/articles/${DRAFT_SLUG}`)
    expect(page.status).toBe(404)
    expect(page.text).toContain('Page not found')
  })

  it('answers 404 for a published article whose claim changed after approval', async () => {
    expect((await get(`/articles/${DRIFTED_SLUG}`)).status).toBe(404)
  })

  it('still serves an article approved by its own editor: only the audit can see that (documented)', async () => {
    expect((await get(`/articles/${APPROVER_EDITED_SLUG}`)).status).toBe(200)
  })

  it('serves expert and procedure pages, and 404s for unknown ones', async () => {
    const expert = await get('/experts/rebecca-bialas')
    expect(expert.status).toBe(200)
    expect(expert.text).toContain('Medical licence (dermatology practice)')
    expect(expert.text).toContain(`/articles/${WINTER_SLUG}`)
    const unverified = await get('/experts/jamie-ortiz')
    expect(unverified.status).toBe(200)
    expect(unverified.text).toContain('No current verified credential.')
    const procedure = await get('/procedures/micro-needling')
    expect(procedure.status).toBe(200)
    expect(procedure.text).toContain('Post-inflammatory hyperpigmentation')
    expect(procedure.text).toContain('Blood clotting disorders')
    expect((await get('/experts/nobody')).status).toBe(404)
    expect((await get('/procedures/nothing')).status).toBe(404)
    expect((await get('/articles/%E0%A4%A')).status).toBe(404)
  })

  it('lists only servable pages in sitemap.xml', async () => {
    const sitemap = await get('/sitemap.xml')
    expect(sitemap.status).toBe(200)
    expect(sitemap.type).toContain('application/xml')
    expect(sitemap.text).toContain(`<loc>${site.url}/articles/${WINTER_SLUG}</loc>`)
    expect(sitemap.text).toContain(`<loc>${site.url}/experts/ava-shamban</loc>`)
    expect(sitemap.text).toContain(`<loc>${site.url}/procedures/micro-needling</loc>`)
    expect(sitemap.text).not.toContain(DRIFTED_SLUG)
    expect(sitemap.text).not.toContain(DRAFT_SLUG)
  })

  it('refuses other methods and sends security headers', async () => {
    const post = await fetch(`${site.url}/`, {method: 'POST'})
    expect(post.status).toBe(405)
    const res = await fetch(`${site.url}/`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  it('answers a request target that is not a path with a 400, and keeps serving', async () => {
    const raw = (target: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(site.port, '127.0.0.1', () => socket.end(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`))
        let answer = ''
        socket.on('data', (chunk) => (answer += chunk.toString()))
        socket.on('end', () => resolve(answer.split('\r\n')[0]))
        socket.on('error', reject)
      })
    expect(await raw('//[')).toBe('HTTP/1.1 404 Not Found')
    expect(await raw('//x:99999/')).toBe('HTTP/1.1 404 Not Found')
    expect(await raw('http://elsewhere.example/')).toBe('HTTP/1.1 400 Bad Request')
    expect(await raw('*')).toBe('HTTP/1.1 400 Bad Request')
    expect((await get('/')).status).toBe(200)
  })

  it('answers a listing page past the last with a 404, whatever its size', async () => {
    expect((await get('/?page=1e308')).status).toBe(404)
    expect((await get('/?page=9007199254740993')).status).toBe(404)
    expect((await get('/?page=500')).status).toBe(404)
    const first = await get('/?page=-3')
    expect(first.status).toBe(200)
    expect(first.text).toContain(`/articles/${WINTER_SLUG}"`)
  })

  it('tells readers to retry (503, Retry-After) when the content service is busy', async () => {
    const busy = Object.assign(new Error('Too many queries waiting'), {statusCode: 429})
    const client = {fetch: () => Promise.reject(busy)}
    const logged: string[] = []
    const crowded = await startSite({client, port: 0, log: (line) => logged.push(line)})
    try {
      const res = await fetch(`${crowded.url}/`)
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('2')
      expect(await res.text()).toContain('Please try again in a moment')
    } finally {
      await crowded.close()
    }
  })

  it('shows a 502 page when the lake refuses the token', async () => {
    const logged: string[] = []
    const broken = await startSite({lakeUrl: fixture.lake.url, token: 'not-a-token', port: 0, log: (line) => logged.push(line)})
    try {
      const res = await fetch(`${broken.url}/`)
      expect(res.status).toBe(502)
      expect(await res.text()).toContain('Temporarily unavailable')
      expect(logged.join('\n')).toMatch(/refused the query: Unauthorized/)
    } finally {
      await broken.close()
    }
  })
})

describe('the lake client', () => {
  it('accepts the self-signed certificate on loopback hosts only', () => {
    expect(['localhost', 'localdev.localhost', '127.0.0.1', '::1', '[::1]'].every(isLoopbackHost)).toBe(true)
    expect(['example.com', 'localhost.example.com', '10.0.0.1', 'api.sanity.io'].some(isLoopbackHost)).toBe(false)
  })

  it('queries with the published perspective and reports refusals with their reason', async () => {
    const client = createLakeClient({url: fixture.lake.url, token: fixture.tokens['p-morgan']})
    expect(await client.fetch<number>('count(*[_id in path("drafts.**")])', {}, {perspective: 'published'})).toBe(0)
    expect(await client.fetch<number>('count(*[_id in path("drafts.**")])', {}, {perspective: 'raw'})).toBeGreaterThan(0)
    const anonymous = createLakeClient({url: fixture.lake.url})
    await expect(anonymous.fetch('1')).rejects.toThrow(/refused the query.*check the token|Unauthorized/)
    const nowhere = createLakeClient({url: 'https://localhost:1'})
    await expect(nowhere.fetch('1')).rejects.toThrow(/Could not reach the Content Lake at https:\/\/localhost:1/)
  })
})
