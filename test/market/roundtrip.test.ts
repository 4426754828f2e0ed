import * as dagCbor from '@ipld/dag-cbor'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CborReader, Major } from '../../src/market/cbor/reader.ts'
import { isValidUtf8 } from '../../src/market/cbor/text.ts'
import { CODECS } from './codecs.ts'
import { expectSame } from './same-value.ts'

/** True when every text item is UTF-8, i.e. when dag-cbor can decode the bytes without loss. */
function textIsUtf8(reader: CborReader): boolean {
  const major = reader.peekMajor('')
  if (major === Major.Text) return isValidUtf8(reader.textBytes(''))
  if (major === Major.Array || major === Major.Map) {
    const items = major === Major.Array ? reader.arrayHeader('') : reader.mapHeader('') * 2
    let ok = true
    for (let i = 0; i < items; i++) ok = textIsUtf8(reader) && ok
    return ok
  }
  reader.skip('')
  return true
}

/** Records are large; fewer runs keep the suite fast without losing field coverage. */
const runsOf = (name: string, runs: number) => (name.endsWith('Deal') ? runs / 2 : runs)

describe('market codecs round trip', () => {
  for (const codec of CODECS) {
    it(`${codec.name}: decode(encode(x)) equals x and re-encodes to the same bytes`, () => {
      fc.assert(
        fc.property(codec.value, (value) => {
          const bytes = codec.encode(value)
          const decoded = codec.decode(bytes)
          expectSame(decoded, value)
          expectSame(codec.encode(decoded), bytes)
        }),
        { numRuns: runsOf(codec.name, 300) },
      )
    })

    it(`${codec.name}: output is byte-identical to dag-cbor's canonical form`, () => {
      let compared = 0
      fc.assert(
        fc.property(codec.value, (value) => {
          const bytes = codec.encode(value)
          // dag-cbor would replace the raw bytes of non-UTF-8 text (peer IDs); those are checked above.
          if (!textIsUtf8(new CborReader(bytes))) return
          compared++
          expectSame(new Uint8Array(dagCbor.encode(dagCbor.decode(bytes))), bytes)
        }),
        { numRuns: runsOf(codec.name, 200) },
      )
      expect(compared).toBeGreaterThan(0)
    })
  }
})
