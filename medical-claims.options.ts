/**
 * The project's medical-claims options: the one place they are set. Every door that enforces the
 * publish rules reads them from here: the Studio (sanity.config.ts passes them to the plugin), the
 * local Content Lake (its rule enforcement and its fact-checker and verifier roles), the audit
 * command (unless --options names a file) and the site's queries. Leave an option out to keep its
 * default (plugins/medical-claims/rules/options.ts); bad options stop each door at start with a
 * message that says how to fix them.
 */
import {OPTIONS_MODULE, resolveOptions} from './plugins/medical-claims/rules/options.ts'
import type {MedicalClaimsOptions} from './plugins/medical-claims/rules/types.ts'

/** What this project changes from the defaults. */
const changes: Partial<MedicalClaimsOptions> = {}

/** The project's claim options, merged over the defaults and checked. */
export const projectClaimOptions: MedicalClaimsOptions = resolveOptions(changes, {source: OPTIONS_MODULE})
