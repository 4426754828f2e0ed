import fc from 'fast-check'
import type { CID } from 'multiformats/cid'
import { describe, expect, it } from 'vitest'
import { FundManager } from '../../../src/adapters/chain-node/fund-manager.ts'
import { VirtualClock } from '../../../src/adapters/clock.ts'
import { AbortError, AdapterError, FundsCallTimeoutError } from '../../../src/errors.ts'
import { idAddress } from '../../../src/market/index.ts'
import { FakeFundsChain, type Fault, type FundsCall } from './fake-funds-chain.ts'

const BOUND = 120_000
const WALLET = idAddress(100)
const ADDRESS = idAddress(101)
const OTHER = idAddress(102)

function setup(): { chain: FakeFundsChain; clock: VirtualClock; funds: FundManager } {
  const chain = new FakeFundsChain()
  const clock = new VirtualClock()
  return { chain, clock, funds: new FundManager(chain.adapter, { clock, callTimeoutMs: BOUND }) }
}

/** Settles a promise into a value or its error, so a rejection is never left unhandled. */
function outcome<T>(promise: Promise<T>): { done: boolean; value?: T; error?: unknown } {
  const state: { done: boolean; value?: T; error?: unknown } = { done: false }
  promise.then(
    (value) => {
      state.done = true
      state.value = value
    },
    (error: unknown) => {
      state.done = true
      state.error = error
    },
  )
  return state
}

describe('FundManager: bounded chain calls', () => {
  it.each<[FundsCall, Fault]>([
    ['chainHead', 'hang'],
    ['stateMarketBalance', 'hang'],
    ['stateMarketBalance', 'stall'],
    ['marketAddBalance', 'hang'],
    ['marketAddBalance', 'stall'],
  ])(
    'a %s that does not answer (%s) fails its reservation after the bound; the next one goes on',
    async (call, fault) => {
      const { chain, clock, funds } = setup()
      chain.fault(call, fault)
      const first = outcome(funds.reserve(WALLET, ADDRESS, 5n, {}))
      const second = outcome(funds.reserve(WALLET, ADDRESS, 3n, {}))
      await clock.advance(BOUND - 1)
      expect(first.done).toBe(false)
      expect(second.done).toBe(false)
      await clock.advance(1)
      expect(first.error).toBeInstanceOf(FundsCallTimeoutError)
      const error = first.error as FundsCallTimeoutError
      expect(error.code).toBe('ERR_FUNDS_CALL_TIMEOUT')
      expect(error.timeoutMs).toBe(BOUND)
      expect(error.message).toContain('within 120 s, so nothing was reserved')
      if (call === 'marketAddBalance') expect(error.message).toContain('may still have been sent')
      expect(second.done).toBe(true)
      expect(second.error).toBeUndefined()
      // Only the second deal's amount is reserved, and only it was topped up.
      expect(funds.reserved(ADDRESS)).toBe(3n)
      expect(chain.pending(ADDRESS)).toBe(3n)
      expect(funds.inFlight(ADDRESS)).toBe(3n)
      expect(clock.pending).toBe(0)
    },
  )

  it("the caller's abort ends a hung call at once and the queue moves on", async () => {
    const { chain, clock, funds } = setup()
    chain.fault('stateMarketBalance', 'stall')
    const controller = new AbortController()
    const first = outcome(funds.reserve(WALLET, ADDRESS, 5n, { signal: controller.signal }))
    const second = outcome(funds.reserve(WALLET, ADDRESS, 3n))
    await clock.runDue()
    controller.abort()
    await clock.runDue()
    expect(first.error).toBeInstanceOf(AbortError)
    expect(second.value).toBeDefined()
    expect(funds.reserved(ADDRESS)).toBe(3n)
    expect(clock.pending).toBe(0)
  })

  it('a reservation already aborted while queued makes no chain call', async () => {
    const { chain, clock, funds } = setup()
    chain.fault('stateMarketBalance', 'hang')
    const first = outcome(funds.reserve(WALLET, ADDRESS, 5n))
    const controller = new AbortController()
    const second = outcome(funds.reserve(WALLET, ADDRESS, 3n, { signal: controller.signal }))
    await clock.runDue()
    controller.abort()
    const calls = chain.calls.length
    expect(calls).toBe(2)
    await clock.advance(BOUND)
    expect(first.error).toBeInstanceOf(FundsCallTimeoutError)
    expect(second.error).toBeInstanceOf(AbortError)
    expect(chain.calls.length).toBe(calls)
    expect(funds.reserved(ADDRESS)).toBe(0n)
  })

  it('reservations of another address never wait for a hung one', async () => {
    const { chain, clock, funds } = setup()
    chain.fault('stateMarketBalance', 'stall')
    const first = outcome(funds.reserve(WALLET, ADDRESS, 5n))
    const other = outcome(funds.reserve(WALLET, OTHER, 2n))
    await clock.runDue()
    expect(first.done).toBe(false)
    expect(other.value).toBeDefined()
    await clock.advance(BOUND)
    expect(first.error).toBeInstanceOf(FundsCallTimeoutError)
  })

  it('an AddBalance answering after its bound is counted as in flight, so its funds are not sent again', async () => {
    const { chain, clock, funds } = setup()
    chain.fault('marketAddBalance', 'late')
    const first = outcome(funds.reserve(WALLET, ADDRESS, 5n))
    await clock.advance(BOUND)
    expect(first.error).toBeInstanceOf(FundsCallTimeoutError)
    chain.answerLate()
    await clock.runDue()
    expect(funds.inFlight(ADDRESS)).toBe(5n)
    // The late message covers a new reservation of the same amount: no second message.
    const cid = await funds.reserve(WALLET, ADDRESS, 5n)
    expect(cid).toBeDefined()
    expect(chain.pool.size).toBe(1)
    chain.advance()
    expect(await funds.reserve(WALLET, ADDRESS, 0n)).toBeUndefined()
    expect(funds.inFlight(ADDRESS)).toBe(0n)
  })

  it('Infinity disables the bound; a non-positive bound is refused', async () => {
    const chain = new FakeFundsChain()
    const clock = new VirtualClock()
    const funds = new FundManager(chain.adapter, { clock, callTimeoutMs: Number.POSITIVE_INFINITY })
    await funds.reserve(WALLET, ADDRESS, 1n)
    expect(clock.pending).toBe(0)
    expect(() => new FundManager(chain.adapter, { clock, callTimeoutMs: 0 })).toThrow(RangeError)
  })
})

