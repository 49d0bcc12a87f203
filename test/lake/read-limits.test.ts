/**
 * What one reader can make the lake hold or do on its own thread is bounded (lake/limits.ts): a
 * query's answer (64 MiB of JSON), a listener's query (4,000 characters, parsed on the server's
 * thread), a listener's `match` patterns (one `*` per word: groq-js runs them as backtracking
 * regular expressions for every changed document), and what a listener whose client does not
 * read may hold unsent. Tried with the viewer's token, the least a reader can have; each time
 * the lake is checked to answer others at once.
 */
import tls from 'node:tls'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {SEED_FILE, startTestLake, type TestLake} from './helpers.ts'

let t: TestLake
let viewer: string

beforeAll(async () => {
  t = await startTestLake({seedFile: SEED_FILE})
  viewer = t.user('viewer').token
})
afterAll(async () => {
  await t?.close()
})

const listen = (query: string, extra = '') => t.request('GET', `/v2025-02-19/data/listen/production?query=${encodeURIComponent(query)}${extra}`, {token: viewer})

/** A ping's time, in ms: the lake's own thread is free. */
async function pingMs(): Promise<number> {
  const started = performance.now()
  expect((await t.request('GET', '/v1/ping', {token: null})).status).toBe(200)
  return performance.now() - started
}

describe("a query's answer", () => {
  it('over 64 MiB of JSON is a 413 saying how to ask for less, and the lake keeps answering', async () => {
    const asked = t.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('*{"a": *{"b": *}}')}`, {token: viewer})
    expect(await pingMs()).toBeLessThan(500)
    const res = await asked
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({error: {type: 'queryResultTooLargeError'}})
    expect(res.text).toMatch(/at most 64 MiB\. Ask for fewer documents .* or read the whole dataset with \/data\/export/)
    // An answer under the limit is given whole.
    const small = await t.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}`, {token: viewer})
    expect(small.status).toBe(200)
  }, 60_000)
})

describe('answers a user has not read', () => {
  it('past 128 MiB, the next query is a 429 until they are read; others are served meanwhile', async () => {
    // About 63 MiB each: under the limit of one answer, so each is sent, and left unread.
    const big = encodeURIComponent('*[0...20]{"a": *{"b": *}}')
    const sockets = Array.from({length: 3}, () => {
      const socket = tls.connect({host: '127.0.0.1', port: t.running.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1']})
      socket.on('error', () => undefined)
      socket.on('secureConnect', () => {
        socket.write(`GET /v2025-02-19/data/query/production?query=${big} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${viewer}\r\n\r\n`)
        socket.once('data', () => socket.pause())
      })
      return socket
    })
    const small = () => t.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}`, {token: viewer})
    let refused: Awaited<ReturnType<typeof small>> | undefined
    for (let i = 0; i < 60 && !refused; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      const res = await small()
      if (res.status === 429) refused = res
    }
    expect(refused?.text).toMatch(/have not been read yet: read them \(or close those connections\) before asking more/)
    // Another user is not held back.
    expect((await t.request('GET', `/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}`, {token: t.user('p-priya').token})).status).toBe(200)
    // Once those connections are gone, the viewer is served again.
    for (const socket of sockets) socket.destroy()
    let again = 0
    for (let i = 0; i < 40 && again !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      again = (await small()).status
    }
    expect(again).toBe(200)
  }, 60_000)
})

describe("a listener's query", () => {
  it('over 4,000 characters is a 400 before it is read', async () => {
    const res = await listen(`*[0]${'.a'.repeat(3_000)}`)
    expect(res.status).toBe(400)
    expect(res.text).toMatch(/6,004 characters long, and a listener's query may be at most 4,000/)
  })

  it('may use match with one * per word of a pattern written in the query or a parameter, and no more', async () => {
    const wild = await listen(`*["${'a'.repeat(40)}" match "${'a*'.repeat(10)}b"]`)
    expect(wild.status).toBe(400)
    expect(wild.text).toMatch(/at most one \* in each word of a `match` pattern/)
    const inParam = await listen('*[title match $q]', `&%24q=${encodeURIComponent('"a*b*c"')}`)
    expect(inParam.status).toBe(400)
    const computed = await listen('*[title match body[0].children[0].text]')
    expect(computed.status).toBe(400)
    expect(computed.text).toMatch(/pattern written in the query or given as a parameter/)
  })

  it('with one * per word is listened to', async () => {
    const socket = tls.connect({host: '127.0.0.1', port: t.running.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1']})
    const head = await new Promise<string>((resolve, reject) => {
      socket.on('secureConnect', () =>
        socket.write(`GET /v2025-02-19/data/listen/production?query=${encodeURIComponent('*[title match ["retin*", "skin"]]')} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${viewer}\r\n\r\n`),
      )
      let text = ''
      socket.on('data', (chunk) => {
        text += chunk.toString()
        if (text.includes('event: welcome')) resolve(text)
      })
      socket.on('error', reject)
    })
    socket.destroy()
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 200 OK')
  })
})

describe('a listener whose client does not read', () => {
  it('is dropped once it holds more than 4 MiB unsent, and the lake stays responsive', async () => {
    const socket = tls.connect({host: '127.0.0.1', port: t.running.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1']})
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    socket.on('error', () => undefined)
    await new Promise<void>((resolve) => {
      socket.on('secureConnect', () => {
        socket.write(`GET /v2025-02-19/data/listen/production?query=${encodeURIComponent('*[_type == "category"]')}&includeResult=true&includePreviousRevision=true HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${viewer}\r\n\r\n`)
        socket.once('data', () => {
          socket.pause()
          resolve()
        })
      })
    })
    const editor = t.client('p-priya')
    // Each change is an event of 2-3 MB (the document before and after).
    for (let i = 0; i < 6; i++) {
      await editor.createOrReplace({_id: 'drafts.category-large', _type: 'category', title: 'Large', notes: String(i).repeat(1_000_000)} as never)
      expect(await pingMs()).toBeLessThan(1_000)
    }
    // Reading now, the client gets what was sent before the lake dropped it, then the end.
    let received = 0
    socket.on('data', (chunk) => (received += chunk.length))
    socket.resume()
    const ended = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))])
    expect(ended).toBe(true)
    expect(received).toBeLessThan(6 * 3_000_000)
    socket.destroy()
  }, 60_000)
})
