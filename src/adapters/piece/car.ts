/**
 * Building the CARv1 of a payload (the analogue of `lotus client import`): data in; payload root,
 * CAR bytes and the CAR's piece commitment out. Blocks are written root first, then the chunks in
 * order, which is the order a depth-first traversal of the DAG visits them, so the CAR is the one
 * a selective "explore all" export of the same DAG would produce.
 *
 * @module
 */
import { CarWriter } from '@ipld/car/writer'
import type { CID } from 'multiformats/cid'
import { AbortError } from '../../errors.ts'
import type { PaddedPieceSize } from '../../market/index.ts'
import { createPieceHasher, type PieceCommitment, type PieceCommitmentOptions } from './commitment.ts'
import { encodePayloadRoot, PAYLOAD_CHUNK_BYTES, type PayloadBlock, rawBlock } from './payload-dag.ts'

/** What importing data produced. */
export interface CarImport {
  /** Root CID of the payload DAG (the deal's DataRef.Root). */
  readonly root: CID
  /** Piece CID of the CAR bytes. */
  readonly pieceCid: CID
  /** Padded piece size of the CAR. */
  readonly pieceSize: PaddedPieceSize
  /** Bytes in the CAR: what is transferred to the provider and hashed into the piece. */
  readonly carSize: number
  /** Bytes of the imported data. */
  readonly dataSize: number
}

/** {@link CarImport} with the CAR in memory. */
export interface CarBytesImport extends CarImport {
  readonly car: Uint8Array
}

/** The size and piece commitment of a CAR that was written out. */
export interface WrittenCar {
  readonly carSize: number
  readonly commitment: PieceCommitment
}

/**
 * Writes the CARv1 of `root` followed by `blocks`, handing each output slice to `write` (awaited,
 * so a slow writer slows the producer) and hashing it into the piece commitment as it goes (on
 * worker threads once the CAR passes `options.parallelThreshold`, see {@link createPieceHasher}).
 * The first failure, of `blocks`, of `write` or of the hashing, stops the work and is rethrown.
 */
export async function writePayloadCar(
  root: PayloadBlock,
  blocks: AsyncIterable<PayloadBlock> | Iterable<PayloadBlock>,
  write: (bytes: Uint8Array) => Promise<void> | void,
  options?: PieceCommitmentOptions,
): Promise<WrittenCar> {
  const { writer, out } = CarWriter.create([root.cid])
  const hasher = await createPieceHasher(options)
  let carSize = 0
  let failure: { readonly error: unknown } | undefined
  const consume = async (): Promise<void> => {
    // Keeps draining after a failure: the producer's put() waits for the drain, and must get
    // back to its loop to notice the failure and release its source.
    for await (const bytes of out) {
      if (failure !== undefined) continue
      try {
        await hasher.write(bytes)
        carSize += bytes.length
        await write(bytes)
      } catch (error) {
        failure = { error }
      }
    }
  }
  const produce = async (): Promise<void> => {
    try {
      await writer.put(root)
      for await (const block of blocks) {
        if (failure !== undefined) break
        await writer.put(block)
      }
    } catch (error) {
      failure ??= { error }
    } finally {
      await writer.close()
    }
  }
  try {
    await Promise.all([consume(), produce()])
    if (failure !== undefined) throw failure.error
    return { carSize, commitment: await hasher.digest() }
  } finally {
    await hasher.close()
  }
}

/**
 * Imports data held in memory: cuts it into 1 MiB raw blocks, adds the root node, and returns the
 * CAR with its piece CID (hashed as {@link writePayloadCar} does). Rejects with AbortError when
 * `options.signal` aborts.
 *
 * @example
 * const { root, car, pieceCid, pieceSize } = await buildCar(new TextEncoder().encode('hello'))
 */
export async function buildCar(data: Uint8Array, options?: PieceCommitmentOptions): Promise<CarBytesImport> {
  const blocks: PayloadBlock[] = []
  for (let at = 0; at < data.length; at += PAYLOAD_CHUNK_BYTES) {
    if (options?.signal?.aborted) throw new AbortError()
    blocks.push(await rawBlock(data.subarray(at, at + PAYLOAD_CHUNK_BYTES)))
  }
  const root = await encodePayloadRoot({ size: data.length, chunks: blocks.map((block) => block.cid) })
  const parts: Uint8Array[] = []
  const { carSize, commitment } = await writePayloadCar(
    root,
    blocks,
    (bytes) => {
      parts.push(Uint8Array.from(bytes))
    },
    options,
  )
  const car = new Uint8Array(carSize)
  let at = 0
  for (const part of parts) {
    car.set(part, at)
    at += part.length
  }
  return {
    root: root.cid,
    car,
    pieceCid: commitment.pieceCid,
    pieceSize: commitment.pieceSize,
    carSize,
    dataSize: data.length,
  }
}
