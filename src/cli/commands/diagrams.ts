/**
 * `fildeal diagrams [--out DIR]`: writes the state diagrams of the shipped machines.
 *
 * @module
 */

import { shippedMachines } from '../../machines.ts'
import { defineCommand } from '../command.ts'
import { renderDiagrams, writeDiagrams } from '../diagrams.ts'

/** Where diagrams go unless `--out` says otherwise: the folder the repository keeps them in. */
export const DEFAULT_DIAGRAMS_DIR = 'docs/state-diagrams'

/** Writes `<machine>.mmd` and `<machine>.svg` for the client and provider machines. */
export const diagramsCommand = defineCommand({
  name: 'diagrams',
  summary: 'write the state diagrams (.mmd and .svg) of the shipped machines',
  details: 'Only files whose content changed are written, so running it twice changes nothing.',
  flags: {
    out: {
      kind: 'value',
      placeholder: 'DIR',
      description: `directory to write to (default ${DEFAULT_DIAGRAMS_DIR})`,
    },
  },
  positionals: [],
  async run(args, io) {
    const dir = args.flags.out ?? DEFAULT_DIAGRAMS_DIR
    const written = await writeDiagrams(await renderDiagrams(dir, shippedMachines))
    io.out(written.length === 0 ? 'diagrams unchanged' : written.map((path) => `wrote ${path}`).join('\n'))
    return 0
  },
})
