import { CID } from 'multiformats/cid'
import type { ProviderEvent } from '../../src/provider/index.ts'

const CID_SAMPLE = CID.parse('bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
const CHANNEL = { Initiator: new Uint8Array([1]), Responder: new Uint8Array([2]), ID: 1n }

/** An event of the given type with a plausible payload (any type, for refused-event checks too). */
export function sampleEvent(type: string): ProviderEvent {
  const payloads: Record<string, object> = {
    ProviderEventFundsReserved: { amount: 10n },
    ProviderEventFundsReleased: { amount: 10n },
    ProviderEventFundingInitiated: { addFundsCid: CID_SAMPLE },
    ProviderEventDataTransferInitiated: { channelId: CHANNEL },
    ProviderEventDataTransferRestarted: { channelId: CHANNEL },
    ProviderEventDataVerificationFailed: { error: 'sample', piecePath: '', metadataPath: '' },
    ProviderEventVerifiedData: { piecePath: '', metadataPath: '' },
    ProviderEventDealPublishInitiated: { publishCid: CID_SAMPLE },
    ProviderEventDealPublished: { dealId: 1, finalCid: CID_SAMPLE },
    ProviderEventDealPrecommitted: { sectorNumber: 1 },
    ProviderEventDealSlashed: { slashEpoch: 1 },
    ProviderEventDataDeadlinePassed: { startEpoch: 1000, headEpoch: 1001 },
  }
  return { type, error: 'sample', ...payloads[type] } as unknown as ProviderEvent
}
