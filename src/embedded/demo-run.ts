/**
 * The plan of a demo run, kept in the market's store while its deals are being proposed: a run
 * interrupted part-way through proposing proposes the rest when it resumes, rather than finishing
 * only what it had proposed. The plan goes once every planned deal is proposed.
 *
 * @module
 */
import { type Datastore, Key } from 'interface-datastore'
import { EmbeddedStoreError } from '../errors.ts'

const PLAN_KEY = new Key('/demo-run')

/** What a demo run proposes: `deals` files of `size` bytes generated from `seed`, numbered from `first`. */
export interface DemoRunPlan {
  readonly deals: number
  readonly size: number
  readonly seed: number
  /** How many deals the store held before the run: file numbers start after them. */
  readonly first: number
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

/** The stored plan of an interrupted run, or undefined. A damaged plan is an EmbeddedStoreError. */
export async function readDemoRun(datastore: Datastore): Promise<DemoRunPlan | undefined> {
  if (!(await datastore.has(PLAN_KEY))) return undefined
  let plan: Partial<Record<keyof DemoRunPlan, unknown>>
  try {
    plan = JSON.parse(new TextDecoder().decode(await datastore.get(PLAN_KEY)))
  } catch (error) {
    throw new EmbeddedStoreError('the stored demo run plan cannot be read', { cause: error })
  }
  const { deals, size, seed, first } = plan
  if (!(isCount(deals) && isCount(size) && isCount(seed) && isCount(first))) {
    throw new EmbeddedStoreError('the stored demo run plan is damaged')
  }
  return { deals, size, seed, first }
}

/** Stores `plan` before its first deal is proposed. */
export async function writeDemoRun(datastore: Datastore, plan: DemoRunPlan): Promise<void> {
  await datastore.put(PLAN_KEY, new TextEncoder().encode(JSON.stringify(plan)))
}

/** Removes the plan once every planned deal is proposed. */
export async function clearDemoRun(datastore: Datastore): Promise<void> {
  await datastore.delete(PLAN_KEY)
}
