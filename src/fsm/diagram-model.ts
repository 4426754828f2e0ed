import type { MachineDefinition } from './define.ts'
import { ANY, type EventObject, JUST_RECORD, NO_CHANGE } from './types.ts'

/** A drawable view of a machine, shared by the Mermaid and Graphviz renderers. */
export interface DiagramModel {
  /** Declared states in display order: their diagram key, display name and entry function. */
  readonly states: readonly { key: string; name: string; entry: string | undefined }[]
  readonly initial: string
  /** Edges in event declaration order, then state order. No-change clauses are self-loops. */
  readonly edges: readonly { from: string; to: string; event: string }[]
  /** Any-state clauses, drawn as a note: event and what it does. */
  readonly anyState: readonly { event: string; effect: string }[]
  /** Per state key, the events that only record data there. */
  readonly justRecord: ReadonlyMap<string, readonly string[]>
  readonly final: readonly string[]
}

/**
 * Build the diagram model of a machine following go-statemachine's generator: states are those
 * named as a source or a real destination; any-state clauses are not expanded.
 */
export function diagramModel<S extends string, E extends EventObject, R, Env>(
  definition: MachineDefinition<S, E, R, Env>,
): DiagramModel {
  const { spec, table } = definition
  const key = (state: string): string => String(spec.stateDescriptions?.[state as S]?.code ?? state)
  const display = (state: string): string => spec.stateDescriptions?.[state as S]?.name ?? state
  const order = new Map<string, number>(spec.states.map((s, i) => [s, i]))
  const byOrder = (a: string, b: string): number => (order.get(a) ?? 0) - (order.get(b) ?? 0)

  const declared = new Set<string>()
  for (const event of table.events()) {
    for (const [from, to] of table.clauses(event)) {
      if (from !== ANY) declared.add(from)
      if (to !== NO_CHANGE && to !== JUST_RECORD) declared.add(to)
    }
  }
  const states = [...declared]
    .sort(byOrder)
    .map((s) => ({ key: key(s), name: display(s), entry: spec.entry[s as S]?.name }))

  const edges: { from: string; to: string; event: string }[] = []
  const anyState: { event: string; effect: string }[] = []
  const justRecord = new Map<string, string[]>()
  for (const event of table.events()) {
    const clauses = [...table.clauses(event)]
    for (const [from, to] of clauses) {
      if (from !== ANY) continue
      const effect =
        to === NO_CHANGE
          ? 'does not transition state'
          : to === JUST_RECORD
            ? 'just records'
            : `transitions state to ${display(to)}`
      anyState.push({ event, effect })
    }
    for (const [from, to] of clauses.filter(([f]) => f !== ANY).sort(([a], [b]) => byOrder(a, b))) {
      if (to === JUST_RECORD) {
        const list = justRecord.get(key(from)) ?? []
        list.push(event)
        justRecord.set(key(from), list)
      } else {
        edges.push({ from: key(from), to: key(to === NO_CHANGE ? from : to), event })
      }
    }
  }
  return {
    states,
    initial: key(spec.initial),
    edges,
    anyState,
    justRecord,
    final: spec.final.map(key),
  }
}
