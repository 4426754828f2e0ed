/**
 * What actor code needs besides the state: the epoch being executed, the network's parameters and
 * how to write ID addresses.
 *
 * @module
 */
import type { Network } from '../../market/index.ts'
import type { SimPolicy } from './policy.ts'

/** The environment of one message or cron execution. */
export interface ExecutionContext {
  /** The epoch being executed (the height of the tipset whose state the changes produce). */
  readonly epoch: number
  readonly policy: SimPolicy
  readonly network: Network
  /** The chain's constant total supply, for the collateral minimum. */
  readonly totalSupply: bigint
}