describe('FundManager: top-ups that cannot be looked up', () => {
  it('a garbage AddBalance answer fails that reservation and is never looked up again', async () => {
    const { chain, funds } = setup()
    chain.fault('marketAddBalance', 'garbage')
    const error = await funds.reserve(WALLET, ADDRESS, 5n).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AdapterError)
    expect((error as Error).message).toContain('something other than a message CID')
    expect(funds.reserved(ADDRESS)).toBe(0n)
    expect(funds.inFlight(ADDRESS)).toBe(0n)
    // The garbage answer's message was pushed all the same: once it lands, it serves the next deal.
    chain.advance()
    const calls = chain.calls.length
    expect(await funds.reserve(WALLET, ADDRESS, 5n)).toBeUndefined()
    expect(chain.calls.slice(calls)).toEqual(['chainHead', 'stateMarketBalance'])
  })

  it('while the garbage-answered message is still pending, the next reservation sends its own top-up', async () => {
    const { chain, funds } = setup()
    chain.fault('marketAddBalance', 'garbage')
    await expect(funds.reserve(WALLET, ADDRESS, 5n)).rejects.toThrow(AdapterError)
    const cid = await funds.reserve(WALLET, ADDRESS, 3n)
    expect(cid).toBeDefined()
    expect(funds.reserved(ADDRESS)).toBe(3n)
    expect(funds.inFlight(ADDRESS)).toBe(3n)
  })

  it('a top-up the chain no longer finds is dropped: the next reservation tops up for both deals', async () => {
    const { chain, funds } = setup()
    const first = (await funds.reserve(WALLET, ADDRESS, 5n)) as CID
    chain.forget(first)
    const second = await funds.reserve(WALLET, ADDRESS, 3n)
    expect(second?.equals(first)).toBe(false)
    expect(funds.reserved(ADDRESS)).toBe(8n)
    expect(funds.inFlight(ADDRESS)).toBe(8n)
    expect(chain.pending(ADDRESS)).toBe(8n)
  })

  it('a top-up that executed and failed is dropped, and its shortfall is sent again', async () => {
    const { chain, funds } = setup()
    await funds.reserve(WALLET, ADDRESS, 5n)
    chain.failNextExecution()
    chain.advance()
    expect(chain.available(ADDRESS)).toBe(0n)
    await funds.reserve(WALLET, ADDRESS, 0n)
    expect(chain.pending(ADDRESS)).toBe(5n)
    expect(funds.inFlight(ADDRESS)).toBe(5n)
  })

  it.each<Fault>(['reject', 'hang'])(
    'a top-up whose search fails (%s) is dropped; the reservation still succeeds',
    async (fault) => {
      const { chain, clock, funds } = setup()
      await funds.reserve(WALLET, ADDRESS, 5n)
      chain.fault('stateSearchMsg', fault)
      const second = outcome(funds.reserve(WALLET, ADDRESS, 1n))
      await clock.advance(BOUND)
      expect(second.error).toBeUndefined()
      expect(funds.reserved(ADDRESS)).toBe(6n)
      // Dropping the first top-up cost a second message for its amount: more escrow, never less.
      expect(chain.pending(ADDRESS)).toBe(11n)
      expect(funds.inFlight(ADDRESS)).toBe(6n)
    },
  )

  it('a caller abort during a top-up search keeps the top-up', async () => {
    const { chain, clock, funds } = setup()
    await funds.reserve(WALLET, ADDRESS, 5n)
    chain.fault('stateSearchMsg', 'hang')
    const controller = new AbortController()
    const second = outcome(funds.reserve(WALLET, ADDRESS, 1n, { signal: controller.signal }))
    await clock.runDue()
    controller.abort()
    await clock.runDue()
    expect(second.error).toBeInstanceOf(AbortError)
    expect(funds.inFlight(ADDRESS)).toBe(5n)
    expect(funds.reserved(ADDRESS)).toBe(5n)
  })
})

