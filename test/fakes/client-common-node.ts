import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
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
  PreCommitOutcome,
  StorageCommon,
  StorageProviderInfo,
  TipSetToken,
} from '../../src/adapters/node.ts'
import type { Address, ChainEpoch, Signature, TokenAmount } from '../../src/market/index.ts'
import { Program } from './client-program.ts'
import { fakeSign, fakeVerify } from './client-signatures.ts'
import { type CompletionOutcome, type PendingWatcher, registerWatcher } from './client-watchers.ts'

/** What each node method can be scripted to return (watchers: the argument of their callback). */
export interface ClientNodeScript {
  getChainHead: ChainHead
  reserveFunds: CID | undefined
  releaseFunds: undefined
  waitForMessage: MessageReceipt
  verifySignature: boolean
  signBytes: Signature
  validatePublishedDeal: bigint
  onDealSectorPreCommitted: PreCommitOutcome | Error
  onDealSectorCommitted: Error | undefined
  onDealExpiredOrSlashed: CompletionOutcome
  getMinerInfo: StorageProviderInfo
}

/**
 * The StorageCommon half of the fake client node: an in-memory market escrow (balances,
 * reservations, add-funds messages), fake signatures and chain watchers. Every call is recorded;
 * `program` scripts failures, hangs or values per method. Watchers call back at once with their
 * default (pre-commit in sector 10, activation, expiry) unless scripted; a scripted hang keeps
 * them pending in `watchers`.
 */
export class FakeCommonNode implements StorageCommon {
  readonly program = new Program<ClientNodeScript>()
  epoch: ChainEpoch = 0
  readonly token: TipSetToken = Uint8Array.from([1, 2, 3])
  readonly balances = new Map<string, TokenAmount>()
  readonly reserved = new Map<string, TokenAmount>()
  readonly receipts = new Map<string, MessageReceipt>()
  readonly reserveCalls: { wallet: Address; address: Address; amount: TokenAmount }[] = []
  readonly releaseCalls: { address: Address; amount: TokenAmount }[] = []
  readonly waitCalls: CID[] = []
  readonly watches: { kind: PendingWatcher['kind']; watch: DealWatch | bigint }[] = []
  readonly watchers: PendingWatcher[] = []
  preCommitSector = 10n
  minCollateral: TokenAmount = 5_000n
  #messages = 0

  /** Credit `address`'s escrow. */
  fund(address: Address, amount: TokenAmount): void {
    this.balances.set(address.toString(), this.balanceOf(address) + amount)
  }

  balanceOf(address: Address): TokenAmount {
    return this.balances.get(address.toString()) ?? 0n
  }

  reservedFor(address: Address): TokenAmount {
    return this.reserved.get(address.toString()) ?? 0n
  }

  async getChainHead(options?: AbortOptions): Promise<ChainHead> {
    const scripted = await this.program.gate('getChainHead', options?.signal)
    return scripted?.value ?? { token: this.token, epoch: this.epoch }
  }

  async addFunds(address: Address, amount: TokenAmount): Promise<CID> {
    this.fund(address, amount)
    return this.#newMessage()
  }

  async reserveFunds(wallet: Address, address: Address, amount: TokenAmount, options?: AbortOptions) {
    const scripted = await this.program.gate('reserveFunds', options?.signal)
    this.reserveCalls.push({ wallet, address, amount })
    this.reserved.set(address.toString(), this.reservedFor(address) + amount)
    if (scripted !== undefined) return scripted.value
    const missing = this.reservedFor(address) - this.balanceOf(address)
    return missing > 0n ? this.addFunds(address, missing) : undefined
  }

  async releaseFunds(address: Address, amount: TokenAmount, options?: AbortOptions): Promise<void> {
    await this.program.gate('releaseFunds', options?.signal)
    this.releaseCalls.push({ address, amount })
    this.reserved.set(address.toString(), this.reservedFor(address) - amount)
  }

  async getBalance(address: Address): Promise<Balance> {
    const locked = this.reservedFor(address)
    return { locked, available: this.balanceOf(address) - locked }
  }

  async verifySignature(
    signature: Signature,
    signer: Address,
    plaintext: Uint8Array,
    _token: TipSetToken,
    options?: AbortOptions,
  ) {
    const scripted = await this.program.gate('verifySignature', options?.signal)
    return scripted?.value ?? fakeVerify(signature, signer, plaintext)
  }

  async waitForMessage(message: CID, options?: AbortOptions): Promise<MessageReceipt> {
    this.waitCalls.push(message)
    const scripted = await this.program.gate('waitForMessage', options?.signal)
    return (
      scripted?.value ??
      this.receipts.get(message.toString()) ?? {
        exitCode: 0,
        returnValue: new Uint8Array(),
        finalCid: message,
      }
    )
  }

  async signBytes(signer: Address, bytes: Uint8Array, options?: AbortOptions): Promise<Signature> {
    const scripted = await this.program.gate('signBytes', options?.signal)
    return scripted?.value ?? fakeSign(signer, bytes)
  }

  async dealProviderCollateralBounds(): Promise<CollateralBounds> {
    return { min: this.minCollateral, max: 2_000_000_000n * 10n ** 18n }
  }

  async onDealSectorPreCommitted(
    watch: DealWatch,
    callback: DealSectorPreCommittedCallback,
    options?: AbortOptions,
  ) {
    this.watches.push({ kind: 'pre-commit', watch })
    const fire = (outcome: unknown): void => callback(outcome as PreCommitOutcome | Error)
    registerWatcher(
      this.program.take('onDealSectorPreCommitted'),
      this.watchers,
      { kind: 'pre-commit', fire },
      options,
      () => fire({ sectorNumber: this.preCommitSector, isActive: false }),
    )
  }

  async onDealSectorCommitted(
    watch: DealWatch & { readonly sectorNumber: bigint },
    callback: DealSectorCommittedCallback,
    options?: AbortOptions,
  ): Promise<void> {
    this.watches.push({ kind: 'commit', watch })
    const fire = (outcome: unknown): void => callback(outcome as Error | undefined)
    registerWatcher(
      this.program.take('onDealSectorCommitted'),
      this.watchers,
      { kind: 'commit', fire },
      options,
      () => fire(undefined),
    )
  }

  async onDealExpiredOrSlashed(
    dealId: bigint,
    onExpired: DealExpiredCallback,
    onSlashed: DealSlashedCallback,
    options?: AbortOptions,
  ): Promise<void> {
    this.watches.push({ kind: 'completion', watch: dealId })
    const fire = (outcome: unknown): void => {
      const o = outcome as CompletionOutcome
      if ('expired' in o) onExpired(undefined)
      else if ('expiryError' in o) onExpired(o.expiryError)
      else if ('slashingError' in o) onSlashed(o.slashingError)
      else onSlashed({ slashEpoch: o.slashEpoch })
    }
    registerWatcher(
      this.program.take('onDealExpiredOrSlashed'),
      this.watchers,
      { kind: 'completion', fire },
      options,
      () => fire({ expired: true }),
    )
  }

  #newMessage(): CID {
    this.#messages++
    return CID.createV1(0x71, identity.digest(new TextEncoder().encode(`add-funds-${this.#messages}`)))
  }
}
