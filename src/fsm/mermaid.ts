import type { MachineDefinition } from './define.ts'
import { diagramModel } from './diagram-model.ts'
import type { EventObject } from './types.ts'

/**
 * Render a machine as a Mermaid `stateDiagram-v2`, in the shape of go-fil-markets' generated
 * diagrams: `state "Name" as key` declarations, "On entry runs X" lines, the initial arrow, one
 * note listing any-state events, `from --> to : Event` edges, notes of record-only events, and
 * arrows out of the final states. The output is deterministic.
 */
export function toMermaid<S extends string, E extends EventObject, R, Env>(
  definition: MachineDefinition<S, E, R, Env>,
): string {
  const model = diagramModel(definition)
  const lines = ['stateDiagram-v2']
  for (const s of model.states) lines.push(`\tstate "${s.name}" as ${s.key}`)
  for (const s of model.states) if (s.entry !== undefined) lines.push(`\t${s.key} : On entry runs ${s.entry}`)
  lines.push(`\t[*] --> ${model.initial}`)
  const first = model.states[0]
  if (model.anyState.length > 0 && first !== undefined) {
    lines.push(`\tnote right of ${first.key}`)
    lines.push('\t\tThese events are not drawn because they can fire from any state.')
    lines.push('\t\t')
    for (const a of model.anyState) lines.push(`\t\t${a.event} - ${a.effect}`)
    lines.push('\tend note')
  }
  for (const e of model.edges) lines.push(`\t${e.from} --> ${e.to} : ${e.event}`)
  for (const s of model.states) {
    const events = model.justRecord.get(s.key)
    if (events === undefined) continue
    lines.push('')
    lines.push(
      `\tnote left of ${s.key} : In this state these events only record data<br>${events.map((e) => `<br>${e}`).join('')}`,
    )
    lines.push('')
  }
  for (const f of model.final) lines.push(`\t${f} --> [*]`)
  return `${lines.join('\n')}\n`
}
