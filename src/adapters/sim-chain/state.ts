/**
 * The simulated chain's actor state: what a tipset's state root would hold. Containers are mutable
 * Maps of immutable records (a change replaces the record), so a copy of the containers is a full,
 * independent snapshot; the chain keeps one per recent tipset for state reads and reorgs.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { Address, DealProposal } from '../../market/index.ts'

/** What kind of actor an ID belongs to. */
export type ActorKind = 'account' | 'miner' | 'market' | 'burnt'

/** An actor's balance and nonce; accounts also carry their key address. */
export interface ActorRecord {
  readonly kind: ActorKind
  readonly balance: bigint
  /** Next nonce the actor's messages must carry (accounts only send). */
  readonly nonce: number
  readonly key: Address | undefined
}

/** A sector that is pre-committed and not proven yet. */
export interface PreCommitRecord {
  readonly sectorNumber: bigint
  readonly dealIds: readonly bigint[]
  readonly expiration: number
  readonly sealedCid: CID
  readonly preCommitEpoch: number
}

/** A proven sector. */
export interface SectorRecord {
  readonly sectorNumber: bigint
  readonly dealIds: readonly bigint[]
  readonly activation: number
  readonly expiration: number
}

/** A miner actor's own state; its balance lives in its {@link ActorRecord}. */
export interface MinerRecord {
  readonly owner: bigint
  readonly worker: bigint
  readonly control: readonly bigint[]
  readonly peerId: string | undefined
  readonly multiaddrs: readonly string[]
  readonly sectorSize: bigint
  readonly preCommits: Map<bigint, PreCommitRecord>
  readonly sectors: Map<bigint, SectorRecord>
}

/** Escrow of one address in the market actor. */
export interface EscrowRecord {
  readonly escrow: bigint
  readonly locked: bigint
}

/** A published deal. The proposal's Client and Provider are ID addresses. */
export interface DealRecord {
  readonly proposal: DealProposal
  /** Key of the normalized proposal in the pending set. */
  readonly proposalKey: string
  readonly sectorNumber: bigint
  readonly sectorStartEpoch: number
  readonly lastUpdatedEpoch: number
  readonly slashEpoch: number
  /** False once the first cron after activation removed the proposal from the pending set. */
  readonly pending: boolean
}

/** The storage market actor's state. */
export interface MarketRecord {
  readonly escrow: Map<bigint, EscrowRecord>
  readonly deals: Map<bigint, DealRecord>
  /** Keys of proposals published and not yet activated-and-settled, for the duplicate check. */
  readonly pendingProposals: Set<string>
  /** Epoch → deals whose cron processing falls on it. */
  readonly schedule: Map<number, readonly bigint[]>
  nextDealId: bigint
}

/** The whole actor state at one tipset. */
export interface ChainState {
  epoch: number
  nextActorId: bigint
  readonly actors: Map<bigint, ActorRecord>
  /** Hex of a key address's bytes → its account's ID. */
  readonly byKey: Map<string, bigint>
  readonly miners: Map<bigint, MinerRecord>
  readonly market: MarketRecord
  /** Remaining DataCap of verified clients. */
  readonly dataCap: Map<bigint, bigint>
}

/** The market actor's ID (f05). */
export const MARKET_ACTOR_ID = 5n
/** The burnt-funds actor's ID (f099): slashed collateral and fees go there. */
export const BURNT_FUNDS_ACTOR_ID = 99n

/** An independent copy: later changes to either side do not show in the other. */
export function cloneState(state: ChainState): ChainState {
  const miners = new Map<bigint, MinerRecord>()
  for (const [id, miner] of state.miners) {
    miners.set(id, { ...miner, preCommits: new Map(miner.preCommits), sectors: new Map(miner.sectors) })
  }
  return {
    epoch: state.epoch,
    nextActorId: state.nextActorId,
    actors: new Map(state.actors),
    byKey: new Map(state.byKey),
    miners,
    market: {
      escrow: new Map(state.market.escrow),
      deals: new Map(state.market.deals),
      pendingProposals: new Set(state.market.pendingProposals),
      schedule: new Map(state.market.schedule),
      nextDealId: state.market.nextDealId,
    },
    dataCap: new Map(state.dataCap),
  }
}

/** Hex of bytes, the map key of addresses and proposals. */
export function hexOf(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}
