/** One piece-CID variant in its own process, so its peak RSS is its own. Prints one JSON line. */
import { Piece } from '@web3-storage/data-segment'
import { create } from 'fr32-sha2-256-trunc254-padded-binary-tree-multihash'
import { pieceCommitmentOf } from '../src/adapters/piece/index.ts'
import { seededBytes } from '../src/embedded/demo.ts'

const [variant, sizeArg] = process.argv.slice(2)
const size = Number(sizeArg)
const input = seededBytes(7, size)
const rssBefore = process.memoryUsage().rss

async function once(): Promise<string> {
  switch (variant) {
    case 'ours':
      return (await pieceCommitmentOf(input)).pieceCid.toString()
    case 'wasm': {
      const hasher = create()
      hasher.write(input)
      const out = new Uint8Array(hasher.multihashByteLength())
      hasher.digestInto(out, 0, true)
      hasher.free()
      return Buffer.from(out).toString('hex')
    }
    case 'data-segment':
      return Piece.toLink(Piece.fromPayload(input)).toString()
    default:
      throw new Error(`unknown variant ${variant}`)
  }
}

const t = performance.now()
const out = await once()
const seconds = (performance.now() - t) / 1000
console.log(
  JSON.stringify({
    variant,
    size,
    seconds,
    out,
    rssBefore,
    maxRss: process.resourceUsage().maxRSS * 1024,
  }),
)
