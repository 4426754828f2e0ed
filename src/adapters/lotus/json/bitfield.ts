/**
 * Bitfields in the Lotus API (go-bitfield JSON): the lengths of alternating runs, starting with a
 * run of zeros, so {0, 2, 3} is `[0, 1, 1, 2]` and the empty set `[0]`.
 *
 * @module
 */
import { asArray, asSafeInt, fail } from './scalars.ts'

/** Most set bits a decoded bitfield may hold, so a hostile answer cannot make us allocate without bound. */
const MAX_SET_BITS = 1 << 20

/** The JSON run lengths of a set of non-negative integers. */
export function encodeBitfieldJson(values: Iterable<number>): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b)
  const runs: number[] = []
  let position = 0
  let i = 0
  while (i < sorted.length) {
    const start = sorted[i] as number
    let end = start
    while (sorted[i + 1] === end + 1) {
      i++
      end++
    }
    runs.push(start - position, end - start + 1)
    position = end + 1
    i++
  }
  return runs.length === 0 ? [0] : runs
}

/** The set a JSON bitfield holds, ascending. */
export function decodeBitfieldJson(value: unknown, path: string): number[] {
  const runs = asArray(value, path).map((item, i) => asSafeInt(item, `${path}[${i}]`, 0n))
  const out: number[] = []
  let position = 0
  for (const [i, length] of runs.entries()) {
    if (i % 2 === 1) {
      if (out.length + length > MAX_SET_BITS)
        return fail('too-large', path, `more than ${MAX_SET_BITS} bits set`)
      for (let bit = 0; bit < length; bit++) out.push(position + bit)
    }
    position += length
    if (!Number.isSafeInteger(position)) return fail('out-of-range', path, 'bit positions beyond 2^53')
  }
  return out
}
