// @vitest-environment jsdom
/**
 * The plugin's action and badge hooks, rendered with renderHook against a stand-in client
 * (groq-js over an in-memory dataset). The rules themselves are tested in test/policy.
 */
import {act, cleanup, renderHook, waitFor} from '@testing-library/react'
import type {DocumentActionComponent, DocumentActionDescription, DocumentActionProps, DocumentBadgeProps} from 'sanity'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {createFactCheckAction} from '../../plugins/medical-claims/actions/useFactCheckAction.tsx'
import {createPublishBlockersAction, PUBLISH_BLOCKERS_LABEL} from '../../plugins/medical-claims/actions/usePublishBlockersAction.tsx'
import {createPublishWithRulesAction, FRESH_VERDICT_TITLE, STALE_VALIDATION_TITLE, VALIDATING_TITLE} from '../../plugins/medical-claims/actions/usePublishWithRulesAction.ts'
import {VALIDATION_CODE_PREFIX} from '../../plugins/medical-claims/schema/articleValidation.ts'
import {createRecordReviewAction} from '../../plugins/medical-claims/actions/useRecordReviewAction.tsx'
import {createClaimsStatusBadge} from '../../plugins/medical-claims/badges/useClaimsStatusBadge.ts'
import {clearLiveBody, recordLiveBody} from '../../plugins/medical-claims/hooks/liveBody.ts'
import {useSteadyVerdict} from '../../plugins/medical-claims/hooks/useArticleVerdict.ts'
import {framesHeld} from '../../plugins/medical-claims/hooks/useFramesWhile.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE_ID, CHECKER, NOW, approveAll, article, citation, credential, expert, review} from '../fixtures/policy-factories.ts'
import {createMockClient, currentUser, type MockClient, contentQueries} from './helpers.ts'

const studio = vi.hoisted(() => ({
  client: null as unknown,
  user: null as unknown,
  /** What Studio's own validation of the article shows (useValidationStatus). */
  validation: {isValidating: false, validation: [] as Array<{level: string; code?: string; message: string; path: unknown[]}>},
  /** The patch operation of the document (useDocumentOperation), recording what it was asked to do. */
  patch: {disabled: false as string | false, calls: [] as unknown[], execute(patches: unknown) {
    studio.patch.calls.push(patches)
  }},
  /** The publish operation (useDocumentOperation), counting its runs. */
  publish: {disabled: false as string | false, runs: 0, execute() {
    studio.publish.runs++
  }},
  /** Whether the user may publish the article (useDocumentPairPermissions), and whether that is still loading. */
  mayPublish: true,
  permissionsLoading: false,
}))

vi.mock('sanity', async (importOriginal) => ({
  ...(await importOriginal<typeof import('sanity')>()),
  useClient: () => studio.client,
  useCurrentUser: () => studio.user,
  useValidationStatus: () => studio.validation,
  useDocumentOperation: () => ({patch: studio.patch, publish: studio.publish}),
  useDocumentPairPermissions: () => [studio.permissionsLoading ? undefined : {granted: studio.mayPublish, reason: ''}, studio.permissionsLoading],
  useSchema: () => ({get: (name: string) => (name === 'article' ? {name, fields: [{name: 'title'}, {name: 'publishedAt'}]} : undefined)}),
}))

const options = resolveOptions({})

/** Studio's Publish action as the wrapper receives it. */
const publishCalls: string[] = []
const studioPublish = vi.fn<DocumentActionComponent>(() => ({label: 'Publish', onHandle: () => void publishCalls.push('publish')}))
studioPublish.action = 'publish'

const EXPERTS = [
  expert('derm'),
  expert('reviewer'),
  expert('nurse', [credential({kind: 'registration', profession: 'registeredNurse', title: 'Registered nurse'})]),
]
const CITATIONS = [citation('c1'), citation('c2')]
const SAM = {id: 'p-sam', name: 'Sam Adeyemi', roles: ['medical-reviewer']}

