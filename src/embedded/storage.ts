/**
 * Where an embedded market keeps its state: everything in memory, or a store directory with
 * LevelDB, staging files and payload CARs. Every store is wrapped so the market can tell when its
 * I/O has settled.
 *
 * @module
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { MemoryDatastore, NamespaceDatastore } from 'datastore-core'
import { LevelDatastore } from 'datastore-level'
import { type Datastore, Key } from 'interface-datastore'
import { FileStagingStore } from '../adapters/file-staging/index.ts'
import { MemoryStagingStore } from '../adapters/memory-staging/index.ts'
import type { StagingStore } from '../adapters/staging.ts'
import { EmbeddedStoreError } from '../errors.ts'
import type { Activity } from './activity.ts'
import { FilePayloadStore, MemoryPayloadStore, type PayloadStore } from './payloads.ts'
import { TrackedDatastore } from './tracked-datastore.ts'
import { TrackedStagingStore } from './tracked-staging.ts'

/** The parts of the datastore each component owns. */
export type StorageArea = 'chain' | 'client' | 'provider' | 'embedded'

/** The opened stores of one market. */
export interface MarketStorage {
  /** The store directory, when there is one. */
  readonly dir: string | undefined
  readonly staging: StagingStore
  readonly payloads: PayloadStore
  /** The datastore of one component, under `/<area>`. */
  area(area: StorageArea): Datastore
  /** Close what was opened here (a datastore given by the caller stays open). */
  close(): Promise<void>
}

/** Opens `dir` (LevelDB, staging files, payload CARs) or, without it, memory stores around `datastore`. */
export async function openStorage(
  options: { readonly dir?: string; readonly datastore?: Datastore },
  activity: Activity,
): Promise<MarketStorage> {
  const { dir } = options
  if (dir === undefined) {
    const root = new TrackedDatastore(options.datastore ?? new MemoryDatastore(), activity)
    return storage(
      undefined,
      root,
      new MemoryStagingStore(),
      new MemoryPayloadStore(),
      activity,
      async () => {},
    )
  }
  await mkdir(dir, { recursive: true })
  const level = new LevelDatastore(join(dir, 'datastore'))
  try {
    await level.open()
  } catch (error) {
    throw new EmbeddedStoreError(`cannot open the datastore in ${dir} (is another run using it?)`, {
      cause: error,
    })
  }
  const payloads = await FilePayloadStore.open(join(dir, 'cars'))
  const staging = new FileStagingStore(join(dir, 'staging'))
  const root = new TrackedDatastore(level, activity)
  return storage(dir, root, staging, payloads, activity, () => level.close())
}

function storage(
  dir: string | undefined,
  root: Datastore,
  staging: StagingStore,
  payloads: PayloadStore,
  activity: Activity,
  close: () => Promise<void>,
): MarketStorage {
  return {
    dir,
    staging: new TrackedStagingStore(staging, activity),
    payloads,
    area: (area) => new NamespaceDatastore(root, new Key(`/${area}`)),
    close,
  }
}
