/**
 * Piece CIDs, piece commitments and CAR import, usable in browsers. The Node-only file helpers
 * live in `node-files.ts` and `import-file.ts` and are not re-exported here.
 *
 * @module
 */
export type { ByteSource } from './byte-source.ts'
export { buildCar, type CarBytesImport, type CarImport, type WrittenCar, writePayloadCar } from './car.ts'
export {
  HASHER_SLICE_BYTES,
  type PieceCommitment,
  PieceCommitmentHasher,
  paddedPieceSizeOf,
  pieceCommitmentOf,
  pieceCommitmentOfBytes,
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
