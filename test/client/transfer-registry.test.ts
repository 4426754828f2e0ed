import { describe, expect, expectTypeOf, it } from 'vitest'
import type { CarServer, HttpPullProvider } from '../../src/adapters/http-transfer/types.ts'
import { InProcessPullHub } from '../../src/adapters/in-process/index.ts'
import { type CarServing, type ClientTransferRegistry, carServerRegistry } from '../../src/client/index.ts'
import { PayloadNotFoundError } from '../../src/errors.ts'
import { newDealUuid, type Transfer } from '../../src/market/index.ts'
import type { ProviderPullTransfer } from '../../src/provider/index.ts'
import { testCid } from './fixtures.ts'

describe('transfer registries', () => {
  it('serves through a CAR server and unregisters on release', async () => {
    const calls: string[] = []
    const transfer: Transfer = { Type: 'http', ClientID: '', Params: new Uint8Array(0), Size: 3 }
    const server: CarServing<Uint8Array> = {
      register: async (root, payload) => {
        calls.push(`register ${root} ${payload.length}`)
        return { id: 'r1', transfer }
      },
      unregister: (id) => void calls.push(`unregister ${id}`),
    }
    const root = testCid('root')
    const registry = carServerRegistry(server, (r) => (r.equals(root) ? new Uint8Array(3) : undefined))
    const dealUuid = newDealUuid()
    expect(await registry.register({ dealUuid, root, pieceCid: testCid('piece') })).toBe(transfer)
    await registry.release(dealUuid)
    await registry.release(dealUuid)
    expect(calls).toEqual([`register ${root} 3`, 'unregister r1'])
    await expect(
      registry.register({ dealUuid, root: testCid('other'), pieceCid: testCid('piece') }),
    ).rejects.toBeInstanceOf(PayloadNotFoundError)
  })

  it('fits the shipped pull implementations to the lifecycle contracts', () => {
    expectTypeOf<CarServer>().toMatchTypeOf<CarServing<Uint8Array>>()
    expectTypeOf<HttpPullProvider>().toMatchTypeOf<ProviderPullTransfer>()
    const hub = new InProcessPullHub()
    expectTypeOf(hub.provider('p')).toMatchTypeOf<ProviderPullTransfer>()
    expectTypeOf(hub.registry(() => undefined)).toMatchTypeOf<ClientTransferRegistry>()
  })
})
