/** The audit report for people (plain text) and for machines (JSON). */
import type {ArticleResult, AuditReport} from './audit.ts'
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

function articleBlock(article: ArticleResult): string[] {
  const lines: string[] = []
  const where = article.slug ? `  (slug: ${article.slug})` : ''
  lines.push(`${article.status === 'pass' ? 'PASS' : 'FAIL'}  ${article.id}  "${article.title}"${where}`)
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

/** The readable report: which article, which claim, why; then a summary line. */
export function formatText(report: AuditReport): string {
  const lines: string[] = []
  lines.push(`Medical-claims audit of ${report.source}`)
  lines.push(
    `Checked ${report.checkedAt} (rules applied to UTC day ${report.day}); ${plural(report.documents, 'document')} read, ${report.unpublished} of them drafts or release versions (not audited).`,
  )
  if (report.editorCheck === 'unavailable') {
    lines.push(`Note: "the approver did not edit the article" was not checked: ${report.editorCheckNote ?? 'no transaction history'}.`)
  }
  lines.push('')
  for (const article of report.articles) lines.push(...articleBlock(article))
  if (report.articles.length === 0) lines.push('No published articles.')
  if (report.withdrawals.length > 0) {
    lines.push('', 'Withdrawn from the site after a correction (newest first):')
    for (const w of report.withdrawals) {
      const state = w.republished ? 'published again since' : 'still withdrawn'
      lines.push(`  ${w.withdrawnAt.slice(0, 10)}  ${w.articleId}  "${w.title}"  by ${w.kinds.join(', ') || 'correction'} (${w.author || 'unknown'}): ${w.codes.join(', ') || 'no issues recorded'}; ${state}`)
    }
  }
  lines.push('')
  const t = report.totals
  const verdict = t.failing === 0 ? 'All published articles pass.' : `${plural(t.failing, 'published article')} ${t.failing === 1 ? 'fails' : 'fail'} the publish rules.`
  lines.push(
    `${verdict} ${plural(t.articles, 'article')}: ${t.passing} pass, ${t.failing} fail, ${t.drifted} with drift; ${plural(t.errors, 'blocking issue')}, ${plural(t.warnings, 'warning')}.`,
  )
  return `${lines.join('\n')}\n`
}

/**
 * The report as JSON (stable key order): the summary indented, and each article on one line, so
 * that `grep article-id` finds an article with all its issues and a diff of two runs shows one
 * changed line per changed article. (Indenting every issue also made the report of a large
 * dataset twice as slow to write.)
 */
export function formatJson(report: AuditReport): string {
  const {articles, ...summary} = report
  const head = JSON.stringify(summary, null, 2)
  const lines = articles.map((article) => `    ${JSON.stringify(article)}`)
  const list = lines.length === 0 ? '[]' : `[\n${lines.join(',\n')}\n  ]`
  return `${head.slice(0, -2)},\n  "articles": ${list}\n}\n`
}
