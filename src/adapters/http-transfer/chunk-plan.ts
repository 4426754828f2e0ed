/**
 * How a download is cut into chunks (boost-mk12.md §9.1 step 4): `count` equal chunks, the last
 * taking the remainder.
 *
 * @module
 */

/** One chunk: bytes `[start, end)` of the file. */
export interface ChunkRange {
  readonly index: number
  readonly start: bigint
  readonly end: bigint
}

/** Chunks a download of `size` bytes uses: one below `threshold`, else `chunks`. */
export function chunkCount(size: bigint, chunks: number, threshold: bigint): number {
  if (size < threshold || chunks < 1) return 1
  return BigInt(chunks) > size ? Math.max(1, Number(size)) : chunks
}

/** The ranges of `count` chunks over `size` bytes. */
export function chunkRanges(size: bigint, count: number): ChunkRange[] {
  const n = BigInt(count)
  const length = size / n
  const ranges: ChunkRange[] = []
  for (let index = 0; index < count; index++) {
    const start = BigInt(index) * length
    const end = index === count - 1 ? size : start + length
    ranges.push({ index, start, end })
  }
  return ranges
}
