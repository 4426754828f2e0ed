import { storageClientMachine } from './client/machine.ts'
import type { AnyMachineDefinition } from './fsm/index.ts'
import { providerMachine } from './provider/machine.ts'

/**
 * The machines the library ships, by diagram file name. `fildeal diagrams` and the diagram check
 * render exactly these.
 */
export const shippedMachines: Readonly<Record<string, AnyMachineDefinition>> = {
  'storage-client': storageClientMachine,
  'storage-provider': providerMachine,
}
