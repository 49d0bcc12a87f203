import {defineCliConfig} from 'sanity/cli'

/** Same project and dataset as sanity.config.ts: the local lake (`localdev`) unless a hosted project id is set. */
export default defineCliConfig({
  api: {
    projectId: process.env.SANITY_STUDIO_PROJECT_ID || 'localdev',
    dataset: process.env.SANITY_STUDIO_DATASET || 'production',
  },
  // autoUpdates: true makes `sanity build` fetch the Studio runtime, which fails offline.
  deployment: {autoUpdates: false},
  // TypeGen: `npm run typegen` extracts the schema to schema.json, then types every defineQuery
  // in queries/ into sanity.types.ts (committed; test/queries/typegen.test.ts fails when stale).
  typegen: {
    path: './queries/**/*.ts',
    schema: './schema.json',
    generates: './sanity.types.ts',
    overloadClientMethods: true,
    formatGeneratedCode: false,
  },
})
