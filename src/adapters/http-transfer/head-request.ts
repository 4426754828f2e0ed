/**
 * The HEAD request that opens every attempt (boost-mk12.md §9.1 step 3): it must answer 200 with
 * a Content-Length equal to the declared size.
 *
 * @module
 */
import {
  HttpTransferSizeMismatchError,
  HttpTransferStalledError,
  HttpTransferStatusError,
} from '../../errors.ts'
import type { Clock } from '../../fsm/clock.ts'
import { send } from './http-client.ts'
import type { UrlPolicy } from './types.ts'

/** What a HEAD needs. */
export interface HeadInit {
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  /** `Transfer.Size`; 0 accepts any size. */
  readonly declared: bigint
  readonly policy: UrlPolicy
  readonly clock: Clock
  readonly stallTimeoutMs: number
  readonly signal: AbortSignal
}

/**
 * The size of the file at `url`. Rejects with HttpTransferStatusError (not 200),
 * HttpTransferSizeMismatchError (no Content-Length, or one different from `declared`),
 * HttpTransferStalledError (no answer within `stallTimeoutMs`), a network error or the signal's reason.
 */
export async function headSize(init: HeadInit): Promise<bigint> {
  const { clock, stallTimeoutMs, signal } = init
  const controller = new AbortController()
  const forward = (): void => controller.abort(signal.reason)
  signal.addEventListener('abort', forward, { once: true })
  if (signal.aborted) forward()
  const timer = clock.setTimeout(
    () => controller.abort(new HttpTransferStalledError(stallTimeoutMs)),
    stallTimeoutMs,
  )
  try {
    const response = await send({
      method: 'HEAD',
      url: init.url,
      headers: init.headers,
      policy: init.policy,
      signal: controller.signal,
    })
    response.resume()
    const status = response.statusCode ?? 0
    if (status !== 200) throw new HttpTransferStatusError('HEAD', status, response.statusMessage ?? '')
    const length = response.headers['content-length']
    if (length === undefined || !/^\d+$/.test(length))
      throw new HttpTransferSizeMismatchError(init.declared, undefined)
    const size = BigInt(length)
    if (init.declared !== 0n && size !== init.declared)
      throw new HttpTransferSizeMismatchError(init.declared, size)
    return size
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof Error) throw controller.signal.reason
    throw error
  } finally {
    clock.clearTimeout(timer)
    signal.removeEventListener('abort', forward)
  }
}
