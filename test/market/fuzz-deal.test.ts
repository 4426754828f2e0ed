import { describe, expect, it } from 'vitest'
import { CODECS } from './codecs.ts'
import { codecsOf, FUZZ_GROUPS, fuzzDecoders, runsOf } from './fuzz-harness.ts'

describe('decoders on hostile input: proposals and deal messages', () => {
  it('the two fuzz files cover every decoder and at least 100,000 inputs', () => {
    const names = [...FUZZ_GROUPS.deal, ...FUZZ_GROUPS.askStatusRecords]
    expect(new Set(names)).toEqual(new Set(CODECS.map((codec) => codec.name)))
    expect(CODECS.reduce((sum, codec) => sum + runsOf(codec), 0)).toBeGreaterThanOrEqual(100_000)
  })

  fuzzDecoders(codecsOf('deal'))
})
