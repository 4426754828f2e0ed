/**
 * The embedded default: a simulated chain, a storage provider and a storage client wired together
 * in one process on one virtual clock, for demos, tests and trying the library without a network.
 *
 * @example
 * const market = await createEmbeddedMarket()
 * await market.start()
 * const payload = await market.importData(new TextEncoder().encode('hello'))
 * await market.proposeDeal({ data: payload })
 * await market.runUntil() // every deal Expired (or failed)
 * console.log(await market.summary())
 * await market.stop()
 *
 * @module
 */
export {
  type AccountSummary,
  DEFAULT_DEAL_DURATION,
  DEFAULT_DEAL_START_DELAY,
  DEFAULT_EMBEDDED_ASK_PRICE,
  type DealProgress,
  type DealStates,
  type DealSummary,
  type DemoOptions,
  type DemoResult,
  type EmbeddedAddresses,
  type EmbeddedDealParams,
  type EmbeddedLotusEndpoint,
  type EmbeddedMarket,
  type EmbeddedMarketInit,
  type EmbeddedTransferInit,
  type ImportedPayload,
  type MarketSummary,
  type ProgressListener,
  type RunOptions,
} from './api.ts'
export type { EmbeddedChainAccess } from './chain-link.ts'
export { runDemo } from './demo.ts'
export { createEmbeddedMarket } from './market.ts'
export { fr32PieceCommitment } from './piece-commitment.ts'
