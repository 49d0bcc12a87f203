// @vitest-environment jsdom
/**
 * The fact-check panel and the publish-blockers dialog, rendered with @sanity/ui against a
 * stand-in client: who sees the Approve/Reject buttons, what a decision document holds, and
 * where "Show claim" takes the editor.
 */
import {cleanup, fireEvent, render, screen, waitFor} from '@testing-library/react'
import {ThemeProvider} from '@sanity/ui'
import {buildTheme} from '@sanity/ui/theme'
import type {ReactNode} from 'react'
import type {InputProps} from 'sanity'
import {DocumentPaneContext} from 'sanity/_singletons'
import {route, RouterProvider} from 'sanity/router'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import {createFormInput} from '../../plugins/medical-claims/components/CredentialInput.tsx'
import {FactCheckPanel} from '../../plugins/medical-claims/components/FactCheckPanel.tsx'
import {FactCheckQueueTool} from '../../plugins/medical-claims/components/FactCheckQueueTool.tsx'
import {PublishBlockersDialog} from '../../plugins/medical-claims/components/PublishBlockersDialog.tsx'
import type {PolicyContext} from '../../plugins/medical-claims/data.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {ARTICLE_ID, CHECKER, NOW, approveAll, article, citation, credential, expert, pinned} from '../fixtures/policy-factories.ts'
import {credentialFingerprint} from '../../plugins/medical-claims/rules/fingerprints.ts'
import {createMockClient, currentUser} from './helpers.ts'

const studio = vi.hoisted(() => ({client: null as unknown, user: null as unknown, document: {name: 'Dr. Ana Ruiz'} as Record<string, unknown>}))
vi.mock('sanity', async (importOriginal) => ({
  ...(await importOriginal<typeof import('sanity')>()),
  useClient: () => studio.client,
  useCurrentUser: () => studio.user,
  useFormValue: (path: string[]) => studio.document[path[0]],
}))

const options = resolveOptions({})
const theme = buildTheme()

function wrap(children: ReactNode) {
  return <ThemeProvider theme={theme}>{children}</ThemeProvider>
}

const CONTEXT: PolicyContext = {
  experts: [
    expert('derm', [credential(), credential({_key: 'cred-2', title: 'State licence', kind: 'licence', verification: {status: 'unverified'}})], 'Dr. Ana Ruiz'),
    expert('reviewer'),
  ],
  citations: [citation('c1', {title: 'Retinoid trial', doi: '10.1000/xyz', retracted: true} as never)],
  decisions: [],
  editors: ['p-priya'],
}

function setup(doc: ArticleDoc, context: PolicyContext = CONTEXT) {
  const verdict = evaluateArticle({...context, article: doc, now: NOW, options})
  const onDecided = vi.fn()
  render(wrap(<FactCheckPanel articleId={ARTICLE_ID} verdict={verdict} context={context} options={options} onDecided={onDecided} />))
  return {verdict, onDecided}
}

const DOC = article([
  {key: 'k1', kind: 'benefit', expert: 'derm', citations: ['c1'], text: 'Retinoids reduce fine lines'},
  {key: 'k2', kind: 'benefit', text: 'Peels brighten the skin'},
])

