import {Box, Dialog, PortalProvider, usePortal} from '@sanity/ui'
import {useCallback, useEffect, useState, useSyncExternalStore} from 'react'
import {LegacyLayerProvider} from 'sanity'
import {activeDialogHost, hostedDialogs, mountDialogHost, subscribeDialogs, type HostedDialog} from '../hooks/actionDialogs.ts'

/** Studio's action dialog widths, as Sanity UI's dialog widths. */
const WIDTHS = {small: 0, medium: 1, large: 2, full: 'auto'} as const

function HostedActionDialog({dialog}: {dialog: HostedDialog}) {
  const footer = dialog.footer ? (
    <Box paddingX={4} paddingY={3}>
      {dialog.footer}
    </Box>
  ) : undefined
  return (
    <LegacyLayerProvider zOffset="fullscreen">
      <Dialog
        animate
        id={`medical-claims-${dialog.key}`}
        header={dialog.header}
        footer={footer}
        width={dialog.width ? WIDTHS[dialog.width] : 1}
        onClose={dialog.onClose}
        onClickOutside={dialog.onClose}
        __unstable_hideCloseButton={dialog.showCloseButton === false}
      >
        <Box padding={4}>{dialog.content}</Box>
      </Dialog>
    </LegacyLayerProvider>
  )
}

/**
 * Renders the plugin's document-action dialogs for one document (see hooks/actionDialogs.ts):
 * mounted by the article's form, so an open dialog stays open whatever Studio's other actions do.
 */
export function ActionDialogHost({documentId}: {documentId: string}) {
  const [token, setToken] = useState<symbol | null>(null)
  useEffect(() => {
    const host = mountDialogHost(documentId)
    setToken(host.token)
    return host.unmount
  }, [documentId])
  const subscribe = useCallback((notify: () => void) => subscribeDialogs(documentId, notify), [documentId])
  const dialogs = useSyncExternalStore(subscribe, () => hostedDialogs(documentId), () => hostedDialogs(documentId))
  const active = useSyncExternalStore(subscribe, () => activeDialogHost(documentId), () => null)
  // Dialogs open over the document's panel, as Studio's own action dialogs do.
  const {element, elements} = usePortal()
  if (!token || active !== token || dialogs.length === 0) return null
  return (
    <PortalProvider element={elements?.documentPanelPortalElement ?? element}>
      {dialogs.map((dialog) => (
        <HostedActionDialog key={dialog.key} dialog={dialog} />
      ))}
    </PortalProvider>
  )
}
