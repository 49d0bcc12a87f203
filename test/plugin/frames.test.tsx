// @vitest-environment jsdom
/** The shared frame loop the Publish action holds while Studio validates the article. */
import {cleanup, renderHook} from '@testing-library/react'
import {afterEach, describe, expect, it, vi} from 'vitest'
import {framesHeld, holdFrames, useFramesWhile} from '../../plugins/medical-claims/hooks/useFramesWhile.ts'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

describe('useFramesWhile', () => {
  it('asks for a frame each frame while active, and for none once inactive or unmounted', async () => {
    const asked = vi.spyOn(window, 'requestAnimationFrame')
    const {rerender, unmount} = renderHook(({active}) => useFramesWhile(active), {initialProps: {active: false}})
    expect(framesHeld()).toBe(false)
    expect(asked).not.toHaveBeenCalled()

    rerender({active: true})
    expect(framesHeld()).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 100))
    // jsdom runs frames at 60 per second: the loop asked again at each.
    expect(asked.mock.calls.length).toBeGreaterThan(2)

    rerender({active: false})
    expect(framesHeld()).toBe(false)
    const after = asked.mock.calls.length
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(asked.mock.calls.length).toBe(after)

    rerender({active: true})
    expect(framesHeld()).toBe(true)
    unmount()
    expect(framesHeld()).toBe(false)
  })

  it('runs one loop for every holder, until the last lets go; letting go twice counts once', async () => {
    const asked = vi.spyOn(window, 'requestAnimationFrame')
    const first = holdFrames()
    const second = holdFrames()
    await new Promise((resolve) => setTimeout(resolve, 100))
    const frames = asked.mock.calls.length
    // One loop: one request per frame, not two (about 6 frames in 100 ms).
    expect(frames).toBeGreaterThan(2)
    expect(frames).toBeLessThan(12)
    first()
    first()
    expect(framesHeld()).toBe(true)
    second()
    expect(framesHeld()).toBe(false)
  })
})
