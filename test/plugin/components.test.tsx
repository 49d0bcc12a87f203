// @vitest-environment jsdom
/**
 * The fact-check panel, the publish-blockers dialog and the medical review dialog, rendered with
 * @sanity/ui against a stand-in client: who sees the Approve/Reject buttons, what a decision or
 * review document holds, where "Show claim" takes the editor, and how the review stands.
 */
import {cleanup, fireEvent, render, screen, waitFor, within} from '@testing-library/react'
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
import {LIST_PAGE, SUMMARY_PAGE} from '../../plugins/medical-claims/components/PagedList.tsx'
import {PublishBlockersDialog} from '../../plugins/medical-claims/components/PublishBlockersDialog.tsx'
import {RecordReviewDialog} from '../../plugins/medical-claims/components/RecordReviewDialog.tsx'
import type {PolicyContext} from '../../plugins/medical-claims/data.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {evaluateArticle} from '../../plugins/medical-claims/rules/policy.ts'
import type {ArticleDoc} from '../../plugins/medical-claims/rules/types.ts'
import {WITHDRAWAL_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import {ARTICLE_ID, CHECKER, NOW, approveAll, article, citation, credential, expert, pinned, review} from '../fixtures/policy-factories.ts'
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
const SAM = {id: 'p-sam', name: 'Sam Adeyemi', roles: ['medical-reviewer']}

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

  it("shows beside each claim the expert's disclosures that bear on it, above the buttons, and none that do not", () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const [derm, reviewer] = CONTEXT.experts
    const disclosed: PolicyContext = {
      ...CONTEXT,
      experts: [
        {
          ...derm,
          disclosures: [
            {_key: 'emollient', statement: 'Has received speaking fees from Glow Labs, an emollient maker.', relationship: 'speaking', organisation: 'Glow Labs', topics: ['skin'], since: '2024-03-01'},
            {_key: 'supplements', statement: 'Advises a fish-oil brand.', relationship: 'consulting', organisation: 'Omega Co', topics: ['nutrition']},
            {_key: 'old', statement: 'Was employed by Derma Inc.', relationship: 'employment', organisation: 'Derma Inc', until: '2024-06-30'},
            {_key: 'shares', statement: 'Holds shares in a clinic chain.', relationship: 'ownership'},
          ],
        },
        reviewer,
      ],
    }
    setup(
      article([
        {key: 'k1', kind: 'aftercare', topic: 'skin', expert: 'derm', text: 'Moisturise twice a day'},
        {key: 'k2', kind: 'aftercare', topic: 'mentalHealth', expert: 'derm', text: 'Sleep helps recovery'},
        {key: 'k3', kind: 'aftercare', expert: 'reviewer', text: 'Keep the area clean for a day'},
      ]),
      disclosed,
    )
    const [skin, other, noDisclosures] = screen.getAllByTestId('claim-row')
    const lines = (row: HTMLElement) => within(row).queryAllByTestId('claim-conflict').map((el) => [el.dataset.disclosureKey, el.textContent])
    expect(lines(skin)).toEqual([
      ['emollient', 'Conflict of interest: Has received speaking fees from Glow Labs, since 2024-03As disclosed: Has received speaking fees from Glow Labs, an emollient maker.Concerns: Skin, hair and nails'],
      ['shares', 'Conflict of interest: Holds shares in a clinic chain'],
    ])
    // Another topic: only the disclosure that names none; the relationship that ended in 2024 shows nowhere.
    expect(lines(other).map(([key]) => key)).toEqual(['shares'])
    expect(within(noDisclosures).queryByTestId('claim-conflicts')).toBeNull()
    expect(screen.getAllByTestId('claim-row').map((row) => row.textContent).join(' ')).not.toContain('Derma Inc')
    // The fact-checker reads the conflict before reaching the decision.
    const conflicts = within(skin).getByTestId('claim-conflicts')
    expect(skin.dataset.claimStatus).toBe('awaitingFactCheck')
    expect(conflicts.compareDocumentPosition(within(skin).getByTestId('approve-button')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(conflicts.compareDocumentPosition(within(skin).getByTestId('claim-citations')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })
})

describe('PublishBlockersDialog', () => {
  function renderDialog(doc: ArticleDoc, pane: unknown) {
    const verdict = evaluateArticle({...CONTEXT, decisions: approveAll(doc, CONTEXT).slice(1), article: doc, now: NOW, options})
    const onClose = vi.fn()
    render(
      wrap(
        <DocumentPaneContext.Provider value={pane as never}>
          <PublishBlockersDialog article={doc} verdict={verdict} context={CONTEXT} options={options} onClose={onClose} />
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
    expect(screen.getByTestId('publish-blockers-title').textContent).toBe('Cannot publish: 1 claim needs an expert, 1 claim awaiting fact-check, no medical review.')
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

  it('lets the editor add a source to a claim that needs evidence, and remove a retracted one, in place', async () => {
    studio.client = createMockClient({
      documents: [citation('c1'), citation('c2', {title: 'A retracted trial', retracted: true}), citation('c3', {title: 'A new meta-analysis'})],
    })
    const pane = {onPathOpen: vi.fn(), onFocus: vi.fn(), onChange: vi.fn()}
    // A risk without a source, and a benefit citing a retracted trial.
    const doc = article([
      {key: 'k1', kind: 'risk', expert: 'derm', text: 'It can cause redness'},
      {key: 'k2', kind: 'benefit', expert: 'derm', citations: ['c2'], text: 'It smooths skin'},
    ])
    const verdict = evaluateArticle({...CONTEXT, citations: [citation('c1'), citation('c2', {title: 'A retracted trial', retracted: true})], decisions: [], article: doc, now: NOW, options})
    const context = {...CONTEXT, citations: [citation('c1'), citation('c2', {title: 'A retracted trial', retracted: true})], decisions: [], editors: []}
    render(
      wrap(
        <DocumentPaneContext.Provider value={pane as never}>
          <PublishBlockersDialog article={doc} verdict={verdict} context={context as never} options={options} onClose={vi.fn()} />
        </DocumentPaneContext.Provider>,
      ),
    )
    const [first, second] = screen.getAllByTestId('claim-evidence')
    expect(first.textContent).toContain('No source cited yet.')
    expect(second.textContent).toContain('A retracted trial (retracted)')
    const select = within(first).getByTestId('add-source-select') as HTMLSelectElement
    await waitFor(() => expect(select.disabled).toBe(false))
    // Retracted sources are not offered.
    expect([...select.options].map((o) => o.textContent)).toEqual(['Add a source…', 'A new meta-analysis', 'Study c1'])
    fireEvent.change(select, {target: {value: 'c3'}})
    const added = pane.onChange.mock.calls[0][0] as {patches: Array<{type: string; path: unknown[]; items?: unknown[]; position?: string}>}
    const listPath = ['body', {_key: 'block-k1'}, 'markDefs', {_key: 'k1'}, 'citations']
    expect(added.patches).toEqual([
      expect.objectContaining({type: 'setIfMissing', path: listPath, value: []}),
      expect.objectContaining({type: 'insert', path: [...listPath, -1], position: 'after', items: [expect.objectContaining({_type: 'reference', _ref: 'c3', _key: expect.any(String)})]}),
    ])
    fireEvent.click(within(second).getByTestId('remove-source-button'))
    const removed = pane.onChange.mock.calls[1][0] as {patches: Array<{type: string; path: unknown[]}>}
    expect(removed.patches).toEqual([expect.objectContaining({type: 'unset', path: ['body', {_key: 'block-k2'}, 'markDefs', {_key: 'k2'}, 'citations', {_key: 'c0'}]})])
  })

  it('lets the editor choose the kind of a claim that has none', () => {
    const pane = {onPathOpen: vi.fn(), onFocus: vi.fn(), onChange: vi.fn()}
    renderDialog(article([{key: 'k1', expert: 'derm', citations: ['c1'], text: 'It smooths skin'}]), pane)
    fireEvent.change(screen.getByTestId('claim-kind-select'), {target: {value: 'benefit'}})
    const event = pane.onChange.mock.calls[0][0] as {patches: Array<{type: string; path: unknown[]; value: unknown}>}
    expect(event.patches).toEqual([expect.objectContaining({type: 'set', path: ['body', {_key: 'block-k1'}, 'markDefs', {_key: 'k1'}, 'kind'], value: 'benefit'})])
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

  it('shows the medical review with the reason it blocks, and has no focus buttons outside a document pane', () => {
    const doc = article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}])
    renderDialog(doc, null)
    expect(screen.getByTestId('review-status').dataset.reviewState).toBe('missing')
    expect(screen.getAllByTestId('review-status-issue').map((el) => el.dataset.issueCode)).toEqual(['review.missing'])
    // Shown once, in the review's section.
    expect(screen.queryAllByTestId('publish-blocker-issue').map((el) => el.dataset.issueCode)).not.toContain('review.missing')
    expect(screen.queryByTestId('focus-claim-button')).toBeNull()
  })

  it("says who reviewed a stale review, who recorded it and when, with the rules' reason, and offers no focus for it", () => {
    const doc = article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}])
    const context: PolicyContext = {...CONTEXT, decisions: [review({...doc, title: 'An earlier title'}, {checkedBy: CHECKER, checkedAt: '2026-09-18T16:00:00.000Z'})]}
    const verdict = evaluateArticle({...context, decisions: [...approveAll(doc, CONTEXT), ...context.decisions], article: doc, now: NOW, options})
    render(
      wrap(
        <DocumentPaneContext.Provider value={{onPathOpen: vi.fn(), onFocus: vi.fn(), onChange: vi.fn()} as never}>
          <PublishBlockersDialog article={doc} verdict={verdict} context={context} options={options} onClose={vi.fn()} />
        </DocumentPaneContext.Provider>,
      ),
    )
    const status = screen.getByTestId('review-status')
    expect(status.dataset.reviewState).toBe('notCounting')
    expect(screen.getByTestId('review-status-summary').textContent).toBe(
      'Reviewed by Dr. reviewer, recorded by Dana Whitfield on 2026-09-18 · next review due 2027-10-01',
    )
    expect(screen.getByTestId('review-status-issue').textContent).toMatch(/^The article changed after its medical review \(recorded by Dana Whitfield on 2026-09-18\)/)
    expect(screen.queryByTestId('focus-claim-button')).toBeNull()
  })
})

describe('FactCheckPanel medical review', () => {
  it('shows the review that counts, with its reviewer and dates', () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const doc = article([{key: 'k1', kind: 'aftercare', expert: 'derm', text: 'Keep the area clean for a day'}])
    const context: PolicyContext = {...CONTEXT, decisions: [...approveAll(doc, CONTEXT), review(doc, {checkedBy: SAM})]}
    const verdict = evaluateArticle({...context, article: doc, now: NOW, options})
    render(wrap(<FactCheckPanel articleId={ARTICLE_ID} article={doc} verdict={verdict} context={context} options={options} onDecided={vi.fn()} />))
    expect(screen.getByTestId('review-status').dataset.reviewState).toBe('counts')
    expect(screen.getByTestId('review-status-summary').textContent).toBe('Reviewed by Dr. reviewer, recorded by Sam Adeyemi on 2026-10-01 · next review due 2027-10-01')
    expect(screen.queryByTestId('review-status-issue')).toBeNull()
  })
})

