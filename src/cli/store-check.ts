/**
 * The checks made on a store directory before anything opens it: LevelDB creates its lock and log
 * files on open even when it then fails, so a missing or damaged store must be recognised by
 * reading alone, to be reported without being touched.
 *
 * @module
 */

import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { StoreError } from './errors.ts'

/** Where the embedded market keeps its LevelDB inside a store directory. */
export const DATASTORE_DIR = 'datastore'
/** LevelDB names its live manifest in this file; without it there is no database. */
const CURRENT_FILE = 'CURRENT'
const MANIFEST_NAME = /^MANIFEST-\d+$/

/** True for a directory, false for anything else, undefined when nothing is there. */
export async function isDirectory(path: string): Promise<boolean | undefined> {
  try {
    return (await stat(path)).isDirectory()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Throws a {@link StoreError} unless `dir` looks like a store: a directory holding a LevelDB whose
 * manifest exists. Only reads.
 */
export async function checkStore(dir: string): Promise<void> {
  const isDir = await isDirectory(dir)
  if (isDir === undefined) throw new StoreError('missing', dir, 'does not exist')
  if (!isDir) throw new StoreError('corrupt', dir, 'is not a directory')
  const datastore = join(dir, DATASTORE_DIR)
  let current: string
  try {
    current = (await readFile(join(datastore, CURRENT_FILE), 'utf8')).trim()
  } catch {
    throw new StoreError(
      'corrupt',
      dir,
      "holds no fildeal datastore (was it written by 'fildeal demo --store'?)",
    )
  }
  if (!MANIFEST_NAME.test(current) || (await isDirectory(join(datastore, current))) !== false) {
    throw new StoreError('corrupt', dir, `has a damaged datastore (${CURRENT_FILE} names no manifest)`)
  }
}
