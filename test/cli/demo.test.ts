import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { captureIo } from './capture.ts'

describe('fildeal demo', () => {
  it('runs three small deals to expiry and reports them with no escrow left locked', async () => {
    const { io, out, err } = captureIo()
    expect(await main(['demo', '--deals', '3', '--size', '1KiB', '--seed', '7'], io)).toBe(0)
    expect(err).toEqual([])
    expect(out[0]).toBe('Embedded demo: 3 deals of 1 KiB each, in memory')
    const header = out.findIndex((line) => line.startsWith('Deal '))
    expect(out[header]).toMatch(/^Deal\s+State\s+DealID\s+Sector\s+Price\s+Start\s+End$/)
    const rows = out.slice(header + 1, header + 4)
    for (const row of rows)
      expect(row).toMatch(/^bafy\S+…\S+\s+Expired\s+\d+\s+\d+\s+[\d.]+ FIL\s+\d+\s+\d+$/)
    expect(out[header + 4]).toBe('')
    expect(out.at(-1)).toMatch(/^3 deals: 3 Expired; escrow locked: 0 FIL; epoch \d+ \(\d+ this run\)$/)
  })

  it('in a log prints a short progress: one line per change of counts, at most every few updates', async () => {
    const { io, out } = captureIo()
    expect(await main(['demo', '--deals', '2', '--size', '512B'], io)).toBe(0)
    const progress = out.filter((line) => line.startsWith('epoch '))
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toMatch(/: 2 Expired \(2\/2 finished\)$/)
    const counts = progress.map((line) => line.replace(/^epoch \d+: /, ''))
    for (let i = 1; i < counts.length; i++) expect(counts[i]).not.toBe(counts[i - 1])
  })

  it('on a terminal redraws the progress on one line and keeps it out of the printed lines', async () => {
    const { io, out, written } = captureIo({ terminal: true })
    expect(await main(['demo', '--deals', '1', '--size', '512B'], io)).toBe(0)
    expect(out.some((line) => line.startsWith('epoch '))).toBe(false)
    expect(written.length).toBeGreaterThan(2)
    const clearToEnd = '\u001b[K'
    for (const text of written.slice(0, -1)) {
      expect(text).toMatch(/^\repoch \d+: /)
      expect(text.endsWith(clearToEnd)).toBe(true)
    }
    expect(written.at(-1)).toBe('\n')
    expect(out.at(-1)).toMatch(/^1 deal: 1 Expired; escrow locked: 0 FIL/)
  })
})
