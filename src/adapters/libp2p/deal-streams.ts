/**
 * The two ends of a go-fil-markets deal stream (`/fil/storage/mk/1.1.1` or `1.1.0`) over libp2p.
 *
 * @module
 */

import type { Stream } from '@libp2p/interface'
import { StreamClosedError } from '../../errors.ts'
import type { Proposal, SignedResponse } from '../../market/index.ts'
import type { ExchangeCodecs } from '../../market/protocol-codecs.ts'
import type { ClientDealStream, PeerId, ProviderDealStream, Signed } from '../network.ts'
import type { AbortOptions } from '../node.ts'
import { receiveMessage, sendMessage } from './exchange.ts'
import type { StreamTimeouts } from './protocols.ts'
import { closeStream } from './stream-io.ts'

/** Settings shared by both ends. */
export interface DealStreamSettings {
  readonly codecs: ExchangeCodecs<Proposal, SignedResponse>
  readonly timeouts: StreamTimeouts
  /** Read limit of the inbound message. */
  readonly maxReadBytes: number
}

/** Guards the one message each way. */
class OneShot {
  #done = false
  use(what: string): void {
    if (this.#done) throw new StreamClosedError(`${what} was already done on this stream`)
    this.#done = true
  }
}

/** The client's end of a deal stream over libp2p. */
export class Libp2pClientDealStream implements ClientDealStream {
  readonly #stream: Stream
  readonly #settings: DealStreamSettings
  readonly #write = new OneShot()
  readonly #read = new OneShot()

  /** @internal Opened by `Libp2pMarketNetwork.newDealStream`. */
  constructor(stream: Stream, remotePeer: PeerId, settings: DealStreamSettings) {
    this.#stream = stream
    this.#settings = settings
    this.remotePeer = remotePeer
  }

  readonly remotePeer: PeerId

  /** The negotiated protocol ID. */
  get protocol(): string {
    return this.#stream.protocol ?? ''
  }

  /** Writes the proposal within the client write deadline. */
  async writeDealProposal(proposal: Proposal, options?: AbortOptions): Promise<void> {
    this.#write.use('writing the proposal')
    await sendMessage(
      this.#stream,
      this.#settings.codecs.request,
      proposal,
      this.#settings.timeouts.clientWrite,
      options,
    )
  }

  /** Reads the signed response within the client read deadline, with the bytes its signature covers. */
  async readDealResponse(options?: AbortOptions): Promise<Signed<SignedResponse>> {
    this.#read.use('reading the response')
    const { value } = await receiveMessage(
      this.#stream,
      this.#settings.codecs.response,
      this.#settings.maxReadBytes,
      this.#settings.timeouts.clientRead,
      options,
    )
    return { value, signedBytes: this.#settings.codecs.response.signedBytes(value) }
  }

  /** Closes the stream (reset if a graceful close does not finish in time). */
  close(): Promise<void> {
    return closeStream(this.#stream, this.#settings.timeouts.close)
  }
}

/** The provider's end of a deal stream over libp2p. */
export class Libp2pProviderDealStream implements ProviderDealStream {
  readonly #stream: Stream
  readonly #settings: DealStreamSettings
  readonly #write = new OneShot()
  readonly #read = new OneShot()

  /** @internal Created by the network for each inbound deal stream. */
  constructor(stream: Stream, remotePeer: PeerId, settings: DealStreamSettings) {
    this.#stream = stream
    this.#settings = settings
    this.remotePeer = remotePeer
  }

  readonly remotePeer: PeerId

  /** The negotiated protocol ID (`/fil/storage/mk/1.1.1` or `/fil/storage/mk/1.1.0`). */
  get protocol(): string {
    return this.#stream.protocol ?? ''
  }

  /** Reads the proposal within the provider read deadline (mk/1.1.0 with the string-only label rule). */
  async readDealProposal(options?: AbortOptions): Promise<Proposal> {
    this.#read.use('reading the proposal')
    const { value } = await receiveMessage(
      this.#stream,
      this.#settings.codecs.request,
      this.#settings.maxReadBytes,
      this.#settings.timeouts.providerRead,
      options,
    )
    return value
  }

  /** Writes the signed response within the provider write deadline. */
  async writeDealResponse(response: SignedResponse, options?: AbortOptions): Promise<void> {
    this.#write.use('writing the response')
    await sendMessage(
      this.#stream,
      this.#settings.codecs.response,
      response,
      this.#settings.timeouts.providerWrite,
      options,
    )
  }

  /** Closes the stream (reset if a graceful close does not finish in time). */
  close(): Promise<void> {
    return closeStream(this.#stream, this.#settings.timeouts.close)
  }
}