describe('RecordReviewDialog', () => {
  const doc: ArticleDoc = {
    ...article([{key: 'k1', kind: 'aftercare', expert: 'derm', citations: ['c1'], text: 'Keep the area clean for a day'}], {_id: `drafts.${ARTICLE_ID}`}),
    title: 'Aftercare, explained',
  }
  const experts = [
    expert('reviewer', [credential({title: 'Board certified, dermatology'})], 'Dr. Rita Review'),
    expert('lapsed', [credential({title: 'Medical licence', kind: 'licence', expiresOn: '2025-06-30'})], 'Dr. Lapsed'),
    expert('nurse', [credential({kind: 'registration', profession: 'registeredNurse', title: 'Registered nurse'})], 'Ben Nurse'),
  ]
  const context: PolicyContext = {experts: [expert('derm', [credential()], 'Dr. Ana Ruiz')], citations: [citation('c1')], decisions: approveAll(doc, {experts: [expert('derm', [credential()], 'Dr. Ana Ruiz')], citations: [citation('c1')]}), editors: ['p-priya']}

  function renderReviewDialog(recorder: {id: string; name: string; roles: string[]}, evidenceRequired: boolean, create?: (doc: unknown) => Promise<unknown>) {
    const client = createMockClient({documents: experts})
    if (create) client.create.mockImplementation(create as never)
    studio.client = client
    const verdict = evaluateArticle({...context, article: doc, now: NOW, options})
    const onRecorded = vi.fn()
    render(wrap(<RecordReviewDialog article={doc} context={context} verdict={verdict} options={options} recorder={recorder} evidenceRequired={evidenceRequired} onRecorded={onRecorded} onCancel={vi.fn()} />))
    return {client, onRecorded, verdict}
  }

  it('offers the experts whose credentials qualify, with their standing, and records the review pinned to the draft as shown', async () => {
    const {client, onRecorded} = renderReviewDialog(SAM, false)
    expect(screen.getByTestId('review-status').dataset.reviewState).toBe('missing')
    const select = screen.getByTestId('record-review-reviewer') as HTMLSelectElement
    await waitFor(() => expect(select.disabled).toBe(false))
    expect([...select.options].map((option) => [option.textContent, option.disabled])).toEqual([
      ['Choose the reviewing expert…', false],
      ['Dr. Rita Review', false],
      ['Dr. Lapsed (credential not valid)', true],
    ])
    const confirm = screen.getByTestId('confirm-record-review') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    fireEvent.change(select, {target: {value: 'reviewer'}})
    expect(screen.getAllByTestId('record-review-credential').map((el) => el.dataset.standing)).toEqual(['valid'])
    const due = screen.getByTestId('record-review-next-due') as HTMLInputElement
    expect([due.value, due.min, due.max]).toEqual(['2027-11-24', '2026-11-25', '2028-11-23'])
    expect(screen.getByTestId('record-review-version').textContent).toMatch(/the draft as it reads now/)
    expect(screen.getByTestId('record-review-covers').textContent).toContain('Aftercare, explained')
    expect(screen.getByTestId('record-review-covers').textContent).toContain('Keep the area clean for a day')
    expect(screen.queryByTestId('record-review-evidence-required')).toBeNull()
    expect(confirm.disabled).toBe(false)
    fireEvent.click(confirm)
    await waitFor(() => expect(onRecorded).toHaveBeenCalled())
    const written = client.create.mock.calls[0][0] as unknown as Record<string, unknown>
    expect(written).toMatchObject({
      _type: 'factCheck.review',
      article: {_type: 'reference', _ref: ARTICLE_ID, _weak: true},
      reviewer: {_type: 'reference', _ref: 'reviewer', _weak: true},
      nextReviewDue: '2027-11-24',
      checkedBy: SAM,
    })
    // The review the dialog wrote is one the rules count, once the lake has stamped its time.
    const stamped = {...written, checkedAt: NOW} as never
    const after = evaluateArticle({...context, experts: [...context.experts, experts[0]], decisions: [...context.decisions, stamped], article: doc, now: NOW, options})
    expect(after.issues).toEqual([])
  })

  it('requires evidence from a fact-checker recording on the reviewer\'s behalf, saying why', async () => {
    const {client, onRecorded} = renderReviewDialog(CHECKER, true)
    const select = screen.getByTestId('record-review-reviewer') as HTMLSelectElement
    await waitFor(() => expect(select.disabled).toBe(false))
    fireEvent.change(select, {target: {value: 'reviewer'}})
    const confirm = screen.getByTestId('confirm-record-review') as HTMLButtonElement
    expect(screen.getByTestId('record-review-evidence-required').textContent).toMatch(/not a medical reviewer.*The evidence is required/)
    expect(confirm.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('record-review-evidence'), {target: {value: 'Dr. Review signed the form, emailed 2026-11-24'}})
    expect(screen.queryByTestId('record-review-evidence-required')).toBeNull()
    fireEvent.click(confirm)
    await waitFor(() => expect(onRecorded).toHaveBeenCalled())
    expect(client.create.mock.calls[0][0]).toMatchObject({evidence: 'Dr. Review signed the form, emailed 2026-11-24', checkedBy: CHECKER})
  })

  it('refuses a date the lake would refuse, and shows what the lake says when it refuses', async () => {
    const {onRecorded} = renderReviewDialog(SAM, false, async () => {
      throw new Error('Permission denied: p-sam edited "article-test", so someone who did not edit it must record its medical review')
    })
    const select = screen.getByTestId('record-review-reviewer') as HTMLSelectElement
    await waitFor(() => expect(select.disabled).toBe(false))
    fireEvent.change(select, {target: {value: 'reviewer'}})
    fireEvent.change(screen.getByTestId('record-review-next-due'), {target: {value: '2029-01-01'}})
    expect(screen.getByTestId('record-review-next-due-problem').textContent).toBe('The next review may be at most 730 days ahead: on or before 2028-11-23.')
    const confirm = screen.getByTestId('confirm-record-review') as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    fireEvent.change(screen.getByTestId('record-review-next-due'), {target: {value: '2027-06-01'}})
    fireEvent.click(confirm)
    await waitFor(() => expect(screen.getByTestId('record-review-error').textContent).toContain('someone who did not edit it must record its medical review'))
    expect(onRecorded).not.toHaveBeenCalled()
  })
})

