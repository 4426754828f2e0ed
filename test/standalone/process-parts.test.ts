import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AdapterError, InvalidPeerIdError, MinerNotChosenError } from '../../src/errors.ts'
import { idAddress } from '../../src/market/index.ts'
import { chooseMiner } from '../../src/standalone/lotus-connection.ts'
import { loadOrCreatePeerKey, PEER_KEY_FILE } from '../../src/standalone/peer-key.ts'
import { providerTarget } from '../../src/standalone/provider-target.ts'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-standalone-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadOrCreatePeerKey', () => {
  it('creates a key once, owner-readable, and gives the same peer id after a restart', async () => {
    const store = join(dir, 'a')
    const first = await loadOrCreatePeerKey(store)
    const again = await loadOrCreatePeerKey(store)
    expect(peerIdFromPrivateKey(again).toString()).toBe(peerIdFromPrivateKey(first).toString())
    expect((await readFile(join(store, PEER_KEY_FILE))).length).toBeGreaterThan(32)
  })

  it('refuses a key file that holds no key', async () => {
    const store = join(dir, 'b')
    await loadOrCreatePeerKey(store)
    await writeFile(join(store, PEER_KEY_FILE), 'not a key')
    await expect(loadOrCreatePeerKey(store)).rejects.toBeInstanceOf(AdapterError)
  })
})

describe('chooseMiner', () => {
  const chain = (count: number) => ({
    stateListMiners: async () => Array.from({ length: count }, (_, i) => idAddress(1000n + BigInt(i))),
  })

  it('takes the given miner, else the only one on chain', async () => {
    expect((await chooseMiner(chain(3), idAddress(7n))).toString()).toBe('f07')
    expect((await chooseMiner(chain(1), undefined)).toString()).toBe('f01000')
  })

  it('refuses to guess among none or several', async () => {
    await expect(chooseMiner(chain(0), undefined)).rejects.toMatchObject({
      code: MinerNotChosenError.code,
      miners: 0,
    })
    await expect(chooseMiner(chain(2), undefined)).rejects.toThrow(/2 miner actors: choose one with --miner/)
  })
})

describe('providerTarget', () => {
  const info = { owner: idAddress(1n), worker: idAddress(2n), sectorSize: 2048n, multiaddrs: [] }
  const peer = 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N'

  it('dials the multiaddr given and trusts the worker on chain', async () => {
    const added: [string, readonly string[]][] = []
    const target = await providerTarget(
      {
        chain: { stateMinerInfo: async () => info as never },
        network: {
          addAddrs: async (id: string, addresses: readonly string[]) => void added.push([id, addresses]),
        },
      },
      `/ip4/127.0.0.1/tcp/4001/p2p/${peer}`,
      idAddress(1000n),
    )
    expect(target).toMatchObject({ peerId: peer, worker: info.worker, sectorSize: 2048n })
    expect(target.address.toString()).toBe('f01000')
    expect(added).toEqual([[peer, [`/ip4/127.0.0.1/tcp/4001/p2p/${peer}`]]])
  })

  it('refuses a multiaddr without a peer id', async () => {
    const parts = {
      chain: { stateMinerInfo: async () => info as never },
      network: { addAddrs: async () => {} },
    }
    await expect(providerTarget(parts, '/ip4/127.0.0.1/tcp/4001', idAddress(1000n))).rejects.toBeInstanceOf(
      InvalidPeerIdError,
    )
  })
})
