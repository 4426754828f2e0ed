import { NamespaceDatastore } from 'datastore-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { PersistenceError } from '../../src/errors.ts'
import { decodeSignedStorageAsk, idAddress, verifySignedStorageAsk } from '../../src/market/index.ts'
import { ASK_KEY, PROVIDER_ASK_NAMESPACE, StoredAsk } from '../../src/provider/index.ts'
import { createProviderWorld, HEAD_EPOCH, type ProviderWorld } from '../fakes/provider-world.ts'
import { startProvider } from './provider-harness.ts'

describe('stored ask', () => {
  let world: ProviderWorld
  let datastore: NamespaceDatastore
  const storedAsk = () => new StoredAsk({ datastore, node: world.node, address: world.provider })
  beforeEach(async () => {
    world = await createProviderWorld()
    datastore = new NamespaceDatastore(world.datastore, PROVIDER_ASK_NAMESPACE)
  })

  it('auto initializing', async () => {
    const signed = await storedAsk().load()
    expect(signed.Ask).toMatchObject({
      Price: 500_000_000n,
      VerifiedPrice: 50_000_000n,
      MinPieceSize: 256,
      MaxPieceSize: 1 << 20,
      Miner: world.provider,
      Timestamp: HEAD_EPOCH,
      Expiry: HEAD_EPOCH + 1_000_000,
      SeqNo: 0,
    })
    expect(verifySignedStorageAsk(signed, world.worker)).toBe(true)
  })

  it('setting ask price', async () => {
    const ask = storedAsk()
    await ask.load()
    world.node.head = { ...world.node.head, epoch: 70 }
    const signed = await ask.setAsk(7n, 3n, 400, { minPieceSize: 512 })
    expect(signed.Ask).toMatchObject({
      Price: 7n,
      VerifiedPrice: 3n,
      MinPieceSize: 512,
      SeqNo: 1,
      Timestamp: 70,
    })
    expect((signed.Ask?.Expiry ?? 0) - (signed.Ask?.Timestamp ?? 0)).toBe(400)
    expect(verifySignedStorageAsk(signed, world.worker)).toBe(true)
    expect(ask.getAsk()).toBe(signed)
  })

  it('reloading stored ask from disk', async () => {
    await storedAsk().load()
    const set = await storedAsk().setAsk(9n, 9n, 100)
    const reloaded = await storedAsk().load()
    expect(reloaded).toEqual(set)
    expect(decodeSignedStorageAsk(await datastore.get(ASK_KEY))).toEqual(set)
  })

  it('node errors', async () => {
    const ask = storedAsk()
    const initial = await ask.load()
    for (const method of ['getChainHead', 'getMinerWorkerAddress', 'signBytes'] as const) {
      world.node.faults.heal().fail(method, new Error(`${method} down`))
      await expect(ask.setAsk(1n, 1n, 10)).rejects.toThrow(`${method} down`)
      expect(ask.getAsk()).toBe(initial)
    }
    world.node.faults.heal()
    expect((await storedAsk().load()).Ask?.SeqNo).toBe(0)
  })

  it('keeps piece-size limits given once when later asks do not name them', async () => {
    const ask = new StoredAsk(
      { datastore, node: world.node, address: world.provider },
      { minPieceSize: 1024, maxPieceSize: 4096 },
    )
    expect((await ask.load()).Ask).toMatchObject({ MinPieceSize: 1024, MaxPieceSize: 4096 })
    expect((await ask.setAsk(1n, 1n, 10)).Ask).toMatchObject({ MinPieceSize: 1024, MaxPieceSize: 4096 })
    expect((await ask.setAsk(1n, 1n, 10, { maxPieceSize: 8192 })).Ask).toMatchObject({
      MinPieceSize: 1024,
      MaxPieceSize: 8192,
    })
  })

  it('applies concurrent changes one after the other', async () => {
    const ask = storedAsk()
    await ask.load()
    const results = await Promise.all([
      ask.setAsk(1n, 1n, 10),
      ask.setAsk(2n, 2n, 10),
      ask.setAsk(3n, 3n, 10),
    ])
    expect(results.map((r) => r.Ask?.SeqNo)).toEqual([1, 2, 3])
    expect(ask.getAsk()?.Ask?.Price).toBe(3n)
  })

  it('refuses to start on a stored ask it cannot decode', async () => {
    await datastore.put(ASK_KEY, new Uint8Array([0xff]))
    await expect(storedAsk().load()).rejects.toBeInstanceOf(PersistenceError)
  })

  it('is served by the provider for its own miner only, and set through the provider', async () => {
    const { provider } = await startProvider(world)
    const set = await provider.setAsk(11n, 5n, 1000)
    expect(provider.getAsk()).toBe(set)
    expect(await provider.handleAskRequest({ Miner: world.provider })).toEqual({ Ask: set })
    expect(await provider.handleAskRequest({ Miner: idAddress(4321) })).toEqual({ Ask: null })
    await provider.stop()
    const { provider: restarted } = await startProvider(world)
    expect(restarted.getAsk()).toEqual(set)
  })
})
