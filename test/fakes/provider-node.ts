import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import type {
  AbortOptions,
  Balance,
  ChainHead,
  CollateralBounds,
  DealExpiredCallback,
  DealSectorCommittedCallback,
  DealSectorPreCommittedCallback,
  DealSlashedCallback,
  DealWatch,
  MessageReceipt,
  PackingResult,
  PieceReader,
  PreCommitOutcome,
  PublishDealsWaitResult,
  StorageProviderNode,
  TipSetToken,
} from '../../src/adapters/node.ts'
import {
  type Address,
  type ChainEpoch,
  type ClientDealProposal,
  type DealProposal,
  type MemoryWallet,
  type MinerDeal,
  type Signature,
  type TokenAmount,
  verifySignature,
} from '../../src/market/index.ts'
import { Faults } from './provider-faults.ts'

/** Provider node methods, for failure injection. */
export type ProviderNodeMethod = keyof StorageProviderNode

/** How the end of a deal is reported, or 'hold' to keep the watcher pending. */
export type Completion =
  | 'hold'
  | { readonly expired: true }
  | { readonly slashEpoch: ChainEpoch }
  | { readonly expiredError: Error }
  | { readonly slashedError: Error }

/** Watchers registered and not called back yet. */
export interface HeldWatchers {
  preCommit?: DealSectorPreCommittedCallback
  commit?: DealSectorCommittedCallback
  expired?: DealExpiredCallback
  slashed?: DealSlashedCallback
}

/**
 * A provider node with an in-memory escrow. Signatures are real (client proposals are checked with
 * the market verifier; the worker key signs through a MemoryWallet). Watchers answer at once with
 * their configured outcome, or are held until a test fires them.
 */
export class FakeProviderNode implements StorageProviderNode {
  readonly faults = new Faults<ProviderNodeMethod>()
  head: ChainHead = { token: Uint8Array.from([1, 2, 3]), epoch: 50 }
  readonly balances = new Map<string, TokenAmount>()
  readonly dataCaps = new Map<string, bigint>()
  collateralBounds: CollateralBounds = { min: 5000n, max: 2n * 10n ** 27n }
  /** Forces signature checks to this answer; real verification when undefined. */
  signaturesValid: boolean | undefined
  /** Returned by reserveFunds when the escrow is short; undefined means funded at once. */
  addFundsCid: CID | undefined
  exitCode = 0
  /** Outcome of each publishDeals call, consumed in order; success when empty. */
  readonly publishOutcomes: (Error | 'ok')[] = []
  readonly publishedBatches: ClientDealProposal[][] = []
  /** Proposals the chain drops from their publish message. */
  invalidOnChain: (proposal: DealProposal) => boolean = () => false
  finalPublishCid: CID | undefined
  nextDealId = 100
  preCommit: PreCommitOutcome | Error | 'hold' = { sectorNumber: 10n, isActive: false }
  commit: Error | undefined | 'hold' = undefined
  completion: Completion = 'hold'
  readonly held: HeldWatchers = {}
  readonly handedOff: { deal: MinerDeal; size: number; bytes: Uint8Array }[] = []
  reserved = 0n

  constructor(
    readonly wallet: MemoryWallet,
    readonly worker: Address,
  ) {}

  async getChainHead(options?: AbortOptions): Promise<ChainHead> {
    await this.faults.enter('getChainHead', [], options?.signal)
    return this.head
  }

  async addFunds(address: Address, amount: TokenAmount, options?: AbortOptions): Promise<CID> {
    await this.faults.enter('addFunds', [address, amount], options?.signal)
    this.#credit(address, amount)
    return this.addFundsCid ?? (await messageCid('add-funds'))
  }

  async reserveFunds(wallet: Address, address: Address, amount: TokenAmount, options?: AbortOptions) {
    await this.faults.enter('reserveFunds', [wallet, address, amount], options?.signal)
    this.reserved += amount
    const available = this.balances.get(address.toString()) ?? 0n
    if (available >= amount) return undefined
    this.#credit(address, amount - available)
    return this.addFundsCid
  }

  async releaseFunds(address: Address, amount: TokenAmount, options?: AbortOptions): Promise<void> {
    await this.faults.enter('releaseFunds', [address, amount], options?.signal)
    this.reserved -= amount
  }

  async getBalance(address: Address, token: TipSetToken, options?: AbortOptions): Promise<Balance> {
    await this.faults.enter('getBalance', [address, token], options?.signal)
    return { locked: 0n, available: this.balances.get(address.toString()) ?? 0n }
  }

  async verifySignature(
    signature: Signature,
    signer: Address,
    plaintext: Uint8Array,
    token: TipSetToken,
    options?: AbortOptions,
  ): Promise<boolean> {
    await this.faults.enter('verifySignature', [signature, signer, plaintext, token], options?.signal)
    return this.signaturesValid ?? verifySignature(signature, signer, plaintext)
  }

