/**
 * Field codecs specific to Boost's messages: deal UUIDs and the length limits Boost's cbor-gen
 * code enforces on text and byte strings.
 *
 * @module
 */

import { EncodeError } from '../../errors.ts'
import type { Field } from '../cbor/field.ts'
import { stringField } from '../cbor/scalars.ts'
import { textFromWire, textToWire } from '../cbor/text.ts'
import { DEAL_UUID_BYTES, type DealUUID, isDealUuid } from './uuid.ts'

/** Longest text string Boost's codec reads (Message, Error, Status, SealingStatus, Type, ClientID). */
export const MK12_MAX_TEXT_BYTES = 8192

/** Longest byte string Boost's codec reads (Transfer.Params). */
export const MK12_MAX_PARAMS_BYTES = 2_097_152

/** A deal UUID: a byte string of exactly 16 bytes. Absent keys read as the all-zero UUID (Go's zero value). */
export const uuidField: Field<DealUUID> = {
  read(reader, path) {
    const bytes = reader.bytes(path, MK12_MAX_PARAMS_BYTES)
    if (bytes.length !== DEAL_UUID_BYTES) {
      reader.fail('invalid-value', path, `a deal UUID has ${DEAL_UUID_BYTES} bytes, found ${bytes.length}`)
    }
    return bytes.slice()
  },
  write(value, path) {
    if (!isDealUuid(value)) throw new EncodeError(path, `a deal UUID has exactly ${DEAL_UUID_BYTES} bytes`)
    return value
  },
  zero: () => new Uint8Array(DEAL_UUID_BYTES),
}

/** A Go string of at most 8192 bytes on the wire; longer input fails with `out-of-range`. */
export const limitedStringField: Field<string> = {
  read(reader, path) {
    const bytes = reader.textBytes(path)
    if (bytes.length > MK12_MAX_TEXT_BYTES) {
      reader.fail('out-of-range', path, `text of ${bytes.length} bytes exceeds ${MK12_MAX_TEXT_BYTES}`)
    }
    return textFromWire(bytes)
  },
  write(value, path) {
    const node = stringField.write(value, path)
    const size = textToWire(value).length
    if (size > MK12_MAX_TEXT_BYTES) {
      throw new EncodeError(path, `text of ${size} bytes exceeds ${MK12_MAX_TEXT_BYTES}`)
    }
    return node
  },
  zero: () => '',
}

/** Transfer.Params: a byte string of at most 2 MiB; absent and empty are the same (empty) value. */
export const paramsField: Field<Uint8Array> = {
  read: (reader, path) => reader.bytes(path, MK12_MAX_PARAMS_BYTES).slice(),
  write(value, path) {
    if (!(value instanceof Uint8Array)) throw new EncodeError(path, 'expected a Uint8Array')
    if (value.length > MK12_MAX_PARAMS_BYTES) {
      throw new EncodeError(path, `byte string of ${value.length} bytes exceeds ${MK12_MAX_PARAMS_BYTES}`)
    }
    return value
  },
  zero: () => new Uint8Array(0),
}
