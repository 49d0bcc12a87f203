/**
 * The article body as HTML, with @portabletext/to-html. Each medical claim is marked and followed
 * by a footnote number; the footnotes name the expert who vouches for the claim, the credential
 * that qualifies them (verified and current only), the expert's conflicts of interest that bear on
 * the claim (plugins/medical-claims/conflicts.ts decides which) and the sources it cites.
 *
 * What a claim shows is what its approval covers (claimFingerprint in
 * plugins/medical-claims/rules/fingerprints.ts): every child of the block, whatever its type, is
 * rendered as its text, and inside a claim's mark there is exactly the text of the children that
 * carry the mark (and the site's own footnote number of a claim nested in it).
 */
import {toHTML, uriLooksSafe, type PortableTextComponents} from '@portabletext/to-html'
import type {ArticlePage} from '../jsonld/article.ts'
import {BODY_DECORATORS, BODY_LISTS, BODY_STYLES, isClaimableCredential, oneOf, readBody, readCitation, record, text} from '../jsonld/article.ts'
import {conflictSentence, conflictsFor, type Conflict} from '../plugins/medical-claims/conflicts.ts'
import {projectClaimOptions} from '../medical-claims.options.ts'
import {registryOf} from '../plugins/medical-claims/rules/acceptance.ts'
import {CLAIM_KINDS} from '../plugins/medical-claims/rules/constants.ts'
import {issuedBy} from '../plugins/medical-claims/rules/credentials.ts'
import {escapeHtml, formatMonth, html, safeExternalUrl, sitePath, trusted, type SafeHtml} from './html.ts'

/** The issuer registry the site names issuers from (the project's options). */
export const ISSUERS = registryOf(projectClaimOptions)

type BodyItem = NonNullable<ArticlePage['body']>[number]
type Block = Extract<BodyItem, {_type: 'block'}>
type MarkDef = NonNullable<Block['markDefs']>[number]
export type ClaimDef = Extract<MarkDef, {_type: 'medicalClaim'}>
type Credential = NonNullable<ClaimDef['expertCredentials']>[number]
export type Citation = NonNullable<ClaimDef['citations']>[number]

export interface Footnote {
  number: number
  claimKey: string
  claim: ClaimDef
  /** The covered text, for the footnote's back-reference. */
  text: string
  credential: Credential | null
  /** The expert's disclosures that bear on the claim, shown beside its attribution. */
  conflicts: Conflict[]
}

const CLAIM_KIND_LABELS = new Map<string, string>(CLAIM_KINDS.map((k) => [k.value, k.title]))

/** The claims of a body in reading order (first covered span), numbered from 1. */
export function collectFootnotes(body: ArticlePage['body'], now: Date | string): Footnote[] {
  const footnotes: Footnote[] = []
  const seen = new Set<string>()
  for (const item of readBody(body)) {
    if (item._type !== 'block') continue
    const claims = new Map<string, ClaimDef>()
    for (const def of item.markDefs ?? []) if (def._type === 'medicalClaim') claims.set(def._key, def)
    const texts = new Map<string, string>()
    for (const child of item.children ?? []) {
      for (const mark of marksOf(child)) if (claims.has(mark)) texts.set(mark, (texts.get(mark) ?? '') + textOf(child))
    }
    for (const child of item.children ?? []) {
      for (const mark of marksOf(child)) {
        const claim = claims.get(mark)
        if (!claim || seen.has(mark)) continue
        seen.add(mark)
        const credential = (claim.expertCredentials ?? []).find((c) => isClaimableCredential(c, now)) ?? null
        const conflicts = conflictsFor(claim.expert?.disclosures, claim, now)
        footnotes.push({number: footnotes.length + 1, claimKey: mark, claim, text: texts.get(mark) ?? '', credential, conflicts})
      }
    }
  }
  return footnotes
}

type Child = NonNullable<Block['children']>[number]

/** The text a reader sees of a child of a block, whatever its type (readBody read it as the rules do). */
function textOf(child: Child): string {
  return child.text ?? ''
}

