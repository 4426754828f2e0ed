import { describe, expect, it } from 'vitest'
import {
  buildCar,
  generatePieceCommitment,
  verifyPieceCommitment,
} from '../../../src/adapters/piece/index.ts'
import { VirtualClock } from '../../../src/fsm/index.ts'
import { pseudoRandomBytes } from '../piece/bytes.ts'
import { PROVIDER, setup } from './fixtures.ts'

describe('a CAR pushed through a stall and a restart', () => {
  it('arrives with the piece commitment the client computed, also when padded to a larger deal', async () => {
    const clock = new VirtualClock()
    const { hub, client, validator, providerLog, voucher } = await setup({
      pacing: { clock, bytesPerTick: 4096, tickMs: 1000 },
    })
    const imported = await buildCar(pseudoRandomBytes(20_000, 31))
    client.register(imported.root, imported.car)
    hub.injectFault({ kind: 'stall', afterBytes: 10_000 })
    const channel = await client.startPush(PROVIDER, voucher, imported.root)
    await clock.advance(10_000)
    await client.restart(channel)
    await clock.advance(10_000)
    await providerLog.waitFor('completed')

    const received = validator.sink.chunks
    const own = await verifyPieceCommitment(received, {
      pieceCid: imported.pieceCid,
      pieceSize: imported.pieceSize,
    })
    expect(own.ok).toBe(true)
    expect(own.computed.payloadSize).toBe(imported.carSize)

    const dealSize = imported.pieceSize * 4
    const larger = await generatePieceCommitment(imported.car, dealSize)
    expect(
      (await verifyPieceCommitment(received, { pieceCid: larger.pieceCid, pieceSize: dealSize })).ok,
    ).toBe(true)
  })
})
