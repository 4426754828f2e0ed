import { describe } from 'vitest'
import { fuzzDecoders } from '../fuzz-harness.ts'
import { MK12_CODECS } from './codecs.ts'

describe('mk/1.2 decoders on hostile input', () => {
  fuzzDecoders(MK12_CODECS)
})
