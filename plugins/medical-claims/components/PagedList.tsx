import {Button, Flex, Text} from '@sanity/ui'
import {useCallback, useEffect, useRef, useState, type ReactNode} from 'react'

/**
 * Rows the last list of a page (the fact-check queue's claims) shows at first, and adds each time
 * its end comes near the screen (or "Show more" is pressed): a list of thousands costs what one
 * screen of it costs to show.
 */
export const LIST_PAGE = 10

/**
 * Rows a list with more below it (withdrawn articles, credentials to verify again) shows at first:
 * it grows only when asked ("Show more"), so scrolling past it reaches what follows.
 */
export const SUMMARY_PAGE = 5

/**
 * The first rows of `items`, more on "Show more" and, when `grow` is 'onScroll', as the reader
 * scrolls to the end. What is shown starts again from the first page when `resetKey` changes (a
 * new read of the list).
 */
export function PagedList<T>({
  items,
  resetKey,
  row,
  testId,
  grow = 'onScroll',
}: {
  items: ReadonlyArray<T>
  resetKey: unknown
  row: (item: T) => ReactNode
  testId: string
  grow?: 'onScroll' | 'onClick'
}) {
  const first = grow === 'onScroll' ? LIST_PAGE : SUMMARY_PAGE
  const [shown, setShown] = useState(first)
  const [key, setKey] = useState(resetKey)
  if (key !== resetKey) {
    setKey(resetKey)
    setShown(first)
  }
  const more = useCallback(() => setShown((n) => n + LIST_PAGE), [])
  return (
    <>
      {items.slice(0, shown).map(row)}
      {items.length > shown ? <ShowMore shown={shown} total={items.length} onMore={more} onScroll={grow === 'onScroll'} testId={testId} /> : null}
    </>
  )
}

/** The end of a list shown in part: more of it when it comes near the screen, or on a click. */
function ShowMore({shown, total, onMore, onScroll, testId}: {shown: number; total: number; onMore: () => void; onScroll: boolean; testId: string}) {
  const ref = useRef<HTMLDivElement>(null)
  // A new observer for each page: it reports at once whether the end is still near the screen.
  useEffect(() => {
    const element = ref.current
    if (!onScroll || !element || typeof IntersectionObserver === 'undefined') return
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMore()
    }, {rootMargin: '600px 0px'})
    observer.observe(element)
    return () => observer.disconnect()
  }, [shown, onMore, onScroll])
  return (
    <Flex ref={ref} justify="center" align="center" gap={3} padding={2}>
      <Text size={1} muted>
        {shown} of {total} shown
      </Text>
      <Button text={`Show ${Math.min(LIST_PAGE, total - shown)} more`} mode="ghost" onClick={onMore} data-testid={testId} />
    </Flex>
  )
}
