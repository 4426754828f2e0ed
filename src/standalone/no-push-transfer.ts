/**
 * A client data transfer for compositions with no push channel to another process: every push
 * is refused, so a go-fil-markets (mk/1.1) online deal fails in StartDataTransfer with the reason,
 * rather than waiting on a channel that cannot open. Boost (mk/1.2) deals never push. The
 * standalone client pushes over libp2p instead (`Libp2pPushClientTransfer`).
 *
 * @module
 */

import type { ClientDataTransfer } from '../adapters/data-transfer.ts'
import { ProtocolFamilyUnavailableError } from '../errors.ts'

/** Why pushes are refused. */
export const NO_PUSH_REASON =
  'this client has no push data transfer to another process: mk/1.1 online deals cannot send their data'

/** A ClientDataTransfer that refuses every push and restart and reports no event. */
export function noPushTransfer(): ClientDataTransfer {
  return {
    startPush: () => Promise.reject(new ProtocolFamilyUnavailableError(NO_PUSH_REASON)),
    restart: () => Promise.reject(new ProtocolFamilyUnavailableError(NO_PUSH_REASON)),
    subscribe: () => () => undefined,
  }
}
