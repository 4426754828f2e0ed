/**
 * The default StorageClientNode: go-fil-markets' Lotus client adapter on top of any chain adapter
 * (lotus-chain-api.md §4.1, §4.2).
 *
 * @module
 */
import { AdapterError } from '../../errors.ts'
import type { Address, ClientDeal, ClientDealProposal, DealProposal } from '../../market/index.ts'
import { tipSetKeyFromToken } from '../chain.ts'
import type {
  AbortOptions,
  CollateralBounds,
  StorageClientNode,
  StorageProviderInfo,
  TipSetToken,
} from '../node.ts'
import {
  ChainNode,
  type ChainNodeComponents,
  type ChainNodeInit,
  CLIENT_COLLATERAL_MARGIN,
} from './common-node.ts'
import { validatePublishedDeal } from './deal-info.ts'

/** Options of {@link createClientNode}. */
export interface ClientNodeInit extends ChainNodeInit {}

/** The client node, with its extra controls. */
export interface ClientNode extends StorageClientNode {
  /** Deals currently watched through the node's single head subscription. */
  readonly watchedDeals: number
  /** What this node has reserved for `address`. */
  reservedFunds(address: Address): bigint
  /** Drops every deal watch without calling back and closes the head subscription. */
  stop(): void
}

class ChainClientNode extends ChainNode implements ClientNode {
  readonly #confidence: number

  constructor(components: ChainNodeComponents, init: ClientNodeInit) {
    super(components, init, 5)
    this.#confidence = init.messageConfidence ?? 5
  }

  protected async payerFor(address: Address): Promise<Address> {
    return address
  }

  async dealProviderCollateralBounds(
    pieceSize: number,
    isVerified: boolean,
    options?: AbortOptions,
  ): Promise<CollateralBounds> {
    const bounds = await this.rawCollateralBounds(pieceSize, isVerified, options)
    const { numerator, denominator } = CLIENT_COLLATERAL_MARGIN
    return { min: (bounds.min * numerator) / denominator, max: bounds.max }
  }

  async listStorageProviders(token: TipSetToken, options?: AbortOptions): Promise<StorageProviderInfo[]> {
    const miners = await this.chain.stateListMiners(tipSetKeyFromToken(token), options)
    const out: StorageProviderInfo[] = []
    for (const miner of miners) out.push(await this.getMinerInfo(miner, token, options))
    return out
  }

  validatePublishedDeal(deal: ClientDeal, options?: AbortOptions): Promise<bigint> {
    const signed: ClientDealProposal = { Proposal: deal.Proposal, ClientSignature: deal.ClientSignature }
    return validatePublishedDeal(this.chain, signed, deal.PublishMessage, this.#confidence, options)
  }

  async signProposal(
    signer: Address,
    proposal: DealProposal,
    options?: AbortOptions,
  ): Promise<ClientDealProposal> {
    return { Proposal: proposal, ClientSignature: await this.signProposalBytes(signer, proposal, options) }
  }

  async getDefaultWalletAddress(): Promise<Address> {
    const address = this.defaultWallet()
    if (address === undefined) throw new AdapterError('no default wallet address: the wallet holds no key')
    return address
  }

  async getMinerInfo(
    miner: Address,
    token: TipSetToken,
    options?: AbortOptions,
  ): Promise<StorageProviderInfo> {
    const info = await this.chain.stateMinerInfo(miner, tipSetKeyFromToken(token), options)
    if (info.peerId === undefined) throw new AdapterError(`miner ${miner} has no peer id on chain`)
    return {
      address: miner,
      owner: info.owner,
      worker: info.worker,
      sectorSize: info.sectorSize,
      peerId: info.peerId,
      addrs: info.multiaddrs,
    }
  }
}

/**
 * A StorageClientNode on `components.chain`, signing with `components.wallet`.
 *
 * @example
 * const node = createClientNode({ chain, wallet })
 * const cid = await node.reserveFunds(client, client, 10n ** 18n)
 */
export function createClientNode(components: ChainNodeComponents, init: ClientNodeInit = {}): ClientNode {
  return new ChainClientNode(components, init)
}
