/**
 * Boost's pull transfer in process: the client end registers a deal's CAR under an `http://` URL
 * that names no real server, and the provider end "downloads" it from the hub, with the checks and
 * the channel events of the HTTP pull (declared size, bearer header, accepted → opened → initiated
 * → progress → completed or failed). It lets the mk/1.2 lifecycles run end to end in one process
 * without sockets; the HTTP pull (`src/adapters/http-transfer`) is the real implementation.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import { AbortError } from '../../errors.ts'
import {
  type DealUUID,
  encodeHttpRequest,
  formatDealUuid,
  type HttpRequest,
  type Transfer,
} from '../../market/index.ts'
import type {
  ChannelId,
  ProviderDataTransfer,
  StorageDataTransferVoucher,
  TransferEvent,
  TransferListener,
  TransferValidator,
} from '../data-transfer.ts'
import type { PeerId } from '../network.ts'
import type { AbortOptions } from '../node.ts'
import { type ByteSource, chunksOf } from '../piece/byte-source.ts'

/** Base of the URLs the hub hands out; `.invalid` never resolves, so nothing real is ever asked. */
export const IN_PROCESS_PULL_BASE_URL = 'http://in-process-pull.invalid'

/** Finds the CAR bytes of a payload root, or undefined when the client has none. */
export type PayloadLookup = (root: CID) => ByteSource | undefined | Promise<ByteSource | undefined>

/** A failure the next pulls meet after they opened (a 4xx answer, a cut connection, …). */
export interface PullFault {
  /** The text of the `failed` event. */
  readonly message: string
  /** Only pulls of this URL. */
  readonly url?: string
  /** Bytes delivered before the failure. @default 0 */
  readonly afterBytes?: number
  /** Extra bytes sent beyond the declared size instead of failing (the provider must refuse them). */
  readonly oversend?: boolean
}

interface Served {
  readonly source: ByteSource
  readonly size: number
  readonly token: string
}

/** Connects in-process CAR registries (client ends) and pull transfers (provider ends). */
export class InProcessPullHub {
  readonly #served = new Map<string, Served>()
  readonly #faults: PullFault[] = []

  /** The client end: serves CARs found by `lookup` to pulls that present the registration's token. */
  registry(lookup: PayloadLookup): InProcessTransferRegistry {
    return new InProcessTransferRegistry(this, lookup)
  }

  /** The provider end of `peer`. */
  provider(peer: PeerId): InProcessPullTransfer {
    return new InProcessPullTransfer(peer, this)
  }

  /** Arm a fault for the next matching pull. */
  injectFault(fault: PullFault): void {
    this.#faults.push(fault)
  }

  /** URLs currently served. */
  get served(): readonly string[] {
    return [...this.#served.keys()]
  }

  /** @internal */
  serve(url: string, served: Served): void {
    this.#served.set(url, served)
  }

  /** @internal */
  unserve(url: string): void {
    this.#served.delete(url)
  }

  /** @internal */
  lookup(url: string): Served | undefined {
    return this.#served.get(url)
  }

  /** @internal The first armed fault for `url`, used up. */
  takeFault(url: string): PullFault | undefined {
    const index = this.#faults.findIndex((fault) => fault.url === undefined || fault.url === url)
    if (index < 0) return undefined
    return this.#faults.splice(index, 1)[0]
  }
}

/** The deal a registration is for (the client's `ClientTransferRegistry.register` argument). */
export interface InProcessPayloadToServe {
  readonly dealUuid: DealUUID
  readonly root: CID
}

/** The client end: a transfer registry (`ClientTransferRegistry`) over an {@link InProcessPullHub}. */
export class InProcessTransferRegistry {
  readonly #hub: InProcessPullHub
  readonly #lookup: PayloadLookup
  readonly #urls = new Map<string, string>()

  /** @internal Use `InProcessPullHub.registry`. */
  constructor(hub: InProcessPullHub, lookup: PayloadLookup) {
    this.#hub = hub
    this.#lookup = lookup
  }

  /** Serve the CAR of `payload.root` and return the Transfer for DealParams. Rejects for an unknown root. */
  async register(payload: InProcessPayloadToServe, options?: AbortOptions): Promise<Transfer> {
    if (options?.signal?.aborted) throw new AbortError()
    const source = await this.#lookup(payload.root)
    if (source === undefined) throw new Error(`no payload is known for root ${payload.root}`)
    let size = 0
    for await (const chunk of chunksOf(source)) size += chunk.length
    const name = formatDealUuid(payload.dealUuid)
    const url = `${IN_PROCESS_PULL_BASE_URL}/${name}`
    const token = `token-${name}`
    this.#hub.serve(url, { source, size, token })
    this.#urls.set(name, url)
    const request: HttpRequest = { URL: url, Headers: { Authorization: `Bearer ${token}` } }
    return { Type: 'http', ClientID: '', Params: encodeHttpRequest(request), Size: size }
  }

  /** Stop serving the deal's CAR. */
  release(dealUuid: DealUUID): void {
    const name = formatDealUuid(dealUuid)
    const url = this.#urls.get(name)
    if (url === undefined) return
    this.#urls.delete(name)
    this.#hub.unserve(url)
  }
}

/** One pull, as the provider lifecycle asks for it (the provider's `PullSpec`). */
export interface InProcessPullSpec {
  readonly from: PeerId
  readonly voucher: StorageDataTransferVoucher
  readonly root: CID
  readonly request: HttpRequest
  readonly size: bigint
}

/** The provider end: a pull transfer (`ProviderPullTransfer`) over an {@link InProcessPullHub}. */
export class InProcessPullTransfer implements ProviderDataTransfer {
  readonly #hub: InProcessPullHub
  readonly #listeners = new Set<TransferListener>()
  readonly #pulls = new Map<bigint, { spec: InProcessPullSpec; cancel: AbortController }>()
  #validator: TransferValidator | undefined
  #next = 1n

