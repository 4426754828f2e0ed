/**
 * Wire forms of the persisted deal records, ClientDeal and MinerDeal (map encoded, the layout
 * go-fil-markets stores), and of the types only records use: ChannelID (tuple) and the deal-stage
 * timeline (maps).
 *
 * @module
 */

import {
  DEFAULT_MAX_RECORD_BYTES,
  type DecodeOptions,
  decodeWith,
  encodeWith,
  type Field,
  listOf,
  mapOf,
  nullable,
  tupleOf,
} from '../cbor/field.ts'
import {
  boolField,
  int64Field,
  intField,
  peerIdField,
  stringField,
  uint64Field,
  uintField,
} from '../cbor/scalars.ts'
import { addressField, cidField, statusField, storedStatusField, tokenAmountField } from '../cbor/values.ts'
import type { CborNode } from '../cbor/writer.ts'
import type { ChannelID } from '../channel-id.ts'
import type { ClientDeal } from '../client-deal.ts'
import type { ClientDealProposal } from '../deal-proposal.ts'
import type { DealStage, DealStages, Log } from '../deal-stages.ts'
import type { MinerDeal } from '../miner-deal.ts'
import { transferField } from '../mk12/codec.ts'
import { uuidField } from '../mk12/fields.ts'
import type { StorageDealStatus } from '../status.ts'
import { dataRefField } from './deal-messages.ts'
import { clientDealProposalField } from './deal-proposal.ts'

/** ChannelID as a 3-element tuple [Initiator, Responder, ID]; peers are raw-byte text strings. */
export const channelIdField: Field<ChannelID> = tupleOf<ChannelID>({
  Initiator: peerIdField,
  Responder: peerIdField,
  ID: uint64Field,
})

const logField = mapOf<Log>({ Log: stringField, UpdatedTime: int64Field })

const dealStageField = mapOf<DealStage>({
  Name: stringField,
  Description: stringField,
  ExpectedDuration: stringField,
  CreatedTime: int64Field,
  UpdatedTime: int64Field,
  Logs: listOf(logField),
})

/** DealStages, map encoded. */
export const dealStagesField: Field<DealStages> = mapOf<DealStages>({ Stages: listOf(dealStageField) })

/**
 * A key records written before it existed do not have: absent reads as undefined, and undefined is
 * not written at all (see {@link omittingAbsent}), so records without it keep their exact bytes.
 */
function optional<T>(inner: Field<T>): Field<T | undefined> {
  return {
    read: (reader, path) => inner.read(reader, path),
    write: (value, path) =>
      value === undefined ? (undefined as unknown as CborNode) : inner.write(value, path),
    zero: () => undefined,
  }
}

/** A map field whose {@link optional} keys are left out when absent. */
function omittingAbsent<T>(field: Field<T>): Field<T> {
  return {
    ...field,
    read(reader, path) {
      const value = field.read(reader, path) as Record<string, unknown>
      for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key]
      return value as T
    },
    write(value, path) {
      const node = field.write(value, path) as Record<string, CborNode | undefined>
      const out: Record<string, CborNode> = {}
      for (const [key, item] of Object.entries(node)) if (item !== undefined) out[key] = item
      return out
    },
  }
}

/** A record whose signed proposal Go embeds: on the wire, one `ClientDealProposal` entry. */
type Embedded<R extends ClientDealProposal> = Omit<R, keyof ClientDealProposal> & {
  readonly ClientDealProposal: ClientDealProposal
}

function embeddingProposal<R extends ClientDealProposal>(wire: Field<Embedded<R>>): Field<R> {
  return {
    read(reader, path) {
      const { ClientDealProposal: signed, ...rest } = wire.read(reader, path)
      return Object.assign(rest, signed) as unknown as R
    },
    write(value, path) {
      const { Proposal, ClientSignature, ...rest } = value
      return wire.write({ ...rest, ClientDealProposal: { Proposal, ClientSignature } } as Embedded<R>, path)
    },
  }
}

/** ClientDeal, map encoded with 19 keys (21 for mk/1.2 deals); `status` decides how State is written. */
const clientDealFieldWith = (status: Field<StorageDealStatus>): Field<ClientDeal> =>
  embeddingProposal<ClientDeal>(
    omittingAbsent(
      mapOf<Embedded<ClientDeal>>({
        ClientDealProposal: clientDealProposalField,
        ProposalCid: cidField,
        AddFundsCid: nullable(cidField),
        State: status,
        Miner: peerIdField,
        MinerWorker: addressField,
        DealID: uintField,
        DataRef: nullable(dataRefField),
        Message: stringField,
        DealStages: nullable(dealStagesField),
        PublishMessage: nullable(cidField),
        SlashEpoch: intField,
        PollRetryCount: uintField,
        PollErrorCount: uintField,
        FastRetrieval: boolField,
        FundsReserved: tokenAmountField,
        CreationTime: int64Field,
        TransferChannelID: nullable(channelIdField),
        SectorNumber: uintField,
        DealUUID: optional(uuidField),
        Transfer: optional(transferField),
      }),
    ),
  )

