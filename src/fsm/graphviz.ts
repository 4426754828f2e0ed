import type { MachineDefinition } from './define.ts'
import { diagramModel } from './diagram-model.ts'
import type { EventObject } from './types.ts'

/** Render a machine as a Graphviz `dot` graph equivalent to its Mermaid diagram. */
export function toDot<S extends string, E extends EventObject, R, Env>(
  definition: MachineDefinition<S, E, R, Env>,
): string {
  const model = diagramModel(definition)
  const q = (text: string): string => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
  const node = (key: string): string => q(`s:${key}`)
  const lines = [
    `digraph ${q(definition.id)} {`,
    '  rankdir=TB; fontname="Helvetica"; node [shape=box, style="rounded", fontname="Helvetica", fontsize=11]; edge [fontname="Helvetica", fontsize=9];',
    '  "start" [shape=circle, style=filled, fillcolor=black, label="", width=0.2];',
  ]
  for (const s of model.states) {
    const recordOnly = model.justRecord.get(s.key)
    const parts = [s.name]
    if (s.entry !== undefined) parts.push(`On entry runs ${s.entry}`)
    if (recordOnly !== undefined) parts.push(`records: ${recordOnly.join(', ')}`)
    const finalStyle = model.final.includes(s.key) ? ', peripheries=2' : ''
    lines.push(`  ${node(s.key)} [label=${q(parts.join('\n'))}${finalStyle}];`)
  }
  lines.push(`  "start" -> ${node(model.initial)};`)
  for (const e of model.edges) lines.push(`  ${node(e.from)} -> ${node(e.to)} [label=${q(e.event)}];`)
  if (model.anyState.length > 0) {
    const text = ['From any state:', ...model.anyState.map((a) => `${a.event} - ${a.effect}`)].join('\n')
    lines.push(`  "any" [shape=note, label=${q(text)}];`)
  }
  lines.push('}')
  return `${lines.join('\n')}\n`
}

/** Render a machine to SVG with Graphviz compiled to WebAssembly (no browser needed). */
export async function toSvg<S extends string, E extends EventObject, R, Env>(
  definition: MachineDefinition<S, E, R, Env>,
): Promise<string> {
  const { instance } = await import('@viz-js/viz')
  const viz = await instance()
  return viz.renderString(toDot(definition), { format: 'svg', engine: 'dot' })
}
