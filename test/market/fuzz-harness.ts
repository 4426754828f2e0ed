/**
 * Harness of the decoder fuzz tests (fuzz-*.test.ts, two files so they run in parallel). Every
 * decoder against hostile input: 101,000 inputs in all, 40% arbitrary and 60% mutations of valid
 * encodings, spread so that the costly record decoders get fewer runs. A decoder must return
 * a value or throw a DecodeError, nothing else; whatever it accepts must re-encode to bytes that
 * decode and re-encode to the same bytes (and, for tuples and single items, to the input itself).
 */
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { DecodeError } from '../../src/errors.ts'
import { CODECS, type CodecCase } from './codecs.ts'
import { expectSame } from './same-value.ts'

/** How the decoders are split between the two fuzz files. */
export const FUZZ_GROUPS = {
  deal: [
    'DealLabel',
    'DealProposal',
    'ClientDealProposal',
    'ChannelID',
    'DataRef',
    'Proposal',
    'Response',
    'SignedResponse',
  ],
  askStatusRecords: [
    'StorageAsk',
    'SignedStorageAsk',
    'AskRequest',
    'AskResponse',
    'ProviderDealState',
    'DealStatusRequest',
    'DealStatusResponse',
    'ClientDeal',
    'MinerDeal',
  ],
} as const

/** The codecs of one group. */
export function codecsOf(group: keyof typeof FUZZ_GROUPS): CodecCase[] {
  const names: readonly string[] = FUZZ_GROUPS[group]
  return CODECS.filter((codec) => names.includes(codec.name))
}

/** Inputs per decoder; 7,000 unless listed. */
const RUNS: Readonly<Record<string, number>> = {
  ClientDeal: 3_000,
  MinerDeal: 3_000,
  DealProposal: 5_000,
  ClientDealProposal: 5_000,
  Proposal: 5_000,
  ProviderDealState: 5_000,
  DealStatusResponse: 5_000,
}
export const runsOf = (codec: CodecCase) => RUNS[codec.name] ?? 7_000
const POOL_SIZE = 48

const FIELD_NAMES = [
  'Ask',
  'Ref',
  'Log',
  'Name',
  'Logs',
  'Miner',
  'Price',
  'SeqNo',
  'State',
  'Piece',
  'Client',
  'DealID',
  'Expiry',
  'Stages',
  'Message',
  'Proposal',
  'Response',
  'DealState',
  'Signature',
  'Timestamp',
  'PieceCid',
  'PieceSize',
  'Root',
  'DealProposal',
  'FastRetrieval',
  'PublishMessage',
  'ClientDealProposal',
  'DealStages',
]
const encoder = new TextEncoder()
/** Headers and map keys that occur in real encodings, so random sequences get past the first byte. */
const TOKENS: readonly Uint8Array[] = [
  ...[
    0xa0, 0xa1, 0xa2, 0xa4, 0xa8, 0xb3, 0xb4, 0x80, 0x82, 0x83, 0x8b, 0xf4, 0xf5, 0xf6, 0x40, 0x60, 0x00,
    0x20,
  ].map((byte) => Uint8Array.of(byte)),
  Uint8Array.of(0xd8, 0x2a, 0x58, 0x25, 0x00, 0x01, 0x71, 0x12, 0x20),
  Uint8Array.of(0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
  ...FIELD_NAMES.map((name) => Uint8Array.of(0x60 + name.length, ...encoder.encode(name))),
]

/** Arbitrary bytes, and sequences of plausible CBOR tokens that reach deeper into the decoders. */
const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .array(fc.oneof(fc.constantFrom(...TOKENS), fc.uint8Array({ maxLength: 40 })), { maxLength: 16 })
    .map((parts) => Uint8Array.from(parts.flatMap((part) => Array.from(part)))),
)

type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'set'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'splice'; at: number; from: number; count: number }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 9 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 9 }) }),
  fc.record({
    kind: fc.constant('splice' as const),
    at: fc.nat(),
    from: fc.nat(),
    count: fc.integer({ min: 1, max: 40 }),
  }),
)

function mutate(input: Uint8Array, change: Mutation): Uint8Array {
  const bytes = Array.from(input)
  const at = bytes.length === 0 ? 0 : change.at % (bytes.length + 1)
  switch (change.kind) {
    case 'flip':
      if (at < bytes.length) bytes[at] = (bytes[at] as number) ^ change.mask
      break
    case 'set':
      if (at < bytes.length) bytes[at] = change.byte
      break
    case 'truncate':
      bytes.length = at
      break
    case 'insert':
      bytes.splice(at, 0, ...change.bytes)
      break
    case 'delete':
      bytes.splice(at, change.count)
      break
    case 'splice': {
      // Copy a run of the input over another position: moves real headers and values around.
      const from = change.from % Math.max(1, bytes.length)
      bytes.splice(at, change.count, ...bytes.slice(from, from + change.count))
      break
    }
  }
  return Uint8Array.from(bytes)
}

/** Decodes hostile input; returns whether the decoder accepted it. */
function checkDecoder(codec: CodecCase, input: Uint8Array): boolean {
  let value: unknown
  try {
    value = codec.decode(input)
  } catch (error) {
    if (error instanceof DecodeError) return false
    throw error
  }
  const again = codec.encode(value)
  expectSame(codec.encode(codec.decode(again)), again)
  if (codec.exact) expectSame(again, input)
  return true
}

/** Defines one test per codec: its share of arbitrary and mutated inputs. */
export function fuzzDecoders(codecs: readonly CodecCase[]): void {
  for (const codec of codecs) {
    it(`${codec.name}: ${runsOf(codec)} arbitrary and mutated inputs give a value or a DecodeError`, () => {
      const arbitraryRuns = Math.round(runsOf(codec) * 0.4)
      fc.assert(
        fc.property(hostileBytes, (input) => {
          checkDecoder(codec, input)
        }),
        { numRuns: arbitraryRuns },
      )
      const pool = fc.sample(codec.value, POOL_SIZE).map((value) => codec.encode(value))
      const outcomes = { accepted: 0, rejected: 0 }
      fc.assert(
        fc.property(
          fc.nat(POOL_SIZE - 1),
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          (index, changes) => {
            const accepted = checkDecoder(codec, changes.reduce(mutate, pool[index] as Uint8Array))
            outcomes[accepted ? 'accepted' : 'rejected']++
          },
        ),
        { numRuns: runsOf(codec) - arbitraryRuns },
      )
      // Both outcomes must occur, or the mutations are not exercising the decoder.
      expect(outcomes.accepted).toBeGreaterThan(0)
      expect(outcomes.rejected).toBeGreaterThan(0)
    })
  }
}
