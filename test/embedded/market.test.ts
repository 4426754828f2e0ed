/** The embedded market's API, apart from the deal scenarios of test/integration. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { askPriceFor } from '../../src/embedded/deals.ts'
import {
  createEmbeddedMarket,
  DEFAULT_DEAL_DURATION,
  DEFAULT_DEAL_START_DELAY,
  DEFAULT_EMBEDDED_ASK_PRICE,
  type DealProgress,
} from '../../src/embedded/index.ts'
import { EmbeddedTimeoutError, NotStartedError } from '../../src/errors.ts'
import { ATTO_PER_FIL } from '../../src/market/index.ts'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fildeal-market-'))
  dirs.push(dir)
  return dir
}

const DATA = new TextEncoder().encode('embedded market data\n'.repeat(40))

describe('createEmbeddedMarket', () => {
  it('opens a chain with the parties funded and their escrow deposited, clock and epochs in step', async () => {
    const market = await createEmbeddedMarket({ seed: 1 })
    await market.start()
    expect(market.resumed).toBe(false)
    expect(market.epoch).toBe(1)
    expect(market.clock.now()).toBe(30_000)
    const summary = await market.summary()
    const client = summary.accounts.find((a) => a.role === 'client')
    expect(client).toMatchObject({ balance: 990n * ATTO_PER_FIL, escrow: 10n * ATTO_PER_FIL, locked: 0n })
    expect(summary.accounts.find((a) => a.role === 'miner')?.escrow).toBe(10n * ATTO_PER_FIL)
    expect(summary.accountedSupply).toBe(summary.totalSupply)
    await market.advance(3)
    expect(market.epoch).toBe(4)
    expect(market.clock.now()).toBe(4 * 30_000)
    await expect(market.advance(-1)).rejects.toBeInstanceOf(RangeError)
    await market.stop()
  })

  it('gives the same parties for the same seed', async () => {
    const a = await createEmbeddedMarket({ seed: 42 })
    const b = await createEmbeddedMarket({ seed: 42 })
    const c = await createEmbeddedMarket({ seed: 43 })
    expect(a.addresses.client.toString()).toBe(b.addresses.client.toString())
    expect(a.addresses.worker.toString()).toBe(b.addresses.worker.toString())
    expect(a.addresses.client.toString()).not.toBe(c.addresses.client.toString())
    for (const market of [a, b, c]) await market.stop()
  })

  it('refuses to be used before start or after stop', async () => {
    const market = await createEmbeddedMarket()
    expect(() => market.client).toThrow(NotStartedError)
    await market.start()
    await market.stop()
    expect(() => market.epoch).toThrow(NotStartedError)
    await market.stop()
  })

  it('proposes at the ask price, starting and lasting the default number of epochs', async () => {
    const market = await createEmbeddedMarket()
    await market.start()
    const data = await market.importData(DATA)
    const proposalCid = await market.proposeDeal({ data: data.root })
    const { Proposal } = await market.client.getLocalDeal(proposalCid)
    expect(Proposal.StoragePricePerEpoch).toBe(askPriceFor(DEFAULT_EMBEDDED_ASK_PRICE, data.pieceSize))
    expect(Proposal.StartEpoch).toBe(market.epoch + DEFAULT_DEAL_START_DELAY)
    expect(Proposal.EndEpoch - Proposal.StartEpoch).toBe(DEFAULT_DEAL_DURATION)
    expect(Proposal.PieceCID.equals(data.pieceCid)).toBe(true)

    const custom = await market.proposeDeal({
      data,
      price: 5_000_000n,
      durationEpochs: 30,
      startDelayEpochs: 40,
    })
    const deal = await market.client.getLocalDeal(custom)
    expect(deal.Proposal.StoragePricePerEpoch).toBe(5_000_000n)
    expect(deal.Proposal.StartEpoch).toBe(market.epoch + 40)
    expect(deal.Proposal.EndEpoch - deal.Proposal.StartEpoch).toBe(30)
    await market.stop()
  })

  it("accepts the chain policy's deal lengths and refuses shorter ones", async () => {
    const market = await createEmbeddedMarket({ policy: { minDealDuration: 20 } })
    await market.start()
    const data = await market.importData(DATA)
    const accepted = await market.proposeDeal({ data, durationEpochs: 20 })
    const refused = await market.proposeDeal({ data, durationEpochs: 19 })
    await market.runUntil((progress) =>
      progress.deals.every((deal) => deal.provider !== 'StorageDealValidating'),
    )
    expect((await market.provider.getLocalDeal(accepted)).State).not.toMatch(/Rejecting|Failing|Error/)
    const rejected = await market.provider.getLocalDeal(refused)
    expect(rejected.Message).toContain('(min 20, max 100000, provided 19)')
    await market.stop()
  })

  it('reports progress until unsubscribed, and times out naming the deals still going', async () => {
    const market = await createEmbeddedMarket()
    await market.start()
    const seen: DealProgress[] = []
    const unsubscribe = market.onProgress((progress) => seen.push(progress))
    const proposalCid = await market.proposeDeal({ data: await market.importData(DATA) })
    expect(seen.at(-1)?.deals.map((deal) => deal.proposalCid)).toEqual([proposalCid.toString()])
    const error = await market.runUntil(undefined, { maxEpochs: 3 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EmbeddedTimeoutError)
    expect((error as EmbeddedTimeoutError).code).toBe('ERR_EMBEDDED_TIMEOUT')
    expect((error as EmbeddedTimeoutError).stuck).toEqual([
      expect.objectContaining({
        proposalCid: proposalCid.toString(),
        providerState: 'StorageDealPublishing',
      }),
    ])
    unsubscribe()
    const count = seen.length
    await market.advance(1)
    expect(seen).toHaveLength(count)
    await market.stop()
  })
})

describe('an embedded market in a store directory', () => {
  it('imports files as CARs, and a reopened market serves them and keeps its parties', async () => {
    const dir = await tempDir()
    const file = join(dir, 'input.txt')
    await writeFile(file, DATA)
    const first = await createEmbeddedMarket({ store: dir })
    await first.start()
    const fromFile = await first.importData(file)
    const inMemory = await createEmbeddedMarket()
    const fromBytes = await inMemory.importData(DATA)
    await inMemory.stop()
    expect(fromFile.root.equals(fromBytes.root)).toBe(true)
    expect(fromFile.pieceCid.equals(fromBytes.pieceCid)).toBe(true)
    const addresses = first.addresses
    const epoch = first.epoch
    await first.stop()

    const second = await createEmbeddedMarket({ store: dir })
    await second.start()
    expect(second.resumed).toBe(true)
    expect(second.epoch).toBe(epoch)
    expect(second.clock.now()).toBe(epoch * 30_000)
    expect(second.addresses.client.toString()).toBe(addresses.client.toString())
    const proposalCid = await second.proposeDeal({ data: fromFile.root })
    await second.runUntil()
    expect((await second.summary()).deals).toEqual([
      expect.objectContaining({
        proposalCid,
        clientState: 'StorageDealExpired',
        providerState: 'StorageDealExpired',
      }),
    ])
    await second.stop()
  })

  it('refuses a store another market holds open', async () => {
    const dir = await tempDir()
    const first = await createEmbeddedMarket({ store: dir })
    await expect(createEmbeddedMarket({ store: dir })).rejects.toMatchObject({ code: 'ERR_EMBEDDED_STORE' })
    await first.stop()
  })
})