/** A publishable article: two attributed, evidenced claims, both approved by a fact-checker, and reviewed. */
function publishableArticle(): ArticleDoc {
  return article([
    {key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'},
    {key: 'k2', kind: 'aftercare', expert: 'nurse', text: 'Keep the area clean for a day'},
  ])
}

/** The article's body with the first claim's text as the editor typed it (a new array, as the editor's value is). */
function typedOver(doc: ArticleDoc, text = 'Retinoids reduce fine lines fast'): NonNullable<ArticleDoc['body']> {
  const body = structuredClone(doc.body ?? [])
  const block = body[0] as {children: Array<{text: string; marks?: string[]}>}
  const span = block.children.find((child) => child.marks?.length)
  if (!span) throw new Error('The test article has no claim to type in')
  span.text = text
  return body
}

/** The experts and citations, every claim's approval (unless `approve` is false) and a medical review (unless `review` is false). */
function clientFor(doc: ArticleDoc, extra: {approve?: boolean; review?: boolean; historyAuthors?: string[]; historyFails?: boolean} = {}): MockClient {
  return createMockClient({
    documents: [...EXPERTS, ...CITATIONS, ...(extra.approve === false ? [] : approveAll(doc)), ...(extra.review === false ? [] : [review(doc, {checkedBy: SAM})])],
    historyAuthors: extra.historyAuthors ?? ['p-priya'],
    historyFails: extra.historyFails,
  })
}

function actionProps(doc: ArticleDoc): DocumentActionProps {
  return {
    id: ARTICLE_ID,
    type: 'article',
    draft: doc,
    published: null,
    liveEdit: false,
    ready: true,
    onComplete: () => undefined,
    initialValueResolved: true,
  } as unknown as DocumentActionProps
}

beforeEach(() => {
  vi.useFakeTimers({toFake: ['Date']})
  vi.setSystemTime(new Date(NOW))
  studio.user = currentUser('p-priya', ['editor'], 'Priya Editor')
  studio.validation = {isValidating: false, validation: []}
  studio.patch.calls = []
  studio.publish.runs = 0
  studio.publish.disabled = false
  studio.mayPublish = true
  studio.permissionsLoading = false
  publishCalls.length = 0
})
afterEach(() => {
  // Unmount each test's hooks, so none of them answers (or listens on) the next test's client.
  cleanup()
  vi.useRealTimers()
  studioPublish.mockClear()
})

describe('usePublishWithRulesAction', () => {
  it('is disabled, with the reasons as its title, while claims are unattributed or unapproved', async () => {
    const doc = article([
      {key: 'k1', kind: 'benefit', text: 'Retinoids reduce fine lines'},
      {key: 'k2', kind: 'aftercare', expert: 'nurse', text: 'Keep the area clean for a day'},
    ])
    studio.client = clientFor(doc, {approve: false})
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))

    // While the experts, citations and decisions load, Publish is held back.
    expect(result.current).toMatchObject({label: 'Publish', disabled: true, title: 'Checking the medical claims…'})
    await waitFor(() => expect(result.current?.title).toMatch(/^Cannot publish/))
    expect(result.current).toMatchObject({label: 'Publish', disabled: true})
    expect(result.current?.title).toBe('Cannot publish: 1 claim needs an expert, 1 claim awaiting fact-check.')
    expect(usePublish.action).toBe('publish')
    expect(studioPublish).toHaveBeenCalled()
  })

  it("returns Studio's Publish unchanged once every claim is attributed, credentialed and approved", async () => {
    const doc = publishableArticle()
    const client = clientFor(doc)
    studio.client = client
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.disabled).toBeUndefined())
    expect(result.current).toMatchObject({label: 'Publish', onHandle: expect.any(Function)})
    expect(result.current?.disabled).toBeUndefined()
    // One query for experts, citations, decisions, reviews and their reviewers, one history request for the editors.
    expect(contentQueries(client)).toHaveLength(1)
    expect(client.fetch.mock.calls[0][1]).toMatchObject({
      articleIds: [ARTICLE_ID],
      expertIds: ['derm', 'nurse'],
      citationIds: ['c1'],
      decisionTypes: ['factCheck.approval', 'factCheck.rejection', 'factCheck.review'],
    })
    expect(client.request).toHaveBeenCalledWith(
      expect.objectContaining({url: `/data/history/test/transactions/${ARTICLE_ID},drafts.${ARTICLE_ID}?excludeContent=true&excludeMutations=true&includeIdentifiedDocumentsOnly=true`}),
    )
  })

  it("says while Studio's own validation is still running, and leaves the click to Studio's Publish, which waits for it", async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    studio.validation = {isValidating: true, validation: []}
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result, rerender} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toBe(VALIDATING_TITLE))
    expect(result.current?.disabled).toBeUndefined()
    // Frames are asked for while Studio's pass runs (its idle periods end at each frame).
    expect(framesHeld()).toBe(true)
    act(() => result.current?.onHandle?.())
    expect(publishCalls).toEqual(['publish'])
    studio.validation = {isValidating: false, validation: []}
    rerender()
    expect(result.current?.title).toBeUndefined()
    expect(framesHeld()).toBe(false)
  })

  it('turns off at once when the editor types over an approved claim, before the form has the text', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.disabled).toBeUndefined())
    act(() => recordLiveBody(ARTICLE_ID, doc.body, typedOver(doc)))
    expect(result.current).toMatchObject({disabled: true, title: 'Cannot publish: 1 claim awaiting fact-check, the medical review is out of date (the article changed).'})
    act(() => clearLiveBody(ARTICLE_ID))
    expect(result.current?.disabled).toBeUndefined()
  })

  it("leaves a fix the form does not hold yet to Studio's Publish, never to its own publish on the fresh verdict", async () => {
    const doc = publishableArticle()
    const edited = {...doc, body: typedOver(doc)}
    studio.client = clientFor(doc)
    // Studio holds Publish back on the plugin's markers of the edited text; the editor types the approved text back.
    studio.validation = {isValidating: false, validation: [{level: 'error', code: `${VALIDATION_CODE_PREFIX}claim`, message: 'changed', path: ['body']}]}
    const held = vi.fn<DocumentActionComponent>(() => ({label: 'Publish', disabled: true, onHandle: () => void publishCalls.push('publish')}))
    held.action = 'publish'
    const usePublish = createPublishWithRulesAction(held, options)
    const {result} = renderHook(() => usePublish(actionProps(edited)))
    await waitFor(() => expect(result.current?.title).toContain('awaiting fact-check'))
    act(() => recordLiveBody(ARTICLE_ID, edited.body, doc.body ?? []))
    expect(result.current).toMatchObject({disabled: true, title: VALIDATING_TITLE})
    act(() => clearLiveBody(ARTICLE_ID))
  })

  it('sets the published date the editor left empty, before Studio publishes; keeps one that is set', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.disabled).toBeUndefined())
    act(() => result.current?.onHandle?.())
    expect(studio.patch.calls).toEqual([[{setIfMissing: {publishedAt: NOW}}]])
    expect(publishCalls).toEqual(['publish'])

    studio.patch.calls = []
    publishCalls.length = 0
    const dated = {...doc, publishedAt: '2026-11-01T09:00:00.000Z'} as ArticleDoc
    studio.client = clientFor(dated)
    const again = renderHook(() => usePublish(actionProps(dated)))
    await waitFor(() => expect(again.result.current?.disabled).toBeUndefined())
    act(() => again.result.current?.onHandle?.())
    expect(studio.patch.calls).toEqual([])
    expect(publishCalls).toEqual(['publish'])
  })

  it("publishes on the fresh verdict when Studio's Publish is held back only by claim markers from before the last fact-check", async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    studio.validation = {
      isValidating: false,
      validation: [{level: 'error', code: 'medical-claims/claim.notApproved', message: 'old', path: ['body']}],
    }
    const disabledPublish = Object.assign(vi.fn<DocumentActionComponent>(() => ({label: 'Publish', disabled: true, title: 'Validation errors'})), {action: 'publish' as const})
    const usePublish = createPublishWithRulesAction(disabledPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toBe(FRESH_VERDICT_TITLE))
    expect(result.current?.disabled).toBe(false)
    act(() => result.current?.onHandle?.())
    expect(studio.publish.runs).toBe(1)
    expect(studio.patch.calls).toEqual([[{setIfMissing: {publishedAt: NOW}}]])
  })

  it('shows no Publish to a user who may not publish (a fact-checker, a medical reviewer)', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    studio.mayPublish = false
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)))
    expect(result.current).toBeNull()
  })

  it('keeps Publish disabled while it is not yet known whether the user may publish', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    studio.permissionsLoading = true
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current).toMatchObject({label: 'Publish', disabled: true, title: 'Checking whether you may publish…'}))
  })

  it("keeps Publish disabled, saying why, when the markers are stale and Studio cannot publish the document yet", async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    studio.publish.disabled = 'NOT_READY'
    studio.validation = {
      isValidating: false,
      validation: [{level: 'error', code: 'medical-claims/claim.notApproved', message: 'old', path: ['body']}],
    }
    const disabledPublish = Object.assign(vi.fn<DocumentActionComponent>(() => ({label: 'Publish', disabled: true, title: 'Validation errors'})), {action: 'publish' as const})
    const usePublish = createPublishWithRulesAction(disabledPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toBe(STALE_VALIDATION_TITLE))
    expect(result.current?.disabled).toBe(true)
  })

  it("leaves Studio's Publish as it is when Studio's own rules fail too (a missing title)", async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    studio.validation = {
      isValidating: false,
      validation: [
        {level: 'error', code: 'medical-claims/claim.notApproved', message: 'old', path: ['body']},
        {level: 'error', message: 'Every article needs a title.', path: ['title']},
      ],
    }
    const disabledPublish = Object.assign(vi.fn<DocumentActionComponent>(() => ({label: 'Publish', disabled: true, title: 'Validation errors'})), {action: 'publish' as const})
    const usePublish = createPublishWithRulesAction(disabledPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toBe('Validation errors'))
    expect(result.current?.disabled).toBe(true)
  })

  it('blocks an approval given by someone who edited the article (editors come from the history API)', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {historyAuthors: ['p-priya', CHECKER.id]})
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toMatch(/^Cannot publish/))
    expect(result.current?.title).toBe('Cannot publish: 2 claims awaiting fact-check.')
  })

  it('stays disabled, saying so, when the data cannot be loaded', async () => {
    const doc = publishableArticle()
    const client = clientFor(doc)
    client.fetch.mockRejectedValue(new Error('network down'))
    studio.client = client
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toMatch(/network down/))
    expect(result.current?.disabled).toBe(true)
  })

  it('is disabled, saying why, while the medical review is missing, and enabled once one arrives through the listener', async () => {
    const doc = publishableArticle()
    const client = clientFor(doc, {review: false})
    studio.client = client
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toBe('Cannot publish: no medical review.'))
    expect(client.listeners[0].params).toMatchObject({decisionTypes: ['factCheck.approval', 'factCheck.rejection', 'factCheck.review'], articleId: ARTICLE_ID})
    client.documents.push(review(doc, {checkedBy: SAM}))
    act(() => client.listeners[0].next({type: 'mutation', documentId: 'factcheck-review'}))
    await waitFor(() => expect(result.current?.disabled).toBeUndefined())
    // Once loaded, the listener covers the reviewer the review names too.
    await waitFor(() => expect(client.listeners.at(-1)?.params.ids).toContain('reviewer'))
    expect(client.listeners).toHaveLength(1)
  })

  it('is disabled when the article changed after its review (stale review)', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps({...doc, title: 'A new title'})))
    await waitFor(() => expect(result.current?.title).toBe('Cannot publish: the medical review is out of date (the article changed).'))
    expect(result.current?.disabled).toBe(true)
  })

  it('re-evaluates when a decision arrives through the listener', async () => {
    const doc = publishableArticle()
    const client = clientFor(doc, {approve: false})
    studio.client = client
    const usePublish = createPublishWithRulesAction(studioPublish, options)
    const {result} = renderHook(() => usePublish(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toBe('Cannot publish: 2 claims awaiting fact-check.'))
    expect(client.listeners).toHaveLength(1)
    client.documents.push(...approveAll(doc))
    act(() => client.listeners[0].next({type: 'mutation', documentId: 'factcheck-new'}))
    await waitFor(() => expect(result.current?.disabled).toBeUndefined())
  })
})

