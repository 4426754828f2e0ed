/**
 * Every error the library throws is an instance of {@link FilDealError}: it has a stable `code`
 * (`ERR_UPPER_SNAKE`) set both on the class and on the instance, and wraps the original failure as
 * `cause`. Callers match on `code`, never on the message text.
 *
 * @module
 */

/** Options accepted by every error constructor. */
export interface FilDealErrorOptions {
  /** The failure this error wraps. */
  cause?: unknown
}

/** Base class of all errors thrown by this library. */
export class FilDealError extends Error {
  static readonly code: string = 'ERR_FIL_DEAL'
  /** Stable identifier of the failure; match on this, never on `message`. */
  readonly code: string

  constructor(message: string, code: string, options: FilDealErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.name = new.target.name
  }
}

// ---------------------------------------------------------------------------------------------
// Lifecycle engine (src/fsm)
// ---------------------------------------------------------------------------------------------

/** A machine definition is inconsistent (unknown state, duplicate source, ...); raised when it is defined. */
export class InvalidDefinitionError extends FilDealError {
  static override readonly code = 'ERR_INVALID_DEFINITION'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidDefinitionError.code, options)
  }
}

/** An event was sent for an id the group does not hold. Nothing is created. */
export class DealNotFoundError extends FilDealError {
  static override readonly code = 'ERR_DEAL_NOT_FOUND'
  constructor(
    readonly id: string,
    options?: FilDealErrorOptions,
  ) {
    super(`no deal with id ${id}`, DealNotFoundError.code, options)
  }
}

/** `begin` was called for an id that already exists. */
export class DealExistsError extends FilDealError {
  static override readonly code = 'ERR_DEAL_EXISTS'
  constructor(
    readonly id: string,
    options?: FilDealErrorOptions,
  ) {
    super(`a deal with id ${id} already exists`, DealExistsError.code, options)
  }
}

/** The event is not allowed from the record's current state; the record is unchanged. */
export class InvalidTransitionError extends FilDealError {
  static override readonly code = 'ERR_INVALID_TRANSITION'
  constructor(
    readonly id: string,
    readonly state: string,
    readonly event: string,
    options?: FilDealErrorOptions,
  ) {
    super(
      `event ${event} is not allowed in state ${state} (deal ${id})`,
      InvalidTransitionError.code,
      options,
    )
  }
}

/** The record is in a final state; it takes no more events. */
export class DealTerminatedError extends FilDealError {
  static override readonly code = 'ERR_DEAL_TERMINATED'
  constructor(
    readonly id: string,
    readonly state: string,
    options?: FilDealErrorOptions,
  ) {
    super(`deal ${id} is in the final state ${state}`, DealTerminatedError.code, options)
  }
}

/** An event's action threw; the record is unchanged. */
export class ActionFailedError extends FilDealError {
  static override readonly code = 'ERR_ACTION_FAILED'
  constructor(
    readonly id: string,
    readonly event: string,
    options?: FilDealErrorOptions,
  ) {
    super(
      `applying event ${event} to deal ${id} failed: ${messageOf(options?.cause)}`,
      ActionFailedError.code,
      options,
    )
  }
}

/** An event reached a record whose xstate actor had already stopped; the event was not applied. */
export class ActorStoppedError extends FilDealError {
  static override readonly code = 'ERR_ACTOR_STOPPED'
  constructor(
    readonly id: string,
    options?: FilDealErrorOptions,
  ) {
    super(`the actor of deal ${id} is not running`, ActorStoppedError.code, options)
  }
}

/** Reading or writing the datastore failed, or a stored record could not be decoded. */
export class PersistenceError extends FilDealError {
  static override readonly code = 'ERR_PERSISTENCE'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, PersistenceError.code, options)
  }
}

/** The group (or the client/provider) is not started, or was stopped. */
export class NotStartedError extends FilDealError {
  static override readonly code = 'ERR_NOT_STARTED'
  constructor(message = 'not started', options?: FilDealErrorOptions) {
    super(message, NotStartedError.code, options)
  }
}

/** The operation was aborted through its AbortSignal. */
export class AbortError extends FilDealError {
  static override readonly code = 'ERR_ABORTED'
  constructor(message = 'the operation was aborted', options?: FilDealErrorOptions) {
    super(message, AbortError.code, options)
  }
}

/** A call to an adapter (node, chain, network, transfer) failed. */
export class AdapterError extends FilDealError {
  static override readonly code = 'ERR_ADAPTER'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, AdapterError.code, options)
  }
}

