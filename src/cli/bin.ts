#!/usr/bin/env node
import { main } from './main.ts'

main(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`fildeal: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  },
)