describe('usePublishBlockersAction', () => {
  it('offers "Why can\'t I publish?" with a dialog while publishing is blocked', async () => {
    const doc = article([{key: 'k1', kind: 'benefit', text: 'Retinoids reduce fine lines'}])
    studio.client = clientFor(doc, {approve: false})
    const useBlockers = createPublishBlockersAction(options)
    const {result} = renderHook(() => useBlockers(actionProps(doc)))
    await waitFor(() => expect(result.current).not.toBeNull())
    const description = result.current as DocumentActionDescription
    expect(description).toMatchObject({label: PUBLISH_BLOCKERS_LABEL, title: 'Cannot publish: 1 claim needs an expert.', dialog: null})
    act(() => description.onHandle?.())
    expect(result.current?.dialog).toMatchObject({type: 'dialog', header: 'Why this article cannot be published yet'})
  })

  it('is absent when the article is publishable', async () => {
    const doc = publishableArticle()
    const client = clientFor(doc)
    studio.client = client
    const useBlockers = createPublishBlockersAction(options)
    const {result} = renderHook(() => useBlockers(actionProps(doc)))
    await waitFor(() => expect(client.fetch).toHaveBeenCalled())
    await act(async () => undefined)
    expect(result.current).toBeNull()
  })
})

describe('useFactCheckAction', () => {
  it('is hidden from editors', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {approve: false})
    const useFactCheck = createFactCheckAction(options)
    const {result} = renderHook(() => useFactCheck(actionProps(doc)))
    await act(async () => undefined)
    expect(result.current).toBeNull()
  })

  it('shows fact-checkers how many claims wait for them and opens the panel', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {approve: false})
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const useFactCheck = createFactCheckAction(options)
    const {result} = renderHook(() => useFactCheck(actionProps(doc)))
    await waitFor(() => expect(result.current?.label).toBe('Fact-check claims (2)'))
    expect(result.current?.disabled).toBe(false)
    act(() => result.current?.onHandle?.())
    expect(result.current?.dialog).toMatchObject({type: 'dialog', header: 'Fact-check claims', width: 'large'})
  })

  it('counts roles from the options', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {approve: false})
    studio.user = currentUser('p-med', ['medical-editor'])
    const useFactCheck = createFactCheckAction(resolveOptions({factCheckerRoles: ['medical-editor']}))
    const {result} = renderHook(() => useFactCheck(actionProps(doc)))
    await waitFor(() => expect(result.current?.label).toBe('Fact-check claims (2)'))
  })
})