/** Text of any thrown value, for deal messages and error chains. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

// ---------------------------------------------------------------------------------------------
// Market domain (src/market)
// ---------------------------------------------------------------------------------------------

/**
 * Why a market decoder refused its input. Stable strings, like error codes: match on them.
 *
 * - `invalid-input`: the input is not a Uint8Array.
 * - `too-large`: the input exceeds the decoder's size limit.
 * - `truncated`: the input ends in the middle of an item.
 * - `trailing-bytes`: bytes are left after the single item the decoder reads.
 * - `invalid-cbor`: a CBOR feature outside the data model (floats, undefined, simple values,
 *   reserved header values, tags other than 42).
 * - `indefinite-length`: an indefinite-length string, array or map.
 * - `non-canonical`: a header, big integer, CID or address that is not in its shortest form.
 * - `too-deep`: nesting beyond the limit while skipping an unknown map entry.
 * - `wrong-type`: a different CBOR major type than the field requires.
 * - `wrong-length`: a tuple with the wrong number of elements.
 * - `out-of-range`: an integer outside the range of its field.
 * - `invalid-utf8`: a text field that must be UTF-8 (a string DealLabel) is not.
 * - `duplicate-key`: a map key appears twice.
 * - `missing-field`: a required map key is absent.
 * - `invalid-cid`, `invalid-address`, `invalid-signature`, `invalid-bigint`: malformed values.
 * - `unknown-status`: a StorageDealStatus code this library does not know.
 * - `invalid-value`: any other malformed value.
 */
export type DecodeErrorReason =
  | 'invalid-input'
  | 'too-large'
  | 'truncated'
  | 'trailing-bytes'
  | 'invalid-cbor'
  | 'indefinite-length'
  | 'non-canonical'
  | 'too-deep'
  | 'wrong-type'
  | 'wrong-length'
  | 'out-of-range'
  | 'invalid-utf8'
  | 'duplicate-key'
  | 'missing-field'
  | 'invalid-cid'
  | 'invalid-address'
  | 'invalid-signature'
  | 'invalid-bigint'
  | 'unknown-status'
  | 'invalid-value'

/** Options of {@link DecodeError}. */
export interface DecodeErrorOptions extends FilDealErrorOptions {
  /** Byte offset in the input where the problem was found. */
  offset?: number
}

/**
 * Bytes could not be decoded into a market value. Decoders throw nothing else. `reason` says what
 * was wrong and `path` where, as Go field names from the decoded type down (`Proposal.DealProposal.Proposal.Label`).
 */
export class DecodeError extends FilDealError {
  static override readonly code = 'ERR_DECODE'
  /** Byte offset in the input, when known. */
  readonly offset: number | undefined

  constructor(
    readonly reason: DecodeErrorReason,
    readonly path: string,
    detail: string,
    options: DecodeErrorOptions = {},
  ) {
    const at = options.offset === undefined ? '' : ` at byte ${options.offset}`
    super(`cannot decode ${path}: ${detail} (${reason}${at})`, DecodeError.code, options)
    this.offset = options.offset
  }
}

/** A value cannot be written in its wire form (undefined CID, amount too large, unsafe integer, ...). */
export class EncodeError extends FilDealError {
  static override readonly code = 'ERR_ENCODE'
  constructor(
    readonly path: string,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`cannot encode ${path}: ${detail}`, EncodeError.code, options)
  }
}

/** A token amount could not be parsed or does not fit its wire form. */
export class InvalidAmountError extends FilDealError {
  static override readonly code = 'ERR_INVALID_AMOUNT'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidAmountError.code, options)
  }
}

/** A piece size is not a valid padded (power of two, at least 128) or unpadded (127 × 2^n) size. */
export class InvalidPieceSizeError extends FilDealError {
  static override readonly code = 'ERR_INVALID_PIECE_SIZE'
  constructor(
    readonly size: number,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`invalid piece size ${size}: ${detail}`, InvalidPieceSizeError.code, options)
  }
}

/** A Filecoin address string or byte form is malformed or of an unsupported kind. */
export class InvalidAddressError extends FilDealError {
  static override readonly code = 'ERR_INVALID_ADDRESS'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidAddressError.code, options)
  }
}

/** A signature's byte form is malformed (empty, too long, unknown type byte). Not used for failed checks. */
export class InvalidSignatureError extends FilDealError {
  static override readonly code = 'ERR_INVALID_SIGNATURE'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidSignatureError.code, options)
  }
}

/** A deal label is longer than 256 bytes, or a string label is not well-formed Unicode. */
export class InvalidLabelError extends FilDealError {
  static override readonly code = 'ERR_INVALID_LABEL'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidLabelError.code, options)
  }
}

/** A libp2p peer ID string is not a base58btc multihash or a libp2p-key CID. */
export class InvalidPeerIdError extends FilDealError {
  static override readonly code = 'ERR_INVALID_PEER_ID'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidPeerIdError.code, options)
  }
}

/** A deal UUID (Boost mk/1.2) is not 16 bytes or its text is not an RFC 4122 UUID. */
export class InvalidDealUuidError extends FilDealError {
  static override readonly code = 'ERR_INVALID_DEAL_UUID'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidDealUuidError.code, options)
  }
}

/** A StorageDealStatus name or numeric code that go-fil-markets v1.28.3 does not define. */
export class UnknownStatusError extends FilDealError {
  static override readonly code = 'ERR_UNKNOWN_STATUS'
  constructor(
    readonly status: string | number,
    options?: FilDealErrorOptions,
  ) {
    super(`unknown storage deal status ${JSON.stringify(status)}`, UnknownStatusError.code, options)
  }
}

