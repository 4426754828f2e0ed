import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, it } from 'vitest'
import { type ChainMessage, publishStorageDealsMessage, sendMessage } from '../../../src/adapters/chain.ts'
import { nodeWallet } from '../../../src/adapters/lotus/index.ts'
import {
  AbortError,
  InvalidMessageError,
  KeyNotFoundError,
  LotusMethodError,
  MarketDealNotFoundError,
  MessageNotFoundError,
  NotEnoughFundsError,
} from '../../../src/errors.ts'
import {
  encodeClientDealProposal,
  idAddress,
  MemoryWallet,
  verifySignature,
} from '../../../src/market/index.ts'
import { activate, FIL, fundAll, pieceCid, proposal, sign } from '../sim-chain/fixtures.ts'
import { lotusWorld } from './fixtures.ts'

const unknownCid = CID.create(1, 0x71, await sha256.digest(new Uint8Array([1])))

describe('LotusChain messages against the devnet', () => {
  it('mpoolPushMessage queues a message under the nonce the node assigns; chainGetMessage reads it back', async () => {
    const { world, lotus } = await lotusWorld()
    const first = await lotus.mpoolPushMessage(sendMessage(world.client, world.client2, 1n * FIL))
    const second = await lotus.mpoolPushMessage(sendMessage(world.client, world.client2, 2n * FIL))
    expect([first.nonce, second.nonce]).toEqual([0, 1])
    expect(await lotus.chainGetMessage(second.cid)).toEqual(await world.chain.chainGetMessage(second.cid))
    await world.chain.advance(1)
    expect(await lotus.walletBalance(world.client2)).toBe(1003n * FIL)
  })

  it('chainGetMessage keeps the signed proposals of a publish message byte for byte', async () => {
    const { world, lotus } = await lotusWorld()
    const deals = [
      await sign(world, proposal(world)),
      await sign(world, proposal(world, { Label: new Uint8Array([0, 255]) })),
    ]
    const pushed = await lotus.mpoolPushMessage(publishStorageDealsMessage(world.worker, deals))
    const message = await lotus.chainGetMessage(pushed.cid)
    expect(message.kind).toBe('PublishStorageDeals')
    const read = message.kind === 'PublishStorageDeals' ? message.params.deals : []
    expect(read.map(encodeClientDealProposal)).toEqual(deals.map(encodeClientDealProposal))
  })

  it('chainGetMessage reads the sealing miner messages and a termination', async () => {
    const { world, lotus } = await lotusWorld()
    await fundAll(world)
    await world.chain.mpoolPushMessage(
      publishStorageDealsMessage(world.worker, [await sign(world, proposal(world))]),
    )
    await world.chain.advance(1)
    const sent: ChainMessage[] = []
    const seen = new Set<string>()
    const record = async () => {
      const cid = world.chain.sectorJobs()[0]?.messageCid
      if (cid === undefined || seen.has(cid)) return
      seen.add(cid)
      sent.push(await lotus.chainGetMessage(CID.parse(cid)))
    }
    const deal = await world.chain.stateMarketStorageDeal(1n, [])
    const piece = {
      dealId: 1n,
      proposal: deal.proposal,
      publishCid: undefined,
      pieceSize: 508,
      piece: { size: 0n, open: async function* () {} },
    }
    await world.chain.sealer(world.miner).handOff(piece)
    for (let i = 0; i < 12; i++) {
      await world.chain.advance(1)
      await record()
    }
    const terminate = await world.chain.terminateSector(world.miner, 1n)
    sent.push(await lotus.chainGetMessage(terminate.cid))
    expect(sent.map((m) => m.kind)).toEqual(['PreCommitSector', 'ProveCommitSector', 'TerminateSectors'])
    const [preCommit, , termination] = sent
    expect(preCommit?.params).toMatchObject({ sectorNumber: 1n, dealIds: [1n] })
    expect(termination?.params).toEqual({ sectorNumbers: [1n] })
  })

  it('mpoolPushMessage passes MaxFee to the node and reports an unpayable message as ERR_NOT_ENOUGH_FUNDS', async () => {
    const { world, lotus } = await lotusWorld({ policy: { messageFee: 1000n }, workerBalance: 500n })
    const refused = lotus.mpoolPushMessage(sendMessage(world.client, world.client2, 1n), { maxFee: 999n })
    await expect(refused).rejects.toBeInstanceOf(LotusMethodError)
    await expect(
      lotus.mpoolPushMessage(sendMessage(world.client, world.client2, 1n), { maxFee: 1000n }),
    ).resolves.toHaveProperty('nonce', 0)
    const poor = lotus.mpoolPushMessage(sendMessage(world.worker, world.client2, 1n))
    await expect(poor).rejects.toBeInstanceOf(NotEnoughFundsError)
  })

  it('mpoolPushMessage refuses a sender whose key the node does not hold, before queueing anything', async () => {
    const { world, lotus } = await lotusWorld()
    const stranger = new MemoryWallet().generateKey('secp256k1')
    await expect(lotus.mpoolPushMessage(sendMessage(stranger, world.client, 1n))).rejects.toBeInstanceOf(
      KeyNotFoundError,
    )
  })

  it('marketAddBalance and marketWithdraw send messages that move escrow', async () => {
    const { world, lotus } = await lotusWorld()
    const add = await lotus.marketAddBalance(world.client, world.client, 5n * FIL)
    await world.chain.advance(1)
    expect((await world.chain.stateSearchMsg([], add))?.receipt.exitCode).toBe(0)
    const withdraw = await lotus.marketWithdraw(world.client, world.client, 2n * FIL)
    await world.chain.advance(1)
    expect((await lotus.stateSearchMsg([], withdraw))?.receipt.exitCode).toBe(0)
    expect(await lotus.stateMarketBalance(world.client, [])).toEqual({ escrow: 3n * FIL, locked: 0n })
  })

  it('stateSearchMsg is undefined before execution, then finds the lookup with its decoded publish return', async () => {
    const { world, lotus } = await lotusWorld()
    await fundAll(world)
    const deals = await Promise.all(
      [1, 2, 3].map((seed) =>
        sign(world, proposal(world, { PieceCID: pieceCid(seed), ...(seed === 2 ? { EndEpoch: 10 } : {}) })),
      ),
    )
    const pushed = await lotus.mpoolPushMessage(publishStorageDealsMessage(world.worker, deals))
    expect(await lotus.stateSearchMsg([], pushed.cid)).toBeUndefined()
    await world.chain.advance(1)
    const lookup = await lotus.stateSearchMsg([], pushed.cid)
    expect(lookup).toEqual(await world.chain.stateSearchMsg([], pushed.cid))
    expect(lookup?.returnDec).toEqual({ ids: [1n, 2n], validDeals: [0, 2] })
    await expect(lotus.stateSearchMsg([], unknownCid)).rejects.toBeInstanceOf(MessageNotFoundError)
  })

  it('stateWaitMsg resolves once the message has its confidence, with the decoded publish return', async () => {
    const { world, lotus } = await lotusWorld()
    await fundAll(world)
    const pushed = await lotus.mpoolPushMessage(
      publishStorageDealsMessage(world.worker, [await sign(world, proposal(world))]),
    )
    let lookup: unknown
    const waiting = lotus.stateWaitMsg(pushed.cid, 2).then((value) => {
      lookup = value
      return value
    })
    await world.chain.advance(2)
    await lotus.idle()
    expect(lookup).toBeUndefined()
    await world.chain.advance(1)
    const found = await waiting
    expect(found.returnDec).toEqual({ ids: [1n], validDeals: [0] })
    expect(found.height).toBe(world.chain.head.height - 2)
  })

  it('stateWaitMsg across a reorg that reverts the publish: one answer, at the tipset that included it again, one deal', async () => {
    const { world, lotus } = await lotusWorld()
    await fundAll(world)
    const pushed = await lotus.mpoolPushMessage(
      publishStorageDealsMessage(world.worker, [await sign(world, proposal(world))]),
    )
    const answers: unknown[] = []
    const waiting = lotus.stateWaitMsg(pushed.cid, 3).then((value) => {
      answers.push(value)
      return value
    })
    await world.chain.advance(2)
    const landed = await lotus.stateSearchMsg([], pushed.cid)
    if (landed === undefined) throw new Error('the publish did not land')
    await world.chain.reorg(world.chain.head.height - landed.height + 1)
    await lotus.idle()
    expect(answers).toEqual([])
    const again = await lotus.stateSearchMsg([], pushed.cid)
    expect(again?.tipSet).not.toEqual(landed.tipSet)
    await world.chain.advance(3)
    const found = await waiting
    await world.chain.advance(2)
    await lotus.idle()
    expect(answers).toHaveLength(1)
    expect(found.tipSet).toEqual(again?.tipSet)
    // Executed once on the chain that stands: the same deal id, and no second deal.
    expect(found.returnDec).toEqual({ ids: [1n], validDeals: [0] })
    await expect(lotus.stateMarketStorageDeal(2n, [])).rejects.toBeInstanceOf(MarketDealNotFoundError)
  })

  it('stateWaitMsg rejects an unknown message, a confidence beyond finality, and stops when aborted', async () => {
    const { world, lotus } = await lotusWorld()
    await expect(lotus.stateWaitMsg(unknownCid, 1)).rejects.toBeInstanceOf(MessageNotFoundError)
    await expect(lotus.stateWaitMsg(unknownCid, 901)).rejects.toBeInstanceOf(InvalidMessageError)
    const pushed = await lotus.mpoolPushMessage(sendMessage(world.client, world.client2, 1n))
    const controller = new AbortController()
    const waiting = lotus.stateWaitMsg(pushed.cid, 100, { signal: controller.signal })
    controller.abort()
    await expect(waiting).rejects.toBeInstanceOf(AbortError)
  })

  it('walletSign signs with the node key behind an ID address; walletVerify checks against the key address', async () => {
    const { world, lotus } = await lotusWorld()
    const bytes = new TextEncoder().encode('sign me')
    const signature = await lotus.walletSign(world.chain.idOf(world.client2), bytes)
    expect(verifySignature(signature, world.client2, bytes)).toBe(true)
    expect(await lotus.walletVerify(world.client2, bytes, signature)).toBe(true)
    expect(await lotus.walletVerify(world.client, bytes, signature)).toBe(false)
    const stranger = new MemoryWallet().generateKey('bls')
    await expect(lotus.walletSign(stranger, bytes)).rejects.toBeInstanceOf(KeyNotFoundError)
  })

  it('nodeWallet signs through the node, for a process that holds no keys', async () => {
    const { world, lotus } = await lotusWorld()
    const signature = await nodeWallet(lotus).sign(world.worker, new Uint8Array([7]))
    expect(verifySignature(signature, world.worker, new Uint8Array([7]))).toBe(true)
  })

  it('reads the deal of an activated sector through the same messages', async () => {
    const { world, lotus } = await lotusWorld()
    await fundAll(world)
    const pushed = await lotus.mpoolPushMessage(
      publishStorageDealsMessage(world.worker, [await sign(world, proposal(world))]),
    )
    await world.chain.advance(1)
    await activate(world, 1n)
    expect((await lotus.stateSearchMsg([], pushed.cid))?.returnDec?.ids).toEqual([1n])
    expect((await lotus.stateMarketStorageDeal(1n, [])).state.sectorNumber).toBe(1n)
    expect(await lotus.stateLookupId(idAddress(5), [])).toEqual(idAddress(5))
  })
})
