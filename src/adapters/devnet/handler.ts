/**
 * How the devnet's methods are declared: parameter count and permission, a decoder per parameter
 * (whose failure is Lotus' -32700 naming the parameter) and the function that runs against the
 * simulated chain.
 *
 * @module
 */

import type { JsonValue } from '../lotus/json/text.ts'
import { LOTUS_METHODS, type LotusMethod, type LotusPermission } from '../lotus/methods.ts'
import type { SimChain } from '../sim-chain/sim-chain.ts'
import type { TipSetIndex } from './tipset-index.ts'

/** What a method runs with. */
export interface HandlerContext {
  readonly chain: SimChain
  readonly index: TipSetIndex
  /** Nonces of the messages pushed through the devnet, by CID, for ChainGetMessage. */
  readonly nonces: Map<string, number>
  /** Aborts when the caller cancels (xrpc.cancel) or disconnects. */
  readonly signal: AbortSignal
}

/** A parameter that does not decode. */
export class ParamError extends Error {
  constructor(
    readonly index: number,
    cause: unknown,
  ) {
    super(`param ${index}`, { cause })
  }
}

/** The positional parameters of one request. */
export class Params {
  constructor(private readonly values: readonly JsonValue[]) {}

  /** Parameter `index`, decoded. Throws ParamError. */
  get<T>(index: number, decode: (value: unknown, path: string) => T): T {
    try {
      return decode(this.values[index] ?? null, `param ${index}`)
    } catch (error) {
      throw new ParamError(index, error)
    }
  }
}

/** One method of the devnet. */
export interface MethodHandler {
  readonly params: number
  readonly permission: LotusPermission
  /** Only over a WebSocket (ChainNotify), served by the session itself. */
  readonly channel?: true
  run(params: Params, context: HandlerContext): Promise<unknown>
}

/** A Filecoin method, with the parameter count and permission of the Lotus method table. */
export function lotusMethod(
  name: LotusMethod,
  run: (params: Params, context: HandlerContext) => Promise<unknown>,
): MethodHandler {
  const spec = LOTUS_METHODS[name]
  return { params: spec.params, permission: spec.permission, run }
}
