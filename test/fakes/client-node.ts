import type {
  AbortOptions,
  StorageClientNode,
  StorageProviderInfo,
  TipSetToken,
} from '../../src/adapters/node.ts'
import {
  type Address,
  type ClientDeal,
  type ClientDealProposal,
  type DealProposal,
  encodeDealProposal,
} from '../../src/market/index.ts'
import { FakeCommonNode } from './client-common-node.ts'
import { fakeSign } from './client-signatures.ts'

/**
 * The fake client node: the escrow, signatures and watchers of {@link FakeCommonNode}, plus the
 * client's own calls. Published deals get `nextDealId`; proposals are signed with `fakeSign`.
 */
export class FakeClientNode extends FakeCommonNode implements StorageClientNode {
  readonly validateCalls: ClientDeal[] = []
  readonly providers: StorageProviderInfo[] = []
  nextDealId = 5n
  defaultWallet: Address | undefined

  async listStorageProviders(): Promise<StorageProviderInfo[]> {
    return [...this.providers]
  }

  async validatePublishedDeal(deal: ClientDeal, options?: AbortOptions): Promise<bigint> {
    this.validateCalls.push(deal)
    const scripted = await this.program.gate('validatePublishedDeal', options?.signal)
    return scripted?.value ?? this.nextDealId
  }

  async signProposal(signer: Address, proposal: DealProposal): Promise<ClientDealProposal> {
    return { Proposal: proposal, ClientSignature: fakeSign(signer, encodeDealProposal(proposal)) }
  }

  async getDefaultWalletAddress(): Promise<Address> {
    if (this.defaultWallet === undefined) throw new Error('no default wallet')
    return this.defaultWallet
  }

  async getMinerInfo(
    miner: Address,
    _token: TipSetToken,
    options?: AbortOptions,
  ): Promise<StorageProviderInfo> {
    const scripted = await this.program.gate('getMinerInfo', options?.signal)
    const found = scripted?.value ?? this.providers.find((p) => p.address.toString() === miner.toString())
    if (found === undefined) throw new Error(`provider ${miner} not found`)
    return found
  }
}