/** A client or provider event name or numeric code that go-fil-markets v1.28.3 does not define. */
export class UnknownDealEventError extends FilDealError {
  static override readonly code = 'ERR_UNKNOWN_DEAL_EVENT'
  constructor(
    readonly side: 'client' | 'provider',
    readonly event: string | number,
    options?: FilDealErrorOptions,
  ) {
    super(`unknown ${side} event ${JSON.stringify(event)}`, UnknownDealEventError.code, options)
  }
}

/** The wallet holds no key for the address asked to sign. */
export class KeyNotFoundError extends FilDealError {
  static override readonly code = 'ERR_KEY_NOT_FOUND'
  constructor(
    readonly address: string,
    options?: FilDealErrorOptions,
  ) {
    super(`no key for address ${address}`, KeyNotFoundError.code, options)
  }
}

/** A private key given to the wallet is malformed or of an unsupported type. */
export class InvalidKeyError extends FilDealError {
  static override readonly code = 'ERR_INVALID_KEY'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidKeyError.code, options)
  }
}

// ---------------------------------------------------------------------------------------------
// Network, transfer and pieces (src/adapters)
// ---------------------------------------------------------------------------------------------

/** No peer with that id is reachable on the network (or the data-transfer hub). */
export class PeerUnreachableError extends FilDealError {
  static override readonly code = 'ERR_PEER_UNREACHABLE'
  constructor(
    readonly peer: string,
    options?: FilDealErrorOptions,
  ) {
    super(`peer ${peer} is not reachable`, PeerUnreachableError.code, options)
  }
}

/** The peer is reachable but does not handle the protocol (no receiver set, or it stopped handling). */
export class ProtocolNotSupportedError extends FilDealError {
  static override readonly code = 'ERR_PROTOCOL_NOT_SUPPORTED'
  constructor(
    readonly peer: string,
    readonly protocol: string,
    options?: FilDealErrorOptions,
  ) {
    super(`peer ${peer} does not handle ${protocol}`, ProtocolNotSupportedError.code, options)
  }
}

/** The remote end closed or reset the stream before sending what this end waits for. */
export class StreamResetError extends FilDealError {
  static override readonly code = 'ERR_STREAM_RESET'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, StreamResetError.code, options)
  }
}

/** This end of the stream is closed, or its one message in that direction was already written or read. */
export class StreamClosedError extends FilDealError {
  static override readonly code = 'ERR_STREAM_CLOSED'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, StreamClosedError.code, options)
  }
}

/** A stream operation (open, write, read) did not finish within its deadline; the stream was reset. */
export class StreamTimeoutError extends FilDealError {
  static override readonly code = 'ERR_STREAM_TIMEOUT'
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    options?: FilDealErrorOptions,
  ) {
    super(`${operation} did not finish within ${timeoutMs} ms`, StreamTimeoutError.code, options)
  }
}

/** A network message exceeds the size limit; nothing was delivered. */
export class MessageTooLargeError extends FilDealError {
  static override readonly code = 'ERR_MESSAGE_TOO_LARGE'
  constructor(
    readonly size: number,
    readonly limit: number,
    options?: FilDealErrorOptions,
  ) {
    super(`message of ${size} bytes exceeds the limit of ${limit} bytes`, MessageTooLargeError.code, options)
  }
}

/** The client has no payload registered under the root CID it was asked to push. */
export class PayloadNotFoundError extends FilDealError {
  static override readonly code = 'ERR_PAYLOAD_NOT_FOUND'
  constructor(
    readonly root: string,
    options?: FilDealErrorOptions,
  ) {
    super(`no payload registered for root ${root}`, PayloadNotFoundError.code, options)
  }
}

/** No data-transfer channel with that id exists. */
export class ChannelNotFoundError extends FilDealError {
  static override readonly code = 'ERR_CHANNEL_NOT_FOUND'
  constructor(
    readonly channel: string,
    options?: FilDealErrorOptions,
  ) {
    super(`no data-transfer channel ${channel}`, ChannelNotFoundError.code, options)
  }
}

/** The data-transfer channel failed or was cancelled, so it cannot be restarted. */
export class ChannelClosedError extends FilDealError {
  static override readonly code = 'ERR_CHANNEL_CLOSED'
  constructor(
    readonly channel: string,
    readonly status: string,
    options?: FilDealErrorOptions,
  ) {
    super(`data-transfer channel ${channel} is ${status}`, ChannelClosedError.code, options)
  }
}

/** A CID is not a piece CID: version 1, codec fil-commitment-unsealed, sha2-256-trunc254-padded, 32 bytes. */
export class InvalidPieceCidError extends FilDealError {
  static override readonly code = 'ERR_INVALID_PIECE_CID'
  constructor(
    readonly cid: string,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`${cid} is not a piece CID: ${detail}`, InvalidPieceCidError.code, options)
  }
}

/**
 * A worker thread hashing part of a piece failed: it threw, could not start, or exited while it
 * still had work. Every other worker of that computation is terminated.
 */
export class PieceHashWorkerError extends FilDealError {
  static override readonly code = 'ERR_PIECE_HASH_WORKER'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, PieceHashWorkerError.code, options)
  }
}

