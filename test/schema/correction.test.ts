/**
 * The `correction` type in the Studio: its row says the date readers see, or that a new entry is
 * dated when published (the lake stamps it); on a hosted project its initial value is the date.
 */
import {describe, expect, it} from 'vitest'
import {article} from '../../schemas/documents/article.ts'
import {UNDATED_CORRECTION, correction} from '../../schemas/objects/correction.ts'

type Prepare = (value: Record<string, unknown>) => {title?: string; subtitle?: string}
const prepare = (correction.preview as {prepare: Prepare}).prepare

describe('the correction row', () => {
  it('shows the date readers see, and the reason', () => {
    expect(prepare({summary: 'We corrected the dose.', reason: 'A typing error.', correctedAt: '2026-11-30T16:20:00.000Z'})).toMatchObject({
      title: 'We corrected the dose.',
      subtitle: 'Updated 2026-11-30 · A typing error.',
    })
  })

  it('says an entry without a date is dated when published', () => {
    expect(prepare({summary: 'We corrected the dose.'}).subtitle).toBe(UNDATED_CORRECTION)
    expect(UNDATED_CORRECTION).toBe('Dated when published')
    expect(prepare({}).title).toBe('Empty correction')
  })
})

describe('the correction fields', () => {
  it('keep the date out of the editor’s hands and give a new entry the time it was added (the date on a hosted project)', () => {
    const correctedAt = correction.fields.find((f) => f.name === 'correctedAt') as {readOnly?: unknown; type: string}
    expect(correctedAt).toMatchObject({type: 'datetime', readOnly: true})
    const initial = (correction.initialValue as () => {correctedAt: string})()
    expect(Math.abs(Date.parse(initial.correctedAt) - Date.now())).toBeLessThan(5_000)
  })

  it('are the entries of the article’s corrections, in its Publishing group', () => {
    const field = article.fields.find((f) => f.name === 'corrections') as {type: string; group?: string; of?: Array<{type: string}>}
    expect(field).toMatchObject({type: 'array', group: 'meta'})
    expect(field.of?.map((m) => m.type)).toEqual(['correction'])
  })
})
