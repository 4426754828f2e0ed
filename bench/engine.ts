/** 1. Engine overhead: events/s through a StateGroup vs raw xstate vs a hand-written table. */
import { MemoryDatastore } from 'datastore-core'
import { type AnyActor, createActor } from 'xstate'
import { StateGroup } from '../src/fsm/index.ts'
import { type E20, eventFor, handTable, machine20, type R20, STATES } from './machine20.ts'
import { type BenchResult, figure, newResult, note, target } from './util.ts'

const record0: R20 = { state: 'S0', n: 0, note: '' }
const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

export async function engineBench(quick: boolean): Promise<BenchResult> {
  const result = newResult('engine')
  const records = 1_000
  // Short trials in adjacent group/raw pairs: this machine's speed drifts over seconds, so each
  // group trial is compared with the raw trial next to it, and the target is checked on the median
  // of those per-pair ratios (the ratio of the medians is reported too).
  const rounds = quick ? 10 : 40
  const pairs = quick ? 3 : 7
  const events = records * rounds
  const definition = machine20({ entry: false })
  const ids = Array.from({ length: records }, (_, i) => `deal-${i}`)
  const eventAt = (step: number, state: number): E20 => ({ type: eventFor(state, step), value: step })
  const stateNum = (r: R20): number => Number(r.state.slice(1))

  // StateGroup: MemoryDatastore, one subscriber, all records in flight at once, one event each per round.
  const group = new StateGroup(definition, { datastore: new MemoryDatastore(), env: { onEntry() {} } })
  let notified = 0
  group.subscribe(() => {
    notified++
  })
  await group.start()
  const states = new Array<number>(records).fill(0)
  for (const id of ids) await group.begin(id, record0)
  const runGroup = async (from: number, to: number): Promise<void> => {
    for (let step = from; step < to; step++) {
      await Promise.all(
        ids.map(async (id, i) => {
          const r = await group.send(id, eventAt(step, states[i] as number))
          states[i] = stateNum(r)
        }),
      )
    }
  }
  // Raw xstate: the definition's machine, one actor per record, send() with no persistence.
  const actors: AnyActor[] = ids.map(() => createActor(definition.machine, { input: record0 }).start())
  const rawStates = new Array<number>(records).fill(0)
  const runRaw = (from: number, to: number): void => {
    for (let step = from; step < to; step++) {
      for (let i = 0; i < records; i++) {
        const actor = actors[i] as AnyActor
        actor.send(eventAt(step, rawStates[i] as number))
        rawStates[i] = stateNum(actor.getSnapshot().context as R20)
      }
    }
  }

  const warm = Math.min(10, rounds)
  await runGroup(0, warm)
  runRaw(0, warm)
  const groupRates: number[] = []
  const rawRates: number[] = []
  for (let trial = 0; trial < pairs; trial++) {
    const from = warm + trial * rounds
    let t = performance.now()
    await runGroup(from, from + rounds)
    groupRates.push(events / ((performance.now() - t) / 1000))
    t = performance.now()
    runRaw(from, from + rounds)
    rawRates.push(events / ((performance.now() - t) / 1000))
  }
  const groupRate = median(groupRates)
  const rawRate = median(rawRates)
  const pairRatios = groupRates.map((rate, i) => rate / (rawRates[i] as number))
  await group.stop()
  for (const a of actors) a.stop()
  if (notified !== records * (warm + pairs * rounds)) throw new Error('subscriber missed events')

  // Hand-written: Map lookup + object spread.
  const apply = handTable()
  const plain: R20[] = ids.map(() => record0)
  const runPlain = (from: number, to: number): void => {
    for (let step = from; step < to; step++) {
      for (let i = 0; i < records; i++) {
        const r = plain[i] as R20
        plain[i] = apply(r, eventAt(step, stateNum(r)))
      }
    }
  }
  runPlain(0, 10)
  const t = performance.now()
  const plainRounds = rounds * 50 // too fast to time on few events
  runPlain(10, 10 + plainRounds)
  const plainRate = (records * plainRounds) / ((performance.now() - t) / 1000)

  console.log(
    `  (${STATES} states, 40+2 events, ${records} records x ${rounds} rounds = ${events} events per trial; pairs ${pairRatios.map((x) => x.toFixed(2)).join(', ')})`,
  )
  figure(
    result,
    'StateGroup events/s',
    groupRate,
    'events/s',
    `MemoryDatastore, 1 subscriber, cbor encode + put per event; median of ${pairs} trials (${groupRates.map((r) => Math.round(r)).join(', ')})`,
  )
  figure(
    result,
    'raw xstate events/s',
    rawRate,
    'events/s',
    `createActor(definition.machine).send, no persistence; median of ${pairs} trials (${rawRates.map((r) => Math.round(r)).join(', ')})`,
  )
  figure(result, 'hand-written table events/s', plainRate, 'events/s', 'Map lookup + object spread')
  figure(result, 'group / hand-written', groupRate / plainRate, 'ratio')
  figure(result, 'raw xstate / hand-written', rawRate / plainRate, 'ratio')
  figure(result, 'group / raw xstate, medians of the trials', groupRate / rawRate, 'ratio')
  target(result, 'group / raw xstate', median(pairRatios), '>=', 0.5)
  note(
    result,
    'all three measured in this run on the same generated machine and event sequence; group / raw xstate is the median of the per-pair ratios',
  )
  return result
}