// ---------------------------------------------------------------------------------------------
// Chain (src/adapters)
// ---------------------------------------------------------------------------------------------

/** The market actor holds no deal with this id (never published, timed out, completed or slashed). */
export class MarketDealNotFoundError extends FilDealError {
  static override readonly code = 'ERR_MARKET_DEAL_NOT_FOUND'
  constructor(
    readonly dealId: bigint,
    options?: FilDealErrorOptions,
  ) {
    super(`deal ${dealId} not found on chain`, MarketDealNotFoundError.code, options)
  }
}

/** An address does not resolve to an actor (or to an account, where a key address is asked for). */
export class ActorNotFoundError extends FilDealError {
  static override readonly code = 'ERR_ACTOR_NOT_FOUND'
  constructor(
    readonly address: string,
    options?: FilDealErrorOptions,
  ) {
    super(`actor not found: ${address}`, ActorNotFoundError.code, options)
  }
}

/** The chain has never seen a message with this CID. */
export class MessageNotFoundError extends FilDealError {
  static override readonly code = 'ERR_MESSAGE_NOT_FOUND'
  constructor(
    readonly cid: string,
    options?: FilDealErrorOptions,
  ) {
    super(`message ${cid} not found`, MessageNotFoundError.code, options)
  }
}

/** A tipset key is not on the current chain, or its state is no longer kept. */
export class TipSetNotFoundError extends FilDealError {
  static override readonly code = 'ERR_TIPSET_NOT_FOUND'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, TipSetNotFoundError.code, options)
  }
}

/** The message pool refused a malformed message (unknown sender, wrong recipient, negative value...). */
export class InvalidMessageError extends FilDealError {
  static override readonly code = 'ERR_INVALID_MESSAGE'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, InvalidMessageError.code, options)
  }
}

/** A message executed with a non-zero exit code where success was required. */
export class MessageFailedError extends FilDealError {
  static override readonly code = 'ERR_MESSAGE_FAILED'
  constructor(
    readonly cid: string,
    readonly exitCode: number,
    what: string,
    options?: FilDealErrorOptions,
  ) {
    super(`${what}: message ${cid} failed with exit code ${exitCode}`, MessageFailedError.code, options)
  }
}

/**
 * Why a deal's publication could not be confirmed (stable strings, match on them):
 * - `no-publish-message`: the deal record names no publish message;
 * - `wrong-sender`: the message was not sent by the provider's owner, worker or a control address;
 * - `not-publish-message`: the message is not a PublishStorageDeals to the market actor;
 * - `proposal-missing`: the message does not carry this proposal;
 * - `invalid-at-publication`: the market actor skipped this proposal (its ValidDeals bit is clear);
 * - `proposal-mismatch`: the deal stored under the id found is a different proposal.
 */
export type DealPublicationReason =
  | 'no-publish-message'
  | 'wrong-sender'
  | 'not-publish-message'
  | 'proposal-missing'
  | 'invalid-at-publication'
  | 'proposal-mismatch'

/** A deal's publication could not be confirmed on chain; `reason` says why. */
export class DealPublicationError extends FilDealError {
  static override readonly code = 'ERR_DEAL_PUBLICATION'
  constructor(
    readonly reason: DealPublicationReason,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`deal publication check failed (${reason}): ${detail}`, DealPublicationError.code, options)
  }
}

/**
 * Why watching a deal on chain failed (stable strings, match on them):
 * - `not-activated`: the chain passed the deal's start epoch and the deal is not active;
 * - `deal-gone`: the deal disappeared from the market actor while waiting for its sector;
 * - `slashed`: the deal was already slashed when watching started;
 * - `chain-error`: reading the chain failed or the head subscription ended.
 */
export type DealWatchReason = 'not-activated' | 'deal-gone' | 'slashed' | 'chain-error'

/** Watching a deal on chain failed; passed to the watch's callback. */
export class DealWatchError extends FilDealError {
  static override readonly code = 'ERR_DEAL_WATCH'
  constructor(
    readonly reason: DealWatchReason,
    readonly dealId: bigint,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`deal ${dealId}: ${detail}`, DealWatchError.code, options)
  }
}

/**
 * The simulated chain's accounting broke one of its invariants (total supply constant, escrow never
 * negative, locked never above escrow, locked equal to what open deals hold). Always a bug.
 */
export class ChainInvariantError extends FilDealError {
  static override readonly code = 'ERR_CHAIN_INVARIANT'
  constructor(
    readonly epoch: number,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`chain invariant violated at epoch ${epoch}: ${detail}`, ChainInvariantError.code, options)
  }
}

/** The chain was closed; no more reads, messages or head changes. */
export class ChainClosedError extends FilDealError {
  static override readonly code = 'ERR_CHAIN_CLOSED'
  constructor(message = 'the chain is closed', options?: FilDealErrorOptions) {
    super(message, ChainClosedError.code, options)
  }
}

/**
 * A provider node could not tell within its bound (`publishSearchTimeoutMs`) whether a proposal
 * was already sent in a publish message (the chain did not answer the search of earlier publish
 * messages). Nothing was published; the deal may try again later, never blindly publish twice.
 */
