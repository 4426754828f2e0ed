import type { TransferEventType } from '../../../src/adapters/data-transfer.ts'
import type { ClientEventType, ClientState } from '../../../src/client/index.ts'
import { fails, hangs, returns } from '../../fakes/client-program.ts'
import { testCid } from '../fixtures.ts'
import type { ClientFakes } from '../setup.ts'
import type { Transition } from './paths.ts'

/**
 * How a transition is produced for real. `script` programs the fakes before the deal enters the
 * source state, so that the state's own entry function triggers the event; `drive` says what the
 * test does once the deal is there: nothing (the entry function acts), advance the clock by one
 * polling interval, restart the client, or report a transfer event, as the outside world would.
 */
export interface Recipe {
  readonly script?: (fakes: ClientFakes) => void
  readonly drive: 'entry' | 'poll' | 'restart' | 'propose' | { readonly transfer: TransferEventType }
}

const entry = (script?: (fakes: ClientFakes) => void): Recipe =>
  script ? { script, drive: 'entry' } : { drive: 'entry' }
const transfer = (type: TransferEventType): Recipe => ({ drive: { transfer: type } })

// What keeps each state's entry function from moving on by itself while the outside acts.
const WAIT_IN: Partial<Record<ClientState, (fakes: ClientFakes) => void>> = {
  StorageDealReserveClientFunds: (f) => f.node.program.next('reserveFunds', hangs),
  StorageDealClientFunding: (f) => f.node.program.next('waitForMessage', hangs),
  StorageDealFundsReserved: (f) => f.network.program.next('newDealStream', hangs),
  StorageDealCheckForAcceptance: (f) =>
    f.network.program.next('queryDealStatus', returns({ State: 'StorageDealVerifyData' })),
  StorageDealProposalAccepted: (f) => f.node.program.next('validatePublishedDeal', hangs),
  StorageDealAwaitingPreCommit: (f) => f.node.program.next('onDealSectorPreCommitted', hangs),
  StorageDealSealing: (f) => f.node.program.next('onDealSectorCommitted', hangs),
  StorageDealActive: (f) => f.node.program.next('onDealExpiredOrSlashed', hangs),
  StorageDealFailing: (f) => f.blockstore.program.next('clean', hangs),
}

const BY_EVENT: Partial<Record<ClientEventType, Recipe>> = {
  ClientEventOpen: { drive: 'propose' },
  ClientEventRestart: { drive: 'restart' },
  ClientEventDataTransferInitiated: transfer('initiated'),
  ClientEventDataTransferRestarted: transfer('restarted'),
  ClientEventDataTransferComplete: transfer('completed'),
  ClientEventDataTransferStalled: transfer('stalled'),
  ClientEventDataTransferCancelled: transfer('cancelled'),
  ClientEventDataTransferQueued: transfer('accepted'),
  ClientEventWaitForDealState: {
    script: (f) => f.network.program.next('queryDealStatus', returns({ State: 'StorageDealVerifyData' })),
    drive: 'poll',
  },
}