beforeEach(() => {
  vi.useFakeTimers({toFake: ['Date']})
  vi.setSystemTime(new Date(NOW))
  studio.client = createMockClient()
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('FactCheckPanel', () => {
  it("shows each claim with its expert, the expert's credentials and standing, and the sources", () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    setup(DOC)
    const rows = screen.getAllByTestId('claim-row')
    expect(rows.map((row) => [row.dataset.claimKey, row.dataset.claimStatus])).toEqual([
      ['k1', 'needsEvidence'],
      ['k2', 'needsAttribution'],
    ])
    expect(rows[0].textContent).toContain('Dr. Ana Ruiz')
    expect(screen.getAllByTestId('claim-credential').map((el) => el.dataset.standing)).toEqual(['valid', 'unverified'])
    expect(rows[0].textContent).toContain('Retracted')
    expect(rows[0].querySelector('a[href="https://doi.org/10.1000/xyz"]')).not.toBeNull()
    expect(rows[1].textContent).toContain('Not attributed to an expert')
  })

  it('says a credential edited after it was verified changed since, instead of valid, and the claim needs it verified again', () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const [derm, reviewer] = CONTEXT.experts
    const [verified, unverified] = derm.credentials ?? []
    const edited: PolicyContext = {...CONTEXT, experts: [{...derm, credentials: [{...verified, expiresOn: '2099-12-31'}, unverified]}, reviewer]}
    setup(article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}]), edited)
    const credentials = screen.getAllByTestId('claim-credential')
    expect(credentials.map((el) => el.dataset.standing)).toEqual(['changed', 'unverified'])
    expect(credentials[0].textContent).toContain('Changed since it was verified by p-dana on 2026-01-10')
    expect(credentials[0].textContent).not.toContain('Valid')
    expect(screen.getByTestId('claim-row').dataset.claimStatus).toBe('needsCredential')
    expect(screen.getByTestId('claim-issues').textContent).toContain('verify it again')
  })

  it('lets a fact-checker who did not edit the article approve a claim, pinned to its fingerprint', async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const doc = article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}])
    const {verdict, onDecided} = setup(doc)
    expect(verdict.claims[0].status).toBe('awaitingFactCheck')
    fireEvent.click(screen.getByTestId('approve-button'))
    fireEvent.change(screen.getByTestId('decision-note'), {target: {value: 'Checked against the aftercare leaflet'}})
    fireEvent.click(screen.getByTestId('confirm-approve-button'))
    await waitFor(() => expect(onDecided).toHaveBeenCalled())
    const client = studio.client as ReturnType<typeof createMockClient>
    expect(client.create).toHaveBeenCalledTimes(1)
    const written = client.create.mock.calls[0][0] as unknown as Record<string, unknown>
    expect(written).toMatchObject({
      _type: 'factCheck.approval',
      article: {_type: 'reference', _ref: ARTICLE_ID, _weak: true},
      claimKey: 'k1',
      fingerprint: verdict.claims[0].fingerprint,
      checkedBy: {id: CHECKER.id, name: CHECKER.name, roles: ['fact-checker']},
      checkedAt: NOW,
      note: 'Checked against the aftercare leaflet',
    })
    expect(String(written._id)).toMatch(/^factcheck-[0-9a-f-]{36}$/)
    // The decision the panel wrote is one the rules accept.
    expect(evaluateArticle({...CONTEXT, decisions: [written as never], article: doc, now: NOW, options}).claims[0].status).toBe('approved')
  })

  it('requires a reason to reject', async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    setup(article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}]))
    fireEvent.click(screen.getByTestId('reject-button'))
    const confirm = screen.getByTestId('confirm-reject-button') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('decision-reason'), {target: {value: 'A day is too short: the leaflet says three'}})
    expect(confirm.disabled).toBe(false)
    fireEvent.click(confirm)
    const client = studio.client as ReturnType<typeof createMockClient>
    await waitFor(() => expect(client.create).toHaveBeenCalled())
    expect(client.create.mock.calls[0][0]).toMatchObject({_type: 'factCheck.rejection', reason: 'A day is too short: the leaflet says three'})
  })

  it('never shows the buttons to editors, but shows them the state and the reasons', () => {
    studio.user = currentUser('p-priya', ['editor'])
    setup(article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}]))
    expect(screen.queryByTestId('approve-button')).toBeNull()
    expect(screen.queryByTestId('reject-button')).toBeNull()
    expect(screen.getByTestId('claim-status').textContent).toBe('Awaiting fact-check')
    expect(screen.getByTestId('fact-check-permission').textContent).toMatch(/Only fact-checkers/)
  })

  it('hides the buttons from a fact-checker who edited the article, saying why', () => {
    studio.user = currentUser('p-priya', ['fact-checker'])
    setup(article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}]))
    expect(screen.queryByTestId('approve-button')).toBeNull()
    expect(screen.getByTestId('fact-check-permission').textContent).toMatch(/You edited this article/)
  })
})

