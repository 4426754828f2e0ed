/**
 * Deal records and provider state are kept in any interface-datastore `Datastore`: a
 * `MemoryDatastore` (datastore-core) by default, LevelDB (datastore-level) for a process that
 * survives restarts. Give each component its own namespace.
 *
 * @module
 */
export type { Datastore } from 'interface-datastore'
