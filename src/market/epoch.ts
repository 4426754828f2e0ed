/**
 * Chain and record scalars: epochs, deal and sector numbers, and the nanosecond timestamps Go
 * writes for `CborTime`.
 *
 * @module
 */

/**
 * A chain epoch (Go `abi.ChainEpoch`, signed 64-bit). A JS number: at 30 s per epoch, 2^53 epochs
 * is far beyond any real chain height. Decoders reject values outside the safe-integer range.
 */
export type ChainEpoch = number

/** On-chain deal ID assigned by the market actor at publish (Go `abi.DealID`). Safe integer. */
export type DealID = number

/** Sector number (Go `abi.SectorNumber`). Safe integer. */
export type SectorNumber = number

/** Epochs per day on mainnet (30-second epochs). */
export const EPOCHS_PER_DAY = 2880

/**
 * A timestamp as Go's `CborTime` stores it: nanoseconds since the Unix epoch, signed 64-bit. A
 * bigint because current times (about 1.7 × 10^18 ns) exceed the safe-integer range.
 */
export type CborTime = bigint

/** {@link CborTime} for a JS Date (millisecond precision). */
export function cborTimeFromDate(date: Date): CborTime {
  return BigInt(date.getTime()) * 1_000_000n
}

/** The JS Date of a {@link CborTime}, truncated to milliseconds. */
export function cborTimeToDate(time: CborTime): Date {
  return new Date(Number(time / 1_000_000n))
}
