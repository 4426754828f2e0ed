/**
 * The public API of the HTTP pull transfer (Boost's `http` transfer type, boost-mk12.md §5.2, §5.3,
 * §9): the client serves its CAR over HTTP and puts the URL in the proposal; the provider pulls it.
 *
 * - Client end: {@link CarServer} (a `node:http` server). {@link CarServer.register} returns a
 *   {@link CarRegistration} whose `transfer` goes into `DealParams.Transfer` as it is.
 * - Provider end: {@link HttpDownloader} pulls one URL into a {@link DownloadTarget} (a file, or a
 *   staging sink) with Range resume, parallel chunks, a stall timeout, retries with backoff, a
 *   limit of concurrent transfers, the declared size enforced and the piece CID checked.
 * - {@link HttpPullProvider} wraps the downloader as a `ProviderDataTransfer`, so the provider deal
 *   machine runs unchanged.
 *
 * Implementations (exported from the package index): `new HttpCarServer(init)`,
 * `new HttpTransferRegistry(server, lookup)` (the client lifecycle's `ClientTransferRegistry`),
 * `new NodeHttpDownloader(init)`, `new HttpPullProviderTransfer(init)`, and the download targets
 * `fileTarget(path)` (resumable across restarts) and `sinkTarget(sink, { tmpDir, hash })`.
 *
 * ## Mapping onto `ProviderDataTransfer` events (and then provider deal events)
 *
 * | download step | transfer event | provider deal event (src/provider/transfers.ts) |
 * |---|---|---|
 * | pull accepted by the validator, waiting for a slot | `accepted` | — |
 * | slot obtained, requests begin | `opened` | ProviderEventDataTransferInitiated |
 * | first bytes of the transfer received | `initiated` | — |
 * | bytes received (throttled by `progressEveryBytes`) | `progress` | — (bytes recorded by subscribers) |
 * | an attempt failed in a retryable way (stall timeout, connection error, 5xx) | `stalled` | ProviderEventDataTransferStalled |
 * | the next attempt started (after the backoff, or at once on `restart`) | `restarted` | ProviderEventDataTransferRestarted |
 * | all bytes stored, chunks assembled, piece CID equal to the proposal's | `completed` | ProviderEventDataTransferCompleted |
 * | fatal error (4xx, size exceeded or mismatch, piece CID mismatch, retries exhausted, timeout) | `failed` | ProviderEventDataTransferFailed |
 * | the pull was cancelled (`cancel`, or the signal of `pull` aborted) | `cancelled` | ProviderEventDataTransferCancelled |
 *
 * A `stalled` pull moves the deal to StorageDealProviderTransferAwaitRestart; the deal's
 * WaitForTransferRestart asks for the pull again, which keeps the running pull (see
 * {@link HttpPullProvider.pull}); its next attempt brings the deal back to Transferring. An
 * explicit `restart(channel)` skips the remaining backoff. A pull whose retry budget is spent
 * reports `failed`.
 *
 * @module
 */
import type { CID } from 'multiformats/cid'
import type { Clock } from '../../fsm/clock.ts'
import type { PaddedPieceSize } from '../../market/index.ts'
import type { HttpRequest, Transfer } from '../../market/mk12/types.ts'
import type {
  ChannelId,
  ProviderDataTransfer,
  StorageDataTransferVoucher,
  TransferSink,
} from '../data-transfer.ts'
import type { PeerId } from '../network.ts'
import type { AbortOptions } from '../node.ts'
import type { PieceCommitment } from '../piece/commitment.ts'

export type { HttpRequest, Transfer }

// ---------------------------------------------------------------------------------------------
// Client end: the CAR server
// ---------------------------------------------------------------------------------------------

/**
 * Bytes the server can serve from any offset: a CAR in memory or a CAR file on disk. `read` yields
 * bytes `[start, end)` in order.
 */
export interface CarSource {
  readonly size: bigint
  read(start: bigint, end: bigint, signal?: AbortSignal): AsyncIterable<Uint8Array>
}

/**
 * What a registration serves: the CAR bytes (for example `buildCar(data).car`), a CAR file on disk
 * (`{ path }`, its size read at registration), or any {@link CarSource}.
 */
export type CarPayload = Uint8Array | { readonly path: string } | CarSource

