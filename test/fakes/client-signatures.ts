import type { Address, Signature } from '../../src/market/index.ts'

/**
 * A deterministic stand-in for a wallet signature: a 64-bit FNV-1a digest of the signer and the
 * bytes, padded to the size of a secp256k1 signature. Different bytes or another signer give a
 * different signature, which is all the client fakes need to check "signed by whom, over what".
 */
export function fakeSign(signer: Address, bytes: Uint8Array): Signature {
  let hash = 0xcbf29ce484222325n
  const mix = (byte: number): void => {
    hash ^= BigInt(byte)
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn
  }
  for (const byte of signer.bytes) mix(byte)
  mix(0xff)
  for (const byte of bytes) mix(byte)
  const data = new Uint8Array(65)
  for (let i = 0; i < 8; i++) data[i] = Number((hash >> BigInt(8 * i)) & 0xffn)
  return { Type: 1, Data: data }
}

/** True when `signature` is {@link fakeSign} of `bytes` by `signer`. */
export function fakeVerify(signature: Signature, signer: Address, bytes: Uint8Array): boolean {
  const expected = fakeSign(signer, bytes)
  return signature.Type === expected.Type && signature.Data.every((byte, i) => byte === expected.Data[i])
}
