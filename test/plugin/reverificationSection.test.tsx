// @vitest-environment jsdom
/**
 * The fact-check queue's "Re-verify credentials" section, rendered in the queue tool with
 * @sanity/ui against a stand-in client that runs the real GROQ: its rows and their links, the empty
 * state, and the error card (the claims queue still loads).
 */
import {cleanup, fireEvent, render, screen, waitFor, within} from '@testing-library/react'
import {ThemeProvider} from '@sanity/ui'
import {buildTheme} from '@sanity/ui/theme'
import {route, RouterProvider} from 'sanity/router'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {FactCheckQueueTool} from '../../plugins/medical-claims/components/FactCheckQueueTool.tsx'
import {REVERIFICATION_QUERY} from '../../plugins/medical-claims/reverificationData.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import type {Credential} from '../../plugins/medical-claims/rules/types.ts'
import {CHECKER, NOW, article, credential, expert} from '../fixtures/policy-factories.ts'
import {createMockClient, currentUser, type MockClient} from './helpers.ts'

const studio = vi.hoisted(() => ({client: null as unknown, user: null as unknown}))
vi.mock('sanity', async (importOriginal) => ({
  ...(await importOriginal<typeof import('sanity')>()),
  useClient: () => studio.client,
  useCurrentUser: () => studio.user,
}))

const options = resolveOptions({})
const theme = buildTheme()

const verifiedOn = (at: string | undefined, overrides: Partial<Credential> = {}) =>
  credential({...overrides, verification: {status: 'verified', verifiedBy: 'p-dana', evidence: 'Board lookup', ...(at ? {verifiedAt: at} : {})}})

const claimsBy = (id: string, expertId: string) => ({
  ...article([{key: `${id}-k1`, kind: 'aftercare', expert: expertId, text: `Claim of ${id}`}], {_id: id, title: id}),
  _updatedAt: '2026-11-01T00:00:00Z',
})

function renderTool(client: MockClient) {
  studio.client = client
  const router = route.create('/', [route.intents('/intent')])
  render(
    <ThemeProvider theme={theme}>
      <RouterProvider router={router} state={{}} onNavigate={() => undefined}>
        <FactCheckQueueTool tool={{name: 'fact-check', title: 'Fact-check queue', component: FactCheckQueueTool, options}} />
      </RouterProvider>
    </ThemeProvider>,
  )
}

