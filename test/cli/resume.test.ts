import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { captureIo } from './capture.ts'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-cli-resume-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Client deal states in the store, from `client list-deals --verbose`. */
async function storedStates(store: string): Promise<string[]> {
  const { io, out } = captureIo()
  expect(await main(['client', 'list-deals', '-v', '--store', store], io)).toBe(0)
  return out.slice(1).map((line) => line.split(/\s{2,}/)[3] ?? '')
}

describe('fildeal demo --store after an interruption', () => {
  it('resumes the unfinished deals instead of starting new ones, and finishes them', async () => {
    const store = join(dir, 'store')
    const controller = new AbortController()
    const first = captureIo({ terminal: true, signal: controller.signal })
    const terminal = first.io.terminal as { write(text: string): void }
    // Stop once the chain is well into the run: deals are then published but not yet expired.
    const stopAt = 20
    const interrupted = {
      ...first.io,
      terminal: {
        write(text: string) {
          terminal.write(text)
          const epoch = /^\repoch (\d+): /.exec(text)
          if (epoch !== null && Number(epoch[1]) >= stopAt) controller.abort()
        },
      },
    }
    expect(await main(['demo', '--deals', '3', '--size', '512B', '--store', store], interrupted)).toBe(1)
    expect(first.err).toEqual([
      `fildeal: stopped before the deals finished; run the same command to resume from ${store}`,
    ])
    const unfinished = await storedStates(store)
    expect(unfinished).toHaveLength(3)
    expect(unfinished.filter((state) => state === 'StorageDealExpired')).toHaveLength(0)

    const second = captureIo()
    expect(await main(['demo', '--deals', '5', '--size', '512B', '--store', store], second.io)).toBe(0)
    expect(second.err).toEqual([])
    expect(second.out[0]).toBe(
      `Resuming the unfinished run stored in ${store}: 3 of 3 deals to finish, no new deals beyond ` +
        'its own (--deals, --size and --seed apply to new runs only)',
    )
    expect(second.out.at(-1)).toMatch(/^3 deals: 3 Expired; escrow locked: 0 FIL; /)
    expect(await storedStates(store)).toEqual(Array(3).fill('StorageDealExpired'))
  })
})
