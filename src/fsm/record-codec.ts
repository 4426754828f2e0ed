import { addExtension, Encoder } from 'cbor-x'
import { CID } from 'multiformats/cid'

/** Turns records into bytes for the datastore and back. */
export interface RecordCodec<R> {
  encode(record: R): Uint8Array
  decode(bytes: Uint8Array): R
}

// IPLD's convention for CIDs in CBOR: tag 42 around the binary CID prefixed with a zero byte.
addExtension({
  Class: CID,
  tag: 42,
  encode(cid: CID, encode: (value: unknown) => Uint8Array) {
    const bytes = new Uint8Array(cid.bytes.length + 1)
    bytes.set(cid.bytes, 1)
    return encode(bytes)
  },
  decode(bytes: Uint8Array): CID {
    return CID.decode(bytes.subarray(1))
  },
} as never)

/**
 * The default record codec: CBOR through cbor-x (fast, handles bigint, Uint8Array, nested objects
 * and CIDs as tag 42). Fields set to `undefined` are kept as undefined.
 */
export function cborRecordCodec<R>(): RecordCodec<R> {
  const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false } as never)
  return {
    encode: (record) => encoder.encode(record),
    decode: (bytes) => encoder.decode(bytes) as R,
  }
}
