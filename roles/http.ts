/**
 * Access API calls over HTTPS with a bearer token: `https://api.sanity.io/v2025-07-11/access/project/<id>/...`,
 * or another host (the local lake, whose self-signed certificate is accepted for loopback hosts only).
 */
import https from 'node:https'
import {isLoopbackHost} from '../queries/lakeClient.ts'
import type {AccessRequest} from './apply.ts'

export const ACCESS_API_VERSION = 'v2025-07-11'

export function accessRequester({apiHost, projectId, token}: {apiHost: string; projectId: string; token: string}): AccessRequest {
  return (method, path, body) =>
    new Promise((resolve, reject) => {
      const url = new URL(`${apiHost.replace(/\/$/, '')}/${ACCESS_API_VERSION}/access/project/${encodeURIComponent(projectId)}${path}`)
      const payload = body === undefined ? undefined : JSON.stringify(body)
      const req = https.request(
        url,
        {
          method,
          headers: {authorization: `Bearer ${token}`, ...(payload ? {'content-type': 'application/json', 'content-length': Buffer.byteLength(payload)} : {})},
          rejectUnauthorized: !isLoopbackHost(url.hostname),
        },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (text += chunk))
          res.on('end', () => {
            let parsed: unknown = text
            try {
              parsed = text ? JSON.parse(text) : null
            } catch {
              // not JSON
            }
            if ((res.statusCode ?? 500) >= 400) {
              const description = (parsed as {error?: {description?: string}; message?: string} | null)?.error?.description ?? (parsed as {message?: string} | null)?.message ?? text.slice(0, 200)
              reject(new Error(`${method} ${url.pathname} answered ${res.statusCode}: ${description}`))
            } else resolve(parsed)
          })
        },
      )
      req.on('error', (error) => reject(new Error(`Could not reach ${url.origin}: ${error.message}`)))
      req.end(payload)
    })
}
