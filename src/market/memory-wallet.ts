/**
 * An in-memory wallet of secp256k1 and BLS keys implementing {@link Signer}, on iso-filecoin keys.
 * Meant for tests, demos and embedded use; keys live only in this process.
 *
 * @module
 */

import * as wallet from 'iso-filecoin/wallet'
import { AbortError, InvalidKeyError, KeyNotFoundError, messageOf } from '../errors.ts'
import { type Address, addressFromBytes, type Network } from './address.ts'
import { type Signature, SigType } from './signature.ts'
import type { Signer, SignOptions } from './signer.ts'

/** Kinds of key the wallet holds. */
export type KeyType = 'secp256k1' | 'bls'

/** Options of {@link MemoryWallet}. */
export interface MemoryWalletInit {
  /**
   * Network of the address strings the wallet returns.
   * @default 'mainnet'
   */
  readonly network?: Network
}

interface Key {
  readonly type: KeyType
  readonly privateKey: Uint8Array
  readonly address: Address
}

type IsoAccount = ReturnType<typeof wallet.accountFromPrivateKey>

const ISO_TYPE = { secp256k1: 'SECP256K1', bls: 'BLS' } as const

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Holds private keys in memory and signs with them. */
export class MemoryWallet implements Signer {
  readonly #network: Network
  readonly #keys = new Map<string, Key>()

  constructor(init: MemoryWalletInit = {}) {
    this.#network = init.network ?? 'mainnet'
  }

  #add(type: KeyType, account: IsoAccount): Address {
    const address = addressFromBytes(account.address.toBytes(), this.#network)
    this.#keys.set(hex(address.bytes), { type, privateKey: Uint8Array.from(account.privateKey), address })
    return address
  }

  /** Creates a random key and returns its address (f1 for secp256k1, f3 for BLS). */
  generateKey(type: KeyType): Address {
    if (!Object.hasOwn(ISO_TYPE, type)) throw new InvalidKeyError(`unsupported key type ${String(type)}`)
    return this.#add(type, wallet.create(ISO_TYPE[type], this.#network))
  }

  /**
   * Imports a 32-byte private key and returns its address. BLS keys are big-endian here; Lotus
   * exports them little-endian (use {@link MemoryWallet.importLotusKey} for those).
   * Throws InvalidKeyError for a malformed key.
   */
  importKey(type: KeyType, privateKey: Uint8Array): Address {
    if (!Object.hasOwn(ISO_TYPE, type)) throw new InvalidKeyError(`unsupported key type ${String(type)}`)
    try {
      return this.#add(
        type,
        wallet.accountFromPrivateKey(Uint8Array.from(privateKey), ISO_TYPE[type], this.#network),
      )
    } catch (error) {
      throw new InvalidKeyError(`invalid ${type} private key: ${messageOf(error)}`, { cause: error })
    }
  }

  /** Imports a key in the hex format of `lotus wallet export`. Throws InvalidKeyError for a malformed export. */
  importLotusKey(exported: string): Address {
    let account: ReturnType<typeof wallet.accountFromLotus>
    try {
      account = wallet.accountFromLotus(exported, this.#network)
    } catch (error) {
      throw new InvalidKeyError(`invalid Lotus key export: ${messageOf(error)}`, { cause: error })
    }
    if (account.privateKey === undefined) throw new InvalidKeyError('the Lotus export holds no private key')
    return this.#add(account.type === 'BLS' ? 'bls' : 'secp256k1', {
      ...account,
      privateKey: account.privateKey,
    })
  }

  /** Addresses of every key held, in import order. */
  list(): Address[] {
    return Array.from(this.#keys.values(), (key) => key.address)
  }

  /** True when the wallet holds the key of `address` (compared by bytes). */
  has(address: Address): boolean {
    return this.#keys.has(hex(address.bytes))
  }

  /** Signs `bytes` with the key of `address`. Rejects with KeyNotFoundError or AbortError. */
  async sign(address: Address, bytes: Uint8Array, options: SignOptions = {}): Promise<Signature> {
    if (options.signal?.aborted === true) throw new AbortError(undefined, { cause: options.signal.reason })
    const key = this.#keys.get(hex(address.bytes))
    if (key === undefined) throw new KeyNotFoundError(address.toString())
    const signature = wallet.sign(key.privateKey, ISO_TYPE[key.type], bytes)
    return { Type: key.type === 'bls' ? SigType.BLS : SigType.Secp256k1, Data: signature.data }
  }
}
