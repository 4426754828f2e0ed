import type { CID } from 'multiformats/cid'
import { NotEnoughFundsError } from '../../../src/errors.ts'
import type { ProviderState, StorageProvider } from '../../../src/provider/index.ts'
import { untilAborted } from '../../fakes/provider-faults.ts'
import { type ProviderWorld, START_EPOCH } from '../../fakes/provider-world.ts'
import type { Proposed } from '../provider-harness.ts'
import type { Transition } from './paths.ts'

/** What a plan works with while one path is driven. */
export interface Driver {
  readonly world: ProviderWorld
  readonly provider: StorageProvider
  /** The client's side of the deal, once proposed. */
  proposed: Proposed | undefined
  readonly propose: () => Promise<void>
  readonly addFundsCid: CID
}

/** How the driver makes a deal take one transition. */
export interface Plan {
  /** Configure the fakes as the deal enters the source state, before its entry function runs. */
  readonly arrange?: (d: Driver) => void
  /** Done by the driver once the deal is in the source state (an event from outside). */
  readonly act?: (d: Driver) => Promise<void>
  /** Repeat `act` each round until the transition is taken (for idempotent acts). */
  readonly repeat?: boolean
}

/** Put every fake back to its default behaviour. */
export function resetFakes({ world, proposed }: Driver): void {
  const { node } = world
  for (const faults of [
    node.faults,
    world.staging.faults,
    world.pieceDirectory.faults,
    proposed?.stream.faults,
  ]) {
    faults?.heal()
  }
  node.signaturesValid = undefined
  node.addFundsCid = undefined
  node.exitCode = 0
  node.publishOutcomes.length = 0
  node.preCommit = { sectorNumber: 10n, isActive: false }
  node.commit = undefined
  node.completion = 'hold'
  world.filter = () => ({ accept: true })
}

/** Keeps a state's entry function from finishing, so an outside event can be applied there. */
const HOLD: Partial<Record<ProviderState, (d: Driver) => void>> = {
  StorageDealValidating: ({ world }) => void world.node.faults.block('getChainHead'),
  StorageDealAcceptWait: ({ world }) => {
    world.filter = (_deal, _provider, { signal }) => untilAborted(signal)
  },
  StorageDealRejecting: ({ proposed }) => void proposed?.stream.faults.block('writeDealResponse'),
  StorageDealVerifyData: ({ world }) => void world.staging.faults.block('finalize'),
  StorageDealReserveProviderFunds: ({ world }) => void world.node.faults.block('getChainHead'),
  StorageDealProviderFunding: ({ world }) => void world.node.faults.block('waitForMessage'),
  StorageDealPublishing: ({ world }) => void world.node.faults.block('waitForPublishDeals'),
  StorageDealStaged: ({ world }) => void world.staging.faults.block('size'),
  StorageDealAwaitingPreCommit: ({ world }) => {
    world.node.preCommit = 'hold'
  },
  StorageDealSealing: ({ world }) => {
    world.node.commit = 'hold'
  },
  StorageDealFinalizing: ({ world }) => void world.staging.faults.block('delete'),
  StorageDealFailing: ({ world }) => void world.staging.faults.block('delete'),
}

const cidOf = (d: Driver): CID => {
  if (d.proposed === undefined) throw new Error('no deal proposed')
  return d.proposed.proposalCid
}
const emit = (type: Parameters<ProviderWorld['dataTransfer']['emit']>[0]) => async (d: Driver) => {
  if (d.proposed === undefined) throw new Error('no deal proposed')
  d.world.dataTransfer.emit(type, d.proposed.channel, d.proposed.proposalCid, 'connection reset')
}

/** Events that come from outside the deal's entry functions, and how the driver sends them. */
const OUTSIDE: Record<string, (d: Driver) => Promise<void>> = {
  ProviderEventOpen: (d) => d.propose(),
  ProviderEventRestart: async (d) => void (await d.provider.retryDealPublishing(cidOf(d))),
  ProviderEventDataTransferInitiated: emit('opened'),
  ProviderEventDataTransferRestarted: emit('restarted'),
  ProviderEventDataTransferFailed: emit('failed'),
  ProviderEventDataTransferStalled: emit('stalled'),
  ProviderEventDataTransferCancelled: emit('cancelled'),
  ProviderEventDataTransferCompleted: async (d) => {
    const { world, proposed } = d
    if (proposed === undefined) throw new Error('no deal proposed')
    await world.dataTransfer.push(proposed.channel, proposed.proposalCid, world.root, world.payload)
    world.dataTransfer.emit('completed', proposed.channel, proposed.proposalCid)
  },
  ProviderEventAwaitTransferRestartTimeout: (d) => d.world.clock.advance(3_600_000),
  // The chain reaches the start epoch; the next deadline sweep fails the deal.
  ProviderEventDataDeadlinePassed: async (d) => {
    d.world.node.head = { ...d.world.node.head, epoch: START_EPOCH }
    await d.world.clock.advance(30_000)
  },
}

