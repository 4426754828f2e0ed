/**
 * The simulated sealing miners: off-chain processes that pack handed-off deals into sectors, send
 * PreCommitSector some epochs later and ProveCommitSector some epochs after the pre-commit landed.
 * Their progress is not chain state, so a reorg does not undo it: like a real sealing pipeline they
 * only watch their own messages, which a reorg re-executes.
 *
 * @module
 */
import * as dagCbor from '@ipld/dag-cbor'
import { lotusCid } from 'iso-filecoin/utils'
import { CID } from 'multiformats/cid'
import { AdapterError, MarketDealNotFoundError, NotEnoughFundsError } from '../../errors.ts'
import type { Network } from '../../market/index.ts'
import type { ChainMessage, SignedMessage } from '../chain.ts'
import type { PackingResult } from '../node.ts'
import { idFromAddress, toIdAddress } from './accounts.ts'
import type { MessageExecution } from './message-pool.ts'
import type { ChainState } from './state.ts'

/** Epochs between the steps of sealing. */
export interface SealingDelays {
  /** From the first hand-off into a sector to sending its pre-commit. @default 2 */
  readonly preCommitDelay: number
  /** From the pre-commit landing to sending the prove-commit. @default 3 */
  readonly proveCommitDelay: number
}

/** Where a sector is in its sealing. */
export type SectorStage = 'packing' | 'pre-committing' | 'waiting-to-prove' | 'proving' | 'proven' | 'failed'

/** One sector being sealed. */
export interface SectorJob {
  readonly miner: bigint
  readonly sectorNumber: bigint
  readonly pieces: readonly { readonly dealId: bigint; readonly offset: number; readonly size: number }[]
  readonly used: number
  readonly expiration: number
  readonly stage: SectorStage
  /** Epoch the next step is due. */
  readonly due: number
  /** The CID of the step's message while it is in flight. */
  readonly messageCid: string | undefined
}

/** What a sealing step needs from the chain. */
export interface SealingHost {
  readonly state: ChainState
  readonly network: Network
  push(message: ChainMessage): SignedMessage
  execution(cid: string): MessageExecution | undefined
}

/** All miners' sealing jobs. */
export class SealingPipeline {
  #jobs: SectorJob[] = []
  /** Where each handed-off deal was packed, so a repeated hand-off is a lookup, not a scan of every piece. */
  #placed = new Map<bigint, PackingResult>()
  readonly nextSector = new Map<bigint, bigint>()

  constructor(readonly delays: SealingDelays) {}

  /** The sectors being sealed (or sealed); setting them (a restore) re-indexes their pieces. */
  get jobs(): SectorJob[] {
    return this.#jobs
  }

  set jobs(jobs: SectorJob[]) {
    this.#jobs = jobs
    this.#placed = new Map()
    for (const job of jobs)
      for (const piece of job.pieces)
        this.#placed.set(piece.dealId, {
          sectorNumber: job.sectorNumber,
          offset: piece.offset,
          size: piece.size,
        })
  }

  /**
   * Packs a published deal of `miner` into its open sector at `head`; a deal handed off before
   * gets the sector and offset it was given then.
   */
  handOff(state: ChainState, miner: bigint, dealId: bigint, head: number): PackingResult {
    const deal = state.market.deals.get(dealId)
    if (deal === undefined) throw new MarketDealNotFoundError(dealId)
    if (idFromAddress(deal.proposal.Provider) !== miner)
      throw new AdapterError(`deal ${dealId} is not for miner ${miner}`)
    const sectorSize = Number(state.miners.get(miner)?.sectorSize ?? 0n)
    const size = deal.proposal.PieceSize
    if (size > sectorSize)
      throw new AdapterError(`piece of ${size} bytes does not fit a ${sectorSize}-byte sector`)
    // A hand-off repeated (the market restarted before recording the first one's answer) gets the
    // same answer: a deal is packed into one sector only.
    const placed = this.#placed.get(dealId)
    if (placed !== undefined) return { ...placed }
    const aligned = (used: number): number => Math.ceil(used / size) * size
    let index = this.jobs.findIndex(
      (job) => job.miner === miner && job.stage === 'packing' && aligned(job.used) + size <= sectorSize,
    )
    if (index < 0) {
      const sectorNumber = this.nextSector.get(miner) ?? 1n
      this.nextSector.set(miner, sectorNumber + 1n)
      const due = head + Math.max(1, this.delays.preCommitDelay)
      this.jobs.push({
        miner,
        sectorNumber,
        pieces: [],
        used: 0,
        expiration: 0,
        stage: 'packing',
        due,
        messageCid: undefined,
      })
      index = this.jobs.length - 1
    }
    const job = this.jobs[index] as SectorJob
    const offset = aligned(job.used)
    this.jobs[index] = {
      ...job,
      pieces: [...job.pieces, { dealId, offset, size }],
      used: offset + size,
      expiration: Math.max(job.expiration, deal.proposal.EndEpoch),
    }
    this.#placed.set(dealId, { sectorNumber: job.sectorNumber, offset, size })
    return { sectorNumber: job.sectorNumber, offset, size }
  }

  /** Moves every sector along at `epoch`, after that epoch's messages executed. */
  step(host: SealingHost, epoch: number): void {
    // Pieces never change here, so the index stays as it is.
    this.#jobs = this.#jobs.map((job) => this.#advance(host, epoch, job))
  }

  #advance(host: SealingHost, epoch: number, job: SectorJob): SectorJob {
    const miner = toIdAddress(job.miner, host.network)
    const worker = host.state.miners.get(job.miner)?.worker
    if (worker === undefined) return { ...job, stage: 'failed' }
    const from = toIdAddress(worker, host.network)
    const landed = job.messageCid === undefined ? undefined : host.execution(job.messageCid)
    switch (job.stage) {
      case 'packing': {
        if (epoch < job.due) return job
        const sealedCid = CID.decode(lotusCid(dagCbor.encode(['sealed', job.miner, job.sectorNumber])))
        const dealIds = job.pieces.map((piece) => piece.dealId)
        const params = { sectorNumber: job.sectorNumber, sealedCid, dealIds, expiration: job.expiration }
        return this.#send(
          host,
          job,
          { kind: 'PreCommitSector', from, to: miner, value: 0n, params },
          'pre-committing',
        )
      }
      case 'pre-committing':
        if (landed === undefined) return job
        if (landed.receipt.exitCode !== 0) return { ...job, stage: 'failed', messageCid: undefined }
        return {
          ...job,
          stage: 'waiting-to-prove',
          due: landed.height + this.delays.proveCommitDelay,
          messageCid: undefined,
        }
      case 'waiting-to-prove': {
        if (epoch < job.due) return job
        const params = { sectorNumber: job.sectorNumber }
        return this.#send(
          host,
          job,
          { kind: 'ProveCommitSector', from, to: miner, value: 0n, params },
          'proving',
        )
      }
      case 'proving':
        if (landed === undefined) return job
        return { ...job, stage: landed.receipt.exitCode === 0 ? 'proven' : 'failed', messageCid: undefined }
      default:
        return job
    }
  }

  #send(host: SealingHost, job: SectorJob, message: ChainMessage, next: SectorStage): SectorJob {
    try {
      return { ...job, stage: next, messageCid: host.push(message).cid.toString() }
    } catch (error) {
      // A worker that cannot pay yet tries again next epoch, as a sealing pipeline would.
      if (error instanceof NotEnoughFundsError) return job
      return { ...job, stage: 'failed' }
    }
  }
}
