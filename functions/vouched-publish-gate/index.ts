/**
 * The publish gate (a Sanity document Function): answers each pending publish request, publishing
 * the article's draft with the gate robot's token only if it passes the publish rules (guard/gate.ts).
 */
import {documentEventHandler} from '@sanity/functions'
import {projectClaimOptions} from '../../medical-claims.options.ts'
import {resolveOptions} from '../../plugins/medical-claims/rules/options.ts'
import {guardClient, trustedAuthors} from '../../guard/client.ts'
import {answerPublishRequest, type GateClient, type PublishRequestEvent} from '../../guard/gate.ts'

const options = resolveOptions(projectClaimOptions)

export const handler = documentEventHandler<PublishRequestEvent>(async ({context, event}) => {
  await answerPublishRequest(guardClient(context.clientOptions) as unknown as GateClient, event.data, {options, trustedAuthors: trustedAuthors()})
})
