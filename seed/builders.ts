/**
 * Small pure builders for seed documents in Sanity's export shape: references, slugs, keyed array
 * items and Portable Text blocks whose `medicalClaim` mark definitions are collected from the
 * spans that use them. Keys and ids are always given by the caller: nothing random, no clock.
 */
import type {ClaimKind, ClaimTopic} from '../plugins/medical-claims/rules/types.ts'

export interface SeedDocument {
  _id: string
  _type: string
  [field: string]: unknown
}

export interface SeedReference {
  _type: 'reference'
  _ref: string
  _key?: string
  _weak?: boolean
}

export function ref(id: string): SeedReference {
  return {_type: 'reference', _ref: id}
}

/** A reference as an array item; the key is the referenced id (unique within one array). */
export function refItem(id: string): SeedReference & {_key: string} {
  return {_key: id, _type: 'reference', _ref: id}
}

export function refItems(ids: ReadonlyArray<string>): Array<SeedReference & {_key: string}> {
  return ids.map(refItem)
}

export function slug(current: string): {_type: 'slug'; current: string} {
  return {_type: 'slug', current}
}

/** A medical claim as the seed declares it: the mark's key, kind, expert id and citation ids. */
export interface ClaimDef {
  key: string
  kind: ClaimKind
  topic?: ClaimTopic
  expert?: string
  citations?: ReadonlyArray<string>
}

/** A run of text in a block: plain, or covered by a claim mark. */
export type Part = string | {claim: ClaimDef; text: string}

export function claim(def: ClaimDef, text: string): Part {
  return {claim: def, text}
}

export interface SeedSpan {
  _type: 'span'
  _key: string
  text: string
  marks: string[]
}

export interface SeedClaimMark {
  _type: 'medicalClaim'
  _key: string
  kind: ClaimKind
  topic?: ClaimTopic
  expert?: SeedReference
  citations?: Array<SeedReference & {_key: string}>
}

export interface SeedBlock {
  _type: 'block'
  _key: string
  style: 'normal' | 'h2' | 'h3' | 'blockquote'
  listItem?: 'bullet' | 'number'
  level?: number
  markDefs: SeedClaimMark[]
  children: SeedSpan[]
}

export interface SeedFigure {
  _type: 'figure'
  _key?: string
  alt: string
  caption?: string
  credit?: string
}

function claimMark(def: ClaimDef): SeedClaimMark {
  return {
    _type: 'medicalClaim',
    _key: def.key,
    kind: def.kind,
    ...(def.topic ? {topic: def.topic} : {}),
    ...(def.expert ? {expert: ref(def.expert)} : {}),
    ...(def.citations && def.citations.length > 0 ? {citations: refItems(def.citations)} : {}),
  }
}

/** A text block; claim marks are defined once per block, in the order their spans appear. */
export function block(key: string, style: SeedBlock['style'], parts: ReadonlyArray<Part>, list?: SeedBlock['listItem']): SeedBlock {
  const markDefs: SeedClaimMark[] = []
  const children: SeedSpan[] = parts.map((part, index) => {
    const spanKey = `${key}-s${index}`
    if (typeof part === 'string') return {_type: 'span', _key: spanKey, text: part, marks: []}
    if (!markDefs.some((def) => def._key === part.claim.key)) markDefs.push(claimMark(part.claim))
    return {_type: 'span', _key: spanKey, text: part.text, marks: [part.claim.key]}
  })
  return {_type: 'block', _key: key, style, ...(list ? {listItem: list, level: 1} : {}), markDefs, children}
}

export const p = (key: string, ...parts: Part[]): SeedBlock => block(key, 'normal', parts)
export const h2 = (key: string, text: string): SeedBlock => block(key, 'h2', [text])
export const h3 = (key: string, text: string): SeedBlock => block(key, 'h3', [text])

export function figure(key: string | undefined, fields: Omit<SeedFigure, '_type' | '_key'>): SeedFigure {
  return {_type: 'figure', ...(key ? {_key: key} : {}), ...fields}
}
