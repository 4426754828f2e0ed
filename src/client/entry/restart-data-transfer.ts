import { messageOf } from '../../errors.ts'
import type { ClientEvent } from '../events.ts'
import { clientMessages as m } from '../messages.ts'
import type { ClientEntryContext } from './context.ts'

/**
 * RestartDataTransfer (StorageDealClientTransferRestart): ask the transfer module to resume the
 * recorded channel; the deal moves on when the transfer reports the restart.
 */
export async function restartDataTransfer(ctx: ClientEntryContext): Promise<ClientEvent | undefined> {
  const { record: deal, env, signal } = ctx
  const channel = deal.TransferChannelID
  if (channel === null) return { type: 'ClientEventDataTransferRestartFailed', error: m.noChannelRecorded() }
  try {
    await env.restartDataTransfer(channel, { signal })
  } catch (error) {
    return { type: 'ClientEventDataTransferRestartFailed', error: messageOf(error) }
  }
  return undefined
}
