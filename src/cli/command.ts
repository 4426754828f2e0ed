/**
 * How a `fildeal` command is declared: its name, its arguments and its run function. Declaring the
 * arguments as data gives every command the same parsing, error messages and `--help` text.
 *
 * @module
 */

import { type ArgsSpec, type FlagSpecs, type ParsedArgs, parseArgs } from './args.ts'
import type { CliIo } from './io.ts'

/** The declaration of one command. */
export interface CommandDefinition<F extends FlagSpecs> extends ArgsSpec<F> {
  /** Words after `fildeal`, e.g. `client list-deals`. */
  readonly name: string
  /** One line for the command list. */
  readonly summary: string
  /** More lines for the command's `--help`, if one line is not enough. */
  readonly details?: string
  /** Does the work; resolves to the exit code. Throws UsageError for bad values (exit 2). */
  run(args: ParsedArgs<F>, io: CliIo): Promise<number>
}

/** A command ready to dispatch to, its flag types erased. */
export interface CliCommand {
  readonly name: string
  readonly summary: string
  /** The full `--help` text. */
  readonly help: string
  /** The usage line, e.g. `fildeal client get-deal [flags] <proposal-cid>`. */
  readonly usage: string
  /** Parses the arguments after the command name, then shows help or runs the command. */
  execute(argv: readonly string[], io: CliIo): Promise<number>
}

/** Turns a declaration into a dispatchable {@link CliCommand}. */
export function defineCommand<F extends FlagSpecs>(definition: CommandDefinition<F>): CliCommand {
  const usage = usageLine(definition)
  const help = helpText(definition, usage)
  return {
    name: definition.name,
    summary: definition.summary,
    help,
    usage,
    async execute(argv, io) {
      const args = parseArgs(argv, definition, definition.name)
      if (args.help) {
        io.out(help)
        return 0
      }
      return definition.run(args, io)
    },
  }
}

function usageLine(definition: CommandDefinition<FlagSpecs>): string {
  const flags = Object.entries(definition.flags).map(([name, flag]) => {
    const text = flag.kind === 'value' ? `--${name} ${flag.placeholder ?? 'VALUE'}` : `--${name}`
    return flag.required === true ? text : `[${text}]`
  })
  const positionals = definition.positionals.map((p) => `<${p.name}>`)
  return ['fildeal', definition.name, ...flags, ...positionals].join(' ')
}

function helpText(definition: CommandDefinition<FlagSpecs>, usage: string): string {
  const rows: [string, string][] = [
    ...definition.positionals.map((p): [string, string] => [`<${p.name}>`, p.description]),
    ...Object.entries(definition.flags).map(([name, flag]): [string, string] => {
      const short = flag.short === undefined ? '    ' : `-${flag.short}, `
      const value = flag.kind === 'value' ? ` ${flag.placeholder ?? 'VALUE'}` : ''
      return [`${short}--${name}${value}`, flag.description]
    }),
    ['-h, --help', 'show this help'],
  ]
  const width = Math.max(...rows.map(([left]) => left.length))
  const lines = [`fildeal ${definition.name} - ${definition.summary}`, '', `Usage: ${usage}`]
  if (definition.details !== undefined) lines.push('', definition.details)
  lines.push('', 'Options:', ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`))
  return lines.join('\n')
}
