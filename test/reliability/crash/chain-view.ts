/**
 * Reading what the simulated chain saved in a market's store, from outside the market: the last
 * snapshot and every message, as the chain itself loads them.
 */
import { join } from 'node:path'
import { NamespaceDatastore } from 'datastore-core'
import { LevelDatastore } from 'datastore-level'
import { Key } from 'interface-datastore'
import type { TipSet } from '../../../src/adapters/chain.ts'
import type { MessageEntry } from '../../../src/adapters/sim-chain/message-pool.ts'
import { ChainStore } from '../../../src/adapters/sim-chain/persistence.ts'
import type { ChainState } from '../../../src/adapters/sim-chain/state.ts'

/** The parts of the chain's snapshot the checks read. */
export interface SavedChain {
  readonly totalSupply: bigint
  readonly head: TipSet
  readonly state: ChainState
  readonly messages: readonly MessageEntry[]
}

/** The chain saved in the store directory `store` (the market there must be closed). */
export async function loadSavedChain(store: string): Promise<SavedChain> {
  const level = new LevelDatastore(join(store, 'datastore'))
  await level.open()
  try {
    const chain = new ChainStore<Omit<SavedChain, 'messages'>, MessageEntry>(
      new NamespaceDatastore(level, new Key('/chain')),
      '/sim-chain',
    )
    const saved = await chain.load()
    if (saved === undefined) throw new Error(`no chain saved in ${store}`)
    return { ...saved.snapshot, messages: saved.messages }
  } finally {
    await level.close()
  }
}
