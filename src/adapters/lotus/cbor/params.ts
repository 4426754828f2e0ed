/**
 * The CBOR params of the actor methods a market node sends, in both directions: a client encodes
 * them for MpoolPushMessage, and reads them back from ChainGetMessage to see what a publish message
 * carries. The layouts are the actors' (go-state-types); the sealing miner's pre-commit uses the v8
 * SectorPreCommitInfo, as the simulated miner sends it.
 *
 * @module
 */
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  decodeWith,
  encodeWith,
  type Field,
  listOf,
  tupleOf,
} from '../../../market/cbor/field.ts'
import { boolField, intField, uint64Field, uintField } from '../../../market/cbor/scalars.ts'
import { addressField, cidField, tokenAmountField } from '../../../market/cbor/values.ts'
import { clientDealProposalField } from '../../../market/codec/deal-proposal.ts'
import type { Network } from '../../../market/index.ts'
import type { ChainMessage, MessageKind } from '../../chain.ts'
import { decodeBitfield, encodeBitfield } from '../../sim-chain/bitfield.ts'

/** A Go []byte. */
const bytesField: Field<Uint8Array> = {
  read: (reader, path) => reader.bytes(path),
  write: (value) => value,
}

/** A go-bitfield RLE+ set of sector numbers. */
const sectorSetField: Field<readonly bigint[]> = {
  read(reader, path) {
    const bytes = reader.bytes(path)
    try {
      return decodeBitfield(bytes).map(BigInt)
    } catch (error) {
      return reader.fail('invalid-value', path, 'malformed RLE+ bitfield', error)
    }
  },
  write: (value) => encodeBitfield(value.map(Number)),
}

/** The seal proof written into a pre-commit (StackedDrg32GiBV1_1); nothing reads it back. */
const SEAL_PROOF = 8

interface PreCommitWire {
  readonly sealProof: number
  readonly sectorNumber: bigint
  readonly sealedCid: ChainMessageParams<'PreCommitSector'>['sealedCid']
  readonly sealRandEpoch: number
  readonly dealIds: readonly bigint[]
  readonly expiration: number
  readonly replaceCapacity: boolean
  readonly replaceSectorDeadline: number
  readonly replaceSectorPartition: number
  readonly replaceSectorNumber: bigint
}

type ChainMessageParams<K extends MessageKind> = Extract<ChainMessage, { kind: K }>['params']

const preCommitField = tupleOf<PreCommitWire>({
  sealProof: intField,
  sectorNumber: uint64Field,
  sealedCid: cidField,
  sealRandEpoch: intField,
  dealIds: listOf(uint64Field),
  expiration: intField,
  replaceCapacity: boolField,
  replaceSectorDeadline: uintField,
  replaceSectorPartition: uintField,
  replaceSectorNumber: uint64Field,
})

const withdrawField = tupleOf<ChainMessageParams<'MarketWithdrawBalance'>>({
  address: addressField,
  amount: tokenAmountField,
})

const publishField = tupleOf<ChainMessageParams<'PublishStorageDeals'>>({
  deals: listOf(clientDealProposalField),
})

const proveCommitField = tupleOf<{ readonly sectorNumber: bigint; readonly proof: Uint8Array }>({
  sectorNumber: uint64Field,
  proof: bytesField,
})

interface Termination {
  readonly deadline: number
  readonly partition: number
  readonly sectors: readonly bigint[]
}

const terminateField = tupleOf<{ readonly terminations: readonly Termination[] }>({
  terminations: listOf(
    tupleOf<Termination>({ deadline: uintField, partition: uintField, sectors: sectorSetField }),
  ),
})

/** The CBOR params of a message; empty for a plain send. Throws EncodeError. */
export function encodeParams(message: ChainMessage): Uint8Array {
  const path = `${message.kind}.Params`
  switch (message.kind) {
    case 'Send':
      return new Uint8Array(0)
    case 'MarketAddBalance':
      return encodeWith(addressField, message.params.address, path)
    case 'MarketWithdrawBalance':
      return encodeWith(withdrawField, message.params, path)
    case 'PublishStorageDeals':
      return encodeWith(publishField, message.params, path)
    case 'PreCommitSector': {
      const p = message.params
      return encodeWith(
        preCommitField,
        {
          sealProof: SEAL_PROOF,
          sectorNumber: p.sectorNumber,
          sealedCid: p.sealedCid,
          sealRandEpoch: 0,
          dealIds: p.dealIds,
          expiration: p.expiration,
          replaceCapacity: false,
          replaceSectorDeadline: 0,
          replaceSectorPartition: 0,
          replaceSectorNumber: 0n,
        },
        path,
      )
    }
    case 'ProveCommitSector':
      return encodeWith(
        proveCommitField,
        { sectorNumber: message.params.sectorNumber, proof: new Uint8Array(0) },
        path,
      )
    case 'TerminateSectors':
      return encodeWith(
        terminateField,
        { terminations: [{ deadline: 0, partition: 0, sectors: message.params.sectorNumbers }] },
        path,
      )
  }
}

/** The params of a message of `kind`, read from their CBOR. Throws DecodeError. */
export function decodeParams<K extends MessageKind>(
  kind: K,
  bytes: Uint8Array,
  network: Network,
): ChainMessageParams<K> {
  const read = <T>(field: Field<T>): T =>
    decodeWith(field, bytes, `${kind}.Params`, { network }, DEFAULT_MAX_MESSAGE_BYTES)
  const params = ((): ChainMessageParams<MessageKind> => {
    switch (kind) {
      case 'Send':
        // A plain transfer's params are never read by the receiving account.
        return {}
      case 'MarketAddBalance':
        return { address: read(addressField) }
      case 'MarketWithdrawBalance':
        return read(withdrawField)
      case 'PublishStorageDeals':
        return read(publishField)
      case 'PreCommitSector': {
        const wire = read(preCommitField)
        return {
          sectorNumber: wire.sectorNumber,
          sealedCid: wire.sealedCid,
          dealIds: wire.dealIds,
          expiration: wire.expiration,
        }
      }
      case 'ProveCommitSector':
        return { sectorNumber: read(proveCommitField).sectorNumber }
      case 'TerminateSectors':
        return { sectorNumbers: read(terminateField).terminations.flatMap((t) => t.sectors) }
    }
    throw new TypeError(`unknown message kind ${String(kind)}`)
  })()
  return params as ChainMessageParams<K>
}
