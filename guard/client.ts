/**
 * The API client a guard Function works through: the project, dataset and token its context gives
 * (a document Function's own dataset; a scheduled Function's robot token with the project and
 * dataset from its environment, since scheduled Functions carry no dataset of their own).
 */
import {createClient} from '@sanity/client'
import {API_VERSION} from '../plugins/medical-claims/rules/constants.ts'
import {isLoopbackHost} from '../queries/lakeClient.ts'
import type {GuardApi} from './index.ts'

export interface ClientOptions {
  apiHost?: string
  projectId?: string
  dataset?: string
  token?: string
}

function isLoopback(apiHost: string): boolean {
  try {
    return isLoopbackHost(new URL(apiHost).hostname)
  } catch {
    return false
  }
}

/** A client for the guard, or an error saying which setting is missing. */
export function guardClient(options: ClientOptions | undefined, env: Record<string, string | undefined> = process.env): GuardApi {
  const projectId = options?.projectId || env.VOUCHED_PROJECT_ID
  const dataset = options?.dataset || env.VOUCHED_DATASET
  const token = options?.token || env.VOUCHED_TOKEN
  const missing = [!projectId && 'a project id (VOUCHED_PROJECT_ID)', !dataset && 'a dataset (VOUCHED_DATASET)', !token && 'a robot token (the Function\'s robotToken)'].filter(Boolean)
  if (missing.length > 0) throw new Error(`The Vouched guard cannot reach the dataset: it has no ${missing.join(', ')}. Set them in sanity.blueprint.ts.`)
  return createClient({
    apiVersion: API_VERSION,
    projectId,
    dataset,
    token,
    useCdn: false,
    perspective: 'raw',
    // A loopback host (the local lake's Functions emulator) takes the project in a header, not in the host name.
    ...(options?.apiHost ? {apiHost: options.apiHost, useProjectHostname: !isLoopback(options.apiHost)} : {}),
  }) as unknown as GuardApi
}

/** Authors whose writes count as the decisions' own (a migration robot that imported them), from VOUCHED_TRUSTED_AUTHORS (comma-separated). */
export function trustedAuthors(env: Record<string, string | undefined> = process.env): string[] {
  return (env.VOUCHED_TRUSTED_AUTHORS ?? '').split(',').map((s) => s.trim()).filter(Boolean)
}
