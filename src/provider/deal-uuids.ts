/**
 * The provider's index from Boost deal UUIDs to proposal CIDs (deal records are keyed by proposal
 * CID): status 1.2.0 queries and the UUID-uniqueness check read it. One small key per mk/1.2 deal,
 * so lookups never scan the deal records.
 *
 * @module
 */

import { type Datastore, Key } from 'interface-datastore'
import { CID } from 'multiformats/cid'
import type { AbortOptions } from '../adapters/node.ts'
import { type DealUUID, formatDealUuid } from '../market/index.ts'

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder()

/** Deal UUID → proposal CID, persisted. */
export class DealUuidIndex {
  readonly #store: Datastore

  /** `store` is the index's own namespace. */
  constructor(store: Datastore) {
    this.#store = store
  }

  /** Record that `uuid` names the deal `proposalCid`. */
  async put(uuid: DealUUID, proposalCid: CID, options?: AbortOptions): Promise<void> {
    await this.#store.put(keyOf(uuid), utf8Encoder.encode(proposalCid.toString()), options)
  }

  /** The proposal CID of the deal named `uuid`, or undefined. */
  async get(uuid: DealUUID, options?: AbortOptions): Promise<CID | undefined> {
    const key = keyOf(uuid)
    if (!(await this.#store.has(key, options))) return undefined
    return CID.parse(utf8Decoder.decode(await this.#store.get(key, options)))
  }
}

function keyOf(uuid: DealUUID): Key {
  return new Key(`/${formatDealUuid(uuid)}`)
}
