/**
 * A small router: method + path pattern -> handler. HEAD is answered by the GET route. A path that
 * some route knows, asked with another method, is a 405; any other path a 404.
 */
import {LakeError, notFound} from '../errors.ts'
import type {Context} from './types.ts'

export type Handler = (ctx: Context, match: RegExpExecArray) => Promise<void> | void

export interface Route {
  method: string
  pattern: RegExp
  handler: Handler
}

export class Router {
  private readonly list: Route[] = []

  on(method: string, pattern: RegExp, handler: Handler): this {
    this.list.push({method, pattern, handler})
    return this
  }

  /** The routes, in the order they are tried. */
  get routes(): ReadonlyArray<Readonly<Route>> {
    return this.list
  }

  async dispatch(ctx: Context): Promise<void> {
    for (const {method, pattern, handler} of this.list) {
      if (method !== ctx.method && !(method === 'GET' && ctx.method === 'HEAD')) continue
      const match = pattern.exec(ctx.path)
      if (match) {
        await handler(ctx, match)
        return
      }
    }
    if (this.list.some(({pattern}) => pattern.test(ctx.path))) {
      const methods = [...new Set(this.list.filter(({pattern}) => pattern.test(ctx.path)).map((route) => route.method))].join(', ')
      throw new LakeError(405, 'methodNotAllowedError', `${ctx.method} is not allowed on ${ctx.path}: use ${methods}.`)
    }
    throw notFound(`Not found: ${ctx.path} is not an endpoint of the local lake (lake/README.md lists them).`)
  }
}
