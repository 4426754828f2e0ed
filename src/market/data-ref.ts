/**
 * DataRef: how the client tells the provider where the deal data comes from.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { UnpaddedPieceSize } from './piece-size.ts'

/** Transfer type for data pushed over graphsync (any value other than `manual` means online). */
export const TTGraphsync = 'graphsync'

/** Transfer type for data the provider's operator imports by hand (offline deal). */
export const TTManual = 'manual'

/** Reference to the payload of a deal (go-fil-markets `storagemarket.DataRef`). */
export interface DataRef {
  /** `graphsync`, `manual`, or another transfer name; only `manual` is special. */
  readonly TransferType: string
  /** Root CID of the payload DAG. */
  readonly Root: CID
  /** Precomputed piece CID; required for manual transfers. */
  readonly PieceCid: CID | null
  /** Unpadded piece size, with PieceCid; 0 when unknown. */
  readonly PieceSize: UnpaddedPieceSize
  /** Payload size for progress display; 0 when unknown. */
  readonly RawBlockSize: number
}
