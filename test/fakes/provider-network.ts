import type { MarketReceiver, ProviderDealStream, ProviderNetwork } from '../../src/adapters/network.ts'
import type { AbortOptions } from '../../src/adapters/node.ts'
import type { Proposal, SignedResponse } from '../../src/market/index.ts'
import { Faults } from './provider-faults.ts'

/** The provider's network: records the receiver it serves and the peer tags. */
export class FakeProviderNetwork implements ProviderNetwork {
  readonly faults = new Faults<'tagPeer' | 'untagPeer'>()
  receiver: MarketReceiver | undefined
  stopped = false
  readonly tags: { peer: string; tag: string }[] = []
  readonly untags: { peer: string; tag: string }[] = []

  constructor(readonly peerId: string) {}

  setReceiver(receiver: MarketReceiver): void {
    this.receiver = receiver
    this.stopped = false
  }

  stopHandling(): void {
    this.stopped = true
  }

  tagPeer(peer: string, tag: string): void {
    this.faults.enterSync('tagPeer', [peer, tag])
    this.tags.push({ peer, tag })
  }

  untagPeer(peer: string, tag: string): void {
    this.faults.enterSync('untagPeer', [peer, tag])
    this.untags.push({ peer, tag })
  }
}

/** The provider's end of one deal stream: a proposal to read, and the responses written. */
export class FakeDealStream implements ProviderDealStream {
  readonly faults = new Faults<'readDealProposal' | 'writeDealResponse' | 'close'>()
  readonly responses: SignedResponse[] = []
  closed = 0

  constructor(
    readonly remotePeer: string,
    readonly proposal: Proposal,
  ) {}

  async readDealProposal(options?: AbortOptions): Promise<Proposal> {
    await this.faults.enter('readDealProposal', [], options?.signal)
    return this.proposal
  }

  async writeDealResponse(response: SignedResponse, options?: AbortOptions): Promise<void> {
    await this.faults.enter('writeDealResponse', [response], options?.signal)
    this.responses.push(response)
  }

  async close(): Promise<void> {
    this.closed++
    await this.faults.enter('close', [])
  }
}
