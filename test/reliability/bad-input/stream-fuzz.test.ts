/**
 * The network message decoders fuzzed from the stream side: arbitrary bytes, and valid encodings
 * mutated (bytes flipped, cut short, extended, spliced), are put on the wire of an in-process deal
 * stream or ask/status exchange in place of what the sender wrote. Every read must give a value
 * or a typed error (a FilDealError with a stable code), never anything else, and bytes beyond the
 * message size limit are refused before decoding.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Carry, openDealStreamPair } from '../../../src/adapters/in-process/deal-stream.ts'
import { exchange } from '../../../src/adapters/in-process/exchange.ts'
import { InProcessProviderNetwork } from '../../../src/adapters/in-process/provider-end.ts'
import type { WireDirection } from '../../../src/adapters/in-process/wire.ts'
import { FilDealError } from '../../../src/errors.ts'
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../../src/market/index.ts'
import { ASK, type ExchangeCodecs, STATUS } from '../../../src/market/protocol-codecs.ts'
import * as arb from '../../market/arbitraries.ts'

/** Inputs per stream end, six ends in all (STREAM_FUZZ_RUNS for a longer run). */
const RUNS = Number(process.env.STREAM_FUZZ_RUNS ?? 100)
const MAX = DEFAULT_MAX_MESSAGE_BYTES

/** What replaces the sender's bytes on the wire. */
type Mutation = (bytes: Uint8Array) => Uint8Array

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map(
    (noise): Mutation =>
      () =>
        noise,
  ),
  fc.nat().map(
    (at): Mutation =>
      (bytes) =>
        bytes.subarray(0, bytes.length === 0 ? 0 : at % bytes.length),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(
    ([at, xor]): Mutation =>
      (bytes) => {
        const copy = Uint8Array.from(bytes)
        if (copy.length > 0) copy[at % copy.length] = (copy[at % copy.length] ?? 0) ^ xor
        return copy
      },
  ),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map(
    (tail): Mutation =>
      (bytes) =>
        Uint8Array.from([...bytes, ...tail]),
  ),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(
    ([at, insert]): Mutation =>
      (bytes) => {
        const cut = bytes.length === 0 ? 0 : at % bytes.length
        return Uint8Array.from([...bytes.subarray(0, cut), ...insert, ...bytes.subarray(cut)])
      },
  ),
  fc.constant((): Uint8Array => new Uint8Array(MAX + 1)),
)

/** A carry that applies `mutate` to messages going `direction`, and delivers the rest untouched. */
function mutating(direction: WireDirection, mutate: Mutation): Carry {
  return (dir, bytes) => ({ kind: 'delivered', bytes: dir === direction ? mutate(bytes) : bytes })
}

/** Passes when `read` gives a value or a typed error; rethrows anything else. */
async function valueOrTypedError(read: () => Promise<unknown>): Promise<'value' | string> {
  try {
    await read()
    return 'value'
  } catch (error) {
    if (!(error instanceof FilDealError)) throw error
    expect(error.code).toMatch(/^ERR_[A-Z_]+$/)
    return error.code
  }
}

const codes = new Map<string, number>()
const count = (code: string): void => {
  codes.set(code, (codes.get(code) ?? 0) + 1)
}

describe('deal streams read hostile bytes as a value or a typed error', () => {
  it('the provider end reading a proposal', async () => {
    await fc.assert(
      fc.asyncProperty(arb.proposal, mutation, async (proposal, mutate) => {
        const pair = openDealStreamPair(
          'client',
          'provider',
          mutating('request', mutate),
          MAX,
          () => undefined,
        )
        await pair.client.writeDealProposal(proposal)
        count(await valueOrTypedError(() => pair.provider.readDealProposal()))
      }),
      { numRuns: RUNS },
    )
  })

  it('the client end reading a response', async () => {
    await fc.assert(
      fc.asyncProperty(arb.signedResponse, mutation, async (response, mutate) => {
        const pair = openDealStreamPair(
          'client',
          'provider',
          mutating('response', mutate),
          MAX,
          () => undefined,
        )
        await pair.provider.writeDealResponse(response)
        count(await valueOrTypedError(() => pair.client.readDealResponse()))
      }),
      { numRuns: RUNS },
    )
  })
})

/** One ask or status exchange whose `direction` bytes are mutated; the handler answers `answer`. */
async function mutatedExchange<Request, Response>(
  codecs: ExchangeCodecs<Request, Response>,
  request: Request,
  answer: Response,
  direction: WireDirection,
  mutate: Mutation,
): Promise<string> {
  const provider = new InProcessProviderNetwork('provider', () => new Error('stopped'))
  const context = {
    codecs,
    provider,
    carry: mutating(direction, mutate),
    maxBytes: MAX,
    handle: async () => answer,
  }
  return valueOrTypedError(() => exchange(context, request, undefined))
}

describe('ask and status exchanges read hostile bytes as a value or a typed error', () => {
  const ask = fc.record({ Miner: arb.address })
  const askAnswer = arb.signedStorageAsk.map((signed) => ({ Ask: signed }))
  for (const direction of ['request', 'response'] as const) {
    it(`ask ${direction}s`, async () => {
      await fc.assert(
        fc.asyncProperty(ask, askAnswer, mutation, async (request, answer, mutate) => {
          count(await mutatedExchange(ASK, request, answer, direction, mutate))
        }),
        { numRuns: RUNS },
      )
    })
    it(`status ${direction}s`, async () => {
      await fc.assert(
        fc.asyncProperty(
          arb.dealStatusRequest,
          arb.dealStatusResponse,
          mutation,
          async (request, answer, mutate) => {
            count(await mutatedExchange(STATUS, request, answer, direction, mutate))
          },
        ),
        { numRuns: RUNS },
      )
    })
  }

  it('refuses oversized bytes before decoding them, on every end', async () => {
    const huge = (): Uint8Array => new Uint8Array(MAX + 1)
    const pair = openDealStreamPair('client', 'provider', mutating('request', huge), MAX, () => undefined)
    await pair.client.writeDealProposal(fc.sample(arb.proposal, { numRuns: 1, seed: 1 })[0] as never)
    await expect(pair.provider.readDealProposal()).rejects.toMatchObject({ code: 'ERR_MESSAGE_TOO_LARGE' })
    const [request] = fc.sample(arb.dealStatusRequest, { numRuns: 1, seed: 2 })
    const [answer] = fc.sample(arb.dealStatusResponse, { numRuns: 1, seed: 3 })
    if (request === undefined || answer === undefined) throw new Error('no sample')
    expect(await mutatedExchange(STATUS, request, answer, 'response', huge)).toBe('ERR_MESSAGE_TOO_LARGE')
    // Every input of the runs above ended in a value or a typed error; the codes seen:
    console.info(
      `stream fuzz: ${[...codes.values()].reduce((a, b) => a + b, 0)} inputs; ${JSON.stringify(Object.fromEntries(codes))}`,
    )
    expect([...codes.keys()].every((code) => code === 'value' || code.startsWith('ERR_'))).toBe(true)
  })
})
