import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { storageClientMachine } from '../src/client/index.ts'
import { ANY, type AnyMachineDefinition, JUST_RECORD, NO_CHANGE, toMermaid } from '../src/fsm/index.ts'
import { shippedMachines } from '../src/machines.ts'
import { statusCode } from '../src/market/index.ts'
import { providerMachine } from '../src/provider/index.ts'

const cases: readonly { name: string; machine: AnyMachineDefinition; samples: readonly string[] }[] = [
  {
    name: 'storage-client',
    machine: storageClientMachine,
    samples: [
      'state "StorageDealUnknown" as 0',
      'state "StorageDealTransferQueued" as 30',
      '21 : On entry runs ReserveClientFunds',
    ],
  },
  {
    name: 'storage-provider',
    machine: providerMachine,
    samples: [
      'state "StorageDealProviderTransferAwaitRestart" as 27',
      '20 : On entry runs ReserveProviderFunds',
      '7 : On entry runs WaitForDealCompletion',
    ],
  },
]

describe.each(cases)('the $name state diagram', ({ name, machine, samples }) => {
  const mermaid = toMermaid(machine)

  it('is shipped under its name and committed up to date', async () => {
    expect(shippedMachines[name]).toBe(machine)
    const committed = await readFile(new URL(`../docs/state-diagrams/${name}.mmd`, import.meta.url), 'utf8')
    expect(committed).toBe(mermaid)
  })

  it('uses the Go status codes as state ids and names the entry functions', () => {
    for (const sample of samples) expect(mermaid).toContain(sample)
  })

  it('lists every transition: an edge, a record-only note, or the any-state note', () => {
    const { table } = machine
    for (const event of table.events()) {
      for (const [from, to] of table.clauses(event)) {
        if (from === ANY) {
          const effect =
            to === NO_CHANGE
              ? 'does not transition state'
              : to === JUST_RECORD
                ? 'just records'
                : `transitions state to ${to}`
          expect(mermaid).toContain(`${event} - ${effect}`)
          continue
        }
        const code = statusCode(from)
        if (to === JUST_RECORD) {
          expect(mermaid).toMatch(new RegExp(`note left of ${code} : .*<br>${event}`))
        } else {
          const target = to === NO_CHANGE ? code : statusCode(to)
          expect(mermaid).toContain(`\t${code} --> ${target} : ${event}\n`)
        }
      }
    }
  })
})
