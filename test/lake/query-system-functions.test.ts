/**
 * `sanity::versionOf` and `sanity::partOfRelease` in filters are answered from the id indexes,
 * `releases::all()` from the type index, and
 * give exactly what plain groq-js gives (every document scanned, no planner), order included, in
 * every perspective: drafts, release versions, ids with dots, ids that nest prefixes, missing ids,
 * arguments that are not constant strings, and combinations with other conditions.
 */
import {describe, expect, it} from 'vitest'
import {prng, syntheticDataset} from '../../bench/planner-dataset.ts'
import {DatasetState, type Doc} from '../../lake/dataset.ts'
import {isPartOfRelease, isVersionOf} from '../../lake/query/constraints.ts'
import {runQuery, type Perspective} from '../../lake/query/index.ts'

const RELEASES = ['rSpring', 'rSummer']
const PERSPECTIVES: Perspective[] = ['raw', 'published', ['drafts'], ['rSpring', 'drafts'], ['rSummer'], ['rSummer', 'rSpring', 'drafts']]

/** Documents whose ids test the edges of the id rules. */
const EDGE_DOCS: Doc[] = [
  // Ids with dots, with a draft and a version.
  {_id: 'guide.v2', _type: 'article', title: 'Guide v2'},
  {_id: 'drafts.guide.v2', _type: 'article', title: 'Guide v2 (draft)'},
  {_id: 'versions.rSpring.guide.v2', _type: 'article', title: 'Guide v2 (spring)'},
  {_id: 'guide', _type: 'article', title: 'Guide'},
  // Only a draft, only a version.
  {_id: 'drafts.draft-only', _type: 'article', title: 'Draft only'},
  {_id: 'versions.rSummer.version-only', _type: 'article', title: 'Version only'},
  // Ids that nest prefixes: a stack view shows them under ids starting with drafts. or versions.
  {_id: 'drafts.drafts.article-1', _type: 'article', title: 'Draft of a draft'},
  {_id: 'drafts.versions.rSpring.article-2', _type: 'article', title: 'Draft of a version'},
  {_id: 'versions.rSummer.drafts.article-3', _type: 'article', title: 'Version of a draft'},
  {_id: 'versions.rSpring.versions.rSummer.article-4', _type: 'article', title: 'Version of a version'},
  {_id: 'versions.rSummer.article-4', _type: 'article', title: 'Summer article 4'},
  // A version with an empty release name, a version id without a release, a bare draft prefix.
  {_id: 'versions..article-5', _type: 'article', title: 'Empty release'},
  {_id: 'versions.article-6', _type: 'article', title: 'No release'},
  {_id: 'drafts.', _type: 'note', title: 'Bare prefix'},
  {_id: 'versions.rSpring.', _type: 'note', title: 'Bare version prefix'},
  // Points at documents that a stack view shows under ids no raw document has.
  {_id: 'pointer', _type: 'note', target: 'draft-only', targets: [{_ref: 'draft-only'}, {_ref: 'version-only'}, {_ref: 'guide.v2'}]},
]

function dataset(): DatasetState {
  const ds = new DatasetState('system-functions')
  for (const doc of syntheticDataset(1500, 11, {releases: RELEASES})) ds.load(doc)
  for (const doc of EDGE_DOCS) ds.load(doc)
  return ds
}

async function both(ds: DatasetState, query: string, params: Record<string, unknown>, perspective: Perspective) {
  const settle = (plan: boolean) =>
    runQuery(ds, query, {params, perspective, plan}).then(
      (r) => ({ok: true, value: JSON.stringify(r.result)}),
      (e: unknown) => ({ok: false, value: e instanceof Error ? e.message.replace(/\s+at .*/s, '') : String(e)}),
    )
  return {planned: await settle(true), reference: await settle(false)}
}

async function expectSame(ds: DatasetState, query: string, params: Record<string, unknown>) {
  for (const perspective of PERSPECTIVES) {
    const {planned, reference} = await both(ds, query, params, perspective)
    expect({perspective, params, ...planned}).toEqual({perspective, params, ...reference})
  }
}

/** Arguments of versionOf: published, with draft and versions, with dots, nested, prefixed, missing, empty. */
const VERSION_OF_IDS = [
  'article-1',
  'article-2',
  'article-3',
  'article-4',
  'article-5',
  'article-6',
  'guide.v2',
  'guide',
  'v2',
  'draft-only',
  'version-only',
  'drafts.article-1',
  'drafts.guide.v2',
  'versions.rSpring.article-2',
  'versions.rSummer.article-4',
  'rSpring.article-2',
  'missing',
  '',
  'drafts',
  'versions',
]
const RELEASE_NAMES = ['rSpring', 'rSummer', '', 'rAutumn', 'rSpring.guide', 'drafts', 'versions']

