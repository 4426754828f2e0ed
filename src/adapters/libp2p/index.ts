/**
 * The market network over js-libp2p (TCP, noise, yamux): go-fil-markets' mk/1.1 protocols and
 * Boost's mk/1.2 protocols, client and provider side.
 *
 * @module
 */
export { CborFrameScanner, MAX_FRAME_DEPTH } from './cbor-frame.ts'
export { Libp2pClientDealStream, Libp2pProviderDealStream } from './deal-streams.ts'
export {
  type CreateLibp2pMarketNetworkInit,
  type InboundFailure,
  Libp2pMarketNetwork,
  type Libp2pMarketNetworkInit,
} from './network.ts'
export { createMarketLibp2p, type MarketLibp2p, type MarketLibp2pInit } from './node.ts'
export {
  DEFAULT_OPEN_RETRY,
  DEFAULT_STREAM_TIMEOUTS,
  familiesOf,
  familyOfProtocol,
  LIBP2P_DEAL_PROTOCOLS,
  MK11_DEAL_PROTOCOLS,
  MK12_DEAL_PROTOCOLS,
  MK101_DEAL_PROTOCOL_ID,
  MK110_DEAL_PROTOCOL_ID,
  type OpenRetryPolicy,
  PEER_TAG_VALUE,
  retryDelay,
  type StreamTimeouts,
} from './protocols.ts'