export class PublishSearchTimeoutError extends FilDealError {
  static override readonly code = 'ERR_PUBLISH_SEARCH_TIMEOUT'
  constructor(
    readonly timeoutMs: number,
    options?: FilDealErrorOptions,
  ) {
    super(
      `the chain did not answer the search for an earlier publish message within ${timeoutMs / 1000} s`,
      PublishSearchTimeoutError.code,
      options,
    )
  }
}

/**
 * A chain call made while reserving market funds did not answer within the node's bound
 * (`fundsCallTimeoutMs`): that reservation fails, so a hung call cannot hold the reservations of
 * other deals queued behind it. Nothing was reserved; when `call` is `MarketAddBalance` the
 * add-funds message may still have been sent, and its funds count once they reach escrow.
 */
export class FundsCallTimeoutError extends FilDealError {
  static override readonly code = 'ERR_FUNDS_CALL_TIMEOUT'
  constructor(
    readonly call: string,
    readonly address: string,
    readonly timeoutMs: number,
    options?: FilDealErrorOptions,
  ) {
    const sent =
      call === 'MarketAddBalance'
        ? '; the add-funds message may still have been sent, and its funds will count once they reach escrow'
        : ''
    super(
      `reserving funds for ${address}: the chain did not answer ${call} within ${timeoutMs / 1000} s, so nothing was reserved${sent}`,
      FundsCallTimeoutError.code,
      options,
    )
  }
}

// ---------------------------------------------------------------------------------------------
// Client lifecycle (src/client)
// ---------------------------------------------------------------------------------------------

/** A deal was proposed without its piece CID and size; the client computes no piece commitment. */
export class MissingPieceCommitmentError extends FilDealError {
  static override readonly code = 'ERR_MISSING_PIECE_COMMITMENT'
  constructor(
    readonly transferType: string,
    options?: FilDealErrorOptions,
  ) {
    super(
      `a ${transferType === 'manual' ? 'manual' : transferType || 'online'} deal needs DataRef.PieceCid and DataRef.PieceSize`,
      MissingPieceCommitmentError.code,
      options,
    )
  }
}

/** The padded piece does not fit in one of the provider's sectors. */
export class PieceTooLargeError extends FilDealError {
  static override readonly code = 'ERR_PIECE_TOO_LARGE'
  constructor(
    readonly paddedSize: number,
    readonly sectorSize: bigint,
    options?: FilDealErrorOptions,
  ) {
    super(
      `a padded piece of ${paddedSize} bytes exceeds the sector size ${sectorSize}`,
      PieceTooLargeError.code,
      options,
    )
  }
}

/** The provider answered an ask request with no ask. */
export class AskNotFoundError extends FilDealError {
  static override readonly code = 'ERR_ASK_NOT_FOUND'
  constructor(
    readonly miner: string,
    options?: FilDealErrorOptions,
  ) {
    super(`the provider has no ask for miner ${miner}`, AskNotFoundError.code, options)
  }
}

/** The provider answered an ask request with the ask of another miner. */
export class AskMinerMismatchError extends FilDealError {
  static override readonly code = 'ERR_ASK_MINER_MISMATCH'
  constructor(
    readonly expected: string,
    readonly actual: string,
    options?: FilDealErrorOptions,
  ) {
    super(`asked for the ask of ${expected}, got the ask of ${actual}`, AskMinerMismatchError.code, options)
  }
}

/** A provider's signed answer (ask or deal status) is not signed by the provider's worker. */
export class SignatureNotVerifiedError extends FilDealError {
  static override readonly code = 'ERR_SIGNATURE_NOT_VERIFIED'
  constructor(
    readonly subject: 'ask' | 'deal-status',
    readonly signer: string,
    options?: FilDealErrorOptions,
  ) {
    super(`the ${subject} answer is not signed by ${signer}`, SignatureNotVerifiedError.code, options)
  }
}

/** A provider answered a mk/1.2 status query with an error instead of the deal's status. */
export class ProviderQueryFailedError extends FilDealError {
  static override readonly code = 'ERR_PROVIDER_QUERY_FAILED'
  constructor(
    readonly providerError: string,
    options?: FilDealErrorOptions,
  ) {
    super(
      `the provider could not answer the status query: ${providerError}`,
      ProviderQueryFailedError.code,
      options,
    )
  }
}

/**
 * A deal cannot run over the protocol family it needs: the network lacks the mk/1.2 members, the
 * provider serves no deal protocol the client speaks, or an mk/1.2 online deal has no transfer
 * registry to serve its data.
 */
export class ProtocolFamilyUnavailableError extends FilDealError {
  static override readonly code = 'ERR_PROTOCOL_FAMILY_UNAVAILABLE'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, ProtocolFamilyUnavailableError.code, options)
  }
}

// ---------------------------------------------------------------------------------------------
// Provider lifecycle (src/provider)
// ---------------------------------------------------------------------------------------------

/**
 * The wallet that pays for a provider's chain message cannot pay yet. Node adapters reject
 * `publishDeals` with it (or any error with this `code`); the publisher keeps the deals queued and
 * tries again later.
 */