/** ClientDeal as go-fil-markets stores it (State as its numeric code). */
export const clientDealField: Field<ClientDeal> = clientDealFieldWith(statusField)
/** ClientDeal as this library stores it (State by name). */
export const storedClientDealField: Field<ClientDeal> = clientDealFieldWith(storedStatusField)

/** MinerDeal, map encoded with 20 keys (22 for mk/1.2 deals); `status` decides how State is written. */
const minerDealFieldWith = (status: Field<StorageDealStatus>): Field<MinerDeal> =>
  embeddingProposal<MinerDeal>(
    omittingAbsent(
      mapOf<Embedded<MinerDeal>>({
        ClientDealProposal: clientDealProposalField,
        ProposalCid: cidField,
        AddFundsCid: nullable(cidField),
        PublishCid: nullable(cidField),
        Miner: peerIdField,
        Client: peerIdField,
        State: status,
        PiecePath: stringField,
        MetadataPath: stringField,
        SlashEpoch: intField,
        FastRetrieval: boolField,
        Message: stringField,
        FundsReserved: tokenAmountField,
        Ref: nullable(dataRefField),
        AvailableForRetrieval: boolField,
        DealID: uintField,
        CreationTime: int64Field,
        TransferChannelId: nullable(channelIdField),
        SectorNumber: uintField,
        InboundCAR: stringField,
        DealUUID: optional(uuidField),
        Transfer: optional(transferField),
      }),
    ),
  )

/** MinerDeal as go-fil-markets stores it (State as its numeric code). */
export const minerDealField: Field<MinerDeal> = minerDealFieldWith(statusField)
/** MinerDeal as this library stores it (State by name). */
export const storedMinerDealField: Field<MinerDeal> = minerDealFieldWith(storedStatusField)

/** The CBOR of a ChannelID. Throws EncodeError. */
export function encodeChannelId(value: ChannelID): Uint8Array {
  return encodeWith(channelIdField, value, 'ChannelID')
}

/** Reads a ChannelID. Throws DecodeError only. */
export function decodeChannelId(bytes: Uint8Array, options?: DecodeOptions): ChannelID {
  return decodeWith(channelIdField, bytes, 'ChannelID', options, DEFAULT_MAX_RECORD_BYTES)
}

/** The CBOR of a client deal record, as go-fil-markets stores it. Throws EncodeError. */
export function encodeClientDeal(value: ClientDeal): Uint8Array {
  return encodeWith(clientDealField, value, 'ClientDeal')
}

/** Reads a client deal record (default limit 1 MiB). Throws DecodeError only. */
export function decodeClientDeal(bytes: Uint8Array, options?: DecodeOptions): ClientDeal {
  return decodeWith(clientDealField, bytes, 'ClientDeal', options, DEFAULT_MAX_RECORD_BYTES)
}

/**
 * The CBOR this library persists a client deal as: go-fil-markets' map layout with State written
 * by name. Throws EncodeError.
 */
export function encodeStoredClientDeal(value: ClientDeal): Uint8Array {
  return encodeWith(storedClientDealField, value, 'ClientDeal')
}

/** Reads a persisted client deal; also reads go-fil-markets records (numeric State). Throws DecodeError only. */
export function decodeStoredClientDeal(bytes: Uint8Array, options?: DecodeOptions): ClientDeal {
  return decodeWith(storedClientDealField, bytes, 'ClientDeal', options, DEFAULT_MAX_RECORD_BYTES)
}

/**
 * The CBOR this library persists a provider deal as: go-fil-markets' map layout with State
 * written by name. Throws EncodeError.
 */
export function encodeStoredMinerDeal(value: MinerDeal): Uint8Array {
  return encodeWith(storedMinerDealField, value, 'MinerDeal')
}

/** Reads a persisted provider deal; also reads go-fil-markets records (numeric State). Throws DecodeError only. */
export function decodeStoredMinerDeal(bytes: Uint8Array, options?: DecodeOptions): MinerDeal {
  return decodeWith(storedMinerDealField, bytes, 'MinerDeal', options, DEFAULT_MAX_RECORD_BYTES)
}

/** The CBOR of a provider deal record, as go-fil-markets stores it. Throws EncodeError. */
export function encodeMinerDeal(value: MinerDeal): Uint8Array {
  return encodeWith(minerDealField, value, 'MinerDeal')
}

/** Reads a provider deal record (default limit 1 MiB). Throws DecodeError only. */
export function decodeMinerDeal(bytes: Uint8Array, options?: DecodeOptions): MinerDeal {
  return decodeWith(minerDealField, bytes, 'MinerDeal', options, DEFAULT_MAX_RECORD_BYTES)
}
