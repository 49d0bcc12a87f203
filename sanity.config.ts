import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'
import {schemaTypes} from './schemas/index.ts'
import {structure} from './studio/structure.ts'

/**
 * Without SANITY_STUDIO_PROJECT_ID the Studio talks to the local Content Lake (`npm run lake`):
 * project `localdev`, API host https://localhost:4443 (the client prefixes the project id:
 * https://localdev.localhost:4443), and token login (the token sits in localStorage).
 * With a project id set, it is an ordinary hosted Studio.
 */
const hostedProjectId = process.env.SANITY_STUDIO_PROJECT_ID
const useLocalLake = !hostedProjectId

export const projectId = hostedProjectId || 'localdev'
export const dataset = process.env.SANITY_STUDIO_DATASET || 'production'
export const localApiHost = process.env.SANITY_STUDIO_API_HOST || 'https://localhost:4443'

export default defineConfig({
  name: 'default',
  title: 'Vouched',
  projectId,
  dataset,
  ...(useLocalLake ? {apiHost: localApiHost, auth: {loginMethod: 'token' as const}} : {}),
  plugins: [
    structureTool({structure}),
    // MEDICAL-CLAIMS PLUGIN: the lead wires it here, after structureTool(), e.g. `medicalClaims({...})`
    // from './plugins/medical-claims/index.ts'. Its rules only reach types registered before it, so
    // the root types below also need `applyClaimRules(schemaTypes, options)` (see the plugin's docs).
  ],
  schema: {
    types: schemaTypes,
  },
})
