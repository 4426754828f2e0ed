/**
 * Output helpers: aligned tables, byte sizes and shortened CIDs, printed the way Lotus prints them
 * so the output reads like `lotus client list-deals`.
 *
 * @module
 */

import type { CID } from 'multiformats/cid'

/** One column of a {@link table}. */
export interface Column {
  readonly title: string
  /** Numbers read best right-aligned. @default 'left' */
  readonly align?: 'left' | 'right'
}

/** Space between two columns. */
const GAP = '  '

/**
 * Renders rows under a header line with every column padded to its widest cell. Returns the
 * lines; trailing spaces are trimmed.
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...rows.map((row) => (row[i] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const cell = cells[i] ?? ''
        const width = widths[i] ?? 0
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width)
      })
      .join(GAP)
      .trimEnd()
  return [line(columns.map((column) => column.title)), ...rows.map(line)]
}

const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']

/** A byte count with a binary unit and at most four significant digits: `256 B`, `2 KiB`, `1.5 MiB`. */
export function formatSize(bytes: number): string {
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return `${Number(value.toPrecision(4))} ${SIZE_UNITS[unit]}`
}

/** Characters kept at each end of a shortened CID. */
const CID_END = 6

/** The first and last characters of a CID with an ellipsis between: enough to tell deals apart in a table. */
export function shortCid(cid: CID | string): string {
  const text = cid.toString()
  return text.length <= CID_END * 2 + 1 ? text : `${text.slice(0, CID_END)}…${text.slice(-CID_END)}`
}

/** A status name without the `StorageDeal` prefix every status shares, for narrow columns. */
export function shortStatus(status: string): string {
  return status.startsWith('StorageDeal') ? status.slice('StorageDeal'.length) : status
}

/** Label/value lines with the values aligned, as in `lotus client get-deal`-style detail views. */
export function fields(entries: readonly (readonly [string, string])[], indent = ''): string[] {
  const width = Math.max(0, ...entries.map(([label]) => label.length + 1))
  return entries.map(([label, value]) => `${indent}${`${label}:`.padEnd(width)}  ${value}`.trimEnd())
}
