/**
 * The stored ask (go-fil-markets `storedask`): the provider's price and piece-size limits, signed
 * with the worker key, persisted, and served to clients.
 *
 * @module
 */

import { type Datastore, Key } from 'interface-datastore'
import type { AbortOptions, StorageProviderNode } from '../adapters/node.ts'
import { PersistenceError } from '../errors.ts'
import {
  type Address,
  DEFAULT_ASK_DURATION,
  DEFAULT_ASK_PRICE,
  DEFAULT_ASK_VERIFIED_PRICE,
  DEFAULT_MAX_PIECE_SIZE,
  DEFAULT_MIN_PIECE_SIZE,
  decodeSignedStorageAsk,
  encodeSignedStorageAsk,
  encodeStorageAsk,
  type PaddedPieceSize,
  type SignedStorageAsk,
  type StorageAsk,
  type TokenAmount,
} from '../market/index.ts'

/** Where the ask is kept in the stored ask's datastore (version 1 of the layout). */
export const ASK_KEY = new Key('/1/latest-ask')

/** Piece-size limits given with a new ask; unset ones keep the previous ask's values. */
export interface AskOptions extends AbortOptions {
  readonly minPieceSize?: PaddedPieceSize
  readonly maxPieceSize?: PaddedPieceSize
}

/** The ask created when none is stored. Each field defaults to the go-fil-markets value. */
export interface StoredAskInit {
  /** @default 500_000_000n attoFIL per GiB per epoch */
  readonly price?: TokenAmount
  /** @default 50_000_000n attoFIL per GiB per epoch */
  readonly verifiedPrice?: TokenAmount
  /** @default 1_000_000 epochs */
  readonly duration?: number
  /** @default 256 bytes */
  readonly minPieceSize?: PaddedPieceSize
  /** @default 1 MiB */
  readonly maxPieceSize?: PaddedPieceSize
}

/** What the stored ask needs. */
export interface StoredAskComponents {
  /** Holds the ask under {@link ASK_KEY}; give the stored ask its own namespace. */
  readonly datastore: Datastore
  readonly node: Pick<StorageProviderNode, 'getChainHead' | 'getMinerWorkerAddress' | 'signBytes'>
  /** The provider's miner actor. */
  readonly address: Address
}

/** The provider's current ask. Changes are applied one at a time. */
export class StoredAsk {
  readonly #components: StoredAskComponents
  readonly #init: StoredAskInit
  #ask: SignedStorageAsk | undefined
  #tail: Promise<unknown> = Promise.resolve()

  constructor(components: StoredAskComponents, init: StoredAskInit = {}) {
    this.#components = components
    this.#init = init
  }

  /**
   * Load the stored ask, or create the default one when none is stored.
   *
   * @throws {@link PersistenceError} when the stored ask cannot be read or decoded
   */
  async load(options: AbortOptions = {}): Promise<SignedStorageAsk> {
    let bytes: Uint8Array | undefined
    try {
      bytes = await this.#components.datastore.get(ASK_KEY, options)
    } catch (error) {
      if ((error as { name?: unknown }).name !== 'NotFoundError') {
        throw new PersistenceError('could not read the stored ask', { cause: error })
      }
    }
    if (bytes === undefined) {
      const init = this.#init
      return this.setAsk(
        init.price ?? DEFAULT_ASK_PRICE,
        init.verifiedPrice ?? DEFAULT_ASK_VERIFIED_PRICE,
        init.duration ?? DEFAULT_ASK_DURATION,
        {
          ...options,
          minPieceSize: init.minPieceSize ?? DEFAULT_MIN_PIECE_SIZE,
          maxPieceSize: init.maxPieceSize ?? DEFAULT_MAX_PIECE_SIZE,
        },
      )
    }
    try {
      this.#ask = decodeSignedStorageAsk(bytes)
    } catch (error) {
      throw new PersistenceError('could not decode the stored ask', { cause: error })
    }
    return this.#ask
  }

  /** The current signed ask, or undefined before one exists. */
  getAsk(): SignedStorageAsk | undefined {
    return this.#ask
  }

  /**
   * Replace the ask: the sequence number goes up by one, the timestamp is the current head epoch
   * and the expiry that plus `duration`. Signed with the worker key and persisted before it is
   * served. A node or datastore failure rejects and leaves the current ask in place.
   */
  setAsk(
    price: TokenAmount,
    verifiedPrice: TokenAmount,
    duration: number,
    options: AskOptions = {},
  ): Promise<SignedStorageAsk> {
    const next = this.#tail.then(() => this.#set(price, verifiedPrice, duration, options))
    this.#tail = next.catch(() => undefined)
    return next
  }

  async #set(
    price: TokenAmount,
    verifiedPrice: TokenAmount,
    duration: number,
    options: AskOptions,
  ): Promise<SignedStorageAsk> {
    const { node, address, datastore } = this.#components
    const previous = this.#ask?.Ask ?? null
    const head = await node.getChainHead(options)
    const ask: StorageAsk = {
      Price: price,
      VerifiedPrice: verifiedPrice,
      MinPieceSize:
        options.minPieceSize ?? previous?.MinPieceSize ?? this.#init.minPieceSize ?? DEFAULT_MIN_PIECE_SIZE,
      MaxPieceSize:
        options.maxPieceSize ?? previous?.MaxPieceSize ?? this.#init.maxPieceSize ?? DEFAULT_MAX_PIECE_SIZE,
      Miner: address,
      Timestamp: head.epoch,
      Expiry: head.epoch + duration,
      SeqNo: previous === null ? 0 : previous.SeqNo + 1,
    }
    const worker = await node.getMinerWorkerAddress(address, head.token, options)
    const signed: SignedStorageAsk = {
      Ask: ask,
      Signature: await node.signBytes(worker, encodeStorageAsk(ask), options),
    }
    try {
      await datastore.put(ASK_KEY, encodeSignedStorageAsk(signed), options)
    } catch (error) {
      throw new PersistenceError('could not store the ask', { cause: error })
    }
    this.#ask = signed
    return signed
  }
}
