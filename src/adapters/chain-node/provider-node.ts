/**
 * The default StorageProviderNode: go-fil-markets' Lotus provider adapter on top of any chain
 * adapter (lotus-chain-api.md §4.1, §4.3), handing pieces to a {@link Sealer}.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { AdapterError, PublishSearchTimeoutError } from '../../errors.ts'
import {
  type Address,
  addressEquals,
  type ClientDealProposal,
  type DealProposal,
  type MinerDeal,
  type UnpaddedPieceSize,
} from '../../market/index.ts'
import { HEAD, publishStorageDealsMessage, tipSetKeyFromToken } from '../chain.ts'
import type {
  AbortOptions,
  CollateralBounds,
  PackingResult,
  PieceReader,
  PublishDealsWaitResult,
  StorageProviderNode,
  TipSetToken,
} from '../node.ts'
import { boundedCall } from './bounded-call.ts'
import { ChainNode, type ChainNodeComponents, type ChainNodeInit } from './common-node.ts'
import { dealIdFromPublish } from './deal-info.ts'
import { PublishIndex } from './publish-index.ts'
import type { Sealer } from './sealer.ts'

/** What the provider node is built from. */
export interface ProviderNodeComponents extends ChainNodeComponents {
  /** Where `onDealComplete` hands pieces. */
  readonly sealer: Sealer
}

/** Options of {@link createProviderNode}. */
export interface ProviderNodeInit extends ChainNodeInit {
  /** The provider's miner actor (its ID address, as proposals must name it). */
  readonly minerAddress: Address
  /** Address that sends PublishStorageDeals. @default the miner's worker */
  readonly publishFrom?: Address
  /** Largest fee accepted for a publish message. @default no limit */
  readonly maxPublishFee?: bigint
  /** Upper provider collateral as a multiple of the minimum. @default 2 */
  readonly maxProviderCollateralMultiplier?: bigint
  /**
   * Longest wait, in ms of the node's clock, for the search of earlier publish messages
   * (`findPublishMessage`), and for each lookup after it; `Infinity` waits for ever. A search
   * that does not answer fails with PublishSearchTimeoutError and the next lookup searches again.
   * @default {@link PUBLISH_SEARCH_TIMEOUT_EPOCHS} epochs of `epochDurationMs` (2 minutes on mainnet)
   */
  readonly publishSearchTimeoutMs?: number
}

/** Epochs the search of earlier publish messages may take by default (see `publishSearchTimeoutMs`). */
export const PUBLISH_SEARCH_TIMEOUT_EPOCHS = 4

/** The provider node, with its extra controls. */
export interface ProviderNode extends StorageProviderNode {
  /** Deals currently watched through the node's single head subscription. */
  readonly watchedDeals: number
  /** What this node has reserved for `address`. */
  reservedFunds(address: Address): bigint
  /** Drops every deal watch without calling back and closes the head subscription. */
  stop(): void
}

/** RegisteredSealProof V1_1 per sector size (go-state-types abi). */
const SEAL_PROOF_BY_SECTOR_SIZE = new Map<bigint, number>([
  [2n << 10n, 5],
  [8n << 20n, 6],
  [512n << 20n, 7],
  [32n << 30n, 8],
  [64n << 30n, 9],
])

class ChainProviderNode extends ChainNode implements ProviderNode {
  readonly #sealer: Sealer
  readonly #init: ProviderNodeInit
  readonly #confidence: number
  /** Sectors of this process's own hand-offs, so pre-commit watches know where to look. */
  readonly #sectors = new Map<bigint, bigint>()
  /** Publish messages sent from this node's publishing address, by proposal. */
  readonly #published: PublishIndex
  readonly #searchTimeoutMs: number

  constructor(components: ProviderNodeComponents, init: ProviderNodeInit) {
    super(components, init, 10)
    this.#sealer = components.sealer
    this.#init = init
    this.#confidence = init.messageConfidence ?? 10
    this.#searchTimeoutMs = init.publishSearchTimeoutMs ?? PUBLISH_SEARCH_TIMEOUT_EPOCHS * this.epochMs
    this.#published = new PublishIndex({ clock: this.clock, timeoutMs: this.#searchTimeoutMs })
  }

