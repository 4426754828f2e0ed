/**
 * The fixed texts the provider lifecycle writes into a deal's Message. Each is a prefix followed by
 * ": " and the underlying error, so a Message reads as a chain from the step that failed down to the
 * adapter's own error (the structure go-fil-markets uses). Tests assert these constants, never
 * hand-written copies.
 *
 * @module
 */

import { messageOf } from '../errors.ts'

/** `prefix: error` — the one way a provider message wraps an error. */
export function wrap(prefix: string, error: unknown): string {
  return `${prefix}: ${messageOf(error)}`
}

/** Prefixes set by the event actions. */
export const EventText = {
  nodeErrored: 'node call failed',
  dealRejected: 'deal rejected',
  insufficientFunds: 'not enough funds to publish, the publish is retried later',
  dataTransferFailed: 'data transfer failed',
  transferReported: 'the transfer reported an error',
  dataVerificationFailed: 'data verification failed',
  sendResponseFailed: 'could not send the deal response',
  dealPublishError: 'publish message failed',
  fileStoreErrored: 'staged file access failed',
  dealHandoffFailed: 'hand-off to the sealing subsystem failed',
  dealPrecommitFailed: 'waiting for the sector pre-commit failed',
  dealActivationFailed: 'waiting for the deal activation failed',
  pieceStoreErrored: 'piece not recorded for retrieval',
  dealCompletionFailed: 'waiting for expiry or slashing failed',
  transferStalled: 'the transfer seems stalled; waiting for the client to reconnect',
  transferCancelled: 'the data transfer was cancelled',
  restartTimeout: 'the client did not restart the data transfer in time',
  dataDeadlinePassed: 'the deal can no longer be published in time',
} as const

/**
 * The Message of a deal whose data had not arrived (or not finished arriving) when the chain
 * reached its start epoch.
 */
export function dataDeadlineMessage(startEpoch: number, headEpoch: number): string {
  return `${EventText.dataDeadlinePassed}: start epoch ${startEpoch} passed before the data arrived (chain head at epoch ${headEpoch})`
}

/** Texts produced by ValidateDealProposal, in the order of its checks. */
export const ValidationText = {
  chainHead: 'could not read the chain head',
  signature: 'proposal signature check failed',
  signatureNodeError: 'the node could not verify the signature',
  signatureInvalid: 'the signature is invalid',
  wrongProvider: 'the proposal names another provider',
  labelTooLong: 'the label is longer than 256 bytes',
  pieceSize: 'invalid padded piece size',
  pieceCidMissing: 'the piece CID is missing',
  pieceCidPrefix: 'the piece CID is not a piece commitment',
  endBeforeStart: 'the end epoch is not after the start epoch',
  startPassed: 'the start epoch has already passed',
  duration: 'the deal duration is outside the allowed range',
  endTooFar: 'the end epoch is too far beyond the current epoch',
  startTooSoon: 'the start epoch is too close to the current epoch to seal the deal in time',
  collateralBounds: 'could not get the provider collateral bounds',
  collateralLow: 'the provider collateral is below the minimum',
  collateralHigh: 'the provider collateral is above the maximum',
  noAsk: 'the provider has no ask',
  priceLow: 'the price per epoch is below the ask',
  pieceTooSmall: 'the piece is smaller than the ask allows',
  pieceTooLarge: 'the piece is larger than the ask allows',
  clientBalance: "could not read the client's market balance",
  clientFunds: "the client's available escrow is too small",
  dataCap: "could not fetch the client's DataCap",
  noDataCap: 'the client has no DataCap (not a verified client)',
  dataCapLow: 'the DataCap is smaller than the piece',
} as const

/** Texts produced by the other entry functions. */
export const StepText = {
  decisionFailed: 'the deal filter failed',
  finalizeStaging: 'cannot finalize the staged data',
  commP: 'piece commitment computation failed',
  commPMismatch: "the computed piece commitment differs from the proposal's",
  noStagingArea: 'the deal has no staging area for transferred data',
  chainHeadUnavailable: 'the chain head is unavailable',
  workerLookup: 'miner worker lookup failed',
  reservation: 'reserving the collateral failed',
  noAddFundsCid: 'no add-funds message is recorded',
  addFundsWait: 'waiting for the add-funds message failed',
  addFundsExitCode: 'the add-funds message failed with exit code',
  publishCall: 'the publish call failed',
  publishSearch:
    'could not tell whether the deal was already published, and its start epoch has come: it is not published again',
  publishSearchRetry: 'the search for an earlier publish message failed; searching again later',
  noPublishCid: 'no publish message is recorded',
  publishWait: 'waiting for the publish message failed',
  openPiece: 'cannot open the piece file',
  handoffPiece: 'hand-off of the piece file failed',
  openStaged: 'cannot open the staged data of the deal',
  handoffStaged: 'hand-off of the piece failed',
  registerPiece: 'cannot register the piece for retrieval',
  loadLocations: 'cannot load the block locations',
  storeLocations: 'cannot store the block locations',
  storeDealInfo: 'cannot store the deal info for the piece',
  expiryWatch: 'watching for expiry failed',
  slashingWatch: 'watching for slashing failed',
  releaseFunds: 'releasing the reserved collateral failed',
  cleanup: 'removing staged files failed',
} as const
