/**
 * The client deal streams the provider keeps open while a proposal is negotiated, by proposal CID:
 * responses are signed with the worker key and written on them, then they are closed.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { ProviderDealStream } from '../adapters/network.ts'
import type { AbortOptions } from '../adapters/node.ts'
import { DealStreamNotFoundError } from '../errors.ts'
import { encodeResponse, type Response, type Signature } from '../market/index.ts'

/** Signs bytes with the provider's worker key. */
export type MinerSigner = (bytes: Uint8Array, options?: AbortOptions) => Promise<Signature>

/** Open deal streams by proposal CID. */
export class DealStreams {
  readonly #streams = new Map<string, ProviderDealStream>()
  readonly #sign: MinerSigner

  constructor(sign: MinerSigner) {
    this.#sign = sign
  }

  /** Keep `stream` open for the deal until a response is sent or the deal lets it go. */
  remember(proposalCid: CID, stream: ProviderDealStream): void {
    this.#streams.set(proposalCid.toString(), stream)
  }

  /** Forget the stream of a proposal without closing it (its owner closes it). */
  forget(proposalCid: CID): void {
    this.#streams.delete(proposalCid.toString())
  }

  /** Number of open streams. */
  get size(): number {
    return this.#streams.size
  }

  /**
   * Sign `response` and write it on the stream of its proposal. A write failure closes and forgets
   * the stream before rejecting, as the client will not read from it any more.
   *
   * @throws {@link DealStreamNotFoundError} when no stream is open for the proposal
   */
  async sendSignedResponse(response: Response, options?: AbortOptions): Promise<void> {
    const key = response.Proposal.toString()
    const stream = this.#streams.get(key)
    if (stream === undefined) throw new DealStreamNotFoundError(key)
    try {
      await this.respond(stream, response, options)
    } catch (error) {
      await this.disconnect(response.Proposal)
      throw error
    }
  }

  /** Sign `response` and write it on `stream` (which need not be remembered). */
  async respond(stream: ProviderDealStream, response: Response, options?: AbortOptions): Promise<void> {
    const signature = await this.#sign(encodeResponse(response), options)
    await stream.writeDealResponse({ Response: response, Signature: signature }, options)
  }

  /** Close and forget the stream of a proposal; nothing happens when none is open. */
  async disconnect(proposalCid: CID): Promise<void> {
    const key = proposalCid.toString()
    const stream = this.#streams.get(key)
    if (stream === undefined) return
    this.#streams.delete(key)
    await stream.close()
  }

  /** Close every stream (the provider stops). Close failures are ignored: the streams are dropped anyway. */
  async closeAll(): Promise<void> {
    const streams = [...this.#streams.values()]
    this.#streams.clear()
    await Promise.allSettled(streams.map((stream) => stream.close()))
  }
}
