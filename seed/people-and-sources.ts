/**
 * Writers, categories, experts and citations of the seed. Experts' credentials are the ones the
 * source article states; issuing bodies, dates and verification records are seed placeholders
 * (no real register was consulted), and say so in their evidence text.
 */
import type {SeedDocument} from './builders.ts'
import {slug} from './builders.ts'
import {CATEGORY, CITATION, CREDENTIALS_VERIFIED_AT, EXPERT, FACT_CHECKER, WRITER} from './ids.ts'

const VERIFIED_BY = `${FACT_CHECKER.name} (${FACT_CHECKER.id})`

function verified(evidence: string) {
  return {
    _type: 'credentialVerification',
    status: 'verified',
    verifiedBy: VERIFIED_BY,
    verifiedAt: CREDENTIALS_VERIFIED_AT,
    evidence: `${evidence} Seed record for local development: no real register lookup was made.`,
  }
}

export function writers(): SeedDocument[] {
  return [
    {
      _id: WRITER.sarahJoseph,
      _type: 'writer',
      name: 'Sarah Joseph',
      slug: slug('sarah-joseph'),
      bio: 'Sarah is happiest outside. She has an adventurous streak and a particular fondness for the mountains.',
    },
  ]
}

export function categories(): SeedDocument[] {
  return [
    {
      _id: CATEGORY.skinCare,
      _type: 'category',
      title: 'Skin care',
      slug: slug('skin-care'),
      description: 'Treatments, routines and products for healthy skin.',
    },
    {
      _id: CATEGORY.nutrition,
      _type: 'category',
      title: 'Nutrition',
      slug: slug('nutrition'),
      description: 'What we eat and how it shows up in hair, skin and health.',
    },
  ]
}