describe('useRecordReviewAction', () => {
  it('is hidden from editors', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {review: false})
    const useRecordReview = createRecordReviewAction(options)
    const {result} = renderHook(() => useRecordReview(actionProps(doc)))
    await act(async () => undefined)
    expect(result.current).toBeNull()
  })

  it('is offered to a medical reviewer who did not edit the article, and opens the dialog', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {review: false})
    studio.user = currentUser(SAM.id, SAM.roles, SAM.name)
    const useRecordReview = createRecordReviewAction(options)
    const {result} = renderHook(() => useRecordReview(actionProps(doc)))
    expect(result.current).toMatchObject({label: 'Record medical review', disabled: true})
    await waitFor(() => expect(result.current?.disabled).toBe(false))
    expect(result.current?.title).toMatch(/^Record your medical review/)
    act(() => result.current?.onHandle?.())
    expect(result.current?.dialog).toMatchObject({type: 'dialog', header: 'Record medical review'})
  })

  it("is offered to a fact-checker, on the reviewer's behalf", async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {review: false})
    studio.user = currentUser(CHECKER.id, CHECKER.roles, CHECKER.name)
    const useRecordReview = createRecordReviewAction(options)
    const {result} = renderHook(() => useRecordReview(actionProps(doc)))
    await waitFor(() => expect(result.current?.disabled).toBe(false))
    expect(result.current?.title).toMatch(/with the evidence of it/)
  })

  it('is disabled, with the reason, for a reviewer who edited the article', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {review: false, historyAuthors: ['p-priya', SAM.id]})
    studio.user = currentUser(SAM.id, SAM.roles, SAM.name)
    const useRecordReview = createRecordReviewAction(options)
    const {result} = renderHook(() => useRecordReview(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toBe('You edited this article, so someone who did not edit it must record its medical review.'))
    expect(result.current?.disabled).toBe(true)
    act(() => result.current?.onHandle?.())
    expect(result.current?.dialog).toBeNull()
  })

  it('fails closed when the history API cannot say who edited the article', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc, {review: false, historyFails: true})
    studio.user = currentUser(SAM.id, SAM.roles, SAM.name)
    const useRecordReview = createRecordReviewAction(options)
    const {result} = renderHook(() => useRecordReview(actionProps(doc)))
    await waitFor(() => expect(result.current?.title).toMatch(/^A medical review cannot be recorded yet: Could not read who edited this article/))
    expect(result.current?.disabled).toBe(true)
  })
})