  async waitForMessage(message: CID, options?: AbortOptions): Promise<MessageReceipt> {
    await this.faults.enter('waitForMessage', [message], options?.signal)
    return { exitCode: this.exitCode, returnValue: new Uint8Array(), finalCid: message }
  }

  async signBytes(signer: Address, bytes: Uint8Array, options?: AbortOptions): Promise<Signature> {
    await this.faults.enter('signBytes', [signer, bytes], options?.signal)
    return this.wallet.sign(signer, bytes)
  }

  async dealProviderCollateralBounds(size: number, verified: boolean, options?: AbortOptions) {
    await this.faults.enter('dealProviderCollateralBounds', [size, verified], options?.signal)
    return this.collateralBounds
  }

  async onDealSectorPreCommitted(
    watch: DealWatch,
    callback: DealSectorPreCommittedCallback,
    options?: AbortOptions,
  ) {
    await this.faults.enter('onDealSectorPreCommitted', [watch], options?.signal)
    if (this.preCommit === 'hold') this.held.preCommit = callback
    else callback(this.preCommit)
  }

  async onDealSectorCommitted(
    watch: DealWatch & { readonly sectorNumber: bigint },
    callback: DealSectorCommittedCallback,
    options?: AbortOptions,
  ) {
    await this.faults.enter('onDealSectorCommitted', [watch], options?.signal)
    if (this.commit === 'hold') this.held.commit = callback
    else callback(this.commit)
  }

  async onDealExpiredOrSlashed(
    dealId: bigint,
    onExpired: DealExpiredCallback,
    onSlashed: DealSlashedCallback,
    options?: AbortOptions,
  ) {
    await this.faults.enter('onDealExpiredOrSlashed', [dealId, options?.signal], options?.signal)
    const outcome = this.completion
    if (outcome === 'hold') {
      this.held.expired = onExpired
      this.held.slashed = onSlashed
    } else if ('expired' in outcome) onExpired(undefined)
    else if ('slashEpoch' in outcome) onSlashed({ slashEpoch: outcome.slashEpoch })
    else if ('expiredError' in outcome) onExpired(outcome.expiredError)
    else onSlashed(outcome.slashedError)
  }

  async publishDeals(deals: readonly ClientDealProposal[], options?: AbortOptions): Promise<CID> {
    await this.faults.enter('publishDeals', [deals], options?.signal)
    const outcome = this.publishOutcomes.shift()
    if (outcome instanceof Error) throw outcome
    this.publishedBatches.push([...deals])
    return messageCid(`publish-${this.publishedBatches.length}`)
  }

  async waitForPublishDeals(
    message: CID,
    proposal: DealProposal,
    options?: AbortOptions,
  ): Promise<PublishDealsWaitResult> {
    await this.faults.enter('waitForPublishDeals', [message, proposal], options?.signal)
    if (this.invalidOnChain(proposal)) throw new Error('deal was invalid at publication')
    return { dealId: BigInt(this.nextDealId++), finalCid: this.finalPublishCid ?? message }
  }

  async onDealComplete(
    deal: MinerDeal,
    size: number,
    piece: PieceReader,
    options?: AbortOptions,
  ): Promise<PackingResult> {
    await this.faults.enter('onDealComplete', [deal, size], options?.signal)
    const chunks: Uint8Array[] = []
    for await (const chunk of piece.open(options)) chunks.push(chunk)
    this.handedOff.push({ deal, size, bytes: concat(chunks) })
    return { sectorNumber: 1n, offset: 0, size: deal.Proposal.PieceSize }
  }

  async getMinerWorkerAddress(miner: Address, token: TipSetToken, options?: AbortOptions): Promise<Address> {
    await this.faults.enter('getMinerWorkerAddress', [miner, token], options?.signal)
    return this.worker
  }

  async getDataCap(
    address: Address,
    token: TipSetToken,
    options?: AbortOptions,
  ): Promise<bigint | undefined> {
    await this.faults.enter('getDataCap', [address, token], options?.signal)
    return this.dataCaps.get(address.toString())
  }

  async getProofType(
    miner: Address,
    token: TipSetToken | undefined,
    options?: AbortOptions,
  ): Promise<number> {
    await this.faults.enter('getProofType', [miner, token], options?.signal)
    return 8
  }

  #credit(address: Address, amount: TokenAmount): void {
    this.balances.set(address.toString(), (this.balances.get(address.toString()) ?? 0n) + amount)
  }
}

/** A stable, distinct CID for a named message. */
export async function messageCid(name: string): Promise<CID> {
  return CID.createV1(0x71, await sha256.digest(new TextEncoder().encode(name)))
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}