/** Options of {@link CarServer.register}. */
export interface CarRegisterOptions extends AbortOptions {
  /**
   * The secret the provider must present. Default: a fresh random token. `null` serves the
   * payload to anyone who knows its (unguessable) path.
   */
  readonly token?: string | null
  /** `Transfer.ClientID` (only logged by the provider). @default '' */
  readonly clientId?: string
}

/** One served payload and what the client puts in its proposal for it. */
export interface CarRegistration {
  /** Random path segment identifying the registration (unguessable, 128 bits). */
  readonly id: string
  /** Payload root the CAR holds (`DealParams.DealDataRoot`). */
  readonly root: CID
  /** Bytes served (the CAR's length, `Transfer.Size`). */
  readonly size: bigint
  /** Full URL of the payload. */
  readonly url: string
  /** Headers the provider must send (the auth header, when a token is set). */
  readonly headers: Readonly<Record<string, string>>
  /** Boost's HttpRequest (`{ URL, Headers }`), JSON-encoded into `transfer.Params`. */
  readonly request: HttpRequest
  /** The `DealParams.Transfer` value: Type `http`, ClientID, Params (UTF-8 JSON of `request`), Size. */
  readonly transfer: Transfer
}

/**
 * Events of the CAR server: `request` (a HEAD or GET was answered, with its status),
 * `progress` (bytes of a GET body written so far), `served` (a GET body was sent in full),
 * `aborted` (the connection closed before the body was sent).
 */
export type CarServerEvent =
  | {
      readonly type: 'request'
      readonly method: string
      /** Registration id, or undefined for an unknown path. */
      readonly id: string | undefined
      readonly status: number
    }
  | {
      readonly type: 'progress'
      readonly id: string
      readonly root: CID
      /** First byte of the range being sent. */
      readonly start: bigint
      /** Bytes of this response written so far. */
      readonly sent: bigint
      /** Bytes this response carries. */
      readonly length: bigint
    }
  | {
      readonly type: 'served'
      readonly id: string
      readonly root: CID
      readonly start: bigint
      readonly length: bigint
    }
  | {
      readonly type: 'aborted'
      readonly id: string
      readonly root: CID
      readonly start: bigint
      readonly sent: bigint
    }

/** Listener of {@link CarServerEvent}s; a throwing listener is ignored. */
export type CarServerListener = (event: CarServerEvent) => void

/** Options of {@link CarServer}. */
export interface CarServerInit {
  /** Interface to listen on. @default '127.0.0.1' */
  readonly host?: string
  /** Port; 0 picks a free one. @default 0 */
  readonly port?: number
  /**
   * Base URL put in the transfer params (what the provider can reach, e.g. behind a proxy).
   * @default `http://<host>:<port>` of the bound socket
   */
  readonly publicUrl?: string
  /**
   * Header carrying the secret. With `Authorization` the value is `Bearer <token>`; with any other
   * name it is the token itself. A missing header is answered 401, a wrong one 403.
   * @default 'Authorization'
   */
  readonly authHeader?: string
  /** Bytes per `progress` event of one response. @default 1 MiB */
  readonly progressEveryBytes?: number
}

/** The client's CAR server. */
export interface CarServer {
  /** Base URL (without trailing slash) registrations are served under; throws before `listen`. */
  readonly url: string
  /** Bind the socket. Resolves once listening. */
  listen(options?: AbortOptions): Promise<void>
  /** Serve `payload` (the CAR of `root`) and return the proposal's transfer parameters. */
  register(root: CID, payload: CarPayload, options?: CarRegisterOptions): Promise<CarRegistration>
  /** Stop serving a registration; responses in flight finish. Unknown ids are ignored. */
  unregister(id: string): void
  /** Observe requests and bytes served. Returns the unsubscribe function. */
  subscribe(listener: CarServerListener): () => void
  /** Stop listening and drop open connections. */
  close(): Promise<void>
}

// ---------------------------------------------------------------------------------------------
// Provider end: the downloader
// ---------------------------------------------------------------------------------------------

/** Backoff between attempts (Boost: 5 s … 10 min, ×1.5, jittered, 15 attempts). */
export interface RetryPolicy {
  /** @default 5_000 */
  readonly minMs: number
  /** @default 600_000 */
  readonly maxMs: number
  /** @default 1.5 */
  readonly factor: number
  /** Attempts without progress before the transfer fails; reset by any attempt that got bytes. @default 15 */
  readonly attempts: number
  /** Draw each wait uniformly between `minMs` and the exponential value. @default true */
  readonly jitter: boolean
}

