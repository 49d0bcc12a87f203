import {defineConfig} from 'vitest/config'

/** The suites that drive Chromium: each starts a lake and a browser, so they run one file at a time. */
const BROWSER_SUITES = ['test/browser/**/*.test.ts', 'test/site/browser.test.ts']

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: BROWSER_SUITES}},
      {extends: true, test: {name: 'browser', include: BROWSER_SUITES, fileParallelism: false}},
    ],
  },
})
