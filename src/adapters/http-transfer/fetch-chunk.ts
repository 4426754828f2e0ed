/**
 * One ranged GET of the downloader: asks for bytes `[start, end)` of the file, writes at most that
 * many, and fails when the server sends more, ignores the range, stalls or answers an error.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http'
import {
  HttpTransferIncompleteError,
  HttpTransferRangeError,
  HttpTransferSizeExceededError,
  HttpTransferSizeMismatchError,
  HttpTransferStalledError,
  HttpTransferStatusError,
} from '../../errors.ts'
import type { Clock } from '../../fsm/clock.ts'
import { send } from './http-client.ts'
import type { UrlPolicy } from './types.ts'

/** What one ranged GET needs. */
export interface FetchChunkInit {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly policy: UrlPolicy
  /** First byte wanted. */
  readonly start: bigint
  /** One past the last byte wanted. */
  readonly end: bigint
  /** Size of the whole file. */
  readonly size: bigint
  readonly clock: Clock
  readonly stallTimeoutMs: number
  readonly signal: AbortSignal
  /** Stores bytes in order; awaited before more are read. */
  readonly write: (bytes: Uint8Array) => Promise<void>
}

/** Parses `bytes a-b/total` (total may be `*`). */
function parseContentRange(
  header: string | undefined,
): { start: bigint; last: bigint; total: bigint | undefined } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header?.trim() ?? '')
  if (match === null) return undefined
  const [, start = '0', last = '0', total = '*'] = match
  return { start: BigInt(start), last: BigInt(last), total: total === '*' ? undefined : BigInt(total) }
}

/** Checks the response's status and headers against what was asked; throws the typed error. */
function checkResponse(response: IncomingMessage, init: FetchChunkInit): void {
  const status = response.statusCode ?? 0
  if (status !== 200 && status !== 206) {
    throw new HttpTransferStatusError('GET', status, response.statusMessage ?? '')
  }
  const wanted = init.end - init.start
  if (status === 200) {
    // A 200 is the whole file: only usable when the whole file was asked for.
    if (init.start !== 0n || init.end !== init.size) {
      throw new HttpTransferRangeError(
        `the server ignored the range ${init.start}-${init.end - 1n} and sent the whole file (status 200)`,
      )
    }
  } else {
    const range = parseContentRange(response.headers['content-range'])
    if (range === undefined || range.start !== init.start) {
      throw new HttpTransferRangeError(
        `asked for bytes ${init.start}-${init.end - 1n}, got Content-Range ${response.headers['content-range'] ?? '(none)'}`,
      )
    }
    if (range.total !== undefined && range.total !== init.size) {
      throw new HttpTransferSizeMismatchError(init.size, range.total)
    }
    if (range.last + 1n > init.end) throw new HttpTransferSizeExceededError(wanted, init.start)
  }
  const length = response.headers['content-length']
  if (length !== undefined && /^\d+$/.test(length) && BigInt(length) > wanted) {
    throw new HttpTransferSizeExceededError(wanted, init.start)
  }
}

/**
 * Fetches `[start, end)` into `write`. Resolves with the bytes written once all arrived; rejects
 * with the typed failure (bytes written before it stay written, nothing beyond `end` ever is):
 * HttpTransferStatusError, HttpTransferRangeError, HttpTransferSizeExceededError,
 * HttpTransferSizeMismatchError, HttpTransferStalledError (no byte for `stallTimeoutMs`),
 * HttpTransferIncompleteError (the body ended early), a network error, or the signal's reason.
 */
export async function fetchChunk(init: FetchChunkInit, onBytes: (count: number) => void): Promise<bigint> {
  const wanted = init.end - init.start
  if (wanted <= 0n) return 0n
  const controller = new AbortController()
  const forward = (): void => controller.abort(init.signal.reason)
  init.signal.addEventListener('abort', forward, { once: true })
  if (init.signal.aborted) forward()
  let timer: unknown
  const arm = (): void => {
    if (timer !== undefined) init.clock.clearTimeout(timer)
    timer = init.clock.setTimeout(
      () => controller.abort(new HttpTransferStalledError(init.stallTimeoutMs)),
      init.stallTimeoutMs,
    )
  }
  arm()
  let received = 0n
  let response: IncomingMessage | undefined
  try {
    response = await send({
      method: 'GET',
      url: init.url,
      headers: { ...init.headers, Range: `bytes=${init.start}-${init.end - 1n}` },
      policy: init.policy,
      signal: controller.signal,
    })
    checkResponse(response, init)
    for await (const data of response as AsyncIterable<Uint8Array>) {
      arm()
      const room = wanted - received
      const take = BigInt(data.length) > room ? data.subarray(0, Number(room)) : data
      if (take.length > 0) {
        await init.write(take)
        received += BigInt(take.length)
        onBytes(take.length)
      }
      if (take.length < data.length) throw new HttpTransferSizeExceededError(wanted, init.start)
      // The range is complete: a well-behaved body ends here; any more bytes are an excess.
    }
    if (received < wanted) throw new HttpTransferIncompleteError(wanted, received)
    return received
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof Error) throw controller.signal.reason
    throw error
  } finally {
    if (timer !== undefined) init.clock.clearTimeout(timer)
    init.signal.removeEventListener('abort', forward)
    response?.destroy()
  }
}
