/**
 * Loaded into the Sanity CLI's own process (`node --import <this file>`, see cliNodeOptions in
 * lake/cli-proxy.ts): an API's refusal is printed as the API's message, once, without a stack.
 *
 * Why: @sanity/cli 8's `dataset import` reports any failure with `this.output.error(err.stack ||
 * err.message)`. For a refusal the error is @sanity/client's ClientError, whose name is "Error", so
 * its stack reads "Error: <message>\n    at executeRequest (...)..." and oclif prefixes its own
 * "Error: ": the user saw "Error: Error: <message>" followed by the CLI's own call stack, as if the
 * CLI had crashed. A refusal is an answer from the API, and its stack says nothing about
 * why it was refused.
 *
 * V8 formats `error.stack` when it is first read, by calling `Error.prepareStackTrace`; by then
 * the client has put the response on the error. Errors that carry an HTTP answer (a status code
 * and the response it came in) format as their message alone; every other error (a bug, a crash)
 * keeps its full stack.
 */

interface HttpAnswer {
  statusCode: number
  message: string
  response: {statusCode: number}
}

/** @sanity/client's ClientError and ServerError: an error made from an HTTP response. */
function isHttpAnswer(error: unknown): error is HttpAnswer {
  if (!(error instanceof Error)) return false
  const {statusCode, response} = error as Partial<HttpAnswer>
  return typeof statusCode === 'number' && statusCode >= 400 && typeof response === 'object' && response !== null && typeof response.statusCode === 'number'
}

const previous = Error.prepareStackTrace

Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): unknown => {
  if (isHttpAnswer(error)) return error.message
  if (previous) return previous(error, frames)
  return `${String(error)}${frames.map((frame) => `\n    at ${String(frame)}`).join('')}`
}
