/**
 * Text form of a chain message exit code, as go-state-types prints it in the reference's messages.
 *
 * @module
 */

// The runtime's reserved codes (1-15) print with their name; actor codes (16+) print as numbers.
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
  const name = Number.isInteger(code) && code >= 0 ? SYSTEM_EXIT_CODES[code] : undefined
  return name === undefined ? String(code) : `${name}(${code})`
}