export function experts(): SeedDocument[] {
  return [
    {
      _id: EXPERT.dianeHoward,
      _type: 'expert',
      name: 'Diane Howard',
      postnominals: ['RN'],
      slug: slug('diane-howard'),
      bio: 'Registered nurse who works in aesthetic treatments. Interviewed about what micro-needling feels like.',
      specialties: ['Aesthetic nursing'],
      credentials: [
        {
          _key: 'registered-nurse',
          _type: 'credential',
          kind: 'registration',
          profession: 'registeredNurse',
          title: 'Registered nurse (aesthetics)',
          specialty: 'aestheticMedicine',
          issuer: 'us-state-nursing-board',
          issuingBody: 'State board of nursing',
          issuedOn: '2012-06-01',
          expiresOn: '2028-06-30',
          verification: verified('Registration status checked on the state board of nursing licence lookup.'),
        },
      ],
    },
    {
      _id: EXPERT.avaShamban,
      _type: 'expert',
      name: 'Dr. Ava Shamban',
      slug: slug('ava-shamban'),
      bio: 'Board-certified dermatologist. Interviewed about how micro-needling works; medical reviewer of the micro-needling article.',
      specialties: ['Dermatology'],
      credentials: [
        {
          _key: 'board-dermatology',
          _type: 'credential',
          kind: 'boardCertification',
          profession: 'physician',
          title: 'Board certification in dermatology',
          specialty: 'dermatology',
          issuer: 'us-abms-abd',
          issuingBody: 'American Board of Dermatology',
          jurisdiction: 'US',
          issuedOn: '1998-07-01',
          expiresOn: '2029-12-31',
          verification: verified('Certification status checked on the American Board of Dermatology certification lookup.'),
        },
      ],
    },
    {
      _id: EXPERT.rahiSarbaziha,
      _type: 'expert',
      name: 'Dr. Rahi Sarbaziha',
      slug: slug('rahi-sarbaziha'),
      bio: 'Board-certified integrative medicine doctor with a focus on aesthetics. Interviewed about who should avoid micro-needling and about sun protection.',
      specialties: ['Integrative medicine', 'Aesthetic medicine'],
      credentials: [
        // The American Board of Integrative Medicine is outside the recognised specialty-board systems
        // (ABMS, AOA), so this certificate alone qualifies her for no clinical claim: her claims in the
        // micro-needling draft wait until a licence is on file or another expert vouches for them.
        {
          _key: 'board-integrative-medicine',
          _type: 'credential',
          kind: 'boardCertification',
          profession: 'physician',
          title: 'Board certification in integrative medicine',
          specialty: 'integrativeMedicine',
          issuer: 'us-aboim',
          issuingBody: 'American Board of Integrative Medicine',
          jurisdiction: 'US',
          issuedOn: '2016-01-15',
          expiresOn: '2028-12-31',
          verification: verified('Certification status checked on the board\u2019s public directory of certified physicians.'),
        },
      ],
    },
    {
      _id: EXPERT.brannonClaytor,
      _type: 'expert',
      name: 'Dr. R. Brannon Claytor',
      slug: slug('r-brannon-claytor'),
      bio: 'Quoted on aftercare and on complications after micro-needling. The article states no credential, so none is on file yet.',
      credentials: [],
    },
    {
      _id: EXPERT.rebeccaBialas,
      _type: 'expert',
      name: 'Dr. Rebecca Bialas',
      postnominals: ['MD', 'MPH'],
      slug: slug('rebecca-bialas'),
      bio: 'Dermatologist and co-founder of CLARA Dermatology. Interviewed about keeping skin hydrated in winter.',
      specialties: ['Dermatology'],
      affiliations: [{_key: 'clara-dermatology', _type: 'affiliation', organisation: 'CLARA Dermatology', role: 'Co-founder'}],
      credentials: [
        {
          _key: 'medical-licence',
          _type: 'credential',
          kind: 'licence',
          profession: 'physician',
          title: 'Medical licence (dermatology practice)',
          specialty: 'dermatology',
          issuer: 'us-state-medical-board',
          issuingBody: 'State medical board',
          issuedOn: '2015-07-01',
          expiresOn: '2028-09-30',
          verification: verified('Licence status checked on the state medical board licence lookup.'),
        },
      ],
    },
    {
      _id: EXPERT.viktoryiaKazlouskaya,
      _type: 'expert',
      name: 'Dr. Viktoryia Kazlouskaya',
      postnominals: ['MD', 'PhD'],
      slug: slug('viktoryia-kazlouskaya'),
      bio: 'Dermatologist who founded Dermatology Circle PLLC, a practice in New York. Interviewed about putting olive oil on the skin.',
      specialties: ['Dermatology'],
      affiliations: [
        {_key: 'dermatology-circle', _type: 'affiliation', organisation: 'Dermatology Circle PLLC, New York', role: 'Founder and dermatologist'},
      ],
      credentials: [
        {
          _key: 'medical-licence',
          _type: 'credential',
          kind: 'licence',
          profession: 'physician',
          title: 'Medical licence (dermatology practice)',
          specialty: 'dermatology',
          issuer: 'us-state-medical-board',
          issuingBody: 'New York State Education Department, Office of the Professions',
          jurisdiction: 'US-NY',
          issuedOn: '2014-09-01',
          expiresOn: '2028-08-31',
          verification: verified('Licence status checked on the New York State Office of the Professions verification search.'),
        },
      ],
    },
    {
      _id: EXPERT.lenaMarsh,
      _type: 'expert',
      name: 'Dr. Lena Marsh',
      postnominals: ['MD'],
      slug: slug('lena-marsh'),
      bio: 'Fictional expert profile for the demo dataset: a dermatologist with an interest in nutrition. She vouches for the omega-3 article\u2019s claims.',
      specialties: ['Dermatology', 'Nutrition and skin'],
      affiliations: [{_key: 'example-clinic', _type: 'affiliation', organisation: 'Example Skin Clinic (fictional)', role: 'Dermatologist'}],
      disclosures: [
        {
          _key: 'speaking-fees',
          _type: 'disclosure',
          statement: 'Has received speaking fees from a (fictional) fish-oil supplement brand.',
          relationship: 'speaking',
          since: '2024-03-01',
        },
      ],
      credentials: [
        {
          _key: 'board-dermatology',
          _type: 'credential',
          kind: 'boardCertification',
          profession: 'physician',
          title: 'Board certification in dermatology',
          specialty: 'dermatology',
          issuer: 'us-abms-abd',
          issuingBody: 'American Board of Dermatology',
          jurisdiction: 'US',
          issuedOn: '2017-07-01',
          expiresOn: '2030-12-31',
          verification: verified('Fictional expert: certification lookup simulated for the demo.'),
        },
      ],
    },
    {
      _id: EXPERT.owenPryce,
      _type: 'expert',
      name: 'Dr. Owen Pryce',
      postnominals: ['MD'],
      slug: slug('owen-pryce'),
      bio: 'Fictional expert profile for the demo dataset: his medical licence was verified once but expired on 30 June 2025, so claims attributed to him are blocked until the renewal is recorded.',
      specialties: ['Family medicine'],
      credentials: [
        {
          _key: 'medical-licence',
          _type: 'credential',
          kind: 'licence',
          profession: 'physician',
          title: 'Medical licence',
          specialty: 'familyMedicine',
          issuer: 'us-state-medical-board',
          issuingBody: 'Example State Medical Board (fictional)',
          jurisdiction: 'US-OR',
          identifierType: 'npi',
          identifier: '1234567893',
          issuedOn: '2015-07-01',
          expiresOn: '2025-06-30',
          verification: {
            _type: 'credentialVerification',
            status: 'verified',
            verifiedBy: VERIFIED_BY,
            verifiedAt: '2024-01-10T09:30:00.000Z',
            evidence: 'Fictional expert: licence lookup simulated for the demo (licence then valid until 2025-06-30).',
          },
        },
      ],
    },
    {
      _id: EXPERT.jamieOrtiz,
      _type: 'expert',
      name: 'Jamie Ortiz',
      postnominals: ['MSN', 'NP'],
      slug: slug('jamie-ortiz'),
      bio: 'Fictional expert profile for the demo dataset: a nurse practitioner whose licence has been entered but not yet verified by a fact-checker.',
      specialties: ['Aesthetic medicine'],
      credentials: [
        {
          _key: 'np-licence',
          _type: 'credential',
          kind: 'licence',
          profession: 'nursePractitioner',
          title: 'Nurse practitioner licence',
          specialty: 'familyMedicine',
          issuer: 'us-state-nursing-board',
          issuingBody: 'Example State Board of Nursing (fictional)',
          jurisdiction: 'US-TX',
          identifierType: 'licenceNumber',
          identifier: 'EX-NP-000000',
          issuedOn: '2019-05-01',
          expiresOn: '2029-04-30',
          verification: {_type: 'credentialVerification', status: 'unverified'},
        },
      ],
    },
  ]
}

