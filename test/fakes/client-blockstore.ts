import type { CID } from 'multiformats/cid'
import type { AbortOptions } from '../../src/adapters/node.ts'
import type { CleanBlockstore } from '../../src/client/index.ts'
import { Program } from './client-program.ts'

/** The client's `cleanBlockstore` hook, recording the payload roots it releases. */
export class FakeBlockstoreHook {
  readonly program = new Program<{ clean: undefined }>()
  readonly cleaned: CID[] = []

  readonly clean: CleanBlockstore = async (root: CID, options?: AbortOptions) => {
    this.cleaned.push(root)
    await this.program.gate('clean', options?.signal)
  }
}
