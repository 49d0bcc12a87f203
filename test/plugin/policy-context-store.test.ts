/** The article store's listener (plugins/medical-claims/hooks/policyContextStore.ts): what lands before it is up is read too. */
import {describe, expect, it} from 'vitest'
import {articleGeneration, watchArticle, type StoreClient} from '../../plugins/medical-claims/hooks/policyContextStore.ts'

function listeningClient() {
  const observers: Array<{next?: (event: unknown) => void}> = []
  const client = {
    fetch: async () => null,
    request: async () => null,
    config: () => ({}),
    listen: () => ({subscribe: (observer: {next?: (event: unknown) => void}) => (observers.push(observer), {unsubscribe: () => undefined})}),
  } as unknown as StoreClient
  return {client, emit: (event: unknown) => observers.forEach((o) => o.next?.(event))}
}

describe('watchArticle', () => {
  it('reads the article again when the listener is welcomed (a decision may have landed before it was up) and on each mutation, not on other events', () => {
    const {client, emit} = listeningClient()
    const refs = {articleId: 'article-watched', expertIds: [], citationIds: []} as never
    const stop = watchArticle(client, refs)
    const start = articleGeneration('article-watched')
    emit({type: 'welcome', listenerName: 'l1'})
    expect(articleGeneration('article-watched')).toBe(start + 1)
    emit({type: 'mutation', documentId: 'approval-1'})
    expect(articleGeneration('article-watched')).toBe(start + 2)
    emit({type: 'reconnect'})
    expect(articleGeneration('article-watched')).toBe(start + 2)
    stop()
  })
})