export class NotEnoughFundsError extends FilDealError {
  static override readonly code = 'ERR_NOT_ENOUGH_FUNDS'
  constructor(message = 'not enough funds', options?: FilDealErrorOptions) {
    super(message, NotEnoughFundsError.code, options)
  }
}

/** One deal of a publish batch that cannot be published, by its index in the batch. */
export interface RejectedPublishDeal {
  /** Index of the deal in the array given to `publishDeals`. */
  readonly index: number
  /** Why the deal cannot be published. */
  readonly reason: string
}

/**
 * Some deals of a publish batch are invalid (for example a simulated publish refused them), so no
 * message was sent. Node adapters reject `publishDeals` with it (or any error with this `code` and a
 * `rejected` list); the publisher fails those deals alone and publishes the others without them.
 */
export class PublishDealsRejectedError extends FilDealError {
  static override readonly code = 'ERR_PUBLISH_DEALS_REJECTED'
  constructor(
    readonly rejected: readonly RejectedPublishDeal[],
    options?: FilDealErrorOptions,
  ) {
    super(
      `deals refused for publishing: ${rejected.map((r) => `#${r.index} (${r.reason})`).join(', ')}`,
      PublishDealsRejectedError.code,
      options,
    )
  }
}

/** This deal was left out of its publish batch because it cannot be published. */
export class DealNotPublishableError extends FilDealError {
  static override readonly code = 'ERR_DEAL_NOT_PUBLISHABLE'
  constructor(reason: string, options?: FilDealErrorOptions) {
    super(`the deal cannot be published: ${reason}`, DealNotPublishableError.code, options)
  }
}

/** A staging area does not exist (never created, or already deleted). */
export class StagedFileNotFoundError extends FilDealError {
  static override readonly code = 'ERR_STAGED_FILE_NOT_FOUND'
  constructor(
    readonly path: string,
    options?: FilDealErrorOptions,
  ) {
    super(`no staged file ${path}`, StagedFileNotFoundError.code, options)
  }
}

/** More bytes were written to a staging area than it accepts. */
export class StagingLimitError extends FilDealError {
  static override readonly code = 'ERR_STAGING_LIMIT'
  constructor(
    readonly path: string,
    readonly limit: bigint,
    options?: FilDealErrorOptions,
  ) {
    super(`staged file ${path} would exceed its limit of ${limit} bytes`, StagingLimitError.code, options)
  }
}

/** Imported or transferred data does not have the piece commitment the proposal names. */
export class PieceCommitmentMismatchError extends FilDealError {
  static override readonly code = 'ERR_PIECE_COMMITMENT_MISMATCH'
  constructor(
    readonly expected: string,
    readonly actual: string,
    options?: FilDealErrorOptions,
  ) {
    super(
      `piece commitment ${actual} differs from the proposal's ${expected}`,
      PieceCommitmentMismatchError.code,
      options,
    )
  }
}

/** A response was to be sent for a proposal whose client stream is not open (closed, or lost in a restart). */
export class DealStreamNotFoundError extends FilDealError {
  static override readonly code = 'ERR_DEAL_STREAM_NOT_FOUND'
  constructor(
    readonly proposalCid: string,
    options?: FilDealErrorOptions,
  ) {
    super(`no open deal stream for proposal ${proposalCid}`, DealStreamNotFoundError.code, options)
  }
}

/** The provider refused an incoming data push (unknown deal, wrong state or payload root, offline deal). */
export class TransferRefusedError extends FilDealError {
  static override readonly code = 'ERR_TRANSFER_REFUSED'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, TransferRefusedError.code, options)
  }
}

// ---------------------------------------------------------------------------------------------
// Embedded default (src/embedded)
// ---------------------------------------------------------------------------------------------

/** A deal that had not finished when an embedded run gave up. */
export interface StuckDeal {
  readonly proposalCid: string
  readonly clientState: string | undefined
  readonly providerState: string | undefined
}

/** An embedded run reached its epoch limit before its condition held; `stuck` names the deals still going. */
export class EmbeddedTimeoutError extends FilDealError {
  static override readonly code = 'ERR_EMBEDDED_TIMEOUT'
  constructor(
    readonly epochs: number,
    readonly stuck: readonly StuckDeal[],
    options?: FilDealErrorOptions,
  ) {
    const list = stuck
      .map(
        (deal) =>
          `${deal.proposalCid} (client ${deal.clientState ?? 'none'}, provider ${deal.providerState ?? 'none'})`,
      )
      .join('; ')
    super(
      `the condition did not hold after ${epochs} epochs${stuck.length === 0 ? '' : `; unfinished deals: ${list}`}`,
      EmbeddedTimeoutError.code,
      options,
    )
  }
}

/** A store directory holds something that is not an embedded market, or a market of an unknown version. */
export class EmbeddedStoreError extends FilDealError {
  static override readonly code = 'ERR_EMBEDDED_STORE'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, EmbeddedStoreError.code, options)
  }
}

// ---------------------------------------------------------------------------------------------
// Lotus JSON-RPC (src/adapters/lotus)
// ---------------------------------------------------------------------------------------------

