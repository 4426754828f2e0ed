/**
 * Market domain shared by both deal lifecycles: deal statuses and event names, proposals, asks,
 * records and network messages, token amounts, piece sizes, addresses, signatures, and their
 * go-fil-markets-compatible CBOR encodings.
 *
 * @module
 */

export type { Address, AddressProtocol, Network } from './address.ts'
export { addressEquals, addressFromBytes, idAddress, isAddress, parseAddress } from './address.ts'
export type { TokenAmount } from './amount.ts'
export { ATTO_PER_FIL, bigIntFromBytes, bigIntToBytes, MAX_BIG_INT_BYTES } from './amount.ts'
export type { SignedStorageAsk, StorageAsk } from './ask.ts'
export {
  DEFAULT_ASK_DURATION,
  DEFAULT_ASK_PRICE,
  DEFAULT_ASK_VERIFIED_PRICE,
  DEFAULT_MAX_PIECE_SIZE,
  DEFAULT_MIN_PIECE_SIZE,
} from './ask.ts'
export type { DecodeOptions } from './cbor/field.ts'
export { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_RECORD_BYTES } from './cbor/field.ts'
export type { ChannelID } from './channel-id.ts'
export type { ClientDeal } from './client-deal.ts'
export type { ClientEventName, LegacyClientEventName } from './client-events.ts'
export {
  CLIENT_EVENT_DESCRIPTIONS,
  CLIENT_EVENTS,
  clientEventCode,
  clientEventName,
  isClientEventName,
  LEGACY_CLIENT_EVENTS,
  resolveClientEventName,
} from './client-events.ts'
export {
  decodeAskRequest,
  decodeAskResponse,
  decodeSignedStorageAsk,
  decodeStorageAsk,
  encodeAskRequest,
  encodeAskResponse,
  encodeSignedStorageAsk,
  encodeStorageAsk,
} from './codec/ask.ts'
export {
  decodeDataRef,
  decodeProposal,
  decodeResponse,
  decodeSignedResponse,
  encodeDataRef,
  encodeProposal,
  encodeResponse,
  encodeSignedResponse,
} from './codec/deal-messages.ts'
export {
  decodeClientDealProposal,
  decodeDealLabel,
  decodeDealProposal,
  encodeClientDealProposal,
  encodeDealLabel,
  encodeDealProposal,
} from './codec/deal-proposal.ts'
export {
  dealStatusRequestSigningBytes,
  decodeDealStatusRequest,
  decodeDealStatusResponse,
  decodeProviderDealState,
  encodeDealStatusRequest,
  encodeDealStatusResponse,
  encodeProviderDealState,
} from './codec/deal-status.ts'
export {
  decodeChannelId,
  decodeClientDeal,
  decodeMinerDeal,
  decodeStoredClientDeal,
  decodeStoredMinerDeal,
  encodeChannelId,
  encodeClientDeal,
  encodeMinerDeal,
  encodeStoredClientDeal,
  encodeStoredMinerDeal,
} from './codec/records.ts'
export type { DataRef } from './data-ref.ts'
export { TTGraphsync, TTManual } from './data-ref.ts'
export type { ClientDealProposal, DealProposal } from './deal-proposal.ts'
export {
  clientBalanceRequirement,
  dealDuration,
  providerBalanceRequirement,
  totalStorageFee,
} from './deal-proposal.ts'
export type { DealStage, DealStages, Log } from './deal-stages.ts'
export { addLog, emptyDealStages } from './deal-stages.ts'
export type { CborTime, ChainEpoch, DealID, SectorNumber } from './epoch.ts'
export { cborTimeFromDate, cborTimeToDate, EPOCHS_PER_DAY } from './epoch.ts'
export { exitCodeText } from './exit-code.ts'
export { formatFil, parseFil } from './fil.ts'
export type { DealLabel } from './label.ts'
export {
  DEAL_MAX_LABEL_SIZE,
  EMPTY_DEAL_LABEL,
  isStringLabel,
  isWellFormedString,
  labelByteLength,
  labelEquals,
  labelFromBytes,
  labelFromString,
} from './label.ts'
export type { KeyType, MemoryWalletInit } from './memory-wallet.ts'
export { MemoryWallet } from './memory-wallet.ts'
export type {
  AskRequest,
  AskResponse,
  DealStatusRequest,
  DealStatusResponse,
  Proposal,
  Response,
  SignedResponse,
} from './messages.ts'
export { ASK_PROTOCOL_ID, DEAL_PROTOCOL_ID, DEAL_STATUS_PROTOCOL_ID } from './messages.ts'
export type { MinerDeal } from './miner-deal.ts'
export type {
  DealCheckpoint,
  DealParams,
  DealParamsV120,
  DealResponse,
  DealUUID,
  HttpRequest,
  Mk12AskRequest,
  Mk12AskResponse,
  Mk12DealStatus,
  Mk12DealStatusRequest,
  Mk12DealStatusResponse,
  Transfer,
} from './mk12/index.ts'
export {
  DEAL_CHECKPOINTS,
  DEAL_UUID_BYTES,
  dealCheckpointIndex,
  dealUuidEquals,
  dealUuidFromBytes,
  decodeDealParams,
  decodeDealResponse,
  decodeHttpRequest,
  decodeMk12DealStatus,
  decodeMk12DealStatusRequest,
  decodeMk12DealStatusResponse,
  decodeTransfer,
  encodeDealParams,
  encodeDealParamsV120,
  encodeDealResponse,
  encodeHttpRequest,
  encodeMk12DealStatus,
  encodeMk12DealStatusRequest,
  encodeMk12DealStatusResponse,
  encodeTransfer,
  formatDealUuid,
  isDealCheckpoint,
  isDealUuid,
  LIBP2P_TRANSFER_PROTOCOL_ID,
  MK12_DEAL_PROTOCOL_IDS,
  MK12_DEAL_STATUS_PROTOCOL_ID,
  MK12_MAX_DEAL_PARAMS_BYTES,
  MK12_MAX_PARAMS_BYTES,
  MK12_MAX_SMALL_MESSAGE_BYTES,
  MK12_MAX_STATUS_RESPONSE_BYTES,
  MK12_MAX_TEXT_BYTES,
  MK120_DEAL_PROTOCOL_ID,
  MK121_DEAL_PROTOCOL_ID,
  mk12DealStatusRequestSigningBytes,
  newDealUuid,
  parseDealUuid,
  signMk12DealStatusRequest,
  TRANSFER_TYPE_HTTP,
  TRANSFER_TYPE_LIBP2P,
  verifyMk12DealStatusRequest,
} from './mk12/index.ts'
export type { PeerId } from './peer-id.ts'
export { peerIdEquals, peerIdFromString, peerIdToString } from './peer-id.ts'
export type { PaddedPieceSize, UnpaddedPieceSize } from './piece-size.ts'
export {
  isValidPaddedPieceSize,
  MIN_PADDED_PIECE_SIZE,
  MIN_UNPADDED_PIECE_SIZE,
  toPaddedSize,
  toUnpaddedSize,
  validatePaddedPieceSize,
  validateUnpaddedPieceSize,
} from './piece-size.ts'
export { clientDealProposalCid } from './proposal-cid.ts'
export type { ProviderDealState } from './provider-deal-state.ts'
export type { ProviderEventName } from './provider-events.ts'
export {
  isProviderEventName,
  PROVIDER_EVENT_ALIASES,
  PROVIDER_EVENT_DESCRIPTIONS,
  PROVIDER_EVENTS,
  providerEventCode,
  providerEventName,
  resolveProviderEventName,
} from './provider-events.ts'
export {
  signDealProposal,
  signDealStatusRequest,
  signDealStatusResponse,
  signResponse,
  signStorageAsk,
} from './sign.ts'
export type { Signature, SigTypeCode } from './signature.ts'
export {
  isSigTypeCode,
  MAX_SIGNATURE_BYTES,
  SigType,
  signatureFromBytes,
  signatureToBytes,
} from './signature.ts'
export type { Signer, SignOptions } from './signer.ts'
export type { LegacyStorageDealStatus, StorageDealStatus } from './status.ts'
export {
  isStorageDealStatus,
  LEGACY_STATUS_NAMES,
  resolveStatusName,
  STORAGE_DEAL_STATUSES,
  statusCode,
  statusName,
} from './status.ts'
export type { StatusInfo } from './status-info.ts'
export { STATUS_INFO, statusDescription, statusExpectedDuration } from './status-info.ts'
export {
  verifyDealStatusRequest,
  verifyDealStatusResponse,
  verifyProposalSignature,
  verifySignature,
  verifySignedResponse,
  verifySignedStorageAsk,
} from './verify.ts'
