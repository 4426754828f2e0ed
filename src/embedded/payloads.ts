/**
 * The client's imported payloads: their CARs (what a transfer pushes) and what importing computed,
 * kept in memory or as files `<root>.car` and `<root>.json` under a directory, so a resumed
 * market serves them again.
 *
 * @module
 */

import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import type { AbortOptions } from '../adapters/node.ts'
import { importFile } from '../adapters/piece/import-file.ts'
import { buildCar } from '../adapters/piece/index.ts'
import { fileSource } from '../adapters/piece/node-files.ts'
import { PayloadNotFoundError } from '../errors.ts'
import type { ImportedPayload } from './api.ts'

/** Where imported payloads live. */
export interface PayloadStore {
  /** Import bytes, or the file at a path, as a payload CAR. */
  add(data: Uint8Array | string, options?: AbortOptions): Promise<ImportedPayload>
  /** A payload imported earlier; PayloadNotFoundError when unknown. */
  get(root: CID): ImportedPayload
  /** Every payload, in import order. */
  list(): ImportedPayload[]
  /** The CAR of a payload, readable any number of times from the start. */
  car(root: CID): AsyncIterable<Uint8Array> | Uint8Array
}

function describe(result: ImportedPayload): ImportedPayload {
  const { root, pieceCid, pieceSize, carSize, dataSize } = result
  return { root, pieceCid, pieceSize, carSize, dataSize }
}

/** Payloads in memory; a file path is read whole. */
export class MemoryPayloadStore implements PayloadStore {
  readonly #payloads = new Map<string, { readonly info: ImportedPayload; readonly car: Uint8Array }>()

  async add(data: Uint8Array | string, options?: AbortOptions): Promise<ImportedPayload> {
    const bytes = typeof data === 'string' ? new Uint8Array(await readFile(data)) : data
    const built = await buildCar(bytes, options)
    const info = describe(built)
    this.#payloads.set(info.root.toString(), { info, car: built.car })
    return info
  }

  get(root: CID): ImportedPayload {
    return this.#entry(root).info
  }

  list(): ImportedPayload[] {
    return [...this.#payloads.values()].map((entry) => entry.info)
  }

  car(root: CID): Uint8Array {
    return this.#entry(root).car
  }

  #entry(root: CID): { readonly info: ImportedPayload; readonly car: Uint8Array } {
    const entry = this.#payloads.get(root.toString())
    if (entry === undefined) throw new PayloadNotFoundError(root.toString())
    return entry
  }
}

interface StoredInfo {
  readonly root: string
  readonly pieceCid: string
  readonly pieceSize: number
  readonly carSize: number
  readonly dataSize: number
  readonly importedAt: number
}

/** Payloads as CAR files under a directory, with their import results beside them. */
export class FilePayloadStore implements PayloadStore {
  readonly #dir: string
  readonly #payloads = new Map<string, { readonly info: ImportedPayload; readonly order: number }>()
  #order = 0

  private constructor(dir: string) {
    this.#dir = dir
  }

  /** Opens `dir`, creating it when missing, and reads the payloads already there. */
  static async open(dir: string): Promise<FilePayloadStore> {
    await mkdir(dir, { recursive: true })
    const store = new FilePayloadStore(dir)
    const infos: StoredInfo[] = []
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json')) continue
      infos.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as StoredInfo)
    }
    infos.sort((a, b) => a.importedAt - b.importedAt)
    for (const info of infos) store.#remember(info)
    return store
  }

  async add(data: Uint8Array | string, options?: AbortOptions): Promise<ImportedPayload> {
    const temporary = join(this.#dir, `.import-${randomBytes(6).toString('hex')}.car`)
    let info: ImportedPayload
    try {
      if (typeof data === 'string') {
        info = describe(await importFile(data, { carPath: temporary, ...options }))
      } else {
        const built = await buildCar(data, options)
        await writeFile(temporary, built.car)
        info = describe(built)
      }
      await rename(temporary, this.#carPath(info.root))
    } finally {
      await rm(temporary, { force: true })
    }
    const stored: StoredInfo = {
      root: info.root.toString(),
      pieceCid: info.pieceCid.toString(),
      pieceSize: info.pieceSize,
      carSize: info.carSize,
      dataSize: info.dataSize,
      importedAt: this.#order,
    }
    // The description is written last: a payload without one is not listed on reopening.
    await writeFile(join(this.#dir, `${stored.root}.json`), JSON.stringify(stored))
    return this.#remember(stored)
  }

  get(root: CID): ImportedPayload {
    const entry = this.#payloads.get(root.toString())
    if (entry === undefined) throw new PayloadNotFoundError(root.toString())
    return entry.info
  }

  list(): ImportedPayload[] {
    return [...this.#payloads.values()].sort((a, b) => a.order - b.order).map((entry) => entry.info)
  }

  car(root: CID): AsyncIterable<Uint8Array> {
    this.get(root)
    return fileSource(this.#carPath(root))
  }

  #carPath(root: CID): string {
    return join(this.#dir, `${root.toString()}.car`)
  }

  #remember(stored: StoredInfo): ImportedPayload {
    const info: ImportedPayload = {
      root: CID.parse(stored.root),
      pieceCid: CID.parse(stored.pieceCid),
      pieceSize: stored.pieceSize,
      carSize: stored.carSize,
      dataSize: stored.dataSize,
    }
    const existing = this.#payloads.get(stored.root)
    this.#payloads.set(stored.root, { info, order: existing?.order ?? this.#order })
    this.#order = Math.max(this.#order, stored.importedAt) + 1
    return info
  }
}
