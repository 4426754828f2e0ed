/**
 * Fields for the Filecoin value types: CIDs, addresses, signatures, token amounts, deal statuses
 * and deal labels, in the forms go-cid, go-address, go-state-types and cbor-gen use.
 *
 * @module
 */

import { CID } from 'multiformats/cid'
import { EncodeError, messageOf } from '../../errors.ts'
import { type Address, addressFromBytes, isAddress } from '../address.ts'
import { bigIntFromBytes, bigIntToBytes, MAX_BIG_INT_BYTES, type TokenAmount } from '../amount.ts'
import { type DealLabel, isWellFormedString } from '../label.ts'
import { MAX_SIGNATURE_BYTES, type Signature, signatureFromBytes, signatureToBytes } from '../signature.ts'
import { resolveStatusName, STORAGE_DEAL_STATUSES, type StorageDealStatus, statusCode } from '../status.ts'
import type { Field } from './field.ts'
import { Major } from './reader.ts'
import { isValidUtf8, textFromWire } from './text.ts'

/** Largest byte form of an address go-address decodes. */
const MAX_ADDRESS_BYTES = 64

/** Largest encoded CID accepted; real CIDs are well under 100 bytes. */
const MAX_CID_BYTES = 256

/** Largest label the codec reads; the 256-byte rule is a validation rule, not a codec rule. */
const MAX_LABEL_BYTES = 2 * 1024 * 1024

/** A CID: tag 42 around a byte string of 0x00 followed by the binary CID. */
export const cidField: Field<CID> = {
  read(reader, path) {
    reader.cidTag(path)
    const bytes = reader.bytes(path, MAX_CID_BYTES + 1)
    if (bytes[0] !== 0) reader.fail('invalid-cid', path, 'CID bytes do not start with the 0x00 prefix')
    // A copy, so the CID does not alias (and change with) the caller's buffer.
    const body = bytes.slice(1)
    let cid: CID
    try {
      cid = CID.decode(body)
    } catch (error) {
      return reader.fail('invalid-cid', path, messageOf(error), error)
    }
    if (cid.bytes.length !== body.length || cid.bytes.some((byte, i) => byte !== body[i])) {
      reader.fail('non-canonical', path, 'CID varints are not in their shortest form')
    }
    return cid
  },
  write(value, path) {
    const cid = CID.asCID(value)
    if (cid === null) throw new EncodeError(path, 'expected a CID')
    return cid
  },
}

/** An address: a byte string with its byte form. There is no zero value: an undefined address cannot be written. */
export const addressField: Field<Address> = {
  read(reader, path) {
    const bytes = reader.bytes(path, MAX_ADDRESS_BYTES)
    try {
      return addressFromBytes(bytes, reader.network)
    } catch (error) {
      return reader.fail('invalid-address', path, messageOf(error), error)
    }
  },
  write(value, path) {
    if (!isAddress(value)) throw new EncodeError(path, 'expected an Address')
    return value.bytes
  },
}

/** A signature: a byte string of the type byte followed by the data. */
export const signatureField: Field<Signature> = {
  read(reader, path) {
    const bytes = reader.bytes(path, MAX_SIGNATURE_BYTES)
    try {
      return signatureFromBytes(bytes)
    } catch (error) {
      return reader.fail('invalid-signature', path, messageOf(error), error)
    }
  },
  write(value, path) {
    try {
      return signatureToBytes(value)
    } catch (error) {
      throw new EncodeError(path, messageOf(error), { cause: error })
    }
  },
}

/** A token amount: a byte string with the big-int byte form. Absent keys read as zero. */
export const tokenAmountField: Field<TokenAmount> = {
  read(reader, path) {
    const bytes = reader.bytes(path, MAX_BIG_INT_BYTES)
    try {
      return bigIntFromBytes(bytes)
    } catch (error) {
      // A valid sign byte followed by nothing or by a zero byte spells a valid amount the long way.
      const validSign = bytes[0] === 0 || bytes[0] === 1
      const longForm = validSign && bytes.length <= MAX_BIG_INT_BYTES && (bytes[1] ?? 0) === 0
      return reader.fail(longForm ? 'non-canonical' : 'invalid-bigint', path, messageOf(error), error)
    }
  },
  write(value, path) {
    if (typeof value !== 'bigint') throw new EncodeError(path, 'expected a bigint amount')
    try {
      return bigIntToBytes(value)
    } catch (error) {
      throw new EncodeError(path, messageOf(error), { cause: error })
    }
  },
  zero: () => 0n,
}

/** A deal status: its numeric code on the wire, its name in memory. Absent keys read as StorageDealUnknown. */
export const statusField: Field<StorageDealStatus> = {
  read(reader, path) {
    const code = reader.uint(path, 2n ** 64n - 1n)
    const name = code < BigInt(STORAGE_DEAL_STATUSES.length) ? STORAGE_DEAL_STATUSES[Number(code)] : undefined
    if (name === undefined) return reader.fail('unknown-status', path, `unknown status code ${code}`)
    return name
  },
  write(value, path) {
    try {
      return statusCode(value)
    } catch (error) {
      throw new EncodeError(path, messageOf(error), { cause: error })
    }
  },
  zero: () => 'StorageDealUnknown',
}

/**
 * A deal status as this library persists it: by name, so stored records never depend on the
 * numeric table. Reading also accepts the numeric code (records written by go-fil-markets) and the
 * pre-1.0.4 names.
 */
export const storedStatusField: Field<StorageDealStatus> = {
  read(reader, path) {
    if (reader.peekMajor(path) === Major.Uint) return statusField.read(reader, path)
    const name = textFromWire(reader.textBytes(path))
    try {
      return resolveStatusName(name)
    } catch {
      return reader.fail('unknown-status', path, `unknown status name ${JSON.stringify(name)}`)
    }
  },
  write(value, path) {
    statusField.write(value, path)
    return value
  },
  zero: () => 'StorageDealUnknown',
}

/** A deal label: a text string (must be UTF-8) or a byte string. */
export const labelField: Field<DealLabel> = {
  read(reader, path) {
    const major = reader.peekMajor(path)
    if (major === Major.Bytes) return reader.bytes(path, MAX_LABEL_BYTES).slice()
    if (major !== Major.Text) return reader.fail('wrong-type', path, 'a label must be a text or byte string')
    const bytes = reader.textBytes(path)
    if (bytes.length > MAX_LABEL_BYTES) reader.fail('out-of-range', path, `label of ${bytes.length} bytes`)
    if (!isValidUtf8(bytes)) reader.fail('invalid-utf8', path, 'a string label must be valid UTF-8')
    return textFromWire(bytes)
  },
  write(value, path) {
    if (value instanceof Uint8Array) return value
    if (typeof value !== 'string' || !isWellFormedString(value)) {
      throw new EncodeError(path, 'a label must be a well-formed string or a Uint8Array')
    }
    return value
  },
  zero: () => '',
}
