import { describe } from 'vitest'
import { codecsOf, fuzzDecoders } from './fuzz-harness.ts'

describe('decoders on hostile input: ask and status messages, deal records', () => {
  fuzzDecoders(codecsOf('askStatusRecords'))
})