function interview(id: string, expertName: string, topic: string, accessedAt: string, authors: string[]): SeedDocument {
  return {
    _id: id,
    _type: 'citation',
    kind: 'expertInterview',
    title: `Interview with ${expertName} on ${topic}`,
    ...(authors.length > 0 ? {authors} : {}),
    publisher: 'Editorial interview notes',
    year: 2024,
    accessedAt,
    peerReviewed: false,
    retracted: false,
  }
}

export function citations(): SeedDocument[] {
  return [
    interview(CITATION.interviewHoward, 'Diane Howard', 'micro-needling', '2024-05-14', ['Sarah Joseph']),
    interview(CITATION.interviewShamban, 'Dr. Ava Shamban', 'micro-needling', '2024-05-15', ['Sarah Joseph']),
    interview(CITATION.interviewSarbaziha, 'Dr. Rahi Sarbaziha', 'micro-needling', '2024-05-16', ['Sarah Joseph']),
    interview(CITATION.interviewClaytor, 'Dr. R. Brannon Claytor', 'micro-needling', '2024-05-17', ['Sarah Joseph']),
    interview(CITATION.interviewBialas, 'Dr. Rebecca Bialas', 'winter skin care', '2024-01-08', []),
    interview(CITATION.interviewKazlouskaya, 'Dr. Viktoryia Kazlouskaya', 'olive oil on the skin', '2024-02-12', []),
    {
      _id: CITATION.collagenStudy,
      _type: 'citation',
      kind: 'journalArticle',
      title: 'Collagen remodelling after a course of facial micro-needling: an example cohort study',
      authors: ['A. Example', 'B. Sample'],
      journal: 'Journal of Example Dermatology',
      year: 2022,
      doi: '10.5555/example.2022.014',
      url: 'https://doi.org/10.5555/example.2022.014',
      accessedAt: '2024-05-20',
      evidenceLevel: 'observational',
      peerReviewed: true,
      retracted: false,
    },
    {
      _id: CITATION.mediterraneanReview,
      _type: 'citation',
      kind: 'journalArticle',
      title: 'Mediterranean eating patterns and chronic disease risk: an example narrative review',
      authors: ['C. Placeholder', 'D. Example'],
      journal: 'Example Reviews in Nutrition',
      year: 2023,
      doi: '10.5555/example.2023.007',
      url: 'https://doi.org/10.5555/example.2023.007',
      accessedAt: '2024-03-04',
      evidenceLevel: 'expertOpinion',
      peerReviewed: true,
      retracted: false,
    },
    {
      _id: CITATION.retractedHairStudy,
      _type: 'citation',
      kind: 'journalArticle',
      title: 'Fictional example: scalp micro-needling doubles hair regrowth in eight weeks',
      authors: ['E. Nobody', 'F. Example'],
      journal: 'Journal of Example Dermatology',
      year: 2021,
      doi: '10.5555/example.2021.001',
      accessedAt: '2024-05-20',
      evidenceLevel: 'trial',
      peerReviewed: true,
      retracted: true,
      retractionNotice: 'Fictional seed record: the journal withdrew this paper in 2023 because its image data could not be verified.',
      retractionUrl: 'https://example.org/retractions/10.5555-example.2021.001',
    },
    {
      _id: CITATION.drySkinReview,
      _type: 'citation',
      kind: 'journalArticle',
      title: 'Cold air, indoor heating and water loss through the skin: an example narrative review',
      authors: ['G. Example', 'H. Sample'],
      journal: 'Example Reviews in Dermatology',
      year: 2022,
      doi: '10.5555/example.2022.031',
      url: 'https://doi.org/10.5555/example.2022.031',
      accessedAt: '2024-01-10',
      evidenceLevel: 'expertOpinion',
      peerReviewed: true,
      retracted: false,
    },
    {
      _id: CITATION.oliveOilTrial,
      _type: 'citation',
      kind: 'journalArticle',
      title: 'Topical olive oil and the skin barrier in adults: an example randomised trial',
      authors: ['I. Placeholder', 'J. Example'],
      journal: 'Journal of Example Dermatology',
      year: 2021,
      doi: '10.5555/example.2021.019',
      url: 'https://doi.org/10.5555/example.2021.019',
      accessedAt: '2024-02-14',
      evidenceLevel: 'trial',
      peerReviewed: true,
      retracted: false,
    },
  ]
}
