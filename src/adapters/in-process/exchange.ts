/**
 * One request and one response over the in-process network (the ask and status protocols),
 * with the provider's handler run on the far side of the wire.
 *
 * @module
 */
import { StreamResetError } from '../../errors.ts'
import type { ExchangeCodecs } from '../../market/protocol-codecs.ts'
import type { Signed } from '../network.ts'
import type { Carry } from './deal-stream.ts'
import type { InProcessProviderNetwork } from './provider-end.ts'
import { Slot } from './slot.ts'
import { decodeMessage, decodeSigned, encodeMessage } from './wire.ts'

/** What an exchange needs to know. */
export interface ExchangeContext<Request, Response> {
  readonly codecs: ExchangeCodecs<Request, Response>
  readonly provider: InProcessProviderNetwork
  readonly carry: Carry
  readonly maxBytes: number
  /** The provider's handler for this protocol. */
  readonly handle: (request: Request, signal: AbortSignal) => Promise<Response>
}

/**
 * Sends `request`, runs the handler on the decoded copy, and returns the decoded response with its
 * signed bytes. A handler failure reaches the client as StreamResetError (the cause is kept for
 * diagnostics; a real client would see only a closed stream). A lost or stalled message leaves
 * the client waiting until `signal` aborts or the provider stops handling.
 */
export async function exchange<Request, Response>(
  context: ExchangeContext<Request, Response>,
  request: Request,
  signal: AbortSignal | undefined,
): Promise<Signed<Response>> {
  const { codecs, provider, carry, maxBytes, handle } = context
  const bytes = encodeMessage(codecs.request, request, maxBytes)
  const response = new Slot()
  const handling = new AbortController()
  const untrack = provider.track((error) => {
    handling.abort(error)
    response.reset(error)
  })
  const serve = async (arrived: Uint8Array): Promise<void> => {
    try {
      const decoded = decodeMessage(codecs.request, arrived, maxBytes)
      const signals = signal === undefined ? [handling.signal] : [handling.signal, signal]
      const value = await handle(decoded, AbortSignal.any(signals))
      response.write(carry('response', encodeMessage(codecs.response, value, maxBytes)))
    } catch (error) {
      response.endWriting(
        new StreamResetError('the provider closed the stream without answering', { cause: error }),
      )
    }
  }
  try {
    const request = carry('request', bytes)
    if (request.kind === 'delivered') void serve(request.bytes)
    return decodeSigned(codecs.response, await response.read(signal), maxBytes)
  } finally {
    handling.abort()
    untrack()
  }
}
