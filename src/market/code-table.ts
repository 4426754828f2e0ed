/**
 * Name ↔ numeric-code tables for the Go enums (deal statuses, client events, provider events).
 * The library identifies these values by name; the numbers only matter on the wire and in logs.
 *
 * @module
 */

/** Lookups over one append-only list of names whose index is the Go numeric code. */
export interface CodeTable<N extends string> {
  /** Every current name, in code order. */
  readonly names: readonly N[]
  /** True when `value` is one of the current names (legacy aliases are not). */
  is(value: unknown): value is N
  /** The current name for a current or legacy name; throws the table's error for anything else. */
  resolve(name: string): N
  /** The numeric code of a current or legacy name; throws the table's error for anything else. */
  code(name: string): number
  /** The current name for a numeric code; throws the table's error for unknown codes. */
  name(code: number): N
}

/**
 * Builds a {@link CodeTable}. `aliases` maps former names to the current name with the same code;
 * `unknown` builds the error thrown for names and codes outside the table.
 */
export function codeTable<N extends string>(
  names: readonly N[],
  aliases: Readonly<Record<string, N>>,
  unknown: (value: string | number) => Error,
): CodeTable<N> {
  const codes = new Map<string, number>(names.map((name, index) => [name, index]))
  for (const [alias, target] of Object.entries(aliases)) {
    const code = codes.get(target)
    if (code === undefined) throw new TypeError(`alias ${alias} points at unknown name ${target}`)
    codes.set(alias, code)
  }
  const current = new Set<string>(names)
  const is = (value: unknown): value is N => typeof value === 'string' && current.has(value)
  const code = (name: string): number => {
    const found = typeof name === 'string' ? codes.get(name) : undefined
    if (found === undefined) throw unknown(name)
    return found
  }
  const name = (value: number): N => {
    const found = Number.isInteger(value) ? names[value] : undefined
    if (found === undefined) throw unknown(value)
    return found
  }
  return { names, is, code, name, resolve: (alias) => name(code(alias)) }
}
