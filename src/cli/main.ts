/**
 * The `fildeal` command line: finds the command named by the first words of the arguments, runs it,
 * and turns every failure into one line on standard error and an exit code.
 *
 * @module
 */

import type { CliCommand } from './command.ts'
import { COMMANDS } from './commands/index.ts'
import { UsageError } from './errors.ts'
import type { CliIo } from './io.ts'

export type { CliIo, CliTerminal } from './io.ts'

/** Exit code of a successful run. */
export const EXIT_OK = 0
/** Exit code of a command that failed (missing or corrupt store, unreadable file, ...). */
export const EXIT_FAILURE = 1
/** Exit code of a malformed command line. */
export const EXIT_USAGE = 2

const NAME_WIDTH = Math.max(...COMMANDS.map((command) => command.name.length))

/** The text `fildeal`, `fildeal help` and `fildeal --help` print. */
export const HELP = [
  'fildeal - Filecoin storage deals as state machines (go-fil-markets storagemarket, on xstate)',
  '',
  'Usage: fildeal <command> [flags] [arguments]',
  '',
  'Commands:',
  ...COMMANDS.map((command) => `  ${command.name.padEnd(NAME_WIDTH)}  ${command.summary}`),
  `  ${'help'.padEnd(NAME_WIDTH)}  show this help`,
  '',
  "The list, get and set-ask commands read a store written by 'fildeal demo --store DIR';",
  "'provider run' and 'client deal' keep their own --store and work on a Lotus node (or 'fildeal devnet').",
  "Run 'fildeal <command> --help' for the flags of a command.",
].join('\n')

const GROUPS = new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]))

/** The command named by the first one or two words of `argv`, and the arguments after its name. */
function resolve(argv: readonly string[]): { command: CliCommand; rest: readonly string[] } {
  const [first = '', second] = argv
  if (first.startsWith('-')) throw new UsageError('unknown-flag', `unknown flag ${first} (see fildeal help)`)
  const words = GROUPS.has(first) ? 2 : 1
  const name = argv.slice(0, words).join(' ')
  const command = COMMANDS.find((c) => c.name === name)
  if (command !== undefined) return { command, rest: argv.slice(words) }
  if (words === 2) {
    const subcommands = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) =>
      c.name.slice(first.length + 1),
    )
    const reason = second === undefined ? 'missing-argument' : 'unknown-command'
    const what = second === undefined ? 'needs a subcommand' : `has no subcommand '${second}'`
    throw new UsageError(reason, `${first} ${what} (one of: ${subcommands.join(', ')})`)
  }
  throw new UsageError('unknown-command', `unknown command '${first}' (see fildeal help)`)
}

/** One line, so a failure never spreads over several lines of a log. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

/**
 * Runs the CLI with the given arguments (without `node` and the script) and resolves to the exit
 * code: {@link EXIT_OK}, {@link EXIT_USAGE} for bad arguments, {@link EXIT_FAILURE} for anything
 * else that went wrong. Never rejects; failures are reported as `fildeal: <message>` on `io.err`.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first] = argv
  if (first === undefined || first === 'help' || first === '-h' || first === '--help') {
    const topic = argv.slice(1)
    if (topic.length === 0) {
      io.out(HELP)
      return EXIT_OK
    }
    return main([...topic, '--help'], io)
  }
  try {
    const { command, rest } = resolve(argv)
    return await command.execute(rest, io)
  } catch (error) {
    io.err(`fildeal: ${oneLine(error instanceof Error ? error.message : String(error))}`)
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE
  }
}
