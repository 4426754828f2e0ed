/**
 * Staging in memory, the embedded default of the provider's StagingStore.
 *
 * @module
 */
export { MemoryStagingStore } from './memory-staging.ts'