describe('credential verification input', () => {
  const input = createFormInput(options)
  const schemaType = {name: 'credential', jsonType: 'object', fields: [{name: 'verification', type: {name: 'credentialVerification'}}]}

  function renderCredential(value: unknown, Input = input) {
    const onChange = vi.fn()
    const renderDefault = vi.fn(() => <div data-testid="default-input" />)
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

  it('offers "Verify again" for a credential due for verification, saying when it lapsed, with the same evidence flow', () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const lapsed = pinned(credential({verification: {status: 'verified', verifiedBy: 'p-dana', verifiedAt: '2025-06-01T09:00:00Z', evidence: 'Board lookup'}}), 'Dr. Ana Ruiz')
    const {onChange} = renderCredential(lapsed)
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('verificationDue')
    expect(screen.getByTestId('credential-standing').textContent).toBe('Due for verification again')
    expect(screen.getByTestId('credential-due').textContent).toBe('Its verification lapsed on 2026-06-02: check the register and verify it again, with the evidence.')
    const verify = screen.getByTestId('credential-verify-button')
    expect(verify.textContent).toBe('Verify again')
    fireEvent.click(verify)
    expect((screen.getByTestId('credential-confirm-button') as HTMLButtonElement).disabled).toBe(true)
    fireEvent.change(screen.getByTestId('credential-evidence'), {target: {value: 'ABD lookup again, cert #12345 active'}})
    fireEvent.click(screen.getByTestId('credential-confirm-button'))
    const patches = onChange.mock.calls[0][0] as Array<{type: string; path: unknown[]; value?: unknown}>
    expect(patches.map((patch) => [patch.type, patch.path, patch.value])).toEqual([
      ['setIfMissing', ['verification'], {_type: 'credentialVerification'}],
      ['set', ['verification', 'status'], 'verified'],
      ['set', ['verification', 'verifiedBy'], `${CHECKER.name} (${CHECKER.id})`],
      ['set', ['verification', 'verifiedAt'], NOW],
      ['set', ['verification', 'evidence'], 'ABD lookup again, cert #12345 active'],
      ['set', ['verification', 'fingerprint'], credentialFingerprint('Dr. Ana Ruiz', lapsed)],
    ])
    // Verified again as the patches say, it stands valid today.
    cleanup()
    renderCredential({...lapsed, verification: {...lapsed.verification, verifiedAt: NOW}})
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('valid')
    expect(screen.queryByTestId('credential-due')).toBeNull()
  })

  it("stands a credential by the project's own intervals, and says when one falls due within 30 days", () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const verified = pinned(credential({verification: {status: 'verified', verifiedBy: 'p-dana', verifiedAt: '2026-08-01T09:00:00Z', evidence: 'Board lookup'}}), 'Dr. Ana Ruiz')
    renderCredential(verified)
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('valid')
    expect(screen.queryByTestId('credential-due')).toBeNull()
    cleanup()
    renderCredential(verified, createFormInput(resolveOptions({reverifyAfterDaysByIssuer: {'us-abms-abd': 90}})))
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('verificationDue')
    expect(screen.getByTestId('credential-due').textContent).toContain('lapsed on 2026-10-31')
    expect(screen.getByTestId('credential-verify-button').textContent).toBe('Verify again')
    cleanup()
    renderCredential(verified, createFormInput(resolveOptions({reverifyAfterDaysByIssuer: {'us-abms-abd': 120}})))
    expect(screen.getByTestId('credential-standing').dataset.standing).toBe('valid')
    expect(screen.getByTestId('credential-due').textContent).toBe('Due for verification again on 2026-11-30, in 6 days.')
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
  const older = {...article([{key: 'a1', kind: 'aftercare', expert: 'derm', text: 'Older claim'}], {_id: 'drafts.older', title: 'Older'}), _updatedAt: '2026-11-01T00:00:00Z'}
  const newer = {...article([{key: 'b1', kind: 'aftercare', expert: 'derm', text: 'Newer claim'}], {_id: 'newer', title: 'Newer'}), _updatedAt: '2026-11-20T00:00:00Z'}

  function renderQueue(historyAuthors: string[] = ['p-priya'], documents: unknown[] = [expert('derm', [credential()], 'Dr. Ana Ruiz'), expert('reviewer'), newer, older]) {
    const client = createMockClient({documents: documents as never, historyAuthors})
    studio.client = client
    const router = route.create('/', [route.intents('/intent')])
    const tool = {name: 'fact-check', title: 'Fact-check queue', component: FactCheckQueueTool, options}
    render(
      wrap(
        <RouterProvider router={router} state={{}} onNavigate={() => undefined}>
          <FactCheckQueueTool tool={tool} />
        </RouterProvider>,
      ),
    )
    return client
  }

  it('lists every claim waiting for a fact-checker, oldest article first, with links into the article', async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    renderQueue()
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

  it(`shows a long queue ${LIST_PAGE} claims at a time, in reading order, and the rest on "Show more"`, async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const total = LIST_PAGE + 5
    const claims = Array.from({length: total}, (_, i) => ({key: `c${i}`, kind: 'aftercare' as const, expert: 'derm', text: `Claim number ${i}`}))
    const long = {...article(claims, {_id: 'long', title: 'Long'}), _updatedAt: '2026-11-01T00:00:00Z'}
    renderQueue(['p-priya'], [expert('derm', [credential()], 'Dr. Ana Ruiz'), long])
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(LIST_PAGE))
    expect(screen.getByTestId('fact-check-queue-count').textContent).toBe(`${total} claims waiting`)
    expect(screen.getAllByTestId('queue-item').map((el) => el.dataset.claimKey)).toEqual(claims.slice(0, LIST_PAGE).map((c) => c.key))
    const more = screen.getByTestId('fact-check-queue-more')
    expect(more.textContent).toBe('Show 5 more')
    expect(more.parentElement?.textContent).toContain(`${LIST_PAGE} of ${total} shown`)
    fireEvent.click(more)
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(total))
    expect(screen.getAllByTestId('queue-item').map((el) => el.dataset.claimKey)).toEqual(claims.map((c) => c.key))
    expect(screen.queryByTestId('fact-check-queue-more')).toBeNull()
  })

  it('reads the credentials to verify again once the claims are read, so the two reads do not share the wait', async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const client = renderQueue()
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(2))
    await waitFor(() => expect(screen.queryByTestId('reverification-empty') ?? screen.queryAllByTestId('reverification-item')[0]).toBeTruthy())
    const tags = client.fetch.mock.calls.map((call) => String((call[2] as {tag?: string} | undefined)?.tag ?? ''))
    const reverification = tags.indexOf('medical-claims.reverification')
    expect(reverification).toBeGreaterThan(-1)
    expect(tags.slice(reverification + 1).filter((tag) => tag.startsWith('medical-claims.queue'))).toEqual([])
  })

  it(`shows ${SUMMARY_PAGE} withdrawn articles above the claims and more only when asked, so the claims stay within reach`, async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const total = SUMMARY_PAGE + 2
    const withdrawals = Array.from({length: total}, (_, i) => ({
      _id: `withdrawal-${i}`,
      _type: WITHDRAWAL_TYPE,
      article: {_type: 'reference', _ref: `gone-${i}`, _weak: true},
      articleTitle: `Withdrawn ${i}`,
      withdrawnAt: `2026-11-${String(10 + i).padStart(2, '0')}T09:00:00.000Z`,
      reasons: [{message: 'A source was retracted.'}],
    }))
    renderQueue(['p-priya'], [expert('derm', [credential()], 'Dr. Ana Ruiz'), expert('reviewer'), newer, older, ...withdrawals])
    await waitFor(() => expect(screen.getAllByTestId('withdrawn-item')).toHaveLength(SUMMARY_PAGE))
    // Newest withdrawal first; the claims below are listed already.
    expect(screen.getAllByTestId('withdrawn-item').map((el) => el.dataset.articleId)).toEqual(withdrawals.map((w) => w.article._ref).reverse().slice(0, SUMMARY_PAGE))
    expect(screen.getAllByTestId('queue-item')).toHaveLength(2)
    const more = screen.getByTestId('fact-check-queue-withdrawn-more')
    expect(more.textContent).toBe('Show 2 more')
    expect(more.parentElement?.textContent).toContain(`${SUMMARY_PAGE} of ${total} shown`)
    fireEvent.click(more)
    await waitFor(() => expect(screen.getAllByTestId('withdrawn-item')).toHaveLength(total))
    expect(screen.queryByTestId('fact-check-queue-withdrawn-more')).toBeNull()
  })
  it('lets a fact-checker who did not edit the article approve a claim in place: the approval is pinned, and the claim leaves the list', async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const client = renderQueue(['p-priya'])
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(2))
    const row = screen.getAllByTestId('queue-item')[0]
    fireEvent.click(within(row).getByTestId('approve-button'))
    fireEvent.click(within(row).getByTestId('confirm-approve-button'))
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(1))
    expect(screen.getByTestId('queue-item').dataset.claimKey).toBe('b1')
    const approval = client.documents.find((d) => d._type === 'factCheck.approval') as {article?: {_ref: string}; claimKey?: string; fingerprint?: string} | undefined
    expect(approval).toMatchObject({article: {_ref: 'older'}, claimKey: 'a1'})
    expect(approval?.fingerprint).toEqual(expect.any(String))
  })

  it('tells a fact-checker who edited the articles why they cannot decide here, and offers no buttons', async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    renderQueue([CHECKER.id])
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(2))
    expect(screen.queryAllByTestId('approve-button')).toHaveLength(0)
    expect(screen.getAllByTestId('queue-item-permission')[0].textContent).toBe('You edited this article, so another fact-checker must check its claims.')
  })

  it("shows beside a queued claim its expert's disclosures that bear on it", async () => {
    studio.user = currentUser(CHECKER.id, ['fact-checker'], CHECKER.name)
    const disclosing = {
      ...expert('derm', [credential()], 'Dr. Ana Ruiz'),
      disclosures: [
        {_key: 'fees', _type: 'disclosure', statement: 'Speaking fees from Glow Labs.', relationship: 'speaking', organisation: 'Glow Labs', since: '2025-01-15'},
        {_key: 'food', _type: 'disclosure', statement: 'Advises a fish-oil brand.', relationship: 'consulting', organisation: 'Omega Co', topics: ['nutrition']},
      ],
    }
    const skin = {...article([{key: 's1', kind: 'aftercare', topic: 'skin', expert: 'derm', text: 'Moisturise twice a day'}], {_id: 'skin', title: 'Skin'}), _updatedAt: '2026-11-01T00:00:00Z'}
    studio.client = createMockClient({documents: [disclosing, expert('reviewer'), skin], historyAuthors: ['p-priya']})
    const router = route.create('/', [route.intents('/intent')])
    render(
      wrap(
        <RouterProvider router={router} state={{}} onNavigate={() => undefined}>
          <FactCheckQueueTool tool={{name: 'fact-check', title: 'Fact-check queue', component: FactCheckQueueTool, options}} />
        </RouterProvider>,
      ),
    )
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(1))
    expect(screen.getAllByTestId('claim-conflict').map((el) => el.dataset.disclosureKey)).toEqual(['fees'])
    expect(screen.getByTestId('claim-conflict').textContent).toContain('Conflict of interest: Has received speaking fees from Glow Labs, since 2025-01')
  })

  it('offers an editor no buttons, saying who decides', async () => {
    studio.user = currentUser('p-priya', ['editor'], 'Priya')
    renderQueue()
    await waitFor(() => expect(screen.getAllByTestId('queue-item')).toHaveLength(2))
    expect(screen.queryAllByTestId('approve-button')).toHaveLength(0)
    expect(screen.getAllByTestId('queue-item-permission')[0].textContent).toMatch(/^Only fact-checkers \(role "fact-checker"\) approve or reject claims\.$/)
  })
})
