/**
 * `npm run audit`: argument handling and the run, kept apart from scripts/audit.ts so tests can
 * drive it with their own arguments, environment and output streams.
 *
 * Exit codes: 0 every published article passes (with --drafts: every draft would pass if published
 * now); 1 at least one fails; 2 bad usage; 3 the source could not be read (unreachable, refused,
 * not an export).
 */
import {readFileSync} from 'node:fs'
import {parseArgs} from 'node:util'
import {projectClaimOptions} from '../medical-claims.options.ts'
import {MedicalClaimsOptionsError, resolveOptions} from '../plugins/medical-claims/rules/options.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import {auditDataset, exitCodeFor, type AuditInput} from './audit.ts'
import type {AuditScope} from './dataset.ts'
import {auditDrafts} from './drafts.ts'
import {formatJson, formatText} from './format.ts'
import {AuditSourceError, loadFromFile, loadFromHosted, loadFromLake, progressReporter, type LoadedDataset} from './sources.ts'

export const EXIT = {pass: 0, fail: 1, usage: 2, source: 3} as const

export const USAGE = `Usage: npm run audit -- <source> [--drafts] [--json] [--now <iso date-time>] [--options <file.json>]

Sources (exactly one):
  --lake <url>                 the local Content Lake, e.g. https://localhost:4443
                               (token: --token <token> or SANITY_TOKEN; dataset: --dataset, default production)
  --file <export.ndjson>       an NDJSON export (data.ndjson from \`sanity dataset export\`, or .ndjson.gz)
  --project <id> --dataset <name>
                               a hosted Sanity project (or SANITY_PROJECT_ID / SANITY_DATASET;
                               token: SANITY_TOKEN or --token, with read access and history;
                               SANITY_API_HOST points it at another Sanity-compatible API)

Options:
  --drafts                     check the drafts (drafts.<id>) instead of the published articles: each
                               draft as if it were published now, against the published experts,
                               citations and decisions (release versions, versions.*, are not audited)
  --json                       print the report as JSON on stdout
  --now <iso>                  apply the rules at this moment instead of now (reproducible runs)
  --options <file.json>        claim options to audit with instead of the project's
                               (medical-claims.options.ts); what the file leaves out keeps its default
  --progress-every <n>         progress on stderr every n documents (default 1000; 0 for none)

Exit: 0 all published articles pass, 1 some fail, 2 bad usage, 3 the source could not be read.
      With --drafts: 0 every draft would pass if published now (or there are none), 1 some would fail.
`

export interface CliIo {
  stdout: {write(text: string): unknown}
  stderr: {write(text: string): unknown; isTTY?: boolean}
  env: Record<string, string | undefined>
}

export type AuditSourceConfig =
  | {kind: 'lake'; url: string; token: string; dataset: string}
  | {kind: 'file'; file: string}
  | {kind: 'hosted'; projectId: string; dataset: string; token: string; apiHost?: string}

