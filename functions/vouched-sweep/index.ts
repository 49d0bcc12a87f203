/**
 * The sweep (a scheduled Sanity Function): judges every published article at this moment and
 * withdraws those that time alone broke (a credential's expiry, a review falling due, a
 * verification growing old), as the local lake does at each UTC midnight.
 */
import {scheduledEventHandler} from '@sanity/functions'
import {projectClaimOptions} from '../../medical-claims.options.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {guardClient, trustedAuthors} from '../../guard/client.ts'
import {sweepPublished} from '../../guard/index.ts'

const options = resolveOptions(projectClaimOptions)

export const handler = scheduledEventHandler(async ({context}) => {
  await sweepPublished(guardClient(context.clientOptions), {options, trustedAuthors: trustedAuthors()})
})
