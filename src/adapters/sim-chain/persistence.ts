/**
 * Saving the simulated chain to a Datastore and loading it back. The snapshot is one dag-cbor
 * value; bigints, addresses, maps, sets and undefined, which dag-cbor cannot carry as such, are
 * written as small tagged objects and restored on load.
 *
 * @module
 */
import * as dagCbor from '@ipld/dag-cbor'
import { type Datastore, Key } from 'interface-datastore'
import { CID } from 'multiformats/cid'
import { PersistenceError } from '../../errors.ts'
import { addressFromBytes, isAddress, type Network } from '../../market/index.ts'

const SNAPSHOT_VERSION = 1

type Plain = null | boolean | number | string | Uint8Array | CID | Plain[] | { [key: string]: Plain }

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Turns a snapshot value into something dag-cbor can encode. */
export function toPlain(value: unknown): Plain {
  if (value === undefined) return { $u: true }
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'string'
  ) {
    return value
  }
  if (typeof value === 'bigint') return { $b: value.toString() }
  if (value instanceof Uint8Array) return value
  const cid = CID.asCID(value)
  if (cid !== null) return cid
  if (isAddress(value)) return { $a: value.bytes, $n: value.network }
  if (value instanceof Map) return { $m: [...value].map(([k, v]) => [toPlain(k), toPlain(v)]) }
  if (value instanceof Set) return { $s: [...value].map(toPlain) }
  if (Array.isArray(value)) return value.map(toPlain)
  if (typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, Plain> = {}
    for (const [key, item] of Object.entries(value)) out[key] = toPlain(item)
    return out
  }
  throw new PersistenceError(`cannot persist a value of type ${typeof value}`)
}

/** The inverse of {@link toPlain}. */
export function fromPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value
  if (CID.asCID(value) !== null) return value
  if (Array.isArray(value)) return value.map(fromPlain)
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (keys.length === 1 && keys[0] === '$u') return undefined
  if (keys.length === 1 && keys[0] === '$b') return BigInt(record.$b as string)
  if (keys.length === 1 && keys[0] === '$m') {
    return new Map((record.$m as unknown[][]).map(([k, v]) => [fromPlain(k), fromPlain(v)]))
  }
  if (keys.length === 1 && keys[0] === '$s') return new Set((record.$s as unknown[]).map(fromPlain))
  if (keys.length === 2 && '$a' in record && '$n' in record) {
    return addressFromBytes(record.$a as Uint8Array, record.$n as Network)
  }
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(record)) out[key] = fromPlain(item)
  return out
}

/** What {@link ChainStore.load} finds. */
export interface Stored<S, M> {
  readonly snapshot: S
  readonly messages: readonly M[]
}

/**
 * The chain's records in a Datastore: one snapshot of everything that changes every epoch under
 * `<prefix>/snapshot`, and each message under `<prefix>/messages/<cid>`, written only when it is
 * pushed, executed or reverted, so that a snapshot's size does not grow with the chain's history.
 */
export class ChainStore<S, M> {
  readonly #snapshotKey: Key
  readonly #messagesPrefix: string
  #writing: Promise<void> = Promise.resolve()

  constructor(
    private readonly datastore: Datastore,
    prefix: string,
  ) {
    this.#snapshotKey = new Key(`${prefix}/snapshot`)
    this.#messagesPrefix = `${prefix}/messages`
  }

  /** The saved records, or undefined when none were saved. Throws PersistenceError for broken ones. */
  async load(): Promise<Stored<S, M> | undefined> {
    try {
      if (!(await this.datastore.has(this.#snapshotKey))) return undefined
      const snapshot = decodeVersioned<S>(await this.datastore.get(this.#snapshotKey))
      const messages: M[] = []
      for await (const { value } of this.datastore.query({ prefix: this.#messagesPrefix })) {
        messages.push(decodeVersioned<M>(value))
      }
      return { snapshot, messages }
    } catch (error) {
      if (error instanceof PersistenceError) throw error
      throw new PersistenceError('cannot load the simulated chain', { cause: error })
    }
  }

  /**
   * Writes the changed messages and then the snapshot in one batch, after any write still in
   * progress. On a datastore whose batches are not atomic, a crash part-way leaves the previous
   * snapshot with some messages newer than it; the loader reconciles them (see EpochEngine.open).
   */
  save(snapshot: S, messages: ReadonlyMap<string, M>): Promise<void> {
    const batch = this.datastore.batch()
    for (const [cid, message] of messages)
      batch.put(new Key(`${this.#messagesPrefix}/${cid}`), encodeVersioned(message))
    batch.put(this.#snapshotKey, encodeVersioned(snapshot))
    this.#writing = this.#writing
      .catch(() => undefined)
      .then(async () => {
        try {
          await batch.commit()
        } catch (error) {
          throw new PersistenceError('cannot save the simulated chain', { cause: error })
        }
      })
    return this.#writing
  }
}

function encodeVersioned(data: unknown): Uint8Array {
  return dagCbor.encode(toPlain({ version: SNAPSHOT_VERSION, data }))
}

function decodeVersioned<T>(bytes: Uint8Array): T {
  const decoded = fromPlain(dagCbor.decode(bytes)) as { version: number; data: T }
  if (decoded.version !== SNAPSHOT_VERSION) {
    throw new PersistenceError(`unsupported simulated chain record version ${decoded.version}`)
  }
  return decoded.data
}
