/**
 * Why a signed-in user may not make a write, in words they can act on: who they are signed in as
 * and with which role, what that role may do and what it may not, what was therefore not written,
 * and whom to ask. lake/permissions.ts decides; this module only words the decision. Every
 * sentence is built from fixed phrases (each noun carries its own article), so none has an empty
 * slot, "a a" or "undefined".
 */
import {APPROVAL_TYPE, CITATION_TYPE, EXPERT_TYPE, REJECTION_TYPE, REVIEW_TYPE, WITHDRAWAL_TYPE} from '../plugins/medical-claims/rules/constants.ts'
import {getPublishedId, isDraftId, isPublishedId, isVersionId} from '../plugins/medical-claims/rules/ids.ts'
import type {MedicalClaimsOptions} from '../plugins/medical-claims/rules/types.ts'
import type {Doc} from './dataset.ts'
import type {WriteCheck} from './permissions.ts'
import {shownValue} from './document-id.ts'
import type {LakeUser} from './users.ts'

/** The options the wording reads: which roles fact-check, verify, review, and which types are articles. */
export type WordingOptions = Pick<MedicalClaimsOptions, 'factCheckerRoles' | 'credentialVerifierRoles'> &
  Partial<Pick<MedicalClaimsOptions, 'medicalReviewerRoles' | 'articleTypes'>>

/** What a write does to a document, as a user would name it. */
export type WriteVerb = 'create' | 'change' | 'delete' | 'publish' | 'unpublish'

const PAST: Record<WriteVerb, string> = {create: 'created', change: 'changed', delete: 'deleted', publish: 'published', unpublish: 'unpublished'}

/** Built-in roles: one of them, and all of them. */
const ROLE_NOUNS: Record<string, {one: string; all: string}> = {
  administrator: {one: 'an administrator', all: 'Administrators'},
  editor: {one: 'an editor', all: 'Editors'},
  'fact-checker': {one: 'a fact-checker', all: 'Fact-checkers'},
  'medical-reviewer': {one: 'a medical reviewer', all: 'Medical reviewers'},
  viewer: {one: 'a viewer', all: 'Viewers'},
}

/** The change being refused: the write the permissions module checks (its document before and after, and its published and draft versions). */
export type RefusedChange = WriteCheck

/** "Dana Okafor (p-dana)", or the id alone when the user has no other name. */
export function userName(user: LakeUser): string {
  return user.name && user.name !== user.id ? `${user.name} (${user.id})` : user.id
}

/** "Dana Okafor (p-dana), a fact-checker" or "Claire (p-claire), with the role "clinical-reviewer"". */
export function signedInAs(user: LakeUser): string {
  const noun = ROLE_NOUNS[user.role]
  return `${userName(user)}, ${noun ? noun.one : `with the role "${user.role}"`}`
}

/** The sentence every refusal of a signed-in user starts with. */
export function youAre(user: LakeUser): string {
  return `You are signed in as ${signedInAs(user)}.`
}

/** "Fact-checkers" / "Users with the role "clinical-reviewer"", and the pronoun that follows it. */
function holders(role: string): {subject: string; pronoun: string} {
  const noun = ROLE_NOUNS[role]
  return {subject: noun ? noun.all : `Users with the role "${role}"`, pronoun: 'they'}
}

/** "a fact-checker", "a fact-checker or an administrator", "someone with the role "registrar"". */
export function anyOf(roles: ReadonlyArray<string>): string {
  const nouns = [...new Set(roles)].map((role) => ROLE_NOUNS[role]?.one ?? `someone with the role "${role}"`)
  if (nouns.length === 0) return 'an administrator'
  return nouns.length === 1 ? nouns[0] : `${nouns.slice(0, -1).join(', ')} or ${nouns[nouns.length - 1]}`
}

