/**
 * An in-process deal stream: one Proposal from the client, one SignedResponse from the provider,
 * each encoded to bytes on one side and decoded on the other.
 *
 * @module
 */
import { AbortError, StreamClosedError, StreamResetError } from '../../errors.ts'
import type { Proposal, SignedResponse } from '../../market/index.ts'
import { MK111_DEAL } from '../../market/protocol-codecs.ts'
import type { ClientDealStream, PeerId, ProviderDealStream, Signed } from '../network.ts'
import type { AbortOptions } from '../node.ts'
import { type Delivery, Slot } from './slot.ts'
import { decodeMessage, decodeSigned, encodeMessage, type WireDirection } from './wire.ts'

/** Carries encoded bytes across the network. */
export type Carry = (direction: WireDirection, bytes: Uint8Array) => Delivery

/** What both ends of a deal stream share. */
interface Pipe {
  readonly proposal: Slot
  readonly response: Slot
  readonly carry: Carry
  readonly maxBytes: number
}

function checkSignal(options: AbortOptions | undefined): void {
  if (options?.signal?.aborted) throw new AbortError()
}

/** The client's end of an in-process deal stream. */
export class InProcessClientDealStream implements ClientDealStream {
  readonly #pipe: Pipe
  #closed = false
  #wrote = false
  #read = false

  /** @internal Opened by `InProcessClientNetwork.newDealStream`. */
  constructor(
    readonly remotePeer: PeerId,
    pipe: Pipe,
  ) {
    this.#pipe = pipe
  }

  /** Sends the proposal. StreamClosedError after close or a first proposal; StreamResetError if the provider left. */
  async writeDealProposal(proposal: Proposal, options?: AbortOptions): Promise<void> {
    checkSignal(options)
    if (this.#closed) throw new StreamClosedError('the deal stream is closed')
    if (this.#wrote) throw new StreamClosedError('a proposal was already written on this deal stream')
    const gone = this.#pipe.proposal.readerGone
    if (gone !== undefined) throw gone
    const bytes = encodeMessage(MK111_DEAL.request, proposal, this.#pipe.maxBytes)
    this.#wrote = true
    this.#pipe.proposal.write(this.#pipe.carry('request', bytes))
  }

  /** Waits for the response; StreamResetError if the provider closes or stops without one. */
  async readDealResponse(options?: AbortOptions): Promise<Signed<SignedResponse>> {
    if (this.#closed) throw new StreamClosedError('the deal stream is closed')
    if (this.#read) throw new StreamClosedError('the response of this deal stream was already read')
    const bytes = await this.#pipe.response.read(options?.signal)
    this.#read = true
    return decodeSigned(MK111_DEAL.response, bytes, this.#pipe.maxBytes)
  }

  /** Closes this end; a proposal already sent stays readable by the provider. */
  async close(): Promise<void> {
    this.#closed = true
    this.#pipe.proposal.endWriting(
      new StreamResetError('the client closed the deal stream without a proposal'),
    )
    this.#pipe.response.endReading(new StreamResetError('the client closed the deal stream'))
  }
}

/** The provider's end of an in-process deal stream. */
export class InProcessProviderDealStream implements ProviderDealStream {
  readonly #pipe: Pipe
  readonly #onClose: () => void
  #closed = false
  #read = false
  #wrote = false

  /** @internal Handed to the provider's receiver when a client opens a stream. */
  constructor(
    readonly remotePeer: PeerId,
    pipe: Pipe,
    onClose: () => void,
  ) {
    this.#pipe = pipe
    this.#onClose = onClose
  }

  /** Waits for the proposal; StreamResetError if the client closes without one, DecodeError for bad bytes. */
  async readDealProposal(options?: AbortOptions): Promise<Proposal> {
    if (this.#closed) throw new StreamClosedError('the deal stream is closed')
    if (this.#read) throw new StreamClosedError('the proposal of this deal stream was already read')
    const bytes = await this.#pipe.proposal.read(options?.signal)
    this.#read = true
    return decodeMessage(MK111_DEAL.request, bytes, this.#pipe.maxBytes)
  }

  /** Sends the response. StreamClosedError after close or a first response; StreamResetError if the client left. */
  async writeDealResponse(response: SignedResponse, options?: AbortOptions): Promise<void> {
    checkSignal(options)
    if (this.#closed) throw new StreamClosedError('the deal stream is closed')
    if (this.#wrote) throw new StreamClosedError('a response was already written on this deal stream')
    const gone = this.#pipe.response.readerGone
    if (gone !== undefined) throw gone
    const bytes = encodeMessage(MK111_DEAL.response, response, this.#pipe.maxBytes)
    this.#wrote = true
    this.#pipe.response.write(this.#pipe.carry('response', bytes))
  }

  /** Closes this end; a response already sent stays readable by the client. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#pipe.response.endWriting(
      new StreamResetError('the provider closed the deal stream without a response'),
    )
    this.#pipe.proposal.endReading(new StreamResetError('the provider closed the deal stream'))
    this.#onClose()
  }
}

/** Both ends of a new deal stream, and a way to reset it from the provider's side. */
export interface DealStreamPair {
  readonly client: InProcessClientDealStream
  readonly provider: InProcessProviderDealStream
  /** Breaks the stream: every pending and later read or write fails with `error`. */
  reset(error: Error): void
}

/** Opens a deal stream between `client` and `provider`. `onProviderDone` runs once the provider's end is closed. */
export function openDealStreamPair(
  client: PeerId,
  provider: PeerId,
  carry: Carry,
  maxBytes: number,
  onProviderDone: () => void,
): DealStreamPair {
  const pipe: Pipe = { proposal: new Slot(), response: new Slot(), carry, maxBytes }
  return {
    client: new InProcessClientDealStream(provider, pipe),
    provider: new InProcessProviderDealStream(client, pipe, onProviderDone),
    reset(error) {
      pipe.proposal.reset(error)
      pipe.response.reset(error)
    },
  }
}
