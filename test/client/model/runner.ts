import type { CID } from 'multiformats/cid'
import type { TransferEventType } from '../../../src/adapters/data-transfer.ts'
import type { ClientState, StorageClient } from '../../../src/client/index.ts'
import type { ClientDeal } from '../../../src/market/index.ts'
import { clientAddress, clientPeer, dataRef, minerPeer, providerInfo } from '../fixtures.ts'
import { type ClientFakes, createFakes, POLLING_INTERVAL_MS, settle, startClient } from '../setup.ts'
import { type Transition, type TransitionPath, transitionKey } from './paths.ts'
import { recipeFor } from './recipes.ts'

/** The deal proposed on every path. */
export const proposal = {
  client: clientAddress,
  provider: providerInfo(),
  data: dataRef(),
  startEpoch: 200,
  endEpoch: 200 + 518_400,
  pricePerEpoch: 10_000n,
}

/** The channel every fake transfer event is about. */
export const CHANNEL = { initiator: clientPeer, responder: minerPeer, id: 1n }

/**
 * One deal driven through the real StorageClient on fresh fakes. Every applied event is recorded
 * from the client's notifications, across restarts, with the state it was applied in.
 */
export class DealDriver {
  readonly fakes: ClientFakes = createFakes()
  readonly applied: Transition[] = []
  readonly errors: Error[] = []
  state: ClientState = 'StorageDealUnknown'
  proposalCid: CID | undefined
  #client: StorageClient | undefined

  get client(): StorageClient {
    if (this.#client === undefined) throw new Error('the client is not started')
    return this.#client
  }

  async start(): Promise<void> {
    const running = await startClient(this.fakes, {}, (client) => {
      client.subscribe((event, deal) => {
        this.applied.push({ from: this.state, event: event.type })
        this.state = deal.State as ClientState
      })
    })
    running.client.onError((error) => this.errors.push(error))
    this.#client = running.client
  }

  /** Stop the client and start a new one on the same datastore: unfinished deals restart. */
  async restart(): Promise<void> {
    await this.client.stop()
    await this.start()
  }

  async stop(): Promise<void> {
    await this.#client?.stop()
    this.#client = undefined
  }

  async propose(): Promise<void> {
    this.proposalCid = (await this.client.proposeStorageDeal(proposal)).proposalCid
  }

  /** Propose while the write that opens the deal fails: the record stays in StorageDealUnknown. */
  async proposeAndCrash(): Promise<void> {
    this.fakes.datastore.failWriteAfter(1)
    await this.client.proposeStorageDeal(proposal).then(
      () => {
        throw new Error('the write after begin should have failed')
      },
      () => undefined,
    )
    this.proposalCid = (await this.deal()).ProposalCid
  }

  emit(type: TransferEventType): void {
    if (this.proposalCid === undefined) throw new Error('a transfer event before any proposal')
    this.fakes.dataTransfer.emit(type, this.proposalCid, {
      channel: CHANNEL,
      message: 'reported by the fake',
    })
  }

  async deal(): Promise<ClientDeal> {
    const [deal] = await this.client.listLocalDeals()
    if (deal === undefined) throw new Error('no deal')
    return deal
  }

  /**
   * Script the fakes for every step of `path`, then take the steps in order, each once the deal
   * stands in its source state: by itself (the entry function acts), or by what the outside world
   * does (a restart, a transfer event, time passing).
   */
  async run(path: TransitionPath): Promise<void> {
    for (const step of path) recipeFor(step).script?.(this.fakes)
    for (const [index, step] of path.entries()) {
      await this.until(
        () => isSubsequence(path.slice(0, index), this.applied),
        `step ${index} of ${pathName(path)}`,
      )
      const { drive } = recipeFor(step)
      if (drive === 'propose') await this.propose()
      else if (drive === 'restart') {
        if (step.from === 'StorageDealUnknown') await this.proposeAndCrash()
        await this.restart()
      } else if (drive === 'poll') {
        await settle(this.fakes)
        await this.fakes.clock.advance(POLLING_INTERVAL_MS)
      } else if (typeof drive === 'object') {
        await settle(this.fakes)
        this.emit(drive.transfer)
      }
    }
    await this.until(() => isSubsequence(path, this.applied), `the end of ${pathName(path)}`)
  }

  /** Play the transfer and let the deal run on until it is final. */
  async finish(): Promise<ClientState> {
    const next: Partial<Record<ClientState, TransferEventType>> = {
      StorageDealStartDataTransfer: 'accepted',
      StorageDealTransferQueued: 'initiated',
      StorageDealTransferring: 'completed',
      StorageDealClientTransferRestart: 'restarted',
    }
    for (let round = 0; round < 40 && !this.isFinal(); round++) {
      await settle(this.fakes)
      const event = next[this.state]
      if (event !== undefined) this.emit(event)
      await this.fakes.clock.advance(POLLING_INTERVAL_MS)
    }
    return this.state
  }

  isFinal(): boolean {
    return ['StorageDealExpired', 'StorageDealSlashed', 'StorageDealError'].includes(this.state)
  }

  async until(done: () => boolean, what: string): Promise<void> {
    for (let round = 0; round < 50; round++) {
      if (done()) return
      await settle(this.fakes, 1)
    }
    throw new Error(`never reached ${what} (deal in ${this.state})`)
  }
}

/** Run one path, then let the deal go on until nothing moves, so later transitions count too. */
export async function runPath(path: TransitionPath): Promise<DealDriver> {
  const driver = new DealDriver()
  await driver.start()
  await driver.run(path)
  await settle(driver.fakes, 10)
  await driver.stop()
  return driver
}

/** True when `steps` occur in `applied` in order (other events may come between). */
export function isSubsequence(steps: readonly Transition[], applied: readonly Transition[]): boolean {
  let i = 0
  for (const t of applied)
    if (i < steps.length && transitionKey(t) === transitionKey(steps[i] as Transition)) i++
  return i === steps.length
}

/** A path as `Open > FundingComplete > …`. */
export function pathName(path: TransitionPath): string {
  return path.map((t) => t.event.replace('ClientEvent', '')).join(' > ')
}
