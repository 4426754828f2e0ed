/**
 * The process around the CLI, injectable so tests capture output and stop long commands.
 *
 * @module
 */

/** A terminal: raw writes, so one status line can be redrawn in place. */
export interface CliTerminal {
  /** Writes text as is (no newline added). */
  write(text: string): void
}

/** Where the CLI writes, and what else it may use from its process. */
export interface CliIo {
  /** Prints one or more lines on standard output. */
  out(line: string): void
  /** Prints one or more lines on standard error. */
  err(line: string): void
  /** Set when standard output is a terminal: progress is then redrawn on one line. */
  readonly terminal?: CliTerminal
  /** Stops a long-running command (the demo) early, e.g. on Ctrl-C; what was stored stays. */
  readonly signal?: AbortSignal
}
