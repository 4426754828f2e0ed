/**
 * Node-only: importing a file into a CAR file on disk, the analogue of `lotus client import`.
 *
 * @module
 */
import { open, rm } from 'node:fs/promises'
import type { CID } from 'multiformats/cid'
import { AdapterError, FilDealError } from '../../errors.ts'
import type { CarImport } from './car.ts'
import { writePayloadCar } from './car.ts'
import type { PieceCommitmentOptions } from './commitment.ts'
import { readFileChunks } from './node-files.ts'
import {
  encodePayloadRoot,
  PAYLOAD_CHUNK_BYTES,
  type PayloadBlock,
  rawBlock,
  rechunk,
} from './payload-dag.ts'

/** Options of {@link importFile}; the piece options apply to hashing the CAR. */
export interface ImportFileOptions extends PieceCommitmentOptions {
  /** Where to write the CAR; an existing file is replaced. */
  readonly carPath: string
}

/** {@link CarImport} with the CAR on disk. */
export interface CarFileImport extends CarImport {
  readonly carPath: string
}

/**
 * Imports the file at `path`: cuts it into 1 MiB raw blocks under a dag-cbor root node, writes the
 * CARv1 to `options.carPath`, and returns the payload root and the CAR's piece CID.
 *
 * Reads the file twice with bounded memory: the root node (which the CAR header names) is only
 * known once every chunk is hashed, and the CAR starts with that header. The second pass checks
 * each chunk against the first and fails with AdapterError if the file changed in between. On any
 * failure the partial CAR is removed.
 */
export async function importFile(path: string, options: ImportFileOptions): Promise<CarFileImport> {
  const signal = options.signal
  const chunks: CID[] = []
  let dataSize = 0
  for await (const chunk of rechunk(readFileChunks(path, signal), PAYLOAD_CHUNK_BYTES, signal)) {
    chunks.push((await rawBlock(chunk)).cid)
    dataSize += chunk.length
  }
  const root = await encodePayloadRoot({ size: dataSize, chunks })

  async function* checkedBlocks(): AsyncGenerator<PayloadBlock> {
    const changed = () => new AdapterError(`${path} changed during the import`)
    let index = 0
    for await (const chunk of rechunk(readFileChunks(path, signal), PAYLOAD_CHUNK_BYTES, signal)) {
      const block = await rawBlock(chunk)
      const expected = chunks[index]
      if (expected === undefined || !block.cid.equals(expected)) throw changed()
      index++
      yield block
    }
    if (index !== chunks.length) throw changed()
  }

  const out = await open(options.carPath, 'w').catch((error: unknown) => {
    throw new AdapterError(`cannot create ${options.carPath}`, { cause: error })
  })
  try {
    const written = await writePayloadCar(
      root,
      checkedBlocks(),
      async (bytes) => {
        await out.write(bytes)
      },
      options,
    )
    await out.close()
    return {
      root: root.cid,
      carPath: options.carPath,
      pieceCid: written.commitment.pieceCid,
      pieceSize: written.commitment.pieceSize,
      carSize: written.carSize,
      dataSize,
    }
  } catch (error) {
    await out.close().catch(() => undefined)
    await rm(options.carPath, { force: true })
    if (error instanceof FilDealError) throw error
    throw new AdapterError(`cannot write ${options.carPath}`, { cause: error })
  }
}
