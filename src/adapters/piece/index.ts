/**
 * Piece CIDs, piece commitments and CAR import, usable in browsers. The Node-only file helpers
 * live in `node-files.ts` and `import-file.ts` and are not re-exported here; the worker-thread
 * hasher (`parallel-hasher.ts`) is loaded on demand, only under Node.
 *
 * @module
 */
export type { ByteSource } from './byte-source.ts'
export { buildCar, type CarBytesImport, type CarImport, type WrittenCar, writePayloadCar } from './car.ts'
export {
  createPieceHasher,
  HASHER_SLICE_BYTES,
  PARALLEL_THRESHOLD_BYTES,
  type PieceCommitment,
  PieceCommitmentHasher,
  type PieceCommitmentOptions,
  paddedPieceSizeOf,
  pieceCommitmentOf,
  pieceCommitmentOfBytes,
  type StreamingPieceHasher,
  singleThreadPieceCommitmentOf,
} from './commitment.ts'
export {
  decodePayloadRoot,
  encodePayloadRoot,
  PAYLOAD_CHUNK_BYTES,
  type PayloadBlock,
  type PayloadRoot,
  rawBlock,
  rechunk,
} from './payload-dag.ts'
export {
  COMMITMENT_BYTES,
  commitmentOfPieceCid,
  FIL_COMMITMENT_UNSEALED,
  isPieceCid,
  type PieceInfo,
  pieceCidFromCommitment,
  SHA2_256_TRUNC254_PADDED,
} from './piece-cid.ts'
export { generatePieceCommitment, type PieceVerification, verifyPieceCommitment } from './verify.ts'
export { zeroPadCommitment, zeroPadPieceCid } from './zero-pad.ts'
