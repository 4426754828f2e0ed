/**
 * The text form of a chain message exit code, as go-state-types prints it: the reserved system
 * codes 1–15 by name with the number in parentheses, every other code as a plain number.
 *
 * @module
 */

const SYSTEM_EXIT_CODES: readonly string[] = [
  'Ok',
  'SysErrSenderInvalid',
  'SysErrSenderStateInvalid',
  'SysErrReserved1',
  'SysErrIllegalInstruction',
  'SysErrInvalidReceiver',
  'SysErrInsufficientFunds',
  'SysErrOutOfGas',
  'SysErrReserved2',
  'SysErrIllegalExitCode',
  'SysFatal',
  'SysErrMissingReturn',
  'SysErrReserved3',
  'SysErrReserved4',
  'SysErrReserved5',
  'SysErrReserved6',
]

/** `SysErrOutOfGas(7)` for a system code, `19` for an actor code. */
export function exitCodeText(code: number): string {
  const name = Number.isInteger(code) && code >= 1 ? SYSTEM_EXIT_CODES[code] : undefined
  return name === undefined ? String(code) : `${name}(${code})`
}
