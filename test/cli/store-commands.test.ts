import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.ts'
import { captureIo, fieldValue } from './capture.ts'

let dir: string
let store: string

async function run(argv: string[]): Promise<string[]> {
  const { io, out, err } = captureIo()
  const code = await main(argv, io)
  expect(err).toEqual([])
  expect(code).toBe(0)
  return out
}

/** Data rows of a table (the lines after the header), split on runs of two or more spaces. */
function rows(lines: readonly string[]): string[][] {
  return lines.slice(1).map((line) => line.split(/\s{2,}/))
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fildeal-cli-commands-'))
  store = join(dir, 'store')
  await run(['demo', '--deals', '2', '--size', '512B', '--store', store])
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('store commands on a store written by the demo', () => {
  it('client list-deals lists both deals, expired, with full CIDs under --verbose', async () => {
    const short = await run(['client', 'list-deals', '--store', store])
    expect(short[0]).toMatch(/^ProposalCid\s+DealId\s+Provider\s+State\s+PieceCID\s+Size\s+Price\s+Duration/)
    expect(rows(short).map((row) => [row[1], row[3]])).toEqual([
      ['1', 'Expired'],
      ['2', 'Expired'],
    ])
    const full = rows(await run(['client', 'list-deals', '--verbose', '--store', store]))
    expect(full.map((row) => row[3])).toEqual(['StorageDealExpired', 'StorageDealExpired'])
    expect(full[0]?.[0]).toMatch(/^bafy[a-z2-7]{50,}$/)
    expect(short[1]?.startsWith(`${full[0]?.[0]?.slice(0, 6)}…${full[0]?.[0]?.slice(-6)}`)).toBe(true)
  })

  it('client get-deal shows every field of the deal the list names, and its stage log', async () => {
    const [first] = rows(await run(['client', 'list-deals', '-v', '--store', store]))
    const [proposalCid, dealId, provider, , pieceCid] = first ?? []
    const out = await run(['client', 'get-deal', '--store', store, proposalCid as string])
    expect(fieldValue(out, 'Proposal CID')).toBe(proposalCid)
    expect(fieldValue(out, 'State')).toBe('StorageDealExpired (8)')
    expect(fieldValue(out, 'Deal ID')).toBe(dealId)
    expect(fieldValue(out, 'Provider')).toBe(provider)
    expect(fieldValue(out, 'Piece CID')).toBe(pieceCid)
    expect(fieldValue(out, 'Funds reserved')).toBe('0 FIL')
    expect(fieldValue(out, 'Price per epoch')).toMatch(/^0\.\d+ FIL$/)
    expect(out).toContain('Deal stages:')
    expect(out.some((line) => line.startsWith('  StorageDealReserveClientFunds: '))).toBe(true)
  })

  it('client get-deal of a proposal the store does not hold fails with exit code 1', async () => {
    const { io, out, err } = captureIo()
    const unknown = 'bafyreigyf4frat7jmqcer746yimmxljuqrmf2yinrl74fuhgbu2vgdvqza'
    expect(await main(['client', 'get-deal', '--store', store, unknown], io)).toBe(1)
    expect(out).toEqual([])
    expect(err).toEqual([`fildeal: no deal with id ${unknown}`])
  })

  it('provider list-deals shows the provider side of the same deals', async () => {
    const client = rows(await run(['client', 'list-deals', '--store', store]))
    const provider = rows(await run(['provider', 'list-deals', '--store', store]))
    expect(provider.map((row) => [row[0], row[1], row[2]])).toEqual(
      client.map((row) => [row[0], row[1], 'Expired']),
    )
  })

  it('provider set-ask signs and stores a new ask that get-ask then shows', async () => {
    const before = rows(await run(['provider', 'get-ask', '--store', store]))[0]
    expect(before?.slice(1, 5)).toEqual(['0.0000001 FIL', '0.00000001 FIL', '256 B', '32 GiB'])
    const seqNo = Number(before?.at(-1))
    const set = await run([
      'provider',
      'set-ask',
      '--store',
      store,
      '--price',
      '0.0000000005',
      '--verified-price',
      '50 nFIL',
      '--min-piece-size',
      '512B',
      '--max-piece-size',
      '2KiB',
    ])
    const after = rows(await run(['provider', 'get-ask', '--store', store]))[0]
    expect(rows(set)[0]).toEqual(after)
    expect(after?.slice(1, 5)).toEqual(['0.0000000005 FIL', '0.00000005 FIL', '512 B', '2 KiB'])
    expect(Number(after?.at(-1))).toBe(seqNo + 1)
  })
})