/**
 * Why a Lotus node refused a call's credentials (stable strings, match on them):
 * - `unauthorized`: the node answered HTTP 401 (no token, a malformed one, or one it did not sign);
 * - `permission`: the token is valid but lacks the permission the method needs.
 */
export type LotusAuthReason = 'unauthorized' | 'permission'

/** A Lotus node refused the call's token. The token itself never appears in the error. */
export class LotusAuthError extends FilDealError {
  static override readonly code = 'ERR_LOTUS_AUTH'
  constructor(
    readonly reason: LotusAuthReason,
    readonly method: string | undefined,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`${method ?? 'connecting'}: ${detail}`, LotusAuthError.code, options)
  }
}

/**
 * A Lotus node could not be reached, the connection broke with the call in flight, or it answered
 * with something no JSON-RPC server sends. `endpoint` is the URL without credentials or query.
 */
export class LotusTransportError extends FilDealError {
  static override readonly code = 'ERR_LOTUS_TRANSPORT'
  /** The HTTP status, when the node answered one. */
  readonly status: number | undefined
  constructor(
    readonly endpoint: string,
    readonly method: string | undefined,
    detail: string,
    options: FilDealErrorOptions & { status?: number } = {},
  ) {
    super(`${method ?? 'connection'} to ${endpoint}: ${detail}`, LotusTransportError.code, options)
    this.status = options.status
  }
}

/**
 * Why a Lotus node refused a request before running the method (go-jsonrpc protocol errors):
 * - `parse-error` (-32700): the body or a parameter does not decode;
 * - `invalid-request` (-32600): no request in the body;
 * - `method-not-found` (-32601): unknown method, or a channel method called over HTTP;
 * - `invalid-params` (-32602): wrong parameter count.
 */
export type LotusProtocolReason = 'parse-error' | 'invalid-request' | 'method-not-found' | 'invalid-params'

/** A Lotus node refused the request itself; `rpcCode` is the JSON-RPC error code. */
export class LotusProtocolError extends FilDealError {
  static override readonly code = 'ERR_LOTUS_PROTOCOL'
  constructor(
    readonly reason: LotusProtocolReason,
    readonly method: string,
    readonly rpcCode: number,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`${method} refused (${reason}): ${detail}`, LotusProtocolError.code, options)
  }
}

/**
 * A Lotus method ran and failed. `rpcCode` is Lotus' code: 1 for most failures, 2–13 for its typed
 * errors (11: actor not found), 0 for a panic. Failures the chain contract names (actor, deal or
 * message not found, not enough funds, unknown tipset, no key) reach callers as that contract
 * error, with this one as `cause`.
 */
export class LotusMethodError extends FilDealError {
  static override readonly code = 'ERR_LOTUS_METHOD'
  constructor(
    readonly method: string,
    readonly rpcCode: number,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`${method} failed (code ${rpcCode}): ${detail}`, LotusMethodError.code, options)
  }
}

/** A Lotus call got no answer within its time limit; it was abandoned (and cancelled on a WebSocket). */
export class LotusTimeoutError extends FilDealError {
  static override readonly code = 'ERR_LOTUS_TIMEOUT'
  constructor(
    readonly method: string,
    readonly timeoutMs: number,
    options?: FilDealErrorOptions,
  ) {
    super(`${method} got no answer within ${timeoutMs} ms`, LotusTimeoutError.code, options)
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP transfer (src/adapters/http-transfer)
// ---------------------------------------------------------------------------------------------

/** A transfer URL is refused before any request: empty, not http(s), or a private address (boost-mk12.md §9.1). */
export class HttpTransferUrlRefusedError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_URL_REFUSED'
  constructor(
    readonly url: string,
    readonly reason: string,
    options?: FilDealErrorOptions,
  ) {
    super(`transfer url ${JSON.stringify(url)} refused: ${reason}`, HttpTransferUrlRefusedError.code, options)
  }
}

/**
 * The data server answered a HEAD or GET with an unexpected status. `retryable` is false for 4xx
 * answers, which end the transfer at once.
 */
export class HttpTransferStatusError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_STATUS'
  constructor(
    readonly method: string,
    readonly status: number,
    readonly statusText: string,
    options?: FilDealErrorOptions,
  ) {
    super(
      `http ${method} req failed: code: ${status}, status: ${statusText}`,
      HttpTransferStatusError.code,
      options,
    )
  }

  /** Whether another attempt may succeed (not a 4xx). */
  get retryable(): boolean {
    return this.status < 400 || this.status >= 500
  }
}

/**
 * The server's idea of the size differs from the declared `Transfer.Size` (HEAD Content-Length, a
 * GET's Content-Length or Content-Range), or HEAD gave no Content-Length (`actual` undefined).
 */
export class HttpTransferSizeMismatchError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_SIZE_MISMATCH'
  constructor(
    readonly declared: bigint,
    readonly actual: bigint | undefined,
    options?: FilDealErrorOptions,
  ) {
    super(
      actual === undefined
        ? "can't determine deal size from the head request, no header"
        : `deal size mismatch: head: ${actual}, dealInfo: ${declared}`,
      HttpTransferSizeMismatchError.code,
      options,
    )
  }
}

