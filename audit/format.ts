/** The audit reports (published articles, or drafts as if published now) for people (plain text) and for machines (JSON). */
import type {ArticleResult, AuditReport} from './audit.ts'
import type {DraftsReport} from './drafts.ts'
import type {Drift} from './drift.ts'

function snippet(text: string, max = 70): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (clean === '') return '(no text)'
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function driftLine(drift: Drift): string {
  const what = drift.changed.length > 0 ? drift.changed.join(' and ') : 'its fingerprint'
  return `drift: ${what} changed after ${drift.approvedBy} approved it on ${drift.approvedAt.slice(0, 10) || 'an unknown date'}`
}

/** An article's lines: a head line (`label`, id, title, and `notes` such as the slug), then its issues when it fails. */
function articleBlock(article: ArticleResult, label: string, notes: string[] = article.slug ? [`slug: ${article.slug}`] : []): string[] {
  const lines: string[] = []
  lines.push(`${label}  ${article.id}  "${article.title}"${notes.length > 0 ? `  (${notes.join('; ')})` : ''}`)
  if (article.status === 'pass') {
    const warnings = article.issues.filter((i) => i.severity === 'warning').length
    if (warnings > 0) lines.push(`      ${plural(warnings, 'warning')} (see --json)`)
    return lines
  }
  const byClaim = new Map<string, ArticleResult['issues']>()
  const general: ArticleResult['issues'] = []
  for (const issue of article.issues) {
    if (issue.claimKey === undefined) general.push(issue)
    else byClaim.set(issue.claimKey, [...(byClaim.get(issue.claimKey) ?? []), issue])
  }
  const driftByClaim = new Map(article.drift.map((d) => [d.claimKey, d]))
  for (const [claimKey, issues] of byClaim) {
    lines.push(`      claim ${claimKey}: "${snippet(issues[0].claimText ?? '')}"`)
    for (const issue of issues) lines.push(`        ${issue.severity === 'error' ? '✗' : '!'} ${issue.code}: ${issue.message}`)
    const drift = driftByClaim.get(claimKey)
    if (drift) lines.push(`        ${driftLine(drift)}`)
  }
  for (const drift of article.drift) {
    if (!byClaim.has(drift.claimKey)) lines.push(`      claim ${drift.claimKey}: "${snippet(drift.claimText)}"`, `        ${driftLine(drift)}`)
  }
  for (const forged of article.forged) {
    lines.push(`      ✗ forged decision ${forged.decisionId} (${forged.claimKey === null ? 'medical review' : `claim ${forged.claimKey}`}): recorded as ${forged.recordedAs || 'nobody'}, written by ${forged.writtenBy.join(', ') || 'nobody'}; it does not count`)
  }
  if (general.length > 0) {
    lines.push('      article:')
    for (const issue of general) lines.push(`        ${issue.severity === 'error' ? '✗' : '!'} ${issue.code}: ${issue.message}`)
  }
  return lines
}

function editorCheckLines(report: AuditReport | DraftsReport): string[] {
  if (report.editorCheck === 'history') return []
  return [`Note: "the approver did not edit the article" was not checked: ${report.editorCheckNote ?? 'no transaction history'}.`]
}

function withdrawalLines(report: AuditReport | DraftsReport): string[] {
  if (report.withdrawals.length === 0) return []
  const lines = ['', 'Withdrawn from the site after a correction (newest first):']
  for (const w of report.withdrawals) {
    const state = w.republished ? 'published again since' : 'still withdrawn'
    lines.push(`  ${w.withdrawnAt.slice(0, 10)}  ${w.articleId}  "${w.title}"  by ${w.kinds.join(', ') || 'correction'} (${w.author || 'unknown'}): ${w.codes.join(', ') || 'no issues recorded'}; ${state}`)
  }
  return lines
}