function list(items: ReadonlyArray<string>): string {
  if (items.length <= 1) return items[0] ?? ''
  if (items.length === 2) return `${items[0]} and ${items[1]}`
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** What a role may write under the options, as phrases that follow "may". */
function capabilities(role: string, options: WordingOptions): string[] {
  if (role === 'administrator') return ['write every document (fact-check decisions and medical reviews in their own name only)']
  const factChecker = options.factCheckerRoles.includes(role)
  const caps: string[] = []
  if (role === 'editor') caps.push('write and publish articles, experts and other content')
  if (factChecker) caps.push('record their own fact-check decisions and medical reviews', "verify experts' credentials")
  else {
    if ((options.medicalReviewerRoles ?? []).includes(role)) caps.push('record their own medical reviews')
    if (options.credentialVerifierRoles.includes(role)) caps.push("verify experts' credentials")
  }
  return caps.length > 0 ? caps : ['read every document, but write none']
}

function capabilitySentence(role: string, options: WordingOptions): string {
  const {subject} = holders(role)
  const caps = capabilities(role, options)
  return `${subject} may ${caps.length === 2 ? caps.join(', and ') : list(caps)}`
}

type Kind = 'article' | 'expert' | 'decision' | 'review' | 'withdrawal' | 'content'

function kindOfType(type: string, options: WordingOptions): Kind {
  if ((options.articleTypes ?? ['article']).includes(type)) return 'article'
  if (type === EXPERT_TYPE) return 'expert'
  if (type === APPROVAL_TYPE || type === REJECTION_TYPE) return 'decision'
  if (type === REVIEW_TYPE) return 'review'
  if (type === WITHDRAWAL_TYPE) return 'withdrawal'
  return 'content'
}

/** A document of a type, with its article: "an article", "a fact-check approval", "a document of type "post"". */
export function nounFor(type: string, options: WordingOptions): string {
  if ((options.articleTypes ?? ['article']).includes(type)) return type === 'article' ? 'an article' : `an article (type "${type}")`
  switch (type) {
    case EXPERT_TYPE:
      return 'an expert'
    case CITATION_TYPE:
      return 'a citation'
    case APPROVAL_TYPE:
      return 'a fact-check approval'
    case REJECTION_TYPE:
      return 'a fact-check rejection'
    case REVIEW_TYPE:
      return 'a medical review'
    case WITHDRAWAL_TYPE:
      return 'a withdrawal record'
    default:
      return `a document of type "${type}"`
  }
}

/**
 * What the write does to the document, and which id a user would name: publishing writes the
 * published document (and removes the draft) without authoring content; unpublishing removes it
 * and keeps its content as the draft.
 */
export function describeWrite(change: RefusedChange): {verb: WriteVerb; subject: string} {
  const {id, before, after, authored} = change
  const base = getPublishedId(id)
  const moved = authored === false
  if (isPublishedId(id)) {
    if (after && moved && change.draftBefore) return {verb: 'publish', subject: id}
    if (!after && moved && change.draftAfter) return {verb: 'unpublish', subject: id}
  } else if (isDraftId(id) || isVersionId(id)) {
    const publishedChanged = change.publishedAfter !== undefined && change.publishedAfter !== change.publishedBefore
    // Publishing removes the draft, unpublishing makes one from the published document.
    if (before && !after && moved && change.publishedAfter && publishedChanged) return {verb: 'publish', subject: base}
    if (!before && after && moved && change.publishedBefore && publishedChanged && !change.publishedAfter) return {verb: 'unpublish', subject: base}
    // The first edit of a published document creates its draft: to the user, that is changing the document.
    if (!before && after && change.publishedBefore) return {verb: 'change', subject: base}
  }
  return {verb: !before ? 'create' : !after ? 'delete' : 'change', subject: id}
}

/** Whom to ask, and for what, when the role may not write this kind of document. */
function advice(kind: Kind, verb: WriteVerb, user: LakeUser, options: WordingOptions): string {
  const factCheckers = anyOf(options.factCheckerRoles)
  switch (kind) {
    case 'decision':
      return verb === 'create'
        ? `Ask ${factCheckers} who did not edit the article to check its claims (Fact-check claims, or the Fact-check queue).`
        : `Only the fact-checker who recorded it may ${verb} it.`
    case 'review':
      return verb === 'create'
        ? `Ask ${anyOf(options.medicalReviewerRoles ?? [])} to record it (Record medical review), or ${factCheckers} with the reviewer's signed form or message as evidence.`
        : `Only the user who recorded it may ${verb} it.`
    case 'expert':
      if (verb === 'create' && options.factCheckerRoles.includes(user.role)) return "Ask an editor to create the expert; you can then verify its credentials."
      return `Ask an editor to ${verb} it.`
    default:
      return `Ask an editor to ${verb} it.`
  }
}

/** The grants do not let the role make this change (see ROLE_GRANTS and the role grants in lake/permissions.ts). */
export function grantRefusal(user: LakeUser, change: RefusedChange, type: string, options: WordingOptions): string {
  const {verb, subject} = describeWrite(change)
  const kind = kindOfType(type, options)
  if (kind === 'withdrawal') {
    return (
      `${youAre(user)} "${change.id}" is a withdrawal record (${WITHDRAWAL_TYPE}): the lake writes one itself when a correction or the passing of time takes an article off the site, ` +
      `and nobody may ${verb} one, an administrator included, so it was not ${PAST[verb]}. ` +
      'To put the article back on the site, fix what the record lists and publish the article again.'
    )
  }
  const {pronoun} = holders(user.role)
  return `${youAre(user)} ${capabilitySentence(user.role, options)}; ${pronoun} may not ${verb} ${nounFor(type, options)}, so "${subject}" was not ${PAST[verb]}. ${advice(kind, verb, user, options)}`
}

/** A decision or review recorded by someone else: only its author may change or delete it. */
export function othersDecisionRefusal(user: LakeUser, id: string, doc: Doc, verb: WriteVerb, options: WordingOptions): string {
  const checkedBy = (doc.checkedBy ?? {}) as {id?: unknown; name?: unknown}
  const author =
    typeof checkedBy.name === 'string' && checkedBy.name && checkedBy.name !== checkedBy.id
      ? `${checkedBy.name} (${String(checkedBy.id)})`
      : typeof checkedBy.id === 'string'
        ? checkedBy.id
        : 'another user'
  const review = doc._type === REVIEW_TYPE
  const mayRecord =
    user.role === 'administrator' || options.factCheckerRoles.includes(user.role) || (review && (options.medicalReviewerRoles ?? []).includes(user.role))
  const next = mayRecord
    ? review
      ? 'Record a review of your own instead: the latest medical review of an article is the one that counts.'
      : 'Record a decision of your own instead: the latest decision on a claim is the one that counts.'
    : advice(review ? 'review' : 'decision', 'create', user, options)
  return `${youAre(user)} "${id}" is ${nounFor(doc._type, options)} recorded by ${author}, and only they may change or delete it, so it was not ${PAST[verb]}. ${next}`
}

/** A decision or review written in another user's name (`checkedBy.id`). */
export function foreignNameRefusal(user: LakeUser, id: string, doc: Doc, claimed: unknown): string {
  const what = doc._type === REVIEW_TYPE ? 'a medical review' : 'a fact-check decision'
  return (
    `${youAre(user).slice(0, -1)}, but "${id}" names ${shownValue(claimed)} in checkedBy.id: ${what} is recorded in the name of the user who writes it, so nothing was written. ` +
    'Sign in as that user, or leave checkedBy out and the lake fills it in.'
  )
}

/** A credential verification written in another user's name (`verification.verifiedBy`). */
export function foreignVerifierRefusal(user: LakeUser, id: string, key: string, claimed: unknown): string {
  return (
    `${youAre(user).slice(0, -1)}, but credential "${key}" of "${id}" names ${shownValue(claimed)} in verification.verifiedBy: a credential verification is recorded in the name of the user who writes it, so nothing was written. ` +
    'Leave verifiedBy out and the lake fills it in.'
  )
}

/** A fact-checker changed more of an expert than its credentials' verification. */
export function expertFieldsRefusal(user: LakeUser, change: RefusedChange, fields: ReadonlyArray<string>, options: WordingOptions): string {
  const {subject, pronoun} = holders(user.role)
  const only = `${subject} may change an expert only in its credentials' verification (credentials[].verification)`
  const {verb} = describeWrite(change)
  if (fields.length === 0 || verb === 'create' || verb === 'delete') {
    const draft = isDraftId(change.id) || isVersionId(change.id)
    const what = verb === 'delete' && draft ? "delete a draft of an expert that changes more than its credentials' verification" : `${verb} an expert`
    return `${youAre(user)} ${only}; ${pronoun} may not ${what}, so "${change.id}" was not ${PAST[verb]}. ${advice('expert', verb, user, options)}`
  }
  return (
    `${youAre(user)} ${only}; this write also changes ${list(fields.map((f) => `"${f}"`))} of "${change.id}", so nothing was written. ` +
    'Leave those fields as they are and change only the verification, or ask an editor to make the change.'
  )
}

/** A user outside the verifier roles wrote a verification no version of the expert had. */
export function verificationRefusal(user: LakeUser, id: string, credential: {key: string | null; status: unknown}, options: WordingOptions): string {
  const {subject} = holders(user.role)
  const which = credential.key === null ? 'a credential without a _key' : `credential "${credential.key}"`
  const status = typeof credential.status === 'string' && credential.status ? ` (status "${credential.status}")` : ''
  const verifiers = anyOf([...options.factCheckerRoles, ...options.credentialVerifierRoles])
  return (
    `${youAre(user)} ${subject} may not mark credentials verified or revoked: ${which} of "${id}" carries a verification${status} that no version of the expert had, so nothing was written. ` +
    `Leave credentials[].verification as it is (or "unverified"), and ask ${verifiers} to verify or revoke the credential.`
  )
}

/** A decision claims roles the writer does not hold. */
export function foreignRolesRefusal(user: LakeUser, id: string, roles: ReadonlyArray<unknown>): string {
  const named = roles.map((r) => JSON.stringify(String(r))).join(', ')
  return (
    `${youAre(user)} checkedBy.roles of "${id}" lists ${roles.length === 1 ? 'the role' : 'roles'} ${named}, which you do not hold, so nothing was written. ` +
    'Leave checkedBy out: the lake records who writes a decision, and with which role.'
  )
}

/** The checker edited the article whose claims (or review) the decision is about. */
export function selfCheckRefusal(user: LakeUser, check: {decisionId: string; checker: string; articleId: string; review: boolean}, options: WordingOptions): string {
  const who = check.checker === user.id ? `${youAre(user)} You edited` : `${youAre(user)} ${check.checker} edited`
  const edited = `${who} "${check.articleId}" (its published document, its draft or a release version)`
  if (check.review) {
    return (
      `${edited}, so someone who did not edit it must record its medical review: "${check.decisionId}" was not recorded. ` +
      `Ask ${anyOf(options.medicalReviewerRoles ?? [])} who did not edit the article to record it.`
    )
  }
  const someone = options.factCheckerRoles.includes(user.role) ? 'another fact-checker' : 'a fact-checker who did not edit it'
  return `${edited}, so ${someone} must check its claims: decision "${check.decisionId}" was not recorded. Ask ${anyOf(options.factCheckerRoles)} who did not edit the article to check them.`
}