/** The marks of a child (readBody kept the texts of its list of marks). */
function marksOf(child: Child): string[] {
  return child.marks ?? []
}

const DECORATORS = new Set<string>(BODY_DECORATORS)

type PtSpan = {_type: 'span'; _key: string; text: string; marks: string[]}
type PtBlock = {_type: 'block'; _key: string; style: string; listItem?: string; level?: number; markDefs: Array<Record<string, unknown> & {_type: string; _key: string}>; children: PtSpan[]}
type PtNode = PtBlock | {_type: string; _key: string; [field: string]: unknown}

/**
 * The query's shape (nulls for missing fields) as clean Portable Text: every child becomes a span
 * of its text. @portabletext/to-html looks marks, block styles, list types and node types up by
 * plain object index (so a name like `constructor` would find Object.prototype's), so only what
 * the schema and this site know is passed on: the body's blocks and figures (readBody drops other
 * items), the styles and list types of schemas/objects/articleBody.ts (else 'normal' / none), and
 * on each span the marks that are the key of one of the block's link or claim definitions
 * (readBody drops definitions of other types) or one of the schema's decorators.
 */
function toPortableText(body: ArticlePage['body']): PtNode[] {
  return readBody(body).map((item): PtNode => {
    if (item._type !== 'block') return {...item}
    const markDefs = (item.markDefs ?? []).map((def) => ({...def}))
    const defined = new Set(markDefs.map((def) => def._key))
    const block: PtBlock = {
      _type: 'block',
      _key: item._key,
      style: oneOf(item.style, BODY_STYLES) ?? 'normal',
      markDefs,
      children: (item.children ?? []).map((c) => ({_type: 'span', _key: c._key, text: textOf(c), marks: marksOf(c).filter((mark) => defined.has(mark) || DECORATORS.has(mark))})),
    }
    const listItem = oneOf(item.listItem, BODY_LISTS)
    if (listItem) block.listItem = listItem
    if (listItem && typeof item.level === 'number') block.level = item.level
    return block
  })
}

/** The body as HTML: claims marked and numbered, links made safe, figures with their text. */
export function renderBody(body: ArticlePage['body'], footnotes: ReadonlyArray<Footnote>): SafeHtml {
  const numbers = new Map(footnotes.map((f) => [f.claimKey, f.number]))
  const referenced = new Set<string>()
  const components: PortableTextComponents = {
    marks: {
      medicalClaim: ({children, markKey}) => {
        const number = markKey ? numbers.get(markKey) : undefined
        if (!number || !markKey) return children
        const first = !referenced.has(markKey)
        referenced.add(markKey)
        const id = first ? ` id="claim-ref-${number}"` : ''
        return `<span class="claim" data-claim="${escapeHtml(markKey)}">${children}</span><sup class="claim-ref"${id}><a href="#claim-${number}" aria-label="Claim ${number}: who vouches for it">${number}</a></sup>`
      },
      link: ({children, value}) => {
        const href = typeof value?.href === 'string' ? safeExternalUrl(value.href) : null
        if (!href || !uriLooksSafe(href)) return children
        const newTab = value?.openInNewTab === true ? ' target="_blank" rel="noopener noreferrer"' : ' rel="noopener"'
        return `<a href="${escapeHtml(href)}"${newTab}>${children}</a>`
      },
    },
    types: {
      figure: ({value}) => {
        const fields = record(value) ?? {}
        const figure = {alt: text(fields.alt), caption: text(fields.caption), credit: text(fields.credit)}
        return html`<figure class="figure"><div class="figure-placeholder" role="img" aria-label="${figure.alt ?? ''}"></div>${
          figure.caption || figure.credit
            ? html`<figcaption>${figure.caption ?? ''}${figure.credit ? html` <span class="credit">${figure.credit}</span>` : ''}</figcaption>`
            : ''
        }</figure>`.value
      },
    },
    unknownType: () => '',
    unknownMark: ({children}) => children,
  }
  return trusted(toHTML(toPortableText(body) as never, {components, onMissingComponent: false}))
}