const BY_TRANSITION: Readonly<Record<string, Recipe>> = {
  'StorageDealReserveClientFunds + ClientEventFundingInitiated': entry((f) =>
    f.node.program.next('reserveFunds', returns(testCid('add funds message'))),
  ),
  'StorageDealReserveClientFunds + ClientEventReserveFundsFailed': entry((f) =>
    f.node.program.next('reserveFunds', fails('wallet empty')),
  ),
  'StorageDealClientFunding + ClientEventReserveFundsFailed': entry((f) =>
    f.node.program.next(
      'waitForMessage',
      returns({ exitCode: 19, returnValue: new Uint8Array(), finalCid: testCid('m') }),
    ),
  ),
  'StorageDealFundsReserved + ClientEventWriteProposalFailed': entry((f) =>
    f.network.program.next('writeDealProposal', fails('stream reset')),
  ),
  'StorageDealFundsReserved + ClientEventReadResponseFailed': entry((f) =>
    f.network.program.next('readDealResponse', fails('unexpected EOF')),
  ),
  'StorageDealFundsReserved + ClientEventResponseVerificationFailed': entry((f) =>
    f.node.program.next('verifySignature', returns(false)),
  ),
  'StorageDealFundsReserved + ClientEventResponseDealDidNotMatch': entry((f) =>
    f.network.program.next('readDealResponse', returns({ Proposal: testCid('another proposal') })),
  ),
  'StorageDealFundsReserved + ClientEventUnexpectedDealState': entry((f) =>
    f.network.program.next(
      'readDealResponse',
      returns({ State: 'StorageDealProposalRejected', Message: 'no' }),
    ),
  ),
  'StorageDealFundsReserved + ClientEventStreamCloseError': entry((f) =>
    f.network.program.next('close', fails('close')),
  ),
  'StorageDealStartDataTransfer + ClientEventDataTransferFailed': entry((f) =>
    f.dataTransfer.program.next('startPush', fails('refused')),
  ),
  'StorageDealTransferring + ClientEventDataTransferFailed': transfer('failed'),
  'StorageDealTransferQueued + ClientEventDataTransferFailed': transfer('failed'),
  'StorageDealClientTransferRestart + ClientEventDataTransferRestartFailed': entry((f) =>
    f.dataTransfer.program.next('restart', fails('channel gone')),
  ),
  'StorageDealCheckForAcceptance + ClientEventDealRejected': entry((f) =>
    f.network.program.next('queryDealStatus', returns({ State: 'StorageDealFailing', Message: 'bad data' })),
  ),
  'StorageDealCheckForAcceptance + ClientEventResponseDealDidNotMatch': entry((f) =>
    f.network.program.next('queryDealStatus', returns({ ProposalCid: testCid('another proposal') })),
  ),
  'StorageDealProposalAccepted + ClientEventDealPublishFailed': entry((f) =>
    f.node.program.next('validatePublishedDeal', fails('not on chain')),
  ),
  'StorageDealAwaitingPreCommit + ClientEventDealActivated': entry((f) =>
    f.node.program.next('onDealSectorPreCommitted', returns({ isActive: true })),
  ),
  'StorageDealAwaitingPreCommit + ClientEventDealPrecommitFailed': entry((f) =>
    f.node.program.next('onDealSectorPreCommitted', fails('lookup failed')),
  ),
  'StorageDealSealing + ClientEventDealActivationFailed': entry((f) =>
    f.node.program.next('onDealSectorCommitted', returns(new Error('proof failed'))),
  ),
  // The node refuses the release at publish (the first one of the path): Active asks again.
  'StorageDealActive + ClientEventFundsReleased': entry((f) =>
    f.node.program.next('releaseFunds', fails('node busy')),
  ),
  'StorageDealActive + ClientEventDealSlashed': entry((f) =>
    f.node.program.next('onDealExpiredOrSlashed', returns({ slashEpoch: 9 })),
  ),
  'StorageDealActive + ClientEventDealCompletionFailed': entry((f) =>
    f.node.program.next('onDealExpiredOrSlashed', fails('watch failed')),
  ),
}

/**
 * The recipe of a transition: its own if it has one, else its event's (external events, polls),
 * else the entry function's default behaviour on the fakes. An external event in a state whose
 * entry function would move on by itself first makes that function wait.
 */
export function recipeFor(transition: Transition): Recipe {
  const own =
    BY_TRANSITION[`${transition.from} + ${transition.event}`] ?? BY_EVENT[transition.event] ?? entry()
  const wait = WAIT_IN[transition.from]
  if (own.drive === 'entry' || own.drive === 'poll' || wait === undefined) return own
  if (own.drive === 'propose') return own
  return { ...own, script: (f) => wait(f) }
}