  /** @internal Use `InProcessPullHub.provider`. */
  constructor(
    readonly peerId: PeerId,
    hub: InProcessPullHub,
  ) {
    this.#hub = hub
  }

  /** Register the validator that accepts pulls and hands out their sinks. */
  setValidator(validator: TransferValidator): void {
    this.#validator = validator
  }

  /** Observe every pull of this end. */
  subscribe(listener: TransferListener): () => void {
    const entry: TransferListener = (event) => listener(event)
    this.#listeners.add(entry)
    return () => {
      this.#listeners.delete(entry)
    }
  }

  /**
   * Validate and start a pull; resolves with its channel once accepted. Rejects with the
   * validator's refusal, or when no validator is set; a refused pull reports no event.
   */
  async pull(spec: InProcessPullSpec, options?: AbortOptions): Promise<ChannelId> {
    const validator = this.#validator
    if (validator === undefined) throw new Error('no transfer validator is registered')
    const sink = await validator.validatePush(spec.from, spec.voucher, spec.root, options)
    const channel: ChannelId = { initiator: this.peerId, responder: spec.from, id: this.#next++ }
    const cancel = new AbortController()
    this.#pulls.set(channel.id, { spec, cancel })
    this.#emit('accepted', channel, spec, 0n)
    void this.#run(channel, spec, sink, cancel.signal)
    return channel
  }

  /** Start a known pull again from its first byte (a new attempt), reported as `restarted`. */
  async restart(channel: ChannelId, options?: AbortOptions): Promise<void> {
    const pull = this.#pulls.get(channel.id)
    if (pull === undefined) throw new Error(`unknown pull channel ${channel.id}`)
    const validator = this.#validator
    if (validator === undefined) throw new Error('no transfer validator is registered')
    pull.cancel.abort()
    const { spec } = pull
    const sink = await validator.validatePush(spec.from, spec.voucher, spec.root, options)
    const cancel = new AbortController()
    this.#pulls.set(channel.id, { spec, cancel })
    this.#emit('restarted', channel, spec, 0n)
    void this.#run(channel, spec, sink, cancel.signal, true)
  }

  /** Cancel a pull (`cancelled` event); unknown channels are ignored. */
  cancel(channel: ChannelId): void {
    const pull = this.#pulls.get(channel.id)
    if (pull === undefined) return
    this.#pulls.delete(channel.id)
    pull.cancel.abort()
    this.#emit('cancelled', channel, pull.spec, 0n)
  }

  async #run(
    channel: ChannelId,
    spec: InProcessPullSpec,
    sink: Awaited<ReturnType<TransferValidator['validatePush']>>,
    signal: AbortSignal,
    restarted = false,
  ): Promise<void> {
    await Promise.resolve()
    const fail = (message: string, received: bigint): void => {
      this.#pulls.delete(channel.id)
      this.#emit('failed', channel, spec, received, message)
    }
    const url = spec.request.URL
    const served = this.#hub.lookup(url)
    const auth = spec.request.Headers?.Authorization
    if (served === undefined) return fail('http HEAD req failed: code: 404, status: 404 Not Found', 0n)
    if (auth !== `Bearer ${served.token}`)
      return fail('http HEAD req failed: code: 403, status: 403 Forbidden', 0n)
    if (spec.size !== 0n && BigInt(served.size) !== spec.size) {
      return fail(`deal size mismatch: head: ${served.size}, dealInfo: ${spec.size}`, 0n)
    }
    if (!restarted) this.#emit('opened', channel, spec, 0n)
    const fault = this.#hub.takeFault(url)
    const declared = BigInt(served.size)
    let received = 0n
    try {
      for await (const chunk of chunksOf(served.source, signal)) {
        let bytes = chunk
        if (
          fault !== undefined &&
          !fault.oversend &&
          received + BigInt(bytes.length) > BigInt(fault.afterBytes ?? 0)
        ) {
          bytes = bytes.subarray(0, Math.max(0, (fault.afterBytes ?? 0) - Number(received)))
          if (bytes.length > 0) await sink.write(bytes)
          return fail(fault.message, received + BigInt(bytes.length))
        }
        await sink.write(bytes)
        const first = received === 0n
        received += BigInt(bytes.length)
        if (first) this.#emit('initiated', channel, spec, received)
        this.#emit('progress', channel, spec, received)
      }
      if (fault?.oversend === true) {
        // The server sends more than it declared: the provider never stores past the declared size.
        return fail(`received more bytes than the declared ${declared}`, received)
      }
      if (received !== declared)
        return fail(`mismatch in dealSize vs received bytes: ${declared} vs ${received}`, received)
      await sink.close()
    } catch (error) {
      if (signal.aborted) return
      return fail(error instanceof Error ? error.message : String(error), received)
    }
    this.#pulls.delete(channel.id)
    this.#emit('completed', channel, spec, received)
  }

  #emit(
    type: TransferEvent['type'],
    channel: ChannelId,
    spec: InProcessPullSpec,
    transferred: bigint,
    message?: string,
  ): void {
    const event: TransferEvent = {
      type,
      channel,
      voucher: spec.voucher,
      transferred,
      ...(message === undefined ? {} : { message }),
    }
    for (const listener of [...this.#listeners]) {
      try {
        listener(event)
      } catch {
        // A subscriber's failure is its own.
      }
    }
  }
}