/**
 * Why a URL is refused before any request (boost-mk12.md §9.1). Built-in rules: an empty URL, a
 * scheme other than http/https, a literal private IP (10/8, 172.16/12, 192.168/16, fc00::/7)
 * unless `allowPrivateIps`. `refuse` adds rules: return a reason to refuse.
 */
export interface UrlPolicy {
  /** @default false */
  readonly allowPrivateIps?: boolean
  /** Refuse loopback hosts too (127/8, ::1, `localhost`); Boost allows them. @default false */
  readonly refuseLoopback?: boolean
  /** Extra rule, applied to the URL and to a redirect's target; a string is the refusal reason. */
  readonly refuse?: (url: URL) => string | undefined
}

/** Options of {@link HttpDownloader}; defaults are Boost's (boost-mk12.md §11). */
export interface HttpDownloaderInit {
  /** Timers (stall, backoff, overall deadline). @default realClock */
  readonly clock?: Clock
  /** Transfers running at once; more wait in a FIFO queue. @default 20 */
  readonly maxConcurrent?: number
  /** No byte for this long on an attempt → the attempt is abandoned as stalled and retried. @default 300_000 */
  readonly stallTimeoutMs?: number
  /** Deadline of one whole transfer, queue excluded. @default 86_400_000 (24 h) */
  readonly maxTransferDurationMs?: number
  /** Parallel chunks for large files. @default 5 */
  readonly chunks?: number
  /** Files smaller than this are fetched in one chunk. @default 10 MiB */
  readonly parallelThreshold?: bigint
  /** @default Boost's, see {@link RetryPolicy} */
  readonly retry?: Partial<RetryPolicy>
  /** URL refusal rules. */
  readonly urlPolicy?: UrlPolicy
  /** Source of randomness for the backoff jitter, in [0, 1). @default Math.random */
  readonly random?: () => number
  /** Bytes between two `progress` events of one transfer. @default 1 MiB */
  readonly progressEveryBytes?: number
}

/** Where a download's bytes go, chunk by chunk. Implementations: `fileTarget`, `sinkTarget`. */
export interface DownloadTarget {
  /**
   * Prepare for a download split into `chunks` chunks; returns the chunk count to use (a target
   * resuming an earlier download keeps its stored count) and the bytes already stored per chunk.
   */
  prepare(chunks: number, size: bigint, options?: AbortOptions): Promise<PreparedTarget>
  /** Append bytes to chunk `index`; chunks are written in order within each chunk. */
  write(index: number, bytes: Uint8Array, options?: AbortOptions): Promise<void>
  /** All chunks are complete: assemble them in order. */
  complete(options?: AbortOptions): Promise<void>
  /** Piece commitment (unpadded) of the assembled bytes; called only when a piece is to be checked. */
  commitment(options?: AbortOptions): Promise<PieceCommitment>
  /** Release temporary resources after a failure or a cancellation (stored chunks may be kept). */
  release(): Promise<void>
}

/** What {@link DownloadTarget.prepare} found. */
export interface PreparedTarget {
  readonly chunks: number
  readonly stored: readonly bigint[]
}

/** The expected piece: the proposal's PieceCID and padded PieceSize. */
export interface ExpectedPiece {
  readonly pieceCid: CID
  readonly pieceSize: PaddedPieceSize
}

/** One pull. */
export interface DownloadRequest {
  /** Names the transfer in events (e.g. the deal's proposal CID or UUID). */
  readonly id: string
  /** `http://` or `https://` URL (from HttpRequest.URL). */
  readonly url: string
  /** Headers set on HEAD and GET (from HttpRequest.Headers). */
  readonly headers?: Readonly<Record<string, string>> | null
  /** Declared size (`Transfer.Size`); HEAD must agree; nothing beyond it is ever written. 0 = take HEAD's. */
  readonly size: bigint
  readonly target: DownloadTarget
  /** Checked before the transfer reports success; omitted = no check. */
  readonly piece?: ExpectedPiece
}

/**
 * Events of one download: `queued` (waiting for a slot), `started` (slot obtained; `size` is the
 * declared size), `progress`
 * (`received` bytes stored in total), `stalled` (an attempt failed and will be retried after
 * `retryInMs`), `restarted` (a new attempt started), `verifying`, `completed`, `failed`, `cancelled`.
 */
