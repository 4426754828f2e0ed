// Regenerates docs/state-diagrams from the shipped machines; with --check, fails on any difference.
import { renderDiagrams, staleDiagrams, writeDiagrams } from '../src/cli/diagrams.ts'
import { shippedMachines } from '../src/machines.ts'

const dir = new URL('../docs/state-diagrams/', import.meta.url).pathname
const files = await renderDiagrams(dir, shippedMachines)
if (process.argv.includes('--check')) {
  const stale = await staleDiagrams(files)
  if (stale.length > 0) {
    console.error(`stale diagrams (run npm run diagrams): ${stale.join(', ')}`)
    process.exit(1)
  }
  console.log(`diagrams up to date (${files.length} files)`)
} else {
  const written = await writeDiagrams(files)
  console.log(written.length === 0 ? 'diagrams unchanged' : `wrote ${written.join(', ')}`)
}
