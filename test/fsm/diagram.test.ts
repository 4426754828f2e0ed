import { describe, expect, it } from 'vitest'
import { toDot, toMermaid, toSvg } from '../../src/fsm/index.ts'
import { exampleMachine } from './example-machine.ts'

const expected = `stateDiagram-v2
\tstate "Zero" as Zero
\tstate "One" as One
\tstate "Two" as Two
\tstate "Three" as Three
\tstate "Parked" as Parked
\tOne : On entry runs EnterOne
\tTwo : On entry runs EnterTwo
\tParked : On entry runs WatchParked
\t[*] --> Zero
\tnote right of Zero
\t\tThese events are not drawn because they can fire from any state.
\t\t
\t\trestart - does not transition state
\t\tresume - does not transition state
\t\tjustrecord - just records
\t\tany - transitions state to One
\t\tfail - transitions state to Three
\tend note
\tZero --> One : start
\tOne --> Two : b
\tTwo --> Two : b
\tParked --> Two : resume
\tOne --> Three : finish
\tTwo --> Three : finish
\tTwo --> Parked : park
\tParked --> Two : wake
\tTwo --> Three : boom
\tThree --> [*]
`

describe('diagrams', () => {
  it('renders the Mermaid diagram in the shape of go-fil-markets docsgen output', () => {
    expect(toMermaid(exampleMachine)).toBe(expected)
  })

  it('is deterministic', () => {
    expect(toMermaid(exampleMachine)).toBe(toMermaid(exampleMachine))
    expect(toDot(exampleMachine)).toBe(toDot(exampleMachine))
  })

  it('renders an SVG through Graphviz, with every state, entry function and edge label', async () => {
    const svg = await toSvg(exampleMachine)
    expect(svg).toMatch(/^<\?xml|^<svg/)
    expect(svg).toContain('</svg>')
    for (const text of ['Zero', 'Parked', 'On entry runs EnterOne', 'finish', 'wake', 'From any state:']) {
      expect(svg).toContain(text)
    }
  })
})