export interface AuditConfig {
  source: AuditSourceConfig
  /** What to judge: the published articles, or the drafts as if published now (--drafts). */
  scope: AuditScope
  json: boolean
  now: Date
  options: MedicalClaimsOptions
  progressEvery: number
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

function readOptionsFile(file: string): Partial<MedicalClaimsOptions> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(`Could not read --options ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  try {
    return JSON.parse(text) as Partial<MedicalClaimsOptions>
  } catch (error) {
    throw new UsageError(`--options ${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** Reads the arguments and environment into a config, or throws a UsageError that says what to fix. */
export function parseAuditArgs(argv: ReadonlyArray<string>, env: CliIo['env']): AuditConfig | 'help' {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        lake: {type: 'string'},
        file: {type: 'string'},
        project: {type: 'string'},
        dataset: {type: 'string'},
        token: {type: 'string'},
        drafts: {type: 'boolean', default: false},
        json: {type: 'boolean', default: false},
        now: {type: 'string'},
        options: {type: 'string'},
        'progress-every': {type: 'string'},
        help: {type: 'boolean', default: false},
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.help) return 'help'

  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const token = str('token') ?? env.SANITY_TOKEN
  const projectId = str('project') ?? (str('lake') || str('file') ? undefined : env.SANITY_PROJECT_ID)
  const chosen = [str('lake') ? '--lake' : null, str('file') ? '--file' : null, projectId ? '--project' : null].filter(Boolean)
  if (chosen.length === 0) {
    throw new UsageError('Say what to audit: --lake <url>, --file <export.ndjson>, or --project <id> --dataset <name> (or SANITY_PROJECT_ID and SANITY_DATASET).')
  }
  if (chosen.length > 1) throw new UsageError(`Audit one source at a time (got ${chosen.join(' and ')}).`)

  let source: AuditSourceConfig
  if (str('lake')) {
    const url = str('lake') as string
    if (!/^https?:\/\//.test(url)) throw new UsageError(`--lake needs the lake's URL, e.g. https://localhost:4443 (got "${url}").`)
    if (!token) throw new UsageError('The lake needs a token: --token <token> (npm run lake prints one per user) or SANITY_TOKEN.')
    source = {kind: 'lake', url, token, dataset: str('dataset') ?? 'production'}
  } else if (str('file')) {
    if (str('dataset') || str('project')) throw new UsageError('--dataset and --project go with a hosted project, not with --file.')
    source = {kind: 'file', file: str('file') as string}
  } else {
    const dataset = str('dataset') ?? env.SANITY_DATASET
    if (!dataset) throw new UsageError('A hosted project needs a dataset: --dataset <name> or SANITY_DATASET.')
    if (!token) throw new UsageError('A hosted project needs a read token: SANITY_TOKEN (or --token). The history API needs it too.')
    if (!/^[a-z0-9-]+$/.test(projectId as string)) throw new UsageError(`"${projectId}" is not a Sanity project id (lowercase letters, digits and dashes).`)
    source = {kind: 'hosted', projectId: projectId as string, dataset, token, ...(env.SANITY_API_HOST ? {apiHost: env.SANITY_API_HOST} : {})}
  }

  let now = new Date()
  if (str('now')) {
    now = new Date(str('now') as string)
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date or date-time, e.g. 2026-11-24T12:00:00Z (got "${str('now')}").`)
  }
  let options: MedicalClaimsOptions
  try {
    const file = str('options')
    options = file ? resolveOptions(readOptionsFile(file), {source: file}) : projectClaimOptions
  } catch (error) {
    if (error instanceof MedicalClaimsOptionsError) throw new UsageError(`--options: ${error.message}`)
    throw error
  }
  const every = str('progress-every') === undefined ? 1000 : Number(str('progress-every'))
  if (!Number.isInteger(every) || every < 0) throw new UsageError('--progress-every must be a whole number (0 turns progress off).')
  return {source, scope: values.drafts === true ? 'drafts' : 'published', json: values.json === true, now, options, progressEvery: every}
}

async function load(config: AuditConfig, io: CliIo): Promise<LoadedDataset> {
  const progress = progressReporter(io.stderr, config.progressEvery)
  try {
    const types = config.options.articleTypes
    switch (config.source.kind) {
      case 'file':
        return await loadFromFile(config.source.file, types, progress, config.scope)
      case 'lake':
        return await loadFromLake(config.source, types, progress, config.scope)
      case 'hosted':
        return await loadFromHosted(config.source, types, progress, config.scope)
    }
  } finally {
    progress.finish()
  }
}

/** Runs the audit command; returns the exit code. */
export async function runAuditCli(argv: ReadonlyArray<string>, io: CliIo): Promise<number> {
  let config: AuditConfig | 'help'
  try {
    config = parseAuditArgs(argv, io.env)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`audit: ${error.message}\n\n${USAGE}`)
      return EXIT.usage
    }
    throw error
  }
  if (config === 'help') {
    io.stdout.write(USAGE)
    return EXIT.pass
  }
  let loaded: LoadedDataset
  try {
    loaded = await load(config, io)
  } catch (error) {
    if (error instanceof AuditSourceError) {
      io.stderr.write(`audit: ${error.message}\n`)
      return EXIT.source
    }
    throw error
  }
  const progress = progressReporter(io.stderr, config.progressEvery)
  const input: AuditInput = {
    dataset: loaded.dataset,
    editors: loaded.editors,
    ...(loaded.editorsNote ? {editorsNote: loaded.editorsNote} : {}),
    decisionAuthors: loaded.decisionAuthors ?? null,
    trustedAuthors: loaded.trustedAuthors ?? [],
    now: config.now,
    options: config.options,
    source: loaded.description,
    onArticle: (done, total) => progress.step(config.scope === 'drafts' ? 'Checked drafts' : 'Checked articles', done, total),
  }
  const report = config.scope === 'drafts' ? auditDrafts(input) : auditDataset(input)
  progress.finish()
  io.stdout.write(config.json ? formatJson(report) : formatText(report))
  return exitCodeFor(report)
}
