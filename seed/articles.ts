/**
 * The seed's articles, paraphrased from the source (facts carried over, wording our own).
 * Every medical claim is a `medicalClaim` mark over the text that states it, with a stable key.
 */
import type {ClaimDef, SeedDocument} from './builders.ts'
import {claim, figure, h2, h3, p, ref, refItems, slug} from './builders.ts'
import {getDraftId} from '../plugins/medical-claims/rules/ids.ts'
import {ARTICLE, CATEGORY, CITATION, EXPERT, PROCEDURE, WRITER} from './ids.ts'

/* ------------------------------------------------------------------------------------------ */
/* Micro-needling: a draft whose unattributed claims (and Dr. Claytor's) still block publishing. */
/* ------------------------------------------------------------------------------------------ */

export const MICRO_NEEDLING_CLAIMS = {
  whatItIs: {key: 'claim-what-it-is', kind: 'procedureFact', topic: 'cosmeticProcedures'},
  cost: {key: 'claim-cost', kind: 'cost', topic: 'cosmeticProcedures'},
  collagen: {key: 'claim-collagen', kind: 'procedureFact', topic: 'cosmeticProcedures', citations: [CITATION.collagenStudy]},
  numbing: {key: 'claim-numbing', kind: 'patientExperience', topic: 'cosmeticProcedures', expert: EXPERT.dianeHoward, citations: [CITATION.interviewHoward]},
  pinpricks: {key: 'claim-pinpricks', kind: 'procedureFact', topic: 'cosmeticProcedures', expert: EXPERT.avaShamban, citations: [CITATION.interviewShamban]},
  passes: {key: 'claim-passes', kind: 'procedureFact', topic: 'cosmeticProcedures'},
  rednessFades: {key: 'claim-redness-fades', kind: 'risk', topic: 'cosmeticProcedures'},
  sessions: {key: 'claim-sessions', kind: 'procedureFact', topic: 'cosmeticProcedures'},
  benefitTexture: {key: 'claim-benefit-texture', kind: 'benefit', topic: 'cosmeticProcedures', citations: [CITATION.collagenStudy]},
  benefitWrinkles: {key: 'claim-benefit-wrinkles', kind: 'benefit', topic: 'cosmeticProcedures', citations: [CITATION.collagenStudy]},
  benefitHair: {key: 'claim-benefit-hair', kind: 'benefit', topic: 'cosmeticProcedures', citations: [CITATION.retractedHairStudy]},
  contraSkin: {key: 'claim-contraindication-skin', kind: 'contraindication', topic: 'cosmeticProcedures'},
  contraMedical: {key: 'claim-contraindication-medical', kind: 'contraindication', topic: 'cosmeticProcedures', expert: EXPERT.rahiSarbaziha, citations: [CITATION.interviewSarbaziha]},
  allergy: {key: 'claim-allergy', kind: 'risk', topic: 'cosmeticProcedures'},
  irritation: {key: 'claim-temporary-irritation', kind: 'risk', topic: 'cosmeticProcedures'},
  avoidSun: {key: 'claim-avoid-sun', kind: 'aftercare', topic: 'cosmeticProcedures', expert: EXPERT.brannonClaytor, citations: [CITATION.interviewClaytor]},
  infection: {key: 'claim-infection', kind: 'risk', topic: 'cosmeticProcedures'},
  lowQuality: {key: 'claim-low-quality-providers', kind: 'risk', topic: 'cosmeticProcedures', expert: EXPERT.brannonClaytor, citations: [CITATION.interviewClaytor]},
  pih: {key: 'claim-pih', kind: 'risk', topic: 'cosmeticProcedures'},
  sunscreen: {key: 'claim-sunscreen', kind: 'aftercare', topic: 'cosmeticProcedures', expert: EXPERT.rahiSarbaziha, citations: [CITATION.interviewSarbaziha]},
} as const satisfies Record<string, ClaimDef>

