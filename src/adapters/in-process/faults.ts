/**
 * Failures a test can inject into the in-process network.
 *
 * @module
 */
import type { PeerId } from '../network.ts'
import type { WireDirection, WireProtocol } from './wire.ts'

/**
 * A rule that alters matching messages in flight.
 * - `drop`: the message is lost; its reader waits until it aborts or the writer closes the stream
 *   (then it sees StreamResetError, as a client does when a response never made it out).
 * - `stall`: the message is held and the stream kept open whatever the writer does; its reader
 *   waits until it aborts or the provider stops handling (a peer that hangs).
 * - `corrupt`: the bytes are altered; by default the last byte is cut off, which no decoder accepts.
 */
export interface MessageFault {
  readonly action: 'drop' | 'stall' | 'corrupt'
  /** Only messages of this protocol. */
  readonly protocol?: WireProtocol
  /** Only requests or only responses. */
  readonly direction?: WireDirection
  /** Only messages to or from this provider. */
  readonly provider?: PeerId
  /** How to alter the bytes, for `corrupt`; receives a copy. */
  readonly mutate?: (bytes: Uint8Array) => Uint8Array
  /**
   * How many matching messages the rule applies to.
   * @default 1
   */
  readonly times?: number
}

/** Where a message is going, to match it against rules. */
export interface FaultTarget {
  readonly protocol: WireProtocol
  readonly direction: WireDirection
  readonly provider: PeerId
}

/** The armed rules of a network, each used up after `times` matches. */
export class FaultRules {
  readonly #rules: { readonly fault: MessageFault; left: number }[] = []

  /** Arms `fault`; the returned function disarms it. */
  add(fault: MessageFault): () => void {
    const rule = { fault, left: fault.times ?? 1 }
    this.#rules.push(rule)
    return () => {
      rule.left = 0
    }
  }

  /** The first armed rule matching `target`, using up one of its applications. */
  take(target: FaultTarget): MessageFault | undefined {
    const rule = this.#rules.find(
      ({ fault, left }) =>
        left > 0 &&
        (fault.protocol === undefined || fault.protocol === target.protocol) &&
        (fault.direction === undefined || fault.direction === target.direction) &&
        (fault.provider === undefined || fault.provider === target.provider),
    )
    if (rule === undefined) return undefined
    rule.left--
    return rule.fault
  }
}

/** The bytes after a `corrupt` fault. */
export function corrupt(fault: MessageFault, bytes: Uint8Array): Uint8Array {
  return fault.mutate === undefined ? bytes.slice(0, -1) : fault.mutate(Uint8Array.from(bytes))
}