/** The server sent more bytes than asked for; nothing beyond the declared size was written. */
export class HttpTransferSizeExceededError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_SIZE_EXCEEDED'
  constructor(
    readonly expected: bigint,
    readonly offset: bigint,
    options?: FilDealErrorOptions,
  ) {
    super(
      `the server sent more than the ${expected} bytes asked for from offset ${offset}`,
      HttpTransferSizeExceededError.code,
      options,
    )
  }
}

/** The server ignored a Range request (200 for part of the file) or answered another range. */
export class HttpTransferRangeError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_RANGE'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, HttpTransferRangeError.code, options)
  }
}

/** A request received no byte for `timeoutMs`; the attempt was abandoned (and is retried). */
export class HttpTransferStalledError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_STALLED'
  constructor(
    readonly timeoutMs: number,
    options?: FilDealErrorOptions,
  ) {
    super(`no data received for ${timeoutMs} ms`, HttpTransferStalledError.code, options)
  }
}

/** A response body ended before the bytes asked for (a short chunk); not retried, as in Boost. */
export class HttpTransferIncompleteError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_INCOMPLETE'
  constructor(
    readonly expected: bigint,
    readonly received: bigint,
    options?: FilDealErrorOptions,
  ) {
    super(
      `incomplete chunk: expected ${expected} bytes, received ${received}`,
      HttpTransferIncompleteError.code,
      options,
    )
  }
}

/** Every attempt allowed failed; the last failure is the `cause`. */
export class HttpTransferRetriesExhaustedError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_RETRIES_EXHAUSTED'
  constructor(
    readonly attempts: number,
    lastError: string,
    options?: FilDealErrorOptions,
  ) {
    super(
      `could not finish transfer even after ${attempts} attempts, lastErr: ${lastError}`,
      HttpTransferRetriesExhaustedError.code,
      options,
    )
  }
}

/** The whole transfer took longer than its deadline. */
export class HttpTransferTimeoutError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_TIMEOUT'
  constructor(
    readonly timeoutMs: number,
    options?: FilDealErrorOptions,
  ) {
    super(`the transfer did not finish within ${timeoutMs} ms`, HttpTransferTimeoutError.code, options)
  }
}

/** The downloader, pull transfer or CAR server was closed (or not listening yet). */
export class HttpTransferClosedError extends FilDealError {
  static override readonly code = 'ERR_HTTP_TRANSFER_CLOSED'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, HttpTransferClosedError.code, options)
  }
}

// ---------------------------------------------------------------------------------------------
// Push transfer over libp2p (src/adapters/libp2p-transfer)
// ---------------------------------------------------------------------------------------------

/** A push sent more bytes than its request declared; the provider refuses the excess. */
export class PushSizeExceededError extends FilDealError {
  static override readonly code = 'ERR_PUSH_SIZE_EXCEEDED'
  constructor(
    readonly declared: bigint,
    readonly received: bigint,
    options?: FilDealErrorOptions,
  ) {
    super(
      `the push sent at least ${received} bytes but declared ${declared}`,
      PushSizeExceededError.code,
      options,
    )
  }
}

/** No byte moved on a push channel for longer than the stall timeout. */
export class PushStalledError extends FilDealError {
  static override readonly code = 'ERR_PUSH_STALLED'
  constructor(
    readonly channel: string,
    readonly timeoutMs: number,
    options?: FilDealErrorOptions,
  ) {
    super(`push channel ${channel} moved no byte for ${timeoutMs} ms`, PushStalledError.code, options)
  }
}

/** The other end of a push channel broke the protocol or reported a failure. */
export class PushFailedError extends FilDealError {
  static override readonly code = 'ERR_PUSH_FAILED'
  constructor(message: string, options?: FilDealErrorOptions) {
    super(message, PushFailedError.code, options)
  }
}

// ---------------------------------------------------------------------------------------------
// Standalone processes (src/standalone)
// ---------------------------------------------------------------------------------------------

/**
 * A standalone process could not tell which miner actor it works for: none was given and the
 * chain holds no miner, or several.
 */
export class MinerNotChosenError extends FilDealError {
  static override readonly code = 'ERR_MINER_NOT_CHOSEN'
  constructor(
    readonly miners: number,
    options?: FilDealErrorOptions,
  ) {
    super(
      miners === 0
        ? 'the chain has no miner actor'
        : `the chain has ${miners} miner actors: choose one with --miner`,
      MinerNotChosenError.code,
      options,
    )
  }
}

/** A deal followed until a wanted state ended in a failure state first. */
export class DealFailedError extends FilDealError {
  static override readonly code = 'ERR_DEAL_FAILED'
  constructor(
    readonly proposalCid: string,
    readonly state: string,
    readonly reason: string,
    options?: FilDealErrorOptions,
  ) {
    super(
      `deal ${proposalCid} ended in ${state}${reason === '' ? '' : `: ${reason}`}`,
      DealFailedError.code,
      options,
    )
  }
}
