import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { ANY, JUST_RECORD, NO_CHANGE, toMermaid } from '../../src/fsm/index.ts'
import { shippedMachines } from '../../src/machines.ts'
import { statusCode } from '../../src/market/index.ts'
import { providerMachine } from '../../src/provider/index.ts'

const mermaid = toMermaid(providerMachine)

describe('provider state diagram', () => {
  it('is shipped as storage-provider and committed up to date', async () => {
    expect(shippedMachines['storage-provider']).toBe(providerMachine)
    const committed = await readFile(
      new URL('../../docs/state-diagrams/storage-provider.mmd', import.meta.url),
      'utf8',
    )
    expect(committed).toBe(mermaid)
  })

  it('uses the Go status codes as state ids and names the entry functions', () => {
    expect(mermaid).toContain('state "StorageDealProviderTransferAwaitRestart" as 27')
    expect(mermaid).toContain('20 : On entry runs ReserveProviderFunds')
    expect(mermaid).toContain('7 : On entry runs WaitForDealCompletion')
  })

  it('draws every transition: an edge, a record-only note, or the any-state note', () => {
    const { table } = providerMachine
    for (const event of table.events()) {
      for (const [from, to] of table.clauses(event)) {
        if (from === ANY) {
          expect(mermaid).toContain(`${event} - ${to === NO_CHANGE ? 'does not transition state' : to}`)
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
