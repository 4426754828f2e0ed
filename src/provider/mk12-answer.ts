/**
 * The answer a Boost client waits for on its mk/1.2 deal stream: the provider machine writes the
 * same Response it writes to a go-fil-markets client, and this responder turns it into Boost's
 * unsigned DealResponse.
 *
 * @module
 */

import type { AbortOptions } from '../adapters/node.ts'
import { StreamClosedError } from '../errors.ts'
import type { DealResponse, Response } from '../market/index.ts'
import type { DealResponder } from './deal-streams.ts'
import { EventText } from './messages.ts'

const REJECTED_PREFIX = `${EventText.dealRejected}: `

/**
 * The DealResponse for a provider Response: accepted when the deal waits for its data; otherwise
 * refused with the deal's reason, without the "deal rejected" prefix the record keeps (Boost sends
 * the bare reason).
 */
export function dealResponseFor(response: Response): DealResponse {
  if (response.State === 'StorageDealWaitingForData') return { Accepted: true, Message: '' }
  const message = response.Message.startsWith(REJECTED_PREFIX)
    ? response.Message.slice(REJECTED_PREFIX.length)
    : response.Message
  return { Accepted: false, Message: message }
}

/** A pending DealResponse: {@link Mk12Answer.response} settles once the deal is decided. */
export class Mk12Answer implements DealResponder {
  /** Resolves with the DealResponse; rejects when the answer is abandoned (no answer is sent). */
  readonly response: Promise<DealResponse>
  #resolve!: (response: DealResponse) => void
  #reject!: (error: Error) => void
  #settled = false

  constructor() {
    this.response = new Promise<DealResponse>((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
    // Nobody may be waiting any more (the client left); an abandoned answer is not an error here.
    this.response.catch(() => undefined)
  }

  /** Answer with `response` converted by {@link dealResponseFor}. */
  async write(response: Response, _options?: AbortOptions): Promise<void> {
    if (this.#settled) throw new StreamClosedError('the deal response was already sent')
    this.#settled = true
    this.#resolve(dealResponseFor(response))
  }

  /** Answer directly with a DealResponse (refusals decided before a deal exists). */
  answer(response: DealResponse): void {
    if (this.#settled) return
    this.#settled = true
    this.#resolve(response)
  }

  /** Abandon the answer: the network closes the stream without one. */
  async close(): Promise<void> {
    if (this.#settled) return
    this.#settled = true
    this.#reject(new StreamClosedError('the provider closed the deal stream without an answer'))
  }
}
