/**
 * How claim states, credential standings and sources are shown. Words and tones only: what a
 * state is comes from the rules (../policy.ts).
 */
import type {BadgeTone} from '@sanity/ui'
import {CLAIM_KINDS, VERIFICATION_STATUSES} from '../rules/constants.ts'
import type {CitationDoc, ClaimStatus, CredentialStanding, ExpertDoc, Verification} from '../rules/types.ts'

export const CLAIM_STATUS_DISPLAY: Record<ClaimStatus, {title: string; tone: BadgeTone}> = {
  needsAttribution: {title: 'Needs an expert', tone: 'critical'},
  needsCredential: {title: 'Expert not qualified', tone: 'critical'},
  needsEvidence: {title: 'Needs evidence', tone: 'critical'},
  awaitingFactCheck: {title: 'Awaiting fact-check', tone: 'caution'},
  rejected: {title: 'Rejected', tone: 'critical'},
  approved: {title: 'Approved', tone: 'positive'},
}

export const STANDING_DISPLAY: Record<CredentialStanding, {title: string; tone: BadgeTone}> = {
  valid: {title: 'Valid', tone: 'positive'},
  unverified: {title: 'Unverified', tone: 'caution'},
  changed: {title: 'Changed since it was verified', tone: 'caution'},
  verificationDue: {title: 'Due for verification again', tone: 'caution'},
  revoked: {title: 'Revoked', tone: 'critical'},
  expired: {title: 'Expired', tone: 'critical'},
  notYetValid: {title: 'Not yet valid', tone: 'caution'},
}

export function claimKindTitle(kind: string | undefined): string {
  return CLAIM_KINDS.find((k) => k.value === kind)?.title ?? 'Kind not set'
}

export function verificationTitle(status: string | undefined): string {
  return VERIFICATION_STATUSES.find((s) => s.value === status)?.title ?? 'Unverified'
}

/**
 * Who verified a credential and when, e.g. "Verified by Dana on 2026-01-10". A verification that
 * no longer matches the credential says so, and what to do.
 */
export function verificationLine(verification: Verification | undefined, standing: CredentialStanding): string {
  const by = verification?.verifiedBy ? ` by ${verification.verifiedBy}` : ''
  const on = verification?.verifiedAt ? ` on ${verification.verifiedAt.slice(0, 10)}` : ''
  if (standing === 'changed') return `Changed since it was verified${by}${on}: a fact-checker must verify it again.`
  return `${verificationTitle(verification?.status)}${by}${on}`
}

/** "Dr. Ana Ruiz, MD, FAAD" */
export function expertName(expert: ExpertDoc | undefined): string {
  if (!expert) return 'No expert'
  const name = expert.name?.trim() || 'Unnamed expert'
  return expert.postnominals && expert.postnominals.length > 0 ? `${name}, ${expert.postnominals.join(', ')}` : name
}

function stringField(doc: object, name: string): string | undefined {
  const value = (doc as Record<string, unknown>)[name]
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

/** Links for a citation: its DOI, its PubMed record and its URL, when it has them. */
export function citationLinks(citation: CitationDoc): Array<{label: string; href: string}> {
  const links: Array<{label: string; href: string}> = []
  const doi = stringField(citation, 'doi')
  if (doi) links.push({label: `DOI ${doi}`, href: `https://doi.org/${doi.replace(/^https?:\/\/(dx\.)?doi\.org\//, '')}`})
  const pmid = stringField(citation, 'pmid')
  if (pmid) links.push({label: `PMID ${pmid}`, href: `https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(pmid)}/`})
  const url = stringField(citation, 'url')
  if (url && /^https?:\/\//.test(url)) links.push({label: 'Source', href: url})
  return links
}
