import { CID } from 'multiformats/cid'
import { beforeAll, describe, expect, it } from 'vitest'
import { InvalidTransitionError } from '../../src/errors.ts'
import { encodeMinerDeal, type MinerDeal, PROVIDER_EVENTS } from '../../src/market/index.ts'
import { PROVIDER_EVENTS_BEYOND_REFERENCE } from '../../src/provider/events.ts'
import {
  EventText,
  PROVIDER_EVENTS_WITHOUT_TRANSITIONS,
  PROVIDER_FINAL_STATES,
  PROVIDER_STATES,
  type ProviderEvent,
  type ProviderState,
  providerMachine,
} from '../../src/provider/index.ts'
import { dataDeadlineMessage, wrap } from '../../src/provider/messages.ts'
import { createProviderWorld } from '../fakes/provider-world.ts'
import { sampleEvent } from './samples.ts'

/** Short state names: the StorageDeal prefix is implied. */
type Short<S extends string> = S extends `StorageDeal${infer R}` ? R : never
type Row = Partial<Record<Short<ProviderState>, Short<ProviderState>>>

const NON_FINAL = PROVIDER_STATES.filter((s) => !(PROVIDER_FINAL_STATES as readonly string[]).includes(s))
const short = (state: string): Short<ProviderState> =>
  state.slice('StorageDeal'.length) as Short<ProviderState>
const from = (states: readonly Short<ProviderState>[], to: Short<ProviderState> | 'same'): Row =>
  Object.fromEntries(states.map((s) => [s, to === 'same' ? s : to]))

/** The expected table, written out independently of the implementation (destination per source). */
const EXPECTED: Record<string, Row> = {
  ProviderEventOpen: { Unknown: 'Validating' },
  ProviderEventNodeErrored: {
    ...from(['ReserveProviderFunds', 'ProviderFunding', 'Publish'], 'Failing'),
    Failing: 'Error',
  },
  ProviderEventDealDeciding: { Validating: 'AcceptWait' },
  ProviderEventDealRejected: from(['Validating', 'AcceptWait'], 'Rejecting'),
  ProviderEventRejectionSent: { Rejecting: 'Failing' },
  ProviderEventInsufficientFunds: { Publish: 'Publish' },
  ProviderEventFundsReserved: { ReserveProviderFunds: 'ReserveProviderFunds' },
  ProviderEventFundsReleased: from(['Publishing', 'Failing', 'Active'], 'same'),
  ProviderEventFundingInitiated: { ReserveProviderFunds: 'ProviderFunding' },
  ProviderEventFunded: from(['ProviderFunding', 'ReserveProviderFunds'], 'Publish'),
  ProviderEventDataTransferFailed: from(
    ['WaitingForData', 'Transferring', 'ProviderTransferAwaitRestart'],
    'Failing',
  ),
  ProviderEventDataRequested: { AcceptWait: 'WaitingForData' },
  ProviderEventDataTransferInitiated: from(
    ['WaitingForData', 'ProviderTransferAwaitRestart'],
    'Transferring',
  ),
  ProviderEventDataTransferRestarted: from(
    ['WaitingForData', 'ProviderTransferAwaitRestart', 'Transferring'],
    'Transferring',
  ),
  ProviderEventDataTransferCompleted: from(['Transferring', 'ProviderTransferAwaitRestart'], 'VerifyData'),
  ProviderEventDataVerificationFailed: { VerifyData: 'Failing' },
  ProviderEventVerifiedData: from(['VerifyData', 'WaitingForData'], 'ReserveProviderFunds'),
  ProviderEventSendResponseFailed: from(['AcceptWait', 'Rejecting'], 'Failing'),
  ProviderEventDealPublishInitiated: { Publish: 'Publishing' },
  ProviderEventDealPublished: { Publishing: 'Staged' },
  ProviderEventDealPublishError: { Publishing: 'Failing' },
  ProviderEventFileStoreErrored: { Staged: 'Failing', Finalizing: 'Active' },
  ProviderEventDealHandoffFailed: { Staged: 'Failing' },
  ProviderEventDealHandedOff: { Staged: 'AwaitingPreCommit' },
  ProviderEventDealPrecommitFailed: { AwaitingPreCommit: 'Failing' },
  ProviderEventDealPrecommitted: { AwaitingPreCommit: 'Sealing' },
  ProviderEventDealActivationFailed: { Sealing: 'Failing' },
  ProviderEventDealActivated: from(['AwaitingPreCommit', 'Sealing'], 'Finalizing'),
  ProviderEventPieceStoreErrored: { Staged: 'Staged' },
  ProviderEventFinalized: { Finalizing: 'Active' },
  ProviderEventDealCompletionFailed: { Active: 'Error' },
  ProviderEventDealExpired: { Active: 'Expired' },
  ProviderEventDealSlashed: { Active: 'Slashed' },
  ProviderEventFailed: { Failing: 'Error' },
  ProviderEventRestart: {
    ...from(NON_FINAL.map(short), 'same'),
    Transferring: 'ProviderTransferAwaitRestart',
    Unknown: 'Validating',
  },
  ProviderEventDataTransferStalled: from(['Transferring', 'ProviderTransferAwaitRestart'], 'same'),
  ProviderEventDataTransferCancelled: from(
    ['WaitingForData', 'Transferring', 'ProviderTransferAwaitRestart'],
    'Failing',
  ),
  ProviderEventAwaitTransferRestartTimeout: { ProviderTransferAwaitRestart: 'Failing' },
  // Beyond the reference: the data did not arrive before the start epoch.
  ProviderEventDataDeadlinePassed: from(
    ['WaitingForData', 'Transferring', 'ProviderTransferAwaitRestart'],
    'Failing',
  ),
}