type Step =
  | { readonly op: 'reserve'; readonly amounts: readonly [bigint, FundsCall | 'none', Fault][] }
  | { readonly op: 'release'; readonly pick: number }
  | { readonly op: 'advance'; readonly fail: boolean }
  | { readonly op: 'forget'; readonly pick: number }

const callArb = fc.constantFrom<FundsCall | 'none'>(
  'none',
  'none',
  'chainHead',
  'stateSearchMsg',
  'stateMarketBalance',
  'marketAddBalance',
)
const faultArb = fc.constantFrom<Fault>('reject', 'hang', 'stall', 'garbage', 'late')
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      op: fc.constant('reserve' as const),
      amounts: fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 9n }), callArb, faultArb), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ op: fc.constant('release' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('advance' as const), fail: fc.boolean() }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('forget' as const), pick: fc.nat() }), weight: 1 },
)

describe('FundManager: property', () => {
  it('reserves exactly what succeeded, counts only real pending top-ups, and always covers what it reserved', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const { chain, clock, funds } = setup()
        const held: bigint[] = []
        for (const step of steps) {
          if (step.op === 'reserve') {
            for (const [, call, fault] of step.amounts) {
              if (call !== 'none' && (fault !== 'late' || call === 'marketAddBalance'))
                chain.fault(call, fault)
            }
            const runs = step.amounts.map(([amount]) => ({
              amount,
              state: outcome(funds.reserve(WALLET, ADDRESS, amount)),
            }))
            for (let i = 0; i < 40 && runs.some((run) => !run.state.done); i++) await clock.advance(BOUND)
            expect(runs.every((run) => run.state.done)).toBe(true)
            for (const run of runs) if (run.state.error === undefined) held.push(run.amount)
            chain.clearFaults()
            chain.answerLate()
            await clock.runDue()
          } else if (step.op === 'release' && held.length > 0) {
            const [amount] = held.splice(step.pick % held.length, 1)
            await funds.release(ADDRESS, amount as bigint)
          } else if (step.op === 'advance') {
            if (step.fail) chain.failNextExecution()
            chain.advance()
          } else if (step.op === 'forget') {
            const pending = [...chain.pool.values()].filter((m) => m.exitCode === undefined)
            const message = pending[step.pick % Math.max(1, pending.length)]
            if (message !== undefined) chain.forget(message.cid)
          }
          const total = held.reduce((sum, amount) => sum + amount, 0n)
          // Never over-reserve, never release what was not reserved.
          expect(funds.reserved(ADDRESS)).toBe(total)
          // A clean reservation of nothing refreshes the books: then every top-up counted is a real
          // pending message (no funds counted twice or counted that never come), and what is
          // reserved is covered by escrow plus those top-ups.
          const probe = await funds.reserve(WALLET, ADDRESS, 0n)
          expect(funds.inFlight(ADDRESS)).toBeLessThanOrEqual(chain.pending(ADDRESS))
          expect(chain.available(ADDRESS) + funds.inFlight(ADDRESS)).toBeGreaterThanOrEqual(total)
          expect(probe === undefined).toBe(chain.available(ADDRESS) >= total)
          expect(clock.pending).toBe(0)
        }
        // Once everything sent has landed, escrow alone covers what is reserved.
        chain.advance()
        const total = held.reduce((sum, amount) => sum + amount, 0n)
        await funds.reserve(WALLET, ADDRESS, 0n)
        chain.advance()
        expect(chain.available(ADDRESS)).toBeGreaterThanOrEqual(total)
      }),
      { numRuns: 150 },
    )
  })
})
