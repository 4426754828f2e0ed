/**
 * In-memory data transfer, the embedded default: a hub that pushes payloads from client ends to
 * provider ends in one process, paced on an injectable clock, with faults for tests.
 *
 * @module
 */
export type { ChannelStatus } from './channel.ts'
export { MemoryClientTransfer, MemoryProviderTransfer } from './ends.ts'
export type { FaultMatch, TransferFault } from './faults.ts'
export { type ChannelSnapshot, channelKey, MemoryTransferHub, type MemoryTransferInit } from './hub.ts'
