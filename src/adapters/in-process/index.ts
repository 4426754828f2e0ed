/**
 * The in-process network, the embedded default: clients and providers in one process speaking
 * the real CBOR wire forms of the deal, ask and status protocols.
 *
 * @module
 */
export { InProcessClientNetwork } from './client-end.ts'
export { InProcessClientDealStream, InProcessProviderDealStream } from './deal-stream.ts'
export type { MessageFault } from './faults.ts'
export { InProcessNetwork, type InProcessNetworkInit, type WireObserver } from './hub.ts'
export { InProcessProviderNetwork } from './provider-end.ts'
export {
  IN_PROCESS_PULL_BASE_URL,
  type InProcessPayloadToServe,
  InProcessPullHub,
  type InProcessPullSpec,
  InProcessPullTransfer,
  InProcessTransferRegistry,
  type PayloadLookup,
  type PullFault,
} from './pull.ts'
export {
  PROTOCOL_IDS,
  type WireDirection,
  type WireMessage,
  type WireOutcome,
  type WireProtocol,
} from './wire.ts'
