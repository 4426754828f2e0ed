import { describe, expect, it } from 'vitest'
import { describeCounts, ProgressLine } from '../../src/cli/progress.ts'
import { captureIo } from './capture.ts'

describe('describeCounts', () => {
  it('lists non-zero counts in lifecycle order', () => {
    const counts = new Map([
      ['StorageDealExpired', 2],
      ['StorageDealTransferring', 1],
      ['StorageDealActive', 0],
      ['StorageDealReserveClientFunds', 3],
    ])
    expect(describeCounts(counts)).toBe('3 ReserveClientFunds, 1 Transferring, 2 Expired')
  })
})

describe('ProgressLine', () => {
  it('redraws one line in place on a terminal and ends it once', () => {
    const { io, out, written } = captureIo({ terminal: true })
    const progress = new ProgressLine(io, 5)
    progress.update('a')
    progress.update('a')
    progress.update('b')
    progress.finish()
    expect(written).toEqual(['\ra\u001b[K', '\rb\u001b[K', '\n'])
    expect(out).toEqual([])
  })

  it('in a log prints the first line, then a change at most every N updates, then the last state', () => {
    const { io, out } = captureIo()
    const progress = new ProgressLine(io, 3)
    for (const text of ['a', 'b', 'c', 'c', 'd', 'e']) progress.update(text)
    progress.finish()
    expect(out).toEqual(['a', 'c', 'e'])
  })

  it('in a log treats only a change of key as a change', () => {
    const { io, out } = captureIo()
    const progress = new ProgressLine(io, 1)
    progress.update('epoch 1: 2 Active', '2 Active')
    progress.update('epoch 2: 2 Active', '2 Active')
    progress.update('epoch 3: 2 Expired', '2 Expired')
    progress.finish()
    expect(out).toEqual(['epoch 1: 2 Active', 'epoch 3: 2 Expired'])
  })

  it('prints nothing more at the end when the last state was already printed', () => {
    const { io, out } = captureIo()
    const progress = new ProgressLine(io, 2)
    progress.update('a')
    progress.finish()
    expect(out).toEqual(['a'])
  })
})