function expertLine(footnote: Footnote): SafeHtml {
  const expert = footnote.claim.expert
  if (!expert) return html`No expert is named.`
  const letters = (expert.postnominals ?? []).map((letter) => letter.trim()).filter(Boolean)
  const name = `${expert.name?.trim() || 'Unnamed expert'}${letters.length > 0 ? `, ${letters.join(', ')}` : ''}`
  const who = expert.slug ? html`<a href="${sitePath('experts', expert.slug)}">${name}</a>` : html`${name}`
  const credential = footnote.credential
  const what = credential
    ? html`: <span class="credential">${credential.title?.trim() || 'verified credential'}</span>${issuedBy(credential, ISSUERS) ? html` (${issuedBy(credential, ISSUERS)})` : ''}`
    : ''
  return html`Vouched for by <span class="expert">${who}</span>${what}.`
}

/** The reader's note beside the attribution, one per disclosure bearing on the claim: "Dr. X has received speaking fees from Y." */
function conflictNotes(footnote: Footnote): SafeHtml {
  const name = footnote.claim.expert?.name?.trim() || 'The expert'
  return html`${footnote.conflicts.map(
    (conflict) => html`<p class="conflict" role="note" aria-label="Conflict of interest" data-disclosure="${conflict.key}">${conflictSentence(name, conflict, formatMonth)}</p>`,
  )}`
}

/** A citation as a reference-list entry, with DOI and PubMed links. */
export function renderCitation(input: Citation): SafeHtml {
  const citation = readCitation(record(input) ?? {})
  const url = safeExternalUrl(citation.url)
  const title = url ? html`<a href="${url}" rel="noopener">${citation.title?.trim() || 'Untitled source'}</a>` : html`${citation.title?.trim() || 'Untitled source'}`
  const names = (citation.authors ?? []).map((name) => name.trim()).filter(Boolean)
  const authors = names.length > 0 ? html`${names.join(', ')}. ` : ''
  const where = [citation.journal?.trim(), citation.publisher?.trim(), citation.year].filter((p) => p !== null && p !== undefined && p !== '').join(', ')
  const doi = citation.doi ? html` DOI: <a class="doi" href="${`https://doi.org/${encodeURI(citation.doi)}`}" rel="noopener">${citation.doi}</a>.` : ''
  const pmid = citation.pmid ? html` PMID: <a class="pmid" href="${`https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(citation.pmid)}/`}" rel="noopener">${citation.pmid}</a>.` : ''
  return html`${authors}${title}${where ? html`. ${where}` : ''}.${doi}${pmid}`
}

/** The numbered footnotes: one per claim. */
export function renderFootnotes(footnotes: ReadonlyArray<Footnote>): SafeHtml {
  if (footnotes.length === 0) return html``
  const items = footnotes.map((f) => {
    const kind = f.claim.kind ? CLAIM_KIND_LABELS.get(f.claim.kind) ?? f.claim.kind : 'Claim'
    const sources = (f.claim.citations ?? []).filter((c): c is Citation => Boolean(c) && !c.retracted)
    return html`<li id="claim-${f.number}" data-claim="${f.claimKey}">
        <p><span class="claim-kind">${kind}</span>: “${f.text.trim()}” <a class="back" href="#claim-ref-${f.number}" aria-label="Back to claim ${f.number}">↩</a></p>
        <p class="vouched">${expertLine(f)}</p>
        ${conflictNotes(f)}
        ${sources.length > 0 ? html`<p class="claim-sources">Sources: ${sources.map((c, i) => html`${i > 0 ? '; ' : ''}${c.title?.trim() || 'Untitled source'}`)}</p>` : ''}
      </li>`
  })
  return html`<section class="footnotes" aria-labelledby="claims-heading">
      <h2 id="claims-heading">Who vouches for the medical claims</h2>
      <ol>${items}</ol>
    </section>`
}
