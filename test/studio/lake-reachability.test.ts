/**
 * Where a Studio served by the lake calls the API, and what a Studio that cannot reach the lake
 * says (the notice itself is seen in a real browser in test/browser/dev.test.ts).
 */
import {describe, expect, it} from 'vitest'
import {projectApiUrl, servedApiHost, unreachableNotice} from '../../studio/lakeReachability.ts'

describe('the API host of a Studio the lake serves', () => {
  it('opened on the project host, calls the API on that same host', () => {
    const host = servedApiHost({protocol: 'https:', host: 'localdev.localhost:4443'}, 'localdev')
    expect(host).toBe('https://localhost:4443')
    expect(projectApiUrl(host, 'localdev')).toBe('https://localdev.localhost:4443')
  })

  it('opened on localhost, calls the project host of the same port', () => {
    const host = servedApiHost({protocol: 'https:', host: 'localhost:51234'}, 'localdev')
    expect(projectApiUrl(host, 'localdev')).toBe('https://localdev.localhost:51234')
  })
})

describe('the notice of a Studio that cannot reach the lake', () => {
  it('names the address, and says how to accept the certificate and where', () => {
    const notice = unreachableNotice('https://localdev.localhost:4443')
    expect(notice.title).toBe('This Studio cannot reach the local Content Lake at https://localdev.localhost:4443.')
    expect(notice.link).toBe('https://localdev.localhost:4443/v1/ping')
    expect(notice.steps.join(' ')).toContain('Open https://localdev.localhost:4443/v1/ping, accept the certificate there (Advanced, then Proceed), and reload this page.')
  })
})
