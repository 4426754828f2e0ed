import { describe, expect, it } from 'vitest'
import { createClientMachine } from '../../src/client/index.ts'
import { VirtualClock } from '../../src/fsm/index.ts'
import { makeDeal } from './fixtures.ts'
import { allTransitions, transitionKey, transitionPaths } from './model/paths.ts'
import { isSubsequence, pathName, runPath } from './model/runner.ts'

const machine = createClientMachine(new VirtualClock())
const paths = transitionPaths(machine, await makeDeal('StorageDealUnknown'))
const covered = new Set<string>()

describe('client machine, model-based', () => {
  it.each(paths.map((path) => [pathName(path), path] as const))('%s', async (_name, path) => {
    const run = await runPath(path)
    expect(isSubsequence(path, run.applied)).toBe(true)
    expect(run.errors).toEqual([])
    for (const transition of run.applied) covered.add(transitionKey(transition))
  })

  it('takes every transition of the table', () => {
    const all = allTransitions(machine).map(transitionKey)
    const missing = all.filter((key) => !covered.has(key))
    const unexpected = [...covered].filter((key) => !all.includes(key))
    const percent = ((100 * (all.length - missing.length)) / all.length).toFixed(1)
    console.log(`client transition coverage: ${all.length - missing.length}/${all.length} (${percent}%)`)
    expect(unexpected).toEqual([])
    expect(missing).toEqual([])
  })
})
