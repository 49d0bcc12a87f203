// @vitest-environment jsdom
/**
 * The plugin's action dialogs render in the article's form (ActionDialogHost), not by Studio's
 * position in the footer's list: an action gives Studio no dialog while a host is mounted, the
 * host shows it, one host renders when the document is open twice, and a dialog that cannot show
 * any more closes for good. Rendered with Sanity UI against a stand-in client.
 */
import {ThemeProvider} from '@sanity/ui'
import {buildTheme} from '@sanity/ui/theme'
import {act, cleanup, fireEvent, render, screen, waitFor} from '@testing-library/react'
import type {DocumentActionDescription, DocumentActionProps} from 'sanity'
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest'
import {createPublishBlockersAction, PUBLISH_BLOCKERS_LABEL} from '../../plugins/medical-claims/actions/usePublishBlockersAction.tsx'
import {ActionDialogHost} from '../../plugins/medical-claims/components/ActionDialogHost.tsx'
import {activeDialogHost, claimAction, hostedDialogs, isDialogOpen, mountDialogHost, REMOUNT_GRACE_MS, setDialogOpen, setHostedDialog, subscribeDialogs} from '../../plugins/medical-claims/hooks/actionDialogs.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE_ID, approveAll, article, citation, expert, review} from '../fixtures/policy-factories.ts'
import {createMockClient, currentUser, type MockClient} from './helpers.ts'

const studio = vi.hoisted(() => ({client: null as unknown, user: null as unknown}))
vi.mock('sanity', async (importOriginal) => ({
  ...(await importOriginal<typeof import('sanity')>()),
  useClient: () => studio.client,
  useCurrentUser: () => studio.user,
}))

const options = resolveOptions({})
const theme = buildTheme()
const useBlockers = createPublishBlockersAction(options)
const HEADER = 'Why this article cannot be published yet'

// jsdom has no media queries or resize observer; Sanity UI's dialog asks for both.
beforeAll(() => {
  window.matchMedia ??= ((media: string) => ({matches: false, media, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false})) as never
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as never
})
afterEach(() => cleanup())

function actionProps(doc: ArticleDoc): DocumentActionProps {
  return {id: ARTICLE_ID, type: 'article', draft: doc, published: null, liveEdit: false, ready: true, onComplete: () => undefined, initialValueResolved: true} as unknown as DocumentActionProps
}

/** The footer as Studio renders it, reduced to the blockers action: its button and whether Studio got a dialog. */
function Footer({doc, seen}: {doc: ArticleDoc; seen: (description: DocumentActionDescription | null) => void}) {
  const description = useBlockers(actionProps(doc))
  seen(description)
  return description ? (
    <button type="button" onClick={() => description.onHandle?.()}>
      {description.label}
    </button>
  ) : null
}

/** The article's pane: its form (hosting the dialogs) and its footer; a new `mount` mounts the footer's actions again, as Studio does (-1: no footer). */
function Pane({doc, host = true, mount = 0, seen = () => undefined}: {doc: ArticleDoc; host?: boolean; mount?: number; seen?: (description: DocumentActionDescription | null) => void}) {
  return (
    <ThemeProvider theme={theme}>
      {host ? <ActionDialogHost documentId={ARTICLE_ID} /> : null}
      {mount >= 0 ? <Footer key={mount} doc={doc} seen={seen} /> : null}
    </ThemeProvider>
  )
}

const BLOCKED = article([{key: 'k1', kind: 'benefit', text: 'Retinoids reduce fine lines'}])

function clientWith(documents: Array<{_id: string; _type: string}>): MockClient {
  return createMockClient({documents: [expert('derm'), expert('reviewer'), citation('c1'), ...documents], historyAuthors: ['p-priya']})
}

