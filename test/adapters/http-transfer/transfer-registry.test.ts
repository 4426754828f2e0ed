import { afterEach, describe, expect, it } from 'vitest'
import type { HttpCarServer } from '../../../src/adapters/http-transfer/car-server.ts'
import { NodeHttpDownloader } from '../../../src/adapters/http-transfer/downloader.ts'
import { sinkTarget } from '../../../src/adapters/http-transfer/sink-target.ts'
import { HttpTransferRegistry } from '../../../src/adapters/http-transfer/transfer-registry.ts'
import type { ClientTransferRegistry } from '../../../src/client/transfer-registry.ts'
import { VirtualClock } from '../../../src/fsm/virtual-clock.ts'
import { decodeHttpRequest } from '../../../src/market/mk12/http-request.ts'
import { newDealUuid } from '../../../src/market/mk12/uuid.ts'
import { firstDifference } from '../piece/bytes.ts'
import { memorySink, sampleCar, startCarServer } from './fixtures.ts'

let server: HttpCarServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('HttpTransferRegistry', () => {
  it('gives each deal a Transfer a provider can pull, and stops serving it on release', async () => {
    server = await startCarServer()
    const { root, car, pieceCid, pieceSize } = await sampleCar()
    const registry: ClientTransferRegistry = new HttpTransferRegistry(server, (wanted) =>
      wanted.equals(root) ? car : undefined,
    )
    const dealUuid = newDealUuid()
    const transfer = await registry.register({ dealUuid, root, pieceCid })
    expect(transfer).toMatchObject({ Type: 'http', Size: car.length })
    const request = decodeHttpRequest(transfer.Params)
    const pulls = new NodeHttpDownloader({ clock: new VirtualClock() })
    const sink = memorySink()
    await pulls.download({
      id: 'deal',
      url: request.URL,
      headers: request.Headers,
      size: BigInt(transfer.Size),
      target: sinkTarget(sink.sink),
      piece: { pieceCid, pieceSize },
    }).done
    expect(firstDifference(sink.bytes(), car)).toBe(-1)

    await registry.release(dealUuid)
    const after = await fetch(request.URL, { method: 'HEAD', headers: request.Headers ?? {} })
    expect(after.status).toBe(404)
    await registry.release(dealUuid)
    await pulls.close()
  })

  it('rejects an unknown root with ERR_PAYLOAD_NOT_FOUND', async () => {
    server = await startCarServer()
    const { root } = await sampleCar(100)
    const registry = new HttpTransferRegistry(server, () => undefined)
    await expect(registry.register({ dealUuid: newDealUuid(), root })).rejects.toMatchObject({
      code: 'ERR_PAYLOAD_NOT_FOUND',
    })
  })
})
