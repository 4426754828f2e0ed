/**
 * Completing a message lookup with the decoded PublishStorageDeals return. Lotus fills ReturnDec
 * only in StateWaitMsg, and only knows the return type from the message it executed; this reads
 * the message's recipient and method (ChainGetMessage, remembered per CID since messages never
 * change) and decodes the return bytes of a successful publish itself.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { addressEquals } from '../../market/index.ts'
import { MARKET_ACTOR, MarketMethod, type MsgLookup } from '../chain.ts'
import type { AbortOptions } from '../node.ts'
import { decodePublishReturn } from './cbor/publish-return.ts'
import { messageMethod } from './json/message.ts'
import type { DecodedMsgLookup } from './json/receipt.ts'
import type { JsonValue } from './json/text.ts'

/** How many message kinds are remembered. */
const CACHE_SIZE = 1024

/** Adds `returnDec` to lookups of publish messages. */
export class PublishReturns {
  readonly #isPublish = new Map<string, boolean>()

  /** @param getMessage - ChainGetMessage's raw result */
  constructor(private readonly getMessage: (cid: CID, options?: AbortOptions) => Promise<JsonValue>) {}

  /** The lookup, with `returnDec` when it is a successful PublishStorageDeals. */
  async complete(decoded: DecodedMsgLookup, options?: AbortOptions): Promise<MsgLookup> {
    const { lookup } = decoded
    if (lookup.receipt.exitCode !== 0 || lookup.receipt.returnValue.length === 0) return lookup
    if (!(await this.#publish(lookup.message, options))) return lookup
    return { ...lookup, returnDec: decodePublishReturn(lookup.receipt.returnValue) }
  }

  async #publish(cid: CID, options?: AbortOptions): Promise<boolean> {
    const key = cid.toString()
    const known = this.#isPublish.get(key)
    if (known !== undefined) return known
    const { to, method } = messageMethod(await this.getMessage(cid, options), 'ChainGetMessage')
    const publish = method === MarketMethod.PublishStorageDeals && addressEquals(to, MARKET_ACTOR)
    if (this.#isPublish.size >= CACHE_SIZE) {
      const oldest = this.#isPublish.keys().next().value
      if (oldest !== undefined) this.#isPublish.delete(oldest)
    }
    this.#isPublish.set(key, publish)
    return publish
  }
}
