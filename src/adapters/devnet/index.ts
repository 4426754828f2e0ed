/**
 * The devnet: the simulated chain served over the Lotus JSON-RPC API.
 *
 * @module
 */

export {
  type DevnetClient,
  type DevnetClientComponents,
  type DevnetClientInit,
  devnetClient,
} from './client.ts'
export type { DevnetAccounts, DevnetGenesisInit } from './devnet-chain.ts'
export type { DevnetCall } from './dispatch.ts'
export { type Devnet, type DevnetInit, startDevnet } from './start.ts'
