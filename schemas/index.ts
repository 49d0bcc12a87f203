import {article} from './documents/article.ts'
import {category} from './documents/category.ts'
import {citation} from './documents/citation.ts'
import {expert} from './documents/expert.ts'
import {procedure} from './documents/procedure.ts'
import {risk} from './documents/risk.ts'
import {writer} from './documents/writer.ts'
import {affiliation} from './objects/affiliation.ts'
import {articleBody} from './objects/articleBody.ts'
import {costRange} from './objects/costRange.ts'
import {correction} from './objects/correction.ts'
import {countRange} from './objects/countRange.ts'
import {credential} from './objects/credential.ts'
import {credentialVerification} from './objects/credentialVerification.ts'
import {disclosure} from './objects/disclosure.ts'
import {downtime} from './objects/downtime.ts'
import {duration} from './objects/duration.ts'
import {figure} from './objects/figure.ts'
import {link} from './objects/link.ts'
import {medicalClaim} from './objects/medicalClaim.ts'

/** Document types, in the order editors meet them. */
export const documentTypes = [article, expert, procedure, risk, citation, writer, category]

/** Named object types the documents are built from. */
export const objectTypes = [
  articleBody,
  medicalClaim,
  link,
  figure,
  correction,
  credential,
  credentialVerification,
  affiliation,
  disclosure,
  costRange,
  countRange,
  duration,
  downtime,
]

export const schemaTypes = [...documentTypes, ...objectTypes]
