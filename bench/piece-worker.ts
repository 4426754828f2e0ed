/**
 * One piece-CID variant over one file, in its own process so that its peak RSS is its own.
 * `node --import tsx bench/piece-worker.ts <variant> <file>`; prints one JSON line.
 *
 * Variants: `ours` (pieceCommitmentOfFile: worker threads above 8 MiB), `ours-dist` (the same from
 * the built package: `$PIECE_DIST`, default dist/), `ours-1-thread` (singleThreadPieceCommitmentOf), `wasm` (the fr32 WASM hasher alone, fed the file's 1 MiB reads),
 * `data-segment` (@web3-storage/data-segment's streaming hasher, same reads). All stream the file.
 */
import { createReadStream, readFileSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { create as createSegmentHasher } from '@web3-storage/data-segment/multihash'
import { create } from 'fr32-sha2-256-trunc254-padded-binary-tree-multihash'
import { commitmentOfPieceCid, singleThreadPieceCommitmentOf } from '../src/adapters/piece/index.ts'
import { pieceCommitmentOfFile, readFileChunks } from '../src/adapters/piece/node-files.ts'

const [variant, path] = process.argv.slice(2) as [string, string]
const size = (await stat(path)).size
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const reads = (): AsyncIterable<Uint8Array> => createReadStream(path, { highWaterMark: 1 << 20 })
const rssBefore = process.memoryUsage().rss

/** The 32-byte piece root, hex. */
async function once(): Promise<string> {
  switch (variant) {
    case 'ours':
      return hex(commitmentOfPieceCid((await pieceCommitmentOfFile(path)).pieceCid))
    case 'ours-dist': {
      const dist = process.env.PIECE_DIST ?? fileURLToPath(new URL('../dist', import.meta.url))
      const built = (await import(pathToFileURL(join(dist, 'adapters/piece/node-files.js')).href)) as {
        pieceCommitmentOfFile: typeof pieceCommitmentOfFile
      }
      return hex(commitmentOfPieceCid((await built.pieceCommitmentOfFile(path)).pieceCid))
    }
    case 'ours-1-thread':
      return hex(commitmentOfPieceCid((await singleThreadPieceCommitmentOf(readFileChunks(path))).pieceCid))
    case 'wasm': {
      const hasher = create()
      for await (const chunk of reads()) hasher.write(chunk)
      const out = new Uint8Array(hasher.multihashByteLength())
      hasher.digestInto(out, 0, true)
      hasher.free()
      return hex(out.subarray(out.length - 32))
    }
    case 'data-segment': {
      const hasher = createSegmentHasher()
      for await (const chunk of reads()) hasher.write(chunk)
      const multihash = hasher.digest().bytes
      return hex(multihash.subarray(multihash.length - 32))
    }
    default:
      throw new Error(`unknown variant ${variant}`)
  }
}

const t = performance.now()
const cpuBefore = process.cpuUsage()
const root = await once()
const seconds = (performance.now() - t) / 1000
const cpu = process.cpuUsage(cpuBefore)
// CPU seconds of every thread of the process (workers included) while hashing.
const cpuSeconds = (cpu.user + cpu.system) / 1e6
console.log(
  JSON.stringify({
    variant,
    size,
    seconds,
    cpuSeconds,
    root,
    rssBefore,
    maxRss: peakRss(),
  }),
)

/**
 * This process's peak RSS (worker threads included). On Linux, VmHWM of /proc/self/status: the
 * high-water mark of this program's own memory, whereas getrusage's maxRSS also keeps the RSS the
 * parent had when it forked us (a parent that had run the end-to-end bench made every variant
 * report the parent's 298 MiB).
 */
function peakRss(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm?.[1] !== undefined) return Number(hwm[1]) * 1024
  } catch {
    // Not Linux: getrusage's figure below.
  }
  return process.resourceUsage().maxRSS * 1024
}