beforeEach(() => {
  vi.useFakeTimers({toFake: ['Date']})
  vi.setSystemTime(new Date(NOW))
  studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('Re-verify credentials', () => {
  it('lists overdue credentials first, then those due soon, each linking to the expert at the credential, with its register and articles', async () => {
    renderTool(
      createMockClient({
        documents: [
          expert('ana', [verifiedOn('2025-12-20T15:00:00Z', {identifier: '12345'})], 'Dr. Ana Ruiz'),
          expert(
            'ben',
            [verifiedOn('2025-06-01T09:00:00Z', {_key: 'licence', kind: 'licence', title: 'California licence', issuer: 'us-state-medical-board', issuingBody: 'Medical Board of California', jurisdiction: 'US-CA'})],
            'Dr. Ben Okafor',
          ),
          expert('cleo', [credential()], 'Dr. Cleo Park'),
          claimsBy('one', 'ben'),
          claimsBy('two', 'ben'),
          claimsBy('three', 'ana'),
        ],
        historyAuthors: ['p-priya'],
      }),
    )
    await waitFor(() => expect(screen.getAllByTestId('reverification-item')).toHaveLength(2))
    const rows = screen.getAllByTestId('reverification-item')
    expect(rows.map((row) => [row.dataset.expertId, row.dataset.credentialKey, row.dataset.state])).toEqual([
      ['ben', 'licence', 'overdue'],
      ['ana', 'cred-1', 'dueSoon'],
    ])
    expect(screen.getByTestId('reverification-count').textContent).toBe('Re-verify credentials (2, 1 overdue)')
    expect(rows[0].textContent).toContain('Overdue')
    expect(within(rows[0]).getByTestId('reverification-item-due').textContent).toBe('Due since 2026-06-02 (175 days ago)')
    expect(rows[0].textContent).toContain('California licence · Medical Board of California · US-CA')
    expect(rows[0].textContent).toContain('Last verified 2025-06-01 · 2 published articles rely on this expert')
    expect(within(rows[1]).getByTestId('reverification-item-due').textContent).toBe('Due 2026-12-21, in 27 days')
    expect(rows[1].textContent).toContain('Board certified, dermatology · American Board of Dermatology (ABD) · 12345')
    expect(rows[1].textContent).toContain('1 published article relies on this expert')

    const link = within(rows[0]).getByTestId('reverification-item-link') as HTMLAnchorElement
    expect(link.textContent).toBe('Dr. Ben Okafor')
    const href = decodeURIComponent(link.getAttribute('href') ?? '')
    expect(href).toContain('id=ben')
    expect(href).toContain('type=expert')
    expect(href).toContain('path=credentials[_key=="licence"]')
    const register = within(rows[0]).getByTestId('reverification-item-register') as HTMLAnchorElement
    expect([register.getAttribute('href'), register.getAttribute('target'), register.textContent]).toEqual(['https://www.docinfo.org', '_blank', 'Check the register '])

    // The section sits above the claims waiting, in the same tool (Ben's claims wait for his credential, not for a fact-checker).
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(1))
    const section = screen.getByTestId('reverification')
    expect(section.compareDocumentPosition(screen.getByTestId('fact-check-queue-items')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })

  it('says a verified credential without a date is due now', async () => {
    renderTool(createMockClient({documents: [expert('ana', [verifiedOn(undefined)], 'Dr. Ana Ruiz')]}))
    await waitFor(() => expect(screen.getAllByTestId('reverification-item')).toHaveLength(1))
    expect(screen.getByTestId('reverification-item-due').textContent).toBe('Due now: its verification has no date')
    expect(screen.getByTestId('reverification-item').textContent).toContain('No published article relies on this expert')
    expect(screen.getByTestId('reverification-item').textContent).not.toContain('Last verified')
  })

  it('says when no credential is due in the next 30 days', async () => {
    renderTool(createMockClient({documents: [expert('cleo', [credential()], 'Dr. Cleo Park')]}))
    await waitFor(() => expect(screen.getByTestId('reverification-empty').textContent).toBe('No credential is due for verification in the next 30 days.'))
    expect(screen.queryAllByTestId('reverification-item')).toHaveLength(0)
    expect(screen.getByTestId('reverification-count').textContent).toBe('Re-verify credentials')
  })

  it('shows an error card when its query fails, leaves the claims queue working, and loads again on Refresh', async () => {
    const client = createMockClient({
      documents: [expert('ben', [verifiedOn('2025-06-01T09:00:00Z')], 'Dr. Ben Okafor'), expert('cleo', [credential()], 'Dr. Cleo Park'), claimsBy('one', 'cleo')],
      historyAuthors: ['p-priya'],
    })
    const fetch = client.fetch.getMockImplementation()
    let fail = true
    client.fetch.mockImplementation(async (query, params, perspective) => {
      if (query === REVERIFICATION_QUERY && fail) throw new Error('Request timed out')
      return fetch?.(query, params, perspective)
    })
    renderTool(client)
    await waitFor(() => expect(screen.getByTestId('reverification-error').textContent).toBe('Could not load the credentials to verify again: Request timed out'))
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(1))
    expect(screen.queryByTestId('fact-check-queue-error')).toBeNull()

    fail = false
    fireEvent.click(screen.getByText('Refresh'))
    await waitFor(() => expect(screen.getAllByTestId('reverification-item')).toHaveLength(1))
    expect(screen.queryByTestId('reverification-error')).toBeNull()
    expect(screen.getByTestId('reverification-item').dataset.state).toBe('overdue')
  })
})
