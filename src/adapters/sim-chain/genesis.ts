/**
 * The simulated chain's genesis: funded accounts (by key address), optional DataCap, and miner
 * actors owned and operated by some of those accounts. Accounts get IDs from 100 in the order given,
 * miners the IDs after them, so a test knows every ID in advance.
 *
 * @module
 */
import { InvalidMessageError } from '../../errors.ts'
import type { Address, TokenAmount } from '../../market/index.ts'
import { createActor, resolveId } from './accounts.ts'
import { BURNT_FUNDS_ACTOR_ID, type ChainState, MARKET_ACTOR_ID } from './state.ts'

/** A funded account at genesis. */
export interface GenesisAccount {
  /** Its key address (f1 or f3). */
  readonly address: Address
  readonly balance: TokenAmount
  /** DataCap of a verified client, in bytes. */
  readonly dataCap?: bigint
}

/** A miner actor at genesis. */
export interface GenesisMiner {
  /** A genesis account that owns the miner. */
  readonly owner: Address
  /** A genesis account that sends the miner's messages. @default the owner */
  readonly worker?: Address
  readonly controlAddresses?: readonly Address[]
  /** @default 34_359_738_368 (32 GiB) */
  readonly sectorSize?: bigint
  readonly peerId?: string
  readonly multiaddrs?: readonly string[]
}

/** What the chain starts with. */
export interface SimGenesis {
  readonly accounts: readonly GenesisAccount[]
  readonly miners?: readonly GenesisMiner[]
}

/**
 * The id of the first published deal. Not 0: go-fil-markets records use a DealID of 0 for "not
 * published yet".
 */
export const FIRST_DEAL_ID = 1n

/** The first ID given to genesis accounts. */
export const FIRST_ACCOUNT_ID = 100n

const DEFAULT_SECTOR_SIZE = 32n << 30n

/** The state at epoch 0. Throws InvalidMessageError for a miner whose owner or worker is not a genesis account. */
export function genesisState(genesis: SimGenesis): ChainState {
  const state: ChainState = {
    epoch: 0,
    nextActorId: FIRST_ACCOUNT_ID,
    actors: new Map(),
    byKey: new Map(),
    miners: new Map(),
    market: {
      escrow: new Map(),
      deals: new Map(),
      pendingProposals: new Set(),
      schedule: new Map(),
      nextDealId: FIRST_DEAL_ID,
    },
    dataCap: new Map(),
  }
  state.actors.set(MARKET_ACTOR_ID, { kind: 'market', balance: 0n, nonce: 0, key: undefined })
  state.actors.set(BURNT_FUNDS_ACTOR_ID, { kind: 'burnt', balance: 0n, nonce: 0, key: undefined })
  for (const account of genesis.accounts) {
    if (account.balance < 0n) throw new InvalidMessageError(`negative genesis balance for ${account.address}`)
    if (resolveId(state, account.address) !== undefined) {
      throw new InvalidMessageError(`genesis account ${account.address} listed twice`)
    }
    const id = createActor(state, 'account', account.address, account.balance)
    if (account.dataCap !== undefined) state.dataCap.set(id, account.dataCap)
  }
  const account = (address: Address): bigint => {
    const id = resolveId(state, address)
    if (id === undefined || state.actors.get(id)?.kind !== 'account') {
      throw new InvalidMessageError(`${address} is not a genesis account`)
    }
    return id
  }
  for (const miner of genesis.miners ?? []) {
    const owner = account(miner.owner)
    const worker = account(miner.worker ?? miner.owner)
    const control = (miner.controlAddresses ?? []).map(account)
    const id = createActor(state, 'miner', undefined)
    state.miners.set(id, {
      owner,
      worker,
      control,
      peerId: miner.peerId,
      multiaddrs: miner.multiaddrs ?? [],
      sectorSize: miner.sectorSize ?? DEFAULT_SECTOR_SIZE,
      preCommits: new Map(),
      sectors: new Map(),
    })
  }
  return state
}
