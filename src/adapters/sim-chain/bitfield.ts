/**
 * RLE+ bitfields (go-bitfield), the wire form of PublishStorageDeals' ValidDeals and of sector
 * sets. Bits are packed least-significant first; after a 2-bit version (0) and the value of the
 * first run, runs of alternating value follow, their lengths written as `1` (one), `0 1` + 4 bits
 * (up to 15) or `0 0` + an unsigned LEB128 varint.
 *
 * @module
 */

class BitWriter {
  readonly #bytes: number[] = []
  #bit = 0

  write(value: number, bits: number): void {
    for (let i = 0; i < bits; i++) {
      if (this.#bit % 8 === 0) this.#bytes.push(0)
      if (((value >> i) & 1) === 1) {
        const last = this.#bytes.length - 1
        this.#bytes[last] = (this.#bytes[last] as number) | (1 << (this.#bit % 8))
      }
      this.#bit++
    }
  }

  /**
   * The bytes written, without trailing zero bytes: every run holds a set bit, so those are only
   * the tail of the last run, which a reader takes as zeros anyway (RLE+ must be minimal).
   */
  bytes(): Uint8Array {
    let end = this.#bytes.length
    while (end > 0 && this.#bytes[end - 1] === 0) end--
    return Uint8Array.from(this.#bytes.slice(0, end))
  }
}

class BitReader {
  #bit = 0
  constructor(private readonly bytes: Uint8Array) {}

  /** Past the end the stream reads as zeros, which decode as the terminating zero-length run. */
  read(bits: number): number {
    let value = 0
    for (let i = 0; i < bits; i++, this.#bit++) {
      const byte = this.bytes[this.#bit >> 3] ?? 0
      value |= ((byte >> (this.#bit & 7)) & 1) << i
    }
    return value
  }

  get exhausted(): boolean {
    return this.#bit >= this.bytes.length * 8
  }
}

function writeRun(writer: BitWriter, length: number): void {
  if (length === 1) {
    writer.write(1, 1)
  } else if (length < 16) {
    writer.write(0b10, 2)
    writer.write(length, 4)
  } else {
    writer.write(0b00, 2)
    let rest = length
    do {
      const low = rest & 0x7f
      rest = Math.floor(rest / 128)
      writer.write(rest > 0 ? low | 0x80 : low, 8)
    } while (rest > 0)
  }
}

/** The RLE+ bytes of a set of non-negative integers (duplicates ignored). The empty set is empty bytes. */
export function encodeBitfield(values: Iterable<number>): Uint8Array {
  const sorted = [...new Set(values)].sort((a, b) => a - b)
  if (sorted.length === 0) return new Uint8Array(0)
  const runs: number[] = []
  let position = 0
  let index = 0
  while (index < sorted.length) {
    const start = sorted[index] as number
    if (start > position || runs.length === 0) runs.push(start - position)
    let end = start
    while (sorted[index + 1] === end + 1) {
      index++
      end++
    }
    runs.push(end - start + 1)
    position = end + 1
    index++
  }
  const writer = new BitWriter()
  writer.write(0, 2)
  // A leading zero-length run means the first run is of ones.
  const firstIsOnes = runs[0] === 0
  writer.write(firstIsOnes ? 1 : 0, 1)
  for (const run of firstIsOnes ? runs.slice(1) : runs) writeRun(writer, run)
  return writer.bytes()
}

function readRun(reader: BitReader): number {
  if (reader.read(1) === 1) return 1
  const short = reader.read(1) === 1
  if (short) return reader.read(4)
  let length = 0
  for (let shift = 1; ; shift *= 128) {
    const byte = reader.read(8)
    length += (byte & 0x7f) * shift
    if ((byte & 0x80) === 0) return length
  }
}

/** The set encoded by RLE+ bytes, ascending. Throws RangeError for a non-zero version. */
export function decodeBitfield(bytes: Uint8Array): number[] {
  if (bytes.length === 0) return []
  const reader = new BitReader(bytes)
  if (reader.read(2) !== 0) throw new RangeError('unsupported RLE+ version')
  let ones = reader.read(1) === 1
  const out: number[] = []
  let position = 0
  while (!reader.exhausted) {
    const length = readRun(reader)
    if (length === 0) break
    if (ones) for (let i = 0; i < length; i++) out.push(position + i)
    position += length
    ones = !ones
  }
  return out
}
