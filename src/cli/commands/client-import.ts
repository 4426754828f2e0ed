/**
 * `fildeal client import <file>`: the analogue of `lotus client import` followed by
 * `lotus client commP`, without a store.
 *
 * @module
 */

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importFile } from '../../adapters/piece/import-file.ts'
import { defineCommand } from '../command.ts'
import { fields, formatSize } from '../format.ts'

/** Prints the payload root CID, the piece CID and the padded piece size of a file. */
export const clientImportCommand = defineCommand({
  name: 'client import',
  summary: 'compute the root CID, piece CID and padded piece size of a file',
  details:
    'The file is cut into 1 MiB raw blocks under a dag-cbor root and packed into a CAR, whose\n' +
    'piece commitment a deal proposes. The CAR is deleted afterwards unless --car names a path.',
  flags: {
    car: { kind: 'value', placeholder: 'FILE', description: 'keep the CAR file at this path' },
  },
  positionals: [{ name: 'file', description: 'the file to import' }],
  async run(args, io) {
    const file = args.positionals[0] as string
    const keep = args.flags.car
    // Without --car the CAR is only a means to the piece CID, so it goes to a private temp dir.
    const scratch = keep === undefined ? await mkdtemp(join(tmpdir(), 'fildeal-import-')) : undefined
    try {
      const carPath = keep ?? join(scratch as string, 'payload.car')
      const imported = await importFile(file, { carPath, ...(io.signal ? { signal: io.signal } : {}) })
      const rows: [string, string][] = [
        ['Root CID', imported.root.toString()],
        ['Piece CID', imported.pieceCid.toString()],
        ['Piece size', `${formatSize(imported.pieceSize)} (${imported.pieceSize} bytes, padded)`],
        ['Data size', `${formatSize(imported.dataSize)} (${imported.dataSize} bytes)`],
      ]
      if (keep !== undefined) rows.push(['CAR', `${keep} (${imported.carSize} bytes)`])
      io.out(fields(rows).join('\n'))
      return 0
    } finally {
      if (scratch !== undefined) await rm(scratch, { recursive: true, force: true })
    }
  },
})
