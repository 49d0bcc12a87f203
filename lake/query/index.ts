/** The lake's GROQ engine: parse, plan, `text::query`, run (in process or on the worker pool, ./pool.ts). */
export {parsePerspective, parseQuery, type Perspective} from './parse.ts'
export {lazyCondition} from './nodes.ts'
export type {PlanStats} from './plan.ts'
export {compileTextQuery, documentStrings, documentTokens} from './text.ts'
export {matchesListenerQuery, runQuery, runQueryText, type QueryOptions, type QueryOutcome, type QueryText} from './run.ts'