describe('PublishBlockersDialog', () => {
  function renderDialog(doc: ArticleDoc, pane: unknown) {
    const verdict = evaluateArticle({...CONTEXT, decisions: approveAll(doc, CONTEXT).slice(1), article: doc, now: NOW, options})
    const onClose = vi.fn()
    render(
      wrap(
        <DocumentPaneContext.Provider value={pane as never}>
          <PublishBlockersDialog verdict={verdict} context={CONTEXT} options={options} onClose={onClose} />
        </DocumentPaneContext.Provider>,
      ),
    )
    return {verdict, onClose}
  }

  it('lists every failing claim and takes the editor to it in the body', () => {
    const pane = {onPathOpen: vi.fn(), onFocus: vi.fn()}
    const doc = article([
      {key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'},
      {key: 'k2', kind: 'benefit', text: 'Peels brighten the skin'},
      {key: 'k3', kind: 'aftercare', expert: 'derm', text: 'Avoid the sun for a week'},
    ])
    const {onClose} = renderDialog(doc, pane)
    expect(screen.getByTestId('publish-blockers-title').textContent).toBe('Cannot publish: 1 claim needs an expert, 1 claim awaiting fact-check.')
    const claims = screen.getAllByTestId('publish-blocker-claim')
    expect(claims.map((el) => el.dataset.claimKey)).toEqual(['k1', 'k2'])
    expect(claims[0].textContent).toContain('Keep the area clean for a day')
    expect(claims[0].textContent).toContain('Dr. Ana Ruiz')
    expect(claims[1].textContent).toContain('not attributed to an expert')
    fireEvent.click(screen.getAllByTestId('focus-claim-button')[1])
    const path = ['body', {_key: 'block-k2'}, 'markDefs', {_key: 'k2'}]
    expect(pane.onPathOpen).toHaveBeenCalledWith(path)
    expect(pane.onFocus).toHaveBeenCalledWith(path)
    expect(onClose).toHaveBeenCalled()
  })

  it('lets the editor attribute an unattributed claim to an expert, qualified experts first', async () => {
    studio.client = createMockClient({
      documents: [
        expert('nurse', [credential({kind: 'registration', profession: 'registeredNurse', title: 'Registered nurse'})], 'Ben Nurse'),
        expert('derm', [credential()], 'Dr. Ana Ruiz'),
      ],
    })
    const pane = {onPathOpen: vi.fn(), onFocus: vi.fn(), onChange: vi.fn()}
    renderDialog(article([{key: 'k2', kind: 'benefit', text: 'Peels brighten the skin'}]), pane)
    const select = screen.getByTestId('attribute-expert-select') as HTMLSelectElement
    await waitFor(() => expect(select.disabled).toBe(false))
    expect([...select.options].map((option) => option.textContent)).toEqual([
      'Choose an expert…',
      'Dr. Ana Ruiz (qualified)',
      'Ben Nurse (not qualified for this kind of claim)',
    ])
    fireEvent.change(select, {target: {value: 'derm'}})
    const event = pane.onChange.mock.calls[0][0] as {patches: Array<{type: string; path: unknown[]; value: unknown}>}
    expect(event.patches).toEqual([
      expect.objectContaining({type: 'set', path: ['body', {_key: 'block-k2'}, 'markDefs', {_key: 'k2'}, 'expert'], value: {_type: 'reference', _ref: 'derm'}}),
    ])
  })

  it('lists article-level issues too, and has no focus buttons outside a document pane', () => {
    const doc = article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}], {medicalReview: undefined})
    renderDialog(doc, null)
    expect(screen.getAllByTestId('publish-blocker-issue').map((el) => el.dataset.issueCode)).toContain('review.missing')
    expect(screen.queryByTestId('focus-claim-button')).toBeNull()
  })
})

