/**
 * Pieces the store commands share: the `--store` and `--verbose` flags and how a CID is shown in
 * a table cell.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'
import type { FlagSpec } from '../args.ts'
import { shortCid } from '../format.ts'

/** `--store DIR`: the directory a `fildeal demo --store DIR` run wrote. */
export const STORE_FLAG = {
  kind: 'value',
  placeholder: 'DIR',
  description: "the store written by 'fildeal demo --store DIR'",
  required: true,
} as const satisfies FlagSpec

/** `-v, --verbose`: full CIDs in place of shortened ones. */
export const VERBOSE_FLAG = {
  kind: 'boolean',
  short: 'v',
  description: 'print full CIDs',
} as const satisfies FlagSpec

/** A CID in a table cell: shortened unless the user asked for everything. */
export function cidCell(cid: CID | null | undefined, verbose: boolean): string {
  if (cid === null || cid === undefined) return '-'
  return verbose ? cid.toString() : shortCid(cid)
}