export type DownloadEvent =
  | { readonly type: 'queued'; readonly id: string }
  | { readonly type: 'started'; readonly id: string; readonly size: bigint }
  | { readonly type: 'progress'; readonly id: string; readonly received: bigint; readonly size: bigint }
  | {
      readonly type: 'stalled'
      readonly id: string
      readonly received: bigint
      readonly attempt: number
      readonly retryInMs: number
      readonly error: Error
    }
  | { readonly type: 'restarted'; readonly id: string; readonly received: bigint; readonly attempt: number }
  | { readonly type: 'verifying'; readonly id: string }
  | {
      readonly type: 'completed'
      readonly id: string
      readonly size: bigint
      /** Present when the request named a piece. */
      readonly commitment?: PieceCommitment
    }
  | { readonly type: 'failed'; readonly id: string; readonly received: bigint; readonly error: Error }
  | { readonly type: 'cancelled'; readonly id: string; readonly received: bigint }

/** Listener of {@link DownloadEvent}s; a throwing listener is ignored. */
export type DownloadListener = (event: DownloadEvent) => void

/** Result of a successful download. */
export interface DownloadResult {
  readonly size: bigint
  /** Unpadded commitment of the bytes, computed (and checked) only when the request named a piece. */
  readonly commitment?: PieceCommitment
}

/** A running download. */
export interface DownloadHandle {
  readonly id: string
  /** Settles with the outcome; rejects with a typed error (see the `ERR_HTTP_TRANSFER_*` codes). */
  readonly done: Promise<DownloadResult>
  /** Skip the current backoff and retry at once (no effect unless waiting to retry). */
  retryNow(): void
  /** Cancel: `done` rejects with AbortError, a `cancelled` event is emitted. */
  cancel(): void
  /** Bytes stored so far. */
  readonly received: bigint
}

/** The provider's downloader. */
export interface HttpDownloader {
  /** Start (or queue) a pull. The signal cancels it like {@link DownloadHandle.cancel}. */
  download(request: DownloadRequest, options?: AbortOptions): DownloadHandle
  /** Observe every download. */
  subscribe(listener: DownloadListener): () => void
  /** Transfers running / waiting for a slot. */
  readonly running: number
  readonly queued: number
  /** Cancel every download; later calls to `download` fail. */
  close(): Promise<void>
}

// ---------------------------------------------------------------------------------------------
// Provider end as a ProviderDataTransfer
// ---------------------------------------------------------------------------------------------

/**
 * One pull for a deal, as the provider lifecycle starts it (structurally the provider's
 * `PullSpec`, plus the optional piece to check).
 */
export interface PullRequest {
  /** The client (validated as the deal's client by the validator). */
  readonly from: PeerId
  readonly voucher: StorageDataTransferVoucher
  /** Payload root (`DealDataRoot`). */
  readonly root: CID
  /** Boost's HttpRequest from `Transfer.Params`. */
  readonly request: HttpRequest
  /** `Transfer.Size`. */
  readonly size: bigint
  /** The proposal's PieceCID and PieceSize, checked before `completed`; omitted = no check. */
  readonly piece?: ExpectedPiece
}

/**
 * The provider's `ProviderDataTransfer` over HTTP pulls. The validator registered by the provider
 * lifecycle decides whether a pull is accepted and gives the sink (its staging area); events
 * follow the mapping in this module's documentation.
 */
export interface HttpPullProvider extends ProviderDataTransfer {
  /**
   * Validate and start a pull; resolves with the channel id once accepted (before any byte).
   * Rejects with the validator's refusal (TransferRefusedError) or a URL refusal
   * (HttpTransferUrlRefusedError); a refused pull emits no event. While a pull of the same deal
   * (`voucher.proposal`) is still running (including waiting to retry after a `stalled`), the
   * call resolves with that pull's channel and starts nothing: the running pull keeps its bytes
   * and its backoff, and reports `restarted` when its next attempt starts.
   */
  pull(request: PullRequest, options?: AbortOptions): Promise<ChannelId>
  /** Cancel a pull (`cancelled` event). Unknown channels are ignored. */
  cancel(channel: ChannelId): void
  /** Cancel every pull. */
  close(): Promise<void>
}

/** Options of the pull provider. */
export interface HttpPullProviderInit extends HttpDownloaderInit {
  /** This provider's peer id: the `initiator` of its channels. */
  readonly peerId: PeerId
  /**
   * Directory for the chunks that arrive ahead of their turn (chunk 0 streams into the sink).
   * @default os.tmpdir()
   */
  readonly tmpDir?: string
}

/** Re-exported for implementations. */
export type { TransferSink }
