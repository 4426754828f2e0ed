/**
 * The storage miner actor, reduced to what deals need: pre-committing a sector that declares deals,
 * proving it (which activates the deals in the market actor) and terminating it (which slashes
 * them). No proofs, pledges, deadlines or power accounting beyond raw sector size.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { ActorError } from './actor-error.ts'
import type { ExecutionContext } from './context.ts'
import { activateDeals, onMinerSectorsTerminate, verifyDealsForActivation } from './market-deals.ts'
import type { ChainState, MinerRecord } from './state.ts'

/** The miner actor, or exit code 16 when `id` is not a miner. */
export function minerOf(state: ChainState, id: bigint): MinerRecord {
  const miner = state.miners.get(id)
  if (miner === undefined) throw new ActorError(16, `actor ${id} is not a miner`)
  return miner
}

function requireControl(miner: MinerRecord, caller: bigint): void {
  if (caller !== miner.owner && caller !== miner.worker && !miner.control.includes(caller)) {
    throw new ActorError(18, `caller ${caller} is not the miner's owner, worker or a control address`)
  }
}

/** PreCommitSector: records the sector once the market accepts its deals. */
export function preCommitSector(
  state: ChainState,
  ctx: ExecutionContext,
  minerId: bigint,
  caller: bigint,
  params: { sectorNumber: bigint; sealedCid: CID; dealIds: readonly bigint[]; expiration: number },
): void {
  const miner = minerOf(state, minerId)
  requireControl(miner, caller)
  if (miner.preCommits.has(params.sectorNumber) || miner.sectors.has(params.sectorNumber)) {
    throw new ActorError(16, `sector ${params.sectorNumber} is already allocated`)
  }
  if (params.expiration <= ctx.epoch) throw new ActorError(16, 'sector expiration is in the past')
  verifyDealsForActivation(state, ctx, minerId, params.dealIds, params.expiration, miner.sectorSize)
  miner.preCommits.set(params.sectorNumber, { ...params, preCommitEpoch: ctx.epoch })
}

/** ProveCommitSector: moves the sector to proven and activates its deals, all or nothing. */
export function proveCommitSector(
  state: ChainState,
  ctx: ExecutionContext,
  minerId: bigint,
  caller: bigint,
  sectorNumber: bigint,
): void {
  const miner = minerOf(state, minerId)
  requireControl(miner, caller)
  const preCommit = miner.preCommits.get(sectorNumber)
  if (preCommit === undefined) throw new ActorError(17, `sector ${sectorNumber} is not pre-committed`)
  if (ctx.epoch <= preCommit.preCommitEpoch) throw new ActorError(16, 'prove-commit in the pre-commit epoch')
  activateDeals(state, ctx, minerId, sectorNumber, preCommit.dealIds, preCommit.expiration, miner.sectorSize)
  miner.preCommits.delete(sectorNumber)
  miner.sectors.set(sectorNumber, {
    sectorNumber,
    dealIds: preCommit.dealIds,
    activation: ctx.epoch,
    expiration: preCommit.expiration,
  })
}

/** TerminateSectors: removes proven sectors and has the market slash their unfinished deals. */
export function terminateSectors(
  state: ChainState,
  ctx: ExecutionContext,
  minerId: bigint,
  caller: bigint,
  sectorNumbers: readonly bigint[],
): void {
  const miner = minerOf(state, minerId)
  if (caller !== miner.owner && caller !== miner.worker) {
    throw new ActorError(18, `caller ${caller} is not the miner's owner or worker`)
  }
  const dealIds: bigint[] = []
  for (const number of sectorNumbers) {
    const sector = miner.sectors.get(number)
    if (sector === undefined) throw new ActorError(17, `sector ${number} is not proven`)
    dealIds.push(...sector.dealIds)
  }
  for (const number of sectorNumbers) miner.sectors.delete(number)
  onMinerSectorsTerminate(state, ctx, dealIds)
}
