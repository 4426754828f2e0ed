/**
 * Injected message failures: the next messages of a kind fail with a chosen exit code, as if their
 * actor had refused them. Only the fee and the nonce are spent; the state is otherwise unchanged.
 *
 * @module
 */
import type { MessageKind } from '../chain.ts'

/** Failures waiting for their messages, per kind, in the order they were asked for. */
export class FaultPlan {
  readonly #failures = new Map<MessageKind, number[]>()

  /** Makes the next `count` messages of `kind` fail with `exitCode` (non-zero). */
  failNext(kind: MessageKind, exitCode: number, count = 1): void {
    if (!Number.isInteger(exitCode) || exitCode <= 0)
      throw new RangeError(`exit code must be positive: ${exitCode}`)
    const queue = this.#failures.get(kind) ?? []
    for (let i = 0; i < count; i++) queue.push(exitCode)
    this.#failures.set(kind, queue)
  }

  /** The exit code a message of `kind` must fail with now, consuming it; undefined when none is planned. */
  take(kind: MessageKind): number | undefined {
    const queue = this.#failures.get(kind)
    const code = queue?.shift()
    if (queue !== undefined && queue.length === 0) this.#failures.delete(kind)
    return code
  }

  /** Failures still waiting for a message of `kind`. */
  pending(kind: MessageKind): number {
    return this.#failures.get(kind)?.length ?? 0
  }
}