/** The readable report: which article (or draft), which claim, why; then a summary line. */
export function formatText(report: AuditReport | DraftsReport): string {
  if (report.scope === 'drafts') return formatDraftsText(report)
  const lines: string[] = []
  lines.push(`Medical-claims audit of ${report.source}`)
  lines.push(
    `Checked ${report.checkedAt} (rules applied to UTC day ${report.day}); ${plural(report.documents, 'document')} read, ${report.unpublished} of them drafts or release versions (not audited).`,
  )
  lines.push(...editorCheckLines(report), '')
  for (const article of report.articles) lines.push(...articleBlock(article, article.status === 'pass' ? 'PASS' : 'FAIL'))
  if (report.articles.length === 0) lines.push('No published articles.')
  lines.push(...withdrawalLines(report), '')
  const t = report.totals
  const verdict = t.failing === 0 ? 'All published articles pass.' : `${plural(t.failing, 'published article')} ${t.failing === 1 ? 'fails' : 'fail'} the publish rules.`
  lines.push(
    `${verdict} ${plural(t.articles, 'article')}: ${t.passing} pass, ${t.failing} fail, ${t.drifted} with drift; ${plural(t.errors, 'blocking issue')}, ${plural(t.warnings, 'warning')}.`,
  )
  return `${lines.join('\n')}\n`
}

/** The drafts report: each draft with whether publishing it now would pass, and why not; then a summary line. */
function formatDraftsText(report: DraftsReport): string {
  const lines: string[] = []
  lines.push(`Medical-claims audit of the drafts in ${report.source}`)
  lines.push(`Drafts judged ${report.judged}.`)
  const versions = report.releaseVersions > 0 ? ` ${plural(report.releaseVersions, 'release version')} of articles (versions.*) not audited.` : ''
  lines.push(
    `Checked ${report.checkedAt} (rules applied to UTC day ${report.day}); ${plural(report.documents, 'document')} read, ${plural(report.totals.drafts, 'article draft')} checked.${versions}`,
  )
  lines.push(...editorCheckLines(report), '')
  for (const draft of report.drafts) {
    const notes = [...(draft.slug ? [`slug: ${draft.slug}`] : []), draft.hasPublishedVersion ? `published as ${draft.publishedId}` : 'never published']
    lines.push(...articleBlock(draft, draft.status === 'pass' ? 'WOULD PASS if published now' : 'WOULD FAIL if published now', notes))
  }
  lines.push(...withdrawalLines(report))
  if (report.drafts.length > 0) lines.push('')
  const t = report.totals
  if (t.drafts === 0) {
    lines.push('No drafts to check: the source has no drafts of articles (drafts.<id>).')
    return `${lines.join('\n')}\n`
  }
  const verdict = t.failing === 0 ? 'Every draft would pass if published now.' : `${plural(t.failing, 'draft')} would fail if published now.`
  const fresh = t.neverPublished > 0 ? ` (${t.neverPublished} never published)` : ''
  lines.push(
    `${verdict} ${plural(t.drafts, 'draft')}${fresh}: ${t.passing} would pass, ${t.failing} would fail, ${t.drifted} with drift; ${plural(t.errors, 'blocking issue')}, ${plural(t.warnings, 'warning')}.`,
  )
  return `${lines.join('\n')}\n`
}

/**
 * The report as JSON (stable key order): the summary indented, and each article (or draft) on one
 * line, so that `grep article-id` finds an article with all its issues and a diff of two runs shows
 * one changed line per changed article. (Indenting every issue also made the report of a large
 * dataset twice as slow to write.)
 */
export function formatJson(report: AuditReport | DraftsReport): string {
  if (report.scope === 'drafts') {
    const {drafts, ...summary} = report
    return jsonWithList(summary, 'drafts', drafts)
  }
  const {articles, ...summary} = report
  return jsonWithList(summary, 'articles', articles)
}

/** The summary indented, then `key` with one line per entry of `list`. */
function jsonWithList(summary: object, key: string, list: ReadonlyArray<unknown>): string {
  const head = JSON.stringify(summary, null, 2)
  const lines = list.map((entry) => `    ${JSON.stringify(entry)}`)
  const body = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`
  return `${head.slice(0, -2)},\n  "${key}": ${body}\n}\n`
}
