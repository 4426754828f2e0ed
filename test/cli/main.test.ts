import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../src/cli/commands/index.ts'
import { HELP, main } from '../../src/cli/main.ts'
import { captureIo } from './capture.ts'

describe('fildeal help', () => {
  it.each([[[]], [['help']], [['--help']], [['-h']]])(
    '%j prints the command list and exits 0',
    async (argv) => {
      const { io, out, err } = captureIo()
      expect(await main(argv, io)).toBe(0)
      expect(out.join('\n')).toBe(HELP)
      expect(err).toEqual([])
    },
  )

  it('lists every command', () => {
    for (const command of COMMANDS) expect(HELP).toContain(`  ${command.name} `)
  })

  it.each(COMMANDS.map((command) => [command.name]))(
    '%s --help prints its usage and exits 0',
    async (name) => {
      const { io, out, err } = captureIo()
      expect(await main([...name.split(' '), '--help'], io)).toBe(0)
      expect(out[0]).toMatch(new RegExp(`^fildeal ${name} - `))
      expect(out).toContain('Options:')
      expect(out.some((line) => line.startsWith(`Usage: fildeal ${name}`))).toBe(true)
      expect(err).toEqual([])
    },
  )

  it('help <command> is the same as <command> --help', async () => {
    const viaHelp = captureIo()
    const viaFlag = captureIo()
    expect(await main(['help', 'provider', 'set-ask'], viaHelp.io)).toBe(0)
    expect(await main(['provider', 'set-ask', '--help'], viaFlag.io)).toBe(0)
    expect(viaHelp.out).toEqual(viaFlag.out)
  })
})

describe('bad arguments exit 2 with one line on stderr and nothing done', () => {
  const cid = 'bafyreigyf4frat7jmqcer746yimmxljuqrmf2yinrl74fuhgbu2vgdvqza'
  const ask = ['provider', 'set-ask', '--store', '/nonexistent/fildeal-store']
  it.each([
    ['unknown command', ['deploy'], /unknown command 'deploy'/],
    ['unknown flag before a command', ['--verbose'], /unknown flag --verbose/],
    ['unknown subcommand', ['client', 'retrieve'], /client has no subcommand 'retrieve'/],
    ['missing subcommand', ['provider'], /provider needs a subcommand/],
    ['unknown flag', ['demo', '--dealz', '3'], /unknown flag --dealz for demo/],
    ['unknown short flag', ['client', 'list-deals', '-x', '--store', 'd'], /unknown flag -x/],
    ['missing value', ['demo', '--deals'], /--deals needs a value/],
    ['missing value before another flag', ['demo', '--store', '--deals', '2'], /--store needs a value/],
    ['repeated flag', ['demo', '--deals', '1', '--deals', '2'], /--deals given twice/],
    ['bad number', ['demo', '--deals', 'three'], /--deals must be a whole number/],
    ['zero deals', ['demo', '--deals', '0'], /--deals must be a whole number/],
    ['bad speed', ['demo', '--speed', '-2'], /--speed must be a positive number/],
    ['bad seed', ['demo', '--seed', '1.5'], /--seed must be a whole number/],
    ['bad size', ['demo', '--size', '4 apples'], /--size must be a size/],
    ['zero size', ['demo', '--size', '0'], /--size must be from 1 byte/],
    ['unexpected argument', ['demo', 'now'], /unexpected argument 'now' for demo/],
    ['missing required --store', ['client', 'list-deals'], /client list-deals needs --store/],
    ['missing positional', ['client', 'get-deal', '--store', 'd'], /client get-deal needs <proposal-cid>/],
    ['bad CID', ['client', 'get-deal', '--store', 'd', 'not-a-cid'], /<proposal-cid> is not a CID/],
    ['missing file', ['client', 'import'], /client import needs <file>/],
    ['missing price', ['provider', 'set-ask', '--store', 'd', '--verified-price', '0'], /needs --price/],
    [
      'bad FIL amount',
      [...ask, '--price', '1.2.3', '--verified-price', '0'],
      /^fildeal: --price: malformed amount/,
    ],
    [
      'bad FIL unit',
      [...ask, '--price', '1', '--verified-price', '2 XFIL'],
      /--verified-price: unknown unit/,
    ],
    ['negative FIL', [...ask, '--price', '-1', '--verified-price', '0'], /--price must not be negative/],
    [
      'bad piece size',
      [...ask, '--price', '1', '--verified-price', '0', '--min-piece-size', '3KiB'],
      /power of two/,
    ],
    [
      'bad size unit',
      [...ask, '--price', '1', '--verified-price', '0', '--max-piece-size', '2XB'],
      /must be a size/,
    ],
    [
      'empty size range',
      [
        ...ask,
        '--price',
        '1',
        '--verified-price',
        '0',
        '--min-piece-size',
        '2KiB',
        '--max-piece-size',
        '1KiB',
      ],
      /--min-piece-size must not exceed --max-piece-size/,
    ],
    ['boolean flag with a value', ['client', 'list-deals', '--store', 'd', '--verbose=1'], /takes no value/],
    ['extra get-deal argument', ['client', 'get-deal', '--store', 'd', cid, cid], /unexpected argument/],
  ])('%s', async (_name, argv, message) => {
    const { io, out, err } = captureIo()
    expect(await main(argv, io)).toBe(2)
    expect(out).toEqual([])
    expect(err).toHaveLength(1)
    expect(err[0]).toMatch(/^fildeal: /)
    expect(err[0]).toMatch(message)
  })
})
