/**
 * The libp2p identity of a standalone process, kept in its store directory so the peer id (and
 * so the multiaddr a client dials) survives restarts.
 *
 * @module
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'
import { AdapterError } from '../errors.ts'

/** File name of the key under the store directory. */
export const PEER_KEY_FILE = 'libp2p.key'

/**
 * The Ed25519 key stored in `dir`, created (readable by the owner only) when there is none.
 *
 * @throws {@link AdapterError} when the file exists but holds no key, or cannot be written
 */
export async function loadOrCreatePeerKey(dir: string): Promise<PrivateKey> {
  const path = join(dir, PEER_KEY_FILE)
  let bytes: Uint8Array | undefined
  try {
    bytes = await readFile(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new AdapterError(`cannot read ${path}`, { cause: error })
  }
  if (bytes !== undefined) {
    try {
      return asPrivateKey(privateKeyFromProtobuf(bytes))
    } catch (error) {
      throw new AdapterError(`${path} holds no libp2p key`, { cause: error })
    }
  }
  const key = await generateKeyPair('Ed25519')
  try {
    await mkdir(dir, { recursive: true })
    await writeFile(path, privateKeyToProtobuf(key), { mode: 0o600, flag: 'wx' })
  } catch (error) {
    throw new AdapterError(`cannot write ${path}`, { cause: error })
  }
  return asPrivateKey(key)
}

/**
 * @libp2p/crypto declares its keys against its own copy of @libp2p/interface, whose byte-list
 * type differs from the copy libp2p uses only in a type parameter: the objects are the same.
 */
function asPrivateKey(key: object): PrivateKey {
  return key as PrivateKey
}
