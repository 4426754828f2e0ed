import { shippedMachines } from '../machines.ts'
import { renderDiagrams, writeDiagrams } from './diagrams.ts'

/** Where the CLI writes: injectable so tests can capture output. */
export interface CliIo {
  out(line: string): void
  err(line: string): void
}

export const HELP = `fildeal - Filecoin storage deals as state machines

Usage:
  fildeal demo                     run the embedded demo (simulated chain, provider and client)
  fildeal diagrams [--out DIR]     write the state diagrams (.mmd and .svg) of the shipped machines
  fildeal help                     show this help

Options:
  -h, --help                       show this help`

/** Run the CLI with the given arguments (without `node` and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case undefined:
    case 'help':
    case '-h':
    case '--help':
      io.out(HELP)
      return 0
    case 'demo':
      // The embedded demo arrives with the simulated chain; until then show what is available.
      io.out(HELP)
      return 0
    case 'diagrams': {
      const outIndex = rest.indexOf('--out')
      const dir = outIndex >= 0 ? rest[outIndex + 1] : 'docs/state-diagrams'
      if (dir === undefined || dir.startsWith('-')) {
        io.err('fildeal diagrams: --out needs a directory')
        return 2
      }
      const written = await writeDiagrams(await renderDiagrams(dir, shippedMachines))
      io.out(written.length === 0 ? 'diagrams unchanged' : written.map((p) => `wrote ${p}`).join('\n'))
      return 0
    }
    default:
      io.err(`fildeal: unknown command '${command}' (see fildeal help)`)
      return 2
  }
}
