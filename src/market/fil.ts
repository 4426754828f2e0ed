/**
 * FIL amounts as text, printed and parsed like Lotus does: exact decimal arithmetic on bigint,
 * never floating point.
 *
 * @module
 */

import { InvalidAmountError } from '../errors.ts'
import { ATTO_PER_FIL, type TokenAmount } from './amount.ts'

/** Powers of ten (as attoFIL per unit) of the unit suffixes parseFil understands, lower-cased. */
const UNITS: ReadonlyMap<string, number> = new Map([
  ['fil', 18],
  ['millifil', 15],
  ['mfil', 15],
  ['microfil', 12],
  ['ufil', 12],
  ['\u03bcfil', 12],
  ['\u00b5fil', 12],
  ['nanofil', 9],
  ['nfil', 9],
  ['picofil', 6],
  ['pfil', 6],
  ['femtofil', 3],
  ['ffil', 3],
  ['attofil', 0],
  ['afil', 0],
])

/** Lotus refuses longer numbers; the cap also bounds the bigint work on hostile input. */
const MAX_NUMBER_LENGTH = 50

const NUMBER = /^(-?)(\d*)(?:\.(\d*))?$/

/**
 * Formats attoFIL the way Lotus prints `types.FIL`: the value in FIL with up to 18 decimals,
 * trailing zeros and a trailing point removed, then ` FIL`.
 *
 * @example
 * ```ts
 * formatFil(500000000n) // '0.0000000005 FIL'
 * formatFil(10n ** 18n) // '1 FIL'
 * formatFil(0n)         // '0 FIL'
 * ```
 */
export function formatFil(amount: TokenAmount): string {
  const negative = amount < 0n
  const magnitude = negative ? -amount : amount
  const whole = magnitude / ATTO_PER_FIL
  const fraction = (magnitude % ATTO_PER_FIL).toString().padStart(18, '0').replace(/0+$/, '')
  const text = fraction === '' ? whole.toString() : `${whole}.${fraction}`
  return `${negative && magnitude !== 0n ? '-' : ''}${text} FIL`
}

/**
 * Parses a decimal amount with an optional unit into attoFIL. Without a unit the number is in FIL
 * (as in Lotus). Units, case-insensitive: FIL, milliFIL/mFIL, microFIL/uFIL/μFIL, nanoFIL/nFIL,
 * picoFIL/pFIL, femtoFIL/fFIL, attoFIL/aFIL. A value that is not a whole number of attoFIL, an
 * unknown unit or a malformed number throws InvalidAmountError.
 *
 * @example
 * ```ts
 * parseFil('0.0000000005 FIL') // 500000000n
 * parseFil('1.5')              // 1500000000000000000n
 * parseFil('500000000 attoFIL') // 500000000n
 * ```
 */
export function parseFil(text: string): TokenAmount {
  if (typeof text !== 'string') throw new InvalidAmountError('amount must be a string')
  const trimmed = text.trim()
  const unitStart = trimmed.search(/[^\d.-]/)
  const numberPart = unitStart === -1 ? trimmed : trimmed.slice(0, unitStart)
  const unitPart = unitStart === -1 ? '' : trimmed.slice(unitStart).trim().toLowerCase()
  const exponent = UNITS.get(unitPart || 'fil')
  if (exponent === undefined) {
    throw new InvalidAmountError(`unknown unit in amount ${JSON.stringify(text)}`)
  }
  if (numberPart.length > MAX_NUMBER_LENGTH) {
    throw new InvalidAmountError(
      `amount ${JSON.stringify(text)} is longer than ${MAX_NUMBER_LENGTH} characters`,
    )
  }
  const match = NUMBER.exec(numberPart)
  const whole = match?.[2] ?? ''
  const fraction = match?.[3] ?? ''
  if (match === null || whole.length + fraction.length === 0) {
    throw new InvalidAmountError(`malformed amount ${JSON.stringify(text)}`)
  }
  const significant = fraction.replace(/0+$/, '')
  if (significant.length > exponent) {
    throw new InvalidAmountError(`amount ${JSON.stringify(text)} is not a whole number of attoFIL`)
  }
  const atto = BigInt(`${whole || '0'}${significant.padEnd(exponent, '0')}`)
  return match[1] === '-' ? -atto : atto
}
