import { describe, expect, it } from 'vitest'
import { publishStorageDealsMessage, sendMessage } from '../../../src/adapters/chain.ts'
import type { DevnetCall } from '../../../src/adapters/devnet/index.ts'
import { LOTUS_METHODS } from '../../../src/adapters/lotus/index.ts'
import { activate, fundAll, proposal, sign } from '../sim-chain/fixtures.ts'
import { lotusWorld, nextValue } from './fixtures.ts'
import { FORBIDDEN_METHODS, REFERENCE_METHODS } from './lotus-reference-methods.ts'

/** What is wrong with a list of calls, checked against the reference table. */
function nonConforming(calls: readonly Pick<DevnetCall, 'method' | 'params'>[]): string[] {
  const problems: string[] = []
  for (const { method, params } of calls) {
    if (method.startsWith('Devnet.')) continue
    const name = method.replace(/^Filecoin\./, '')
    const reference = REFERENCE_METHODS[name]
    if (!method.startsWith('Filecoin.') || reference === undefined)
      problems.push(`${method} is not a Lotus method`)
    else if (reference[0] !== params.length)
      problems.push(`${method} called with ${params.length} != ${reference[0]} params`)
    if (FORBIDDEN_METHODS.includes(name)) problems.push(`${method} must never be called`)
  }
  return problems
}

describe('conformance with the Lotus API of the reference', () => {
  it("the adapter's method table matches the reference in parameter count and permission", () => {
    for (const [name, spec] of Object.entries(LOTUS_METHODS)) {
      expect(REFERENCE_METHODS[name], name).toEqual([spec.params, spec.permission])
      expect(FORBIDDEN_METHODS).not.toContain(name)
    }
  })

  it('the check fails for a method outside the reference, a wrong parameter count, or a forbidden method', () => {
    expect(
      nonConforming([
        { method: 'Filecoin.ChainHead', params: [] },
        { method: 'Filecoin.StateMarketDealz', params: [[]] },
        { method: 'Filecoin.StateWaitMsg', params: [{ '/': 'x' }, 5] },
        { method: 'Filecoin.StateMarketDeals', params: [[]] },
        { method: 'ChainHead', params: [] },
      ]),
    ).toEqual([
      'Filecoin.StateMarketDealz is not a Lotus method',
      'Filecoin.StateWaitMsg called with 2 != 4 params',
      'Filecoin.StateMarketDeals must never be called',
      'ChainHead is not a Lotus method',
    ])
  })

  it('every call the adapter makes while using each chain method is a reference method with its parameter count', async () => {
    const calls: DevnetCall[] = []
    const { world, lotus } = await lotusWorld({ devnet: { onCall: (call) => calls.push(call) } })
    const changes = lotus.chainNotify()[Symbol.asyncIterator]()
    await nextValue(changes)
    await fundAll(world)
    const signed = await sign(world, proposal(world))
    const pushed = await lotus.mpoolPushMessage(publishStorageDealsMessage(world.worker, [signed]))
    const waited = lotus.stateWaitMsg(pushed.cid, 1)
    await world.chain.advance(2)
    await waited
    await activate(world, 1n)
    await lotus.chainHead()
    const head = await lotus.chainHead()
    await lotus.chainGetPath(head.parents, head.key)
    await lotus.chainGetTipSet(head.parents)
    await lotus.chainGetMessage(pushed.cid)
    await lotus.stateSearchMsg(head.key, pushed.cid)
    await lotus.stateMarketBalance(world.client, head.key)
    await lotus.stateMarketStorageDeal(1n, head.key)
    await lotus.stateMinerInfo(world.miner, head.key)
    await lotus.stateListMiners(head.key)
    await lotus.stateDealProviderCollateralBounds(512, false, head.key)
    await lotus.stateSectorPreCommitInfo(world.miner, 1n, head.key)
    const id = await lotus.stateLookupId(world.client, head.key)
    await lotus.stateAccountKey(id, head.key)
    await lotus.stateVerifiedClientStatus(world.client, head.key)
    await lotus.marketAddBalance(world.client, world.client, 1n)
    await lotus.marketWithdraw(world.client, world.client, 1n)
    const signature = await lotus.walletSign(world.client, new Uint8Array([1]))
    await lotus.walletVerify(world.client, new Uint8Array([1]), signature)
    await lotus.walletBalance(world.client)
    await lotus.mpoolPushMessage(sendMessage(world.client, world.client2, 1n))
    await changes.return?.()
    expect(nonConforming(calls)).toEqual([])
    const used = new Set(calls.map((call) => call.method.replace('Filecoin.', '')))
    expect([...used].sort()).toEqual(Object.keys(LOTUS_METHODS).sort())
  })
})