describe('sanity::versionOf and sanity::partOfRelease, planned == plain groq-js', () => {
  const ds = dataset()
  // Some generated articles with a draft and release versions, so the cases are not all edges.
  const withVersions = [...ds.allVersionIds()].filter((id) => id.startsWith('versions.r') && id.includes('.article-')).slice(0, 4)
  const generated = withVersions.map((id) => id.slice(id.indexOf('.', 'versions.'.length) + 1))

  it('the generated dataset has drafts and versions in both releases', () => {
    const ids = [...ds.docs.keys()]
    expect(ids.filter((id) => id.startsWith('drafts.article-')).length).toBeGreaterThan(10)
    for (const release of RELEASES) expect(ids.filter((id) => id.startsWith(`versions.${release}.article-`)).length).toBeGreaterThan(5)
    expect(generated.length).toBe(4)
  })

  const versionOfQueries = [
    '*[sanity::versionOf($id)]',
    '*[sanity::versionOf($id)]._id',
    '*[(sanity::versionOf($id))]{_id, _originalId, title}',
    '*[_type == "article" && sanity::versionOf($id)]{_id, _originalId, title}',
    '*[sanity::versionOf($id) && _type == "note"]._id',
    '*[defined(title) && (sanity::versionOf($id) && !(_id in path("drafts.**")))]._id',
    '*[sanity::versionOf($id) || sanity::versionOf("guide.v2")]._id',
    '*[sanity::versionOf($id) || title == "Guide"]._id',
    '*[sanity::versionOf($id) && (_id in path("versions.**") || _id in path("drafts.*"))]._id',
    '*[!sanity::versionOf($id)] | order(_id) [0...4]._id',
    '*[sanity::versionOf($id)] | order(_updatedAt) [0]{_id, _type}',
    '*[sanity::versionOf($id)][0]._type',
    'count(*[sanity::versionOf($id)])',
    '*[_type in ["article", "note"] && sanity::versionOf($id) && _id == $id]._id',
    '*[_type == "category"] | order(_id) [0...2]{_id, "versions": *[sanity::versionOf($id)]._id}',
    '*[_type == "article"] | order(_id) [0...6]{_id, "self": *[sanity::versionOf($id) && _id == ^._id]._id}',
  ]

  it.each(versionOfQueries)('%s', async (query) => {
    for (const id of [...VERSION_OF_IDS, ...generated]) await expectSame(ds, query, {id})
  }, 120_000)

  it('literal arguments, and the Studio\'s batched query of version ids', async () => {
    await expectSame(ds, '*[sanity::versionOf("guide.v2")]._id', {})
    await expectSame(ds, '*[sanity::versionOf("drafts.article-1")]._id', {})
    const batch = `[${[...VERSION_OF_IDS, ...generated].map((id) => `*[sanity::versionOf(${JSON.stringify(id)})]._id`).join(',')}]`
    await expectSame(ds, batch, {})
  }, 60_000)

  it('arguments that are not constant strings are left to groq-js', async () => {
    for (const query of [
      '*[sanity::versionOf(5)]._id',
      '*[sanity::versionOf(null)]._id',
      '*[sanity::versionOf(["article-1"])]._id',
      '*[sanity::versionOf($id)]._id',
      '*[sanity::versionOf(_id)]._id',
      '*[sanity::versionOf(title)]._id',
      '*[sanity::versionOf(string::split(_id, ".")[1])]._id',
      '*[_type == "article"] | order(_id) [0...4]{_id, "v": *[sanity::versionOf(^._id)]._id}',
      '*[sanity::partOfRelease(true)]._id',
      '*[sanity::partOfRelease($id)]._id',
      '*[sanity::partOfRelease(string::split(_id, ".")[1])]._id',
    ]) {
      for (const id of [7, null, ['article-1'], {a: 1}]) await expectSame(ds, query, {id})
    }
  }, 120_000)

  const partOfReleaseQueries = [
    '*[sanity::partOfRelease($release)]._id',
    '*[sanity::partOfRelease($release)]{_id, _originalId, "docId": string::split(_id, ".")[2]} | order(_id desc)',
    '*[_type == "article" && sanity::partOfRelease($release)]._id',
    '*[sanity::partOfRelease($release) || sanity::partOfRelease("rSummer")]._id',
    '*[sanity::partOfRelease($release) && sanity::versionOf("article-4")]._id',
    'count(*[sanity::partOfRelease($release)])',
  ]

  it.each(partOfReleaseQueries)('%s', async (query) => {
    for (const release of RELEASE_NAMES) await expectSame(ds, query, {release})
  }, 60_000)

  it('random ids of the dataset, with and without prefixes', async () => {
    const rand = prng(5)
    const ids = [...ds.docs.keys()]
    for (let i = 0; i < 25; i++) {
      const raw = ids[Math.floor(rand() * ids.length)]
      const dot = raw.indexOf('.')
      for (const id of [raw, dot === -1 ? `x.${raw}` : raw.slice(dot + 1)]) await expectSame(ds, '*[sanity::versionOf($id)]{_id, _originalId}', {id})
    }
  }, 120_000)

  it('`_id` pinned beside `_type` finds drafts and versions that a stack view shows under the published id', async () => {
    for (const query of [
      '*[_type == "article" && _id == $id]{_id, _originalId}',
      '*[_type == "article" && _id in [$id, "guide.v2"]]{_id, _originalId}',
      '*[_id == "pointer"]{"one": *[_type == "article" && _id == ^.target]._id, "many": *[_type == "article" && _id in ^.targets[]._ref]._id}',
    ]) {
      for (const id of ['draft-only', 'version-only', 'guide.v2', 'drafts.draft-only', 'article-1', 'drafts.article-1', 'versions.rSpring.article-2']) await expectSame(ds, query, {id})
    }
  })

  it('follows writes, nested ids included', async () => {
    const local = dataset()
    const query = '*[sanity::versionOf("article-9")]{_id, _originalId, title}'
    await expectSame(local, query, {})
    local.put('drafts.versions.rSpring.article-9', {_id: 'drafts.versions.rSpring.article-9', _type: 'article', title: 'new'})
    local.put('versions.rSummer.article-9', {_id: 'versions.rSummer.article-9', _type: 'article', title: 'summer'})
    await expectSame(local, query, {})
    await expectSame(local, '*[sanity::partOfRelease("rSpring")]._id', {})
    local.put('versions.rSummer.article-9', null)
    local.put('drafts.article-9', null)
    await expectSame(local, query, {})
  }, 60_000)
})

