/**
 * The site × fault cases of the walk that still break a property, with why. The walk fails when a
 * case breaks a property not listed here, and when a listed one no longer breaks (then remove it).
 * docs/reliability.md ("Faults") summarises them.
 */

/** A case's broken properties and the reason. */
export interface KnownGap {
  readonly broken: readonly string[]
  readonly why: string
}

const WAITING =
  "the client gave up before any data moved (no answer, a failed push, a failed close); the provider's deal waits in StorageDealWaitingForData for data that never comes: the reference sets no deadline there"
const SINK =
  'a staging write is given no AbortSignal, so a hung one cannot be aborted: the transfer never completes and both sides stay in Transferring, even after a restart'
const STUCK =
  'proposeStorageDeal gives the record store no AbortSignal: a datastore that never answers keeps the call pending after its signal fired'
const WEDGED =
  'a record read is given no AbortSignal: a datastore that never answers holds the deal, and stopping that side waits for it for ever'
const FUNDS_QUEUE =
  "the node's fund manager serialises reservations per address: a chain call hanging inside one holds every later reservation until the side restarts, by when the second deal's start epoch has passed"
const GARBAGE_TOP_UP =
  'the fund manager keeps the garbage add-funds CID as a top-up in flight, and every later reservation fails looking it up (until the side restarts)'
const PUBLISH_SEARCH =
  "PublishDeal's search for an earlier publish message (P18) hangs; the batch waits behind it, and after the restart the deals are published too late (exit code 16)"
const NOTIFY =
  "the node's one head subscription hangs, so every chain watch of that node stops: the other deal cannot be followed either"
const RELEASE =
  "the node refuses to release a reservation at publish; the deal goes on and the amount stays in the node's books (the reference only logs it too)"

/** By `site kind`. */
export const KNOWN_GAPS: Readonly<Record<string, KnownGap>> = {
  'client.datastore.has hang': { broken: ['call ignored its abort signal'], why: STUCK },
  'client.datastore.put hang': { broken: ['call ignored its abort signal'], why: STUCK },
  'client.chain.stateMarketBalance hang': { broken: ['second deal failed'], why: FUNDS_QUEUE },
  'client.chain.marketAddBalance garbage': { broken: ['second deal failed'], why: GARBAGE_TOP_UP },
  'client.chain.marketAddBalance hang': { broken: ['second deal failed'], why: FUNDS_QUEUE },
  'client.dealStream.readDealResponse garbage': { broken: ['deal not final'], why: WAITING },
  'client.dealStream.readDealResponse hang': { broken: ['deal not final'], why: WAITING },
  'provider.chain.stateMinerInfo hang': { broken: ['deal not final'], why: WAITING },
  'provider.node.getMinerWorkerAddress hang': { broken: ['deal not final'], why: WAITING },
  'provider.chain.stateAccountKey hang': { broken: ['deal not final'], why: WAITING },
  'provider.node.signBytes hang': { broken: ['deal not final'], why: WAITING },
  'provider.dealStream.writeDealResponse hang': { broken: ['deal not final'], why: WAITING },
  'client.dealStream.close reject': { broken: ['deal not final'], why: WAITING },
  'provider.dealStream.close hang': { broken: ['deal not final'], why: WAITING },
  'client.transfer.startPush reject': { broken: ['deal not final'], why: WAITING },
  'provider.staging.openWriter reject': { broken: ['deal not final'], why: WAITING },
  'provider.stagingSink.write hang': { broken: ['deal not final'], why: SINK },
  'provider.stagingSink.close hang': { broken: ['deal not final'], why: SINK },
  'provider.chain.marketAddBalance garbage': { broken: ['second deal failed'], why: GARBAGE_TOP_UP },
  'provider.chain.marketAddBalance hang': { broken: ['second deal failed'], why: FUNDS_QUEUE },
  'provider.chain.mpoolPending hang': { broken: ['second deal failed'], why: PUBLISH_SEARCH },
  'provider.chain.stateListMessages hang': { broken: ['second deal failed'], why: PUBLISH_SEARCH },
  'provider.chain.chainGetMessage hang': { broken: ['second deal failed'], why: PUBLISH_SEARCH },
  'provider.node.releaseFunds reject': { broken: ['funds left reserved'], why: RELEASE },
  'provider.chain.chainNotify hang': { broken: ['second deal failed'], why: NOTIFY },
  'client.node.releaseFunds reject': { broken: ['funds left reserved'], why: RELEASE },
  'client.chain.chainNotify hang': { broken: ['second deal failed'], why: NOTIFY },
  'client.datastore.get hang': { broken: ['wedged', 'deal not final'], why: WEDGED },
  'provider.datastore.get hang': { broken: ['wedged', 'deal not final'], why: WEDGED },
}
