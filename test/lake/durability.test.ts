/** The CLI entry point, and durability: what the API acknowledged survives SIGKILL. */
import {spawn, type ChildProcess} from 'node:child_process'
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {createClient} from '@sanity/client'
import {Agent, fetch as undiciFetch} from 'undici'
import type {UsersFile} from '../../lake/users.ts'
import {API_VERSION, ROOT, startTestLake, tempDir} from './helpers.ts'

const dataDir = tempDir('lake-kill-')
let child: ChildProcess | undefined

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  rmSync(dataDir, {recursive: true, force: true})
})

function startMain(): Promise<{child: ChildProcess; url: string; output: () => string}> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(ROOT, 'lake', 'main.ts'), '--port', '0', '--data', dataDir, '--quiet'], {cwd: ROOT})
    let output = ''
    const timer = setTimeout(() => reject(new Error(`lake did not start: ${output}`)), 20_000)
    proc.stdout.on('data', (d: Buffer) => {
      output += d.toString()
      const match = /Local Content Lake: (https:\/\/localhost:\d+)/.exec(output)
      if (match && output.includes('Ctrl-C')) {
        clearTimeout(timer)
        resolve({child: proc, url: match[1], output: () => output})
      }
    })
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()))
    proc.on('exit', (code) => reject(new Error(`lake exited with ${code}: ${output}`)))
  })
}

describe('lake/main.ts', () => {
  it('refuses to start when something it needs cannot be loaded, and says why in one line', async () => {
    const broken = tempDir('lake-broken-')
    writeFileSync(path.join(broken, 'users.json'), '{"users": [{"id": "p-x", "name": "X", "role": "wizard", "token": "tttttttttttttttttttttttttttttttttttttttt"}]}')
    const proc = spawn(process.execPath, [path.join(ROOT, 'lake', 'main.ts'), '--port', '0', '--data', broken, '--quiet'], {cwd: ROOT})
    let output = ''
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()))
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve))
    rmSync(broken, {recursive: true, force: true})
    expect(code).toBe(1)
    expect(output).toMatch(/^The lake did not start: .*users\.json.*role must be one of/)
    expect(output).not.toContain('    at ')
  })

  it('prints the URL and a token per user, and acknowledged writes survive SIGKILL', async () => {
    const started = await startMain()
    child = started.child
    const users = JSON.parse(readFileSync(path.join(dataDir, 'users.json'), 'utf8')) as UsersFile
    for (const user of users.users) expect(started.output()).toContain(user.token)
    expect(users.users.every((u) => u.token.length === 40)).toBe(true)

    const cert = readFileSync(path.join(dataDir, 'tls-cert.pem'), 'utf8')
    const agent = new Agent({connect: {ca: cert}})
    const client = createClient({
      projectId: 'localdev',
      dataset: 'production',
      apiHost: started.url,
      useProjectHostname: false,
      token: users.users[0].token,
      apiVersion: API_VERSION,
      useCdn: false,
      resolveFetch: () => ((url: string, init?: RequestInit) => undiciFetch(url, {...(init as object), dispatcher: agent} as never)) as never,
    })
    const written: string[] = []
    for (let i = 0; i < 20; i++) {
      const res = await client.create({_id: `kill-${i}`, _type: 'post', n: i})
      written.push(res._id)
    }
    child.kill('SIGKILL')
    await new Promise((resolve) => child!.once('exit', resolve))
    await agent.close()

    const again = await startTestLake({dataDir, policy: null})
    try {
      const ids = await again.client('administrator').fetch<string[]>('*[_type == "post"] | order(n) []._id')
      expect(ids).toEqual(written)
      expect(again.user('administrator').token).toBe(users.users[0].token)
    } finally {
      await again.running.close()
    }
  }, 60_000)
})
