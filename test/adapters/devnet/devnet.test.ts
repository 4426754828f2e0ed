import { MemoryDatastore } from 'datastore-core'
import { describe, expect, it, onTestFinished } from 'vitest'
import { VirtualClock } from '../../../src/adapters/clock.ts'
import {
  type Devnet,
  type DevnetInit,
  devnetClient,
  startDevnet,
} from '../../../src/adapters/devnet/index.ts'
import { createLotusChain, type LotusChain } from '../../../src/adapters/lotus/index.ts'
import { ChainClosedError } from '../../../src/errors.ts'
import { ATTO_PER_FIL, verifySignature } from '../../../src/market/index.ts'
import { nextValue } from '../lotus/fixtures.ts'
import { fundAll, makeWorld, proposal, publish, sign } from '../sim-chain/fixtures.ts'

/** Starts a devnet and an adapter on it, both stopped when the test finishes. */
async function started(init: DevnetInit = {}): Promise<{ devnet: Devnet; lotus: LotusChain }> {
  const devnet = await startDevnet(init)
  const lotus = createLotusChain({ url: devnet.url, token: devnet.token })
  onTestFinished(async () => {
    lotus.close()
    await devnet.close()
  })
  return { devnet, lotus }
}

describe('startDevnet', () => {
  it('without a chain, opens one with funded accounts and a miner whose keys the node holds', async () => {
    const { devnet, lotus } = await started()
    const accounts = devnet.accounts
    expect(accounts?.clients).toHaveLength(1)
    expect(devnet.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rpc\/v1$/)
    for (const address of [accounts?.worker, ...(accounts?.clients ?? [])]) {
      if (address === undefined) throw new Error('no accounts')
      expect(await lotus.walletBalance(address)).toBe(1_000_000n * ATTO_PER_FIL)
      const signature = await lotus.walletSign(address, new Uint8Array([1]))
      expect(verifySignature(signature, address, new Uint8Array([1]))).toBe(true)
    }
    const info = await lotus.stateMinerInfo(accounts?.miner ?? (devnet.chain.head.key[0] as never), [])
    expect(info.worker).toEqual(await lotus.stateLookupId(accounts?.worker as never, []))
    expect(info.sectorSize).toBe(32n << 30n)
  })

  it('takes the accounts and the miner identity it is asked for', async () => {
    const genesis = {
      clients: 3,
      balance: 5n,
      sectorSize: 2048n,
      peerId: '12D3KooWDevnet',
      multiaddrs: ['/ip4/127.0.0.1/tcp/4001'],
    }
    const { devnet, lotus } = await started({ genesis })
    expect(devnet.accounts?.clients).toHaveLength(3)
    expect(await lotus.walletBalance(devnet.accounts?.clients[2] as never)).toBe(5n)
    const info = await lotus.stateMinerInfo(devnet.accounts?.miner as never, [])
    expect(info).toMatchObject({
      sectorSize: 2048n,
      peerId: '12D3KooWDevnet',
      multiaddrs: ['/ip4/127.0.0.1/tcp/4001'],
    })
  })

  it('advances one epoch every msPerEpoch of its clock', async () => {
    const clock = new VirtualClock()
    const { devnet } = await started({ msPerEpoch: 1_000, clock })
    await clock.advance(999)
    expect(devnet.chain.head.height).toBe(0)
    await clock.advance(1)
    expect(devnet.chain.head.height).toBe(1)
    await clock.advance(3_000)
    expect(devnet.chain.head.height).toBe(4)
    await devnet.close()
    await clock.advance(5_000)
    expect(devnet.chain.running).toBe(false)
  })

  it('resumes from its store with the same accounts, keys and head', async () => {
    const store = new MemoryDatastore()
    const first = await startDevnet({ store })
    await devnetClient({ url: first.url, token: first.token }).advance(4)
    const accounts = first.accounts
    await first.close()
    const { devnet, lotus } = await started({ store })
    expect(devnet.accounts).toEqual(accounts)
    expect((await lotus.chainHead()).height).toBe(4)
    const client = devnet.accounts?.clients[0]
    if (client === undefined) throw new Error('no client')
    expect(
      verifySignature(await lotus.walletSign(client, new Uint8Array([2])), client, new Uint8Array([2])),
    ).toBe(true)
  })

  it('Devnet.Advance, Devnet.Reorg and Devnet.HandOff drive the chain and its miner from another process', async () => {
    const world = await makeWorld()
    const { devnet, lotus } = await started({ chain: world.chain })
    const client = devnetClient({ url: devnet.url, token: devnet.token })
    expect((await client.advance(2)).height).toBe(2)
    const before = await lotus.chainHead()
    const after = await client.reorg(1)
    expect(after.height).toBe(2)
    expect(after.key).not.toEqual(before.key)
    await fundAll(world)
    await publish(world, [await sign(world, proposal(world))])
    const packed = await client.sealer(world.miner).handOff({
      dealId: 1n,
      proposal: proposal(world),
      publishCid: undefined,
      pieceSize: 508,
      piece: { size: 0n, open: async function* () {} },
    })
    expect(packed).toEqual({ sectorNumber: 1n, offset: 0, size: 512 })
    for (let i = 0; i < 10; i++) await client.advance(1)
    expect((await lotus.stateMarketStorageDeal(1n, [])).state.sectorStartEpoch).toBeGreaterThan(0)
    const reader = devnetClient({ url: devnet.url, token: devnet.createToken(['read']) })
    await expect(reader.advance(1)).rejects.toHaveProperty('code', 'ERR_LOTUS_AUTH')
  })

  it('accepts the admin token it is given', async () => {
    const { devnet } = await started({ token: 'my-own-admin-token' })
    expect(devnet.token).toBe('my-own-admin-token')
    const lotus = createLotusChain({ url: devnet.url, token: 'my-own-admin-token' })
    expect((await lotus.chainHead()).height).toBe(0)
    lotus.close()
  })

  it('is shared: what one client sends, another sees through its own subscription', async () => {
    const { devnet, lotus } = await started()
    const other = createLotusChain({ url: devnet.url, token: devnet.token })
    onTestFinished(() => other.close())
    const client = devnet.accounts?.clients[0]
    if (client === undefined) throw new Error('no client')
    const changes = other.chainNotify()[Symbol.asyncIterator]()
    await nextValue(changes)
    await lotus.marketAddBalance(client, client, 7n)
    await devnetClient({ url: devnet.url, token: devnet.token }).advance(1)
    const [apply] = await nextValue(changes)
    expect(await other.stateMarketBalance(client, apply?.tipSet.key ?? [])).toEqual({
      escrow: 7n,
      locked: 0n,
    })
    await changes.return?.()
  })

  it('listens on loopback only, and keeps store and genesis for a chain it opens', async () => {
    await expect(startDevnet({ listen: { host: '0.0.0.0' } })).rejects.toBeInstanceOf(RangeError)
    const world = await makeWorld()
    await expect(startDevnet({ chain: world.chain, store: new MemoryDatastore() })).rejects.toBeInstanceOf(
      RangeError,
    )
  })

  it('closes the chain it opened, and leaves a chain it was given open', async () => {
    const own = await startDevnet()
    await own.close()
    await expect(own.chain.advance(1)).rejects.toBeInstanceOf(ChainClosedError)
    const world = await makeWorld()
    const given = await startDevnet({ chain: world.chain })
    await given.close()
    await world.chain.advance(1)
    expect(world.chain.head.height).toBe(1)
  })
})
