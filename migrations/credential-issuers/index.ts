/**
 * `sanity migration run credential-issuers`: gives every expert's credential the registry id of
 * its issuer (read from the free-text issuing body) and its specialty as a value of the list, so
 * the acceptance rules can read what the credential permits. Dry run by default; see the README
 * (Configuration: migrating credentials) for the options and what happens to verifications.
 * The data lives in ./credentials.ts.
 */
import {at, defineMigration, set} from 'sanity/migrate'
import {projectClaimOptions} from '../../medical-claims.options.ts'
import {registryOf} from '../../plugins/medical-claims/rules/acceptance.ts'
import {EXPERT_TYPE} from '../../plugins/medical-claims/rules/constants.ts'
import type {ExpertDoc} from '../../plugins/medical-claims/rules/types.ts'
import {migrateExpertCredentials} from './credentials.ts'

/** Set CARRY_VERIFICATION=1 to keep verifications that matched the credential as it was (see ./credentials.ts). */
const carryVerification = process.env.CARRY_VERIFICATION === '1'

export default defineMigration({
  title: 'Record the issuer and specialty of every credential from the registry',
  documentTypes: [EXPERT_TYPE],
  migrate: {
    document(doc) {
      const expert = doc as unknown as ExpertDoc
      const {credentials, changes} = migrateExpertCredentials(expert, registryOf(projectClaimOptions), {
        carryVerification,
        migratedOn: new Date().toISOString().slice(0, 10),
      })
      return changes.length > 0 ? at('credentials', set(credentials)) : undefined
    },
  },
})
