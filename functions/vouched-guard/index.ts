/**
 * The guard (a Sanity document Function): after any write to an article, an expert, a source or a
 * fact-check decision, withdraws every published article the write left failing the publish rules
 * (guard/index.ts), and records why.
 */
import {documentEventHandler} from '@sanity/functions'
import {projectClaimOptions} from '../../medical-claims.options.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {guardClient, trustedAuthors} from '../../guard/client.ts'
import {guardAfterWrite} from '../../guard/index.ts'
import type {WrittenDocument} from '../../guard/affected.ts'

const options = resolveOptions(projectClaimOptions)

export const handler = documentEventHandler<WrittenDocument>(async ({context, event}) => {
  await guardAfterWrite(guardClient(context.clientOptions), event.data, {options, trustedAuthors: trustedAuthors()})
})