describe('credential verification input', () => {
  const input = createFormInput(options)
  const schemaType = {name: 'credential', jsonType: 'object', fields: [{name: 'verification', type: {name: 'credentialVerification'}}]}

  function renderCredential(value: unknown) {
    const onChange = vi.fn()
    const renderDefault = vi.fn(() => <div data-testid="default-input" />)
    const Input = input
    render(wrap(<Input {...({schemaType, value, onChange, renderDefault, path: ['credentials', {_key: 'cred-1'}], readOnly: false} as unknown as InputProps)} />))
    return {onChange, renderDefault}
  }

  it('lets a fact-checker mark a credential verified, with the evidence, pinned to what was verified', () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const unverified = credential({verification: {status: 'unverified'}})
    const {onChange} = renderCredential(unverified)
    expect(screen.getByTestId('default-input')).toBeTruthy()
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('unverified')
    fireEvent.click(screen.getByTestId('credential-verify-button'))
    const confirm = screen.getByTestId('credential-confirm-button') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('credential-evidence'), {target: {value: 'ABD lookup, cert #12345'}})
    fireEvent.click(confirm)
    const patches = onChange.mock.calls[0][0] as Array<{type: string; path: unknown[]; value?: unknown}>
    expect(patches.map((patch) => [patch.type, patch.path, patch.value])).toEqual([
      ['setIfMissing', ['verification'], {_type: 'credentialVerification'}],
      ['set', ['verification', 'status'], 'verified'],
      ['set', ['verification', 'verifiedBy'], `${CHECKER.name} (${CHECKER.id})`],
      ['set', ['verification', 'verifiedAt'], NOW],
      ['set', ['verification', 'evidence'], 'ABD lookup, cert #12345'],
      ['set', ['verification', 'fingerprint'], credentialFingerprint('Dr. Ana Ruiz', unverified)],
    ])
    expect(credentialFingerprint('Dr. Ana Ruiz', unverified)).toContain('Dr. Ana Ruiz|boardCertification|physician')
  })

  it('says a verified credential changed since it was verified, instead of valid', () => {
    studio.user = currentUser('p-priya', ['editor'])
    const verified = pinned(credential(), 'Dr. Ana Ruiz')
    renderCredential(verified)
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('valid')
    expect(screen.getByTestId('credential-verification').textContent).toContain('Verified by p-dana')
    cleanup()
    renderCredential({...verified, expiresOn: '2099-12-31'})
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('changed')
    expect(screen.getByTestId('credential-verification').textContent).toContain('Changed since it was verified')
    expect(screen.getByTestId('credential-verification').textContent).not.toContain('Valid')
    cleanup()
    studio.document = {name: 'Dr. Someone Else'}
    renderCredential(verified)
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('changed')
    studio.document = {name: 'Dr. Ana Ruiz'}
  })

  it('lets administrators (credentialVerifierRoles) revoke, and nobody else act', () => {
    studio.user = currentUser('p-admin', ['administrator'])
    renderCredential(credential())
    expect(screen.getByTestId('credential-revoke-button')).toBeTruthy()
    cleanup()
    studio.user = currentUser('p-priya', ['editor'])
    renderCredential(pinned(credential(), 'Dr. Ana Ruiz'))
    expect(screen.queryByTestId('credential-verify-button')).toBeNull()
    expect(screen.queryByTestId('credential-revoke-button')).toBeNull()
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('valid')
  })

  it('makes the verification fields read-only for users who may not verify', () => {
    const verificationType = {name: 'credentialVerification', jsonType: 'object', fields: ['status', 'verifiedBy', 'verifiedAt', 'evidence'].map((name) => ({name}))}
    const renderDefault = vi.fn(() => <div />)
    const Input = input
    studio.user = currentUser('p-priya', ['editor'])
    render(wrap(<Input {...({schemaType: verificationType, path: ['credentials', {_key: 'c'}, 'verification'], renderDefault, readOnly: false} as unknown as InputProps)} />))
    expect(renderDefault).toHaveBeenLastCalledWith(expect.objectContaining({readOnly: true}))
  })

  it('leaves every other input as it is', () => {
    const renderDefault = vi.fn(() => <div data-testid="plain" />)
    const Input = input
    render(wrap(<Input {...({schemaType: {name: 'string', jsonType: 'string'}, path: ['title'], renderDefault} as unknown as InputProps)} />))
    expect(renderDefault).toHaveBeenCalledWith(expect.objectContaining({path: ['title']}))
  })
})

describe('FactCheckQueueTool', () => {
  it('lists every claim waiting for a fact-checker, oldest article first, with links into the article', async () => {
    const older = {...article([{key: 'a1', kind: 'aftercare', expert: 'derm', text: 'Older claim'}], {_id: 'drafts.older', title: 'Older'}), _updatedAt: '2026-11-01T00:00:00Z'}
    const newer = {...article([{key: 'b1', kind: 'aftercare', expert: 'derm', text: 'Newer claim'}], {_id: 'newer', title: 'Newer'}), _updatedAt: '2026-11-20T00:00:00Z'}
    studio.client = createMockClient({documents: [expert('derm', [credential()], 'Dr. Ana Ruiz'), expert('reviewer'), newer, older]})
    const router = route.create('/', [route.intents('/intent')])
    const tool = {name: 'fact-check', title: 'Fact-check queue', component: FactCheckQueueTool, options}
    render(
      wrap(
        <RouterProvider router={router} state={{}} onNavigate={() => undefined}>
          <FactCheckQueueTool tool={tool} />
        </RouterProvider>,
      ),
    )
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(2))
    const items = screen.getAllByTestId('queue-item')
    expect(items.map((el) => [el.dataset.articleId, el.dataset.claimKey])).toEqual([
      ['older', 'a1'],
      ['newer', 'b1'],
    ])
    expect(items[0].textContent).toContain('Dr. Ana Ruiz')
    const link = screen.getAllByTestId('queue-item-link')[0] as HTMLAnchorElement
    expect(decodeURIComponent(link.getAttribute('href') ?? '')).toContain('id=older')
    expect(decodeURIComponent(link.getAttribute('href') ?? '')).toContain('path=body[_key=="block-a1"].markDefs[_key=="a1"]')
  })
})
