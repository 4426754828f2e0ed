/**
 * Provider collateral bounds (builtin-actors `deal_provider_collateral_bounds`): the minimum is a
 * piece's share of 1 % of the circulating supply, spread over the larger of the network's raw power,
 * the baseline power and the piece itself.
 *
 * @module
 */
import type { PaddedPieceSize } from '../../market/index.ts'
import type { ExecutionContext } from './context.ts'
import { BURNT_FUNDS_ACTOR_ID, type ChainState } from './state.ts'

/** Raw-byte power of the network: every proven sector counts its full size. */
export function networkRawPower(state: ChainState): bigint {
  let power = 0n
  for (const miner of state.miners.values()) power += BigInt(miner.sectors.size) * miner.sectorSize
  return power
}

/**
 * The simulated circulating supply: everything not burnt. (The real one also leaves out unvested
 * and locked funds; the simulation has neither vesting nor pledges.)
 */
export function circulatingSupply(state: ChainState, ctx: ExecutionContext): bigint {
  return ctx.totalSupply - (state.actors.get(BURNT_FUNDS_ACTOR_ID)?.balance ?? 0n)
}

/** The actor's limits for a piece's provider collateral. */
export function providerCollateralBounds(
  state: ChainState,
  ctx: ExecutionContext,
  pieceSize: PaddedPieceSize,
): { readonly min: bigint; readonly max: bigint } {
  const size = BigInt(pieceSize)
  const lockTarget = circulatingSupply(state, ctx) / 100n
  let denominator = networkRawPower(state)
  if (ctx.policy.baselinePower > denominator) denominator = ctx.policy.baselinePower
  if (size > denominator) denominator = size
  return { min: (size * lockTarget) / denominator, max: ctx.policy.maxTokenAmount }
}
