/**
 * HTML building blocks for the reference site: a tagged template that escapes every
 * interpolated value unless it is already `SafeHtml`, URL guards and date formatting.
 */
/** A string of HTML that is safe to insert as it is (built by `html` or trusted renderers). */
export class SafeHtml {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

const HTML_ESCAPES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/** `html\`<p>${text}</p>\``: interpolated values are escaped; SafeHtml and arrays of it are kept. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1]
  return new SafeHtml(out)
}

/**
 * The parts that are there, joined with " · ": a missing or empty one (null, '', whitespace, or
 * html that renders to nothing) leaves no stray separator.
 */
export function dotted(parts: ReadonlyArray<SafeHtml | string | false | null | undefined>): SafeHtml {
  const present = parts.filter((part): part is SafeHtml | string => (part instanceof SafeHtml ? part.value : typeof part === 'string' ? part : '').trim() !== '')
  return new SafeHtml(present.map(render).join(' · '))
}

/** Marks trusted HTML (the Portable Text renderer's output, escaped JSON-LD). */
export function trusted(value: string): SafeHtml {
  return new SafeHtml(value)
}

/** An external URL that may go into an href: http(s) or mailto only, else null. */
export function safeExternalUrl(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null
  } catch {
    return null
  }
}

/** A site path with an encoded slug, e.g. `/experts/ava-shamban`. */
export function sitePath(section: 'articles' | 'experts' | 'procedures', slug: string): string {
  return `/${section}/${encodeURIComponent(slug)}`
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric'})

/** "18 September 2026" for a date or date-time string (UTC); the input itself when it does not parse. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  return Number.isNaN(date.getTime()) ? value : DATE_FORMAT.format(date)
}

const MONTH_FORMAT = new Intl.DateTimeFormat('en-GB', {timeZone: 'UTC', month: 'long', year: 'numeric'})

/** "June 2025" for a year and month (YYYY-MM) or a date; the input itself when it does not parse. */
export function formatMonth(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(/^\d{4}-\d{2}$/.test(value) ? `${value}-01T00:00:00Z` : /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  return Number.isNaN(date.getTime()) ? value : MONTH_FORMAT.format(date)
}

/** The YYYY-MM-DD part of a date or date-time string, for `<time datetime>` and sitemaps. */
export function isoDay(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10)
}

/** `<time>` for a date or date-time ("18 September 2026"), or nothing when it is not one. */
export function timeElement(value: string | null | undefined): SafeHtml | null {
  const day = isoDay(value)
  return day ? html`<time datetime="${day}">${formatDate(value)}</time>` : null
}

/** `<time>` for a date or date-time, else the text as written (a date the rules accept need not be a calendar day), else nothing. */
export function dateOrText(value: string | null | undefined): SafeHtml | string | null {
  return timeElement(value) ?? (value?.trim() ? value.trim() : null)
}

/** Escapes text for XML (sitemap.xml). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}
