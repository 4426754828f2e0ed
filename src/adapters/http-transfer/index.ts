/**
 * HTTP pull transfer (Boost's `http` transfer type): the client's CAR server, the provider's
 * downloader, its download targets, and the downloader as a `ProviderDataTransfer`. Node only.
 *
 * @module
 */

export { HttpCarServer } from './car-server.ts'
export { bytesCarSource, fileCarSource } from './car-sources.ts'
export * from './constants.ts'
export { NodeHttpDownloader } from './downloader.ts'
export { fileTarget } from './file-target.ts'
export { HttpPullProviderTransfer } from './pull-transfer.ts'
export { type SinkTargetOptions, sinkTarget } from './sink-target.ts'
export { type CarLookup, type DealPayload, HttpTransferRegistry } from './transfer-registry.ts'
export type * from './types.ts'
export { checkTransferUrl, isLoopbackHost, isPrivateIp } from './url-policy.ts'