function microNeedling(): SeedDocument {
  const c = MICRO_NEEDLING_CLAIMS
  return {
    _id: getDraftId(ARTICLE.microNeedling),
    _type: 'article',
    title: 'Micro-needling for your skin: what experts say about the benefits and the risks',
    slug: slug('micro-needling-risks-and-benefits'),
    dek: 'A little needlework can pay off. Here is how the treatment works, what it can do, who should skip it and how to look after your skin afterwards.',
    author: ref(WRITER.sarahJoseph),
    category: ref(CATEGORY.skinCare),
    heroImage: figure(undefined, {
      alt: 'A man lying back while a practitioner treats his face with a micro-needling device',
      credit: 'Kovalchynskyy Mykola/Shutterstock',
    }),
    procedures: refItems([PROCEDURE.microNeedling]),
    relatedArticles: refItems([ARTICLE.winterSkincare, ARTICLE.oliveOil, ARTICLE.omega3]),
    body: [
      p(
        'mn-intro',
        claim(
          c.whatItIs,
          'Micro-needling (you may also hear it called collagen induction therapy) is a cosmetic treatment in which a dermaroller or micro-needling pen makes lots of tiny, controlled punctures in the skin. It counts as minimally invasive, and the point is to set off the skin\u2019s own repair response and get it making more collagen.',
        ),
      ),
      p('mn-interviews', 'We asked several doctors for their take on the treatment. Read on for what they told us about its upsides and its downsides.'),
      figure('mn-figure-tool', {
        alt: 'A man holding a handheld micro-needling tool to his face',
        caption: 'Micro-needling is done with a needle roller or a pen-style device.',
        credit: 'triocean/Shutterstock',
      }),
      h2('mn-h-before-after', 'Micro-needling: before, during and after'),
      p(
        'mn-how',
        claim(c.cost, 'A single session usually costs somewhere between $100 and $700.'),
        ' ',
        claim(
          c.collagen,
          'The practitioner rolls or stamps the device across the skin, opening microscopic channels in the epidermis, the skin\u2019s outer layer. The body treats these tiny injuries like any wound and starts repairing them, laying down fresh collagen and elastin fibres as it goes.',
        ),
      ),
      p(
        'mn-pain',
        'Worried that it hurts? You probably need not be. ',
        claim(
          c.numbing,
          'The skin is cleansed first and a numbing cream goes on, so most people feel very little. Because a cream never numbs perfectly evenly, some spots may be more noticeable than others; registered aesthetic nurse Diane Howard compares the sensation to being tickled.',
        ),
      ),
      p(
        'mn-depth',
        'How deep the needles go differs from treatment to treatment, according to board-certified dermatologist Dr. Ava Shamban. ',
        claim(c.pinpricks, 'She told us the punctures are so minute, on a nano scale, that you are unlikely to spot them once the session is over.'),
        ' ',
        claim(c.passes, 'Depending on the device, the specialist will normally go over your skin two or three times.'),
      ),
      p(
        'mn-after',
        claim(c.rednessFades, 'Afterwards your skin may look red or a little puffy, but that settles within a few hours or, at most, a couple of days.'),
        ' ',
        claim(c.sessions, 'Most people need somewhere between three and six appointments before they notice a difference.'),
        ' The wait can be well worth it; meanwhile, stick to the skin-care plan your doctor gives you while your skin recovers.',
      ),
      h2('mn-h-benefits', 'What micro-needling can do for you'),
      p(
        'mn-benefits-intro',
        'If the idea of being pricked by tiny needles does not put you off, there is a lot to like, depending on what you want to change. Three of the main pay-offs follow.',
      ),
      h3('mn-h-texture', 'A smoother, more even texture'),
      p(
        'mn-texture',
        claim(
          c.benefitTexture,
          'Put simply, micro-needling evens out rough skin by speeding up how fast skin cells are replaced. The small wounds prompt the skin to make new cells, dead ones are shed more quickly, and the surface ends up smoother and finer. It can even be used on acne scars.',
        ),
      ),
      h3('mn-h-wrinkles', 'Less visible pores, fine lines and wrinkles'),
      p(
        'mn-wrinkles',
        claim(
          c.benefitWrinkles,
          'Collagen is one of the main building blocks that keep skin firm and springy. By making controlled micro-wounds, micro-needling sets off the body\u2019s repair process and steps up collagen production; as that new collagen builds up, the skin gets firmer and bouncier, and pores, fine lines and wrinkles can become harder to see.',
        ),
      ),
      h3('mn-h-hair', 'Support for hair growth'),
      p(
        'mn-hair',
        claim(
          c.benefitHair,
          'On the scalp, micro-needling can encourage hair to grow by boosting blood flow, helping topical products soak in and calming inflammation, and it may even wake up beard follicles and spur new growth.',
        ),
        ' How well it works varies from person to person, and it is usually paired with other treatments, so ask a hair-restoration specialist what makes sense for you.',
      ),
      figure('mn-figure-face', {
        alt: 'A man having his face treated with a micro-needling device',
        credit: 'Kris Ti Sirk/Shutterstock',
      }),
      h2('mn-h-risks', 'The risks of micro-needling'),
      p(
        'mn-contraindications',
        claim(c.contraSkin, 'It may not be a good idea if you already have certain skin problems, for example active acne, eczema or rosacea, or open wounds.'),
        ' Aesthetics specialist Dr. Rahi Sarbaziha, who is board-certified in integrative medicine, adds some medical reasons to hold back: ',
        claim(
          c.contraMedical,
          'anyone with a blood-clotting disorder or a weakened immune system, or anyone currently on blood thinners or similar medicines, should hold off and look at other options.',
        ),
      ),
      p('mn-risks-intro', 'Micro-needling is widely regarded as low-risk, but it still has some possible side effects. The main ones are listed below.'),
      h3('mn-h-irritation', 'Skin irritation'),
      p(
        'mn-allergy',
        claim(c.allergy, 'Some people are hypersensitive or allergic to products used during or after the session, such as numbing creams or serums.'),
        ' Tell your practitioner about any allergies or sensitivities you know of before you start.',
      ),
      p(
        'mn-irritation',
        claim(c.irritation, 'Once the treatment is over, you may notice temporary redness, swelling or tenderness, which normally clears up within a few days.'),
        ' Good aftercare and sun protection keep further irritation at bay. On keeping irritation to a minimum, Dr. R. Brannon Claytor said that ',
        claim(c.avoidSun, 'patients should keep out of the sun and leave certain skin-care products alone for a few days after their session.'),
        ' Looking after your skin really does make a difference.',
      ),
      p(
        'mn-infection',
        claim(
          c.infection,
          'If the equipment and the skin are not properly sterilised and kept clean during the procedure, infection can set in, so the device and the treated area must both be thoroughly cleaned and disinfected.',
        ),
        ' Dr. Claytor adds that ',
        claim(
          c.lowQuality,
          'infection, heavy bleeding, bruising, peeling and itching mostly come down to cheap devices used at home, or to providers who are under-qualified or do not work hygienically.',
        ),
        ' It goes without saying: if that happens to you, find someone else.',
      ),
      h3('mn-h-pih', 'Post-inflammatory hyperpigmentation (PIH)'),
      p(
        'mn-pih',
        claim(c.pih, 'Once in a while, micro-needling leaves temporary dark patches on the treated skin.'),
        ' Limiting time in the sun, wearing sunscreen and following your aftercare instructions all make this less likely. ',
        claim(c.sunscreen, 'Dr. Sarbaziha recommends a sheer mineral sunscreen with SPF 70.'),
      ),
      figure('mn-figure-closeup', {
        alt: 'Close-up of micro-needling being performed on a man\u2019s face',
        credit: 'Kris Ti Sirk/Shutterstock',
      }),
      h2('mn-h-final', 'The bottom line'),
      p(
        'mn-final',
        'Before you book, talk to a medical professional, for instance a dermatologist or another trained practitioner. Micro-needling can do a lot for skin and hair, but you need to know whether it suits your own skin and needs. Getting advice first means you can decide with the full picture and get recommendations that fit your health goals.',
      ),
    ],
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The three recommended articles: published, complete.                                        */
/* ------------------------------------------------------------------------------------------ */

export const WINTER_CLAIMS = {
  lipsScalp: {key: 'claim-winter-lips-scalp', kind: 'risk', topic: 'skin', expert: EXPERT.rebeccaBialas, citations: [CITATION.interviewBialas, CITATION.drySkinReview]},
  dryAir: {key: 'claim-winter-dry-air', kind: 'risk', topic: 'skin', expert: EXPERT.rebeccaBialas, citations: [CITATION.interviewBialas, CITATION.drySkinReview]},
} as const satisfies Record<string, ClaimDef>

function winterSkincare(): SeedDocument {
  const c = WINTER_CLAIMS
  return {
    _id: ARTICLE.winterSkincare,
    _type: 'article',
    title: 'A dermatologist\u2019s winter skin-care routine',
    slug: slug('dermatologist-winter-skincare-routine'),
    dek: 'Cold air and central heating dry skin out. Here is why, and how to keep it moisturised until spring.',
    category: ref(CATEGORY.skinCare),
    heroImage: figure(undefined, {alt: 'A man rubbing moisturiser into his face'}),
    publishedAt: '2026-09-22T09:00:00.000Z',
    body: [
      p(
        'ws-intro-1',
        'Once winter arrives, the scarves, hats, heavy coats and gloves come out of the cupboard, and a row of boots takes over from sandals and trainers by the front door. Keeping skin moisturised matters in every season, but most of all in the cold months, when getting out of the house means bundling up and covering every bit of bare skin against icy wind.',
      ),
      p(
        'ws-intro-2',
        'However carefully you wrap up against the dry winter air, your skin can still end up itchy, tight and chapped. Your wardrobe changes with the seasons, and your skin-care routine may need a winter rethink too if you want it to stay as soft, smooth and well hydrated as in gentler weather.',
      ),
      p(
        'ws-intro-3',
        'Lots of men put up with very dry skin every winter, but it does not have to be that way: a steady moisturising routine and the right products can see you through the coldest, driest months. For advice on keeping skin hydrated this winter, we turned to Dr. Rebecca Bialas, MD, MPH, co-founder of CLARA Dermatology, about the best ways for men to keep their skin moisturised when it is cold.',
      ),
      h2('ws-h-why', 'Why does skin dry out in winter?'),
      p(
        'ws-why-1',
        'Winter dryness is not limited to the face, body and hands. ',
        claim(c.lipsScalp, 'According to Bialas, many men also get chapped, dry lips and a flaky scalp (seborrheic dermatitis) in the colder months.'),
      ),
      p(
        'ws-why-2',
        claim(c.dryAir, 'She explained that cold outdoor air and indoor heating both lower the humidity around us, so skin loses its moisture faster in winter.'),
      ),
    ],
  }
}

export const OLIVE_OIL_CLAIMS = {
  safety: {key: 'claim-olive-oil-safety', kind: 'risk', topic: 'skin', expert: EXPERT.viktoryiaKazlouskaya, citations: [CITATION.interviewKazlouskaya, CITATION.oliveOilTrial]},
  moisturises: {key: 'claim-olive-oil-moisturises', kind: 'benefit', topic: 'skin', expert: EXPERT.viktoryiaKazlouskaya, citations: [CITATION.interviewKazlouskaya, CITATION.oliveOilTrial]},
} as const satisfies Record<string, ClaimDef>

function oliveOil(): SeedDocument {
  const c = OLIVE_OIL_CLAIMS
  return {
    _id: ARTICLE.oliveOil,
    _type: 'article',
    title: 'Olive oil on your skin: what dermatologists think',
    slug: slug('olive-oil-on-skin'),
    dek: 'It belongs in the kitchen, but does it belong on your face? Dermatologists weigh in.',
    category: ref(CATEGORY.skinCare),
    heroImage: figure(undefined, {alt: 'Olive oil being poured into a small bowl'}),
    publishedAt: '2026-09-29T09:00:00.000Z',
    body: [
      p(
        'oo-intro-1',
        'As a rule we keep food away from our faces. Even so, putting food on skin is hardly a new idea: skin-care professionals have mixed ingredients like berries into face masks, and home recipes call for things such as avocado, which usually ends up on the breakfast table.',
      ),
      p(
        'oo-intro-2',
        'So where does olive oil fit in? It is a food, and the word \u201coil\u201d alone is enough to put some people off, particularly those whose skin breaks out easily. Still, the belief that spreading olive oil straight onto the skin does it a lot of good has stuck around.',
      ),
      p(
        'oo-quote',
        'Viktoryia Kazlouskaya, MD, PhD, a dermatologist who founded the New York practice Dermatology Circle PLLC, says do-it-yourself skin care has become popular lately, with many of her patients favouring home remedies, a trend fed by social media and by a few celebrities. ',
        claim(c.safety, 'According to Kazlouskaya, patients tend to assume olive oil is harmless, and for many people that is true.'),
        ' ',
        claim(c.moisturises, 'Kazlouskaya points out that olive oil contains triglycerides, which help keep skin moisturised.'),
      ),
      p(
        'oo-outro',
        'That is no reason to grab the bottle from the kitchen cupboard and slather it on. We asked experts what olive oil can do for skin and why some people are better off giving it a miss.',
      ),
    ],
  }
}

export const OMEGA_3_CLAIMS = {
  chronicDisease: {key: 'claim-omega-3-chronic-disease', kind: 'benefit', topic: 'nutrition', expert: EXPERT.lenaMarsh, citations: [CITATION.mediterraneanReview]},
} as const satisfies Record<string, ClaimDef>

function omega3(): SeedDocument {
  const c = OMEGA_3_CLAIMS
  return {
    _id: ARTICLE.omega3,
    _type: 'article',
    title: 'Can omega-3s do anything for your hair, skin and nails?',
    slug: slug('omega-3-hair-skin-nails'),
    dek: 'Omega-3 fatty acids get a lot of credit for health. Do they also show up in how you look?',
    category: ref(CATEGORY.nutrition),
    heroImage: figure(undefined, {alt: 'A plate of salmon on a dark background'}),
    publishedAt: '2026-10-06T09:00:00.000Z',
    body: [
      p(
        'o3-intro-1',
        'Once again the Mediterranean diet comes first in U.S. News & World Report\u2019s 2024 ranking of the best diets. Its staples include leafy greens, fruit, and proteins from plants and lean sources, and there is one more ingredient that gets plenty of attention: omega-3 fatty acids.',
      ),
      p(
        'o3-intro-2',
        claim(
          c.chronicDisease,
          'Omega-3s are part of this much-praised way of eating, which is more a pattern than a diet and which research has tied to a lower risk of chronic conditions such as type 2 diabetes, some cancers and high blood pressure, and to a longer life overall.',
        ),
      ),
      p('o3-question', 'Could the same fats, thanks to the omega-3s, also make a difference to the look and feel of your hair, skin and nails? Here is what we found out.'),
    ],
  }
}

export function articles(): SeedDocument[] {
  return [microNeedling(), winterSkincare(), oliveOil(), omega3()]
}
