/**
 * A small command-line parser: flags with values (`--deals 3`, `--deals=3`), boolean flags,
 * positional arguments, `--` to end the flags. Anything it does not expect is a {@link UsageError},
 * so a typo never silently changes what a command does.
 *
 * @module
 */

import { UsageError } from './errors.ts'

/** One flag a command accepts. */
export interface FlagSpec {
  /** `value` flags take the next argument (or `=value`); `boolean` flags take none. */
  readonly kind: 'value' | 'boolean'
  /** A one-letter alias used as `-x`. */
  readonly short?: string
  /** Names the value in help, e.g. `N` for `--deals N`. */
  readonly placeholder?: string
  /** One line for the help text. */
  readonly description: string
  /** When true the command refuses to run without it. */
  readonly required?: boolean
}

/** The flags of one command, by long name without the dashes. */
export type FlagSpecs = Readonly<Record<string, FlagSpec>>

/** A positional argument; all of them are required, in order. */
export interface PositionalSpec {
  /** Name shown in help, e.g. `proposal-cid`. */
  readonly name: string
  /** One line for the help text. */
  readonly description: string
}

/** What a command accepts. */
export interface ArgsSpec<F extends FlagSpecs> {
  readonly flags: F
  readonly positionals: readonly PositionalSpec[]
}

/** Parsed flag values: booleans for boolean flags, the raw text (or undefined) for value flags. */
export type FlagValues<F extends FlagSpecs> = {
  readonly [K in keyof F]: F[K]['kind'] extends 'boolean' ? boolean : string | undefined
}

/** The result of {@link parseArgs}. */
export interface ParsedArgs<F extends FlagSpecs> {
  /** True when `-h` or `--help` was given; nothing else was checked then. */
  readonly help: boolean
  readonly flags: FlagValues<F>
  readonly positionals: readonly string[]
}

const HELP_FLAGS = new Set(['-h', '--help'])

/** A value may start with `-` only when it is a negative number, so `--store --deals` is caught. */
function looksLikeValue(text: string): boolean {
  return !text.startsWith('-') || /^-\d/.test(text)
}

/**
 * Parses `argv` (the arguments after the command name) against `spec`. `command` names the
 * command in error messages.
 *
 * @throws {@link UsageError} on an unknown or repeated flag, a missing value, or a wrong number of
 * positional arguments
 */
export function parseArgs<F extends FlagSpecs>(
  argv: readonly string[],
  spec: ArgsSpec<F>,
  command: string,
): ParsedArgs<F> {
  const end = argv.indexOf('--')
  const flagPart = end === -1 ? argv : argv.slice(0, end)
  const values = new Map<string, string | true>()
  const positionals: string[] = []
  if (flagPart.some((arg) => HELP_FLAGS.has(arg))) {
    return { help: true, flags: toValues(spec.flags, values), positionals }
  }
  const byShort = new Map(
    Object.entries(spec.flags).flatMap(([name, flag]) =>
      flag.short === undefined ? [] : [[flag.short, name] as const],
    ),
  )
  for (let i = 0; i < flagPart.length; i++) {
    const arg = flagPart[i] as string
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const written = eq === -1 ? arg : arg.slice(0, eq)
    const name = written.startsWith('--') ? written.slice(2) : byShort.get(written.slice(1))
    const flag = name === undefined ? undefined : spec.flags[name]
    if (name === undefined || flag === undefined) {
      throw new UsageError('unknown-flag', `unknown flag ${written} for ${command}`)
    }
    if (values.has(name)) throw new UsageError('repeated-flag', `--${name} given twice`)
    if (flag.kind === 'boolean') {
      if (eq !== -1) throw new UsageError('bad-value', `--${name} takes no value`)
      values.set(name, true)
      continue
    }
    const next = flagPart[i + 1]
    const value =
      eq !== -1 ? arg.slice(eq + 1) : next !== undefined && looksLikeValue(next) ? next : undefined
    if (value === undefined || value === '') {
      throw new UsageError('missing-value', `--${name} needs a value (${flag.placeholder ?? 'VALUE'})`)
    }
    if (eq === -1) i++
    values.set(name, value)
  }
  if (end !== -1) positionals.push(...argv.slice(end + 1))
  for (const [name, flag] of Object.entries(spec.flags)) {
    if (flag.required === true && !values.has(name)) {
      throw new UsageError('missing-argument', `${command} needs --${name}`)
    }
  }
  const missing = spec.positionals[positionals.length]
  if (missing !== undefined) {
    throw new UsageError('missing-argument', `${command} needs <${missing.name}>`)
  }
  const extra = positionals[spec.positionals.length]
  if (extra !== undefined) {
    throw new UsageError('unexpected-argument', `unexpected argument '${extra}' for ${command}`)
  }
  return { help: false, flags: toValues(spec.flags, values), positionals }
}

function toValues<F extends FlagSpecs>(flags: F, values: ReadonlyMap<string, string | true>): FlagValues<F> {
  const out: Record<string, string | boolean | undefined> = {}
  for (const [name, flag] of Object.entries(flags)) {
    const value = values.get(name)
    out[name] = flag.kind === 'boolean' ? value === true : (value as string | undefined)
  }
  return out as FlagValues<F>
}