describe('useClaimsStatusBadge', () => {
  function badgeProps(doc: ArticleDoc): DocumentBadgeProps {
    return actionProps(doc) as unknown as DocumentBadgeProps
  }

  it('shows every category, unattributed claims first, as danger', async () => {
    const doc = article([
      {key: 'k1', kind: 'benefit', text: 'Retinoids reduce fine lines'},
      {key: 'k2', kind: 'benefit', text: 'Peels brighten skin'},
      {key: 'k3', kind: 'aftercare', expert: 'nurse', text: 'Keep the area clean for a day'},
    ])
    studio.client = clientFor(doc)
    const useBadge = createClaimsStatusBadge(options)
    const {result} = renderHook(() => useBadge(badgeProps(doc)))
    await waitFor(() => expect(result.current).not.toBeNull())
    expect(result.current).toMatchObject({label: '2 unattributed · 1/3 approved', color: 'danger'})
  })

  it('counts approvals, as a warning until every claim is approved', async () => {
    const doc = publishableArticle()
    const [first] = approveAll(doc)
    studio.client = createMockClient({documents: [...EXPERTS, ...CITATIONS, first, review(doc, {checkedBy: SAM})], historyAuthors: ['p-priya']})
    const useBadge = createClaimsStatusBadge(options)
    const {result} = renderHook(() => useBadge(badgeProps(doc)))
    await waitFor(() => expect(result.current).not.toBeNull())
    expect(result.current).toMatchObject({label: '1 awaiting fact-check · 1/2 approved', color: 'warning', title: 'Cannot publish: 1 claim awaiting fact-check.'})
  })

  it('turns to success when every claim is approved', async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    const useBadge = createClaimsStatusBadge(options)
    const {result} = renderHook(() => useBadge(badgeProps(doc)))
    await waitFor(() => expect(result.current).not.toBeNull())
    expect(result.current).toMatchObject({label: '2/2 approved', color: 'success'})
  })

  it("follows the editor's keystrokes before the form has them, and the article's own body once anything changes it", async () => {
    const doc = publishableArticle()
    studio.client = clientFor(doc)
    const useBadge = createClaimsStatusBadge(options)
    let props = badgeProps(doc)
    const {result, rerender} = renderHook(() => useBadge(props))
    await waitFor(() => expect(result.current).toMatchObject({label: '2/2 approved'}))
    const typed = typedOver(doc)
    act(() => recordLiveBody(ARTICLE_ID, doc.body, typed))
    expect(result.current).toMatchObject({label: '1 changed since approval · 1/2 approved', color: 'warning'})
    // The form catches up: the same text, from the document.
    props = badgeProps({...doc, body: structuredClone(typed)})
    rerender()
    expect(result.current).toMatchObject({label: '1 changed since approval · 1/2 approved'})
    // Something else changes the body (a remote edit puts the approved text back): the entry typed over the old body no longer counts.
    props = badgeProps({...doc, body: structuredClone(doc.body)})
    rerender()
    expect(result.current).toMatchObject({label: '2/2 approved', color: 'success'})
    act(() => clearLiveBody(ARTICLE_ID))
  })

  it('shows nothing for an article without claims', async () => {
    const doc = article([])
    const client = clientFor(doc)
    studio.client = client
    const useBadge = createClaimsStatusBadge(options)
    const {result} = renderHook(() => useBadge(badgeProps(doc)))
    await waitFor(() => expect(client.fetch).toHaveBeenCalled())
    await act(async () => undefined)
    expect(result.current).toBeNull()
  })
})

describe('useSteadyVerdict', () => {
  const state = (verdict: unknown, context: unknown) => ({article: null, verdict, context, loading: !verdict, error: null, refresh: () => undefined}) as never

  it("keeps an open dialog's last loaded verdict while the article's data reloads, and shows a closed one the fresh state", () => {
    const loaded = state({publishable: false}, {experts: []})
    const reloading = state(null, null)
    const {result, rerender} = renderHook(({fresh, open}) => useSteadyVerdict(fresh, open), {initialProps: {fresh: loaded, open: true}})
    expect(result.current.verdict).toEqual({publishable: false})
    rerender({fresh: reloading, open: true})
    expect(result.current.verdict).toEqual({publishable: false})
    rerender({fresh: reloading, open: false})
    expect(result.current.verdict).toBeNull()
  })
})