describe('provider event table', () => {
  const deals = new Map<ProviderState, MinerDeal>()
  beforeAll(async () => {
    const world = await createProviderWorld()
    const base = await world.deal('StorageDealUnknown', { FundsReserved: 500n, Message: 'before' })
    for (const state of PROVIDER_STATES) deals.set(state, { ...base, State: state })
  })

  it('declares exactly the reference events that have transitions here, then the events beyond it', () => {
    const declared = providerMachine.table.events()
    expect(declared).toEqual(Object.keys(EXPECTED).sort((a, b) => order(a) - order(b)))
    for (const name of PROVIDER_EVENTS) {
      expect(declared.includes(name) !== Object.hasOwn(PROVIDER_EVENTS_WITHOUT_TRANSITIONS, name)).toBe(true)
    }
  })

  for (const state of PROVIDER_STATES) {
    describe(`from ${state}`, () => {
      for (const event of [...Object.keys(EXPECTED), ...Object.keys(PROVIDER_EVENTS_WITHOUT_TRANSITIONS)]) {
        const to = EXPECTED[event]?.[short(state)]
        const final = (PROVIDER_FINAL_STATES as readonly string[]).includes(state)
        if (to !== undefined && !final) {
          it(`${event} leads to StorageDeal${to}`, () => {
            const step = providerMachine.step('deal', deals.get(state) as MinerDeal, sampleEvent(event))
            expect(step.state).toBe(`StorageDeal${to}`)
            expect(step.record.State).toBe(`StorageDeal${to}`)
          })
        } else {
          it(`${event} is refused and changes nothing`, () => {
            const deal = deals.get(state) as MinerDeal
            const before = encodeMinerDeal(deal)
            expect(() => providerMachine.step('deal', deal, sampleEvent(event))).toThrow(
              InvalidTransitionError,
            )
            expect(encodeMinerDeal(deal)).toEqual(before)
          })
        }
      }
    })
  }
})

describe('provider event actions', () => {
  let deal: MinerDeal
  beforeAll(async () => {
    deal = await (await createProviderWorld()).deal('StorageDealUnknown', {
      FundsReserved: 500n,
      Message: 'old',
    })
  })
  const apply = (state: ProviderState, event: ProviderEvent) =>
    providerMachine.step('deal', { ...deal, State: state }, event).record

  it('accumulates reserved funds and subtracts released ones', () => {
    expect(
      apply('StorageDealReserveProviderFunds', { type: 'ProviderEventFundsReserved', amount: 10n })
        .FundsReserved,
    ).toBe(510n)
    expect(
      apply('StorageDealFailing', { type: 'ProviderEventFundsReleased', amount: 500n }).FundsReserved,
    ).toBe(0n)
  })

  it('records identifiers: add-funds and publish messages, deal id, sector, slash epoch', () => {
    const cid = CID.parse('bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
    expect(
      apply('StorageDealReserveProviderFunds', { type: 'ProviderEventFundingInitiated', addFundsCid: cid })
        .AddFundsCid,
    ).toBe(cid)
    const initiated = apply('StorageDealPublish', {
      type: 'ProviderEventDealPublishInitiated',
      publishCid: cid,
    })
    expect([initiated.PublishCid, initiated.Message]).toEqual([cid, ''])
    const published = apply('StorageDealPublishing', {
      type: 'ProviderEventDealPublished',
      dealId: 9,
      finalCid: cid,
    })
    expect([published.DealID, published.PublishCid]).toEqual([9, cid])
    expect(
      apply('StorageDealAwaitingPreCommit', { type: 'ProviderEventDealPrecommitted', sectorNumber: 4 })
        .SectorNumber,
    ).toBe(4)
    expect(apply('StorageDealActive', { type: 'ProviderEventDealSlashed', slashEpoch: 77 }).SlashEpoch).toBe(
      77,
    )
  })

  it('sets the messages of failures and notices', () => {
    expect(
      apply('StorageDealPublish', { type: 'ProviderEventInsufficientFunds', error: 'low' }).Message,
    ).toBe(wrap(EventText.insufficientFunds, 'low'))
    expect(apply('StorageDealTransferring', { type: 'ProviderEventDataTransferStalled' }).Message).toBe(
      EventText.transferStalled,
    )
    expect(apply('StorageDealWaitingForData', { type: 'ProviderEventDataTransferCancelled' }).Message).toBe(
      EventText.transferCancelled,
    )
    const deadline = apply('StorageDealWaitingForData', {
      type: 'ProviderEventDataDeadlinePassed',
      startEpoch: 1000,
      headEpoch: 1002,
    }).Message
    expect(deadline).toBe(dataDeadlineMessage(1000, 1002))
    expect(deadline).toContain('start epoch 1000 passed before the data arrived')
    const restarted = sampleEvent('ProviderEventDataTransferRestarted')
    expect(apply('StorageDealTransferring', restarted).Message).toBe('')
    const verified = apply('StorageDealVerifyData', {
      type: 'ProviderEventDataVerificationFailed',
      error: 'mismatch',
      piecePath: 'p',
      metadataPath: 'm',
    })
    expect([verified.Message, verified.PiecePath, verified.MetadataPath]).toEqual([
      wrap(EventText.dataVerificationFailed, 'mismatch'),
      'p',
      'm',
    ])
  })

  it('marks a handed-off deal available for retrieval', () => {
    expect(apply('StorageDealStaged', { type: 'ProviderEventDealHandedOff' }).AvailableForRetrieval).toBe(
      true,
    )
  })
})

function order(event: string): number {
  const reference = (PROVIDER_EVENTS as readonly string[]).indexOf(event)
  if (reference >= 0) return reference
  return PROVIDER_EVENTS.length + (PROVIDER_EVENTS_BEYOND_REFERENCE as readonly string[]).indexOf(event)
}
