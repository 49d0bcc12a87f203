/**
 * Where the plugin's document-action dialogs live.
 *
 * Studio keeps an open action dialog by the action's position in the footer's list of actions
 * that render, and keeps whether it is open in the action's own state. Both go when Studio
 * re-renders its footer: an action appearing or disappearing before ours (Studio's own "Schedule
 * publish" does, once the project's features have loaded) closes the open dialog or shows
 * another one, and a footer that mounts its actions again (it does once the releases check
 * answers) forgets that a dialog was open. So the plugin keeps both here, per document and
 * action: whether the dialog is open, and what it shows; the article's form mounts a host
 * (ActionDialogHost) that renders them. An action whose document has no host mounted (a Studio
 * without the plugin's form input) hands its dialog to Studio as before.
 */
import {useCallback, useEffect, useSyncExternalStore} from 'react'
import type {DocumentActionModalDialogProps} from 'sanity'

export type HostedDialog = DocumentActionModalDialogProps & {key: string}

interface DocumentDialogs {
  /** Mounted hosts, oldest first: the oldest renders (a document open in two panes shows one dialog). */
  hosts: symbol[]
  /** The actions whose dialog is open. */
  open: Set<string>
  /** What each open dialog shows, as its action last rendered it. */
  dialogs: Map<string, HostedDialog>
  /** Mounted instances of each action. */
  actions: Map<string, number>
  /** The open dialogs, rebuilt on every change (a stable snapshot between changes). */
  snapshot: HostedDialog[]
  listeners: Set<() => void>
}

const documents = new Map<string, DocumentDialogs>()
const NO_DIALOGS: HostedDialog[] = []

function entry(documentId: string): DocumentDialogs {
  let found = documents.get(documentId)
  if (!found) {
    found = {hosts: [], open: new Set(), dialogs: new Map(), actions: new Map(), snapshot: NO_DIALOGS, listeners: new Set()}
    documents.set(documentId, found)
  }
  return found
}

/** Forgets a document nothing refers to any more. */
function tidy(documentId: string, doc: DocumentDialogs): void {
  if (!doc.hosts.length && !doc.open.size && !doc.dialogs.size && !doc.actions.size && !doc.listeners.size) documents.delete(documentId)
}

function changed(documentId: string, doc: DocumentDialogs): void {
  doc.snapshot = doc.dialogs.size ? [...doc.dialogs.values()] : NO_DIALOGS
  for (const notify of [...doc.listeners]) notify()
  tidy(documentId, doc)
}

/** Mounts a host for the document; returns its token and the unmount. */
export function mountDialogHost(documentId: string): {token: symbol; unmount: () => void} {
  const doc = entry(documentId)
  const token = Symbol(documentId)
  doc.hosts.push(token)
  changed(documentId, doc)
  return {
    token,
    unmount: () => {
      const current = entry(documentId)
      current.hosts = current.hosts.filter((host) => host !== token)
      changed(documentId, current)
    },
  }
}

/** The host that renders the document's dialogs (the oldest mounted), or null. */
export function activeDialogHost(documentId: string): symbol | null {
  return documents.get(documentId)?.hosts[0] ?? null
}

/** The document's open dialogs, in the order they opened. */
export function hostedDialogs(documentId: string): HostedDialog[] {
  return documents.get(documentId)?.snapshot ?? NO_DIALOGS
}

export function isDialogOpen(documentId: string, key: string): boolean {
  return documents.get(documentId)?.open.has(key) ?? false
}

/** Opens or closes one action's dialog (closing forgets what it showed). */
export function setDialogOpen(documentId: string, key: string, open: boolean): void {
  const doc = entry(documentId)
  if (open === doc.open.has(key)) return tidy(documentId, doc)
  if (open) doc.open.add(key)
  else {
    doc.open.delete(key)
    doc.dialogs.delete(key)
  }
  changed(documentId, doc)
}

/** Sets (`dialog`) or clears (`null`) what one action's open dialog shows on the document's host. */
export function setHostedDialog(documentId: string, key: string, dialog: DocumentActionModalDialogProps | null): void {
  const doc = entry(documentId)
  if (dialog) doc.dialogs.set(key, {...dialog, key})
  else if (!doc.dialogs.delete(key)) return tidy(documentId, doc)
  changed(documentId, doc)
}

export function subscribeDialogs(documentId: string, onChange: () => void): () => void {
  const doc = entry(documentId)
  doc.listeners.add(onChange)
  return () => {
    const current = entry(documentId)
    current.listeners.delete(onChange)
    tidy(documentId, current)
  }
}

/**
 * How long an action may be gone before its open dialog closes: Studio takes the footer's actions
 * away for a moment and mounts them again (seen taking 0.1-0.2 s on a busy machine).
 */
export const REMOUNT_GRACE_MS = 1_000

/**
 * Counts a mounted instance of an action; the returned release closes the action's dialog once no
 * instance has been mounted for REMOUNT_GRACE_MS (an action mounted again meanwhile keeps it).
 */
export function claimAction(documentId: string, key: string): () => void {
  const doc = entry(documentId)
  doc.actions.set(key, (doc.actions.get(key) ?? 0) + 1)
  return () => {
    const current = entry(documentId)
    const left = (current.actions.get(key) ?? 1) - 1
    if (left > 0) current.actions.set(key, left)
    else current.actions.delete(key)
    setTimeout(() => {
      const now = entry(documentId)
      if (!now.actions.has(key)) setDialogOpen(documentId, key, false)
      else tidy(documentId, now)
    }, REMOUNT_GRACE_MS)
  }
}

function useDialogStore<T>(documentId: string, read: () => T, server: T): T {
  // One subscription per document, not one per render (actions render on every keystroke).
  const subscribe = useCallback((notify: () => void) => subscribeDialogs(documentId, notify), [documentId])
  return useSyncExternalStore(subscribe, read, () => server)
}

/** Whether one action's dialog is open, kept across Studio mounting its actions again. */
export function useDialogOpen(documentId: string, key: string): {open: boolean; show: () => void; close: () => void} {
  const open = useDialogStore(documentId, () => isDialogOpen(documentId, key), false)
  return {open, show: () => setDialogOpen(documentId, key, true), close: () => setDialogOpen(documentId, key, false)}
}

/**
 * The action's dialog, rendered by the document's host when one is mounted (then Studio gets no
 * dialog from the action), else returned for Studio to render. Call it on every render of the
 * action, before any early return, with what the open dialog shows, or null while it cannot show
 * yet (the action's data is loading, after Studio mounted it again: the host keeps showing what
 * it showed). `gone` says the dialog no longer applies: an open one closes, so it never comes
 * back by itself.
 */
export function useHostedDialog(
  documentId: string,
  key: string,
  {open, close, dialog, gone}: {open: boolean; close: () => void; dialog: Omit<DocumentActionModalDialogProps, 'onClose'> | null; gone: boolean},
): DocumentActionModalDialogProps | null {
  const hosted = useDialogStore(documentId, () => activeDialogHost(documentId) !== null, false)
  useEffect(() => claimAction(documentId, key), [documentId, key])
  const shown: DocumentActionModalDialogProps | null = open && !gone && dialog ? {...dialog, onClose: close} : null
  useEffect(() => {
    if (open && gone) close()
    else if (!hosted) setHostedDialog(documentId, key, null)
    else if (shown) setHostedDialog(documentId, key, shown)
  })
  return hosted ? null : shown
}
