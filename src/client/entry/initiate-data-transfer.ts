import { messageOf } from '../../errors.ts'
import { TTManual } from '../../market/index.ts'
import type { ClientEvent } from '../events.ts'
import { clientMessages as m } from '../messages.ts'
import type { ClientEntryContext } from './context.ts'

/**
 * InitiateDataTransfer (StorageDealStartDataTransfer): open the push channel of the payload to the
 * provider and wait for its events; a manual (offline) deal has nothing to send and goes straight
 * to polling for acceptance. Every other transfer type is treated as online.
 *
 * A Boost (mk/1.2) deal has nothing to push either: the provider pulls the payload from the URL the
 * proposal gave, and the client follows that pull through the status checkpoints it polls next.
 */
export async function initiateDataTransfer(ctx: ClientEntryContext): Promise<ClientEvent | undefined> {
  const { record: deal, env, signal } = ctx
  const ref = deal.DataRef
  if (ref === null) {
    return {
      type: 'ClientEventDataTransferFailed',
      error: m.pushChannelFailed('the deal has no data reference'),
    }
  }
  if (ref.TransferType === TTManual || deal.DealUUID !== undefined)
    return { type: 'ClientEventDataTransferComplete' }
  try {
    // The channel id arrives with the transfer's own events; the reference discards it here too.
    await env.startDataTransfer(deal.Miner, { proposal: deal.ProposalCid }, ref.Root, { signal })
  } catch (error) {
    return { type: 'ClientEventDataTransferFailed', error: m.pushChannelFailed(messageOf(error)) }
  }
  return undefined
}
