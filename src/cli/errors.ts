/**
 * Errors of the `fildeal` command line. A {@link UsageError} means the arguments are wrong (exit
 * code 2); a {@link StoreError} means the store directory cannot serve the command (exit code 1).
 *
 * @module
 */

import { FilDealError, type FilDealErrorOptions } from '../errors.ts'

/**
 * What is wrong with the arguments (stable strings, match on them):
 * - `unknown-command`: no command of that name;
 * - `unknown-flag`: the command takes no such flag;
 * - `missing-value`: a flag that takes a value was given none;
 * - `repeated-flag`: a flag was given twice;
 * - `missing-argument`: a required positional argument or flag is absent;
 * - `unexpected-argument`: more positional arguments than the command takes;
 * - `bad-value`: a value does not parse (number, FIL amount, size, CID).
 */
export type UsageReason =
  | 'unknown-command'
  | 'unknown-flag'
  | 'missing-value'
  | 'repeated-flag'
  | 'missing-argument'
  | 'unexpected-argument'
  | 'bad-value'

/** The command line is malformed; nothing was done. */
export class UsageError extends FilDealError {
  static override readonly code = 'ERR_CLI_USAGE'
  constructor(
    readonly reason: UsageReason,
    message: string,
    options?: FilDealErrorOptions,
  ) {
    super(message, UsageError.code, options)
  }
}

/**
 * Why a store directory cannot be used (stable strings, match on them):
 * - `missing`: the directory does not exist;
 * - `corrupt`: it exists but does not hold a readable fildeal store.
 */
export type StoreProblem = 'missing' | 'corrupt'

/** The `--store` directory is missing or unreadable; it was left as it was. */
export class StoreError extends FilDealError {
  static override readonly code = 'ERR_CLI_STORE'
  constructor(
    readonly problem: StoreProblem,
    readonly dir: string,
    detail: string,
    options?: FilDealErrorOptions,
  ) {
    super(`store ${dir} ${detail}`, StoreError.code, options)
  }
}
