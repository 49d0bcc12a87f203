import {useEditor} from '@portabletext/editor'
import {EventListenerPlugin} from '@portabletext/editor/plugins'
import {createContext, useCallback, useContext, useEffect, useMemo, useRef, type MutableRefObject} from 'react'
import {useFormValue, type InputProps, type PortableTextPluginsProps} from 'sanity'
import {clearLiveBody, recordLiveBody} from '../hooks/liveBody.ts'
import {getPublishedId} from '../rules/ids.ts'
import type {BodyItem, MedicalClaimsOptions} from '../rules/types.ts'

/** The article body's field: a Portable Text array at `body` (the field the rules read). */
export function isArticleBodyInput(props: InputProps): boolean {
  const type = props.schemaType as {jsonType?: string; of?: Array<{name?: string; type?: {name?: string}}>}
  return props.path.length === 1 && props.path[0] === 'body' && type.jsonType === 'array' && Boolean(type.of?.some((member) => member.name === 'block' || member.type?.name === 'block'))
}

interface LiveBodyTarget {
  articleId: string
  /** The form's body now: what a keystroke is typed over until the form catches up. */
  formValue: MutableRefObject<unknown>
}

/** Set by the article body's input for the editor inside it (other Portable Text fields have none). */
const LiveBodyContext = createContext<LiveBodyTarget | null>(null)

/**
 * Studio's input for an article's body, marking the editor inside it as the one whose keystrokes
 * the verdict follows (hooks/liveBody.ts).
 */
export function LiveBodyInput(props: InputProps & {pluginOptions: MedicalClaimsOptions}) {
  const {pluginOptions, ...inputProps} = props
  const documentId = useFormValue(['_id'])
  const documentType = useFormValue(['_type'])
  const articleId = typeof documentId === 'string' && typeof documentType === 'string' && pluginOptions.articleTypes.includes(documentType) ? getPublishedId(documentId) : null
  const formValue = useRef<unknown>(inputProps.value)
  formValue.current = inputProps.value
  useEffect(() => (articleId ? () => clearLiveBody(articleId) : undefined), [articleId])
  const target = useMemo(() => (articleId ? {articleId, formValue} : null), [articleId])
  return <LiveBodyContext.Provider value={target}>{inputProps.renderDefault(inputProps)}</LiveBodyContext.Provider>
}

/** Reports what the editor holds after each of its patches, once per frame however many a keystroke or a paste makes. */
function LiveBodyReporter({target}: {target: LiveBodyTarget}) {
  const editor = useEditor()
  const frame = useRef<number | null>(null)
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current)
      frame.current = null
    },
    [],
  )
  const onEvent = useCallback(
    (event: {type: string}) => {
      if (event.type !== 'patch' || frame.current !== null) return
      frame.current = requestAnimationFrame(() => {
        frame.current = null
        recordLiveBody(target.articleId, target.formValue.current, editor.getSnapshot().context.value as BodyItem[])
      })
    },
    [editor, target],
  )
  return <EventListenerPlugin on={onEvent} />
}

/** The Portable Text editors' plugins: Studio's own, and in an article's body the keystroke reporter. */
export function LiveBodyPlugins(props: PortableTextPluginsProps) {
  const target = useContext(LiveBodyContext)
  return (
    <>
      {props.renderDefault(props)}
      {target ? <LiveBodyReporter target={target} /> : null}
    </>
  )
}
