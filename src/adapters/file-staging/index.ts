/**
 * Node-only: staging on files under a directory, for a provider whose deals survive restarts.
 *
 * @module
 */
export { FileStagingStore } from './file-staging.ts'
