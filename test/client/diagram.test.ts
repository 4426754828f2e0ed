import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { storageClientMachine } from '../../src/client/index.ts'
import { ANY, JUST_RECORD, NO_CHANGE, toMermaid } from '../../src/fsm/index.ts'
import { shippedMachines } from '../../src/machines.ts'
import { statusCode } from '../../src/market/index.ts'

const mermaid = toMermaid(storageClientMachine)

describe('client state diagram', () => {
  it('is shipped as storage-client and committed up to date', async () => {
    expect(shippedMachines['storage-client']).toBe(storageClientMachine)
    const committed = await readFile(
      new URL('../../docs/state-diagrams/storage-client.mmd', import.meta.url),
      'utf8',
    )
    expect(committed).toBe(mermaid)
  })

  it('uses the numeric status codes as state ids', () => {
    expect(mermaid).toContain('state "StorageDealUnknown" as 0')
    expect(mermaid).toContain('state "StorageDealTransferQueued" as 30')
    expect(mermaid).toContain('21 : On entry runs ReserveClientFunds')
  })

  it('lists every transition: an edge, a record-only note, or the any-state note', () => {
    const { table } = storageClientMachine
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
