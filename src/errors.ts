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
    super(`event ${event} is not allowed in state ${state} (deal ${id})`, InvalidTransitionError.code, options)
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
    super(`applying event ${event} to deal ${id} failed: ${messageOf(options?.cause)}`, ActionFailedError.code, options)
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
