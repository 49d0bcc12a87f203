import {useEffect} from 'react'

/**
 * Asks the browser for an animation frame each frame while `active`, from one loop shared by every
 * caller.
 *
 * Why: Studio validates a document one node at a time, each after a `requestIdleCallback`, and
 * Chromium runs an idle callback requested during an idle period only in the next one. With
 * nothing to draw, an idle period lasts 50 ms, so a pass over an article of 5,000 nodes spends
 * most of its time waiting with the page idle (1.6 s for 200 claims, the page's thread busy a
 * fifth of it); with a frame each 16 ms an idle period ends at each frame and the same pass takes
 * 0.7 s. The frames draw nothing new: a frame with nothing changed costs the page next to nothing.
 */
export function useFramesWhile(active: boolean): void {
  useEffect(() => {
    if (!active) return undefined
    return holdFrames()
  }, [active])
}

let holders = 0
let frame: number | null = null

function tick(): void {
  frame = holders > 0 ? requestAnimationFrame(tick) : null
}

/** Starts the shared loop (if it is not running) and returns the function that lets it go. */
export function holdFrames(): () => void {
  if (typeof requestAnimationFrame !== 'function') return () => undefined
  holders++
  if (frame === null) frame = requestAnimationFrame(tick)
  let released = false
  return () => {
    if (released) return
    released = true
    holders--
    if (holders === 0 && frame !== null) {
      cancelAnimationFrame(frame)
      frame = null
    }
  }
}

/** Whether the shared loop is running (for tests). */
export function framesHeld(): boolean {
  return frame !== null
}
