/**
 * A push data transfer over libp2p (`/fildeal/transfer/push/1.0.0`): the client streams a
 * payload's bytes to the provider on the market network's node. A protocol of this library, not
 * go-data-transfer over graphsync: it links fildeal processes only.
 *
 * @module
 */
export {
  type AutoRestartPolicy,
  DEFAULT_AUTO_RESTART,
  type Libp2pPushClientInit,
  Libp2pPushClientTransfer,
} from './client.ts'
export { PUSH_TRANSFER_PROTOCOL } from './frames.ts'
export { DEFAULT_PUSH_TIMEOUTS, type PushTimeouts } from './options.ts'
export { bytesPayload, filePayload, type PushPayload, type PushPayloadLookup } from './payload.ts'
export { type Libp2pPushProviderInit, Libp2pPushProviderTransfer } from './provider.ts'
