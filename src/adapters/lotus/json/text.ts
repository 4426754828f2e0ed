/**
 * JSON text for the Lotus API. Lotus writes uint64 and int64 values (deal ids, sector numbers,
 * nonces) as JSON numbers, which `JSON.parse` silently rounds above 2^53; this parser keeps every
 * integer outside the safe range as a bigint instead, and the writer prints bigints as numbers.
 *
 * @module
 */
import { DecodeError } from '../../../errors.ts'

/** A parsed JSON value; integers beyond ±(2^53 − 1) are bigints. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue }

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const INTEGER = /^-?(?:0|[1-9]\d*)$/
const MAX_DEPTH = 256

class Parser {
  #pos = 0
  constructor(private readonly text: string) {}

  fail(detail: string): never {
    throw new DecodeError('invalid-value', 'json', detail, { offset: this.#pos })
  }

  skipSpace(): void {
    while (this.#pos < this.text.length && ' \t\n\r'.includes(this.text[this.#pos] as string)) this.#pos++
  }

  value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail('nesting too deep')
    this.skipSpace()
    const c = this.text[this.#pos]
    if (c === '{') return this.object(depth)
    if (c === '[') return this.array(depth)
    if (c === '"') return this.string()
    if (this.text.startsWith('true', this.#pos)) return this.literal(4, true)
    if (this.text.startsWith('false', this.#pos)) return this.literal(5, false)
    if (this.text.startsWith('null', this.#pos)) return this.literal(4, null)
    return this.number()
  }

  literal<T>(length: number, value: T): T {
    this.#pos += length
    return value
  }

  number(): number | bigint {
    NUMBER.lastIndex = this.#pos
    const match = NUMBER.exec(this.text)
    if (match === null) this.fail('unexpected character')
    this.#pos += match[0].length
    const text = match[0]
    const value = Number(text)
    return INTEGER.test(text) && !Number.isSafeInteger(value) ? BigInt(text) : value
  }

  string(): string {
    const start = this.#pos
    this.#pos++
    while (this.#pos < this.text.length) {
      const c = this.text[this.#pos]
      if (c === '"') {
        this.#pos++
        try {
          return JSON.parse(this.text.slice(start, this.#pos)) as string
        } catch {
          this.#pos = start
          this.fail('malformed string')
        }
      }
      this.#pos += c === '\\' ? 2 : 1
    }
    return this.fail('unterminated string')
  }

  array(depth: number): JsonValue[] {
    this.#pos++
    const out: JsonValue[] = []
    this.skipSpace()
    if (this.text[this.#pos] === ']') {
      this.#pos++
      return out
    }
    for (;;) {
      out.push(this.value(depth + 1))
      this.skipSpace()
      const c = this.text[this.#pos++]
      if (c === ']') return out
      if (c !== ',') this.fail('expected , or ]')
    }
  }

  object(depth: number): { [key: string]: JsonValue } {
    this.#pos++
    const out: { [key: string]: JsonValue } = {}
    this.skipSpace()
    if (this.text[this.#pos] === '}') {
      this.#pos++
      return out
    }
    for (;;) {
      this.skipSpace()
      if (this.text[this.#pos] !== '"') this.fail('expected a key')
      const key = this.string()
      this.skipSpace()
      if (this.text[this.#pos++] !== ':') this.fail('expected :')
      // defineProperty, so a "__proto__" key is data and not a prototype change.
      Object.defineProperty(out, key, {
        value: this.value(depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      })
      this.skipSpace()
      const c = this.text[this.#pos++]
      if (c === '}') return out
      if (c !== ',') this.fail('expected , or }')
    }
  }

  end(): void {
    this.skipSpace()
    if (this.#pos !== this.text.length) this.fail('trailing characters')
  }
}

/** Parses JSON text, keeping unsafe integers exact as bigints. Throws DecodeError for malformed text. */
export function parseJson(text: string): JsonValue {
  const parser = new Parser(text)
  const value = parser.value(0)
  parser.end()
  return value
}

/** Writes JSON text; bigints become JSON numbers, `undefined` object members are left out. */
export function stringifyJson(value: unknown): string {
  const out = write(value)
  if (out === undefined) throw new TypeError('nothing to write')
  return out
}

function write(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  const json = (value as { toJSON?: unknown }).toJSON
  if (typeof json === 'function') return write(json.call(value))
  if (Array.isArray(value)) return `[${value.map((item) => write(item) ?? 'null').join(',')}]`
  const members: string[] = []
  for (const [key, item] of Object.entries(value)) {
    const text = write(item)
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`)
  }
  return `{${members.join(',')}}`
}