const flush: Plan['act'] = async (d) => d.provider.publishPendingNow()

/** How entry functions are made to produce each event (keys: `source|event`). */
const INSIDE: Record<string, Plan> = {
  'StorageDealValidating|ProviderEventDealRejected': {
    arrange: (d) => {
      d.world.node.signaturesValid = false
    },
  },
  'StorageDealAcceptWait|ProviderEventDealRejected': {
    arrange: (d) => {
      d.world.filter = () => ({ accept: false, reason: 'not today' })
    },
  },
  'StorageDealAcceptWait|ProviderEventSendResponseFailed': {
    arrange: (d) => void d.proposed?.stream.faults.fail('writeDealResponse'),
  },
  'StorageDealRejecting|ProviderEventSendResponseFailed': {
    arrange: (d) => void d.proposed?.stream.faults.fail('writeDealResponse'),
  },
  'StorageDealVerifyData|ProviderEventDataVerificationFailed': {
    arrange: (d) => void d.world.staging.faults.fail('finalize'),
  },
  'StorageDealReserveProviderFunds|ProviderEventFundingInitiated': {
    arrange: (d) => {
      d.world.node.addFundsCid = d.addFundsCid
    },
  },
  'StorageDealReserveProviderFunds|ProviderEventNodeErrored': {
    arrange: (d) => void d.world.node.faults.fail('reserveFunds'),
  },
  'StorageDealProviderFunding|ProviderEventNodeErrored': {
    arrange: (d) => {
      d.world.node.exitCode = 19
    },
  },
  'StorageDealPublish|ProviderEventDealPublishInitiated': { act: flush, repeat: true },
  'StorageDealPublish|ProviderEventNodeErrored': {
    arrange: (d) => void d.world.node.publishOutcomes.push(new Error('mpool full')),
    act: flush,
    repeat: true,
  },
  'StorageDealPublish|ProviderEventInsufficientFunds': {
    arrange: (d) => void d.world.node.publishOutcomes.push(new NotEnoughFundsError()),
    act: flush,
    repeat: true,
  },
  // The node refuses the release at publish (the reservation stays on the record): the deal asks
  // again when it becomes Active (FundsReleased there) or when it fails (FundsReleased in Failing).
  'StorageDealPublishing|ProviderEventDealPublished': {
    arrange: (d) => void d.world.node.faults.fail('releaseFunds'),
  },
  // FailDeal throws (a refused release is asked again, never ends the deal): the deal ends in Error.
  'StorageDealFailing|ProviderEventNodeErrored': {
    arrange: (d) => void d.world.network.faults.fail('untagPeer'),
  },
  'StorageDealPublishing|ProviderEventDealPublishError': {
    arrange: (d) => void d.world.node.faults.fail('waitForPublishDeals'),
  },
  'StorageDealStaged|ProviderEventFileStoreErrored': {
    arrange: (d) => void d.world.staging.faults.fail('size'),
  },
  'StorageDealStaged|ProviderEventDealHandoffFailed': {
    arrange: (d) => void d.world.node.faults.fail('onDealComplete'),
  },
  'StorageDealStaged|ProviderEventPieceStoreErrored': {
    arrange: (d) => void d.world.pieceDirectory.faults.fail('addDealForPiece'),
  },
  'StorageDealAwaitingPreCommit|ProviderEventDealActivated': {
    arrange: (d) => {
      d.world.node.preCommit = { isActive: true }
    },
  },
  'StorageDealAwaitingPreCommit|ProviderEventDealPrecommitFailed': {
    arrange: (d) => {
      d.world.node.preCommit = new Error('sector lost')
    },
  },
  'StorageDealSealing|ProviderEventDealActivationFailed': {
    arrange: (d) => {
      d.world.node.commit = new Error('proof failed')
    },
  },
  'StorageDealFinalizing|ProviderEventFileStoreErrored': {
    arrange: (d) => void d.world.staging.faults.fail('delete'),
  },
  'StorageDealActive|ProviderEventDealExpired': {
    arrange: (d) => {
      d.world.node.completion = { expired: true }
    },
  },
  'StorageDealActive|ProviderEventDealSlashed': {
    arrange: (d) => {
      d.world.node.completion = { slashEpoch: 5 }
    },
  },
  'StorageDealActive|ProviderEventDealCompletionFailed': {
    arrange: (d) => {
      d.world.node.completion = { expiredError: new Error('state lookup failed') }
    },
  },
}

/** The plan for one transition: the source state held and an outside act, or fakes arranged. */
export function planFor(t: Transition): Plan {
  const outside =
    t.from === 'StorageDealWaitingForData' && t.event === 'ProviderEventVerifiedData'
      ? async (d: Driver) => d.provider.importDataForDeal(cidOf(d), d.world.payload)
      : OUTSIDE[t.event]
  if (outside !== undefined) return { arrange: HOLD[t.from] ?? (() => undefined), act: outside }
  return INSIDE[`${t.from}|${t.event}`] ?? {}
}
