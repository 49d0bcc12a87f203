import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'
import {schemaTypes} from './schemas/index.ts'
import {checkLakeReachable, servedApiHost} from './studio/lakeReachability.ts'
import {structure} from './studio/structure.ts'
import {projectClaimOptions} from './medical-claims.options.ts'
import {applyClaimRules, medicalClaims} from './plugins/medical-claims/index.ts'

/**
 * Without SANITY_STUDIO_PROJECT_ID the Studio talks to the local Content Lake (`npm run lake`):
 * project `localdev`, API host https://localhost:4443 (the client prefixes the project id:
 * https://localdev.localhost:4443), and token login (the token sits in localStorage).
 * With a project id set, it is an ordinary hosted Studio.
 */
const hostedProjectId = process.env.SANITY_STUDIO_PROJECT_ID
const useLocalLake = !hostedProjectId

const projectId = hostedProjectId || 'localdev'
const dataset = process.env.SANITY_STUDIO_DATASET || 'production'
/**
 * The local lake's address: SANITY_STUDIO_API_HOST when set (`npm run dev -- --hot` sets it);
 * otherwise, when the lake itself serves this Studio over https, the page's own origin: opened at
 * https://localdev.localhost:<port> (the link `npm run dev` prints), the API host is that origin
 * less the project id the client puts back in front, so the page and the API share one host and
 * one certificate; otherwise the lake's default port.
 */
const localApiHost =
  process.env.SANITY_STUDIO_API_HOST ||
  (typeof window !== 'undefined' && window.location.protocol === 'https:' ? servedApiHost(window.location, projectId) : 'https://localhost:4443')

// Says why and how to fix it when the browser cannot reach the local lake (an untrusted certificate, most often).
if (useLocalLake) checkLakeReachable(localApiHost, projectId)

export default defineConfig({
  name: 'default',
  title: 'Vouched',
  projectId,
  dataset,
  ...(useLocalLake ? {apiHost: localApiHost, auth: {loginMethod: 'token' as const}} : {}),
  plugins: [
    structureTool({structure}),
    // After structureTool(): the plugin wraps the Publish action that the structure tool provides.
    // The project's claim options, which the lake, the audit and the site read too.
    medicalClaims(projectClaimOptions),
  ],
  schema: {
    // Root types are added after every plugin's, so the article rules are applied to them here.
    types: applyClaimRules(schemaTypes, projectClaimOptions),
  },
})
