import {useEffect, useState} from 'react'
import {useClient} from 'sanity'
import {API_VERSION} from '../rules/constants.ts'

/**
 * Published documents for a picker (experts, sources), fetched once per query: null while they
 * load, and the error's message when they cannot be read.
 */
export function usePublishedDocuments<T>(query: string, params: Record<string, string>): {documents: T[] | null; error: string | null} {
  const client = useClient({apiVersion: API_VERSION})
  const [documents, setDocuments] = useState<T[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const key = JSON.stringify(params)
  useEffect(() => {
    let cancelled = false
    client.fetch<T[]>(query, JSON.parse(key) as Record<string, string>, {perspective: 'published'}).then(
      (docs) => {
        if (!cancelled) setDocuments(docs ?? [])
      },
      (err: unknown) => {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err))
      },
    )
    return () => {
      cancelled = true
    }
  }, [client, query, key])
  return {documents, error}
}
