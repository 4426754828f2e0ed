/**
 * Boost's deal protocols (`/fil/storage/mk/1.2.x`, `/fil/storage/status/1.2.0`): message types,
 * deal UUIDs, checkpoints and their CBOR codecs.
 *
 * @module
 */

export {
  dealParamsField,
  dealParamsV120Field,
  dealResponseField,
  decodeDealParams,
  decodeDealResponse,
  decodeMk12DealStatus,
  decodeMk12DealStatusRequest,
  decodeMk12DealStatusResponse,
  decodeTransfer,
  encodeDealParams,
  encodeDealParamsV120,
  encodeDealResponse,
  encodeMk12DealStatus,
  encodeMk12DealStatusRequest,
  encodeMk12DealStatusResponse,
  encodeTransfer,
  MK12_MAX_DEAL_PARAMS_BYTES,
  MK12_MAX_SMALL_MESSAGE_BYTES,
  MK12_MAX_STATUS_RESPONSE_BYTES,
  mk12DealStatusField,
  mk12DealStatusRequestField,
  mk12DealStatusRequestSigningBytes,
  mk12DealStatusResponseField,
  transferField,
} from './codec.ts'
export { MK12_MAX_PARAMS_BYTES, MK12_MAX_TEXT_BYTES } from './fields.ts'
export { decodeHttpRequest, encodeHttpRequest } from './http-request.ts'
export { signMk12DealStatusRequest, verifyMk12DealStatusRequest } from './sign.ts'
export type {
  DealCheckpoint,
  DealParams,
  DealParamsV120,
  DealResponse,
  HttpRequest,
  Mk12AskRequest,
  Mk12AskResponse,
  Mk12DealStatus,
  Mk12DealStatusRequest,
  Mk12DealStatusResponse,
  Transfer,
} from './types.ts'
export {
  DEAL_CHECKPOINTS,
  dealCheckpointIndex,
  isDealCheckpoint,
  LIBP2P_TRANSFER_PROTOCOL_ID,
  MK12_DEAL_PROTOCOL_IDS,
  MK12_DEAL_STATUS_PROTOCOL_ID,
  MK120_DEAL_PROTOCOL_ID,
  MK121_DEAL_PROTOCOL_ID,
  TRANSFER_TYPE_HTTP,
  TRANSFER_TYPE_LIBP2P,
} from './types.ts'
export type { DealUUID } from './uuid.ts'
export {
  DEAL_UUID_BYTES,
  dealUuidEquals,
  dealUuidFromBytes,
  formatDealUuid,
  isDealUuid,
  newDealUuid,
  parseDealUuid,
} from './uuid.ts'