  protected async payerFor(address: Address, options?: AbortOptions): Promise<Address> {
    if (!addressEquals(address, this.#init.minerAddress)) return address
    return (await this.chain.stateMinerInfo(address, HEAD, options)).worker
  }

  protected override sectorHint(dealId: bigint): bigint | undefined {
    return this.#sectors.get(dealId)
  }

  async dealProviderCollateralBounds(
    pieceSize: number,
    isVerified: boolean,
    options?: AbortOptions,
  ): Promise<CollateralBounds> {
    const { min } = await this.rawCollateralBounds(pieceSize, isVerified, options)
    return { min, max: min * (this.#init.maxProviderCollateralMultiplier ?? 2n) }
  }

  async publishDeals(deals: readonly ClientDealProposal[], options?: AbortOptions): Promise<CID> {
    if (deals.length === 0) throw new AdapterError('no deals to publish')
    const miner = await this.chain.stateLookupId(this.#init.minerAddress, HEAD, options)
    for (const deal of deals) {
      const provider = await this.chain.stateLookupId(deal.Proposal.Provider, HEAD, options)
      if (!addressEquals(provider, miner))
        throw new AdapterError(`deal for ${deal.Proposal.Provider}, not for ${miner}`)
    }
    const from = this.#init.publishFrom ?? (await this.chain.stateMinerInfo(miner, HEAD, options)).worker
    const spec = this.#init.maxPublishFee === undefined ? {} : { maxFee: this.#init.maxPublishFee }
    const signed = await this.chain.mpoolPushMessage(publishStorageDealsMessage(from, deals), spec, options)
    this.#published.add(signed.cid, deals)
    return signed.cid
  }

  async findPublishMessage(proposal: ClientDealProposal, options?: AbortOptions): Promise<CID | undefined> {
    const timeoutMs = this.#searchTimeoutMs
    const from = await boundedCall(
      this.clock,
      timeoutMs,
      options?.signal,
      async (signal) => {
        const miner = await this.chain.stateLookupId(this.#init.minerAddress, HEAD, { signal })
        return this.#init.publishFrom ?? (await this.chain.stateMinerInfo(miner, HEAD, { signal })).worker
      },
      () => new PublishSearchTimeoutError(timeoutMs),
    )
    return this.#published.find(this.chain, from, proposal, options)
  }

  async waitForPublishDeals(
    message: CID,
    proposal: DealProposal,
    options?: AbortOptions,
  ): Promise<PublishDealsWaitResult> {
    const lookup = await this.chain.stateWaitMsg(message, this.#confidence, options)
    const dealId = await dealIdFromPublish(this.chain, lookup, proposal, options)
    return { dealId, finalCid: lookup.message }
  }

  async onDealComplete(
    deal: MinerDeal,
    pieceSize: UnpaddedPieceSize,
    piece: PieceReader,
    options?: AbortOptions,
  ): Promise<PackingResult> {
    const dealId = BigInt(deal.DealID)
    const result = await this.#sealer.handOff(
      { dealId, proposal: deal.Proposal, publishCid: deal.PublishCid ?? undefined, pieceSize, piece },
      options,
    )
    this.#sectors.set(dealId, result.sectorNumber)
    return result
  }

  async getMinerWorkerAddress(miner: Address, token: TipSetToken, options?: AbortOptions): Promise<Address> {
    return (await this.chain.stateMinerInfo(miner, tipSetKeyFromToken(token), options)).worker
  }

  getDataCap(address: Address, token: TipSetToken, options?: AbortOptions): Promise<bigint | undefined> {
    return this.chain.stateVerifiedClientStatus(address, tipSetKeyFromToken(token), options)
  }

  async getProofType(
    miner: Address,
    token: TipSetToken | undefined,
    options?: AbortOptions,
  ): Promise<number> {
    const tsk = token === undefined ? HEAD : tipSetKeyFromToken(token)
    const { sectorSize } = await this.chain.stateMinerInfo(miner, tsk, options)
    const proof = SEAL_PROOF_BY_SECTOR_SIZE.get(sectorSize)
    if (proof === undefined) throw new AdapterError(`no seal proof for a sector size of ${sectorSize} bytes`)
    return proof
  }
}

/**
 * A StorageProviderNode for the miner `init.minerAddress` on `components.chain`, signing with
 * `components.wallet` (which must hold the worker key) and sealing through `components.sealer`.
 *
 * @example
 * const node = createProviderNode({ chain, wallet, sealer: chain.sealer(miner) }, { minerAddress: miner })
 */
export function createProviderNode(components: ProviderNodeComponents, init: ProviderNodeInit): ProviderNode {
  return new ChainProviderNode(components, init)
}
