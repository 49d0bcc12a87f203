/**
 * The browser starts wherever the checkout lives: Chromium's socket path is limited to 108
 * characters, so launchChromium gives it a short temporary folder of its own even when TMPDIR
 * (which the test command points into the project) is long.
 */
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {chromiumAvailability, launchChromium} from '../fixtures/browser.ts'

const chromium = chromiumAvailability('browser launch test')

describe.skipIf(!chromium.available)('launching Chromium', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'long-tmp-'))
  afterAll(() => rmSync(root, {recursive: true, force: true}))

  it('renders a page when TMPDIR is a path longer than a Unix socket allows', async () => {
    const long = path.join(root, 'a'.repeat(60), 'b'.repeat(60))
    mkdirSync(long, {recursive: true})
    const previous = process.env.TMPDIR
    process.env.TMPDIR = long
    try {
      const browser = await launchChromium()
      try {
        const page = await (await browser.newContext()).newPage()
        await page.setContent('<main><h1>Who says so?</h1></main>')
        expect(await page.textContent('h1')).toBe('Who says so?')
      } finally {
        await browser.close()
      }
    } finally {
      if (previous === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = previous
    }
    expect(process.env.TMPDIR).toBe(previous)
  })
})
