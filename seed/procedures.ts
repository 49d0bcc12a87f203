/** The micro-needling procedure and its risks, as the source article describes them. */
import type {SeedDocument} from './builders.ts'
import {refItems, slug} from './builders.ts'
import {PROCEDURE, RISK} from './ids.ts'

export function procedures(): SeedDocument[] {
  return [
    {
      _id: PROCEDURE.microNeedling,
      _type: 'procedure',
      name: 'Micro-needling',
      slug: slug('micro-needling'),
      aliases: ['Collagen induction therapy'],
      summary:
        'A minimally invasive cosmetic treatment: a roller or pen covered in fine needles makes many tiny, controlled punctures in the skin, which prompts the skin to repair itself and produce more collagen.',
      devices: ['Dermaroller', 'Micro-needling pen'],
      typicalCost: {_type: 'costRange', min: 100, max: 700, currency: 'USD', basis: 'perSession'},
      sessionsNeeded: {_type: 'countRange', min: 3, max: 6},
      passesPerSession: {_type: 'countRange', min: 2, max: 3},
      downtime: {
        _type: 'downtime',
        min: {_type: 'duration', amount: 3, unit: 'hours'},
        max: {_type: 'duration', amount: 2, unit: 'days'},
        note: 'Redness or swelling that settles by itself, from a few hours up to a couple of days.',
      },
      contraindications: [
        'Active acne',
        'Eczema',
        'Rosacea',
        'Open wounds',
        'Blood clotting disorders',
        'A weakened (compromised) immune system',
        'Taking blood thinners or similar medication',
      ],
      risks: refItems([RISK.skinIrritation, RISK.rednessSwelling, RISK.infection, RISK.bleedingBruising, RISK.hyperpigmentation]),
    },
  ]
}

const forMicroNeedling = () => refItems([PROCEDURE.microNeedling])

export function risks(): SeedDocument[] {
  return [
    {
      _id: RISK.skinIrritation,
      _type: 'risk',
      name: 'Skin irritation or allergic reaction',
      slug: slug('skin-irritation-or-allergic-reaction'),
      description: 'Some people are sensitive or allergic to products used during or after the treatment, such as numbing creams or serums.',
      severity: 'mild',
      onset: 'During or soon after the session',
      mitigation: 'Tell the practitioner about any known allergies or sensitivities before the treatment starts.',
      procedures: forMicroNeedling(),
    },
    {
      _id: RISK.rednessSwelling,
      _type: 'risk',
      name: 'Redness, swelling and sensitivity',
      slug: slug('redness-swelling-and-sensitivity'),
      description: 'Temporary redness, puffiness or tenderness of the treated skin.',
      likelihood: 'common',
      severity: 'mild',
      onset: 'Right after the session',
      duration: 'From a few hours to a few days',
      mitigation: 'Follow the aftercare advice, protect the skin from the sun, and avoid sun exposure and certain skin-care products for a few days.',
      procedures: forMicroNeedling(),
    },
    {
      _id: RISK.infection,
      _type: 'risk',
      name: 'Infection',
      slug: slug('infection'),
      description: 'Bacteria can get into the punctures when the device or the skin is not properly sterilised and cleaned.',
      onset: 'In the days after the session',
      mitigation: 'Insist that both the device and the skin being treated are cleaned and disinfected with care; choose a qualified provider with good hygiene.',
      procedures: forMicroNeedling(),
    },
    {
      _id: RISK.bleedingBruising,
      _type: 'risk',
      name: 'Bleeding, bruising, itching and peeling',
      slug: slug('bleeding-bruising-itching-and-peeling'),
      description: 'Excessive bleeding, bruising, itching or peeling, mostly linked to poor-quality home devices or to under-qualified or unhygienic providers.',
      onset: 'During or soon after the session',
      mitigation: 'Avoid low-quality at-home devices and choose a qualified provider who works hygienically.',
      procedures: forMicroNeedling(),
    },
    {
      _id: RISK.hyperpigmentation,
      _type: 'risk',
      name: 'Post-inflammatory hyperpigmentation (PIH)',
      slug: slug('post-inflammatory-hyperpigmentation'),
      description: 'Temporary darkening of the treated skin.',
      likelihood: 'rare',
      duration: 'Temporary',
      mitigation: 'Limit sun exposure, wear sunscreen (a sheer mineral SPF 70 is one expert\u2019s suggestion) and follow the aftercare instructions.',
      procedures: forMicroNeedling(),
    },
  ]
}

