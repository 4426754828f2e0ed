#!/usr/bin/env node
import { main } from './main.ts'

// Ctrl-C (or SIGTERM) stops a long command between steps, so whatever it stored can be resumed; a second one kills.
const controller = new AbortController()
process.once('SIGINT', () => controller.abort())
process.once('SIGTERM', () => controller.abort())

// A reader that goes away (`fildeal demo | head`) is no failure of ours: stop writing, keep the exit code.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
})

const terminal = process.stdout.isTTY ? { write: (text: string) => process.stdout.write(text) } : undefined

main(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  signal: controller.signal,
  ...(terminal === undefined ? {} : { terminal }),
}).then((code) => {
  process.exitCode = code
})