describe('releases::all(), planned == plain groq-js', () => {
  const ds = dataset()
  for (const [name, state] of [['rSpring', 'active'], ['rSummer', 'archived'], ['rOld', 'published']]) {
    ds.load({_id: `_.releases.${name}`, _type: 'system.release', name, state, metadata: {title: name}})
  }
  // Not a release: another system document, and a document that only looks like one by its id.
  ds.load({_id: '_.groups.editors', _type: 'system.group', members: []})
  ds.load({_id: 'release-lookalike', _type: 'note', name: 'rFake', state: 'active'})

  it.each([
    'releases::all()',
    'releases::all()[]._id',
    'releases::all()._id',
    'releases::all()[state == "active"].name',
    'count(releases::all())',
    'releases::all() | order(name desc) [0].name',
    '*[_type == "article"] | order(_id) [0...3]{_id, "releases": releases::all()[]._id}',
    '*[_id in releases::all()[]._id]._id',
  ])('%s', async (query) => {
    await expectSame(ds, query, {})
  })

  it('reads the type index, not every document', async () => {
    for (const perspective of PERSPECTIVES) {
      const {result, stats} = await runQuery(ds, 'releases::all()[]._id', {perspective})
      expect(result).toEqual(['_.releases.rOld', '_.releases.rSpring', '_.releases.rSummer'])
      expect(stats.fullScans).toBe(0)
    }
  })
})

describe('the planned path is taken', () => {
  const ds = dataset()

  it.each(PERSPECTIVES)('versionOf and partOfRelease narrow from the indexes (%j)', async (perspective) => {
    for (const [query, params] of [
      ['*[sanity::versionOf($id)]._id', {id: 'article-1'}],
      ['*[_type == "article" && (sanity::versionOf("guide.v2"))]', {}],
      ['*[sanity::partOfRelease($r)]._id', {r: 'rSpring'}],
      ['*[sanity::versionOf($id) || sanity::partOfRelease("rSummer")]._id', {id: 'missing'}],
    ] as const) {
      const {stats} = await runQuery(ds, query, {params, perspective})
      expect({query, stats}).toMatchObject({query, stats: {fullScans: 0, planned: 1}})
    }
    const batch = await runQuery(ds, '[*[sanity::versionOf("article-1")]._id, *[sanity::versionOf("article-2")]._id]', {perspective})
    expect(batch.stats).toMatchObject({fullScans: 0, planned: 2})
  })

  it('a raw versionOf keeps exactly the ids groq-js\'s rule accepts', async () => {
    const ids = [...ds.docs.keys()].filter((id) => isVersionOf(id, 'article-4')).sort()
    expect(ids).toContain('versions.rSummer.article-4')
    expect(ids).not.toContain('versions.rSpring.versions.rSummer.article-4')
    const {result} = await runQuery(ds, '*[sanity::versionOf("article-4")]._id', {})
    expect(result).toEqual(ids)
  })

  it('other arguments scan', async () => {
    for (const query of ['*[sanity::versionOf(_id)]._id', '*[sanity::versionOf(5)]._id', '*[!sanity::versionOf("article-1")]._id']) {
      expect((await runQuery(ds, query, {})).stats.fullScans).toBe(1)
    }
  })

  it('the mirrors of groq-js\'s rules', () => {
    expect(isVersionOf('drafts.a.b', 'a.b')).toBe(true)
    expect(isVersionOf('versions.r.a.b', 'a.b')).toBe(true)
    expect(isVersionOf('versions.a.b', 'a.b')).toBe(false)
    expect(isVersionOf('versions..a', 'a')).toBe(true)
    expect(isVersionOf('drafts.', '')).toBe(true)
    expect(isPartOfRelease('versions.r.', 'r')).toBe(true)
    expect(isPartOfRelease('versions.r', 'r')).toBe(false)
    expect(isPartOfRelease('versions.r.s.x', 'r.s')).toBe(false)
  })
})
