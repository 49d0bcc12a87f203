/**
 * Writes seed/dataset.ndjson from the seed builder. Usage: npx node scripts/seed-build.ts
 * Import it with `sanity dataset import seed/dataset.ndjson <dataset> --replace`.
 */
import {writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {buildSeedDocuments, toNdjson} from '../seed/documents.ts'

const target = fileURLToPath(new URL('../seed/dataset.ndjson', import.meta.url))
const documents = buildSeedDocuments()
writeFileSync(target, toNdjson(documents))
process.stdout.write(`Wrote ${documents.length} documents to ${target}\n`)
