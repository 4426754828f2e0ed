/**
 * The simulated chain, the embedded default chain adapter.
 *
 * @module
 */
export { decodeBitfield, encodeBitfield } from './bitfield.ts'
export {
  FIRST_ACCOUNT_ID,
  FIRST_DEAL_ID,
  type GenesisAccount,
  type GenesisMiner,
  type SimGenesis,
} from './genesis.ts'
export { DEVNET_POLICY, MAINNET_POLICY, type SimPolicy } from './policy.ts'
export type { SealingDelays, SectorJob, SectorStage } from './sealing.ts'
export { openSimChain, SimChain, type SimChainComponents, type SimChainInit } from './sim-chain.ts'
