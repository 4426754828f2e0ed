/**
 * Parsing of a single-range `Range: bytes=…` request header (RFC 9110 §14.2) for the CAR server.
 *
 * @module
 */

/** A byte range `[start, end)` of a file. */
export interface ByteRange {
  readonly start: bigint
  readonly end: bigint
}

/**
 * The range a `Range` header asks of a file of `size` bytes: `undefined` when there is no header
 * (the whole file), `'unsatisfiable'` when it is malformed, names several ranges, or starts past
 * the end. An end past the file is clipped, as RFC 9110 requires.
 */
export function parseRange(
  header: string | undefined,
  size: bigint,
): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (match === null) return 'unsatisfiable'
  const [, first = '', last = ''] = match
  if (first === '' && last === '') return 'unsatisfiable'
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = BigInt(last)
    if (length === 0n || size === 0n) return 'unsatisfiable'
    return { start: length >= size ? 0n : size - length, end: size }
  }
  const start = BigInt(first)
  if (start >= size) return 'unsatisfiable'
  if (last === '') return { start, end: size }
  const inclusiveEnd = BigInt(last)
  if (inclusiveEnd < start) return 'unsatisfiable'
  return { start, end: inclusiveEnd + 1n > size ? size : inclusiveEnd + 1n }
}
