/**
 * An actor method's failure: it aborts the message, rolls back its state changes and becomes the
 * receipt's exit code. Internal to the simulated chain; callers only ever see receipts.
 *
 * @module
 */

/** Thrown by actor methods; `exitCode` ends up in the message receipt. */
export class ActorError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message)
    this.name = 'ActorError'
  }
}
