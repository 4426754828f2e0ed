import type { CliIo } from '../../src/cli/main.ts'

/** A CliIo that keeps what the CLI printed, one array entry per line. */
export interface CapturedIo {
  readonly io: CliIo
  readonly out: string[]
  readonly err: string[]
  /** Raw terminal writes, when created with a terminal. */
  readonly written: string[]
}

/** Captures output; with `terminal`, the CLI believes stdout is a terminal. */
export function captureIo(options: { terminal?: boolean; signal?: AbortSignal } = {}): CapturedIo {
  const out: string[] = []
  const err: string[] = []
  const written: string[] = []
  const io: CliIo = {
    out: (text) => out.push(...text.split('\n')),
    err: (text) => err.push(...text.split('\n')),
    ...(options.terminal === true ? { terminal: { write: (text: string) => written.push(text) } } : {}),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  }
  return { io, out, err, written }
}

/** The value printed after `label:` on a line of `lines`. */
export function fieldValue(lines: readonly string[], label: string): string | undefined {
  const line = lines.find((l) => l.startsWith(`${label}:`))
  return line?.slice(label.length + 1).trim()
}