describe('action dialogs in the article form', () => {
  it('the host shows the dialog and Studio is given none', async () => {
    studio.client = clientWith([])
    studio.user = currentUser('p-priya', ['editor'], 'Priya')
    let last: DocumentActionDescription | null = null
    render(<Pane doc={BLOCKED} seen={(d) => (last = d)} />)
    fireEvent.click(await screen.findByRole('button', {name: PUBLISH_BLOCKERS_LABEL}))
    expect(await screen.findByText(HEADER)).toBeTruthy()
    expect(last).toMatchObject({label: PUBLISH_BLOCKERS_LABEL, dialog: null})
  })

  it("stays open when Studio mounts the footer's actions again", async () => {
    studio.client = clientWith([])
    studio.user = currentUser('p-priya', ['editor'], 'Priya')
    const view = render(<Pane doc={BLOCKED} />)
    fireEvent.click(await screen.findByRole('button', {name: PUBLISH_BLOCKERS_LABEL}))
    const shown = await screen.findByTestId('publish-blockers-dialog')
    // Studio takes the footer away for a moment, then mounts its actions again.
    view.rerender(<Pane doc={BLOCKED} mount={-1} />)
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)))
    view.rerender(<Pane doc={BLOCKED} mount={1} />)
    await screen.findByRole('button', {name: PUBLISH_BLOCKERS_LABEL})
    await act(() => Promise.resolve())
    // The same dialog, not one opened again.
    expect(screen.getByTestId('publish-blockers-dialog')).toBe(shown)
  })

  it('closes when the document closes, and is closed when it opens again', async () => {
    studio.client = clientWith([])
    studio.user = currentUser('p-priya', ['editor'], 'Priya')
    const view = render(<Pane doc={BLOCKED} />)
    fireEvent.click(await screen.findByRole('button', {name: PUBLISH_BLOCKERS_LABEL}))
    await screen.findByText(HEADER)
    view.unmount()
    await act(() => new Promise((resolve) => setTimeout(resolve, REMOUNT_GRACE_MS + 50)))
    render(<Pane doc={BLOCKED} />)
    await screen.findByRole('button', {name: PUBLISH_BLOCKERS_LABEL})
    expect(screen.queryByText(HEADER)).toBeNull()
  })

  it('without a host (a Studio without the form input), the dialog goes to Studio', async () => {
    studio.client = clientWith([])
    studio.user = currentUser('p-priya', ['editor'], 'Priya')
    let last: DocumentActionDescription | null = null
    render(<Pane doc={BLOCKED} host={false} seen={(d) => (last = d)} />)
    fireEvent.click(await screen.findByRole('button', {name: PUBLISH_BLOCKERS_LABEL}))
    await waitFor(() => expect(last?.dialog).toMatchObject({type: 'dialog', header: HEADER}))
    expect(screen.queryByText(HEADER)).toBeNull()
  })

  it('a dialog that can no longer show closes, and does not come back by itself', async () => {
    const client = clientWith([])
    studio.client = client
    studio.user = currentUser('p-priya', ['editor'], 'Priya')
    const passing = article([{key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'}])
    const view = render(<Pane doc={passing} />)
    fireEvent.click(await screen.findByRole('button', {name: PUBLISH_BLOCKERS_LABEL}))
    expect(await screen.findByText(HEADER)).toBeTruthy()
    // The last approvals and the review land: nothing blocks the article, so the dialog closes.
    client.documents.push(...approveAll(passing), review(passing))
    act(() => client.listeners.forEach((listener) => listener.next({type: 'mutation', documentId: 'factcheck-new'})))
    await waitFor(() => expect(screen.queryByText(HEADER)).toBeNull())
    await waitFor(() => expect(screen.queryByRole('button', {name: PUBLISH_BLOCKERS_LABEL})).toBeNull())
    // The article is blocked again (its claim loses its expert): the button is back, the dialog is not.
    view.rerender(<Pane doc={BLOCKED} />)
    expect(await screen.findByRole('button', {name: PUBLISH_BLOCKERS_LABEL})).toBeTruthy()
    expect(screen.queryByText(HEADER)).toBeNull()
  })
})

describe('the dialog host store', () => {
  it('one host renders a document open twice; when it unmounts the next one does', () => {
    const first = mountDialogHost('doc-a')
    const second = mountDialogHost('doc-a')
    expect(activeDialogHost('doc-a')).toBe(first.token)
    first.unmount()
    expect(activeDialogHost('doc-a')).toBe(second.token)
    second.unmount()
    expect(activeDialogHost('doc-a')).toBeNull()
  })

  it('keeps each action its own dialog, in the order they opened, and notifies only on a change', () => {
    const notify = vi.fn()
    const unsubscribe = subscribeDialogs('doc-b', notify)
    setHostedDialog('doc-b', 'fact-check', {header: 'Fact-check claims', content: null, onClose: () => undefined})
    setHostedDialog('doc-b', 'record-review', {header: 'Record medical review', content: null, onClose: () => undefined})
    expect(hostedDialogs('doc-b').map((d) => d.key)).toEqual(['fact-check', 'record-review'])
    const snapshot = hostedDialogs('doc-b')
    expect(hostedDialogs('doc-b')).toBe(snapshot)
    setHostedDialog('doc-b', 'fact-check', null)
    expect(hostedDialogs('doc-b').map((d) => d.key)).toEqual(['record-review'])
    const calls = notify.mock.calls.length
    setHostedDialog('doc-b', 'publish-blockers', null)
    expect(notify.mock.calls.length).toBe(calls)
    setHostedDialog('doc-b', 'record-review', null)
    unsubscribe()
    expect(hostedDialogs('doc-b')).toEqual([])
  })

  it('an action mounted again within the grace keeps its dialog open; one gone for longer closes it', () => {
    vi.useFakeTimers()
    try {
      const release = claimAction('doc-c', 'record-review')
      setDialogOpen('doc-c', 'record-review', true)
      release()
      vi.advanceTimersByTime(REMOUNT_GRACE_MS / 2)
      const again = claimAction('doc-c', 'record-review')
      vi.advanceTimersByTime(REMOUNT_GRACE_MS)
      expect(isDialogOpen('doc-c', 'record-review')).toBe(true)
      again()
      vi.advanceTimersByTime(REMOUNT_GRACE_MS - 1)
      expect(isDialogOpen('doc-c', 'record-review')).toBe(true)
      vi.advanceTimersByTime(1)
      expect(isDialogOpen('doc-c', 'record-review')).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })
})
