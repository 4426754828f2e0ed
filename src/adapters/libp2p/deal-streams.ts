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

/** What both ends of a deal stream share: the stream, its settings, the one message each way. */
abstract class DealStreamEnd {
  protected readonly stream: Stream
  protected readonly settings: DealStreamSettings
  protected readonly writeOnce = new OneShot()
  protected readonly readOnce = new OneShot()
  readonly remotePeer: PeerId

  /** @internal Opened by `Libp2pMarketNetwork.newDealStream` or for each inbound deal stream. */
  constructor(stream: Stream, remotePeer: PeerId, settings: DealStreamSettings) {
    this.stream = stream
    this.settings = settings
    this.remotePeer = remotePeer
  }

  /** The negotiated protocol ID. */
  get protocol(): string {
    return this.stream.protocol ?? ''
  }

  /** Closes the stream (reset if a graceful close does not finish in time). */
  close(): Promise<void> {
    return closeStream(this.stream, this.settings.timeouts.close)
  }
}

/** The client's end of a deal stream over libp2p. */
export class Libp2pClientDealStream extends DealStreamEnd implements ClientDealStream {
  /** Writes the proposal within the client write deadline. */
  async writeDealProposal(proposal: Proposal, options?: AbortOptions): Promise<void> {
    this.writeOnce.use('writing the proposal')
    await sendMessage(
      this.stream,
      this.settings.codecs.request,
      proposal,
      this.settings.timeouts.clientWrite,
      options,
    )
  }

  /** Reads the signed response within the client read deadline, with the bytes its signature covers. */
  async readDealResponse(options?: AbortOptions): Promise<Signed<SignedResponse>> {
    this.readOnce.use('reading the response')
    const { value } = await receiveMessage(
      this.stream,
      this.settings.codecs.response,
      this.settings.maxReadBytes,
      this.settings.timeouts.clientRead,
      options,
    )
    return { value, signedBytes: this.settings.codecs.response.signedBytes(value) }
  }
}

/** The provider's end of a deal stream over libp2p. */
export class Libp2pProviderDealStream extends DealStreamEnd implements ProviderDealStream {
  /** Reads the proposal within the provider read deadline (mk/1.1.0 with the string-only label rule). */
  async readDealProposal(options?: AbortOptions): Promise<Proposal> {
    this.readOnce.use('reading the proposal')
    const { value } = await receiveMessage(
      this.stream,
      this.settings.codecs.request,
      this.settings.maxReadBytes,
      this.settings.timeouts.providerRead,
      options,
    )
    return value
  }

  /** Writes the signed response within the provider write deadline. */
  async writeDealResponse(response: SignedResponse, options?: AbortOptions): Promise<void> {
    this.writeOnce.use('writing the response')
    await sendMessage(
      this.stream,
      this.settings.codecs.response,
      response,
      this.settings.timeouts.providerWrite,
      options,
    )
  }
}
