/**
 * The network parameters the simulated market and miners follow. The defaults are mainnet's
 * (builtin-actors policy); {@link DEVNET_POLICY} shrinks the durations so that a demo or a test
 * can take a deal from publication to expiry in a few hundred epochs.
 *
 * @module
 */
import { ATTO_PER_FIL, EPOCHS_PER_DAY } from '../../market/index.ts'

/** Parameters of the simulated chain. */
export interface SimPolicy {
  /** Shortest deal accepted by PublishStorageDeals, in epochs. @default 518_400 (180 days) */
  readonly minDealDuration: number
  /** Longest deal accepted, in epochs. @default 3_680_640 (1,278 days) */
  readonly maxDealDuration: number
  /** Upper bound of price per epoch and of both collaterals, in attoFIL. @default 2 × 10⁹ FIL */
  readonly maxTokenAmount: bigint
  /** Longest label, in bytes. @default 256 */
  readonly maxLabelBytes: number
  /**
   * Spacing of a deal's cron processing (payments, timeout, completion): a deal is first processed
   * at the first epoch ≥ StartEpoch that is ≡ its id modulo this, then every this many epochs and
   * at its end. @default 86_400 (30 days)
   */
  readonly dealUpdatesInterval: number
  /** Baseline power in the provider collateral minimum, in bytes. @default 2.5 EiB */
  readonly baselinePower: bigint
  /** Smallest verified-deal piece the verified registry accepts. @default 1 MiB */
  readonly minAllocationSize: number
  /** Seconds between tipsets, for timestamps. @default 30 */
  readonly epochDurationSeconds: number
  /** Flat fee burnt for every executed message, in attoFIL. @default 0 */
  readonly messageFee: bigint
  /** Tipsets whose state stays readable (and revertible by a reorg). @default 200 */
  readonly historyLength: number
}

/** Mainnet parameters. */
export const MAINNET_POLICY: SimPolicy = Object.freeze({
  minDealDuration: 180 * EPOCHS_PER_DAY,
  maxDealDuration: 1278 * EPOCHS_PER_DAY,
  maxTokenAmount: 2_000_000_000n * ATTO_PER_FIL,
  maxLabelBytes: 256,
  dealUpdatesInterval: 30 * EPOCHS_PER_DAY,
  baselinePower: (5n << 60n) / 2n,
  minAllocationSize: 1 << 20,
  epochDurationSeconds: 30,
  messageFee: 0n,
  historyLength: 200,
})

/**
 * Short durations for demos and tests: deals of 10 to 100,000 epochs, processed by cron every
 * epoch (so payments accrue visibly epoch by epoch), verified pieces from 256 bytes.
 */
export const DEVNET_POLICY: SimPolicy = Object.freeze({
  ...MAINNET_POLICY,
  minDealDuration: 10,
  maxDealDuration: 100_000,
  dealUpdatesInterval: 1,
  minAllocationSize: 256,
})
