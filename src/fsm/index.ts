export { type Clock, realClock, sleepOn, type TimerId } from './clock.ts'
export { type AnyMachineDefinition, defineMachine, MachineDefinition, type Step } from './define.ts'
export { type DiagramModel, diagramModel } from './diagram-model.ts'
export { type Destination, TransitionTable } from './event-table.ts'
export { toDot, toSvg } from './graphviz.ts'
export { type GroupCallOptions, type StartSummary, StateGroup, type StateGroupOptions } from './group.ts'
export { toMermaid } from './mermaid.ts'
export type { ErrorListener, Listener } from './notifications.ts'
export { cborRecordCodec, type RecordCodec } from './record-codec.ts'
export {
  ANY,
  type EntryContext,
  type EntryFunction,
  type EventDefinition,
  type EventObject,
  type EventTable,
  JUST_RECORD,
  type MachineSpec,
  type NamedEntryFunction,
  NO_CHANGE,
  type StateDescription,
  type TransitionClause,
} from './types.ts'
export { VirtualClock } from './virtual-clock.ts'
