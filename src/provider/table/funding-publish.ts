/**
 * Event table, funding and publish phase: the provider reserves its collateral (topping up its
 * market balance if needed) and publishes the deal on chain.
 *
 * @module
 */

import { JUST_RECORD } from '../../fsm/index.ts'
import { EventText, wrap } from '../messages.ts'
import type { ProviderTablePart } from './types.ts'

/** Events of the funding and publish phase. */
export const fundingPublishEvents: ProviderTablePart<
  | 'ProviderEventNodeErrored'
  | 'ProviderEventInsufficientFunds'
  | 'ProviderEventFundsReserved'
  | 'ProviderEventFundsReleased'
  | 'ProviderEventFundingInitiated'
  | 'ProviderEventFunded'
  | 'ProviderEventDealPublishInitiated'
  | 'ProviderEventDealPublished'
  | 'ProviderEventDealPublishError'
> = {
  ProviderEventNodeErrored: {
    description: 'A node call of the funding or publish steps failed (or FailDeal itself threw).',
    // The reference accepts it from any state, but only these states' entry functions produce it.
    // From Failing (FailDeal threw: a refused release is asked again instead) it ends the deal
    // instead of running FailDeal again, so cleanup cannot loop.
    transitions: [
      {
        from: ['StorageDealReserveProviderFunds', 'StorageDealProviderFunding', 'StorageDealPublish'],
        to: 'StorageDealFailing',
      },
      { from: 'StorageDealFailing', to: 'StorageDealError' },
    ],
    action: (_deal, event) => ({ Message: wrap(EventText.nodeErrored, event.error) }),
  },
  ProviderEventInsufficientFunds: {
    description: 'The publish wallet cannot pay yet; the publish is retried later (record only).',
    transitions: [{ from: 'StorageDealPublish', to: JUST_RECORD }],
    action: (_deal, event) => ({ Message: wrap(EventText.insufficientFunds, event.error) }),
  },
  ProviderEventFundsReserved: {
    description: 'Collateral was reserved for the deal (record only).',
    transitions: [{ from: 'StorageDealReserveProviderFunds', to: JUST_RECORD }],
    action: (deal, event) => ({ FundsReserved: deal.FundsReserved + event.amount }),
  },
  ProviderEventFundsReleased: {
    description: 'Reserved collateral was released (record only).',
    // Active: a release the node refused at publish, asked again before the deal ends.
    transitions: [
      { from: ['StorageDealPublishing', 'StorageDealFailing', 'StorageDealActive'], to: JUST_RECORD },
    ],
    action: (deal, event) => ({ FundsReserved: deal.FundsReserved - event.amount }),
  },
  ProviderEventFundingInitiated: {
    description: 'An add-funds message was sent; its CID is recorded.',
    transitions: [{ from: 'StorageDealReserveProviderFunds', to: 'StorageDealProviderFunding' }],
    action: (_deal, event) => ({ AddFundsCid: event.addFundsCid }),
  },
  ProviderEventFunded: {
    description: 'The collateral is available in the market actor.',
    transitions: [
      { from: ['StorageDealProviderFunding', 'StorageDealReserveProviderFunds'], to: 'StorageDealPublish' },
    ],
  },
  ProviderEventDealPublishInitiated: {
    description: 'The publish message was sent; its CID is recorded.',
    transitions: [{ from: 'StorageDealPublish', to: 'StorageDealPublishing' }],
    // Clears a not-enough-funds notice left by an earlier attempt.
    action: (_deal, event) => ({ PublishCid: event.publishCid, Message: '' }),
  },
  ProviderEventDealPublished: {
    description: 'The publish message executed; the deal id and the final message CID are recorded.',
    transitions: [{ from: 'StorageDealPublishing', to: 'StorageDealStaged' }],
    action: (_deal, event) => ({ DealID: event.dealId, PublishCid: event.finalCid }),
  },
  ProviderEventDealPublishError: {
    description: 'The publish message failed, or the chain found the deal invalid.',
    transitions: [{ from: 'StorageDealPublishing', to: 'StorageDealFailing' }],
    action: (_deal, event) => ({ Message: wrap(EventText.dealPublishError, event.error) }),
  },
}
