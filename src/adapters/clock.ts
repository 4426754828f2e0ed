/**
 * The clock contract and its implementations live with the engine (src/fsm); adapters and
 * lifecycles take them from here.
 *
 * @module
 */
export { type Clock, realClock, type TimerId } from '../fsm/clock.ts'
export { VirtualClock } from '../fsm/virtual-clock.ts'
